package feed

import (
	"bytes"
	"encoding/json"

	"github.com/rensai-ssg/rensai/generator/site"
)

// jsonFeedVersion is the version URL of JSON Feed 1.1
// (https://www.jsonfeed.org/version/1.1/).
const jsonFeedVersion = "https://jsonfeed.org/version/1.1"

// jsonFeed is a JSON Feed 1.1 document. Fields are written in the order
// declared, so the bytes depend on the feed only. Authors and language
// are given once, at the top: the spec makes them every item's default.
type jsonFeed struct {
	Version     string       `json:"version"`
	Title       string       `json:"title"`
	HomePageURL string       `json:"home_page_url"`
	FeedURL     string       `json:"feed_url"`
	Description string       `json:"description,omitempty"`
	Language    string       `json:"language,omitempty"`
	Authors     []jsonAuthor `json:"authors"`
	// Expired says the feed will never update again: a complete series.
	Expired bool        `json:"expired,omitempty"`
	Rensai  *jsonSeries `json:"_rensai,omitempty"`
	Items   []jsonItem  `json:"items"`
}

type jsonAuthor struct {
	Name string `json:"name"`
}

// jsonSeries is the _rensai extension of a series feed (JSON Feed allows
// objects whose key starts with "_"): the series' status and size.
type jsonSeries struct {
	Series   string `json:"series"`
	Complete bool   `json:"complete"`
	Parts    int    `json:"parts"`
}

// jsonItem is one entry. An item must have content_html or content_text:
// a full entry has its HTML (and summary), a summary entry its summary as
// content_text.
type jsonItem struct {
	ID            string    `json:"id"`
	URL           string    `json:"url"`
	Title         string    `json:"title"`
	ContentHTML   string    `json:"content_html,omitempty"`
	ContentText   string    `json:"content_text,omitempty"`
	Summary       string    `json:"summary,omitempty"`
	Image         string    `json:"image,omitempty"`
	DatePublished string    `json:"date_published"`
	DateModified  string    `json:"date_modified"`
	Tags          []string  `json:"tags,omitempty"`
	Rensai        *jsonPart `json:"_rensai,omitempty"`
}

// jsonPart is the _rensai extension of a series part: its number and
// label (続編⑥).
type jsonPart struct {
	Part  int    `json:"part"`
	Label string `json:"label,omitempty"`
}

// JSON renders f as a JSON Feed 1.1 document.
func JSON(s *site.Model, f *Feed) ([]byte, error) {
	doc := jsonFeed{
		Version:     jsonFeedVersion,
		Title:       validXML(f.Title),
		HomePageURL: s.AbsURL(f.Path),
		FeedURL:     s.AbsURL(f.Path + JSONFile),
		Language:    s.Config.LanguageCode,
		Authors:     []jsonAuthor{{Name: validXML(authorName(s))}},
		Expired:     f.Complete(),
		Items:       make([]jsonItem, len(f.Entries)),
	}
	if f.Path == "/" {
		doc.Description = validXML(s.Config.Description)
	}
	if sr := f.Series; sr != nil {
		doc.Description = validXML(sr.Description)
		doc.Rensai = &jsonSeries{Series: validXML(sr.Title), Complete: sr.Complete, Parts: len(sr.Parts)}
	}
	size := 1024
	for i, e := range f.Entries {
		doc.Items[i] = item(s, e)
		size += len(e.Article.Summary) + 768
		if e.Full {
			size += len(e.Article.Content) * 11 / 10
		}
	}
	var b bytes.Buffer
	b.Grow(size)
	enc := json.NewEncoder(&b)
	// Not embedded in HTML: "<" and "&" stay as they are, which keeps
	// content_html readable and a third smaller than with \u003c escapes.
	enc.SetEscapeHTML(false)
	if err := enc.Encode(doc); err != nil {
		return nil, err
	}
	return b.Bytes(), nil
}

func item(s *site.Model, e Entry) jsonItem {
	a := e.Article
	it := jsonItem{
		ID:            a.Permalink,
		URL:           a.Permalink,
		Title:         validXML(a.DisplayTitle),
		DatePublished: rfc3339(a.Date),
		DateModified:  rfc3339(a.Lastmod),
	}
	if e.Full {
		it.ContentHTML = validXML(absolutize(string(a.Content), s.Config.BaseURL, s.Config.BasePath()))
		it.Summary = validXML(a.Summary)
	} else {
		it.ContentText = validXML(a.Summary)
	}
	if it.ContentHTML == "" && it.ContentText == "" {
		// An item needs one of the two: the title stands in for an
		// article with neither text nor summary.
		it.ContentText = it.Title
	}
	if a.Cover != "" {
		it.Image = s.AbsURL(a.Cover)
	}
	if e.Terms {
		for _, t := range a.Terms {
			it.Tags = append(it.Tags, validXML(t.Name))
		}
	}
	if a.Series != nil {
		it.Rensai = &jsonPart{Part: a.Part, Label: a.Label}
	}
	return it
}
