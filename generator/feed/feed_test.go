package feed

import (
	"fmt"
	"net/url"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/rensai-ssg/rensai/generator/config"
	"github.com/rensai-ssg/rensai/generator/content"
	"github.com/rensai-ssg/rensai/generator/markdown"
	"github.com/rensai-ssg/rensai/generator/site"
)

func TestXMLSafe(t *testing.T) {
	for _, tt := range []struct {
		in   string
		want string
	}{
		{"普通の文章\tと改行\n", "普通の文章\tと改行\n"},
		{"a\x00b\x1fc", "abc"},
		{"前\uFFFE後\uFFFF", "前後"},
		{"\uFFFD置換文字は残す", "\uFFFD置換文字は残す"},
		{"末尾\xef\xbf", "末尾\uFFFD\uFFFD"},
		{"不正\xff\xfeな列", "不正\uFFFD\uFFFDな列"},
	} {
		if got := validXML(tt.in); got != tt.want {
			t.Errorf("validXML(%q) = %q, want %q", tt.in, got, tt.want)
		}
	}
}

// model builds the model of two articles, one of them a series part, at
// https://example.jp/sub/.
func model(t *testing.T) *site.Model {
	t.Helper()
	cfg, _, err := config.Parse("rensai.toml", []byte("title = \"日報\"\nauthor = \"営業\"\nbaseURL = \"https://example.jp/sub/\"\n"))
	if err != nil {
		t.Fatal(err)
	}
	set := &content.Set{}
	for name, src := range map[string]string{
		"posts/a.md": "---\ntitle: 発端\ndate: 2026-03-01\nseries: 入館証の件\npart: 1\n---\n\n本文。\n",
		"posts/b.md": "---\ntitle: 単発\ndate: 2026-03-02\nlastmod: 2026-03-05\n---\n\n本文。\n",
	} {
		a, err := content.Parse(name, []byte(src), content.LoadOptions{Location: cfg.Location()})
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
		a.SetRendered(&markdown.Result{HTML: `<p><a href="/sub/posts/a/">前編</a></p>`}, nil)
	}
	m.Finish(nil)
	return m
}

func TestFeeds(t *testing.T) {
	m := model(t)
	sitemap, err := Sitemap(SitemapEntries(m))
	if err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		name string
		got  string
		want []string
	}{
		{"Atom with full, absolute content", string(Atom(m, List("日報", "/", m.Articles, Options{Limit: 20, Full: true}))), []string{
			`<feed xmlns="http://www.w3.org/2005/Atom" xml:lang="ja">`,
			`<id>https://example.jp/sub/</id>`,
			`<link rel="self" type="application/atom+xml" href="https://example.jp/sub/index.xml"/>`,
			`<name>営業</name>`,
			`<updated>2026-03-04T15:00:00Z</updated>`, // lastmod 2026-03-05 in Asia/Tokyo
			`<title>【前編①】入館証の件：発端</title>`,
			`<![CDATA[<p><a href="https://example.jp/sub/posts/a/">前編</a></p>]]>`,
		}},
		{"sitemap of every page, by URL", string(sitemap), []string{
			"<loc>https://example.jp/sub/</loc>\n  <lastmod>2026-03-05</lastmod>",
			"<loc>https://example.jp/sub/posts/a/</loc>",
			"<loc>https://example.jp/sub/series/%E5%85%A5%E9%A4%A8%E8%A8%BC%E3%81%AE%E4%BB%B6/</loc>",
		}},
		{"robots names the sitemap", string(Robots(m)), []string{"Sitemap: https://example.jp/sub/sitemap.xml\n"}},
		{"JSON-LD of a part", fmt.Sprint(ArticleJSONLD(m, m.Articles[1])), []string{"isPartOf", "CreativeWorkSeries", "position:1", "headline:発端 "}},
		{"JSON-LD of a series", fmt.Sprint(SeriesJSONLD(m, m.Series[0])), []string{"CreativeWorkSeries", "https://example.jp/sub/series/入館証の件/"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			for _, w := range tt.want {
				if !strings.Contains(tt.got, w) {
					t.Errorf("lacks %q:\n%s", w, tt.got)
				}
			}
		})
	}
}

// TestURI: sitemap URLs are ASCII, and each decodes to the page's own URL.
func TestURI(t *testing.T) {
	tests := []struct{ in, want string }{
		{"https://example.jp/sub/posts/a/", "https://example.jp/sub/posts/a/"},
		{"https://example.jp/tags/費用/", "https://example.jp/tags/%E8%B2%BB%E7%94%A8/"},
		{"https://example.jp/staff/Kさん/", "https://example.jp/staff/K%E3%81%95%E3%82%93/"},
		{"https://example.jp/tags/a b/", "https://example.jp/tags/a%20b/"},
		{"https://example.jp/tags/c%2B%2B/", "https://example.jp/tags/c%2B%2B/"}, // already escaped: kept
	}
	for _, tt := range tests {
		if got := URI(tt.in); got != tt.want {
			t.Errorf("URI(%q) = %q, want %q", tt.in, got, tt.want)
		}
	}
	m := model(t)
	paths := map[string]bool{}
	for _, e := range SitemapEntries(m) {
		for _, c := range []byte(e.Loc) {
			if c <= ' ' || c >= 0x7f {
				t.Errorf("sitemap URL %q holds byte %#x", e.Loc, c)
			}
		}
		u, err := url.Parse(e.Loc)
		if err != nil {
			t.Fatalf("sitemap URL %q: %v", e.Loc, err)
		}
		paths[u.Path] = true
	}
	for _, sr := range m.Series {
		if u, _ := url.Parse(sr.Permalink); !paths[u.Path] {
			t.Errorf("no sitemap URL decodes to the series' %s", sr.Permalink)
		}
	}
}

// TestJSONLDAuthor: the author of an article's structured data is the
// Person rensai.toml names, or the site itself as an Organization when it
// names none (a blog's title is not a person's name).
func TestJSONLDAuthor(t *testing.T) {
	m := model(t)
	got := ArticleJSONLD(m, m.Articles[0]).(map[string]any)["author"]
	if want := map[string]any{"@type": "Person", "name": "営業"}; fmt.Sprint(got) != fmt.Sprint(want) {
		t.Errorf("with author: %v, want %v", got, want)
	}
	m.Config.Author = ""
	got = ArticleJSONLD(m, m.Articles[0]).(map[string]any)["author"]
	want := map[string]any{"@type": "Organization", "name": "日報", "url": "https://example.jp/sub/"}
	if fmt.Sprint(got) != fmt.Sprint(want) {
		t.Errorf("without author: %v, want %v", got, want)
	}
}

// TestJSONLDImage: an article's structured data names the image its
// og:image shows: its own cover, or its series' cover when it has none.
func TestJSONLDImage(t *testing.T) {
	m := model(t)
	part := m.Articles[1]
	if part.Series == nil {
		t.Fatal("the second article is not a part")
	}
	if _, ok := ArticleJSONLD(m, part).(map[string]any)["image"]; ok {
		t.Error("an article without covers has an image")
	}
	part.Series.Cover = "/series/nyukan.jpg"
	if got := ArticleJSONLD(m, part).(map[string]any)["image"]; got != "https://example.jp/sub/series/nyukan.jpg" {
		t.Errorf("series cover: image %v", got)
	}
	part.Cover = "/posts/a/own.jpg"
	if got := ArticleJSONLD(m, part).(map[string]any)["image"]; got != "https://example.jp/sub/posts/a/own.jpg" {
		t.Errorf("own cover: image %v", got)
	}
}
