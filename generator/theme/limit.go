package theme

import (
	"context"
	"fmt"
	"html/template"
	"io"
	"text/template/parse"
	"time"

	"github.com/rensai-ssg/rensai/generator/diag"
)

// Template execution is bounded. html/template has no way to stop a
// running template, so Load puts an empty text node at the start of every
// range body: each turn of a loop then writes zero bytes to the page's
// writer, which checks the build's context and the time limit and fails the
// write when either has run out, and the template stops with that error.
// Each marker's text is its own zero-length slice, so the writer also knows
// which range was turning last and the error names its file and line.

// DefaultLimit is the time one page may take when SetLimit was not called.
const DefaultLimit = 30 * time.Second

// checkEvery is how many writes pass between two looks at the clock.
const checkEvery = 256

// SetLimit sets the time one page may take to render; 0 or less means no
// limit (the build's context still stops it).
func (t *Theme) SetLimit(d time.Duration) { t.limit = d }

// markRanges puts a marker at the start of every range body of every
// template in set, recording its position.
func (t *Theme) markRanges(set *template.Template) {
	for _, tmpl := range set.Templates() {
		if tmpl.Tree == nil || tmpl.Tree.Root == nil {
			continue
		}
		t.markList(tmpl.Tree, tmpl.Tree.Root)
	}
}

func (t *Theme) markList(tree *parse.Tree, list *parse.ListNode) {
	if list == nil {
		return
	}
	for _, n := range list.Nodes {
		switch n := n.(type) {
		case *parse.RangeNode:
			text := make([]byte, 0, 1)
			loc, _ := tree.ErrorContext(n)
			t.markers[&text[:1][0]] = loc
			marker := &parse.TextNode{NodeType: parse.NodeText, Pos: n.Pos, Text: text}
			t.markList(tree, n.List)
			t.markList(tree, n.ElseList)
			if n.List != nil {
				n.List.Nodes = append([]parse.Node{marker}, n.List.Nodes...)
			}
		case *parse.IfNode:
			t.markList(tree, n.List)
			t.markList(tree, n.ElseList)
		case *parse.WithNode:
			t.markList(tree, n.List)
			t.markList(tree, n.ElseList)
		case *parse.ListNode:
			t.markList(tree, n)
		}
	}
}

// limitWriter is the writer of one page's execution.
type limitWriter struct {
	w        io.Writer
	ctx      context.Context
	deadline time.Time
	markers  map[*byte]string
	writes   int
	last     *byte // the marker written last
}

func (w *limitWriter) Write(p []byte) (int, error) {
	if len(p) == 0 && cap(p) > 0 {
		w.last = &p[:1][0]
	}
	w.writes++
	if w.writes%checkEvery == 0 {
		if err := w.ctx.Err(); err != nil {
			return 0, err
		}
		if !w.deadline.IsZero() && time.Now().After(w.deadline) {
			return 0, errLimit
		}
	}
	return w.w.Write(p)
}

// errLimit is the write error that stops a page past its time.
var errLimit = fmt.Errorf("time limit")

// limitError describes a page stopped at its time limit.
func (t *Theme) limitError(w *limitWriter, kind, page string) error {
	loc := w.markers[w.last]
	e := t.positioned(loc)
	if e.Path == "" {
		e.Path = t.files[t.entry[kind]]
	}
	k := diag.T(e.Path, e.Line, "theme.timeLimit", page, t.limit.String())
	k.Column = e.Column
	return k
}
