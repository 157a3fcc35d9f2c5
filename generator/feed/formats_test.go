package feed

import (
	"bytes"
	"encoding/json"
	"encoding/xml"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/rensai-ssg/rensai/generator/config"
	"github.com/rensai-ssg/rensai/generator/content"
	"github.com/rensai-ssg/rensai/generator/markdown"
	"github.com/rensai-ssg/rensai/generator/site"
)

// serialSources are two serials of three parts, one complete (part 3 is
// final) and one ongoing, and a standalone article whose summary and body
// hold what needs escaping.
var serialSources = map[string]string{
	"posts/k1.md": "---\ntitle: 発端\ndate: 2026-03-01\nseries: 入館証の件\npart: 1\ntags: [入館]\n---\n\n本文。\n",
	"posts/k2.md": "---\ntitle: 経過\ndate: 2026-03-03\nseries: 入館証の件\npart: 2\n---\n\n本文。\n",
	"posts/k3.md": "---\ntitle: 決着\ndate: 2026-03-05\nseries: 入館証の件\npart: 3\nfinal: true\n---\n\n本文。\n",
	"posts/n1.md": "---\ntitle: 名札\ndate: 2026-03-02\nseries: 名札の件\npart: 1\n---\n\n本文。\n",
	"posts/n2.md": "---\ntitle: 再発\ndate: 2026-03-04\nseries: 名札の件\npart: 2\n---\n\n本文。\n",
	"posts/n3.md": "---\ntitle: 相談\ndate: 2026-03-06\nseries: 名札の件\npart: 3\n---\n\n本文。\n",
	"posts/x.md":  "---\ntitle: 記号 \"]]>\" の件\ndate: 2026-03-07\nsummary: \"要約に </script> と制御\\x01文字\"\n---\n\n本文。\n",
}

// bodies are the rendered HTML of the articles, by source.
var bodies = map[string]string{
	"posts/x.md": "<p>]]> と </script> と &amp; と制御\x02文字</p><p><a href=\"/sub/posts/k1/\">前</a></p>",
}

func serialModel(t testing.TB, extra string) *site.Model {
	t.Helper()
	cfg, _, err := config.Parse("rensai.toml", []byte("title = \"日報\"\ndescription = \"営業の記録\"\nauthor = \"営業\"\nbaseURL = \"https://example.jp/sub/\"\n"+extra))
	if err != nil {
		t.Fatal(err)
	}
	set := &content.Set{}
	for name, src := range serialSources {
		a, err := content.Parse(name, []byte(src), content.LoadOptions{Location: cfg.Location(), Taxonomies: []string{"tags"}})
		if err != nil {
			t.Fatal(err)
		}
		set.Articles = append(set.Articles, a)
	}
	slices.SortFunc(set.Articles, func(a, b *content.Article) int { return strings.Compare(a.Path, b.Path) })
	m, err := site.Build(site.Input{Config: cfg, Content: set, Now: time.Date(2026, 6, 1, 0, 0, 0, 0, time.UTC)})
	if err != nil {
		t.Fatal(err)
	}
	for _, a := range m.Articles {
		html, ok := bodies[a.Source]
		if !ok {
			html = "<p>" + a.Title + "の本文。</p>"
		}
		a.SetRendered(&markdown.Result{HTML: html, Summary: a.Title + "の要約"}, nil)
	}
	m.Finish(nil)
	return m
}

func options(m *site.Model) Options {
	fc := m.Config.Feeds
	return Options{Limit: fc.Limit, Full: fc.Full, SeriesFull: fc.SeriesFull}
}

func seriesByTitle(t testing.TB, m *site.Model, title string) *site.Series {
	t.Helper()
	for _, sr := range m.Series {
		if sr.Title == title {
			return sr
		}
	}
	t.Fatalf("no series %q", title)
	return nil
}

// atomDoc is what the tests read back from an Atom feed.
type atomDoc struct {
	XMLName  xml.Name   `xml:"http://www.w3.org/2005/Atom feed"`
	Title    string     `xml:"title"`
	ID       string     `xml:"id"`
	Updated  string     `xml:"updated"`
	Complete []struct{} `xml:"http://purl.org/syndication/history/1.0 complete"`
	Links    []struct {
		Rel  string `xml:"rel,attr"`
		Href string `xml:"href,attr"`
	} `xml:"link"`
	Entries []struct {
		Title     string `xml:"title"`
		ID        string `xml:"id"`
		Published string `xml:"published"`
		Updated   string `xml:"updated"`
		Summary   string `xml:"summary"`
		Content   *struct {
			Type string `xml:"type,attr"`
			Body string `xml:",chardata"`
		} `xml:"content"`
		Link struct {
			Rel  string `xml:"rel,attr"`
			Href string `xml:"href,attr"`
		} `xml:"link"`
	} `xml:"entry"`
}

// jsonDoc is what the tests read back from a JSON Feed.
type jsonDoc struct {
	Version     string `json:"version"`
	Title       string `json:"title"`
	HomePageURL string `json:"home_page_url"`
	FeedURL     string `json:"feed_url"`
	Description string `json:"description"`
	Language    string `json:"language"`
	Authors     []struct {
		Name string `json:"name"`
	} `json:"authors"`
	Expired bool `json:"expired"`
	Rensai  *struct {
		Complete bool `json:"complete"`
		Parts    int  `json:"parts"`
	} `json:"_rensai"`
	Items []struct {
		ID            string `json:"id"`
		URL           string `json:"url"`
		Title         string `json:"title"`
		ContentHTML   string `json:"content_html"`
		ContentText   string `json:"content_text"`
		Summary       string `json:"summary"`
		DatePublished string `json:"date_published"`
		DateModified  string `json:"date_modified"`
		Rensai        *struct {
			Part int `json:"part"`
		} `json:"_rensai"`
	} `json:"items"`
}

// decode parses f in both formats and checks the fields each format
// requires: for Atom (RFC 4287) the feed's id, title and updated and every
// entry's id, title, updated and either content or an alternate link; for
// JSON Feed 1.1 the version URL, title and every item's id and content.
func decode(t *testing.T, m *site.Model, f *Feed) (atomDoc, jsonDoc) {
	t.Helper()
	var a atomDoc
	if err := xml.Unmarshal(Atom(m, f), &a); err != nil {
		t.Fatalf("Atom of %s is not XML: %v\n%s", f.Path, err, Atom(m, f))
	}
	raw, err := JSON(m, f)
	if err != nil {
		t.Fatal(err)
	}
	var j jsonDoc
	if err := json.Unmarshal(raw, &j); err != nil {
		t.Fatalf("JSON Feed of %s is not JSON: %v\n%s", f.Path, err, raw)
	}
	rfc := func(what, v string) {
		if _, err := time.Parse(time.RFC3339, v); err != nil {
			t.Errorf("%s %q is not RFC 3339", what, v)
		}
	}
	if a.ID == "" || a.Title == "" {
		t.Errorf("Atom feed lacks id or title: %+v", a)
	}
	rfc("Atom updated", a.Updated)
	for _, e := range a.Entries {
		// A link without rel is an alternate link (RFC 4287 4.2.7.2).
		alternate := e.Link.Href != "" && (e.Link.Rel == "" || e.Link.Rel == "alternate")
		if e.ID == "" || e.Title == "" || (e.Content == nil && !alternate) {
			t.Errorf("Atom entry lacks a required element: %+v", e)
		}
		rfc("Atom updated", e.Updated)
		// <published> is written only when it differs from <updated>.
		if e.Published != "" {
			rfc("Atom published", e.Published)
			if e.Published == e.Updated {
				t.Errorf("Atom entry %s repeats its date in <published>", e.ID)
			}
		}
	}
	if j.Version != "https://jsonfeed.org/version/1.1" || j.Title == "" || j.Language != "ja" || len(j.Authors) != 1 || j.Authors[0].Name != "営業" {
		t.Errorf("JSON Feed header = %+v", j)
	}
	if j.FeedURL != m.AbsURL(f.Path+JSONFile) || j.HomePageURL != m.AbsURL(f.Path) {
		t.Errorf("JSON Feed URLs = %q, %q", j.FeedURL, j.HomePageURL)
	}
	for _, it := range j.Items {
		if it.ID == "" || it.URL == "" || it.Title == "" || (it.ContentHTML == "" && it.ContentText == "") {
			t.Errorf("JSON item lacks a required field: %+v", it)
		}
		rfc("JSON date_published", it.DatePublished)
		rfc("JSON date_modified", it.DateModified)
	}
	if len(a.Entries) != len(j.Items) {
		t.Errorf("Atom has %d entries, JSON Feed %d items", len(a.Entries), len(j.Items))
	}
	return a, j
}

// TestSeriesFeeds checks what a series feed carries: every part in part
// order, fh:complete and expired exactly for a complete series, and the
// text of an ongoing series' newest parts only, as configured.
func TestSeriesFeeds(t *testing.T) {
	tests := []struct {
		name     string
		config   string
		series   string
		complete bool
		full     []bool // by part
	}{
		{"complete series: summaries, marked complete", "", "入館証の件", true, []bool{false, false, false}},
		{"ongoing series: the newest part in full", "", "名札の件", false, []bool{false, false, true}},
		{"ongoing series: seriesFull = 2", "[feeds]\nseriesFull = 2\n", "名札の件", false, []bool{false, true, true}},
		{"ongoing series: seriesFull = 0, summaries only", "[feeds]\nseriesFull = 0\n", "名札の件", false, []bool{false, false, false}},
		{"full = true: a complete series in full", "[feeds]\nfull = true\n", "入館証の件", true, []bool{true, true, true}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			m := serialModel(t, tt.config)
			sr := seriesByTitle(t, m, tt.series)
			a, j := decode(t, m, Series(sr.Title, sr, options(m)))
			if got := len(a.Complete); (got == 1) != tt.complete || got > 1 {
				t.Errorf("fh:complete %d times, complete = %v", got, tt.complete)
			}
			if hasNS := strings.Contains(string(Atom(m, Series(sr.Title, sr, options(m)))), historyNS); hasNS != tt.complete {
				t.Errorf("history namespace declared = %v, want %v", hasNS, tt.complete)
			}
			if j.Expired != tt.complete || j.Rensai == nil || j.Rensai.Complete != tt.complete || j.Rensai.Parts != len(sr.Parts) {
				t.Errorf("JSON expired = %v, _rensai = %+v; want complete %v of %d parts", j.Expired, j.Rensai, tt.complete, len(sr.Parts))
			}
			if len(a.Entries) != len(tt.full) || len(j.Items) != len(tt.full) {
				t.Fatalf("entries = %d, items = %d, want %d", len(a.Entries), len(j.Items), len(tt.full))
			}
			for i, full := range tt.full {
				p := sr.Parts[i]
				e, it := a.Entries[i], j.Items[i]
				if p.Part != i+1 || e.ID != p.Permalink || it.ID != p.Permalink || it.Rensai == nil || it.Rensai.Part != i+1 {
					t.Errorf("entry %d is %s (part %d), want part %d in order", i, e.ID, p.Part, i+1)
				}
				if (e.Content != nil) != full || (it.ContentHTML != "") != full {
					t.Errorf("part %d: Atom content %v, JSON content_html %q; want full = %v", i+1, e.Content != nil, it.ContentHTML, full)
				}
				// Atom: the summary or the content, never both (a feed reader
				// makes its snippet from the content); JSON Feed keeps its
				// summary beside content_html, for timelines.
				if want := map[bool]string{false: p.Summary}[full]; e.Summary != want || (!full && it.ContentText != p.Summary) || (full && it.Summary != p.Summary) {
					t.Errorf("part %d: summaries %q, %q, %q; want %q", i+1, e.Summary, it.ContentText, it.Summary, p.Summary)
				}
			}
		})
	}
}

// TestListFeeds checks the site and term feeds: the newest limit entries,
// with summaries unless full is set, and text escaped in both formats.
func TestListFeeds(t *testing.T) {
	const html = `<p>]]> と </script> と &amp; と制御文字</p><p><a href="https://example.jp/sub/posts/k1/">前</a></p>`
	tests := []struct {
		name   string
		config string
		term   bool
		ids    []string
		full   bool
	}{
		{"site: newest limit, summaries", "[feeds]\nlimit = 3\n", false, []string{"posts/x/", "posts/n3/", "posts/k3/"}, false},
		{"site: full text by config", "[feeds]\nlimit = 2\nfull = true\n", false, []string{"posts/x/", "posts/n3/"}, true},
		{"term: its articles only", "", true, []string{"posts/k1/"}, false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			m := serialModel(t, tt.config)
			f := List("日報", "/", m.Articles, options(m))
			if tt.term {
				term := m.Taxonomies[0].Terms[0]
				f = List(term.Name, term.Path, term.Articles, options(m))
			}
			a, j := decode(t, m, f)
			if want := map[bool]string{false: "営業の記録", true: ""}[tt.term]; j.Description != want {
				t.Errorf("description %q, want %q", j.Description, want)
			}
			if len(a.Complete) != 0 || j.Expired || j.Rensai != nil {
				t.Error("a list feed is marked complete or carries _rensai")
			}
			var ids []string
			for i, e := range a.Entries {
				ids = append(ids, strings.TrimPrefix(e.ID, "https://example.jp/sub/"))
				it := j.Items[i]
				if (e.Content != nil) != tt.full || (it.ContentHTML != "") != tt.full {
					t.Errorf("%s: full = %v, %v; want %v", e.ID, e.Content != nil, it.ContentHTML != "", tt.full)
				}
				if !strings.HasSuffix(e.ID, "posts/x/") {
					continue
				}
				if e.Title != `記号 "]]>" の件` || it.Title != e.Title {
					t.Errorf("titles %q, %q", e.Title, it.Title)
				}
				want := "要約に </script> と制御文字"
				if atom := map[bool]string{false: want}[tt.full]; e.Summary != atom || (!tt.full && it.ContentText != want) || (tt.full && it.Summary != want) {
					t.Errorf("summaries %q, %q, %q; want %q", e.Summary, it.ContentText, it.Summary, want)
				}
				if tt.full && (e.Content.Body != html || it.ContentHTML != html || e.Content.Type != "html") {
					t.Errorf("content\n Atom %q\n JSON %q\nwant %q", e.Content.Body, it.ContentHTML, html)
				}
			}
			if !slices.Equal(ids, tt.ids) {
				t.Errorf("entries %v, want %v", ids, tt.ids)
			}
		})
	}
}

// TestFeedsDeterministic builds the model twice (the sources come from a
// map, so in another order) and compares every feed byte for byte; no
// control character survives in either format.
func TestFeedsDeterministic(t *testing.T) {
	render := func() [][]byte {
		m := serialModel(t, "[feeds]\nfull = true\n")
		feeds := []*Feed{List("日報", "/", m.Articles, options(m))}
		for _, sr := range m.Series {
			feeds = append(feeds, Series(sr.Title, sr, options(m)))
		}
		var out [][]byte
		for _, f := range feeds {
			j, err := JSON(m, f)
			if err != nil {
				t.Fatal(err)
			}
			out = append(out, Atom(m, f), j)
		}
		return out
	}
	first, second := render(), render()
	for i := range first {
		if !bytes.Equal(first[i], second[i]) {
			t.Errorf("feed %d differs between two builds:\n%s\n%s", i, first[i], second[i])
		}
		for _, bad := range []string{"\x01", "\x02", `\u0001`, `\u0002`} {
			if bytes.Contains(first[i], []byte(bad)) {
				t.Errorf("feed %d keeps the control character %q", i, bad)
			}
		}
	}
}

// TestFeedTerms: the site and term feeds carry an entry's terms (Atom
// categories, JSON tags); a series feed does not.
func TestFeedTerms(t *testing.T) {
	m := serialModel(t, "")
	sr := seriesByTitle(t, m, "入館証の件")
	for _, tt := range []struct {
		name string
		f    *Feed
		want bool
	}{
		{"site feed", List("日報", "/", m.Articles, options(m)), true},
		{"series feed", Series("入館証の件", sr, options(m)), false},
	} {
		t.Run(tt.name, func(t *testing.T) {
			js, err := JSON(m, tt.f)
			if err != nil {
				t.Fatal(err)
			}
			atom := string(Atom(m, tt.f))
			if got := strings.Contains(atom, `<category term="入館"/>`); got != tt.want {
				t.Errorf("Atom category 入館: %v; want %v\n%s", got, tt.want, atom)
			}
			if got := strings.Contains(string(js), `"tags":["入館"]`); got != tt.want {
				t.Errorf("JSON tag 入館: %v; want %v\n%s", got, tt.want, js)
			}
		})
	}
}

// TestAtomPublished: an Atom entry carries <published> only when the
// article was updated after it was published; otherwise <updated> alone is
// its date (RFC 4287 makes <published> optional).
func TestAtomPublished(t *testing.T) {
	m := serialModel(t, "")
	sr := seriesByTitle(t, m, "入館証の件")
	edited := sr.Parts[1]
	edited.Lastmod = edited.Date.Add(50 * time.Hour)
	a, _ := decode(t, m, Series(sr.Title, sr, options(m)))
	if len(a.Entries) != 3 {
		t.Fatalf("series feed has %d entries, want 3", len(a.Entries))
	}
	for _, e := range a.Entries {
		want, upd := "", e.Updated
		if e.ID == edited.Permalink {
			want, upd = edited.Date.UTC().Format(time.RFC3339), edited.Lastmod.UTC().Format(time.RFC3339)
		}
		if e.Published != want || e.Updated != upd {
			t.Errorf("%s: <published> %q <updated> %q, want %q and %q", e.ID, e.Published, e.Updated, want, upd)
		}
	}
}

// TestAtomSummaryOrContent: a full entry carries its text and no summary;
// a full entry of an article without text keeps its summary, so that no
// entry is empty.
func TestAtomSummaryOrContent(t *testing.T) {
	m := serialModel(t, "")
	withText := &site.Article{DisplayTitle: "本文あり", Permalink: "https://example.jp/sub/a/", Summary: "要約一", Content: "<p>本文</p>"}
	noText := &site.Article{DisplayTitle: "本文なし", Permalink: "https://example.jp/sub/b/", Summary: "要約二"}
	out := string(Atom(m, &Feed{Title: "日報", Path: "/", Entries: []Entry{{Article: withText, Full: true}, {Article: noText, Full: true}}}))
	if strings.Contains(out, "要約一") || !strings.Contains(out, "<![CDATA[<p>本文</p>]]>") {
		t.Errorf("the full entry with text:\n%s", out)
	}
	if !strings.Contains(out, "<summary>要約二</summary>") {
		t.Errorf("the full entry without text lost its summary:\n%s", out)
	}
}
