package theme

import (
	"bytes"
	"context"
	"errors"
	"html/template"
	"strings"
	"text/template/parse"
	"time"
)

// Folding constant parts of templates. Many of a page's {{ }} actions
// print the same bytes on every page: {{ T "nav_series" }}, {{ relURL
// "assets/js/reader.js" }}, and, for one build, {{ .Site.Title }} or the
// whole {{ range .Site.Taxonomies }} of the header. Each costs text/template
// a reflective call of the function or a field look-up, and one call of
// every escaper html/template added to the pipeline, on every page. Once
// html/template has escaped a page kind's templates, the folder runs each
// constant part once and puts its output in the tree as text, so every
// page gets the bytes that part would have printed without running it.
//
// A part is constant when it declares no variable, reads no variable,
// calls no other template, and reads of the page only the fields the
// caller declared constant (Specialize: .Site and .Kind), where the page
// is provably the dot: at the top of the entry template and of the
// templates it calls with the page. Inside a {{ with }} or {{ range }} over
// a constant value the dot is constant too. Functions are the theme's own
// (T, the URL and date functions, dict ...), which depend only on their
// arguments and on what Load was given; the theme is loaded again when the
// strings or the configuration change. Every action in a folded part must
// carry an escaper html/template added, so only escaped trees (those that
// run) are folded. An {{ if }} whose condition alone is constant is
// replaced by the branch it takes. The output of a folded part is what the
// escaped part itself printed, which is why a page's bytes cannot change;
// a part whose run fails (a missing string) is left in place, to fail at
// its own line on the page.

// escaperPrefix starts the names of the escaping functions html/template
// adds to pipelines.
const escaperPrefix = "_html_template_"

// dotKind is what the dot holds at a point of a template.
type dotKind int

const (
	dotUnknown dotKind = iota // anything: nothing of it is constant
	dotPage                   // the page: its constant fields are
	dotConst                  // a value computed from constants only
)

// folder folds the constant parts of one page kind's template set.
type folder struct {
	set    *template.Template
	entry  string
	data   any             // the page as far as it is constant; nil: no field is
	fields map[string]bool // the page's fields that are constant
	page   map[string]bool // templates whose dot is always the page
	// ctx and limit bound each run as they bound a page (limit.go): a part
	// that runs too long is left to fail on the page.
	ctx     context.Context
	limit   time.Duration
	markers map[*byte]string
}

// foldConstants escapes set by running its entry template once, then folds
// its constant parts (see above). data is the page of this kind with its
// constant fields set, fields their names; with data nil only functions of
// literals fold. A set that does not escape is left alone: executing it
// reports why.
func (t *Theme) foldConstants(ctx context.Context, set *template.Template, entry string, data any, fields []string) {
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
	f := &folder{set: set, entry: entry, data: data, fields: map[string]bool{}, ctx: ctx, limit: t.limit, markers: t.markers}
	if data != nil {
		for _, name := range fields {
			f.fields[name] = true
		}
	}
	f.page = pageTemplates(set, entry)
	for _, tmpl := range set.Templates() {
		if tmpl.Tree == nil || tmpl.Tree.Root == nil {
			continue
		}
		dot := dotUnknown
		if f.page[tmpl.Name()] {
			dot = dotPage
		}
		f.list(tmpl.Tree.Root, dot)
	}
}

// refuseWrites fails every write.
type refuseWrites struct{}

var errRefused = errors.New("no output wanted")

func (refuseWrites) Write([]byte) (int, error) { return 0, errRefused }

// run executes node alone, with the folder's data as the dot, by making it
// the entry template's only node for a moment.
func (f *folder) run(node parse.Node) ([]byte, bool) {
	tree := f.set.Lookup(f.entry).Tree
	saved := tree.Root
	tree.Root = &parse.ListNode{NodeType: parse.NodeList, Pos: node.Position(), Nodes: []parse.Node{node}}
	defer func() { tree.Root = saved }()
	var buf bytes.Buffer
	lw := &limitWriter{w: &buf, ctx: f.ctx, markers: f.markers}
	if f.limit > 0 {
		lw.deadline = time.Now().Add(f.limit)
	}
	if err := f.set.ExecuteTemplate(lw, f.entry, f.data); err != nil {
		return nil, false
	}
	return bytes.Clone(buf.Bytes()), true
}

// list folds the constant parts of list, where the dot is dot, and of the
// lists inside it, then joins neighbouring texts.
func (f *folder) list(list *parse.ListNode, dot dotKind) {
	if list == nil {
		return
	}
	out := make([]parse.Node, 0, len(list.Nodes))
	for i := 0; i < len(list.Nodes); i++ {
		n := list.Nodes[i]
		switch n.(type) {
		case *parse.ActionNode, *parse.IfNode, *parse.RangeNode, *parse.WithNode:
			if f.constant(n, dot) && escaped(n) {
				if text, ok := f.run(n); ok {
					if len(text) > 0 {
						out = append(out, &parse.TextNode{NodeType: parse.NodeText, Pos: n.Position(), Text: text})
					}
					continue
				}
			}
		}
		switch n := n.(type) {
		case *parse.IfNode:
			if taken, ok := f.branch(n, dot); ok {
				// Go on with the nodes of the branch taken, in place of the if.
				rest := append([]parse.Node{}, taken...)
				list.Nodes = append(rest, list.Nodes[i+1:]...)
				i = -1
				continue
			}
			f.list(n.List, dot)
			f.list(n.ElseList, dot)
		case *parse.RangeNode:
			// Inside, the dot is not the data run gives a node, even where
			// it is constant: only what reads no dot folds there.
			f.list(n.List, dotUnknown)
			f.list(n.ElseList, dot)
		case *parse.WithNode:
			f.list(n.List, dotUnknown)
			f.list(n.ElseList, dot)
		case *parse.ListNode:
			f.list(n, dot)
		}
		out = append(out, n)
	}
	list.Nodes = joinTexts(out)
}

// branch is the nodes of the branch an if whose condition is constant
// takes, found by running the if with "1" as its only branch.
func (f *folder) branch(n *parse.IfNode, dot dotKind) ([]parse.Node, bool) {
	if dot != dotPage || !f.constPipe(n.Pipe, dot) {
		return nil, false
	}
	list, elseList := n.List, n.ElseList
	n.List = &parse.ListNode{NodeType: parse.NodeList, Pos: n.Pos, Nodes: []parse.Node{
		&parse.TextNode{NodeType: parse.NodeText, Pos: n.Pos, Text: []byte("1")}}}
	n.ElseList = nil
	out, ok := f.run(n)
	n.List, n.ElseList = list, elseList
	switch {
	case !ok:
		return nil, false
	case string(out) == "1":
		return list.Nodes, true
	case elseList == nil:
		return nil, true
	}
	return elseList.Nodes, true
}

// constant reports whether node prints the same bytes on every page of
// the kind, where the dot is dot.
func (f *folder) constant(node parse.Node, dot dotKind) bool {
	switch n := node.(type) {
	case *parse.TextNode, *parse.CommentNode, *parse.BreakNode, *parse.ContinueNode:
		return true
	case *parse.ListNode:
		if n == nil {
			return true
		}
		for _, c := range n.Nodes {
			if !f.constant(c, dot) {
				return false
			}
		}
		return true
	case *parse.ActionNode:
		return f.constPipe(n.Pipe, dot)
	case *parse.IfNode:
		return f.constPipe(n.Pipe, dot) && f.constant(n.List, dot) && f.constant(n.ElseList, dot)
	case *parse.RangeNode:
		return f.constPipe(n.Pipe, dot) && f.constant(n.List, dotConst) && f.constant(n.ElseList, dot)
	case *parse.WithNode:
		return f.constPipe(n.Pipe, dot) && f.constant(n.List, dotConst) && f.constant(n.ElseList, dot)
	}
	return false // a template call, or something this folder does not know
}

// constPipe reports whether pipe computes a constant where the dot is dot.
func (f *folder) constPipe(pipe *parse.PipeNode, dot dotKind) bool {
	if pipe == nil || len(pipe.Decl) > 0 || pipe.IsAssign {
		return false
	}
	for _, c := range pipe.Cmds {
		for _, a := range c.Args {
			if !f.constArg(a, dot) {
				return false
			}
		}
	}
	return true
}

// constArg reports whether an argument is constant where the dot is dot.
func (f *folder) constArg(arg parse.Node, dot dotKind) bool {
	switch a := arg.(type) {
	case *parse.StringNode, *parse.NumberNode, *parse.BoolNode, *parse.NilNode, *parse.IdentifierNode:
		return true
	case *parse.DotNode:
		return dot == dotConst
	case *parse.FieldNode:
		return dot == dotConst || dot == dotPage && f.fields[a.Ident[0]]
	case *parse.PipeNode:
		return f.constPipe(a, dot)
	}
	return false // a variable, or a chain
}

// escaped reports whether every action in node carries an escaper, that
// is, node is in a tree html/template escaped.
func escaped(node parse.Node) bool {
	ok := true
	eachNode(node, func(n parse.Node) {
		a, isAction := n.(*parse.ActionNode)
		if !isAction {
			return
		}
		last := a.Pipe.Cmds[len(a.Pipe.Cmds)-1].Args
		id, isIdent := last[0].(*parse.IdentifierNode)
		if len(a.Pipe.Cmds) < 2 || !isIdent || !strings.HasPrefix(id.Ident, escaperPrefix) {
			ok = false
		}
	})
	return ok
}

// eachNode calls fn for node and every node in its lists.
func eachNode(node parse.Node, fn func(parse.Node)) {
	fn(node)
	var lists []*parse.ListNode
	switch n := node.(type) {
	case *parse.ListNode:
		lists = []*parse.ListNode{n}
	case *parse.IfNode:
		lists = []*parse.ListNode{n.List, n.ElseList}
	case *parse.RangeNode:
		lists = []*parse.ListNode{n.List, n.ElseList}
	case *parse.WithNode:
		lists = []*parse.ListNode{n.List, n.ElseList}
	}
	for _, l := range lists {
		if l != nil {
			for _, c := range l.Nodes {
				eachNode(c, fn)
			}
		}
	}
}

// pageTemplates are the templates of set whose dot is the page wherever
// they are called: the entry, and those only ever called with the page as
// the dot ({{ template "partials/head.html" . }} where the dot is the page).
func pageTemplates(set *template.Template, entry string) map[string]bool {
	page := map[string]bool{entry: true}
	for changed := true; changed; {
		changed = false
		seen := map[string]bool{}
		var visit func(list *parse.ListNode, dot dotKind)
		visit = func(list *parse.ListNode, dot dotKind) {
			if list == nil {
				return
			}
			for _, n := range list.Nodes {
				switch n := n.(type) {
				case *parse.TemplateNode:
					withPage := dot == dotPage && isDot(n.Pipe)
					if was, ok := page[n.Name]; !ok || was && !withPage {
						page[n.Name] = withPage
						changed = true
					}
					if t := set.Lookup(n.Name); t != nil && t.Tree != nil && !seen[n.Name] {
						seen[n.Name] = true
						d := dotUnknown
						if page[n.Name] {
							d = dotPage
						}
						visit(t.Tree.Root, d)
					}
				case *parse.IfNode:
					visit(n.List, dot)
					visit(n.ElseList, dot)
				case *parse.RangeNode:
					visit(n.List, dotUnknown)
					visit(n.ElseList, dot)
				case *parse.WithNode:
					visit(n.List, dotUnknown)
					visit(n.ElseList, dot)
				case *parse.ListNode:
					visit(n, dot)
				}
			}
		}
		seen[entry] = true
		visit(set.Lookup(entry).Tree.Root, dotPage)
	}
	for name, ok := range page {
		if !ok {
			delete(page, name)
		}
	}
	return page
}

// isDot reports whether pipe is the dot alone.
func isDot(pipe *parse.PipeNode) bool {
	if pipe == nil || len(pipe.Decl) > 0 || len(pipe.Cmds) != 1 || len(pipe.Cmds[0].Args) != 1 {
		return false
	}
	_, ok := pipe.Cmds[0].Args[0].(*parse.DotNode)
	return ok
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
