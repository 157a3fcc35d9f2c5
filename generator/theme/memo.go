package theme

import (
	"bytes"
	"context"
	"errors"
	"html/template"
	"reflect"
	"sort"
	"strconv"
	"strings"
	"sync"
	"text/template/parse"
	"time"
)

// Memoized range bodies. A list page prints the same entry for an article
// on every page that lists it: the ten thousand articles of a large site
// appear some fifty thousand times on its term pages. A specialized theme
// (Specialize) therefore renders the body of a {{ range }} whose output
// depends on its element alone once per element and build, and prints the
// stored bytes wherever the element comes again.
//
// A body qualifies when it reads no variable (not even $), declares none,
// calls no template and does not break or continue the loop, so that what
// it prints is a function of the element and the constants of the build.
// It moves into a template of its own (named after its file and place) and
// the range prints {{ _rensai_memo "name" . }} instead. That template runs
// as a page of its own, escaped from the text context, so a body only
// qualifies where the range stands in the text context of an escaped
// template that no other context calls: a trial copy of the kind's set is
// rewritten and escaped first, and only the bodies whose memo action got
// html/template's text escaper alone, and whose template escapes on its
// own, are rewritten in the real set. Elements that are not pointers are
// rendered each time (nothing identifies them); pointers are compared as
// such, so the table is emptied whenever Specialize is called, at the start
// of every build's pages.

// memoFunc is the template function that prints a memoized body.
const memoFunc = "_rensai_memo"

// memoTable is one kind's memoized bodies in one build.
type memoTable struct {
	set     *template.Template
	ctx     context.Context // the build's (reset)
	markers map[*byte]string
	limit   time.Duration
	mu      sync.Mutex
	out     map[memoKey]template.HTML
}

type memoKey struct {
	name string
	dot  any
}

// errMemo fails a page whose memoized body failed; Execute then runs the
// page unspecialized, for the error at its own line.
var errMemo = errors.New("a memoized range body failed")

// call prints the body name for the element dot.
func (m *memoTable) call(name string, dot any) (template.HTML, error) {
	key := memoKey{name, dot}
	cache := dot != nil && reflect.TypeOf(dot).Kind() == reflect.Pointer
	if cache {
		m.mu.Lock()
		h, ok := m.out[key]
		m.mu.Unlock()
		if ok {
			return h, nil
		}
	}
	buf := bufPool.Get().(*bytes.Buffer)
	defer func() {
		buf.Reset()
		bufPool.Put(buf)
	}()
	m.mu.Lock()
	ctx := m.ctx
	m.mu.Unlock()
	lw := &limitWriter{w: buf, ctx: ctx, markers: m.markers}
	if m.limit > 0 {
		lw.deadline = time.Now().Add(m.limit)
	}
	if err := m.set.ExecuteTemplate(lw, name, dot); err != nil {
		return "", errMemo
	}
	h := template.HTML(buf.String())
	if cache {
		m.mu.Lock()
		m.out[key] = h
		m.mu.Unlock()
	}
	return h, nil
}

// reset empties the table for a build whose context is ctx.
func (m *memoTable) reset(ctx context.Context) {
	m.mu.Lock()
	m.out = map[memoKey]template.HTML{}
	m.ctx = ctx
	m.mu.Unlock()
}

// memoCandidates are the ranges of set whose bodies qualify by their
// nodes, by template name, in the order of a walk of each tree.
func memoCandidates(set *template.Template) map[string][]*parse.RangeNode {
	out := map[string][]*parse.RangeNode{}
	for _, tmpl := range set.Templates() {
		if tmpl.Tree == nil || tmpl.Tree.Root == nil {
			continue
		}
		eachNode(tmpl.Tree.Root, func(n parse.Node) {
			if r, ok := n.(*parse.RangeNode); ok && len(r.Pipe.Decl) == 0 && pureBody(r.List) {
				out[tmpl.Name()] = append(out[tmpl.Name()], r)
			}
		})
	}
	return out
}

// pureBody reports whether list reads nothing but the dot and constants.
func pureBody(list *parse.ListNode) bool {
	if list == nil {
		return false
	}
	ok, actions := true, 0
	eachNode(list, func(n parse.Node) {
		var pipes []*parse.PipeNode
		switch n := n.(type) {
		case *parse.TemplateNode, *parse.BreakNode, *parse.ContinueNode:
			ok = false
		case *parse.ActionNode:
			actions++
			pipes = append(pipes, n.Pipe)
		case *parse.IfNode:
			pipes = append(pipes, n.Pipe)
		case *parse.RangeNode:
			pipes = append(pipes, n.Pipe)
		case *parse.WithNode:
			pipes = append(pipes, n.Pipe)
		}
		for _, p := range pipes {
			if !pureArgs(p) {
				ok = false
			}
		}
	})
	return ok && actions > 1 // one action costs less than the look-up
}

// pureArgs reports whether pipe declares and reads no variable.
func pureArgs(p *parse.PipeNode) bool {
	if p == nil || len(p.Decl) > 0 || p.IsAssign {
		return false
	}
	for _, c := range p.Cmds {
		for _, a := range c.Args {
			switch a := a.(type) {
			case *parse.VariableNode, *parse.ChainNode:
				return false
			case *parse.PipeNode:
				if !pureArgs(a) {
					return false
				}
			}
		}
	}
	return true
}

// memoName names the body of the i-th candidate range in template tmpl.
func memoName(tmpl string, i int) string {
	return tmpl + "#memo" + strconv.Itoa(i)
}

// memoize moves the bodies of the candidate ranges that keep (nil: all of
// them) into templates of their own and has the ranges print them through
// memoFunc. It returns the names of the new templates.
func memoize(set *template.Template, keep map[string]bool) ([]string, error) {
	var names []string
	cands := memoCandidates(set)
	tmpls := make([]string, 0, len(cands))
	for name := range cands {
		tmpls = append(tmpls, name)
	}
	sort.Strings(tmpls)
	for _, tmpl := range tmpls {
		for i, r := range cands[tmpl] {
			name := memoName(tmpl, i)
			if keep != nil && !keep[name] {
				continue
			}
			trees, err := parse.Parse(name, `{{`+memoFunc+` `+strconv.Quote(name)+` .}}`, "{{", "}}", map[string]any{memoFunc: true})
			if err != nil {
				return nil, err
			}
			body := r.List
			if _, err := set.AddParseTree(name, &parse.Tree{Name: name, ParseName: set.Lookup(tmpl).Tree.ParseName, Root: body}); err != nil {
				return nil, err
			}
			r.List = trees[name].Root
			names = append(names, name)
		}
	}
	return names, nil
}

// memoTrial rewrites set, a throwaway copy of a kind's set whose entry is
// entry, escapes it, and returns the bodies the real set may memoize: those
// whose memo action is escaped for the text context only and whose
// template escapes on its own, in templates no other context calls.
func memoTrial(set *template.Template, entry string) map[string]bool {
	names, err := memoize(set, nil)
	if err != nil || len(names) == 0 {
		return nil
	}
	var escErr *template.Error
	if err := set.ExecuteTemplate(refuseWrites{}, entry, nil); errors.As(err, &escErr) {
		return nil
	}
	keep := map[string]bool{}
	derived := map[string]bool{} // templates also escaped for another context
	for _, tmpl := range set.Templates() {
		if tmpl.Tree == nil || tmpl.Tree.Root == nil {
			continue
		}
		eachNode(tmpl.Tree.Root, func(n parse.Node) {
			if c, ok := n.(*parse.TemplateNode); ok {
				if base, _, found := strings.Cut(c.Name, "$htmltemplate"); found {
					derived[base] = true
				}
			}
			a, ok := n.(*parse.ActionNode)
			if !ok || len(a.Pipe.Cmds) != 2 {
				return
			}
			first, second := a.Pipe.Cmds[0].Args, a.Pipe.Cmds[1].Args
			fn, ok1 := first[0].(*parse.IdentifierNode)
			esc, ok2 := second[0].(*parse.IdentifierNode)
			if ok1 && ok2 && fn.Ident == memoFunc && esc.Ident == escaperPrefix+"htmlescaper" && len(second) == 1 {
				if s, ok := first[1].(*parse.StringNode); ok {
					keep[s.Text] = true
				}
			}
		})
	}
	for _, name := range names {
		owner, _, _ := strings.Cut(name, "#memo")
		if derived[owner] || escapeFailed(set, name) {
			delete(keep, name)
		}
	}
	return keep
}

// escapeFailed reports whether template name of set does not escape.
func escapeFailed(set *template.Template, name string) bool {
	var escErr *template.Error
	return errors.As(set.ExecuteTemplate(refuseWrites{}, name, nil), &escErr)
}
