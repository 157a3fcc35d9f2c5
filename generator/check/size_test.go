package check

import (
	"context"
	"strings"
	"testing"
	"testing/fstest"

	"github.com/rensai-ssg/rensai/generator/i18n"
)

// sizedSite is a clean one-page site with files of known sizes: 600 bytes
// in assets/, 300 in posts/, the home page, and the build's mark, which is
// not counted.
func sizedSite() (fstest.MapFS, int64) {
	home := `<!DOCTYPE html><html lang="ja"><title>ホーム</title><link rel="canonical" href="https://example.jp/"><script type="application/json" id="rensai-page">{"v":1,"kind":"page","url":"/"}</script></html>`
	fsys := fstest.MapFS{
		"index.html":        {Data: []byte(home)},
		"assets/a.bin":      {Data: []byte(strings.Repeat("a", 400))},
		"assets/b.bin":      {Data: []byte(strings.Repeat("b", 200))},
		"posts/x.bin":       {Data: []byte(strings.Repeat("x", 300))},
		BuildMark:           {Data: []byte(strings.Repeat("m", 5000))},
		"assets/empty.bin":  {Data: nil},
		"posts/deep/y.bin":  {Data: nil},
		"sitemap-extra.txt": {Data: []byte("s")},
	}
	return fsys, int64(len(home)) + 400 + 200 + 300 + 1
}

func TestSiteSize(t *testing.T) {
	fsys, total := sizedSite()
	check := func(t *testing.T, limit int64, lang i18n.Lang) *Report {
		t.Helper()
		rep, err := Check(context.Background(), fsys, Options{BaseURL: "https://example.jp/", MaxBytes: limit, Lang: lang})
		if err != nil {
			t.Fatal(err)
		}
		if rep.Bytes != total {
			t.Errorf("Bytes = %d, want %d (the build's mark is not the site's)", rep.Bytes, total)
		}
		return rep
	}
	t.Run("under the default limit", func(t *testing.T) {
		if rep := check(t, 0, ""); !rep.OK() || rep.SizeNote != "" {
			t.Errorf("problems %v, note %q; want none", rep.Problems, rep.SizeNote)
		}
	})
	t.Run("over the limit", func(t *testing.T) {
		rep := check(t, total-1, "")
		if len(rep.Problems) != 1 {
			t.Fatalf("problems = %v, want the size alone", rep.Problems)
		}
		p := rep.Problems[0]
		if p.Path != "" || p.String() != p.Message {
			t.Errorf("problem %+v: want one of the whole site, with no path", p)
		}
		// The largest first, three at most: assets (600), posts (300), then the home page.
		for _, want := range []string{"over the limit", "the largest: assets 0.0 MB, posts 0.0 MB, index.html", "--max-mb"} {
			if !strings.Contains(p.Message, want) {
				t.Errorf("message %q does not say %q", p.Message, want)
			}
		}
		if strings.Contains(p.Message, "sitemap-extra.txt") {
			t.Errorf("message %q names a fourth entry", p.Message)
		}
		if rep.SizeNote != "" {
			t.Errorf("note %q beside the problem", rep.SizeNote)
		}
	})
	t.Run("near the limit", func(t *testing.T) {
		rep := check(t, total+total/10, i18n.Japanese) // about 90%
		if !rep.OK() {
			t.Fatalf("problems %v, want none", rep.Problems)
		}
		for _, want := range []string{"上限の 90%", "大きいもの: assets 0.0 MB、posts 0.0 MB、"} {
			if !strings.Contains(rep.SizeNote, want) {
				t.Errorf("note %q does not say %q", rep.SizeNote, want)
			}
		}
	})
	t.Run("well under the limit", func(t *testing.T) {
		if rep := check(t, 2*total, ""); !rep.OK() || rep.SizeNote != "" {
			t.Errorf("problems %v, note %q; want none at half the limit", rep.Problems, rep.SizeNote)
		}
	})
	t.Run("no limit", func(t *testing.T) {
		if rep := check(t, -1, ""); !rep.OK() || rep.SizeNote != "" {
			t.Errorf("problems %v, note %q; want none", rep.Problems, rep.SizeNote)
		}
	})
}

func TestMegabytes(t *testing.T) {
	for n, want := range map[int64]string{0: "0 MB", 1_000_000_000: "1000 MB", 646_712_345: "646.7 MB", 49_999: "0.0 MB"} {
		if got := megabytes(n); got != want {
			t.Errorf("megabytes(%d) = %q, want %q", n, got, want)
		}
	}
}
