package site

import (
	"strings"
	"testing"
	"time"

	"github.com/rensai-ssg/rensai/generator/config"
	"github.com/rensai-ssg/rensai/generator/content"
)

var now = time.Date(2026, 6, 1, 0, 0, 0, 0, time.UTC)

// model builds the model of an in-memory content set: files maps paths
// under content/ to their source.
func model(t *testing.T, toml string, files map[string]string, drafts bool) (*Model, error) {
	t.Helper()
	if toml == "" {
		toml = "title = \"t\"\nbaseURL = \"https://example.jp/sub/\"\n[taxonomies]\ntags = \"タグ\"\n"
	}
	cfg, _, err := config.Parse("rensai.toml", []byte(toml))
	if err != nil {
		t.Fatal(err)
	}
	opts := content.LoadOptions{Location: cfg.Location(), Taxonomies: cfg.TaxonomyKeys()}
	set := &content.Set{}
	for _, name := range sortedNames(files) {
		a, err := content.Parse(name, []byte(files[name]), opts)
		if err != nil {
			t.Fatal(err)
		}
		if strings.HasPrefix(name, "series/") {
			set.Series = append(set.Series, a)
		} else {
			set.Articles = append(set.Articles, a)
		}
	}
	return Build(Input{Config: cfg, Content: set, Drafts: drafts, Now: now})
}

func sortedNames(m map[string]string) []string {
	var names []string
	for n := range m {
		names = append(names, n)
	}
	for i := range names {
		for j := i + 1; j < len(names); j++ {
			if names[j] < names[i] {
				names[i], names[j] = names[j], names[i]
			}
		}
	}
	return names
}

func post(title, date, extra string) string {
	return "---\ntitle: " + title + "\ndate: " + date + "\n" + extra + "---\n\n本文。\n"
}

func TestBuild(t *testing.T) {
	files := map[string]string{
		"posts/a-01.md":    post("発端", "2026-03-01", "series: 入館証の件\npart: 1\ntags: [入館証]\n"),
		"posts/a-02.md":    post("面談", "2026-03-02", "series: 入館証の件\npart: 2\nfinal: true\ntags: [入館証, 面談]\n"),
		"posts/solo.md":    post("単発", "2026-02-10", "tags: [雑記]\n"),
		"posts/draft.md":   post("下書き", "2026-03-05", "draft: true\n"),
		"posts/future.md":  post("予約", "2027-01-01", ""),
		"series/nyukan.md": "---\ntitle: 入館証の件\nslug: nyukan\ndescription: 記録。\n---\n",
	}
	tests := []struct {
		name   string
		drafts bool
		check  func(t *testing.T, m *Model)
	}{
		{"publishes neither drafts nor future articles, newest first", false, func(t *testing.T, m *Model) {
			var got []string
			for _, a := range m.Articles {
				got = append(got, a.Source)
			}
			if strings.Join(got, " ") != "posts/a-02.md posts/a-01.md posts/solo.md" {
				t.Errorf("articles = %v", got)
			}
		}},
		{"drafts are published when asked", true, func(t *testing.T, m *Model) {
			if m.bySource["posts/draft.md"] == nil || !m.bySource["posts/draft.md"].Draft {
				t.Error("the draft is not published as a draft")
			}
			if m.bySource["posts/future.md"] != nil {
				t.Error("a future article was published without Future")
			}
		}},
		{"URLs carry the base path", false, func(t *testing.T, m *Model) {
			a := m.bySource["posts/solo.md"]
			if a.Path != "/posts/solo/" || a.RelPermalink != "/sub/posts/solo/" || a.Permalink != "https://example.jp/sub/posts/solo/" {
				t.Errorf("URLs %q %q %q", a.Path, a.RelPermalink, a.Permalink)
			}
		}},
		{"a series from its parts and metadata file", false, func(t *testing.T, m *Model) {
			if len(m.Series) != 1 {
				t.Fatalf("%d series", len(m.Series))
			}
			sr := m.Series[0]
			if sr.Slug != "nyukan" || !sr.Complete || sr.Description != "記録。" || len(sr.Parts) != 2 || sr.First.Part != 1 || sr.Latest.Part != 2 {
				t.Errorf("series %+v", sr)
			}
			if a := sr.Parts[1]; a.Label != "完結編②" || a.DisplayTitle != "【完結編②】入館証の件：面談" {
				t.Errorf("label %q, display title %q", a.Label, a.DisplayTitle)
			}
		}},
		{"terms by article count, then slug", false, func(t *testing.T, m *Model) {
			var got []string
			for _, term := range m.Taxonomies[0].Terms {
				got = append(got, term.Name+":"+term.RelPermalink)
			}
			if strings.Join(got, " ") != "入館証:/sub/tags/入館証/ 雑記:/sub/tags/雑記/ 面談:/sub/tags/面談/" {
				t.Errorf("terms = %v", got)
			}
		}},
		{"archive by year and month", false, func(t *testing.T, m *Model) {
			y := m.Archive.Years
			if len(y) != 1 || y[0].Count != 3 || len(y[0].Months) != 2 || y[0].Months[0].Month != 3 || y[0].Months[0].RelPermalink != "/sub/archives/2026/03/" {
				t.Errorf("archive %+v", y)
			}
		}},
		{"links resolve to URLs, not to drafts", false, func(t *testing.T, m *Model) {
			if u, err := m.ResolveLink("posts/solo.md", "a-01.md#x"); err != nil || u != "/sub/posts/a-01/#x" {
				t.Errorf("link = %q, %v", u, err)
			}
			if _, err := m.ResolveLink("posts/solo.md", "draft.md"); err == nil || !strings.Contains(err.Error(), "draft") {
				t.Errorf("link to a draft: %v", err)
			}
			if _, err := m.ResolveLink("posts/solo.md", "nothing.md"); err == nil {
				t.Error("link to nothing resolved")
			}
		}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			m, err := model(t, "", files, tt.drafts)
			if err != nil {
				t.Fatal(err)
			}
			tt.check(t, m)
		})
	}
}

func TestBuildErrors(t *testing.T) {
	tests := []struct {
		name  string
		files map[string]string
		want  string
	}{
		{"an article without a title", map[string]string{"posts/a.md": "---\ndate: 2026-03-01\n---\n"}, "content/posts/a.md:1: the article has no title"},
		{"two parts with one number", map[string]string{
			"posts/a.md": post("一", "2026-03-01", "series: S\npart: 1\n"),
			"posts/b.md": post("二", "2026-03-02", "series: S\npart: 1\n"),
		}, "content/posts/b.md:5: part 1 of series “S” is also declared by content/posts/a.md"},
		{"two metadata files for one series", map[string]string{
			"series/a.md": "---\ntitle: S\n---\n", "series/b.md": "---\ntitle: S\n---\n",
			"posts/a.md": post("一", "2026-03-01", "series: S\npart: 1\n"),
		}, "content/series/b.md: series “S” is also described by content/series/a.md"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := model(t, "", tt.files, false)
			if err == nil || !strings.Contains(err.Error(), tt.want) {
				t.Errorf("error %v, want %q", err, tt.want)
			}
		})
	}
}
