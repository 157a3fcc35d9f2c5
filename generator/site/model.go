package site

import (
	"html/template"
	"time"

	"github.com/rensai-ssg/rensai/generator/content"
	"github.com/rensai-ssg/rensai/generator/markdown"
	"github.com/rensai-ssg/rensai/generator/series"
)

// The types in this file are what templates see. Field names are the
// template API documented in README.md ("Templates"). Unexported fields
// are the generator's, reached through the methods in access.go.

// Site is .Site in every template.
type Site struct {
	Title        string
	Description  string
	Author       string
	BaseURL      string // absolute, with trailing slash
	BasePath     string // "/" or "/repo/"
	LanguageCode string
	Params       map[string]any
	// Taxonomies lists every taxonomy by name and URL (not its terms, so
	// that a page's output depends only on what it shows).
	Taxonomies []*TaxonomyRef
	Search     bool // the search index is built
	Drafts     bool // drafts and future parts are shown (serve mode)
}

// Article is one published article.
type Article struct {
	src    *content.Article
	render *markdown.Result
	// key fingerprints the article's inputs, set by the generator.
	key    string
	isMeta bool

	Source       string // content path: "posts/a.md"
	Path         string
	RelPermalink string
	Permalink    string
	Title        string // the part's own title (front matter)
	DisplayTitle string // 【続編⑥】series title：own title
	Label        string // 続編⑥ ("" for standalone articles)
	Date         time.Time
	Lastmod      time.Time // Date when not set
	Draft        bool
	Future       bool
	Summary      string
	Content      template.HTML
	HasCode      bool // Content holds highlighted code (syntax.css)
	TOC          []TOCEntry
	Terms        []*TermRef
	Cover        string
	Params       map[string]any
	Chars        int // length of the text in characters
	ReadMinutes  int // at about 500 characters a minute

	Series   *Series
	Part     int
	Final    bool
	Position string // 第6話
	Nav      *SeriesNav
}

// TOCEntry is one heading of an article's table of contents.
type TOCEntry struct {
	Level int          // 2, 3 or 4
	ID    string       // the heading's id attribute
	Text  string       // the heading as plain text
	Href  template.URL // "#" + ID, percent-encoded once here rather than on every page render
}

// SeriesNav is the navigation of one part within its series.
type SeriesNav = series.Nav

// NavItem is one part seen from the part being read.
type NavItem = series.NavItem

// Series is one serial.
type Series struct {
	Key          string // as written in front matter
	Title        string
	Slug         string
	Path         string
	RelPermalink string
	Permalink    string
	FeedURL      string        // RelPermalink of the Atom feed
	Description  string        // the series file's description or summary, else "<title>（全N話）"
	Described    bool          // Description is the author's, not made from the title
	Content      template.HTML // body of content/series/<slug>.md
	HasCode      bool          // Content holds highlighted code (syntax.css)
	Cover        string
	Complete     bool
	StatusKey    string // "ongoing" or "complete"
	Parts        []*Article
	First        *Article
	Latest       *Article // the newest part by date
	Updated      time.Time
	source       string   // metadata file, if any
	meta         *Article // the metadata file, rendered for Content
	key          string   // the inputs of the whole series, set by the generator
	oldSlug      string   // lowerSlug(Slug) for a slug made from the title
}

// TaxonomyRef names a taxonomy.
type TaxonomyRef struct {
	Key, Name, RelPermalink string
}

// Taxonomy is one taxonomy (tags, clients, staff).
type Taxonomy struct {
	Key          string // "tags"
	Name         string // "タグ"
	Path         string
	RelPermalink string
	Terms        []*Term // by article count, then name
}

// Term is one term of a taxonomy.
type Term struct {
	Taxonomy     *Taxonomy
	Name         string
	Slug         string
	Path         string
	RelPermalink string
	FeedURL      string
	Articles     []*Article // newest first
	oldSlug      string     // lowerSlug(Slug)
}

// TermRef links an article to a term.
type TermRef struct {
	Taxonomy string // display name
	Key      string
	Name     string
	URL      string
}

// Paginator describes one page of a paginated list.
type Paginator struct {
	Number, Total int
	Prev, Next    string // RelPermalinks, "" at the ends
	First, Last   string
	// Pages are the page links to show: the first and last pages and two
	// on either side of this one, with a gap (Number 0) where pages are
	// left out; nil when there is one page.
	Pages []PageLink
}

// PageLink is one page of a paginated list, or a gap (Number 0).
type PageLink struct {
	Number int
	URL    string // RelPermalink
}

// PageWindow is the page numbers of a list of total pages to link from page
// n: 1, total, and n-2..n+2, with 0 for a gap of two pages or more (a gap
// of one shows its page).
func PageWindow(n, total int) []int {
	if total <= 1 {
		return nil
	}
	shown := func(k int) bool { return k == 1 || k == total || (k >= n-2 && k <= n+2) }
	var out []int
	for k := 1; k <= total; k++ {
		switch {
		case shown(k), shown(k-1) && shown(k+1): // a gap of one shows its page
			out = append(out, k)
		case out[len(out)-1] != 0:
			out = append(out, 0)
		}
	}
	return out
}

// Archive is a yearly or monthly archive, or the archive index.
type Archive struct {
	Year, Month int // 0 for the index; Month 0 for a year
	Years       []*ArchiveYear
	Articles    []*Article
}

// ArchiveYear is one year in the archive index.
type ArchiveYear struct {
	Year         int
	RelPermalink string
	Count        int
	Months       []*ArchiveMonth
}

// ArchiveMonth is one month in the archive.
type ArchiveMonth struct {
	Year, Month  int
	RelPermalink string
	Articles     []*Article
}
