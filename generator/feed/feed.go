// Package feed writes what crawlers and feed readers read, as functions
// of the site model: Atom feeds and JSON Feeds, the sitemap, robots.txt and
// the JSON-LD structured data of pages. Their formats are fixed, so code writes them,
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
	"github.com/rensai-ssg/rensai/generator/urlpath"
)

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
	for i := range locs {
		locs[i].Loc = URI(locs[i].Loc)
	}
	sort.Slice(locs, func(i, j int) bool { return locs[i].Loc < locs[j].Loc })
	return locs
}

// URI writes a URL the way the sitemap protocol and robots.txt (RFC 9309)
// want it: ASCII only, every byte of a character outside printable ASCII
// percent-encoded as UTF-8 (the IRI to URI mapping of RFC 3987, 3.1), so
// /tags/費用/ is /tags/%E8%B2%BB%E7%94%A8/. Pages keep the readable form:
// browsers and feed readers take IRIs, and Google's sitemap guidelines ask
// for escaped URLs.
func URI(iri string) string {
	return urlpath.Escape(iri, uriByte, urlpath.Upper)
}

// uriByte reports whether c may stand as itself in a URI: printable
// ASCII but the characters RFC 3986 allows nowhere.
func uriByte(c byte) bool {
	return c > ' ' && c < 0x7f && !strings.ContainsRune(`"<>\^`+"`{|}", rune(c))
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
	return []byte(fmt.Sprintf("User-agent: *\nAllow: /\n\nSitemap: %s\n", URI(s.AbsURL("/sitemap.xml"))))
}

// JSON-LD structured data.

// ArticleJSONLD is the schema.org BlogPosting of an article, part of its
// series' CreativeWorkSeries. It describes the page it is in: the page's
// canonical link and lang attribute give its URL and language, so neither
// url, mainEntityOfPage nor inLanguage repeats them (0.9 MB at 10,000
// articles). A part's headline is its own title, as its h1 shows it: the
// series and the part's place in it are isPartOf and position, not
// repeated in the headline (1.1 MB).
func ArticleJSONLD(s *site.Model, a *site.Article) any {
	headline := a.DisplayTitle
	if a.Series != nil && a.Title != "" {
		headline = a.Title
	}
	m := map[string]any{
		"@context":      "https://schema.org",
		"@type":         "BlogPosting",
		"headline":      headline,
		"datePublished": rfc3339(a.Date),
		"dateModified":  rfc3339(a.Lastmod),
		"author":        jsonLDAuthor(s),
	}
	// The image is the one og:image names: the article's cover, or its
	// series' cover when it has none.
	if a.Cover != "" {
		m["image"] = s.AbsURL(a.Cover)
	} else if a.Series != nil && a.Series.Cover != "" {
		m["image"] = s.AbsURL(a.Series.Cover)
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

// SeriesJSONLD is the schema.org CreativeWorkSeries of a series. It lists
// no parts (hasPart): every part's BlogPosting names the series (isPartOf),
// which says the same, and the list of parts with their full titles was 29%
// of a series page (3.4 MB at 10,000 articles). Its url is the one the
// parts' isPartOf name; its language is the page's lang attribute.
func SeriesJSONLD(s *site.Model, sr *site.Series) any {
	return map[string]any{
		"@context":    "https://schema.org",
		"@type":       "CreativeWorkSeries",
		"name":        sr.Title,
		"url":         sr.Permalink,
		"description": sr.Description,
	}
}

// jsonLDAuthor is the article's author for structured data: the Person the
// site's author names, or, when rensai.toml names none, the site itself as an
// Organization with its address. A blog's title is not a person's name, and
// Google's article guidelines ask for the type that fits.
func jsonLDAuthor(s *site.Model) map[string]any {
	if s.Config.Author != "" {
		return map[string]any{"@type": "Person", "name": s.Config.Author}
	}
	return map[string]any{"@type": "Organization", "name": s.Config.Title, "url": s.AbsURL("/")}
}

func authorName(s *site.Model) string {
	if s.Config.Author != "" {
		return s.Config.Author
	}
	return s.Config.Title
}
