package importer

import (
	"regexp"
	"slices"
	"strings"
	"testing"
	"unicode/utf8"
)

func TestParseNavLine(t *testing.T) {
	tests := []struct {
		name           string
		line           string
		nav            bool
		earlier, later []int
		final          int
	}{
		{"arrows and spaces", "←前編①   ←前編②   ←前編③", true, []int{1, 2, 3}, nil, 0},
		{"no-break spaces and both directions", "←前編④\u00a0\u00a0 ←前編⑤\u00a0 →続編⑦", true, []int{4, 5}, []int{7}, 0},
		{"plain digits", "→続編11  →続編12", true, nil, []int{11, 12}, 0},
		{"missing arrow", "前編①   ←前編②", true, []int{1, 2}, nil, 0},
		{"final entry", "→続編14　→完結編15", true, nil, []int{14, 15}, 15},
		{"sentence form", "続編②続編③続編④はこちら", true, nil, []int{2, 3, 4}, 0},
		{"markdown links stripped", stripLinks("[←前編①](https://old.example/a/) [→続編③](https://old.example/c/)"), true, []int{1}, []int{3}, 0},
		{"prose mentioning a part", "前編①でお話しした通り、Kさんは戻りませんでした。", false, nil, nil, 0},
		{"prose with 前編 and no number", "前編はこちらです", false, nil, nil, 0},
		{"a heading 第3回 stays", "第3回", false, nil, nil, 0},
		{"その with an arrow", "←その1　→その3", true, []int{1}, []int{3}, 0},
		{"その without an arrow is prose", "その1つ目は鍵です", false, nil, nil, 0},
		{"unrelated", "対応経緯", false, nil, nil, 0},
		{"guillemets after the entries", "« 前編① | 前編④ » | 続編⑤ »", true, []int{1}, []int{4, 5}, 0},
		{"arrows after the entries", "続編⑦→　続編⑧→", true, nil, []int{7, 8}, 0},
		{"a forward arrow to a 前編", "←前編①  →前編③  →続編④", true, []int{1}, []int{3, 4}, 0},
		{"前の記事 and 次の記事", "前の記事：前編②　次の記事：続編④", true, []int{2}, []int{4}, 0},
		{"前回 and 次回", "前回: 続編⑤ / 次回: 完結編⑦", true, []int{5}, []int{7}, 7},
		{"前の記事 with a title is prose", "前の記事：鍵の話", false, nil, nil, 0},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var nav Nav
			got := parseNavLine(tt.line, &nav)
			if got != tt.nav || !slices.Equal(nav.Earlier, tt.earlier) || !slices.Equal(nav.Later, tt.later) || nav.Final != tt.final {
				t.Errorf("parseNavLine(%q) = %v %+v, want %v earlier %v later %v final %d", tt.line, got, nav, tt.nav, tt.earlier, tt.later, tt.final)
			}
		})
	}
}

func TestNavOwn(t *testing.T) {
	tests := []struct {
		name       string
		nav        Nav
		own, total int
	}{
		{"the gap between earlier and later", Nav{Earlier: []int{1, 2, 3, 4, 5}, Later: []int{7, 8, 17}}, 6, 17},
		{"first part", Nav{Later: []int{2, 3}}, 1, 3},
		{"last part", Nav{Earlier: []int{1, 2}}, 3, 2},
		{"a wide gap says nothing", Nav{Earlier: []int{1}, Later: []int{4}}, 0, 4},
		{"none", Nav{}, 0, 0},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if own, total := tt.nav.Own(), tt.nav.Total(); own != tt.own || total != tt.total {
				t.Errorf("Own, Total = %d, %d; want %d, %d", own, total, tt.own, tt.total)
			}
		})
	}
}

// sampleText is an article in the old blog's saved-page format, written for
// these tests.
const sampleText = "【続編③】【営業日報】社員証を返さないSさんの件\n\n" +
	"【続編③】【営業日報】社員証を返さないSさんの件\n\n" +
	"←前編①\u00a0\u00a0 ←前編②\n\n→続編④   →完結編⑤\n\n" +
	"見出し画像\n\n" +
	"派遣先のM社から、退職したSさんの社員証がまだ戻らないと連絡がありました。\n\n" +
	"対応経緯\n\n" +
	"「郵送で返します」とSさんは言いました。\n\n" +
	"  • 社員証は月末までに返却する\n" +
	"  • 返却がなければ再発行費用を相談する\n\n" +
	"  • 経緯は上司にも報告する\n\n" +
	"※ 個人名は伏せています\n\n" +
	"1. 番号で始まる文も*そのまま*残ります。\n\n" +
	"続編④続編⑤はこちら\n\n" +
	"更新情報はXに配信しています(!)\n\n" +
	"この記事が気に入ったらサポートをしてみませんか?\n"

func TestCleanText(t *testing.T) {
	c, err := NewCleaner(nil)
	if err != nil {
		t.Fatal(err)
	}
	got := c.Clean("【続編③】【営業日報】社員証を返さないSさんの件", strings.SplitN(sampleText, "\n", 2)[1], true)
	want := "派遣先のM社から、退職したSさんの社員証がまだ戻らないと連絡がありました。\n\n" +
		"## 対応経緯\n\n" +
		"「郵送で返します」とSさんは言いました。\n\n" +
		"- 社員証は月末までに返却する\n" +
		"- 返却がなければ再発行費用を相談する\n" +
		"- 経緯は上司にも報告する\n" +
		"- ※個人名は伏せています\n\n" +
		"1\\. 番号で始まる文も\\*そのまま\\*残ります。\n"
	if got.Markdown != want {
		t.Errorf("markdown:\n%s\nwant:\n%s", got.Markdown, want)
	}
	if !slices.Equal(got.Nav.Earlier, []int{1, 2}) || !slices.Equal(got.Nav.Later, []int{4, 5, 4, 5}) || got.Nav.Final != 5 || got.Nav.Own() != 3 {
		t.Errorf("nav %+v", got.Nav)
	}
	if got.Dropped["nav"] != 3 || got.Dropped["title"] != 1 || got.Dropped["boilerplate"] != 3 {
		t.Errorf("dropped %v", got.Dropped)
	}
}

// sentenceRE splits prose into sentences.
var sentenceRE = regexp.MustCompile(`[^。！？!?\n]+[。！？!?]*`)

// sentences returns the set of sentences of text, without Markdown marks
// and white space, so that cleaning can be checked to keep every one.
func sentences(text string, markdown bool) map[string]bool {
	set := map[string]bool{}
	for _, line := range strings.Split(text, "\n") {
		if markdown {
			line = strings.TrimPrefix(line, "## ")
			line = strings.TrimPrefix(line, "- ")
			line = strings.NewReplacer(`\*`, "*", `\.`, ".", `\[`, "[", `\]`, "]", `\_`, "_", `\<`, "<", `\>`, ">", `\#`, "#", `\-`, "-", `\\`, `\`, "\\`", "`", `\~`, "~", `\|`, "|", `\=`, "=", `\+`, "+").Replace(line)
		} else {
			if mark, rest, ok := bulletOf(line); ok {
				line = rest
				if mark == "※" {
					line = "※" + rest
				}
			}
		}
		for _, s := range sentenceRE.FindAllString(line, -1) {
			if s = strings.Join(strings.Fields(s), ""); s != "" {
				set[s] = true
			}
		}
	}
	return set
}

// TestCleanKeepsEverySentence: what cleaning removes is exactly the
// navigation, title and boilerplate lines; every sentence of the author's
// text is still there.
func TestCleanKeepsEverySentence(t *testing.T) {
	c, _ := NewCleaner(nil)
	title := "【続編③】【営業日報】社員証を返さないSさんの件"
	body := strings.SplitN(sampleText, "\n", 2)[1]
	got := c.Clean(title, body, true)
	var authored []string
	for _, line := range strings.Split(body, "\n") {
		l := cleanSpace(line)
		var nav Nav
		if l == "" || l == title || c.boilerplate(l) || parseNavLine(l, &nav) {
			continue
		}
		authored = append(authored, l)
	}
	before := sentences(strings.Join(authored, "\n"), false)
	after := sentences(got.Markdown, true)
	if len(before) < 6 {
		t.Fatalf("only %d sentences in the sample", len(before))
	}
	for s := range before {
		if !after[s] {
			t.Errorf("sentence lost: %q", s)
		}
	}
	for s := range after {
		if !before[s] {
			t.Errorf("sentence added: %q", s)
		}
	}
}

func TestHeadingLines(t *testing.T) {
	tests := []struct {
		line  string
		plain bool
		want  bool
	}{
		{"対応経緯", true, true},
		{"お客様への対応のポイント", true, true},
		{"さて、O部長に会うまでもひと勝負です。", true, false},
		{"「はい」", true, false},
		{"1. 朝に確認する", true, false},
		{"---", true, false},
		{"対応経緯", false, true},
		{"1. 朝に確認する", false, false},
		{"---", false, false},
		{"**強調**", false, false},
		{"この一文は見出しにするには長すぎる文章なのでそのまま残ります", true, false},
		{"以上です", true, false},
		{"よろしくお願いします", true, false},
		{"対応のポイント", false, true},
	}
	for _, tt := range tests {
		if got := isHeadingLine(tt.line, tt.plain); got != tt.want {
			t.Errorf("isHeadingLine(%q, plain=%v) = %v, want %v", tt.line, tt.plain, got, tt.want)
		}
	}
}

func FuzzClean(f *testing.F) {
	f.Add("題", sampleText, true)
	f.Add("", "←前編①\n\n  • a\n\n短い行\n```\ncode\n", false)
	c, _ := NewCleaner(nil)
	f.Fuzz(func(t *testing.T, title, body string, plain bool) {
		got := c.Clean(title, body, plain)
		if got.Nav.Own() < 0 || got.Nav.Total() < 0 {
			t.Errorf("negative part in %+v", got.Nav)
		}
		if utf8.ValidString(body) && utf8.ValidString(title) && !utf8.ValidString(got.Markdown) {
			t.Errorf("invalid UTF-8 out of valid input: %q", got.Markdown)
		}
		// Cleaning its own output again removes nothing more.
		if again := c.Clean("", got.Markdown, false); again.Dropped["nav"]+again.Dropped["boilerplate"] != 0 && plain {
			t.Errorf("second pass dropped %v from %q", again.Dropped, got.Markdown)
		}
	})
}
