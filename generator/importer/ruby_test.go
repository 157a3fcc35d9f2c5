package importer

import (
	"strings"
	"testing"
)

// TestRubyBecomesRensaisNotation: <ruby> in an export's HTML or in a
// Markdown post becomes ｜漢字《かんじ》; as text it read 漢字かんじ (or
// 漢字(かんじ) with <rp>), and the build dropped its tags in Markdown.
func TestRubyBecomesRensaisNotation(t *testing.T) {
	tests := []struct{ name, in, want string }{
		{"plain", `<p><ruby>派遣先<rt>はけんさき</rt></ruby>の件</p>`, "｜派遣先《はけんさき》の件"},
		{"with rb and rp", `<p><ruby><rb>入館証</rb><rp>(</rp><rt>にゅうかんしょう</rt><rp>)</rp></ruby></p>`, "｜入館証《にゅうかんしょう》"},
		{"one reading per character", `<p><ruby>漢<rt>かん</rt>字<rt>じ</rt></ruby></p>`, "｜漢《かん》｜字《じ》"},
		{"no reading", `<p><ruby>鍵</ruby></p>`, "鍵"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			c := newHTMLConverter(nil, nil)
			cleaner, _ := NewCleaner(nil)
			md, _ := c.convert(tt.in, &Post{Title: "x"}, cleaner, &Warnings{})
			if md = finishRuby(md); strings.TrimSpace(md) != tt.want {
				t.Errorf("HTML: %q, want %q", md, tt.want)
			}
			inMarkdown := strings.TrimSuffix(strings.TrimPrefix(tt.in, "<p>"), "</p>")
			if got := finishRuby(rubyInMarkdown("本文 " + inMarkdown + " です")); got != "本文 "+tt.want+" です" {
				t.Errorf("Markdown: %q, want %q", got, "本文 "+tt.want+" です")
			}
		})
	}
}

// TestOldTextKeepsItsDoubleAngleBrackets: a 《 of the old text that the
// build would read as ruby (after a kanji) is escaped, outside code; ruby
// made from <ruby>, ruby written with a bar and 《《傍点》》 are kept.
func TestOldTextKeepsItsDoubleAngleBrackets(t *testing.T) {
	tests := []struct{ name, in, want string }{
		{"a title after kanji", "小説《雪国》を読んだ。", `小説\《雪国》を読んだ。`},
		{"after kana it is text anyway", "これは《注意》です。", "これは《注意》です。"},
		{"bar ruby is meant", "｜派遣先《はけんさき》と|鍵《かぎ》", "｜派遣先《はけんさき》と|鍵《かぎ》"},
		{"emphasis dots are meant", "《《絶対》》に返す", "《《絶対》》に返す"},
		{"inline code", "`a《b》` と 本《ほん》", "`a《b》` と 本\\《ほん》"},
		{"fenced code", "```\n本《ほん》\n```", "```\n本《ほん》\n```"},
		{"converted ruby", rubyBar + "漢字" + rubyOpen + "かんじ" + rubyClose + "と漢字《かんじ》", "｜漢字《かんじ》と漢字\\《かんじ》"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := finishRuby(tt.in); got != tt.want {
				t.Errorf("finishRuby(%q) = %q, want %q", tt.in, got, tt.want)
			}
		})
	}
}
