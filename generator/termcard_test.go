package generator

import (
	"strings"
	"testing"

	"github.com/rensai-ssg/rensai/generator/site"
)

// TestTermPageSeriesCard: a term page shows a series whose every part has
// the term as one series card (status, 全N話, the first part, the latest
// part of an ongoing series, the reader's resume box and its strings) and
// lists the parts only of a series the term covers in part.
func TestTermPageSeriesCard(t *testing.T) {
	files := map[string]string{
		"posts/a-1.md": part("甲の件", 1, "甲一", "2026-03-01", "tags: [全話]\n"),
		"posts/a-2.md": part("甲の件", 2, "甲二", "2026-03-02", "tags: [全話]\n"),
		"posts/a-3.md": part("甲の件", 3, "甲三", "2026-03-03", "tags: [全話, 一部]\n"),
		"posts/b-1.md": part("乙の件", 1, "乙一", "2026-03-04", "tags: [一部]\n"),
		"posts/b-2.md": part("乙の件", 2, "乙二", "2026-03-05", ""),
	}
	cfg := "title = \"テスト日報\"\nbaseURL = \"https://example.jp/\"\n[taxonomies]\ntags = \"タグ\"\n[search]\nenable = false\n"
	out := buildMem(t, Options{Source: newSite(t, cfg, files)})
	whole, some := string(out["tags/全話/index.html"]), string(out["tags/一部/index.html"])
	if whole == "" || some == "" {
		t.Fatal("term pages not written")
	}
	t.Run("every part: one card", func(t *testing.T) {
		for _, w := range []string{
			`<article class="series-card" data-reader-series="/series/`, `data-total="3"`,
			`data-latest-url="/posts/a-3/"`, "連載中", "全3話",
			`<a href="/posts/a-1/">第1話から読む</a>`, `最新話: <a href="/posts/a-3/">`,
			`data-reader-resume hidden`, `data-s-resume="続きから読む: {label}"`, `data-s-unread="未読{n}話"`,
		} {
			if !strings.Contains(whole, w) {
				t.Errorf("the card lacks %q", w)
			}
		}
		for _, w := range []string{`class="group-parts"`, "このうち", "/posts/a-2/", `<p class="summary">`} {
			if strings.Contains(whole, w) {
				t.Errorf("the card of a whole series has %q", w)
			}
		}
	})
	t.Run("some parts: the list of those parts", func(t *testing.T) {
		for _, w := range []string{`<ol class="group-parts" data-reader-list>`, "全3話 · このうち1話", "/posts/a-3/", "全2話 · このうち1話", "/posts/b-1/"} {
			if !strings.Contains(some, w) {
				t.Errorf("the list lacks %q", w)
			}
		}
		for _, w := range []string{"data-reader-series=", "data-s-resume=", "/posts/b-2/"} {
			if strings.Contains(some, w) {
				t.Errorf("a page of partial lists has %q", w)
			}
		}
	})
}

// TestGroupWhole: a group is whole when the list holds every part of its
// series, and hasWholeSeries says so of the list.
func TestGroupWhole(t *testing.T) {
	sr := &site.Series{Title: "甲"}
	for n := 1; n <= 2; n++ {
		sr.Parts = append(sr.Parts, &site.Article{Series: sr, Part: n})
	}
	solo := &site.Article{Title: "単発"}
	for _, tt := range []struct {
		name  string
		list  []*site.Article
		whole bool
	}{
		{"one part of two", []*site.Article{sr.Parts[1], solo}, false},
		{"both parts, newest first", []*site.Article{sr.Parts[1], solo, sr.Parts[0]}, true},
		{"a standalone article", []*site.Article{solo}, false},
	} {
		t.Run(tt.name, func(t *testing.T) {
			if got := hasWholeSeries(tt.list); got != tt.whole {
				t.Errorf("hasWholeSeries = %v; want %v", got, tt.whole)
			}
			for _, g := range groupBySeries(tt.list) {
				if g.Series == nil && g.Whole {
					t.Error("a standalone article's group is whole")
				}
			}
		})
	}
}
