package check

import (
	"bytes"
	"encoding/json"
	"errors"
	"strings"
)

// jsonFeedName is the file name of the JSON Feeds rensai writes.
const jsonFeedName = "feed.json"

// jsonFeedDoc is the part of a JSON Feed 1.1 document the checks read.
type jsonFeedDoc struct {
	Version     string `json:"version"`
	Title       string `json:"title"`
	HomePageURL string `json:"home_page_url"`
	FeedURL     string `json:"feed_url"`
	Items       []struct {
		ID          string `json:"id"`
		URL         string `json:"url"`
		ContentHTML string `json:"content_html"`
		ContentText string `json:"content_text"`
	} `json:"items"`
}

// parseJSONFeed reads a JSON Feed into the form the feed checks share
// with XML: its URLs, and what makes it malformed (syntax) or invalid
// (a required field missing).
func parseJSONFeed(name string, data []byte) *xmlDoc {
	doc := &xmlDoc{path: name, root: "feed"}
	var f jsonFeedDoc
	if err := json.Unmarshal(data, &f); err != nil {
		doc.errLine, doc.errMsg = 1, note{"check.text", []any{err.Error()}}
		var se *json.SyntaxError
		if errors.As(err, &se) {
			doc.errLine = 1 + bytes.Count(data[:se.Offset], []byte("\n"))
		}
		doc.kind = "JSON"
		return doc
	}
	if !strings.HasPrefix(f.Version, "https://jsonfeed.org/version/") {
		doc.faults = append(doc.faults, note{"check.feed.version", nil})
	}
	if f.Title == "" {
		doc.faults = append(doc.faults, note{"check.feed.noTitle", nil})
	}
	if f.Items == nil {
		doc.faults = append(doc.faults, note{"check.feed.noItems", nil})
	}
	add := func(where, u string) {
		if u != "" {
			doc.urls = append(doc.urls, xmlURL{where, u, 1})
		}
	}
	add(`"home_page_url"`, f.HomePageURL)
	add(`"feed_url"`, f.FeedURL)
	for _, it := range f.Items {
		if it.ID == "" {
			doc.faults = append(doc.faults, note{"check.feed.itemNoID", nil})
		}
		if it.ContentHTML == "" && it.ContentText == "" {
			doc.faults = append(doc.faults, note{"check.feed.itemNoContent", []any{it.ID}})
		}
		add(`item "url"`, it.URL)
	}
	return doc
}
