package markdown

import (
	"strconv"
	"strings"
	"unicode"

	"github.com/yuin/goldmark/ast"
	"github.com/yuin/goldmark/parser"
)

// emptyID is the id of a heading whose text has nothing usable in an id.
const emptyID = "見出し"

// headingIDs makes heading ids that keep Japanese text and are unique within
// one page. Use a new one for every page.
type headingIDs struct {
	used map[string]bool
}

var _ parser.IDs = (*headingIDs)(nil)

func newHeadingIDs() *headingIDs {
	return &headingIDs{used: map[string]bool{}}
}

// Generate returns a new id for the heading text value: see slug. If the id
// is taken, "-1", "-2", ... is appended until it is not.
func (s *headingIDs) Generate(value []byte, _ ast.NodeKind) []byte {
	base := slug(string(value))
	id := base
	for i := 1; s.used[id]; i++ {
		id = base + "-" + strconv.Itoa(i)
	}
	s.used[id] = true
	return []byte(id)
}

// Put marks value as taken.
func (s *headingIDs) Put(value []byte) {
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
