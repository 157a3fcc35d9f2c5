package generator

import (
	"fmt"
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
