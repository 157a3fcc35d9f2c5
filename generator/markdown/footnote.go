package markdown

import (
	"bytes"
	"slices"

	"github.com/yuin/goldmark"
	gast "github.com/yuin/goldmark/ast"
	"github.com/yuin/goldmark/extension"
	"github.com/yuin/goldmark/extension/ast"
	"github.com/yuin/goldmark/parser"
	"github.com/yuin/goldmark/renderer"
	"github.com/yuin/goldmark/text"
	"github.com/yuin/goldmark/util"
)

// footnotes is goldmark's footnote extension (PHP Markdown Extra syntax,
// the same HTML) with its quadratic parts replaced: goldmark looks up each
// reference by walking the list of definitions, reads its label through
// every line of the paragraph before it, and sorts the list with an
// insertion sort, so 30,000 footnotes took 15 seconds. Here a
// reference is found in a map built once per article, and the list is
// sorted with slices.SortStableFunc. Definitions are still parsed by
// goldmark's block parser and written by its renderer.
type footnotes struct{}

// footnoteKey holds the *footnoteIndex of one parse in the parser.Context.
var footnoteKey = parser.NewContextKey()

// footnoteIndex is what the reference parser and the transformer share.
type footnoteIndex struct {
	list  *ast.FootnoteList
	defs  map[string]*ast.Footnote // by label; the first definition wins
	links []*ast.FootnoteLink      // in document order
	// work counts lookups, definitions and comparisons, so a test can
	// check that it grows in proportion to n log n.
	work int
}

// Extend implements goldmark.Extender.
func (footnotes) Extend(m goldmark.Markdown) {
	m.Parser().AddOptions(
		parser.WithBlockParsers(util.Prioritized(extension.NewFootnoteBlockParser(), 999)),
		parser.WithInlineParsers(util.Prioritized(footnoteRefs{}, 101)),
		parser.WithASTTransformers(util.Prioritized(footnotes{}, 999)),
	)
	m.Renderer().AddOptions(renderer.WithNodeRenderers(util.Prioritized(extension.NewFootnoteHTMLRenderer(), 500)))
}

// index returns the footnote index of this parse, building it on the first
// call from the definitions that the block parser collected.
func index(doc gast.Node, pc parser.Context) *footnoteIndex {
	if v := pc.Get(footnoteKey); v != nil {
		return v.(*footnoteIndex)
	}
	idx := &footnoteIndex{defs: map[string]*ast.Footnote{}}
	pc.Set(footnoteKey, idx)
	for doc.Parent() != nil {
		doc = doc.Parent()
	}
	_ = gast.Walk(doc, func(n gast.Node, entering bool) (gast.WalkStatus, error) {
		if l, ok := n.(*ast.FootnoteList); ok && entering {
			idx.list = l
			for c := l.FirstChild(); c != nil; c = c.NextSibling() {
				fn := c.(*ast.Footnote)
				idx.work++
				if _, seen := idx.defs[string(fn.Ref)]; !seen {
					idx.defs[string(fn.Ref)] = fn
				}
			}
			return gast.WalkStop, nil
		}
		return gast.WalkContinue, nil
	})
	return idx
}

// footnoteRefs parses references: [^label], and ![^label] as "!" and a
// reference.
type footnoteRefs struct{}

// Trigger implements parser.InlineParser.
func (footnoteRefs) Trigger() []byte { return []byte{'!', '['} }

// Parse implements parser.InlineParser.
func (footnoteRefs) Parse(parent gast.Node, block text.Reader, pc parser.Context) gast.Node {
	line, segment := block.PeekLine()
	pos := 1
	if len(line) > 0 && line[0] == '!' {
		pos++
	}
	if pos+1 >= len(line) || line[pos] != '^' {
		return nil
	}
	pos++
	closure := bytes.IndexByte(line[pos:min(len(line), pos+999)], ']')
	if closure <= 0 || bytes.IndexByte(line[pos:pos+closure], '[') >= 0 {
		return nil
	}
	// The label is on this line: slicing it is O(1), where goldmark's
	// block.Value walks every line of the paragraph before it.
	label := line[pos : pos+closure]
	idx := index(parent, pc)
	idx.work++
	def := idx.defs[string(label)]
	if def == nil {
		return nil
	}
	block.Advance(pos + closure + 1)
	if def.Index < 0 {
		idx.list.Count++
		def.Index = idx.list.Count
	}
	link := ast.NewFootnoteLink(def.Index)
	idx.links = append(idx.links, link)
	if line[0] == '!' {
		parent.AppendChild(parent, gast.NewTextSegment(text.NewSegment(segment.Start, segment.Start+1)))
	}
	return link
}

// Transform implements parser.ASTTransformer: it numbers the references,
// adds back links to the definitions, drops unused definitions and moves
// the list, sorted by number, to the end of the document.
func (footnotes) Transform(doc *gast.Document, _ text.Reader, pc parser.Context) {
	if pc.Get(footnoteKey) == nil && !bytes.Contains(stateOf(pc).src, []byte("[^")) {
		return // no reference and no definition: no walk of the tree
	}
	idx := index(doc, pc)
	list := idx.list
	if list == nil {
		return
	}
	counter := map[int]int{}
	for _, l := range idx.links {
		counter[l.Index]++
	}
	seen := map[int]int{}
	for _, l := range idx.links {
		l.RefCount = counter[l.Index]
		l.RefIndex = seen[l.Index]
		seen[l.Index]++
	}
	var used []*ast.Footnote
	for c := list.FirstChild(); c != nil; {
		next := c.NextSibling()
		fn := c.(*ast.Footnote)
		list.RemoveChild(list, fn)
		if fn.Index >= 0 {
			used = append(used, fn)
			addBacklinks(fn, counter[fn.Index])
		}
		c = next
	}
	slices.SortStableFunc(used, func(a, b *ast.Footnote) int {
		idx.work++
		return a.Index - b.Index
	})
	list.Parent().RemoveChild(list.Parent(), list)
	if len(used) == 0 {
		return
	}
	for _, fn := range used {
		list.AppendChild(list, fn)
	}
	doc.AppendChild(doc, list)
}

// addBacklinks appends one back link per reference to the definition fn,
// inside its last paragraph when it ends with one.
func addBacklinks(fn *ast.Footnote, refs int) {
	var container gast.Node = fn
	if last := fn.LastChild(); last != nil && gast.IsParagraph(last) {
		container = last
	}
	for i := range max(refs, 1) {
		b := ast.NewFootnoteBacklink(fn.Index)
		b.RefCount = refs
		b.RefIndex = i
		container.AppendChild(container, b)
	}
}
