package markdown

import (
	"bufio"
	"bytes"
	stdhtml "html"
	"slices"
	"sync"
	"unicode/utf8"

	"github.com/yuin/goldmark/ast"
	east "github.com/yuin/goldmark/extension/ast"
	"github.com/yuin/goldmark/renderer/html"
	"github.com/yuin/goldmark/util"
)

// lineBreak marks a soft or hard line break while inline text is collected;
// joinBreaks replaces it.
const lineBreak = '\n'

// proseBytes is how much of the prose plainText keeps: enough for a
// summary of DefaultSummaryLength runes of up to four bytes each.
const proseBytes = 4 * (DefaultSummaryLength + 1)

// plainText returns the plain text of doc, in a textBuf to free when
// done with it. The text of each block is appended to one buffer, then
// trimmed and its line breaks joined there.
func plainText(doc ast.Node, src []byte) *textBuf {
	t := textPool.Get().(*textBuf)
	t.all, t.prose, t.cut = slices.Grow(t.all[:0], len(src)), t.prose[:0], -1
	t.block(doc, src)
	return t
}

// textBuf is the plain text of a document: all is the text of every block
// on its own line (no markup, no HTML, no image alt text, no ruby
// readings; code blocks included), and cut its length at the first
// SummaryBreak, or -1. prose is the beginning of the text of its
// paragraphs and list items alone, at least proseBytes long when the
// article has that much: an automatic summary reads the author's
// sentences, not a heading, a table or code.
type textBuf struct {
	all, prose []byte
	cut        int
}

// textPool holds text buffers, which grow to the size of an article.
var textPool = sync.Pool{New: func() any { return new(textBuf) }}

// free returns t to the pool, unless its buffer grew too large to keep
// (maxPooledBuffer).
func (t *textBuf) free() {
	if cap(t.all) <= maxPooledBuffer {
		textPool.Put(t)
	}
}

// begin starts a line of text and returns where its text starts.
func (t *textBuf) begin() int {
	if len(t.all) > 0 {
		t.all = append(t.all, '\n')
	}
	return len(t.all)
}

// end trims the line begun at from (as strings.TrimSpace) and reports
// whether any text remains; a line left empty is taken back with its
// line end.
func (t *textBuf) end(from int) bool {
	if trimIn(&t.all, from) {
		return true
	}
	t.all = t.all[:max(from-1, 0)]
	return false
}

// trimIn trims (*b)[from:] in place as bytes.TrimSpace and reports whether
// anything remains.
func trimIn(b *[]byte, from int) bool {
	line := bytes.TrimSpace((*b)[from:])
	n := copy((*b)[from:], line)
	*b = (*b)[:from+n]
	return n > 0
}

func (t *textBuf) block(n ast.Node, src []byte) {
	switch n.Kind() {
	case ast.KindParagraph, ast.KindTextBlock:
		from := t.begin()
		t.all = appendInline(t.all, n, src)
		if t.end(from) && len(t.prose) < proseBytes {
			if len(t.prose) > 0 {
				t.prose = append(t.prose, '\n')
			}
			t.prose = append(t.prose, t.all[from:]...)
		}
	case ast.KindHeading, east.KindDefinitionTerm:
		from := t.begin()
		t.all = appendInline(t.all, n, src)
		t.end(from)
	case ast.KindFencedCodeBlock, ast.KindCodeBlock:
		from := t.begin()
		for i := 0; i < n.Lines().Len(); i++ {
			seg := n.Lines().At(i)
			t.all = append(t.all, seg.Value(src)...)
		}
		t.end(from)
	case east.KindTableHeader, east.KindTableRow:
		from := t.begin()
		for c := n.FirstChild(); c != nil; c = c.NextSibling() {
			cell := len(t.all)
			if cell > from {
				t.all = append(t.all, ' ')
			}
			start := len(t.all)
			t.all = appendInline(t.all, c, src)
			if !trimIn(&t.all, start) {
				t.all = t.all[:cell] // an empty cell adds nothing
			}
		}
		t.end(from)
	case KindSummaryBreak:
		if t.cut < 0 {
			t.cut = len(t.all)
		}
	case ast.KindHTMLBlock, ast.KindThematicBreak, KindFigure, KindDiagram:
	default:
		for c := n.FirstChild(); c != nil; c = c.NextSibling() {
			t.block(c, src)
		}
	}
}

// inlineText returns the plain text of the inline children of block n. A
// line break inside it becomes a space, or nothing when it stands between
// two East Asian wide characters (as goldmark's CJK extension renders it).
func inlineText(n ast.Node, src []byte) string {
	return string(appendInline(nil, n, src))
}

// appendInline appends the plain text of the inline children of block n
// to dst, as inlineText gives it.
func appendInline(dst []byte, n ast.Node, src []byte) []byte {
	from := len(dst)
	_ = ast.Walk(n, func(c ast.Node, entering bool) (ast.WalkStatus, error) {
		if !entering || c == n {
			return ast.WalkContinue, nil
		}
		switch c := c.(type) {
		case *ast.Text:
			v := c.Value(src)
			if _, code := c.Parent().(*ast.CodeSpan); code {
				start := len(dst)
				dst = append(dst, v...)
				for i := start; i < len(dst); i++ {
					if dst[i] == '\n' {
						dst[i] = ' '
					}
				}
			} else if c.IsRaw() {
				dst = append(dst, v...)
			} else {
				dst = append(dst, unescape(v)...)
			}
			if c.SoftLineBreak() || c.HardLineBreak() {
				dst = append(dst, lineBreak)
			}
		case *ast.String:
			dst = append(dst, c.Value...)
		case *ast.AutoLink:
			dst = append(dst, c.Label(src)...)
		case *ast.Image, *ast.RawHTML, *east.FootnoteLink, *east.FootnoteBacklink, *east.TaskCheckBox:
			return ast.WalkSkipChildren, nil
		}
		return ast.WalkContinue, nil
	})
	return joinBreaks(dst, from)
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

// joinBreaks replaces each lineBreak in b[from:] by a space, or removes it
// when the characters on both sides are East Asian wide, in place.
func joinBreaks(b []byte, from int) []byte {
	i := bytes.IndexByte(b[from:], lineBreak)
	if i < 0 {
		return b
	}
	w := from + i
	for r := w; r < len(b); r++ {
		if b[r] != lineBreak {
			b[w] = b[r]
			w++
			continue
		}
		// The character before a break is the last one written (a break
		// before it became a space, or went between two wide characters);
		// the one after is still unread.
		before, _ := utf8.DecodeLastRune(b[from:w])
		after, _ := utf8.DecodeRune(b[r+1:])
		if !util.IsEastAsianWideRune(before) || !util.IsEastAsianWideRune(after) {
			b[w] = ' '
			w++
		}
	}
	return b[:w]
}
