package check

import (
	"context"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"testing"
	"testing/fstest"

	"github.com/rensai-ssg/rensai/generator/i18n"
)

// TestMessagesInCatalog: every message key the package names, and the
// name of every URL kind, is in the catalog (a missing one would print
// as "!key").
func TestMessagesInCatalog(t *testing.T) {
	files, err := filepath.Glob("*.go")
	if err != nil {
		t.Fatal(err)
	}
	key := regexp.MustCompile(`"(check\.[A-Za-z.]*[A-Za-z])"`) // whole keys, not the prefix "check.kind."
	n := 0
	for _, f := range files {
		if strings.HasSuffix(f, "_test.go") {
			continue
		}
		data, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		for _, m := range key.FindAllStringSubmatch(string(data), -1) {
			n++
			if !i18n.Has(m[1]) {
				t.Errorf("%s: message %q is not in the catalog", f, m[1])
			}
		}
	}
	if n < 40 {
		t.Errorf("found only %d message keys; is the pattern still right?", n)
	}
	s := &site{}
	for _, k := range kinds {
		if got := s.kindName(k); strings.HasPrefix(got, "!") {
			t.Errorf("URL kind %q has no name in the catalog: %s", k, got)
		}
	}
}

// TestProblemsInJapanese checks one broken site in both languages: the
// same problems at the same files and lines, each worded in the language
// asked for.
func TestProblemsInJapanese(t *testing.T) {
	fsys := fstest.MapFS{
		"index.html": {Data: []byte(htmlPage("トップ", testBase,
			`<a href="/repo/gone/">消えた記事</a>`,
			`<a href="/elsewhere/">外</a>`,
			`<a href="/repo/a/#nowhere">見出し</a>`,
			`<img src="/repo/img/none.png" alt="">`))},
		"a/index.html":         {Data: []byte("<!DOCTYPE html>\n<html>\n<head><title></title></head><body></body></html>\n")},
		"feed.json":            {Data: []byte(`{"version":"1","items":[{"id":"x"}]}`)},
		"sitemap.xml":          {Data: []byte("<?xml version=\"1.0\"?>\n<urlset><url><loc>http://other.example/</loc></url>\n")},
		"index.xml":            {Data: []byte(`<feed xmlns="http://www.w3.org/2005/Atom"><title>t</title></feed>`)},
		"assets/css/style.css": {Data: []byte("body{}")},
		"assets/js/main.js":    {Data: []byte("")},
	}
	tests := []struct {
		lang i18n.Lang
		want []string // one substring per problem
	}{
		{i18n.English, []string{
			`<html> has no lang attribute; add lang="ja"`,
			`empty <title>`,
			`no <link rel="canonical">`,
			`no page-data block`,
			`invalid JSON Feed: "version" is not a JSON Feed version URL`,
			`invalid JSON Feed: item x has neither "content_html" nor "content_text"`,
			`invalid JSON Feed: no "title"`,
			`broken link "/repo/gone/": no file gone/index.html in the output`,
			`root-relative URL "/elsewhere/" is outside the base path /repo/; write "/repo/elsewhere/"`,
			`broken fragment in link "/repo/a/#nowhere": a/index.html has no id "nowhere"`,
			`broken image "/repo/img/none.png": no file img/none.png in the output`,
			`malformed XML: `,
			`<loc> URL "http://other.example/" is not under the base URL`,
		}},
		{i18n.Japanese, []string{
			`<html> に lang 属性がありません。lang="ja" を足してください`,
			`<title> が空です`,
			`<link rel="canonical"> がありません`,
			`ページデータのブロック`,
			`JSON Feed が正しくありません: "version" が`,
			`JSON Feed が正しくありません: 項目 x に "content_html" も "content_text" もありません`,
			`JSON Feed が正しくありません: "title" がありません`,
			`リンク "/repo/gone/" の行き先がありません: 出力にファイル gone/index.html がありません`,
			`/ で始まる URL "/elsewhere/" が公開パス /repo/ の外を指しています。"/repo/elsewhere/" と書いてください`,
			`リンク "/repo/a/#nowhere" のページ内の行き先がありません: a/index.html に id "nowhere" がありません`,
			`画像 "/repo/img/none.png" の行き先がありません`,
			`XML の形が正しくありません: `,
			`<loc> URL "http://other.example/" が公開URL`,
		}},
	}
	var places [][]string
	for _, tt := range tests {
		t.Run(string(tt.lang), func(t *testing.T) {
			rep, err := Check(context.Background(), fsys, Options{BaseURL: testBase, Lang: tt.lang})
			if err != nil {
				t.Fatal(err)
			}
			var got []string
			var at []string
			for _, p := range rep.Problems {
				got = append(got, p.Message)
				at = append(at, p.Path+":"+strconv.Itoa(p.Line))
			}
			places = append(places, at)
			if len(got) != len(tt.want) {
				t.Fatalf("%d problems, want %d:\n%s", len(got), len(tt.want), strings.Join(got, "\n"))
			}
			for _, w := range tt.want {
				if !slices.ContainsFunc(got, func(g string) bool { return strings.Contains(g, w) }) {
					t.Errorf("no problem says %q; got:\n%s", w, strings.Join(got, "\n"))
				}
			}
			slices.Sort(at) // problems of one line are sorted by their words
			summary := map[i18n.Lang]string{i18n.English: "check: 13 problems in 7 files", i18n.Japanese: "check: 問題 13 件: 7 ファイル"}[tt.lang]
			if !strings.HasPrefix(rep.Summary(), summary) {
				t.Errorf("Summary() = %q, want it to start with %q", rep.Summary(), summary)
			}
		})
	}
	if len(places) == 2 && !slices.Equal(places[0], places[1]) {
		t.Errorf("the languages report problems at different places:\n%v\n%v", places[0], places[1])
	}
}
