package importer

import (
	"path"
	"regexp"
	"strings"
)

// jekyllNameRE is a post file name: 2014-08-03-slug.md.
var jekyllNameRE = regexp.MustCompile(`^(\d{4})-(\d{2})-(\d{2})-(.+)$`)

// jekyllMeta maps Jekyll front matter and the date and slug in a post's
// file name.
func (r *reader) jekyllMeta(p *Post, ff *folderFile) {
	m, loc := ff.meta, r.opts.location()
	p.Title = cleanSpace(metaString(m, "title"))
	stem := strings.TrimSuffix(path.Base(ff.rel), path.Ext(ff.rel))
	p.Slug = stem
	if n := jekyllNameRE.FindStringSubmatch(stem); n != nil {
		p.Slug = n[4]
		p.Date = metaTime(map[string]any{"d": n[1] + "-" + n[2] + "-" + n[3]}, "d", loc)
	}
	if d := metaTime(m, "date", loc); !d.IsZero() {
		p.Date = d
	}
	p.Lastmod = metaTime(m, "last_modified_at", loc)
	if s := metaString(m, "slug"); s != "" {
		p.Slug = s
	}
	if published, ok := metaBool(m, "published"); ok && !published {
		p.Draft = true
	}
	if strings.Contains(ff.rel, "_drafts/") {
		p.Draft = true
	}
	p.Summary = cleanSpace(metaString(m, "excerpt"))
	if p.Summary == "" {
		p.Summary = cleanSpace(metaString(m, "description"))
	}
	p.Cover = metaString(m, "image")
	p.Tags = jekyllList(m, "tags")
	cats := jekyllList(m, "categories")
	if c := metaString(m, "category"); c != "" {
		cats = append(cats, c)
	}
	p.Categories = cats
	p.Author = metaString(m, "author")
	if pl := metaString(m, "permalink"); pl != "" {
		p.OldURLs = append(p.OldURLs, pl)
	} else if !p.Draft && !p.Date.IsZero() {
		// Jekyll's default: /:categories/:year/:month/:day/:title.html.
		parts := append([]string{""}, cats...)
		parts = append(parts, p.Date.Format("2006/01/02"), p.Slug+".html")
		p.OldURLs = append(p.OldURLs, strings.Join(parts, "/"))
	}
	p.OldURLs = append(p.OldURLs, metaStrings(m, "redirect_from")...)
	if series := metaStrings(m, "series"); len(series) > 0 {
		p.SeriesHint = series[0]
		p.PartHint = metaInt(m, "part")
	}
	var used []string
	if metaString(m, "excerpt") == "" {
		used = append(used, "description")
	}
	keepParams(p, m, jekyllMapped, used...)
}

// jekyllList reads tags or categories as Jekyll does: a list, or a string
// of names separated by ASCII spaces ("クレーム 派遣"; a full-width space
// stays inside a name).
func jekyllList(m map[string]any, key string) []string {
	s, ok := m[key].(string)
	if !ok {
		return metaStrings(m, key)
	}
	return strings.FieldsFunc(s, func(r rune) bool { return r == ' ' || r == '\t' || r == '\n' || r == '\r' })
}

var (
	liquidTagRE    = regexp.MustCompile(`\{%-?\s*(\w+)\s*(.*?)\s*-?%\}`)
	liquidOutputRE = regexp.MustCompile(`\{\{-?\s*(.*?)\s*-?\}\}`)
)

// liquidTags rewrites Jekyll's Liquid: {% link %} and {% post_url %} into
// links to the imported file, {% highlight %} into a fenced block; {% raw %}
// keeps its content; every other tag or {{ output }} is removed with a
// warning per kind.
func (r *reader) liquidTags(body string, p *Post) string {
	if !strings.Contains(body, "{%") && !strings.Contains(body, "{{") {
		return body
	}
	// {% raw %} ... {% endraw %} is shown as written: protect it.
	body = liquidRawRE.ReplaceAllStringFunc(body, func(s string) string {
		inner := liquidRawRE.FindStringSubmatch(s)[1]
		return strings.NewReplacer("{{", rawOpenOutput, "{%", rawOpenTag).Replace(inner)
	})
	body = liquidTagRE.ReplaceAllStringFunc(body, func(s string) string {
		m := liquidTagRE.FindStringSubmatch(s)
		name, args := m[1], strings.TrimSpace(m[2])
		switch name {
		case "link":
			return refPlaceholder(args)
		case "post_url":
			return refPlaceholder("_posts/" + args)
		case "highlight":
			lang := ""
			if f := strings.Fields(args); len(f) > 0 {
				lang = f[0]
			}
			return "```" + lang
		case "endhighlight":
			return "```"
		case "raw", "endraw":
			return ""
		}
		r.warn.AddT("liquid {% "+name+" %}", p.Source, 1, "import.w.liquidTag", name)
		return ""
	})
	body = liquidOutputRE.ReplaceAllStringFunc(body, func(s string) string {
		m := liquidOutputRE.FindStringSubmatch(s)
		expr := m[1]
		if strings.HasPrefix(expr, "site.baseurl") || strings.HasPrefix(expr, "site.url") {
			return ""
		}
		r.warn.AddT("liquid {{ }}", p.Source, 1, "import.w.liquidOutput", expr)
		return ""
	})
	return strings.NewReplacer(rawOpenOutput, "{{", rawOpenTag, "{%").Replace(body)
}

// Placeholders for the braces inside {% raw %} while the tags are read.
const (
	rawOpenOutput = "\x00RAWOUT\x00"
	rawOpenTag    = "\x00RAWTAG\x00"
)

var liquidRawRE = regexp.MustCompile(`(?s)\{%-?\s*raw\s*-?%\}(.*?)\{%-?\s*endraw\s*-?%\}`)
