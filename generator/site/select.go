package site

import (
	"path"
	"sort"
	"strconv"
	"strings"
	"time"

	"github.com/rensai-ssg/rensai/generator/content"
	"github.com/rensai-ssg/rensai/generator/diag"
)

// selectArticles computes the URL of every loaded article and keeps the
// published ones (no drafts or future dates unless asked), newest first.
func (m *Model) selectArticles(in Input) []error {
	var errs []error
	for _, src := range in.Content.Articles {
		p, err := m.permalink(src)
		if err != nil {
			errs = append(errs, err)
			continue
		}
		m.sources[src.Path] = p
		future := src.Date.After(m.Now)
		if (src.Draft && !in.Drafts) || (future && !in.Future) {
			m.unpublished = append(m.unpublished, Unpublished{Source: src.Path, Path: p, Draft: src.Draft && !in.Drafts, series: src.Series})
			continue
		}
		a := &Article{
			src: src, Source: src.Path, Path: p, Title: src.Title, Date: src.Date, Lastmod: src.Lastmod,
			Draft: src.Draft, Future: future, Cover: src.Cover, Params: src.Params, Part: src.Part, Final: src.Final,
		}
		if a.Lastmod.IsZero() || a.Lastmod.Before(a.Date) {
			a.Lastmod = a.Date
		}
		a.RelPermalink = m.RelURL(a.Path)
		a.Permalink = m.AbsURL(a.Path)
		m.published[src.Path] = true
		m.bySource[src.Path] = a
		m.Articles = append(m.Articles, a)
		if a.Lastmod.After(m.Updated) {
			m.Updated = a.Lastmod
		}
	}
	sort.Slice(m.Articles, func(i, j int) bool {
		a, b := m.Articles[i], m.Articles[j]
		if !a.Date.Equal(b.Date) {
			return a.Date.After(b.Date)
		}
		return a.Source < b.Source
	})
	return errs
}

// permalink computes an article's site-relative path from its section's
// pattern.
func (m *Model) permalink(a *content.Article) (string, error) {
	slug := a.Slug
	if slug == "" {
		base := path.Base(a.Path)
		slug = strings.TrimSuffix(base, ".md")
		if slug == "index" || slug == "_index" {
			slug = path.Base(path.Dir(a.Path))
		}
	}
	pattern := m.Config.Permalinks[a.Section]
	if pattern == "" {
		pattern = "/:section/:slug/"
		if a.Section == "" {
			pattern = "/:slug/"
		}
	}
	d := a.Date.In(m.Config.Location())
	p := ExpandPermalink(pattern, a.Section, slug, d)
	p = "/" + strings.Trim(p, "/") + "/"
	clean := path.Clean(p)
	if p == "//" || clean == "/" || strings.Contains(p, "/../") || strings.Contains(p, "/./") || strings.Contains(p, "//") || strings.ContainsAny(p, "\\?#") {
		line := a.Lines["slug"]
		return "", diag.T("content/"+a.Path, line, "site.badURL", p)
	}
	return p, nil
}

// ExpandPermalink fills the :section, :slug, :year, :month and :day
// placeholders of a permalink pattern.
func ExpandPermalink(pattern, section, slug string, d time.Time) string {
	return expand(pattern, ':', ":section", section, ":slug", slug,
		":year", pad(d.Year(), 4), ":month", pad(int(d.Month()), 2), ":day", pad(d.Day(), 2))
}

// ExpandDisplay fills the {label}, {series} and {title} placeholders of a
// display-title template.
func ExpandDisplay(tmpl, label, series, title string) string {
	return expand(tmpl, '{', "{label}", label, "{series}", series, "{title}", title)
}

// expand replaces placeholders in tmpl, given as name, value pairs, where
// every name starts with the byte start; anything else is kept as written.
// It does in one pass what a strings.Replacer would, without building one
// per article.
func expand(tmpl string, start byte, pairs ...string) string {
	var b strings.Builder
	for {
		i := strings.IndexByte(tmpl, start)
		if i < 0 {
			b.WriteString(tmpl)
			return b.String()
		}
		b.WriteString(tmpl[:i])
		tmpl = tmpl[i:]
		name, value := tmpl[:1], tmpl[:1] // not a placeholder: keep the byte
		for k := 0; k < len(pairs); k += 2 {
			if strings.HasPrefix(tmpl, pairs[k]) {
				name, value = pairs[k], pairs[k+1]
				break
			}
		}
		b.WriteString(value)
		tmpl = tmpl[len(name):]
	}
}

// pad writes n with at least width digits.
func pad(n, width int) string {
	s := strconv.Itoa(n)
	for len(s) < width {
		s = "0" + s
	}
	return s
}

// RelURL prefixes a site-relative path with the base path.
func (m *Model) RelURL(p string) string {
	if strings.Contains(p, "://") {
		return p
	}
	return m.Config.BasePath() + strings.TrimPrefix(p, "/")
}

// AbsURL makes a site-relative path absolute.
func (m *Model) AbsURL(p string) string {
	if strings.Contains(p, "://") {
		return p
	}
	return m.Config.BaseURL + strings.TrimPrefix(p, "/")
}

// OutputFile is the file that serves a directory URL.
func OutputFile(p string) string {
	return strings.TrimPrefix(p, "/") + "index.html"
}

// SeriesByUpdate returns every series, the most recently updated first.
func (m *Model) SeriesByUpdate() []*Series {
	out := append([]*Series(nil), m.Series...)
	sort.Slice(out, func(i, j int) bool {
		a, b := out[i], out[j]
		if !a.Updated.Equal(b.Updated) {
			return a.Updated.After(b.Updated)
		}
		return a.Slug < b.Slug
	})
	return out
}
