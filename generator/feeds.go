package generator

import (
	"bytes"
	"context"
	"encoding/xml"
	"fmt"
	"sort"
	"strings"
	"time"

	"github.com/rensai-ssg/rensai/generator/output"
)

// Atom and sitemap documents are written by code, not templates: their
// format is fixed, and code keeps them well-formed.

type atomFeed struct {
	XMLName xml.Name    `xml:"http://www.w3.org/2005/Atom feed"`
	Lang    string      `xml:"xml:lang,attr"`
	Title   string      `xml:"title"`
	ID      string      `xml:"id"`
	Updated string      `xml:"updated"`
	Links   []atomLink  `xml:"link"`
	Author  *atomAuthor `xml:"author,omitempty"`
	Entries []atomEntry `xml:"entry"`
}

type atomLink struct {
	Rel  string `xml:"rel,attr,omitempty"`
	Type string `xml:"type,attr,omitempty"`
	Href string `xml:"href,attr"`
}

type atomAuthor struct {
	Name string `xml:"name"`
}

type atomEntry struct {
	Title     string    `xml:"title"`
	ID        string    `xml:"id"`
	Link      atomLink  `xml:"link"`
	Published string    `xml:"published"`
	Updated   string    `xml:"updated"`
	Summary   string    `xml:"summary"`
	Content   atomText  `xml:"content"`
	Category  []atomCat `xml:"category"`
}

type atomText struct {
	Type string `xml:"type,attr"`
	Body string `xml:",chardata"`
}

type atomCat struct {
	Term string `xml:"term,attr"`
}

func rfc3339(t time.Time) string { return t.UTC().Format(time.RFC3339) }

// feed renders an Atom feed of list (newest first) with full content.
func (s *site) feed(title, selfPath, altPath string, list []*Article) ([]byte, error) {
	f := atomFeed{
		Lang:  s.cfg.LanguageCode,
		Title: title,
		ID:    s.absURL(altPath),
		Links: []atomLink{
			{Rel: "self", Type: "application/atom+xml", Href: s.absURL(selfPath)},
			{Rel: "alternate", Type: "text/html", Href: s.absURL(altPath)},
		},
	}
	if s.cfg.Author != "" {
		f.Author = &atomAuthor{Name: s.cfg.Author}
	} else {
		f.Author = &atomAuthor{Name: s.cfg.Title}
	}
	updated := time.Time{}
	for _, a := range list {
		if a.Lastmod.After(updated) {
			updated = a.Lastmod
		}
		e := atomEntry{
			Title: a.DisplayTitle, ID: a.Permalink, Link: atomLink{Rel: "alternate", Href: a.Permalink},
			Published: rfc3339(a.Date), Updated: rfc3339(a.Lastmod), Summary: a.Summary,
			Content: atomText{Type: "html", Body: absolutize(string(a.Content), s.cfg.BaseURL, s.cfg.BasePath())},
		}
		for _, t := range a.Terms {
			e.Category = append(e.Category, atomCat{Term: t.Name})
		}
		f.Entries = append(f.Entries, e)
	}
	if updated.IsZero() {
		updated = s.updated
	}
	f.Updated = rfc3339(updated)
	var buf bytes.Buffer
	buf.WriteString(xml.Header)
	enc := xml.NewEncoder(&buf)
	enc.Indent("", " ")
	if err := enc.Encode(f); err != nil {
		return nil, err
	}
	buf.WriteByte('\n')
	return buf.Bytes(), nil
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

// writeFeeds writes the Atom feeds, the sitemap and robots.txt.
func (b *Builder) writeFeeds(s *site, w output.Writer) error {
	g := b.global(s)
	var jobs []job
	contentKey := func(list []*Article) string {
		var sb strings.Builder
		for _, a := range list {
			sb.WriteString(a.cardKey + b.rendered[a.Source].key)
		}
		return sb.String()
	}
	addFeed := func(title, dir string, list []*Article) {
		jobs = append(jobs, job{out: strings.TrimPrefix(dir, "/") + "index.xml", key: fingerprint(g, "feed", title, contentKey(list)),
			render: func() ([]byte, error) { return s.feed(title, dir+"index.xml", dir, list) }})
	}
	if !s.cfg.Feeds.Disable {
		limit := s.cfg.Feeds.Limit
		addFeed(s.cfg.Title, "/", head(s.articles, limit))
		for _, sr := range s.series {
			parts := append([]*Article(nil), sr.Parts...)
			sort.SliceStable(parts, func(i, j int) bool { return parts[i].Part > parts[j].Part })
			addFeed(sr.Title+" | "+s.cfg.Title, sr.Path, parts)
		}
		for _, tx := range s.taxonomies {
			for _, t := range tx.Terms {
				addFeed(tx.Name+"「"+t.Name+"」 | "+s.cfg.Title, t.Path, head(t.Articles, limit))
			}
		}
	}
	// Sitemap and robots.txt.
	locs := b.sitemapEntries(s)
	var key strings.Builder
	for _, l := range locs {
		key.WriteString(l.Loc + l.Lastmod)
	}
	jobs = append(jobs, job{out: "sitemap.xml", key: fingerprint(g, "sitemap", key.String()), render: func() ([]byte, error) {
		var buf bytes.Buffer
		buf.WriteString(xml.Header)
		enc := xml.NewEncoder(&buf)
		enc.Indent("", " ")
		err := enc.Encode(sitemap{URLs: locs})
		buf.WriteByte('\n')
		return buf.Bytes(), err
	}})
	jobs = append(jobs, job{out: "robots.txt", key: fingerprint(g, "robots"), render: func() ([]byte, error) {
		return []byte(fmt.Sprintf("User-agent: *\nAllow: /\n\nSitemap: %s\n", s.absURL("/sitemap.xml"))), nil
	}})
	n, err := b.runJobs(context.Background(), jobs, w, "feeds")
	s.files += n
	return err
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
