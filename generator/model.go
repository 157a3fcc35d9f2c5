package generator

import "github.com/rensai-ssg/rensai/generator/site"

// Page is the data of one rendered page ("." in a layout).
type Page struct {
	Site         *site.Site
	Kind         string // home, article, series, seriesIndex, taxonomy, term, archive, search, 404, alias
	Title        string // the page's own title, without the site title
	Description  string
	Path         string // site-relative path: "/posts/a/"
	RelPermalink string // with the base path: "/repo/posts/a/"
	Permalink    string // absolute URL
	Image        string // absolute URL of a cover image, if any
	NoIndex      bool

	Article    *site.Article   // Kind article
	Articles   []*site.Article // list pages: the articles of this page
	Paginator  *site.Paginator
	Series     *site.Series   // Kind series
	SeriesList []*site.Series // Kind seriesIndex: this page's series, ongoing then complete, each newest update first
	Index      *SeriesIndex   // Kind seriesIndex and the home page's first page: the whole index
	Ongoing    []*site.Series // Kind home: ongoing series
	Taxonomy   *site.Taxonomy // Kind taxonomy and term
	Term       *site.Term     // Kind term
	Archive    *site.Archive  // Kind archive
	Target     string         // Kind alias: where to redirect (absolute)
	JSONLD     any            // structured data, rendered as JSON in <head>

	// prepare, if set, fills in what only rendering needs.
	prepare func()
}

// HasCode reports whether the page shows highlighted code: an article's
// body or a series page's description. The default theme links
// syntax.css only then (list pages show summaries, which are plain text).
func (p *Page) HasCode() bool {
	switch {
	case p.Article != nil:
		return p.Article.HasCode
	case p.Series != nil:
		return p.Series.HasCode
	}
	return false
}
