package site

import (
	"slices"
	"strconv"
	"strings"
	"testing"
)

// partOf is a part of the series title, dated in March 2026.
func partOf(title string, n int) string {
	s := strconv.Itoa(n)
	return "---\ntitle: 第" + s + "話\ndate: 2026-03-0" + s + "\nseries: " + title + "\npart: " + s + "\n---\n\n本文。\n"
}

// partWithSlug is partOf with a series_slug: line (line 6).
func partWithSlug(title string, n int, slug string) string {
	return strings.Replace(partOf(title, n), "\n---\n\n", "\nseries_slug: "+slug+"\n---\n\n", 1)
}

// TestGhostSerials: series titles equal after NFKC, width and case folding
// are one series; a lone or headless series whose title is close to
// another's is an error naming both files and lines (もしかして), unless a
// metadata file or a series_slug: declares it.
func TestGhostSerials(t *testing.T) {
	const title = "入館証が戻らないYさんの件"
	tests := []struct {
		name   string
		files  map[string]string
		series int      // series in the model, when it builds
		slugs  []string // the series' slugs, sorted, if checked
		errs   []string // substrings of the error, when it does not
	}{
		{"full-width letter is the same series", map[string]string{
			"posts/a1.md": partOf(title, 1),
			"posts/a2.md": partOf(title, 2),
			"posts/a3.md": partOf("入館証が戻らないＹさんの件", 3),
		}, 1, nil, nil},
		{"half-width katakana is the same series", map[string]string{
			"posts/a1.md": partOf("ｸﾚｰﾑ対応の件", 1),
			"posts/a2.md": partOf("クレーム対応の件", 2),
			"posts/a3.md": partOf("クレーム対応の件", 3),
		}, 1, nil, nil},
		{"a changed word makes a ghost", map[string]string{
			"posts/a1.md": partOf(title, 1),
			"posts/a2.md": partOf(title, 2),
			"posts/a3.md": partOf("入館証が戻らないYさんの案件", 3),
		}, 0, nil, []string{"content/posts/a3.md:5:", "もしかして", title, "content/posts/a1.md:5"}},
		{"another initial is another case", map[string]string{
			"posts/a1.md": partOf(title, 1),
			"posts/a2.md": partOf(title, 2),
			"posts/w1.md": partOf("入館証が戻らないWさんの件", 1),
		}, 2, nil, nil},
		{"a metadata file declares a separate series", map[string]string{
			"posts/a1.md":     partOf(title, 1),
			"posts/a2.md":     partOf(title, 2),
			"posts/a3.md":     partOf("入館証が戻らないYさんの案件", 3),
			"series/annai.md": "---\ntitle: 入館証が戻らないYさんの案件\nslug: annai\n---\n",
		}, 2, nil, nil},
		{"series_slug declares a separate series", map[string]string{
			"posts/a1.md": partOf(title, 1),
			"posts/a2.md": partOf(title, 2),
			"posts/a3.md": partWithSlug("入館証が戻らないYさんの案件", 3, "annai"),
		}, 2, []string{"annai", "入館証が戻らないYさんの件"}, nil},
		{"series_slug on one part names the whole series", map[string]string{
			"posts/b1.md": partWithSlug("受付の件", 1, "uketsuke"),
			"posts/b2.md": partOf("受付の件", 2),
		}, 1, []string{"uketsuke"}, nil},
		{"parts that disagree on series_slug", map[string]string{
			"posts/b1.md": partWithSlug("受付の件", 1, "uketsuke"),
			"posts/b2.md": partWithSlug("受付の件", 2, "reception"),
		}, 0, nil, []string{"content/posts/b2.md:6: series_slug: reception", "content/posts/b1.md:6", "uketsuke"}},
		{"series_slug that disagrees with the metadata file", map[string]string{
			"posts/b1.md":         partWithSlug("受付の件", 1, "uketsuke"),
			"series/reception.md": "---\ntitle: 受付の件\n---\n",
		}, 0, nil, []string{"content/posts/b1.md:6: series_slug: uketsuke differs from the slug reception", "content/series/reception.md"}},
		{"series_slug that agrees with the metadata file", map[string]string{
			"posts/b1.md":        partWithSlug("受付の件", 1, "uketsuke"),
			"series/uketsuke.md": "---\ntitle: 受付の件\n---\n",
		}, 1, []string{"uketsuke"}, nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			m, err := model(t, "", tt.files, false)
			if len(tt.errs) > 0 {
				if err == nil {
					t.Fatalf("built %d series; want an error with %q", len(m.Series), tt.errs)
				}
				for _, want := range tt.errs {
					if !strings.Contains(err.Error(), want) {
						t.Errorf("error %q; want it to contain %q", err, want)
					}
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			if len(m.Series) != tt.series {
				var keys []string
				for _, sr := range m.Series {
					keys = append(keys, sr.Key)
				}
				t.Errorf("series %q; want %d", keys, tt.series)
			}
			if tt.slugs != nil {
				var slugs []string
				for _, sr := range m.Series {
					slugs = append(slugs, sr.Slug)
					if want := "/sub/series/" + sr.Slug + "/"; sr.RelPermalink != want {
						t.Errorf("series %q at %s; want %s", sr.Key, sr.RelPermalink, want)
					}
				}
				slices.Sort(slugs)
				if !slices.Equal(slugs, tt.slugs) {
					t.Errorf("series slugs %q; want %q", slugs, tt.slugs)
				}
			}
		})
	}
}

// TestUnusedSeriesMetaWarnings: a metadata file no published part names
// is a warning; when its parts exist but are all drafts (or dated later)
// the warning says the series is not published yet instead of suggesting
// a typo, and a series with a published part gives neither.
func TestUnusedSeriesMetaWarnings(t *testing.T) {
	const meta = "---\ntitle: 受付の件\nslug: uketsuke\n---\n"
	draft := strings.Replace(partOf("受付の件", 1), "part: 1\n", "part: 1\ndraft: true\n", 1)
	later := strings.Replace(partOf("受付の件", 2), "date: 2026-03-02", "date: 2099-01-01", 1)
	tests := []struct {
		name  string
		files map[string]string
		key   string // the warning's catalog key, "" for none
		arg   any    // its second argument, when it has one
	}{
		{"no part names it", map[string]string{"series/uketsuke.md": meta, "posts/x.md": partOf("別の件", 1)}, "series.unusedMeta", nil},
		{"its parts are a draft and a later one", map[string]string{"series/uketsuke.md": meta, "posts/a1.md": draft, "posts/a2.md": later}, "series.notYet", 2},
		{"a half-width spelling of its title", map[string]string{"series/uketsuke.md": strings.Replace(meta, "受付の件", "クレームの件", 1),
			"posts/a1.md": strings.Replace(draft, "受付の件", "ｸﾚｰﾑの件", 1)}, "series.notYet", 1},
		{"a published part", map[string]string{"series/uketsuke.md": meta, "posts/a1.md": partOf("受付の件", 1), "posts/a2.md": draft}, "", nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			m, err := model(t, "", tt.files, false)
			if err != nil {
				t.Fatal(err)
			}
			var got []string
			for _, w := range m.Warnings {
				if strings.HasPrefix(w.Key, "series.") {
					got = append(got, w.Key)
					if w.Key == tt.key && tt.arg != nil && (len(w.Args) < 2 || w.Args[1] != tt.arg) {
						t.Errorf("%s args %v; want %v second", w.Key, w.Args, tt.arg)
					}
					if w.Path != "content/series/uketsuke.md" {
						t.Errorf("%s names %s; want content/series/uketsuke.md", w.Key, w.Path)
					}
				}
			}
			var want []string
			if tt.key != "" {
				want = []string{tt.key}
			}
			if !slices.Equal(got, want) {
				t.Errorf("series warnings %q; want %q", got, want)
			}
		})
	}
}
