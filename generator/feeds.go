package generator

import (
	"bytes"
	"encoding/xml"
	"fmt"
	"sort"
	"strings"
	"time"
)

// Atom and sitemap documents are written by code, not templates: their
// format is fixed, and code keeps them well-formed.

func rfc3339(t time.Time) string { return t.UTC().Format(time.RFC3339) }

// xmlEscaper escapes text and attribute values for XML. It is much faster
// than encoding/xml on the large HTML bodies that full-content feeds carry.
var xmlEscaper = strings.NewReplacer("&", "&amp;", "<", "&lt;", ">", "&gt;", `"`, "&quot;", "'", "&apos;")

// feed renders an Atom feed of list (newest first) with full content.
func (s *site) feed(title, selfPath, altPath string, list []*Article) ([]byte, error) {
	updated := time.Time{}
	for _, a := range list {
		if a.Lastmod.After(updated) {
			updated = a.Lastmod
		}
	}
	if updated.IsZero() {
		updated = s.updated
	}
	size := 1024
	for _, a := range list {
		size += len(a.Content) + 1024
	}
	var b bytes.Buffer
	b.Grow(size)
	esc := func(v string) { xmlEscaper.WriteString(&b, validXML(v)) }
	b.WriteString(xml.Header)
	b.WriteString(`<feed xmlns="http://www.w3.org/2005/Atom" xml:lang="`)
	esc(s.cfg.LanguageCode)
	b.WriteString("\">\n <title>")
	esc(title)
	b.WriteString("</title>\n <id>")
	esc(s.absURL(altPath))
	b.WriteString("</id>\n <updated>" + rfc3339(updated) + "</updated>\n")
	b.WriteString(` <link rel="self" type="application/atom+xml" href="`)
	esc(s.absURL(selfPath))
	b.WriteString("\"></link>\n" + ` <link rel="alternate" type="text/html" href="`)
	esc(s.absURL(altPath))
	b.WriteString("\"></link>\n <author>\n  <name>")
	esc(s.authorName())
	b.WriteString("</name>\n </author>\n")
	for _, a := range list {
		b.WriteString(" <entry>\n  <title>")
		esc(a.DisplayTitle)
		b.WriteString("</title>\n  <id>")
		esc(a.Permalink)
		b.WriteString("</id>\n  <link rel=\"alternate\" href=\"")
		esc(a.Permalink)
		b.WriteString("\"></link>\n  <published>" + rfc3339(a.Date) + "</published>\n  <updated>" + rfc3339(a.Lastmod) + "</updated>\n  <summary>")
		esc(a.Summary)
		b.WriteString("</summary>\n  <content type=\"html\">")
		writeCDATA(&b, validXML(absolutize(string(a.Content), s.cfg.BaseURL, s.cfg.BasePath())))
		b.WriteString("</content>\n")
		for _, t := range a.Terms {
			b.WriteString("  <category term=\"")
			esc(t.Name)
			b.WriteString("\"></category>\n")
		}
		b.WriteString(" </entry>\n")
	}
	b.WriteString("</feed>\n")
	return b.Bytes(), nil
}

// validXML drops the characters XML 1.0 cannot carry (control characters
// other than tab, newline and carriage return), which Markdown may contain.
func validXML(s string) string {
	if xmlSafe(s) {
		return s
	}
	return strings.Map(func(r rune) rune {
		if (r < 0x20 && r != '\t' && r != '\n' && r != '\r') || r == 0xFFFE || r == 0xFFFF {
			return -1
		}
		return r
	}, s)
}

// xmlSafe reports whether s has none of the characters validXML drops. It
// looks at bytes, not runes: the control characters are single bytes in
// UTF-8, and U+FFFE and U+FFFF are EF BF BE and EF BF BF.
func xmlSafe(s string) bool {
	for i := 0; i < len(s); i++ {
		c := s[i]
		switch {
		case c < 0x20:
			if c != '\t' && c != '\n' && c != '\r' {
				return false
			}
		case c == 0xEF:
			if i+2 < len(s) && s[i+1] == 0xBF && (s[i+2] == 0xBE || s[i+2] == 0xBF) {
				return false
			}
		}
	}
	return true
}

// writeCDATA writes s as CDATA sections: the body of a full-content feed
// needs no escaping that way, only "]]>" is split across two sections.
func writeCDATA(b *bytes.Buffer, s string) {
	b.WriteString("<![CDATA[")
	for {
		i := strings.Index(s, "]]>")
		if i < 0 {
			break
		}
		b.WriteString(s[:i+2])
		b.WriteString("]]><![CDATA[")
		s = s[i+2:]
	}
	b.WriteString(s)
	b.WriteString("]]>")
}

// absolutize turns root-relative href and src attributes (which start with
// the base path) into absolute URLs, since feed readers lose the page URL.
func absolutize(html, baseURL, basePath string) string {
	origin := strings.TrimSuffix(baseURL, basePath)
	r := strings.NewReplacer(`href="`+basePath, `href="`+origin+basePath, `src="`+basePath, `src="`+origin+basePath)
	return r.Replace(html)
}

func head(list []*Article, n int) []*Article {
	if len(list) > n {
		return list[:n]
	}
	return list
}

// feedJobs lists the Atom feeds, the sitemap and robots.txt as jobs.
func (b *Builder) feedJobs(s *site) []job {
	g := b.globalKey(s)
	var jobs []job
	addFeed := func(title, dir, old string, from claimant, list []*Article) {
		from.what = "the feed of " + from.what
		out := strings.TrimPrefix(dir, "/") + "index.xml"
		jobs = append(jobs, job{out: out, from: from, twin: twinOut(out, dir, old),
			key:    b.pageKey(func() string { return articlesKey(list) }, g, "feed", title),
			render: func() ([]byte, error) { return s.feed(title, dir+"index.xml", dir, list) }})
	}
	if !s.cfg.Feeds.Disable {
		limit := s.cfg.Feeds.Limit
		addFeed(s.cfg.Title, "/", "", rensaiClaim("the site"), head(s.articles, limit))
		for _, sr := range s.series {
			parts := append([]*Article(nil), sr.Parts...)
			sort.SliceStable(parts, func(i, j int) bool { return parts[i].Part > parts[j].Part })
			addFeed(sr.Title+" | "+s.cfg.Title, sr.Path, sr.oldSlug, seriesClaim(sr), parts)
		}
		for _, tx := range s.taxonomies {
			for _, t := range tx.Terms {
				addFeed(tx.Name+"「"+t.Name+"」 | "+s.cfg.Title, t.Path, t.oldSlug, termClaim(tx, t), head(t.Articles, limit))
			}
		}
	}
	// Sitemap and robots.txt are functions of what they list.
	locs := b.sitemapEntries(s)
	var key strings.Builder
	for _, l := range locs {
		key.WriteString(l.Loc + l.Lastmod)
	}
	jobs = append(jobs, job{out: "sitemap.xml", from: rensaiClaim("the sitemap"), key: fingerprint(g, "sitemap", key.String()), render: func() ([]byte, error) {
		var buf bytes.Buffer
		buf.WriteString(xml.Header)
		enc := xml.NewEncoder(&buf)
		enc.Indent("", " ")
		err := enc.Encode(sitemap{URLs: locs})
		buf.WriteByte('\n')
		return buf.Bytes(), err
	}})
	jobs = append(jobs, job{out: "robots.txt", from: rensaiClaim("robots.txt"), key: fingerprint(g, "robots"), render: func() ([]byte, error) {
		return []byte(fmt.Sprintf("User-agent: *\nAllow: /\n\nSitemap: %s\n", s.absURL("/sitemap.xml"))), nil
	}})
	return jobs
}

type sitemap struct {
	XMLName xml.Name     `xml:"http://www.sitemaps.org/schemas/sitemap/0.9 urlset"`
	URLs    []sitemapURL `xml:"url"`
}

type sitemapURL struct {
	Loc     string `xml:"loc"`
	Lastmod string `xml:"lastmod,omitempty"`
}

func (b *Builder) sitemapEntries(s *site) []sitemapURL {
	day := func(t time.Time) string { return t.In(s.cfg.Location()).Format("2006-01-02") }
	locs := []sitemapURL{{Loc: s.absURL("/"), Lastmod: day(s.updated)}}
	for _, a := range s.articles {
		locs = append(locs, sitemapURL{Loc: a.Permalink, Lastmod: day(a.Lastmod)})
	}
	locs = append(locs, sitemapURL{Loc: s.absURL("/series/")})
	for _, sr := range s.series {
		locs = append(locs, sitemapURL{Loc: sr.Permalink, Lastmod: day(sr.Updated)})
	}
	for _, tx := range s.taxonomies {
		locs = append(locs, sitemapURL{Loc: s.absURL(tx.Path)})
		for _, t := range tx.Terms {
			locs = append(locs, sitemapURL{Loc: s.absURL(t.Path), Lastmod: day(t.Articles[0].Lastmod)})
		}
	}
	locs = append(locs, sitemapURL{Loc: s.absURL("/archives/")})
	sort.Slice(locs, func(i, j int) bool { return locs[i].Loc < locs[j].Loc })
	return locs
}

// JSON-LD structured data.

func (s *site) articleJSONLD(a *Article) any {
	m := map[string]any{
		"@context":         "https://schema.org",
		"@type":            "BlogPosting",
		"headline":         a.DisplayTitle,
		"datePublished":    rfc3339(a.Date),
		"dateModified":     rfc3339(a.Lastmod),
		"url":              a.Permalink,
		"mainEntityOfPage": a.Permalink,
		"inLanguage":       s.cfg.LanguageCode,
		"description":      a.Summary,
		"author":           map[string]any{"@type": "Person", "name": s.authorName()},
	}
	if a.Cover != "" {
		m["image"] = s.absURL(a.Cover)
	}
	if a.Series != nil {
		m["position"] = a.Part
		m["isPartOf"] = map[string]any{
			"@type": "CreativeWorkSeries",
			"name":  a.Series.Title,
			"url":   a.Series.Permalink,
		}
	}
	return m
}

func (s *site) seriesJSONLD(sr *Series) any {
	var parts []any
	for _, a := range sr.Parts {
		parts = append(parts, map[string]any{"@type": "BlogPosting", "headline": a.DisplayTitle, "url": a.Permalink, "position": a.Part})
	}
	return map[string]any{
		"@context":    "https://schema.org",
		"@type":       "CreativeWorkSeries",
		"name":        sr.Title,
		"url":         sr.Permalink,
		"description": sr.Description,
		"inLanguage":  s.cfg.LanguageCode,
		"hasPart":     parts,
	}
}

func (s *site) authorName() string {
	if s.cfg.Author != "" {
		return s.cfg.Author
	}
	return s.cfg.Title
}

func sortSeries(list []*Series) {
	sort.Slice(list, func(i, j int) bool {
		a, b := list[i], list[j]
		if !a.Updated.Equal(b.Updated) {
			return a.Updated.After(b.Updated)
		}
		return a.Slug < b.Slug
	})
}

func sortedKeys[V any](m map[string]V) []string {
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	return keys
}
