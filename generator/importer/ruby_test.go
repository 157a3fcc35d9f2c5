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
			if strings.TrimSpace(md) != tt.want {
				t.Errorf("HTML: %q, want %q", md, tt.want)
			}
			inMarkdown := strings.TrimSuffix(strings.TrimPrefix(tt.in, "<p>"), "</p>")
			if got := rubyInMarkdown("本文 " + inMarkdown + " です"); got != "本文 "+tt.want+" です" {
				t.Errorf("Markdown: %q, want %q", got, "本文 "+tt.want+" です")
			}
		})
	}
}
