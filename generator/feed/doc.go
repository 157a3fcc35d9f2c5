package feed

import (
	"sort"
	"time"

	"github.com/rensai-ssg/rensai/generator/site"
)

// File names of a feed, in the folder of the page it follows.
const (
	AtomFile = "index.xml"
	JSONFile = "feed.json"
)

// Feed is what one feed carries; Atom and JSON write the same Feed in
// their two formats, so both formats of a page's feed always agree.
type Feed struct {
	Title   string
	Path    string // site-relative folder of the page the feed follows: "/", "/series/x/"
	Entries []Entry
	// Series is the series a series feed follows (nil for the site and
	// term feeds). A complete series' feed is complete in the sense of
	// RFC 5005: it lists every part and will not change.
	Series *site.Series
}

// Entry is one article of a feed.
type Entry struct {
	Article *site.Article
	Full    bool // carries the article's HTML, not only its summary
	// Terms: carries the article's terms (Atom categories, JSON tags). A
	// series feed's entries do not: its reader follows the serial, whose
	// parts mostly share their terms (about a quarter of its bytes).
	Terms bool
}

// Complete reports whether the feed is a complete series' feed.
func (f *Feed) Complete() bool { return f.Series != nil && f.Series.Complete }

// Updated is the newest Lastmod of the entries, or the site's when there
// are none.
func (f *Feed) Updated(s *site.Model) time.Time {
	var t time.Time
	for _, e := range f.Entries {
		if e.Article.Lastmod.After(t) {
			t = e.Article.Lastmod
		}
	}
	if t.IsZero() {
		return s.Updated
	}
	return t
}

// Options decides what the feeds carry (the [feeds] table of rensai.toml).
type Options struct {
	Limit      int  // entries of the site and term feeds
	Full       bool // every entry with its full text
	SeriesFull int  // newest parts of an ongoing series with their full text
}

// List is the feed of a list page (the site, a term): the newest Limit
// articles of list (newest first), with summaries unless Full.
func List(title, path string, list []*site.Article, o Options) *Feed {
	if len(list) > o.Limit {
		list = list[:o.Limit]
	}
	f := &Feed{Title: title, Path: path, Entries: make([]Entry, len(list))}
	for i, a := range list {
		f.Entries[i] = Entry{Article: a, Full: o.Full, Terms: true}
	}
	return f
}

// Series is the feed of a series: every part in part order, so that a new
// subscriber sees the whole story's table of contents. A reader following
// the serial reads the newest part in the feed reader: the SeriesFull
// newest parts of an ongoing series carry their text, the others their
// summary and link. A complete series gets no new parts, so its feed
// carries summaries only (unless Full) and is marked complete.
func Series(title string, sr *site.Series, o Options) *Feed {
	f := &Feed{Title: title, Path: sr.Path, Series: sr, Entries: make([]Entry, len(sr.Parts))}
	for i, a := range sr.Parts {
		f.Entries[i] = Entry{Article: a, Full: o.Full}
	}
	if o.Full || sr.Complete || o.SeriesFull == 0 {
		return f
	}
	// The newest parts by date, the higher part first on a tie.
	newest := make([]int, len(f.Entries))
	for i := range newest {
		newest[i] = i
	}
	less := func(i, j int) bool {
		a, b := sr.Parts[i], sr.Parts[j]
		if !a.Date.Equal(b.Date) {
			return a.Date.After(b.Date)
		}
		return a.Part > b.Part
	}
	sort.Slice(newest, func(i, j int) bool { return less(newest[i], newest[j]) })
	for _, i := range newest[:min(o.SeriesFull, len(newest))] {
		f.Entries[i].Full = true
	}
	return f
}
