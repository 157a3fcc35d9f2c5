package generator

import (
	"encoding/json"
	"regexp"
	"strings"
	"testing"
)

var pageDataRE = regexp.MustCompile(`<script type="application/json" id="rensai-page">(.*?)</script>`)

// readPageData returns the page-data block of a built page, decoded.
func readPageData(t *testing.T, files map[string][]byte, name string) pageDataBlock {
	t.Helper()
	m := pageDataRE.FindAllSubmatch(files[name], -1)
	if len(m) != 1 {
		t.Fatalf("%s has %d page-data blocks, want 1", name, len(m))
	}
	var blk pageDataBlock
	if err := json.Unmarshal(m[0][1], &blk); err != nil {
		t.Fatalf("%s: page data: %v", name, err)
	}
	return blk
}

func TestPageDataDescribesSeriesPages(t *testing.T) {
	const s = "返却箱の件"
	dir := newSite(t, "", map[string]string{
		"posts/a-1.md":  part(s, 1, "はじまり", "2025-10-06", ""),
		"posts/a-2.md":  part(s, 2, "</script><b>まんなか</b>", "2025-10-14", ""),
		"posts/a-3.md":  part(s, 3, "おわり", "2025-10-20", "final: true\n"),
		"posts/solo.md": "---\ntitle: 単発\ndate: 2025-10-01\n---\n\n本文。\n",
	})
	files := buildMem(t, Options{Source: dir})

	mid := readPageData(t, files, "posts/a-2/index.html")
	if mid.V != 1 || mid.Kind != "article" || mid.URL != "/posts/a-2/" || mid.Part != 2 || mid.Label == "" {
		t.Errorf("middle part: %+v", mid)
	}
	// A part's block has what its readers use: the series' URL and total,
	// not its title, slug, status or feed (the series page's block has
	// them), nor the part's title (its <h1>).
	if mid.Title != "" {
		t.Errorf("a part's block repeats its title %q", mid.Title)
	}
	if mid.Series == nil || mid.Series.Total != 3 || mid.Series.URL == "" ||
		mid.Series.Title != "" || mid.Series.Slug != "" || mid.Series.Complete || mid.Series.Feed != "" {
		t.Errorf("series: %+v", mid.Series)
	}
	if mid.Prev == nil || mid.Prev.URL != "/posts/a-1/" || mid.Next == nil || mid.Next.URL != "/posts/a-3/" {
		t.Errorf("neighbours: prev %+v next %+v", mid.Prev, mid.Next)
	}
	if mid.Parts != nil {
		t.Errorf("a part's page data lists the parts (the series' parts file does): %+v", mid.Parts)
	}
	var list struct {
		V      int            `json:"v"`
		Series string         `json:"series"`
		Parts  []pageDataPart `json:"parts"`
	}
	if err := json.Unmarshal(files[strings.TrimPrefix(mid.Series.URL, "/")+PartsFile], &list); err != nil {
		t.Fatalf("parts file: %v", err)
	}
	if list.V != 1 || list.Series != mid.Series.URL || len(list.Parts) != 3 || list.Parts[0].Part != 1 ||
		list.Parts[1].Title != "</script><b>まんなか</b>" || list.Parts[2].URL != "/posts/a-3/" || list.Parts[2].Date != "2025-10-20" {
		t.Errorf("parts file: %+v", list)
	}

	first := readPageData(t, files, "posts/a-1/index.html")
	if first.Prev != nil || first.Next == nil {
		t.Errorf("first part: prev %+v next %+v", first.Prev, first.Next)
	}
	seriesPage := strings.TrimPrefix(mid.Series.URL, "/") + "index.html"
	series := readPageData(t, files, seriesPage)
	if series.Kind != "series" || series.Series == nil || len(series.Parts) != 3 || series.Part != 0 ||
		series.Series.Title != s || series.Series.Slug == "" || !series.Series.Complete || series.Series.Feed == "" {
		t.Errorf("series page: %+v", series)
	}
	if series.Parts[1].Title != "</script><b>まんなか</b>" {
		t.Errorf("title did not round-trip: %q", series.Parts[1].Title)
	}
	if strings.Contains(string(files[seriesPage]), `"</script><b>`) {
		t.Error("the block writes </script> unescaped")
	}
	solo := readPageData(t, files, "posts/solo/index.html")
	if solo.Series != nil || solo.Parts != nil || solo.Title != "" {
		t.Errorf("standalone article: %+v", solo)
	}
	home := readPageData(t, files, "index.html")
	if home.Kind != "home" || home.URL != "/" {
		t.Errorf("home: %+v", home)
	}
}
