package importer

import (
	"strings"
	"testing"

	"github.com/yuin/goldmark"
)

// TestAdjacentListsStayApartWithoutAComment: two lists that follow each
// other in the old HTML stay two lists in the Markdown without the
// converter's <!--THE END--> comment, which the build showed as
// "<!-- raw HTML omitted -->".
func TestAdjacentListsStayApartWithoutAComment(t *testing.T) {
	tests := []struct {
		name, html string
		lists      int
	}{
		{"two bullet lists", "<ul><li>鍵</li><li>社員証</li></ul><ul><li>入館証</li></ul>", 2},
		{"three bullet lists", "<ul><li>一</li></ul><ul><li>二</li></ul><ul><li>三</li></ul>", 3},
		{"two ordered lists", "<ol><li>発端</li><li>面談</li></ol><ol><li>返却</li></ol>", 2},
		{"a nested list inside", "<ul><li>鍵<ul><li>合鍵</li></ul></li></ul><ul><li>入館証</li></ul>", 3},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			c := newHTMLConverter(nil, nil)
			cleaner, _ := NewCleaner(nil)
			md, _ := c.convert(tt.html, &Post{Title: "x"}, cleaner, &Warnings{})
			if strings.Contains(md, "<!--") {
				t.Errorf("Markdown keeps a comment:\n%s", md)
			}
			var b strings.Builder
			if err := goldmark.Convert([]byte(md), &b); err != nil {
				t.Fatal(err)
			}
			if n := strings.Count(b.String(), "<ul>") + strings.Count(b.String(), "<ol>"); n != tt.lists {
				t.Errorf("%d lists, want %d:\n%s\n%s", n, tt.lists, md, b.String())
			}
		})
	}
}
