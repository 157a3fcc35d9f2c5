package importer

import (
	"fmt"
	"strings"
	"testing"
	"time"
)

// TestGroupTitleClasses: series whose parts are labelled in the ways of
// TestParseTitleClasses are grouped, ordered and closed; an extra (番外編)
// stays beside its series with a warning naming both.
func TestGroupTitleClasses(t *testing.T) {
	day := time.Date(2025, 1, 1, 0, 0, 0, 0, tokyo)
	tests := []struct {
		name   string
		titles []string
		want   string
		warn   string // a warning's English text must hold this
	}{
		{"上 中 下", []string{"合鍵の件（下）", "合鍵の件（上）", "合鍵の件（中）"}, "合鍵の件: 1,2,3F missing []", ""},
		{"其の壱 ... with a final mark", []string{"合鍵の件 其の壱", "合鍵の件 其の弐", "合鍵の件 其の参【完】"}, "合鍵の件: 1,2,3F missing []", ""},
		{"subtitles after the label", []string{"合鍵の件 第1話：発端", "合鍵の件 第2話「面談」", "合鍵の件 第3話 - 返却"}, "合鍵の件: 1,2,3 missing []", ""},
		{"labels first", []string{"第1話 合鍵の件", "第2話 合鍵の件"}, "合鍵の件: 1,2 missing []", ""},
		{"a lone label first is a post of its own", []string{"第1話 発端", "Part 2: Setup"}, "standalone: 第1話 発端\nstandalone: Part 2: Setup", ""},
		{"〜最終回〜 after numbered parts", []string{"合鍵の件 #1", "合鍵の件 #2", "合鍵の件 〜最終回〜"}, "合鍵の件: 1,2,3F missing []", ""},
		{"an extra stays beside the series", []string{"合鍵の件 その1", "合鍵の件 番外編", "合鍵の件 その2"},
			"合鍵の件: 1,2 missing []\nstandalone: 合鍵の件 番外編", "“合鍵の件 番外編” is a 番外編 of “合鍵の件”"},
		{"an extra never becomes part 1", []string{"【総集編】合鍵の件", "合鍵の件②", "合鍵の件③"},
			"合鍵の件: 2,3 missing [1]\nstandalone: 【総集編】合鍵の件", "is a 総集編 of"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var posts []*Post
			for i, title := range tt.titles {
				posts = append(posts, &Post{Title: title, Ref: fmt.Sprint(i), Source: fmt.Sprintf("p%d.html", i), Date: day.AddDate(0, 0, i)})
			}
			warn := &Warnings{}
			if got := summary(Group(posts, warn)); got != tt.want {
				t.Errorf("got:\n%s\nwant:\n%s", got, tt.want)
			}
			var texts []string
			found := tt.warn == ""
			for _, w := range warn.List {
				texts = append(texts, w.Error.Error())
				found = found || strings.Contains(w.Error.Error(), tt.warn)
			}
			if !found {
				t.Errorf("warnings %q, want one holding %q", texts, tt.warn)
			}
		})
	}
}

// TestSubtitleBecomesThePartsTitle: the subtitle after a part label is
// the imported part's title; the series keeps the text before the label.
func TestSubtitleBecomesThePartsTitle(t *testing.T) {
	day := time.Date(2025, 1, 1, 0, 0, 0, 0, tokyo)
	var posts []*Post
	for i, title := range []string{"合鍵の件 第1話：発端", "合鍵の件 第2話「面談の日」"} {
		posts = append(posts, &Post{Title: title, Ref: fmt.Sprint(i), Kind: "wxr", Slug: fmt.Sprint("p", i), Date: day.AddDate(0, 0, i)})
	}
	plan, err := MakePlan(Group(posts, &Warnings{}), &Batch{}, testOptions(), &Warnings{})
	if err != nil {
		t.Fatal(err)
	}
	var all []string
	for _, f := range plan.Files {
		all = append(all, f.Path+":\n"+string(f.Data))
	}
	text := strings.Join(all, "\n")
	for _, want := range []string{"title: 発端\n", "title: 面談の日\n", "series: 合鍵の件\n", "part: 2\n"} {
		if !strings.Contains(text, want) {
			t.Errorf("no %q in the plan:\n%s", want, text)
		}
	}
}
