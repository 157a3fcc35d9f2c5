package importer

import (
	"fmt"
	"io/fs"
	"path"
	"regexp"
	"strings"
	"time"

	"github.com/pelletier/go-toml/v2"
	"go.yaml.in/yaml/v3"
)

// readFolder reads a Hugo or Jekyll content folder: every Markdown (and,
// for Jekyll, HTML) file with front matter. Hugo page bundles
// (post/index.md with its images) keep their images.
func (r *reader) readFolder(kind string, in Input) {
	exts := []string{".md", ".markdown"}
	if kind == "jekyll" {
		exts = append(exts, ".html")
	}
	if kind == "hugo" && isHugoSite(in.FS, in.Path) {
		// The site's root: its articles are under content/.
		in.Path, in.Display = path.Join(in.Path, "content"), path.Join(in.Display, "content")
	}
	for _, name := range walkFiles(in.FS, in.Path, exts, r.warn, in.Display) {
		rel := strings.TrimPrefix(strings.TrimPrefix(name, strings.TrimSuffix(in.Path, "/")), "/")
		switch {
		case in.Path == ".":
			rel = name
		case rel == "":
			rel = path.Base(name) // a single file given
			in.Display = path.Dir(in.Display)
		}
		base := path.Base(rel)
		if base == "_index.md" {
			continue // a Hugo section's list page
		}
		if kind == "jekyll" && jekyllSkip(rel) {
			continue
		}
		r.readFolderFile(kind, in, name, rel)
	}
}

// folderFile is one file of a Hugo or Jekyll folder.
type folderFile struct {
	rel     string // relative to the input folder
	meta    map[string]any
	body    string
	bodyOff int // line of the body's first line
	hasMeta bool
}

// jekyllSkip reports whether a file of a Jekyll site is not content: in a
// folder starting with _ other than _posts and _drafts (layouts,
// includes, the built _site), or the home page.
func jekyllSkip(rel string) bool {
	if rel == "index.html" || rel == "index.md" || rel == "404.html" || rel == "404.md" {
		return true
	}
	for _, dir := range strings.Split(path.Dir(rel), "/") {
		if strings.HasPrefix(dir, "_") && dir != "_posts" && dir != "_drafts" {
			return true
		}
	}
	return false
}

func (r *reader) readFolderFile(kind string, in Input, name, rel string) {
	display := path.Join(in.Display, rel)
	text, ok := r.readDecoded(in.FS, name, display)
	if !ok {
		return
	}
	ff, err := splitForeignFrontMatter(text)
	if err != nil {
		r.warn.AddT("front-matter", display, 1, "import.w.skipped", err)
		return
	}
	ff.rel = rel
	if kind == "jekyll" && !ff.hasMeta {
		return // Jekyll copies files without front matter as they are
	}
	p := &Post{Source: display, Line: 1, Kind: kind, Ref: display, RelPath: rel}
	if kind == "hugo" {
		r.hugoMeta(p, ff)
	} else {
		r.jekyllMeta(p, ff)
		p.Page = !strings.HasPrefix(rel, "_posts/") && !strings.Contains(rel, "/_posts/") && !strings.Contains("/"+rel, "/_drafts/")
	}
	if p.Title == "" {
		p.Title = strings.TrimSuffix(path.Base(rel), path.Ext(rel))
		r.warn.AddT("title", display, 1, "import.w.noTitleFileName")
	}
	if p.Date.IsZero() {
		if st, err := fs.Stat(in.FS, name); err == nil {
			p.Date = st.ModTime().In(r.opts.location()).Truncate(time.Second)
		}
		r.warn.AddT("date", display, 1, "import.w.noDateModTime", p.Date.Format("2006-01-02"))
	}
	body := ff.body
	if strings.HasSuffix(rel, ".html") {
		conv := newHTMLConverter(nil, nil)
		conv.marked = true
		body, p.Nav = conv.convert(body, p, r.cleaner, r.warn)
	} else {
		body = stripHeadingAttributes(body)
		if kind == "hugo" {
			body = r.hugoShortcodes(body, p)
			r.bundleImages(in, name, p)
			body = rewriteBundleImages(body, p)
		} else {
			body = r.liquidTags(body, p)
		}
		body = rubyInMarkdown(newHTMLConverter(nil, nil).htmlBlocks(body, p, r.warn))
		cleaned := r.cleaner.CleanMarkup(p.Title, body)
		body, p.Nav = cleaned.Markdown, cleaned.Nav
	}
	r.warnTemplateLeftovers(body, p)
	for _, m := range siteImageRE.FindAllStringSubmatch(body, -1) {
		if !strings.HasPrefix(m[1], "/"+assetDir+"/") {
			r.warn.AddT("static-image", display, 0, "import.w.staticImage", m[1])
		}
	}
	p.Body = body
	r.add(p)
}

// siteImageRE is a Markdown image with a root-relative address.
var siteImageRE = regexp.MustCompile(`!\[[^\]]*\]\((/[^)\s]+)`)

// splitForeignFrontMatter reads YAML (---) or TOML (+++) front matter of
// another generator into a plain map, without rensai's rules.
func splitForeignFrontMatter(text string) (*folderFile, error) {
	text = strings.ReplaceAll(text, "\r\n", "\n")
	ff := &folderFile{meta: map[string]any{}}
	var delim string
	switch {
	case strings.HasPrefix(text, "---\n"):
		delim = "---"
	case strings.HasPrefix(text, "+++\n"):
		delim = "+++"
	default:
		ff.body = text
		return ff, nil
	}
	ff.hasMeta = true
	rest := text[4:]
	fm := ""
	switch {
	case strings.HasPrefix(rest, delim+"\n"):
		ff.body = rest[len(delim)+1:]
	case rest == delim:
	default:
		if i := strings.Index(rest, "\n"+delim+"\n"); i >= 0 {
			fm, ff.body = rest[:i], rest[i+len(delim)+2:]
		} else if strings.HasSuffix(rest, "\n"+delim) {
			fm = rest[:len(rest)-len(delim)-1]
		} else {
			return nil, fmt.Errorf("the front matter opened with %s is never closed", delim)
		}
	}
	ff.bodyOff = strings.Count(text[:len(text)-len(ff.body)], "\n") + 1
	var err error
	if delim == "---" {
		err = yaml.Unmarshal([]byte(fm), &ff.meta)
	} else {
		err = toml.Unmarshal([]byte(fm), &ff.meta)
	}
	if err != nil {
		return nil, fmt.Errorf("front matter: %v", err)
	}
	if ff.meta == nil {
		ff.meta = map[string]any{}
	}
	return ff, nil
}

// headingAttrRE is a Pandoc/Hugo attribute block at the end of a heading:
// "## 見出し {#id .class}".
var headingAttrRE = regexp.MustCompile(`(?m)^(#{1,6} .*?)[ \t]*\{[#.][^{}\n]*\}[ \t]*$`)

func stripHeadingAttributes(body string) string {
	return headingAttrRE.ReplaceAllString(body, "$1")
}

// metaString, metaStrings, metaTime and metaBool read front-matter values
// of any shape.
func metaString(m map[string]any, key string) string {
	switch v := m[key].(type) {
	case string:
		return strings.TrimSpace(v)
	case nil:
		return ""
	case time.Time:
		return v.Format(time.RFC3339)
	default:
		return fmt.Sprint(v)
	}
}

func metaStrings(m map[string]any, key string) []string {
	var out []string
	switch v := m[key].(type) {
	case string:
		if s := strings.TrimSpace(v); s != "" {
			out = append(out, s)
		}
	case []any:
		for _, x := range v {
			if s := strings.TrimSpace(fmt.Sprint(x)); s != "" && x != nil {
				out = append(out, s)
			}
		}
	}
	return out
}

// metaInt reads a positive whole number (part: 3, weight: 2), or 0.
func metaInt(m map[string]any, key string) int {
	switch v := m[key].(type) {
	case int:
		return max(v, 0)
	case int64:
		if v > 0 && v < 1<<31 {
			return int(v)
		}
	case uint64:
		if v < 1<<31 {
			return int(v)
		}
	case float64:
		if v > 0 && v < 1<<31 && v == float64(int(v)) {
			return int(v)
		}
	}
	return 0
}

func metaBool(m map[string]any, key string) (value, ok bool) {
	switch v := m[key].(type) {
	case bool:
		return v, true
	case string:
		return v == "true" || v == "yes", true
	}
	return false, false
}

// metaTime reads a date: a YAML/TOML timestamp or a string such as
// "2014-08-03 12:00:00 +0900".
func metaTime(m map[string]any, key string, loc *time.Location) time.Time {
	switch v := m[key].(type) {
	case time.Time:
		if v.Location() == time.UTC && v.Hour() == 0 && v.Minute() == 0 && v.Second() == 0 && v.Nanosecond() == 0 {
			// A bare YAML date (2024-05-03) is a day in the site's zone.
			return time.Date(v.Year(), v.Month(), v.Day(), 0, 0, 0, 0, loc)
		}
		return v
	case toml.LocalDate:
		return time.Date(v.Year, time.Month(v.Month), v.Day, 0, 0, 0, 0, loc)
	case toml.LocalDateTime:
		return v.AsTime(loc)
	case string:
		s := strings.TrimSpace(v)
		for _, layout := range []string{time.RFC3339, "2006-01-02 15:04:05 -0700", "2006-01-02 15:04:05 -07:00", "2006-01-02 15:04 -0700"} {
			if t, err := time.Parse(layout, s); err == nil {
				return t
			}
		}
		for _, layout := range []string{"2006-01-02T15:04:05", "2006-01-02 15:04:05", "2006-01-02 15:04", "2006-01-02"} {
			if t, err := time.ParseInLocation(layout, s, loc); err == nil {
				return t
			}
		}
	}
	return time.Time{}
}

// isBundleIndex reports whether rel is a Hugo leaf bundle's index.md.
func isBundleIndex(rel string) bool { return path.Base(rel) == "index.md" }

// bundleImages copies the images next to a bundle's index.md to
// static/images/imported/<slug>/.
func (r *reader) bundleImages(in Input, name string, p *Post) {
	if !isBundleIndex(p.RelPath) {
		return
	}
	dir := path.Dir(name)
	entries, err := fs.ReadDir(in.FS, dir)
	if err != nil {
		return
	}
	for _, e := range entries {
		ext := strings.ToLower(path.Ext(e.Name()))
		if e.IsDir() || !strings.Contains(".png.jpg.jpeg.gif.webp.svg.avif", ext) || ext == "" || strings.HasPrefix(e.Name(), ".") {
			continue
		}
		data, err := fs.ReadFile(in.FS, path.Join(dir, e.Name()))
		if err != nil {
			r.warn.AddT("asset", p.Source, 0, "import.w.cannotReadName", e.Name(), err)
			continue
		}
		if r.assets == nil {
			r.assets = map[string][]byte{}
		}
		r.assets[path.Join("static", assetDir, bundleName(p), e.Name())] = data
		p.Bundle = append(p.Bundle, e.Name())
	}
}

func bundleName(p *Post) string { return slugify(path.Base(path.Dir(p.RelPath)), 60) }

// rewriteBundleImages points a bundle's relative image links at their
// copies.
func rewriteBundleImages(body string, p *Post) string {
	if len(p.Bundle) == 0 {
		return body
	}
	prefix := "/" + assetDir + "/" + bundleName(p) + "/"
	for _, name := range p.Bundle {
		body = strings.ReplaceAll(body, "]("+name, "]("+prefix+name)
		body = strings.ReplaceAll(body, "](./"+name, "]("+prefix+name)
		body = strings.ReplaceAll(body, `src="`+name+`"`, `src="`+prefix+name+`"`)
	}
	return body
}

// warnTemplateLeftovers warns when a body still shows template syntax the
// converters did not recognise (a {{< or {% without its end), so nothing
// of the kind reaches a page unreported.
func (r *reader) warnTemplateLeftovers(body string, p *Post) {
	for _, open := range []string{"{{<", "{{%", "{%"} {
		if i := strings.Index(body, open); i >= 0 {
			end := min(len(body), i+40)
			r.warn.AddT("template syntax", p.Source, 0, "import.w.unknownTag", strings.ToValidUTF8(body[i:end], ""))
			return
		}
	}
}

// isHugoSite reports whether dir is a Hugo site's root: a configuration
// file and a content/ folder.
func isHugoSite(fsys fs.FS, dir string) bool {
	if st, err := fs.Stat(fsys, path.Join(dir, "content")); err != nil || !st.IsDir() {
		return false
	}
	for _, name := range []string{"hugo.toml", "hugo.yaml", "hugo.json", "config.toml", "config.yaml", "config.json"} {
		if _, err := fs.Stat(fsys, path.Join(dir, name)); err == nil {
			return true
		}
	}
	return false
}
