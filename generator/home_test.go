package generator

import (
	"context"
	"fmt"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
)

// TestHomeOngoingCapped: the home page shows the most recently updated
// ongoing series, ten unless [params] home_ongoing says otherwise, and
// links to the series index for the rest, so a blog with many unfinished
// serials does not put all of them on its first page.
func TestHomeOngoingCapped(t *testing.T) {
	files := map[string]string{}
	for i := 1; i <= 12; i++ {
		// series 12 is the most recently updated
		files[fmt.Sprintf("posts/s%02d.md", i)] = part(fmt.Sprintf("案件%02d", i), 1, "発端", fmt.Sprintf("2026-03-%02d", i), "")
	}
	base := "title = \"テスト日報\"\nbaseURL = \"https://example.jp/\"\n[search]\nenable = false\n"
	ongoing := func(t *testing.T, out map[string][]byte) (titles []string, more string) {
		t.Helper()
		page := string(out["index.html"])
		start, end := strings.Index(page, `<section class="ongoing"`), -1
		if start >= 0 {
			end = strings.Index(page[start:], "</section>")
		}
		if end < 0 {
			t.Fatalf("index.html has no ongoing section:\n%s", page)
		}
		sec := page[start : start+end]
		for _, m := range regexp.MustCompile(`<h3 class="card-title"><a href="[^"]*">([^<]*)</a>`).FindAllStringSubmatch(sec, -1) {
			titles = append(titles, m[1])
		}
		if m := regexp.MustCompile(`<a href="/series/#ongoing-heading">(連載中の[^<]*)</a>`).FindStringSubmatch(sec); m != nil {
			more = m[1]
		}
		return titles, more
	}
	tests := []struct {
		name   string
		params string
		n      int // series shown, newest first
		more   string
	}{
		{"ten by default", "", 10, "連載中の全12件を連載一覧で見る"},
		{"as many as params say", "[params]\nhome_ongoing = 3\n", 3, "連載中の全12件を連載一覧で見る"},
		{"all when they fit", "[params]\nhome_ongoing = 12\n", 12, ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			out := buildMem(t, Options{Source: newSite(t, base+tt.params, files)})
			titles, more := ongoing(t, out)
			if len(titles) != tt.n {
				t.Fatalf("home shows %d ongoing series %v; want %d", len(titles), titles, tt.n)
			}
			for i, got := range titles {
				if want := fmt.Sprintf("案件%02d", 12-i); got != want {
					t.Errorf("ongoing series %d is %s; want %s (newest first)", i+1, got, want)
				}
			}
			if more != tt.more {
				t.Errorf("link to the rest = %q; want %q", more, tt.more)
			}
		})
	}
}

func TestFirst(t *testing.T) {
	list := []string{"a", "b", "c"}
	for _, n := range []any{2, int64(2), uint8(2), 2.0} {
		got, err := first(n, list)
		if err != nil || fmt.Sprint(got) != "[a b]" {
			t.Errorf("first(%T %v) = %v, %v; want [a b]", n, n, got, err)
		}
	}
	if got, err := first(5, list); err != nil || fmt.Sprint(got) != "[a b c]" {
		t.Errorf("first(5) = %v, %v; want the whole list", got, err)
	}
	for _, bad := range []any{-1, 1.5, "2"} {
		if _, err := first(bad, list); err == nil {
			t.Errorf("first(%#v) gave no error", bad)
		}
	}
	if _, err := first(1, 3); err == nil {
		t.Error("first of a number gave no error")
	}
}

// TestSeriesIndexOngoingFirst: the series index lists the ongoing series
// first, then the complete ones, each by last update, under headings the
// home page's link lands on.
func TestSeriesIndexOngoingFirst(t *testing.T) {
	files := map[string]string{
		// by last update: 完結B (03-04), 連載A (03-03), 完結D (03-02), 連載C (03-01)
		"posts/a.md": part("連載A", 1, "発端", "2026-03-03", ""),
		"posts/b.md": part("完結B", 1, "発端", "2026-03-04", "final: true\n"),
		"posts/c.md": part("連載C", 1, "発端", "2026-03-01", ""),
		"posts/d.md": part("完結D", 1, "発端", "2026-03-02", "final: true\n"),
	}
	out := buildMem(t, Options{Source: newSite(t, "", files)})
	page := string(out["series/index.html"])
	var got []string
	for _, m := range regexp.MustCompile(`<h2 id="(ongoing|completed)-heading">|<h3 class="card-title"><a href="[^"]*">([^<]*)</a>`).FindAllStringSubmatch(page, -1) {
		got = append(got, m[1]+m[2])
	}
	if want := "ongoing 連載A 連載C completed 完結B 完結D"; strings.Join(got, " ") != want {
		t.Errorf("series index lists %q; want %q", strings.Join(got, " "), want)
	}
}

// TestSeriesIndexPaginated: the series index holds [series] paginate
// series a page, ongoing ones first across pages; its first page counts
// both kinds and links to the page where the complete ones start, and
// the home page links there too once it cannot show them all.
func TestSeriesIndexPaginated(t *testing.T) {
	files := map[string]string{}
	// Ongoing 連載1 (newest) .. 連載3; complete 完結1 (newest) .. 完結6.
	for i := 1; i <= 3; i++ {
		files["posts/o"+itoa(i)+".md"] = part("連載"+itoa(i), 1, "発端", "2026-04-0"+itoa(10-i), "")
	}
	for i := 1; i <= 6; i++ {
		files["posts/c"+itoa(i)+".md"] = part("完結"+itoa(i), 1, "発端", "2026-03-0"+itoa(10-i), "final: true\n")
	}
	config := "title = \"テスト日報\"\nbaseURL = \"https://example.jp/blog/\"\n[series]\npaginate = 2\n[search]\nenable = false\n"
	out := buildMem(t, Options{Source: newSite(t, config, files)})
	cards := regexp.MustCompile(`<h2 id="(ongoing|completed)-heading">|<h3 class="card-title"><a href="[^"]*">([^<]*)</a>`)
	want := map[string]string{
		"series/index.html":        "ongoing 連載1 連載2",
		"series/page/2/index.html": "ongoing 連載3 completed 完結1",
		"series/page/3/index.html": "completed 完結2 完結3",
		"series/page/5/index.html": "completed 完結6",
	}
	for name, w := range want {
		var got []string
		for _, m := range cards.FindAllStringSubmatch(string(out[name]), -1) {
			got = append(got, m[1]+m[2])
		}
		if strings.Join(got, " ") != w {
			t.Errorf("%s lists %q; want %q", name, strings.Join(got, " "), w)
		}
	}
	if _, ok := out["series/page/6/index.html"]; ok {
		t.Error("9 series at 2 a page made a sixth page")
	}
	first := string(out["series/index.html"])
	for _, w := range []string{
		`連載中 3件 · <a href="/blog/series/page/2/#completed-heading">完結 6件</a>`,
		`<a rel="next" href="/blog/series/page/2/">`,
		`1 / 5ページ`,
	} {
		if !strings.Contains(first, w) {
			t.Errorf("series/index.html lacks %s", w)
		}
	}
	later := string(out["series/page/3/index.html"])
	for _, w := range []string{`<title>連載一覧（3ページ目）`, `<a rel="prev" href="/blog/series/page/2/">`, `<a rel="next" href="/blog/series/page/4/">`,
		`<li><a aria-current="page" href="/blog/series/page/3/">3</a></li>`, `<li><a href="/blog/series/">1</a></li>`, `<li><a href="/blog/series/page/5/">5</a></li>`} {
		if !strings.Contains(later, w) {
			t.Errorf("series/page/3/index.html lacks %s", w)
		}
	}
	if strings.Contains(later, "series-counts") {
		t.Error("a later page of the series index repeats the counts")
	}
	if home := string(out["index.html"]); !strings.Contains(home, `<a href="/blog/series/page/2/#completed-heading">完結した全6件を連載一覧で見る</a>`) {
		t.Error("the home page shows 5 of 6 complete series without linking to where the index lists them")
	}
}

// TestIncrementalSeriesIndexPages: when a series completes, the series
// index's pages shift (it moves from the ongoing ones to the complete
// ones); a rebuild told of that one file writes the same site as a full
// build, with no page of the index left stale.
func TestIncrementalSeriesIndexPages(t *testing.T) {
	files := map[string]string{}
	for i := 1; i <= 4; i++ {
		files["posts/s"+itoa(i)+".md"] = part("連載"+itoa(i), 1, "発端", "2026-04-0"+itoa(i), "")
	}
	files["posts/done.md"] = part("完結済み", 1, "発端", "2026-03-01", "final: true\n")
	config := "title = \"テスト日報\"\nbaseURL = \"https://example.jp/\"\n[series]\npaginate = 2\n[search]\nenable = false\n"
	dir := newSite(t, config, files)
	inc, err := NewBuilder(Options{Source: dir, Now: fixedNow})
	if err != nil {
		t.Fatal(err)
	}
	first, err := inc.Build(context.Background(), nil)
	if err != nil {
		t.Fatal(err)
	}
	before := withUnchanged(t, nil, first)
	// 連載4, the newest ongoing series, completes: page 1 loses it, page 3
	// gains it, and the counts on page 1 change.
	writeFile(t, filepath.Join(dir, "content", "posts", "s4.md"), part("連載4", 1, "発端", "2026-04-04", "final: true\n"))
	res, err := inc.Build(context.Background(), []string{"content/posts/s4.md"})
	if err != nil {
		t.Fatal(err)
	}
	after := withUnchanged(t, before, res)
	sameFiles(t, "full and incremental", buildMem(t, Options{Source: dir}), after)
	if !strings.Contains(string(after["series/index.html"]), "連載中 3件") {
		t.Error("the first page of the index does not count 3 ongoing series after one completed")
	}
}
