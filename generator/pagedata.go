package generator

import (
	"bytes"
	"encoding/json"
	"html/template"
	"time"

	"github.com/rensai-ssg/rensai/generator/site"
)

// The page-data block is the contract between the generator and everything
// that reads built pages without knowing the theme: rensai check, the reader
// script and the dev server's live script. Every layout writes it in <head>
// with {{ pageData . }}:
//
//	<script type="application/json" id="rensai-page">{"v":1,"kind":"article",...}</script>
//
// Its fields (absent when empty) are those of pageDataBlock. An article's
// block carries what its readers use (the reader script, the live script,
// rensai check): its URL, its series' URL and total, its part, label and
// neighbours. Its title and date are in its markup; the series' title,
// slug, status and feed are in the series page's block, and so is the list
// of parts, which the series' parts file (series/<slug>/parts.json) also
// holds for the reader script. URLs are
// site-relative and carry the base path. A theme that renames every class
// keeps series checking, resume and reload working as long as it writes the
// block.

// pageDataVersion is the block's schema version, "v".
const pageDataVersion = 1

type pageDataBlock struct {
	V      int             `json:"v"`
	Kind   string          `json:"kind"`
	URL    string          `json:"url"`
	Title  string          `json:"title,omitempty"`
	Draft  bool            `json:"draft,omitempty"`
	Series *pageDataSeries `json:"series,omitempty"`
	Part   int             `json:"part,omitempty"`
	Label  string          `json:"label,omitempty"`
	Prev   *pageDataLink   `json:"prev,omitempty"`
	Next   *pageDataLink   `json:"next,omitempty"`
	Parts  []pageDataPart  `json:"parts,omitempty"`
}

type pageDataSeries struct {
	URL      string `json:"url"`
	Title    string `json:"title,omitempty"`
	Slug     string `json:"slug,omitempty"`
	Complete bool   `json:"complete,omitempty"`
	Total    int    `json:"total"`
	Feed     string `json:"feed,omitempty"`
}

// pageDataLink is a part's neighbour: its URL and label (続編③), what the
// reader script's ← → keys and bookmark need. Its title is in the page's
// series navigation, not repeated here.
type pageDataLink struct {
	URL   string `json:"url"`
	Label string `json:"label,omitempty"`
}

type pageDataPart struct {
	URL   string `json:"url"`
	Part  int    `json:"part"`
	Label string `json:"label,omitempty"`
	Title string `json:"title,omitempty"`
	Date  string `json:"date,omitempty"`
	// Draft and Future mark the parts rensai serve shows (下書き, 予約);
	// a published build has none.
	Draft  bool `json:"draft,omitempty"`
	Future bool `json:"future,omitempty"`
}

// pageData is the template function that writes a page's data block, a
// function of the page alone (and so covered by its key, keys.go).
func pageData(loc *time.Location, pg *Page) (template.HTML, error) {
	blk := pageDataBlock{V: pageDataVersion, Kind: pg.Kind, URL: pg.RelPermalink, Title: pg.Title}
	sr := pg.Series
	if a := pg.Article; a != nil {
		blk.Title = "" // the page's <h1>; nothing reads it from the block
		blk.Draft = a.Draft
		if a.Series != nil {
			sr = a.Series
			blk.Part = a.Part
			blk.Label = a.Label
		}
		if nav := a.Nav; nav != nil {
			// The list of parts is the series page's and the series'
			// parts file's (seriesParts), not repeated on every part.
			blk.Prev = navLink(nav.Prev)
			blk.Next = navLink(nav.Next)
		}
	}
	if sr != nil {
		blk.Series = &pageDataSeries{URL: sr.RelPermalink, Total: len(sr.Parts)}
		if pg.Article == nil {
			blk.Series.Title, blk.Series.Slug, blk.Series.Complete, blk.Series.Feed = sr.Title, sr.Slug, sr.Complete, sr.FeedURL
			blk.Parts = partsData(loc, sr)
		}
	}
	var buf bytes.Buffer
	buf.WriteString(`<script type="application/json" id="rensai-page">`)
	enc := json.NewEncoder(&buf) // escapes <, > and & so the block cannot close its script
	if err := enc.Encode(blk); err != nil {
		return "", err
	}
	buf.Truncate(buf.Len() - 1) // Encode's newline
	buf.WriteString(`</script>`)
	return template.HTML(buf.String()), nil
}

// partsData is every part of sr, in part order, as the page data lists it.
func partsData(loc *time.Location, sr *site.Series) []pageDataPart {
	out := make([]pageDataPart, 0, len(sr.Parts))
	for _, p := range sr.Parts {
		out = append(out, pageDataPart{URL: p.RelPermalink, Part: p.Part, Label: p.Label, Title: p.Title, Date: isoDay(loc, p.Date),
			Draft: p.Draft, Future: p.Future})
	}
	return out
}

// isoDay is t's day in loc as 2006-01-02, "" for the zero time.
func isoDay(loc *time.Location, t time.Time) string {
	if t.IsZero() {
		return ""
	}
	return t.In(loc).Format("2006-01-02")
}

// PartsFile is the name of the file, beside a series page, that lists the
// series' parts for the reader script (seriesParts).
const PartsFile = "parts.json"

// seriesParts is the parts file of sr:
// {"v":1,"series":URL,"title":…,"parts":[...]}, the list a part page's
// reader script shows under 全N話の一覧, written once per series instead of
// in every part; the title names the series in the reader's shelf.
func seriesParts(loc *time.Location, sr *site.Series) ([]byte, error) {
	return json.Marshal(struct {
		V      int            `json:"v"`
		Series string         `json:"series"`
		Title  string         `json:"title"`
		Parts  []pageDataPart `json:"parts"`
	}{pageDataVersion, sr.RelPermalink, sr.Title, partsData(loc, sr)})
}

func navLink(it *site.NavItem) *pageDataLink {
	if it == nil {
		return nil
	}
	return &pageDataLink{URL: it.URL, Label: it.Label}
}
