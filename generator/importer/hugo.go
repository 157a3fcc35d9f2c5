package importer

import (
	"cmp"
	"fmt"
	"maps"
	"net/url"
	"path"
	"regexp"
	"slices"
	"strings"
)

// hugoMeta maps Hugo front matter.
func (r *reader) hugoMeta(p *Post, ff *folderFile) {
	m, loc := hugoKeys(ff.meta), r.opts.location()
	p.Title = cleanSpace(metaString(m, "title"))
	p.Date = metaTime(m, "date", loc)
	if p.Date.IsZero() {
		p.Date = metaTime(m, "publishDate", loc)
	}
	for _, k := range []string{"lastmod", "update", "updated", "modified"} {
		if t := metaTime(m, k, loc); !t.IsZero() && p.Lastmod.IsZero() {
			p.Lastmod = t
		}
	}
	p.Draft, _ = metaBool(m, "draft")
	p.Slug = metaString(m, "slug")
	if p.Slug == "" {
		p.Slug = strings.TrimSuffix(path.Base(ff.rel), path.Ext(ff.rel))
		if isBundleIndex(ff.rel) {
			p.Slug = path.Base(path.Dir(ff.rel))
		}
	}
	p.Summary = cleanSpace(metaString(m, "summary"))
	if p.Summary == "" {
		p.Summary = cleanSpace(metaString(m, "description"))
	}
	p.Cover = metaString(m, "image")
	if imgs := metaStrings(m, "images"); p.Cover == "" && len(imgs) > 0 {
		p.Cover = imgs[0]
	}
	p.Tags = metaStrings(m, "tags")
	p.Categories = metaStrings(m, "categories")
	p.Author = metaString(m, "author")
	if u := metaString(m, "url"); u != "" {
		p.OldURLs = append(p.OldURLs, u)
	} else if !p.Draft {
		// Hugo's default address: /<section>/<slug>/.
		dir := path.Dir(ff.rel)
		if isBundleIndex(ff.rel) {
			dir = path.Dir(dir)
		}
		p.OldURLs = append(p.OldURLs, "/"+strings.Trim(path.Join(dir, p.Slug), "./")+"/")
	}
	p.OldURLs = append(p.OldURLs, metaStrings(m, "aliases")...)
	if series := metaStrings(m, "series"); len(series) > 0 {
		p.SeriesHint = series[0]
	}
	p.PartHint = metaInt(m, "part")
	var used []string
	if p.PartHint == 0 && p.SeriesHint != "" {
		p.PartHint = metaInt(m, "weight")
		used = append(used, "weight")
	}
	if metaString(m, "summary") == "" {
		used = append(used, "description")
	}
	if imgs := metaStrings(m, "images"); metaString(m, "image") == "" && len(imgs) == 1 {
		used = append(used, "images")
	}
	keepParams(p, m, hugoMapped, used...)
	// After the old addresses: an expired post had one, which should
	// redirect again if its author publishes it.
	r.hugoUnpublished(p, m)
}

// hugoKeys returns meta with the keys Hugo reads spelt as this importer
// looks them up: Hugo ignores the case of front-matter keys, and its older
// documentation wrote publishdate and expirydate. A key in another case
// than one already spelt so, or than an earlier spelling in sorted order,
// is left as it is (and kept under params:).
func hugoKeys(meta map[string]any) map[string]any {
	var out map[string]any
	for _, k := range slices.Sorted(maps.Keys(meta)) { // sorted: of two spellings, the same one wins every time
		for _, canon := range hugoKnownKeys {
			if k == canon || !strings.EqualFold(k, canon) {
				continue
			}
			if _, taken := meta[canon]; taken {
				break
			}
			if out == nil {
				out = maps.Clone(meta)
			} else if _, taken := out[canon]; taken {
				break
			}
			delete(out, k)
			out[canon] = meta[k]
		}
	}
	if out == nil {
		return meta
	}
	return out
}

// hugoKnownKeys are the front-matter keys the Hugo import reads.
var hugoKnownKeys = append(slices.Clone(hugoMapped), "expiryDate", "description", "images", "weight", "params")

// hugoUnpublished makes a draft, with a warning, of a post that Hugo
// keeps off the site although it is no draft: its expiryDate has passed,
// its build options say render: never (or the older _build), or it is a
// headless bundle. Published here, its text would appear where the author
// had taken it down. An expiryDate still to come gets a warning instead:
// rensai does not take posts down. A publishDate still to come becomes the
// date, so that the post stays scheduled.
func (r *reader) hugoUnpublished(p *Post, m map[string]any) {
	if p.Draft {
		return
	}
	// A publishDate still to come hides the post in Hugo until then, but
	// rensai schedules by date: take it as the date, or the post would be
	// published at once.
	if t := metaTime(m, "publishDate", r.opts.location()); t.After(r.opts.now()) && t.After(p.Date) {
		p.Date = t
		r.warn.AddT("unpublished", p.Source, 1, "import.w.hugoPublishDate", stamp(t))
	}
	var why string
	if t := metaTime(m, "expiryDate", r.opts.location()); !t.IsZero() {
		if !t.After(r.opts.now()) {
			why = "expiryDate: " + t.Format("2006-01-02")
		} else {
			r.warn.AddT("unpublished", p.Source, 1, "import.w.hugoExpires", t.Format("2006-01-02"))
		}
	}
	for _, key := range []string{"build", "_build"} {
		if b, ok := m[key].(map[string]any); ok && why == "" {
			if render := fmt.Sprint(b["render"]); render == "never" || render == "false" {
				why = key + ".render: " + render
			}
		}
	}
	if headless, _ := metaBool(m, "headless"); headless && why == "" {
		why = "headless: true"
	}
	if why != "" {
		p.Draft = true
		r.warn.AddT("unpublished", p.Source, 1, "import.w.hugoHidden", why)
	}
}

// hugoShortcodeRE is {{< name args >}} or {{% name args %}}, with an
// optional closing slash.
var hugoShortcodeRE = regexp.MustCompile(`\{\{([<%])\s*(/?)\s*([A-Za-z0-9_./-]+)((?:[^>%]|>[^}]|%[^}])*?)\s*(/?)\s*([>%])\}\}`)

// hugoShortcodes rewrites ref/relref into links to the imported file,
// highlight into a fenced block, figure/fig-img into an image with a
// caption, and removes the others (keeping their inner text) with a
// warning per shortcode kind.
func (r *reader) hugoShortcodes(body string, p *Post) string {
	if !strings.Contains(body, "{{") {
		return body
	}
	var b strings.Builder
	for {
		m := hugoShortcodeRE.FindStringSubmatchIndex(body)
		if m == nil {
			b.WriteString(body)
			break
		}
		b.WriteString(body[:m[0]])
		closing, name, args := body[m[4]:m[5]], body[m[6]:m[7]], body[m[8]:m[9]]
		rest := body[m[1]:]
		if closing != "" {
			body = rest
			continue
		}
		inner, after := "", rest
		if end := findHugoClose(rest, name); end != nil {
			inner, after = rest[:end[0]], rest[end[1]:]
		}
		b.WriteString(r.hugoShortcode(name, shortcodeArgs(args), inner, p))
		body = after
	}
	return b.String()
}

// findHugoClose finds {{< /name >}} (or {{% /name %}}).
func findHugoClose(s, name string) []int {
	re := regexp.MustCompile(`\{\{[<%]\s*/\s*` + regexp.QuoteMeta(name) + `\s*[>%]\}\}`)
	return re.FindStringIndex(s)
}

// shortcodeArgs reads positional and named arguments: "a" b c="d".
func shortcodeArgs(s string) map[string]string {
	out := map[string]string{}
	re := regexp.MustCompile(`(?:([A-Za-z_][\w-]*)\s*=\s*)?(?:"([^"]*)"|'([^']*)'|([^\s"']+))`)
	n := 0
	for _, m := range re.FindAllStringSubmatch(s, -1) {
		v := m[2] + m[3] + m[4]
		if m[1] != "" {
			out[strings.ToLower(m[1])] = v
		} else {
			out[fmt.Sprint(n)] = v
			n++
		}
	}
	return out
}

func (r *reader) hugoShortcode(name string, args map[string]string, inner string, p *Post) string {
	switch name {
	case "ref", "relref":
		return refPlaceholder(args["0"])
	case "highlight":
		return "\n```" + args["0"] + "\n" + strings.Trim(inner, "\n") + "\n```\n"
	case "figure", "fig-img", "img":
		src := args["src"]
		caption := args["caption"]
		if caption == "" {
			caption = args["title"]
		}
		alt := args["alt"]
		if alt == "" {
			alt = caption
		}
		if caption != "" {
			return fmt.Sprintf("![%s](%s %q)", alt, src, caption)
		}
		return fmt.Sprintf("![%s](%s)", alt, src)
	}
	if u := embedURL(name, args); u != "" {
		r.warn.AddT("embed", p.Source, 1, "import.w.embedShortcode", p.name(), name, u)
		return "\n\n[" + u + "](" + u + ")\n\n"
	}
	r.warn.AddT("shortcode {{< "+name+" >}}", p.Source, 1, "import.w.hugoShortcode", name)
	return inner
}

// embedURL is the address of what one of Hugo's embedding shortcodes shows
// (youtube, vimeo, x/tweet, gist, instagram), or "" for any other or one
// without its id: a page of rensai loads nothing from another host, so the
// embed becomes a link.
func embedURL(name string, args map[string]string) string {
	id := cmp.Or(args["id"], args["0"])
	switch {
	case id == "":
		return ""
	case name == "youtube":
		return "https://www.youtube.com/watch?v=" + url.QueryEscape(id)
	case name == "vimeo":
		return "https://vimeo.com/" + url.PathEscape(id)
	case name == "instagram":
		return "https://www.instagram.com/p/" + url.PathEscape(id) + "/"
	case name == "x" || name == "tweet" || name == "twitter":
		user, status := cmp.Or(args["user"], "i"), id // {{< tweet 123 >}} before user= existed
		if args["user"] == "" && args["1"] != "" {
			user, status = args["0"], args["1"]
		}
		return "https://x.com/" + url.PathEscape(user) + "/status/" + url.PathEscape(status)
	case name == "gist" && cmp.Or(args["id"], args["1"]) != "":
		user := cmp.Or(args["user"], args["0"])
		return "https://gist.github.com/" + url.PathEscape(user) + "/" + url.PathEscape(cmp.Or(args["id"], args["1"]))
	}
	return ""
}
