package importer

import (
	"cmp"
	"fmt"
	"path"
	"regexp"
	"slices"
	"strings"
	"unicode"

	"github.com/rensai-ssg/rensai/generator/content"
	"github.com/rensai-ssg/rensai/generator/site"
	"golang.org/x/text/unicode/norm"
)

// File is one file an import writes, by path relative to the site.
type File struct {
	Path string
	Data []byte
}

// LostURL is an old address that could not be kept as an alias.
type LostURL struct {
	Ref, URL, Reason string
}

// Plan is everything an import would write.
type Plan struct {
	Files []File // sorted by Path
	Lost  []LostURL
	// Pages counts the standalone pages among the files.
	Pages int
	// articles are the articles among the files, for the image step.
	articles []*planned
}

// reservedNames cannot be a series folder or a page: rensai writes these
// URLs itself.
var reservedNames = []string{"series", "posts", "tags", "categories", "archives", "search", "page", "assets", "images", "index", "404"}

// entry is one article to write.
type entry struct {
	post   *Post
	file   string // relative to the content folder
	url    string // its site path under the default permalinks
	fields content.Fields
	body   string
	// oldTitle is a part's whole title on the old blog when it is not the
	// file's title (that is only the subtitle), kept under params: as
	// original_title.
	oldTitle string
}

// MakePlan lays out the grouped posts as content files: each series in
// content/<series-slug>/NN.md with content/series/<series-slug>.md, other
// posts in content/posts/<slug>.md, pages in content/<slug>.md.
func MakePlan(g *Grouping, b *Batch, opts Options, warn *Warnings) (*Plan, error) {
	lay := newLayout(opts.Dest)
	plan := &Plan{}
	taken := map[string]bool{}
	for _, n := range reservedNames {
		taken[n] = true
	}
	for _, t := range opts.Taxonomies {
		taken[t] = true
	}
	entries, metas, err := seriesEntries(g, lay, taken)
	if err != nil {
		return nil, err
	}
	postSlugs := map[string]bool{}
	for _, p := range g.Standalone {
		e := &entry{post: p}
		slug := postSlug(p)
		if p.Page {
			slug = uniqueName(slug, taken)
			e.file, e.url = lay.place("", slug)
			plan.Pages++
		} else {
			slug = uniqueName(slug, postSlugs)
			e.file, e.url = lay.place("posts", slug)
		}
		e.fields.Set("title", g.Titles[p])
		e.fields.Set("date", p.Date)
		e.fields.Set("slug", slug)
		entries = append(entries, e)
	}
	for _, e := range entries {
		e.url = permalink(e, opts.Permalinks)
	}
	plan.Lost = setAliases(entries, append([]string{"series", "tags", "archives", "search", "page", "assets"}, opts.Taxonomies...))
	links := &linkMaps{old: oldLinkTargets(entries), refs: refTargets(entries)}
	for _, e := range entries {
		body, src, err := e.render(g, opts, links, warn)
		if err != nil {
			return nil, err
		}
		file := path.Join(lay.root, e.file)
		plan.Files = append(plan.Files, File{Path: file, Data: src})
		plan.articles = append(plan.articles, &planned{post: e.post, file: file, url: e.url, fields: e.fields, body: body})
	}
	plan.Files = append(plan.Files, metas...)
	for name, data := range b.Assets {
		plan.Files = append(plan.Files, File{Path: name, Data: data})
	}
	slices.SortFunc(plan.Files, func(a, b File) int { return cmp.Compare(a.Path, b.Path) })
	slices.SortFunc(plan.Lost, func(a, b LostURL) int { return cmp.Or(naturalCompare(a.Ref, b.Ref), cmp.Compare(a.URL, b.URL)) })
	return plan, nil
}

// seriesEntries lays out the parts of every series and writes the series
// metadata files.
func seriesEntries(g *Grouping, lay layout, taken map[string]bool) ([]*entry, []File, error) {
	var entries []*entry
	var metas []File
	for _, s := range g.Series {
		slug := uniqueName(seriesSlug(s), taken)
		width := max(2, len(fmt.Sprint(s.Total)))
		for _, part := range s.Parts {
			nn := fmt.Sprintf("%0*d", width, part.Number)
			e := &entry{post: part.Post}
			pageSlug := nn
			if lay.sub != "" {
				pageSlug = slug + "-" + nn // the section is the --dest folder, shared by every series
			}
			e.file, e.url = lay.place(slug, nn)
			e.url = lay.url(slug, pageSlug)
			subtitle := ""
			if t := part.title; t.Subtitle != "" {
				subtitle = t.Subtitle
			} else if t.Series != s.Title && seriesKey(t.Series) != s.Key && similarity(seriesKey(t.Series), s.Key) < 0.75 {
				subtitle = t.Series
			}
			e.fields.Set("title", subtitle)
			e.fields.Set("date", part.Date)
			e.fields.Set("series", s.Title)
			e.fields.Set("part", part.Number)
			e.fields.Set("final", part.Final)
			e.fields.Set("slug", pageSlug)
			if part.Title != subtitle {
				e.oldTitle = part.Title // the old title says more than the subtitle
			}
			entries = append(entries, e)
		}
		var meta content.Fields
		meta.Set("title", s.Title)
		meta.Set("slug", slug)
		src, err := content.Marshal(meta, nil)
		if err != nil {
			return nil, nil, err
		}
		metas = append(metas, File{Path: path.Join(lay.metaDir, slug+".md"), Data: src})
	}
	return entries, metas, nil
}

// layout is where an import writes: root is the folder the entries' files
// are relative to (the content folder, or --dest when it lies outside it),
// sub the folder under content/ that --dest names ("" for content/
// itself), metaDir the folder of the series metadata files.
type layout struct {
	root, sub, metaDir string
}

func newLayout(dest string) layout {
	dest = strings.Trim(path.Clean("/"+cmp.Or(dest, "content")), "/")
	switch {
	case dest == "content":
		return layout{root: "content", metaDir: "content/series"}
	case strings.HasPrefix(dest, "content/"):
		return layout{root: "content", sub: strings.TrimPrefix(dest, "content/"), metaDir: "content/series"}
	}
	return layout{root: dest, metaDir: path.Join(dest, "series")}
}

// place returns the file of an article in folder dir (a series slug,
// "posts", or "" for a page) and its URL under rensai's default
// permalinks (/:section/:slug/).
func (l layout) place(dir, name string) (file, url string) {
	file = path.Join(l.sub, dir, name+".md")
	return file, l.url(dir, name)
}

// url is the address of an article named slug in folder dir.
func (l layout) url(dir, slug string) string {
	section := dir
	if l.sub != "" {
		section, _, _ = strings.Cut(l.sub, "/")
	}
	if section == "" {
		return "/" + slug + "/"
	}
	return "/" + section + "/" + slug + "/"
}

// permalink is an entry's address under the site's pattern for its
// section, if it has one (:section, :slug, :year, :month, :day), else the
// default one already in e.url.
func permalink(e *entry, patterns map[string]string) string {
	section, _, _ := strings.Cut(e.file, "/")
	if !strings.Contains(e.file, "/") {
		section = ""
	}
	pattern, ok := patterns[section]
	if !ok || pattern == "" {
		return e.url
	}
	slug, _ := e.fields.Get("slug").(string)
	d := e.post.Date
	r := strings.NewReplacer(":section", section, ":slug", slug, ":year", fmt.Sprintf("%04d", d.Year()),
		":month", fmt.Sprintf("%02d", int(d.Month())), ":day", fmt.Sprintf("%02d", d.Day()))
	return "/" + strings.Trim(r.Replace(pattern), "/") + "/"
}

// linkMaps resolve links between imported posts.
type linkMaps struct {
	old  map[string]string    // old site path -> new file
	refs map[string]refTarget // ref/relref/link name -> new file
}

// render writes one entry's file: the rest of its front matter and its
// body with links to other imported posts resolved. It returns the body
// and the whole file.
func (e *entry) render(g *Grouping, opts Options, links *linkMaps, warn *Warnings) (string, []byte, error) {
	p := e.post
	e.fields.Set("lastmod", p.Lastmod)
	e.fields.Set("draft", p.Draft)
	e.fields.Set("summary", p.Summary)
	e.fields.Set("cover", p.Cover)
	tags := termNames(p.Tags, p, warn)
	for _, t := range termNames(g.Tags[p], p, warn) {
		tags = appendTerm(tags, t)
	}
	if slices.Contains(opts.Taxonomies, "categories") {
		e.fields.Set("categories", termNames(p.Categories, p, warn))
	} else {
		for _, c := range termNames(p.Categories, p, warn) {
			tags = appendTerm(tags, c) // a category "Edge Case" and a tag "edge case" are one tag
		}
	}
	e.fields.Set("tags", tags)
	for _, f := range p.Extra {
		e.fields.Set(f.Key, f.Value)
	}
	e.fields.Set("params", e.params())
	body := rewriteOldLinks(p.Body, links.old)
	body = finishRuby(resolveRefs(body, links.refs, p, warn))
	src, err := content.Marshal(e.fields, []byte(body))
	if err != nil {
		return "", nil, fmt.Errorf("%s: %w", p.Ref, err)
	}
	return body, src, nil
}

// setAliases keeps each post's old addresses as aliases, unless one is its
// new address, another post's, or cannot be served.
func setAliases(entries []*entry, reserved []string) []LostURL {
	owner := map[string]string{}
	for _, e := range entries {
		owner[e.url] = e.post.Ref
	}
	var lost []LostURL
	for _, e := range entries {
		var aliases []string
		for _, raw := range e.post.OldURLs {
			p, err := oldPath(raw)
			switch {
			case err != nil:
				lost = append(lost, LostURL{Ref: e.post.Ref, URL: raw, Reason: err.Error()})
			case p == e.url || slices.Contains(aliases, p):
			case reservedPath(p, reserved) && !site.ArchiveFree(strings.TrimPrefix(p, "/")):
				lost = append(lost, LostURL{Ref: e.post.Ref, URL: raw, Reason: "rensai writes its own page at " + p})
			case owner[p] != "":
				lost = append(lost, LostURL{Ref: e.post.Ref, URL: raw, Reason: "the address is already used by " + owner[p]})
			default:
				owner[p] = e.post.Ref
				aliases = append(aliases, p)
			}
		}
		e.fields.Set("aliases", aliases)
	}
	return lost
}

// reservedPath reports whether p is under one of rensai's own sections
// (/tags/, /series/ ...) or one of its files (/index.xml, /404.html).
func reservedPath(p string, sections []string) bool {
	first, _, _ := strings.Cut(strings.TrimPrefix(p, "/"), "/")
	switch first {
	case "index.xml", "sitemap.xml", "robots.txt", "404.html", "index.html", "CNAME", ".nojekyll":
		return true
	}
	return slices.Contains(sections, first)
}

// oldLinkTargets maps each old path of a published post to its new file.
func oldLinkTargets(entries []*entry) map[string]string {
	m := map[string]string{}
	for _, e := range entries {
		if e.post.Draft {
			continue
		}
		for _, raw := range e.post.OldURLs {
			if p, err := oldPath(raw); err == nil {
				if _, ok := m[p]; !ok {
					m[p] = "/" + e.file
				}
			}
		}
	}
	return m
}

// termNames returns names as the build accepts them for term pages
// (content.TermName), with a warning for each it changed or dropped.
func termNames(names []string, p *Post, warn *Warnings) []string {
	var out []string
	for _, n := range names {
		switch t := content.TermName(n); {
		case t == "":
			warn.AddT("term", p.Source, p.Line, "import.w.termDropped", n)
		case t != strings.TrimSpace(n):
			warn.AddT("term", p.Source, p.Line, "import.w.termName", n, t)
			out = appendTerm(out, t)
		default:
			out = appendTerm(out, t)
		}
	}
	return out
}

// appendTerm appends term name t to list unless list has it already in
// any spelling the site takes for the same term (content.TermFold).
func appendTerm(list []string, t string) []string {
	fold := content.TermFold(t)
	for _, have := range list {
		if content.TermFold(have) == fold {
			return list
		}
	}
	return append(list, t)
}

// refTarget is the imported post a ref/relref/link/post_url names.
type refTarget struct {
	file  string // "/" + its new file, relative to the content folder
	title string // its title, the text of a link made from a bare ref
}

// refTargets maps the names a ref/relref/link/post_url may use for a
// published post of a folder (posts/x.md, posts/x, x) to its new file.
func refTargets(entries []*entry) map[string]refTarget {
	m := map[string]refTarget{}
	for _, e := range entries {
		rel := e.post.RelPath
		if rel == "" || e.post.Draft {
			continue
		}
		noExt := strings.TrimSuffix(rel, path.Ext(rel))
		names := []string{rel, noExt, path.Base(noExt)}
		if isBundleIndex(rel) {
			names = append(names, path.Dir(rel), path.Base(path.Dir(rel)))
		}
		for _, n := range names {
			if _, ok := m[n]; !ok {
				m[n] = refTarget{file: "/" + e.file, title: e.post.Title}
			}
		}
	}
	return m
}

// refEnd ends a ref placeholder, so that the text after it (Japanese has
// no space before the next word) is not taken for its target.
const refEnd = "\uE000"

// refPlaceholder stands for a Hugo ref or Jekyll post_url to target until
// the imported files are known (resolveRefs).
func refPlaceholder(target string) string { return "rensai-ref:" + target + refEnd }

var (
	refLinkRE = regexp.MustCompile(`\[([^\]]*)\]\(rensai-ref:([^\x{E000}]*)\x{E000}\)`)
	refBareRE = regexp.MustCompile(`rensai-ref:([^\x{E000}]*)\x{E000}`)
)

// resolveRefs turns the ref placeholders of Hugo and Jekyll links into
// links to the imported files; a link to a post that was not imported (or
// is a draft) keeps its text only, with a warning. A ref where a URL goes
// (an href, a reference definition, a link's target) becomes the file; one
// in running text ("see {% post_url x %}") becomes a link whose text is the
// post's title, or stays as the name it gave when there is no such post.
func resolveRefs(body string, refs map[string]refTarget, p *Post, warn *Warnings) string {
	if !strings.Contains(body, "rensai-ref:") {
		return body
	}
	lookup := func(target string) (refTarget, string, bool) {
		target = strings.Trim(strings.Trim(target, `"'`), "/")
		target, frag, _ := strings.Cut(target, "#")
		if frag != "" {
			frag = "#" + frag
		}
		if r, ok := refs[target]; ok {
			return r, frag, true
		}
		if r, ok := refs[strings.TrimSuffix(target, path.Ext(target))]; ok {
			return r, frag, true
		}
		warn.AddT("ref", p.Source, 1, "import.w.refMissing", target)
		return refTarget{}, target, false
	}
	body = refLinkRE.ReplaceAllStringFunc(body, func(s string) string {
		m := refLinkRE.FindStringSubmatch(s)
		if r, frag, ok := lookup(m[2]); ok {
			return "[" + m[1] + "](" + r.file + frag + ")"
		}
		return m[1]
	})
	var b strings.Builder
	last := 0
	for _, m := range refBareRE.FindAllStringSubmatchIndex(body, -1) {
		before := body[last:m[0]]
		b.WriteString(before)
		last = m[1]
		r, rest, ok := lookup(body[m[2]:m[3]]) // rest: the fragment, or the name of a missing post
		inURL := urlContext(body[:m[0]])
		switch {
		case ok && inURL:
			b.WriteString(r.file + rest)
		case ok:
			b.WriteString("[" + escapeLinkText(r.title) + "](" + r.file + rest + ")")
		case !inURL:
			b.WriteString(rest) // the name the ref gave, readable
		}
	}
	b.WriteString(body[last:])
	return b.String()
}

// urlContext reports whether text ending with before is where a URL goes:
// a link's target "(", an attribute "href=" or "href=\"", an autolink "<",
// or a reference definition "[id]: ".
func urlContext(before string) bool {
	switch {
	case strings.HasSuffix(before, "("), strings.HasSuffix(before, "<"),
		strings.HasSuffix(before, "="), strings.HasSuffix(before, `="`), strings.HasSuffix(before, "='"):
		return true
	}
	line := before[strings.LastIndexByte(before, '\n')+1:]
	return refDefRE.MatchString(line)
}

var refDefRE = regexp.MustCompile(`^ {0,3}\[[^\]]+\]:\s*$`)

// escapeLinkText keeps a title as the text of a Markdown link: brackets
// and backslashes are escaped.
func escapeLinkText(s string) string {
	return strings.NewReplacer(`\`, `\\`, "[", `\[`, "]", `\]`).Replace(s)
}

var markdownLinkRE = regexp.MustCompile(`\]\((https?://[^)\s]+|/[^)\s]*)\)`)

// rewriteOldLinks points Markdown links at an old address of an imported
// post to that post's file, so they survive as internal links.
func rewriteOldLinks(body string, targets map[string]string) string {
	if len(targets) == 0 || !strings.Contains(body, "](") {
		return body
	}
	return markdownLinkRE.ReplaceAllStringFunc(body, func(m string) string {
		u := m[2 : len(m)-1]
		frag := ""
		if i := strings.IndexByte(u, '#'); i >= 0 {
			u, frag = u[:i], u[i:]
		}
		p, err := oldPath(u)
		if err != nil {
			return m
		}
		if f, ok := targets[p]; ok {
			return "](" + f + frag + ")"
		}
		return m
	})
}

// seriesSlug is the common ASCII prefix of the parts' old slugs
// (nyukan-1, nyukan-2 -> nyukan), else a slug of the title.
func seriesSlug(s *Series) string {
	var prefix []rune
	for i, p := range s.Parts {
		slug := []rune(slugify(p.Slug, 60))
		if len(slug) == 0 {
			prefix = nil
			break
		}
		if i == 0 {
			prefix = slug
			continue
		}
		n := 0
		for n < len(prefix) && n < len(slug) && prefix[n] == slug[n] {
			n++
		}
		prefix = prefix[:n]
	}
	name := strings.Trim(strings.TrimRight(string(prefix), "0123456789"), "-_")
	if n := len([]rune(name)); (n >= 3 || (n >= 2 && len(name) > n)) && strings.IndexFunc(name, unicode.IsLetter) >= 0 {
		return name // not a date prefix such as はてな's 2019-08-
	}
	return slugify(s.Title, 24)
}

// postSlug is a post's old slug made safe as a file and URL name, or one
// from its title or date.
func postSlug(p *Post) string {
	if s := slugify(p.Slug, 60); s != "" {
		return s
	}
	if s := slugify(ParseTitle(p.Title).Series, 40); s != "" {
		return s // WordPress derives a missing slug from the title too
	}
	return p.Date.Format("2006-01-02-150405")
}

// slugify keeps letters and digits and turns every other run into one
// hyphen, cut at max runes. Latin letters are lower-cased only when s has
// no Japanese, as the build makes slugs of titles (site.Slugify):
// 「社員証を返さないSさんの件」 keeps its S.
func slugify(s string, maxRunes int) string {
	var b strings.Builder
	n, dash := 0, false
	text := norm.NFKC.String(s)
	lower := !strings.ContainsFunc(text, func(r rune) bool {
		return unicode.In(r, unicode.Hiragana, unicode.Katakana, unicode.Han) || r == 'ー'
	})
	for _, r := range text {
		if n >= maxRunes {
			break
		}
		if unicode.IsLetter(r) || unicode.IsDigit(r) || r == 'ー' || r == '_' {
			if dash && b.Len() > 0 {
				b.WriteByte('-')
				n++
			}
			if lower {
				r = unicode.ToLower(r)
			}
			b.WriteRune(r)
			n++
			dash = false
			continue
		}
		dash = true
	}
	return b.String()
}

// uniqueName returns name, or name-2, name-3 ... if it is taken, and
// marks the result taken.
func uniqueName(name string, taken map[string]bool) string {
	if name == "" {
		name = "imported"
	}
	try := name
	for i := 2; taken[try]; i++ {
		try = fmt.Sprintf("%s-%d", name, i)
	}
	taken[try] = true
	return try
}
