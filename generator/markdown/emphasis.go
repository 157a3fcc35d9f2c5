package markdown

import (
	"bytes"

	"github.com/yuin/goldmark/ast"
	"github.com/yuin/goldmark/parser"
	"github.com/yuin/goldmark/text"
	"github.com/yuin/goldmark/util"
)

// CommonMark decides whether "*" opens or closes emphasis from the
// characters around it. Next to punctuation it requires white space or
// punctuation on the other side, which Japanese, written without spaces,
// never has: in
//
//	対応は**「丁寧に」**が基本
//
// the closing "**" follows 」 (punctuation) and precedes が (neither space
// nor punctuation), so CommonMark renders the asterisks literally. The
// emphasis parser below replaces goldmark's: for "*" it counts an East
// Asian wide character on the far side like white space, the idea of the
// "CJK-friendly" amendment to CommonMark. "_" keeps the CommonMark rule, so
// snake_case names inside Japanese text stay as they are.

// emphasisParser is a parser.InlineParser for "*" and "_" emphasis.
type emphasisParser struct{}

var _ parser.InlineParser = emphasisParser{}

// Trigger implements parser.InlineParser.
func (emphasisParser) Trigger() []byte { return []byte{'*', '_'} }

// Parse implements parser.InlineParser: it pushes a delimiter run that the
// goldmark parser later pairs into emphasis.
func (emphasisParser) Parse(_ ast.Node, block text.Reader, pc parser.Context) ast.Node {
	before := block.PrecendingCharacter()
	line, seg := block.PeekLine()
	if len(line) == 0 {
		return nil
	}
	c := line[0]
	n := 1
	for n < len(line) && line[n] == c {
		n++
	}
	after := ' ' // the end of the line counts as white space
	if n < len(line) {
		after = util.ToRune(line, n)
	}
	canOpen, canClose := flanking(c, before, after)
	d := parser.NewDelimiter(canOpen, canClose, n, c, emphasisDelimiters{})
	d.Segment = seg.WithStop(seg.Start + n)
	block.Advance(n)
	pc.PushDelimiter(d)
	return d
}

// flanking reports whether a run of delimiter c between the runes before
// and after can open and can close emphasis.
func flanking(c byte, before, after rune) (canOpen, canClose bool) {
	bSpace, aSpace := util.IsSpaceRune(before), util.IsSpaceRune(after)
	bPunct, aPunct := util.IsPunctRune(before), util.IsPunctRune(after)
	bSide, aSide := bSpace || bPunct, aSpace || aPunct
	if c == '*' {
		bSide = bSide || util.IsEastAsianWideRune(before)
		aSide = aSide || util.IsEastAsianWideRune(after)
	}
	left := !aSpace && (!aPunct || bSide)
	right := !bSpace && (!bPunct || aSide)
	if c == '_' {
		return left && (!right || bPunct), right && (!left || aPunct)
	}
	return left, right
}

// emphasisDelimiters is the parser.DelimiterProcessor of emphasisParser.
type emphasisDelimiters struct{}

var _ parser.DelimiterProcessor = emphasisDelimiters{}

// IsDelimiter implements parser.DelimiterProcessor.
func (emphasisDelimiters) IsDelimiter(b byte) bool { return b == '*' || b == '_' }

// CanOpenCloser implements parser.DelimiterProcessor: "*" pairs with "*",
// "_" with "_".
func (emphasisDelimiters) CanOpenCloser(opener, closer *parser.Delimiter) bool {
	return opener.Char == closer.Char
}

// OnMatch implements parser.DelimiterProcessor: one delimiter on each side
// is <em>, two are <strong>.
func (emphasisDelimiters) OnMatch(consumes int) ast.Node { return ast.NewEmphasis(consumes) }

// inlineParsers returns goldmark's default inline parsers with its emphasis
// parser replaced by emphasisParser.
func inlineParsers() []util.PrioritizedValue {
	var ps []util.PrioritizedValue
	for _, p := range parser.DefaultInlineParsers() {
		if ip, ok := p.Value.(parser.InlineParser); ok && bytes.IndexByte(ip.Trigger(), '*') >= 0 {
			p.Value = emphasisParser{}
		}
		ps = append(ps, p)
	}
	return ps
}
