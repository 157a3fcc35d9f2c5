package generator

import (
	"encoding/json"
	"encoding/xml"
	"maps"
	"net/url"
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

// TestFeedFormatsAndLinks builds a site with a series and a tag and checks
// what each feed is: every feed is Atom, only the site's has a JSON Feed twin
// (linked from the home page only), a term feed's entries carry no
// categories while the site feed's do, entry links are Atom's default
// alternate links, and every feed a page links exists.
func TestFeedFormatsAndLinks(t *testing.T) {
	dir := newSite(t, "title = \"テスト日報\"\nbaseURL = \"https://example.jp/\"\n[search]\nenable = false\n", map[string]string{
		"posts/a.md": "---\ntitle: 発端\ndate: 2026-03-01\nseries: 名札の件\npart: 1\ntags: [名札]\n---\n\n本文。\n",
		"posts/b.md": "---\ntitle: 決着\ndate: 2026-03-02\nseries: 名札の件\npart: 2\nfinal: true\n---\n\n本文。\n",
	})
	files := buildMem(t, Options{Source: dir})
	var atoms, jsons []string
	for name := range files {
		switch {
		case strings.HasSuffix(name, "index.xml"):
			atoms = append(atoms, name)
		case strings.HasSuffix(name, "feed.json"):
			jsons = append(jsons, name)
		}
	}
	sort.Strings(atoms)
	if want := []string{"index.xml", "series/名札の件/index.xml", "tags/名札/index.xml"}; !slices.Equal(atoms, want) {
		t.Fatalf("Atom feeds %v, want %v", atoms, want)
	}
	if want := []string{"feed.json"}; !slices.Equal(jsons, want) {
		t.Fatalf("JSON Feeds %v, want %v", jsons, want)
	}
	var doc struct {
		Version string `json:"version"`
		Items   []struct {
			ID   string   `json:"id"`
			Tags []string `json:"tags"`
		} `json:"items"`
	}
	if err := json.Unmarshal(files["feed.json"], &doc); err != nil {
		t.Fatalf("feed.json: %v", err)
	}
	if doc.Version != "https://jsonfeed.org/version/1.1" || len(doc.Items) != 2 {
		t.Errorf("feed.json = %+v", doc)
	}
	type entries struct {
		Entries []struct {
			Links []struct {
				Rel  string `xml:"rel,attr"`
				Href string `xml:"href,attr"`
			} `xml:"link"`
			Categories []struct {
				Term string `xml:"term,attr"`
			} `xml:"category"`
		} `xml:"entry"`
	}
	categories := map[string]int{}
	for _, atom := range atoms {
		var f entries
		if err := xml.Unmarshal(files[atom], &f); err != nil {
			t.Fatalf("%s: %v", atom, err)
		}
		if want := map[bool]int{true: 1, false: 2}[strings.HasPrefix(atom, "tags/")]; len(f.Entries) != want {
			t.Errorf("%s has %d entries, want %d", atom, len(f.Entries), want)
		}
		for _, e := range f.Entries {
			categories[atom] += len(e.Categories)
			if len(e.Links) != 1 || e.Links[0].Rel != "" || !strings.HasPrefix(e.Links[0].Href, "https://example.jp/posts/") {
				t.Errorf("%s: entry links %+v, want one default (alternate) link to the article", atom, e.Links)
			}
		}
	}
	if want := map[string]int{"index.xml": 1, "series/名札の件/index.xml": 0, "tags/名札/index.xml": 0}; !maps.Equal(categories, want) {
		t.Errorf("categories per feed %v, want %v", categories, want)
	}
	// The feeds each page links, as the theme writes their hrefs
	// (percent-encoded), and that each exists.
	linkRE := regexp.MustCompile(`<link rel="alternate" type="application/(atom\+xml|feed\+json)" title="[^"]*" href="/([^"]*)">`)
	for page, want := range map[string][]string{
		"index.html":             {"atom+xml index.xml", "feed+json feed.json"},
		"series/名札の件/index.html": {"atom+xml index.xml", "atom+xml series/名札の件/index.xml"},
		"posts/b/index.html":     {"atom+xml index.xml"},
		"tags/名札/index.html":     {"atom+xml index.xml", "atom+xml tags/名札/index.xml"},
	} {
		var got []string
		for _, m := range linkRE.FindAllStringSubmatch(string(files[page]), -1) {
			href, err := url.PathUnescape(m[2])
			if err != nil {
				t.Fatal(err)
			}
			got = append(got, m[1]+" "+href)
			if files[href] == nil {
				t.Errorf("%s links %s, which the build did not write", page, href)
			}
		}
		if !slices.Equal(got, want) {
			t.Errorf("%s links feeds %v, want %v", page, got, want)
		}
	}
}
