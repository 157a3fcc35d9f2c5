package markdown

import (
	"bytes"
	"errors"
	"fmt"
	"strings"
	"testing"

	"github.com/rensai-ssg/rensai/generator/diag"
	"github.com/yuin/goldmark"
	"github.com/yuin/goldmark/extension"
	"github.com/yuin/goldmark/parser"
	"github.com/yuin/goldmark/text"
)

// nestedList returns a list nested depth deep, two columns per level.
func nestedList(depth int) string {
	var b strings.Builder
	for i := range depth {
		b.WriteString(strings.Repeat("  ", i) + "- 項目\n")
	}
	return b.String()
}

// footnoteArticle returns n references, each on its own line of one
// paragraph, and their definitions in reverse order.
func footnoteArticle(n int) string {
	var b strings.Builder
	for i := range n {
		fmt.Fprintf(&b, "本文[^%d]\n", i)
	}
	b.WriteString("\n")
	for i := n - 1; i >= 0; i-- {
		fmt.Fprintf(&b, "[^%d]: 注%d\n", i, i)
	}
	return b.String()
}

// table returns a table of two columns and n rows.
func table(n int) string {
	return "| 日付 | 担当 |\n| --- | --- |\n" + strings.Repeat("| a | b |\n", n)
}

// TestNodeOver: nodeOver finds the first node past the limit in document
// order, or none.
func TestNodeOver(t *testing.T) {
	src := []byte("段落の*強調*。\n\n- 項目\n")
	doc := goldmark.New().Parser().Parse(text.NewReader(src))
	// Document, Paragraph, Text, Emphasis, Text, Text, List, ListItem,
	// TextBlock, Text: 10 nodes.
	tests := []struct {
		name  string
		limit int
		want  string // the kind of the node past the limit, "" for none
	}{
		{"far under", 100, ""},
		{"exactly at the limit", 10, ""},
		{"one over", 9, "Text"},
		{"over at the emphasis", 3, "Emphasis"},
		{"over at the list", 6, "List"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := ""
			if n := nodeOver(doc, tt.limit); n != nil {
				got = n.Kind().String()
			}
			if got != tt.want {
				t.Errorf("nodeOver(doc, %d) = %q, want %q", tt.limit, got, tt.want)
			}
		})
	}
}

// TestPathologicalRefused checks that input goldmark would take minutes on
// fails at once, with an error at the right line that says what to do.
func TestPathologicalRefused(t *testing.T) {
	tests := []struct {
		name     string
		src      string
		wantLine int
		want     string
	}{
		{"50,000 open then close brackets", strings.Repeat("[", 50000) + strings.Repeat("]", 50000), 1, "split the paragraph"},
		{"50,000 unclosed links", "前の段落\n\n" + strings.Repeat("[a](", 50000), 3, "write \\[ for brackets"},
		{"list nested 2,000 deep", nestedList(2000), 0, "nest fewer levels"},
		{"quotes nested 20,000 deep", strings.Repeat(strings.Repeat(">", 20000)+" 引用\n", 2), 1, "nest fewer levels"},
		// The table makes 7 nodes before its rows, 5 per row (line 3 on):
		// node 1,000,001 is in the row on line 200,001.
		{"a table of 250,000 rows", table(250000), 200001, "passes 1000000 Markdown elements"},
		// 14 marks on the first two lines, 4 per row: mark 1,200,001 is
		// the third "|" of the row on line 299,999.
		{"a table of 400,000 rows", table(400000), 299999, "passes 1200000 Markdown marks"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := New(Options{}).Render("content/posts/a.md", []byte(tt.src), 1)
			var de *diag.Error
			if !errors.As(err, &de) {
				t.Fatalf("got %v, want a *diag.Error", err)
			}
			if de.Path != "content/posts/a.md" || !strings.Contains(de.Msg, tt.want) {
				t.Errorf("got %v, want content/posts/a.md and %q", de, tt.want)
			}
			if tt.wantLine > 0 && de.Line != tt.wantLine {
				t.Errorf("line %d, want %d", de.Line, tt.wantLine)
			}
			if de.Line < 1 {
				t.Errorf("no line in %v", de)
			}
		})
	}
}

// TestPathologicalAccepted checks that large but ordinary input is not
// refused by the limits.
func TestPathologicalAccepted(t *testing.T) {
	tests := []struct {
		name string
		src  string
		want string
	}{
		{"5,000 brackets in a paragraph", strings.Repeat("[", 5000) + "x" + strings.Repeat("]", 5000), "<p>[[[["},
		{"brackets in fenced code are not counted", "```\n" + strings.Repeat("[", 100000) + "\n```\n", "<pre><code>[[[["},
		{"escaped brackets are not counted", strings.Repeat(`\[`, 50000), "<p>[[[["},
		{"footnote references are not counted", footnoteArticle(20000), `<li id="fn:20000">`},
		{"list nested 50 deep", nestedList(50), strings.Repeat("<ul>\n<li>項目\n", 49)},
		{"a 1 MB line", strings.Repeat("苦情の*記録*と", 1<<20/24), "<em>記録</em>"},
		{"a table of 150,000 rows", table(150000), "<td>b</td>"},
	}
	r := New(Options{})
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			res, err := r.Render("content/posts/a.md", []byte(tt.src), 1)
			if err != nil {
				t.Fatal(err)
			}
			if !strings.Contains(res.HTML, tt.want) {
				t.Errorf("HTML does not contain %q", tt.want)
			}
		})
	}
}

// footnoteWork parses src with the footnote extension alone and returns the
// work its index counted.
func footnoteWork(t *testing.T, src string) int {
	t.Helper()
	md := goldmark.New(goldmark.WithExtensions(footnotes{}))
	pc := parser.NewContext()
	md.Parser().Parse(text.NewReader([]byte(src)), parser.WithContext(pc))
	idx, ok := pc.Get(footnoteKey).(*footnoteIndex)
	if !ok || idx.work == 0 {
		t.Fatal("the footnote index did no work: is goldmark's footnote extension in use again?")
	}
	return idx.work
}

// TestFootnotesScale checks, by counting, that doubling the footnotes does
// not quadruple the work (goldmark's own extension is quadratic: 30,000
// footnotes took 15 s).
func TestFootnotesScale(t *testing.T) {
	small, large := footnoteWork(t, footnoteArticle(2000)), footnoteWork(t, footnoteArticle(4000))
	if ratio := float64(large) / float64(small); ratio > 2.5 {
		t.Errorf("work for 4,000 footnotes is %.1f times that for 2,000 (%d, %d); want about 2", ratio, large, small)
	}
}

// TestFootnotesMatchGoldmark checks that the linear footnotes write the
// same HTML as goldmark's extension.
func TestFootnotesMatchGoldmark(t *testing.T) {
	ours := goldmark.New(goldmark.WithExtensions(footnotes{}))
	theirs := goldmark.New(goldmark.WithExtensions(extension.Footnote))
	for _, src := range []string{
		footnoteArticle(30),
		"一[^a]二[^b]一[^a]\n\n[^b]: B\n[^a]: A\n\n    続き\n[^c]: 使わない\n",
		"> 引用[^q]\n>\n> [^q]: 引用の注\n\n本文[^q]\n",
		"![^x] と [^x]\n\n[^x]: 注 [^x]\n",
		"未定義[^none] [^] [^a b]\n\n[^a b]: 空白\n",
		"- 項目[^1]\n\n  [^1]: リストの中\n",
	} {
		var a, b strings.Builder
		if err := ours.Convert([]byte(src), &a); err != nil {
			t.Fatal(err)
		}
		if err := theirs.Convert([]byte(src), &b); err != nil {
			t.Fatal(err)
		}
		if a.String() != b.String() {
			t.Errorf("for %q:\nours:\n%s\ngoldmark:\n%s", src, a.String(), b.String())
		}
	}
}

// TestRepeatedHeadingIDs checks ids of many equal headings with written ids
// in between.
func TestRepeatedHeadingIDs(t *testing.T) {
	var b strings.Builder
	for range 3000 {
		b.WriteString("## 対応\n\n")
	}
	b.WriteString("## 最後 {#対応-2}\n")
	res := render(t, Options{}, b.String())
	seen := map[string]bool{}
	for _, h := range res.TOC {
		if seen[h.ID] {
			t.Fatalf("id %q used twice", h.ID)
		}
		seen[h.ID] = true
	}
	if len(res.TOC) != 3001 || res.TOC[2].ID != "対応-3" || res.TOC[2999].ID != "対応-3000" || res.TOC[3000].ID != "対応-2" {
		t.Errorf("ids %q %q %q", res.TOC[2].ID, res.TOC[2999].ID, res.TOC[3000].ID)
	}
}

// TestLineShapes: isBlank and indentBytes, checkLimits' looks at a line,
// agree with bytes.TrimSpace and bytes.TrimLeft.
func TestLineShapes(t *testing.T) {
	for _, line := range []string{
		"", " ", "\t\v\f\r ", "\u3000", " \u3000\u00a0 ", "\u3000本文", "本文", "  > > 引用", ">>", "\xff", " \xe3\x80", "a ",
	} {
		if got, want := isBlank([]byte(line)), len(bytes.TrimSpace([]byte(line))) == 0; got != want {
			t.Errorf("isBlank(%q) = %v, want %v", line, got, want)
		}
		if got, want := line[indentBytes([]byte(line)):], string(bytes.TrimLeft([]byte(line), " \t>")); got != want {
			t.Errorf("%q without its indent is %q, want %q", line, got, want)
		}
	}
}
