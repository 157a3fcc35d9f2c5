package markdown

import (
	"bytes"
	"unicode"
	"unicode/utf8"

	"github.com/yuin/goldmark"
	"github.com/yuin/goldmark/ast"
	"github.com/yuin/goldmark/parser"
	"github.com/yuin/goldmark/renderer"
	"github.com/yuin/goldmark/renderer/html"
	"github.com/yuin/goldmark/text"
	"github.com/yuin/goldmark/util"
)

// Ruby in the notation of Kakuyomu, 小説家になろう and 青空文庫:
//
//	|漢字《かんじ》  ｜漢字《かんじ》  the base runs from the bar to 《
//	漢字《かんじ》                     no bar: the run of kanji before 《
//	|《  \《                           a literal 《
//
// become <ruby>漢字<rp>（</rp><rt>かんじ</rt><rp>）</rp></ruby>. A reading
// is 1 to maxReading characters on one line; anything else (an unclosed 《,
// an empty or longer reading, 《 after no kanji and no bar) stays as text.
// Ruby is found in the text of paragraphs, headings, emphasis and links,
// never in code.
//
// goldmark calls inline parsers only at ASCII punctuation and white space,
// so the full-width forms cannot be inline parsers: ruby is an AST
// transformer that splits text nodes, run before heading ids are made so
// that ids, the TOC and plain text hold the base without the reading.

// maxReading is the longest reading, in characters.
const maxReading = 20

var (
	openBracket  = []byte("《")
	closeBracket = []byte("》")
	fullBar      = []byte("｜")
)

// KindRuby is the ast.NodeKind of Ruby.
var KindRuby = ast.NewNodeKind("Ruby")

// Ruby is an inline node: its children are the base text, Reading the
// reading as written.
type Ruby struct {
	ast.BaseInline
	Reading []byte
}

// Kind implements ast.Node.
func (n *Ruby) Kind() ast.NodeKind { return KindRuby }

// Dump implements ast.Node.
func (n *Ruby) Dump(source []byte, level int) {
	ast.DumpHelper(n, source, level, map[string]string{"Reading": string(n.Reading)}, nil)
}

// ruby is the extension for ruby and emphasis dots (see bouten.go).
type ruby struct{}

// Extend implements goldmark.Extender.
func (ruby) Extend(m goldmark.Markdown) {
	m.Parser().AddOptions(parser.WithASTTransformers(util.Prioritized(ruby{}, 50)))
	m.Renderer().AddOptions(renderer.WithNodeRenderers(util.Prioritized(ruby{}, 500)))
}

// RegisterFuncs implements renderer.NodeRenderer.
func (ruby) RegisterFuncs(reg renderer.NodeRendererFuncRegisterer) {
	reg.Register(KindRuby, renderRuby)
}

func renderRuby(w util.BufWriter, _ []byte, node ast.Node, entering bool) (ast.WalkStatus, error) {
	if entering {
		_, _ = w.WriteString("<ruby>")
		return ast.WalkContinue, nil
	}
	_, _ = w.WriteString("<rp>（</rp><rt>")
	html.DefaultWriter.Write(w, node.(*Ruby).Reading)
	_, _ = w.WriteString("</rt><rp>）</rp></ruby>")
	return ast.WalkContinue, nil
}

// Transform implements parser.ASTTransformer.
func (ruby) Transform(doc *ast.Document, _ text.Reader, pc parser.Context) {
	st := stateOf(pc)
	if !bytes.Contains(st.src, openBracket) {
		return // the common case costs one scan of the source
	}
	var texts []*ast.Text
	_ = ast.Walk(doc, func(n ast.Node, entering bool) (ast.WalkStatus, error) {
		if !entering {
			return ast.WalkContinue, nil
		}
		switch n := n.(type) {
		case *ast.CodeSpan, *ast.CodeBlock, *ast.FencedCodeBlock, *ast.HTMLBlock:
			return ast.WalkSkipChildren, nil
		case *ast.Text:
			if !n.IsRaw() && bytes.Contains(n.Value(st.src), openBracket) {
				texts = append(texts, n)
			}
		}
		return ast.WalkContinue, nil
	})
	// Nodes change only after the walk: removing the node being walked
	// would end the walk of its siblings.
	for _, t := range texts {
		if t.Parent() != nil { // not merged into an earlier one
			st.splitRuby(mergeTexts(t))
		}
	}
}

// mergeTexts joins t with the text nodes around it that continue it in the
// source on the same line, so a base and its reading are in one node. It
// returns the joined node.
func mergeTexts(t *ast.Text) *ast.Text {
	joinable := func(a, b ast.Node) bool {
		at, ok1 := a.(*ast.Text)
		bt, ok2 := b.(*ast.Text)
		return ok1 && ok2 && !at.IsRaw() && !bt.IsRaw() && !at.SoftLineBreak() && !at.HardLineBreak() &&
			at.Segment.Stop == bt.Segment.Start
	}
	for p := t.PreviousSibling(); p != nil && joinable(p, t); p = t.PreviousSibling() {
		pt := p.(*ast.Text)
		pt.Segment.Stop = t.Segment.Stop
		pt.SetSoftLineBreak(t.SoftLineBreak())
		pt.SetHardLineBreak(t.HardLineBreak())
		t.Parent().RemoveChild(t.Parent(), t)
		t = pt
	}
	for n := t.NextSibling(); n != nil && joinable(t, n); n = t.NextSibling() {
		nt := n.(*ast.Text)
		t.Segment.Stop = nt.Segment.Stop
		t.SetSoftLineBreak(nt.SoftLineBreak())
		t.SetHardLineBreak(nt.HardLineBreak())
		t.Parent().RemoveChild(t.Parent(), nt)
	}
	return t
}

// splitRuby replaces text node t by the text, ruby and emphasis-dot nodes
// it holds, or leaves it alone when it holds none.
func (st *state) splitRuby(t *ast.Text) {
	nodes := st.scanRuby(t.Segment.Start, t.Segment.Stop, true)
	if nodes == nil {
		return
	}
	last := nodes[len(nodes)-1]
	if (t.SoftLineBreak() || t.HardLineBreak()) && !st.joinsNextLine(t, last) {
		lt, ok := last.(*ast.Text)
		if !ok {
			// An empty text carries the line break of the text that
			// ended with ruby or dots.
			lt = ast.NewTextSegment(text.NewSegment(t.Segment.Stop, t.Segment.Stop))
			nodes = append(nodes, lt)
		}
		lt.SetSoftLineBreak(t.SoftLineBreak())
		lt.SetHardLineBreak(t.HardLineBreak())
	}
	parent := t.Parent()
	for _, n := range nodes {
		parent.InsertBefore(parent, t, n)
	}
	parent.RemoveChild(parent, t)
}

// joinsNextLine reports whether the soft line break after t, whose last
// node is now last, ruby or dots, is to be dropped as goldmark's CJK
// extension drops it between two East Asian wide characters: the one
// before the closing 》 and the first of the next line. (That extension
// cannot see through the new node, and Chromium shows the line feed as a
// space.)
func (st *state) joinsNextLine(t *ast.Text, last ast.Node) bool {
	if _, ok := last.(*ast.Text); ok || t.HardLineBreak() {
		return false
	}
	next, ok := t.NextSibling().(*ast.Text)
	if !ok {
		return false
	}
	v := next.Value(st.src)
	if len(v) == 0 {
		return false
	}
	before, _ := utf8.DecodeLastRune(st.src[:t.Segment.Stop-len(closeBracket)])
	after, _ := utf8.DecodeRune(v)
	return util.IsEastAsianWideRune(before) && util.IsEastAsianWideRune(after)
}

// scanRuby returns the nodes that src[start:stop] is made of, or nil when it
// is one plain text. withBouten allows 《《…》》 (not inside one).
func (st *state) scanRuby(start, stop int, withBouten bool) []ast.Node {
	s := st.src
	var out []ast.Node
	done := start // s[start:done] is in out
	bar, barEnd := -1, -1
	emit := func(a, b int) {
		if b > a {
			out = append(out, ast.NewTextSegment(text.NewSegment(a, b)))
		}
	}
	for i := start; i < stop; {
		rest := s[i:stop]
		switch {
		case rest[0] == '\\' && bytes.HasPrefix(rest[1:], openBracket),
			rest[0] == '|' && bytes.HasPrefix(rest[1:], openBracket),
			bytes.HasPrefix(rest, fullBar) && bytes.HasPrefix(rest[len(fullBar):], openBracket):
			// An escaped 《: drop the escape, keep the bracket as text.
			_, n := utf8.DecodeRune(rest)
			emit(done, i)
			emit(i+n, i+n+len(openBracket))
			i += n + len(openBracket)
			done, bar = i, -1
			continue
		case rest[0] == '|' || bytes.HasPrefix(rest, fullBar):
			_, n := utf8.DecodeRune(rest)
			bar, barEnd = i, i+n
			i += n
			continue
		case withBouten && bytes.HasPrefix(rest, boutenOpen):
			if end, ok := boutenEnd(s[:stop], i+len(boutenOpen)); ok {
				emit(done, i)
				out = append(out, st.newBouten(i+len(boutenOpen), end))
				i = end + len(boutenClose)
				done, bar = i, -1
				continue
			}
		case bytes.HasPrefix(rest, openBracket):
			if end, ok := readingEnd(s[:stop], i+len(openBracket)); ok {
				base := bar
				baseStart := barEnd
				if bar < done || barEnd == i {
					base = kanjiRunStart(s[done:i]) + done
					baseStart = base
				}
				if baseStart < i {
					emit(done, base)
					out = append(out, st.newRuby(baseStart, i, s[i+len(openBracket):end]))
					i = end + len(closeBracket)
					done, bar = i, -1
					continue
				}
			}
		}
		i++
	}
	if out == nil {
		return nil
	}
	emit(done, stop)
	return out
}

// newRuby returns a Ruby node for the base src[start:stop] and records the
// reading.
func (st *state) newRuby(start, stop int, reading []byte) *Ruby {
	n := &Ruby{Reading: reading}
	n.AppendChild(n, ast.NewTextSegment(text.NewSegment(start, stop)))
	st.addReading(st.src[start:stop], reading)
	return n
}

// addReading records the reading of base unless it is recorded already
// (the lookups convert without allocating, so a repeated annotation costs
// no memory).
func (st *state) addReading(base, reading []byte) {
	if st.seenReadings[string(base)][string(reading)] {
		return
	}
	if st.seenReadings == nil {
		st.seenReadings = map[string]map[string]bool{}
	}
	rs := st.seenReadings[string(base)]
	if rs == nil {
		rs = map[string]bool{}
		st.seenReadings[string(base)] = rs
	}
	rs[string(reading)] = true
	st.readings = append(st.readings, Reading{
		Base: string(unescape(base)),
		Ruby: string(unescape(reading)),
	})
}

// readingEnd returns the offset of the 》 that closes the reading starting
// at from, if the reading is valid: 1 to maxReading characters, on one
// line, without brackets.
func readingEnd(s []byte, from int) (int, bool) {
	for i, n := from, 0; i < len(s) && n <= maxReading; n++ {
		if bytes.HasPrefix(s[i:], closeBracket) {
			return i, n > 0
		}
		r, size := utf8.DecodeRune(s[i:])
		if r == '\n' || r == '\r' || r == '《' {
			return 0, false
		}
		i += size
	}
	return 0, false
}

// kanjiRunStart returns the offset in s of the run of kanji that ends s,
// len(s) when s does not end in a kanji.
func kanjiRunStart(s []byte) int {
	i := len(s)
	for i > 0 {
		r, size := utf8.DecodeLastRune(s[:i])
		if !isKanji(r) {
			break
		}
		i -= size
	}
	return i
}

// isKanji reports whether r belongs to a run of kanji that takes a reading
// without a bar: Han characters and the marks written with them (々 〆 〇
// ヶ ヵ).
func isKanji(r rune) bool {
	switch r {
	case '々', '〆', '〇', 'ヶ', 'ヵ':
		return true
	}
	return unicode.Is(unicode.Han, r)
}
