package markdown

import (
	"bytes"
	"unicode/utf8"

	"github.com/yuin/goldmark/ast"
	"github.com/yuin/goldmark/text"
)

// Emphasis dots (傍点, bouten): 《《傍点》》 becomes
// <em class="bouten">傍点</em>, which the theme styles with
// text-emphasis: filled sesame. The text inside may hold ruby
// (《《|強調《きょうちょう》》》) but no further dots, and is 1 to maxBouten
// characters on one line; other forms stay as text. They are found by the
// ruby transformer (ruby.go), which scans the same brackets.

// maxBouten is the longest text with emphasis dots, in characters. It
// bounds the search for the closing brackets.
const maxBouten = 100

var (
	boutenOpen  = []byte("《《")
	boutenClose = []byte("》》")
)

// newBouten returns the emphasis node for the dotted text src[start:stop].
func (st *state) newBouten(start, stop int) ast.Node {
	em := ast.NewEmphasis(1)
	em.SetAttributeString("class", []byte("bouten"))
	inner := st.scanRuby(start, stop, false)
	if inner == nil {
		inner = []ast.Node{ast.NewTextSegment(text.NewSegment(start, stop))}
	}
	for _, n := range inner {
		em.AppendChild(em, n)
	}
	return em
}

// boutenEnd returns the offset of the 》》 that closes dotted text starting
// at from: the first 》》 outside the brackets of a reading, within
// maxBouten characters on the same line, after at least one character.
func boutenEnd(s []byte, from int) (int, bool) {
	depth := 0
	for i, n := from, 0; i < len(s) && n <= maxBouten; n++ {
		switch {
		case bytes.HasPrefix(s[i:], openBracket):
			depth++
		case bytes.HasPrefix(s[i:], closeBracket):
			if depth > 0 {
				depth--
			} else {
				return i, i > from && bytes.HasPrefix(s[i+len(closeBracket):], closeBracket)
			}
		}
		r, size := utf8.DecodeRune(s[i:])
		if r == '\n' || r == '\r' {
			return 0, false
		}
		i += size
	}
	return 0, false
}
