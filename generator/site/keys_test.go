package site

import (
	"fmt"
	"strings"
	"testing"
)

// TestFrontMatterKeyTypos: a key one slip from one rensai reads (its own
// keys and the config's taxonomies) warns at its line with the key meant,
// in drafts and series metadata too; keys far from every one (a template's
// own data, an import's original_title) and keys of the wrong case that are
// not near anything stay quiet.
func TestFrontMatterKeyTypos(t *testing.T) {
	const head = "---\ntitle: 記事\ndate: 2026-03-01\n"
	tests := []struct {
		name, file, extra string
		want              []string // "line:key>meant", in order
	}{
		{"series and draft misspelt", "posts/a.md", "serie: 受付の件\ndraf: true\n", []string{"4:serie>series", "5:draf>draft"}},
		{"a taxonomy's singular and capital", "posts/a.md", "Tags: [受付]\nclient: 株式会社A\n", []string{"4:Tags>tags", "5:client>clients"}},
		{"in a draft", "posts/a.md", "draft: true\nsummry: 要約\n", []string{"5:summry>summary"}},
		{"in series metadata", "series/uketsuke.md", "statu: complete\n", []string{"4:statu>status"}},
		{"under params", "posts/a.md", "params:\n  serie: テンプレート用\n  Tags: x\n", nil},
		{"params itself misspelt", "posts/a.md", "param:\n  mood: x\n", []string{"4:param>params"}},
		{"keys for templates", "posts/a.md", "original_title: 旧題\nimported_from: \"wordpress: 12\"\nauthor: 営業\nsticky: true\nmath: true\n", nil},
	}
	toml := "title = \"t\"\nbaseURL = \"https://example.jp/\"\n[taxonomies]\ntags = \"タグ\"\nclients = \"派遣先\"\n"
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			m, err := model(t, toml, map[string]string{tt.file: head + tt.extra + "---\n\n本文。\n"}, false)
			if err != nil {
				t.Fatal(err)
			}
			var got []string
			for _, w := range m.Warnings {
				if w.Key != "site.keyTypo" {
					continue
				}
				if w.Path != "content/"+tt.file {
					t.Errorf("warning at %s; want content/%s", w.Path, tt.file)
				}
				got = append(got, fmt.Sprintf("%d:%v>%v", w.Line, w.Args[0], w.Args[1]))
			}
			if strings.Join(got, " ") != strings.Join(tt.want, " ") {
				t.Errorf("key warnings %q; want %q", got, tt.want)
			}
		})
	}
}
