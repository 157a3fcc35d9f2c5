package markdown

import (
	"fmt"
	"strings"
	"testing"
	"unicode/utf8"
)

func TestSummary(t *testing.T) {
	tests := []struct {
		name  string
		text  string
		limit int
		want  string
	}{
		{
			name:  "cut at the last 。 within the limit",
			text:  "今日は晴れです。明日は雨なので傘を持っていきます。",
			limit: 20,
			want:  "今日は晴れです。",
		},
		{
			name:  "several sentences fit",
			text:  "はい。いいえ。そうですね、たぶん明日になります。",
			limit: 12,
			want:  "はい。いいえ。",
		},
		{
			name:  "sentence end exactly at the limit",
			text:  "一二三四五。六七八九十。",
			limit: 6,
			want:  "一二三四五。",
		},
		{
			name:  "no sentence end within the limit",
			text:  "句点のないとても長い文がずっと続いていく",
			limit: 5,
			want:  "句点のない…",
		},
		{
			name:  "short text returned whole",
			text:  "短い文。",
			limit: 120,
			want:  "短い文。",
		},
		{
			name:  "short text without sentence end gets no ellipsis",
			text:  "見出しだけ",
			limit: 120,
			want:  "見出しだけ",
		},
		{
			name:  "text exactly at the limit returned whole",
			text:  "あいうえお",
			limit: 5,
			want:  "あいうえお",
		},
		{
			name:  "closing bracket after 。 kept",
			text:  "「はい。」と彼は言ったが、その後の説明はなかなか終わらなかった",
			limit: 20,
			want:  "「はい。」",
		},
		{
			name:  "closing bracket after ！ kept",
			text:  "「行きます！」『はい？』と返された後の話は長くなるのでここでは書かない",
			limit: 15,
			want:  "「行きます！」『はい？』",
		},
		{
			name:  "never cut between 。 and its closing bracket",
			text:  "前置き。「はい。」続きの文章",
			limit: 8,
			want:  "前置き。",
		},
		{
			name:  "full-width and ascii question marks",
			text:  "本当ですか？ Really? そうです",
			limit: 16,
			want:  "本当ですか？ Really?",
		},
		{
			name:  "mixed width counts runes",
			text:  "ABCDEあいうえお。かきくけこさしすせそ",
			limit: 11,
			want:  "ABCDEあいうえお。",
		},
		{
			name:  "mixed width without sentence end",
			text:  "Go1.26とｆｕｌｌｗｉｄｔｈの混在した長いテキスト",
			limit: 10,
			want:  "Go1.26とｆｕｌ…",
		},
		{
			name:  "ascii period is not a sentence end",
			text:  "version 1.2.3 is out and more text follows",
			limit: 12,
			want:  "version 1.2.…",
		},
		{
			name:  "white space collapsed",
			text:  "  一行目。\n\n二行目は\t\tここ。\u3000三行目  ",
			limit: 120,
			want:  "一行目。 二行目は ここ。 三行目",
		},
		{
			name:  "no space before the ellipsis",
			text:  "あいう えおかきくけこ",
			limit: 4,
			want:  "あいう…",
		},
		{
			name:  "default limit of 120",
			text:  strings.Repeat("あ", 200),
			limit: 0,
			want:  strings.Repeat("あ", 120) + "…",
		},
		{
			name:  "empty",
			text:  "",
			limit: 10,
			want:  "",
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := Summary(tt.text, tt.limit); got != tt.want {
				t.Errorf("Summary(%q, %d) = %q, want %q", tt.text, tt.limit, got, tt.want)
			}
		})
	}
}

func TestSummaryInvalidUTF8(t *testing.T) {
	got := Summary("\xffあい\xfeう。えお", 3)
	if !utf8.ValidString(got) {
		t.Errorf("Summary returned invalid UTF-8 %q", got)
	}
	if got != "\uFFFDあい…" {
		t.Errorf("got %q", got)
	}
}

// TestSummaryReadsTheProse checks that an automatic summary is made of the
// article's paragraphs and list items: a part that opens with a heading, a
// table or code (the archetype's ## クレーム経緯) is summarised by its first
// sentences, and an article with no prose at all still gets one.
func TestSummaryReadsTheProse(t *testing.T) {
	for _, tc := range []struct{ name, src, want string }{
		{"heading first", "## クレーム経緯\n\n派遣先から電話がありました。\n\n## 対応\n\n- 記録を確認する\n", "派遣先から電話がありました。 記録を確認する"},
		{"table and code first", "| 日付 | 内容 |\n|---|---|\n| 10/6 | 連絡 |\n\n```\nlog\n```\n\n> 入館証が戻っていません。\n", "入館証が戻っていません。"},
		{"no prose", "## 見出しだけ\n\n| a | b |\n|---|---|\n| 1 | 2 |\n", "見出しだけ a b 1 2"},
		{"excerpt keeps what the author marked", "## 前置き\n\n本文の前半。\n\n<!--more-->\n\n後半。\n", "前置き 本文の前半。"},
	} {
		res := render(t, Options{}, tc.src)
		if res.Summary != tc.want {
			t.Errorf("%s: Summary = %q, want %q", tc.name, res.Summary, tc.want)
		}
	}
	long := "## 経緯\n\n" + strings.Repeat("入館証の返却について派遣先と話しました。", 20) + "\n"
	if res := render(t, Options{}, long); strings.Contains(res.Summary, "経緯") || utf8.RuneCountInString(res.Summary) > DefaultSummaryLength+1 {
		t.Errorf("long article: Summary = %q", res.Summary)
	}
}

// TestDropTextKeepsWhatIsMadeOfIt: a Renderer without the plain text
// (WithoutText) gives the summary, the excerpt flag, the character count
// and the warnings a Renderer with it gives, and no text.
func TestDropTextKeepsWhatIsMadeOfIt(t *testing.T) {
	long := strings.Repeat("長い本文の一行です。\n\n", MaxTextBytes/30+10)
	for _, src := range []string{
		"# 題\n\n本文の最初の段落です。次の文。\n\n## 見出し\n\n- 項目\n",
		"前の段落です。\n\n<!--more-->\n\n後の段落です。\n",
		"| a | b |\n|---|---|\n| 1 | 2 |\n\n```go\nx := 1\n```\n",
		"制御\x01文字です。\n",
		long,
	} {
		with := New(Options{})
		want, err := with.Render("a.md", []byte(src), 1)
		if err != nil {
			t.Fatal(err)
		}
		got, err := with.WithoutText().Render("a.md", []byte(src), 1)
		if err != nil {
			t.Fatal(err)
		}
		if want.Text == "" || got.Text != "" {
			t.Errorf("%.40q: text %.40q with it, %.40q without; want some and none", src, want.Text, got.Text)
		}
		if got.Summary != want.Summary || got.Excerpt != want.Excerpt || got.Chars != want.Chars || got.HTML != want.HTML {
			t.Errorf("%.40q: without the text summary %q, excerpt %v, %d characters; with it %q, %v, %d",
				src, got.Summary, got.Excerpt, got.Chars, want.Summary, want.Excerpt, want.Chars)
		}
		if fmt.Sprint(got.Warnings) != fmt.Sprint(want.Warnings) || len(want.Warnings) == 0 && (strings.Contains(src, "\x01") || src == long) {
			t.Errorf("%.40q: warnings %v without the text, %v with it", src, got.Warnings, want.Warnings)
		}
	}
}
