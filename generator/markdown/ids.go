package markdown

import (
	"strconv"
	"strings"
	"unicode"

	"github.com/yuin/goldmark"
	"github.com/yuin/goldmark/ast"
	"github.com/yuin/goldmark/parser"
	"github.com/yuin/goldmark/text"
	"github.com/yuin/goldmark/util"
)

// headingIDs is the extension that gives every heading an id and collects
// the table of contents. An id written after the heading
// ("## 見出し {#custom-id}", parsed by goldmark's heading attributes) is
// kept as written; every other heading gets one made from its text, unique
// in the page and never equal to a written one.
type headingIDs struct{}

// Extend implements goldmark.Extender.
func (headingIDs) Extend(m goldmark.Markdown) {
	m.Parser().AddOptions(parser.WithASTTransformers(util.Prioritized(headingIDs{}, 100)))
}

// Transform implements parser.ASTTransformer.
func (headingIDs) Transform(doc *ast.Document, _ text.Reader, pc parser.Context) {
	st := stateOf(pc)
	hs := headings(doc, nil)
	ids := newIDSet()
	for _, h := range hs {
		if v, ok := h.AttributeString("id"); ok {
			if b, ok := v.([]byte); ok && len(b) > 0 {
				ids.Put(b)
			}
		}
	}
	for _, h := range hs {
		txt := inlineText(h, st.src)
		var id string
		if v, ok := h.AttributeString("id"); ok {
			if b, ok := v.([]byte); ok && len(b) > 0 {
				id = string(b)
			}
		}
		if id == "" {
			id = string(ids.Generate([]byte(txt), ast.KindHeading))
			h.SetAttributeString("id", []byte(id))
		}
		if h.Level >= 2 && h.Level <= 4 {
			st.toc = append(st.toc, Heading{Level: h.Level, ID: id, Text: txt})
		}
	}
}

// headings appends the headings under n to hs, in document order. A
// heading is a block, so only blocks are walked, not the inline nodes
// of the paragraphs.
func headings(n ast.Node, hs []*ast.Heading) []*ast.Heading {
	for c := n.FirstChild(); c != nil; c = c.NextSibling() {
		switch {
		case c.Kind() == ast.KindHeading:
			hs = append(hs, c.(*ast.Heading))
		case c.Type() == ast.TypeBlock:
			hs = headings(c, hs)
		}
	}
	return hs
}

// emptyID is the id of a heading whose text has nothing usable in an id.
const emptyID = "見出し"

// idSet makes heading ids that keep Japanese text and are unique within
// one page. Use a new one for every page.
type idSet struct {
	used map[string]bool
	next map[string]int // the next suffix to try for a base id
}

var _ parser.IDs = (*idSet)(nil)

func newIDSet() *idSet {
	return &idSet{used: map[string]bool{}, next: map[string]int{}}
}

// Generate returns a new id for the heading text value: see slug. If the id
// is taken, "-1", "-2", ... is appended until it is not. Each base
// remembers its last suffix, so n equal headings cost O(n), not O(n*n).
func (s *idSet) Generate(value []byte, _ ast.NodeKind) []byte {
	base := slug(string(value))
	id := base
	for i := s.next[base]; s.used[id]; {
		i++
		id = base + "-" + strconv.Itoa(i)
		s.next[base] = i
	}
	s.used[id] = true
	return []byte(id)
}

// Put marks value as taken.
func (s *idSet) Put(value []byte) {
	s.used[string(value)] = true
}

// slug turns heading text into an id: letters, digits and marks of every
// script are kept, ASCII letters lower-cased, runs of white space and
// hyphens become one "-", everything else (punctuation, symbols, controls)
// is dropped. "## 対応の ポイント！" gives "対応の-ポイント".
func slug(s string) string {
	var b strings.Builder
	b.Grow(len(s))
	dash := false
	for _, r := range s {
		switch {
		case 'A' <= r && r <= 'Z':
			r += 'a' - 'A'
		case r == '_' || r < 0x80 && (unicode.IsLetter(r) || unicode.IsDigit(r)):
		case r == '-' || unicode.IsSpace(r):
			dash = b.Len() > 0
			continue
		case r >= 0x80 && (unicode.IsLetter(r) || unicode.IsNumber(r) || unicode.IsMark(r)):
		default:
			continue
		}
		if dash {
			b.WriteByte('-')
			dash = false
		}
		b.WriteRune(r)
	}
	if b.Len() == 0 {
		return emptyID
	}
	return b.String()
}
