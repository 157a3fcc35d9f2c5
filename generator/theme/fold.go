package theme

import (
	"bytes"
	"errors"
	"html/template"
	"strings"
	"text/template/parse"
)

// Folding constant actions. Most of a page's {{ }} actions print the same
// bytes on every page: {{ T "nav_series" }}, {{ relURL "assets/js/reader.js" }}.
// Each costs text/template a reflective call of the function and one of
// every escaper html/template added to the pipeline, on every page. Once
// html/template has escaped a page kind's templates, Load runs each such
// action once and puts its output in the tree as text, so every page gets
// the bytes the action would have printed without running it.
//
// An action is constant when it declares no variable, its first command
// calls one of foldable with literal strings only, and every later command
// is an escaper html/template added (so the tree it sits in is the escaped
// one that runs). Its output is what the escaped action itself printed,
// which is why the page's bytes cannot change. An action whose run fails
// (a missing string) is left in place, to fail at its own line on the page.

// foldable are the template functions whose result depends only on their
// arguments and on what Load was given (strings, configuration): T, and
// the URL functions of the configuration's base URL. The theme is loaded
// again when either changes.
var foldable = map[string]bool{"T": true, "relURL": true, "absURL": true}

// escaperPrefix starts the names of the escaping functions html/template
// adds to pipelines.
const escaperPrefix = "_html_template_"

// foldConstants escapes set by running its entry template once, then
// replaces each constant action of its templates with the text it prints.
// A set that does not escape is left alone: executing it reports why.
func foldConstants(set *template.Template, entry string) {
	root := set.Lookup(entry)
	if root == nil {
		return
	}
	// Escaping happens on the first execution, before anything runs; the
	// execution itself stops at its first write.
	var escErr *template.Error
	if err := set.ExecuteTemplate(refuseWrites{}, entry, nil); errors.As(err, &escErr) {
		return
	}
	if root.Tree == nil || root.Tree.Root == nil {
		return
	}
	run := func(n *parse.ActionNode) ([]byte, bool) {
		tree := root.Tree
		saved := tree.Root
		tree.Root = &parse.ListNode{NodeType: parse.NodeList, Pos: n.Pos, Nodes: []parse.Node{n}}
		defer func() { tree.Root = saved }()
		var buf bytes.Buffer
		if err := set.ExecuteTemplate(&buf, entry, nil); err != nil {
			return nil, false
		}
		return buf.Bytes(), true
	}
	for _, tmpl := range set.Templates() {
		if tmpl.Tree != nil && tmpl.Tree.Root != nil {
			foldList(tmpl.Tree.Root, run)
		}
	}
}

// refuseWrites fails every write.
type refuseWrites struct{}

var errRefused = errors.New("no output wanted")

func (refuseWrites) Write([]byte) (int, error) { return 0, errRefused }

// foldList folds the constant actions of list and of the lists inside it,
// then joins neighbouring texts.
func foldList(list *parse.ListNode, run func(*parse.ActionNode) ([]byte, bool)) {
	if list == nil {
		return
	}
	for i, n := range list.Nodes {
		switch n := n.(type) {
		case *parse.ActionNode:
			if !constantAction(n) {
				continue
			}
			if out, ok := run(n); ok {
				list.Nodes[i] = &parse.TextNode{NodeType: parse.NodeText, Pos: n.Pos, Text: bytes.Clone(out)}
			}
		case *parse.IfNode:
			foldList(n.List, run)
			foldList(n.ElseList, run)
		case *parse.RangeNode:
			foldList(n.List, run)
			foldList(n.ElseList, run)
		case *parse.WithNode:
			foldList(n.List, run)
			foldList(n.ElseList, run)
		case *parse.ListNode:
			foldList(n, run)
		}
	}
	list.Nodes = joinTexts(list.Nodes)
}

// constantAction reports whether n prints the same bytes wherever and with
// whatever data it runs (see foldable).
func constantAction(n *parse.ActionNode) bool {
	p := n.Pipe
	if p == nil || len(p.Decl) > 0 || p.IsAssign || len(p.Cmds) < 2 {
		return false
	}
	first := p.Cmds[0].Args
	if len(first) == 0 {
		return false
	}
	fn, ok := first[0].(*parse.IdentifierNode)
	if !ok || !foldable[fn.Ident] {
		return false
	}
	for _, a := range first[1:] {
		if _, ok := a.(*parse.StringNode); !ok {
			return false
		}
	}
	for _, c := range p.Cmds[1:] {
		if len(c.Args) != 1 {
			return false
		}
		id, ok := c.Args[0].(*parse.IdentifierNode)
		if !ok || !strings.HasPrefix(id.Ident, escaperPrefix) {
			return false
		}
	}
	return true
}

// joinTexts joins runs of non-empty text nodes into one node each, so a
// page makes one write where it made several. Empty texts are kept as
// they are: they are the range markers of limit.go, known by identity.
func joinTexts(nodes []parse.Node) []parse.Node {
	out := nodes[:0]
	for _, n := range nodes {
		t, ok := n.(*parse.TextNode)
		if ok && len(t.Text) > 0 && len(out) > 0 {
			if prev, ok := out[len(out)-1].(*parse.TextNode); ok && len(prev.Text) > 0 {
				joined := make([]byte, 0, len(prev.Text)+len(t.Text))
				joined = append(append(joined, prev.Text...), t.Text...)
				out[len(out)-1] = &parse.TextNode{NodeType: parse.NodeText, Pos: prev.Pos, Text: joined}
				continue
			}
		}
		out = append(out, n)
	}
	return out
}
