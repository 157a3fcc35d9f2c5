package generator

import (
	"strings"
	"testing"
	"testing/fstest"

	"github.com/rensai-ssg/rensai/generator/search"
	"github.com/rensai-ssg/rensai/internal/testlane"
)

// TestRubyReadingFindsItsWord builds a site whose article writes a word
// with its reading in ruby, and searches the built index by the reading:
// the reading reaches the index through the Markdown result, finds the
// word, and never shows in the snippet or the page's plain text.
func TestRubyReadingFindsItsWord(t *testing.T) {
	testlane.SkipDictionary(t)
	config := "title = \"テスト日報\"\nbaseURL = \"https://example.jp/\"\n"
	dir := newSite(t, config, map[string]string{
		"posts/ruby.md":  "---\ntitle: 読みの件\ndate: 2025-10-06\n---\n\n受付で|稟議書《りんぎしょ》を預かりました。\n",
		"posts/plain.md": "---\ntitle: 別の件\ndate: 2025-10-07\n---\n\n受付で名札を預かりました。\n",
	})
	files := buildMem(t, Options{Source: dir})
	mustContain(t, files, "posts/ruby/index.html", "<ruby>稟議書<rp>（</rp><rt>りんぎしょ</rt><rp>）</rp></ruby>")
	fsys := fstest.MapFS{}
	for name, data := range files {
		fsys[name] = &fstest.MapFile{Data: data}
	}
	for _, q := range []string{"りんぎしょ", "稟議書"} {
		resp, err := search.Query(fsys, q, search.QueryOptions{})
		if err != nil {
			t.Fatalf("%s: %v", q, err)
		}
		if len(resp.Results) != 1 || resp.Results[0].URL != "/posts/ruby/" {
			t.Fatalf("%s: results %+v, want the ruby article alone", q, resp.Results)
		}
		if strings.Contains(resp.Results[0].Snippet, "りんぎしょ") {
			t.Errorf("%s: the reading shows in the snippet %q", q, resp.Results[0].Snippet)
		}
	}
}
