// Package feed writes what crawlers and feed readers read, as functions
// of the site model: Atom feeds, the sitemap, robots.txt and the JSON-LD
// structured data of pages. Their formats are fixed, so code writes them,
// not templates, and code keeps them well-formed.
package feed

import (
	"bytes"
	"encoding/xml"
	"fmt"
	"sort"
	"strings"
	"time"

	"github.com/rensai-ssg/rensai/generator/site"
)

// Atom and sitemap documents are written by code, not templates: their
// format is fixed, and code keeps them well-formed.

func rfc3339(t time.Time) string { return t.UTC().Format(time.RFC3339) }

// xmlEscaper escapes text and attribute values for XML. It is much faster
// than encoding/xml on the large HTML bodies that full-content feeds carry.
var xmlEscaper = strings.NewReplacer("&", "&amp;", "<", "&lt;", ">", "&gt;", `"`, "&quot;", "'", "&apos;")

// Atom renders an Atom feed of list (newest first) with full content,
// at selfPath, for the page at altPath (site-relative paths).
func Atom(s *site.Model, title, selfPath, altPath string, list []*site.Article) []byte {
	updated := time.Time{}
	for _, a := range list {
		if a.Lastmod.After(updated) {
			updated = a.Lastmod
		}
	}
	if updated.IsZero() {
		updated = s.Updated
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
	esc(s.Config.LanguageCode)
	b.WriteString("\">\n <title>")
	esc(title)
	b.WriteString("</title>\n <id>")
	esc(s.AbsURL(altPath))
	b.WriteString("</id>\n <updated>" + rfc3339(updated) + "</updated>\n")
	b.WriteString(` <link rel="self" type="application/atom+xml" href="`)
	esc(s.AbsURL(selfPath))
	b.WriteString("\"></link>\n" + ` <link rel="alternate" type="text/html" href="`)
	esc(s.AbsURL(altPath))
	b.WriteString("\"></link>\n <author>\n  <name>")
	esc(authorName(s))
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
		writeCDATA(&b, validXML(absolutize(string(a.Content), s.Config.BaseURL, s.Config.BasePath())))
		b.WriteString("</content>\n")
		for _, t := range a.Terms {
			b.WriteString("  <category term=\"")
			esc(t.Name)
			b.WriteString("\"></category>\n")
		}
		b.WriteString(" </entry>\n")
	}
	b.WriteString("</feed>\n")
	return b.Bytes()
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

type sitemap struct {
	XMLName xml.Name     `xml:"http://www.sitemaps.org/schemas/sitemap/0.9 urlset"`
	URLs    []SitemapURL `xml:"url"`
}

// SitemapURL is one entry of the sitemap.
type SitemapURL struct {
	Loc     string `xml:"loc"`
	Lastmod string `xml:"lastmod,omitempty"`
}

// SitemapEntries lists every page for crawlers, sorted by URL.
func SitemapEntries(s *site.Model) []SitemapURL {
	day := func(t time.Time) string { return t.In(s.Config.Location()).Format("2006-01-02") }
	locs := []SitemapURL{{Loc: s.AbsURL("/"), Lastmod: day(s.Updated)}}
	for _, a := range s.Articles {
		locs = append(locs, SitemapURL{Loc: a.Permalink, Lastmod: day(a.Lastmod)})
	}
	locs = append(locs, SitemapURL{Loc: s.AbsURL("/series/")})
	for _, sr := range s.Series {
		locs = append(locs, SitemapURL{Loc: sr.Permalink, Lastmod: day(sr.Updated)})
	}
	for _, tx := range s.Taxonomies {
		locs = append(locs, SitemapURL{Loc: s.AbsURL(tx.Path)})
		for _, t := range tx.Terms {
			locs = append(locs, SitemapURL{Loc: s.AbsURL(t.Path), Lastmod: day(t.Articles[0].Lastmod)})
		}
	}
	locs = append(locs, SitemapURL{Loc: s.AbsURL("/archives/")})
	sort.Slice(locs, func(i, j int) bool { return locs[i].Loc < locs[j].Loc })
	return locs
}

// Sitemap renders the sitemap of entries.
func Sitemap(entries []SitemapURL) ([]byte, error) {
	var buf bytes.Buffer
	buf.WriteString(xml.Header)
	enc := xml.NewEncoder(&buf)
	enc.Indent("", " ")
	err := enc.Encode(sitemap{URLs: entries})
	buf.WriteByte('\n')
	return buf.Bytes(), err
}

// Robots renders robots.txt, which allows everything and names the sitemap.
func Robots(s *site.Model) []byte {
	return []byte(fmt.Sprintf("User-agent: *\nAllow: /\n\nSitemap: %s\n", s.AbsURL("/sitemap.xml")))
}

// JSON-LD structured data.

// ArticleJSONLD is the schema.org BlogPosting of an article, part of its
// series' CreativeWorkSeries.
func ArticleJSONLD(s *site.Model, a *site.Article) any {
	m := map[string]any{
		"@context":         "https://schema.org",
		"@type":            "BlogPosting",
		"headline":         a.DisplayTitle,
		"datePublished":    rfc3339(a.Date),
		"dateModified":     rfc3339(a.Lastmod),
		"url":              a.Permalink,
		"mainEntityOfPage": a.Permalink,
		"inLanguage":       s.Config.LanguageCode,
		"description":      a.Summary,
		"author":           map[string]any{"@type": "Person", "name": authorName(s)},
	}
	if a.Cover != "" {
		m["image"] = s.AbsURL(a.Cover)
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

// SeriesJSONLD is the schema.org CreativeWorkSeries of a series.
func SeriesJSONLD(s *site.Model, sr *site.Series) any {
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
		"inLanguage":  s.Config.LanguageCode,
		"hasPart":     parts,
	}
}

func authorName(s *site.Model) string {
	if s.Config.Author != "" {
		return s.Config.Author
	}
	return s.Config.Title
}
