package generator

import (
	"encoding/xml"
	"strings"
	"testing"
)

type atomFeed struct {
	Entries []struct {
		Title   string `xml:"title"`
		Content struct {
			Type string `xml:"type,attr"`
			Body string `xml:",chardata"`
		} `xml:"content"`
	} `xml:"entry"`
}

// TestFeedContentRoundTrips parses the site feed as XML and checks that the
// full content an XML reader gets back is the article's HTML: "]]>" inside
// the body cannot end the CDATA section early, characters XML cannot carry
// are dropped, and links are absolute.
func TestFeedContentRoundTrips(t *testing.T) {
	// Raw HTML is on, so "]]>" reaches the feed unescaped.
	dir := newSite(t, "title = \"テスト日報\"\nbaseURL = \"https://example.jp/\"\nunsafe = true\n[search]\nenable = false\n", map[string]string{
		"posts/a.md": "---\ntitle: 記号の件\ndate: 2026-03-01\n---\n\n" +
			"本文に &amp; と制御文字\x01があります。\n\n<div title=\"]]>\">注</div>\n\n[前の記事](/posts/b/)\n",
	})
	files := buildMem(t, Options{Source: dir})
	var f atomFeed
	if err := xml.Unmarshal(files["index.xml"], &f); err != nil {
		t.Fatalf("index.xml is not XML: %v\n%s", err, files["index.xml"])
	}
	if len(f.Entries) != 1 {
		t.Fatalf("entries = %d, want 1", len(f.Entries))
	}
	e := f.Entries[0]
	if e.Content.Type != "html" {
		t.Errorf("content type = %q", e.Content.Type)
	}
	for _, want := range []string{
		"<p>本文に &amp; と制御文字があります。</p>", `<div title="]]>">注</div>`,
		`<a href="https://example.jp/posts/b/">前の記事</a>`,
	} {
		if !strings.Contains(e.Content.Body, want) {
			t.Errorf("content lacks %q:\n%s", want, e.Content.Body)
		}
	}
	if strings.ContainsRune(e.Content.Body, 0x01) {
		t.Error("content keeps a control character")
	}
}
