package markdown

import (
	"reflect"
	"strings"
	"testing"
	"unicode/utf8"
)

// TestTextBound: an article with more text than MaxTextBytes keeps the
// first MaxTextBytes of it for search, cut at a line end, with a warning
// naming the file; Chars counts the whole text and the HTML is whole.
func TestTextBound(t *testing.T) {
	para := "派遣先から打刻の相談があった。\n\n" // 45 bytes of text and a blank line
	tests := []struct {
		name    string
		src     string
		cut     bool
		lineEnd bool // Text must end at the end of a line of the text
	}{
		{"under the bound", strings.Repeat(para, MaxTextBytes/len(para)/2), false, true},
		{"over the bound, many lines", strings.Repeat(para, MaxTextBytes/len(para)*2), true, true},
		{"over the bound, one line", strings.Repeat("苦情の記録。", MaxTextBytes/18*2), true, false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			res, err := New(Options{}).Render("content/posts/huge.md", []byte(tt.src), 5)
			if err != nil {
				t.Fatal(err)
			}
			if len(res.Text) > MaxTextBytes || !utf8.ValidString(res.Text) {
				t.Errorf("Text is %d bytes (valid UTF-8: %v), want at most %d", len(res.Text), utf8.ValidString(res.Text), MaxTextBytes)
			}
			whole := strings.Count(tt.src, "。")
			if got := strings.Count(res.HTML, "。"); got != whole {
				t.Errorf("HTML has %d sentences, want all %d", got, whole)
			}
			warned := len(res.Warnings) == 1 && res.Warnings[0].Path == "content/posts/huge.md" && res.Warnings[0].Line == 5 &&
				strings.Contains(res.Warnings[0].Msg, "split the article into parts")
			if warned != tt.cut {
				t.Errorf("warnings %v; want a warning about the cut: %v", res.Warnings, tt.cut)
			}
			if tt.cut {
				if n := strings.Count(res.Text, "。"); n == 0 || n >= whole {
					t.Errorf("Text has %d of %d sentences, want a cut", n, whole)
				}
				if want := utf8.RuneCountInString(strings.TrimSpace(strings.ReplaceAll(tt.src, "\n\n", "\n"))); res.Chars != want {
					t.Errorf("Chars = %d, want the whole text's %d", res.Chars, want)
				}
			}
			if tt.lineEnd && !strings.HasSuffix(res.Text, "。") {
				t.Errorf("Text ends %q, want a line end", res.Text[len(res.Text)-12:])
			}
		})
	}
}

// TestReadingsDistinct: an annotation repeated at every use of a word is
// listed once, in order of first use.
func TestReadingsDistinct(t *testing.T) {
	src := strings.Repeat("派遣《はけん》先と|入館証《にゅうかんしょう》、", 1000) + "派遣《はけん》と派遣《ハケン》"
	res := render(t, Options{}, src)
	want := []Reading{{"派遣", "はけん"}, {"入館証", "にゅうかんしょう"}, {"派遣", "ハケン"}}
	if !reflect.DeepEqual(res.Readings, want) {
		t.Errorf("Readings = %v, want %v", res.Readings, want)
	}
	if n := strings.Count(res.HTML, "<ruby>"); n != 2002 {
		t.Errorf("%d ruby elements, want every annotation's 2002", n)
	}
}
