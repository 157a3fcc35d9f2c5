package generator

import (
	"encoding/json"
	"encoding/xml"
	"regexp"
	"slices"
	"sort"
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
	dir := newSite(t, "title = \"テスト日報\"\nbaseURL = \"https://example.jp/\"\nunsafe = true\n[search]\nenable = false\n[feeds]\nfull = true\n", map[string]string{
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

// TestJSONFeedBesideEveryAtomFeed builds a site with a series and a tag
// and checks that every Atom feed has a JSON Feed in the same folder, that
// both parse, and that the pages which link an Atom feed link its JSON
// twin with rel=alternate.
func TestJSONFeedBesideEveryAtomFeed(t *testing.T) {
	dir := newSite(t, "title = \"テスト日報\"\nbaseURL = \"https://example.jp/\"\n[search]\nenable = false\n", map[string]string{
		"posts/a.md": "---\ntitle: 発端\ndate: 2026-03-01\nseries: 名札の件\npart: 1\ntags: [名札]\n---\n\n本文。\n",
		"posts/b.md": "---\ntitle: 決着\ndate: 2026-03-02\nseries: 名札の件\npart: 2\nfinal: true\n---\n\n本文。\n",
	})
	files := buildMem(t, Options{Source: dir})
	var atoms []string
	for name := range files {
		if strings.HasSuffix(name, "index.xml") {
			atoms = append(atoms, name)
		}
	}
	sort.Strings(atoms)
	if want := []string{"index.xml", "series/名札の件/index.xml", "tags/名札/index.xml"}; !slices.Equal(atoms, want) {
		t.Fatalf("Atom feeds %v, want %v", atoms, want)
	}
	for _, atom := range atoms {
		dir := strings.TrimSuffix(atom, "index.xml")
		var doc struct {
			Version string `json:"version"`
			Items   []struct {
				ID string `json:"id"`
			} `json:"items"`
		}
		if err := json.Unmarshal(files[dir+"feed.json"], &doc); err != nil {
			t.Errorf("%sfeed.json: %v", dir, err)
		}
		if doc.Version != "https://jsonfeed.org/version/1.1" || len(doc.Items) == 0 {
			t.Errorf("%sfeed.json = %+v", dir, doc)
		}
		if err := xml.Unmarshal(files[atom], new(atomFeed)); err != nil {
			t.Errorf("%s: %v", atom, err)
		}
	}
	// Every Atom link of a page has its JSON twin; hrefs are compared as
	// the theme writes them (percent-encoded).
	linkRE := regexp.MustCompile(`<link rel="alternate" type="application/(atom\+xml|feed\+json)" title="[^"]*" href="([^"]*)">`)
	for page, want := range map[string]int{
		"index.html": 1, "series/名札の件/index.html": 2, "posts/b/index.html": 1, "tags/名札/index.html": 2,
	} {
		links := map[string]bool{}
		var atomLinks []string
		for _, m := range linkRE.FindAllStringSubmatch(string(files[page]), -1) {
			links[m[1]+" "+m[2]] = true
			if m[1] == "atom+xml" {
				atomLinks = append(atomLinks, m[2])
			}
		}
		if len(atomLinks) != want {
			t.Errorf("%s links %d Atom feeds, want %d", page, len(atomLinks), want)
		}
		for _, href := range atomLinks {
			if twin := strings.TrimSuffix(href, "index.xml") + "feed.json"; !links["feed+json "+twin] {
				t.Errorf("%s links %s but not %s as application/feed+json", page, href, twin)
			}
		}
	}
}
