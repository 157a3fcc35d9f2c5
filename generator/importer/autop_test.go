package importer

import (
	"strings"
	"testing"
)

// TestClassicPostWithAParagraphTagKeepsItsParagraphs: a post of
// WordPress's classic editor is made of blank-line paragraphs even when
// one block of it is tagged (<blockquote><p>); only a post of blocks
// (<!-- wp:... -->) has its paragraphs tagged. One <p> anywhere used to
// join the whole post into one paragraph.
func TestClassicPostWithAParagraphTagKeepsItsParagraphs(t *testing.T) {
	tests := []struct {
		name, src string
		want      []string // lines of the Markdown
	}{
		{"classic with a tagged quote",
			"<strong>入館証の件</strong>\n\n派遣先から連絡がありました。\n\n<blockquote><p>返してください。</p></blockquote>\n\n翌日に戻りました。\n二行目です。",
			[]string{"**入館証の件**", "派遣先から連絡がありました。", "> 返してください。", "翌日に戻りました。  ", "二行目です。"}},
		{"blocks keep their own paragraphs",
			"<!-- wp:paragraph -->\n<p>一つ目。</p>\n<!-- /wp:paragraph -->\n\n<!-- wp:paragraph -->\n<p>二つ目。\n続き。</p>\n<!-- /wp:paragraph -->",
			[]string{"一つ目。", "二つ目。 続き。"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			c := newHTMLConverter(nil, nil)
			c.wordpress = true
			cleaner, _ := NewCleaner(nil)
			md, _ := c.convert(tt.src, &Post{Title: "x"}, cleaner, &Warnings{})
			var got []string
			for _, l := range strings.Split(md, "\n") {
				if strings.TrimSpace(l) != "" {
					got = append(got, l)
				}
			}
			if strings.Join(got, "\n") != strings.Join(tt.want, "\n") {
				t.Errorf("Markdown:\n%s\nwant the lines:\n%s", strings.Join(got, "\n"), strings.Join(tt.want, "\n"))
			}
		})
	}
}
