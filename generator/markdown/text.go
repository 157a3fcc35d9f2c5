package markdown

import (
	"bufio"
	"bytes"
	stdhtml "html"
	"strings"
	"unicode/utf8"

	"github.com/yuin/goldmark/ast"
	east "github.com/yuin/goldmark/extension/ast"
	"github.com/yuin/goldmark/renderer/html"
	"github.com/yuin/goldmark/util"
)

// lineBreak marks a soft or hard line break while inline text is collected;
// joinBreaks replaces it.
const lineBreak = '\n'

// plain is the plain text of a document: all is the text of every block
// on its own line (no markup, no HTML, no image alt text, no ruby
// readings; code blocks included). If it has a SummaryBreak, before is the
// text above it and found is true. prose is the beginning of the text of
// its paragraphs and list items alone, at least proseBytes long when the
// article has that much: an automatic summary reads the author's
// sentences, not a heading, a table or code.
type plain struct {
	all, before, prose string
	found              bool
}

// proseBytes is how much of the prose plainText keeps: enough for a
// summary of DefaultSummaryLength runes of up to four bytes each.
const proseBytes = 4 * (DefaultSummaryLength + 1)

// plainText returns the plain text of doc.
func plainText(doc ast.Node, src []byte) plain {
	var lines []string
	var prose strings.Builder
	cut := -1
	add := func(s string) string {
		if s = strings.TrimSpace(s); s != "" {
			lines = append(lines, s)
		}
		return s
	}
	var block func(n ast.Node)
	block = func(n ast.Node) {
		switch n.Kind() {
		case ast.KindParagraph, ast.KindTextBlock:
			if s := add(inlineText(n, src)); s != "" && prose.Len() < proseBytes {
				if prose.Len() > 0 {
					prose.WriteByte('\n')
				}
				prose.WriteString(s)
			}
		case ast.KindHeading, east.KindDefinitionTerm:
			add(inlineText(n, src))
		case ast.KindFencedCodeBlock, ast.KindCodeBlock:
			var b strings.Builder
			for i := 0; i < n.Lines().Len(); i++ {
				seg := n.Lines().At(i)
				b.Write(seg.Value(src))
			}
			add(strings.TrimRight(b.String(), "\n"))
		case east.KindTableHeader, east.KindTableRow:
			var cells []string
			for c := n.FirstChild(); c != nil; c = c.NextSibling() {
				if t := strings.TrimSpace(inlineText(c, src)); t != "" {
					cells = append(cells, t)
				}
			}
			add(strings.Join(cells, " "))
		case KindSummaryBreak:
			if cut < 0 {
				cut = len(lines)
			}
		case ast.KindHTMLBlock, ast.KindThematicBreak, KindFigure, KindDiagram:
		default:
			for c := n.FirstChild(); c != nil; c = c.NextSibling() {
				block(c)
			}
		}
	}
	block(doc)
	p := plain{all: strings.Join(lines, "\n"), prose: prose.String()}
	if cut >= 0 {
		p.before, p.found = strings.Join(lines[:cut], "\n"), true
	}
	return p
}

// inlineText returns the plain text of the inline children of block n. A
// line break inside it becomes a space, or nothing when it stands between
// two East Asian wide characters (as goldmark's CJK extension renders it).
func inlineText(n ast.Node, src []byte) string {
	var b []byte
	_ = ast.Walk(n, func(c ast.Node, entering bool) (ast.WalkStatus, error) {
		if !entering || c == n {
			return ast.WalkContinue, nil
		}
		switch c := c.(type) {
		case *ast.Text:
			v := c.Value(src)
			if _, code := c.Parent().(*ast.CodeSpan); code {
				b = append(b, bytes.ReplaceAll(v, []byte{'\n'}, []byte{' '})...)
			} else if c.IsRaw() {
				b = append(b, v...)
			} else {
				b = append(b, unescape(v)...)
			}
			if c.SoftLineBreak() || c.HardLineBreak() {
				b = append(b, lineBreak)
			}
		case *ast.String:
			b = append(b, c.Value...)
		case *ast.AutoLink:
			b = append(b, c.Label(src)...)
		case *ast.Image, *ast.RawHTML, *east.FootnoteLink, *east.FootnoteBacklink, *east.TaskCheckBox:
			return ast.WalkSkipChildren, nil
		}
		return ast.WalkContinue, nil
	})
	return joinBreaks(b)
}

// unescape resolves backslash escapes and entity references in Markdown
// text the way goldmark's HTML writer does, without the HTML escaping.
func unescape(v []byte) []byte {
	if bytes.IndexByte(v, '\\') < 0 && bytes.IndexByte(v, '&') < 0 {
		return v
	}
	var buf bytes.Buffer
	w := bufio.NewWriterSize(&buf, len(v)+16)
	html.DefaultWriter.Write(w, v)
	_ = w.Flush()
	return []byte(stdhtml.UnescapeString(buf.String()))
}

// joinBreaks replaces each lineBreak in b by a space, or by nothing when the
// characters on both sides are East Asian wide.
func joinBreaks(b []byte) string {
	if bytes.IndexByte(b, lineBreak) < 0 {
		return string(b)
	}
	var out strings.Builder
	out.Grow(len(b))
	for i := 0; i < len(b); i++ {
		if b[i] != lineBreak {
			out.WriteByte(b[i])
			continue
		}
		before, _ := utf8.DecodeLastRune(b[:i])
		after, _ := utf8.DecodeRune(b[i+1:])
		if !util.IsEastAsianWideRune(before) || !util.IsEastAsianWideRune(after) {
			out.WriteByte(' ')
		}
	}
	return out.String()
}
