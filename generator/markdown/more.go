package markdown

import (
	"bytes"

	"github.com/yuin/goldmark"
	"github.com/yuin/goldmark/ast"
	"github.com/yuin/goldmark/parser"
	"github.com/yuin/goldmark/renderer"
	"github.com/yuin/goldmark/text"
	"github.com/yuin/goldmark/util"
)

// The summary break: a line <!--more--> (spaces inside allowed, as in
// <!-- more -->) ends the summary of the article, as in Hugo and
// WordPress. The comment is never written into the page, whatever
// Options.Unsafe says; only the first one counts.

// KindSummaryBreak is the ast.NodeKind of SummaryBreak.
var KindSummaryBreak = ast.NewNodeKind("SummaryBreak")

// SummaryBreak is an empty block where the summary ends.
type SummaryBreak struct{ ast.BaseBlock }

// Kind implements ast.Node.
func (n *SummaryBreak) Kind() ast.NodeKind { return KindSummaryBreak }

// Dump implements ast.Node.
func (n *SummaryBreak) Dump(source []byte, level int) { ast.DumpHelper(n, source, level, nil, nil) }

// summaryBreak is the extension for <!--more-->.
type summaryBreak struct{}

// Extend implements goldmark.Extender.
func (summaryBreak) Extend(m goldmark.Markdown) {
	m.Parser().AddOptions(parser.WithASTTransformers(util.Prioritized(summaryBreak{}, 400)))
	m.Renderer().AddOptions(renderer.WithNodeRenderers(util.Prioritized(summaryBreak{}, 500)))
}

// RegisterFuncs implements renderer.NodeRenderer: a SummaryBreak writes
// nothing.
func (summaryBreak) RegisterFuncs(reg renderer.NodeRendererFuncRegisterer) {
	reg.Register(KindSummaryBreak, func(util.BufWriter, []byte, ast.Node, bool) (ast.WalkStatus, error) {
		return ast.WalkContinue, nil
	})
}

// Transform implements parser.ASTTransformer.
func (summaryBreak) Transform(doc *ast.Document, _ text.Reader, pc parser.Context) {
	src := stateOf(pc).src
	if !bytes.Contains(src, []byte("more")) {
		return
	}
	var blocks, inlines []ast.Node
	_ = ast.Walk(doc, func(n ast.Node, entering bool) (ast.WalkStatus, error) {
		if !entering {
			return ast.WalkContinue, nil
		}
		switch n := n.(type) {
		case *ast.HTMLBlock:
			var b []byte
			for i := 0; i < n.Lines().Len(); i++ {
				seg := n.Lines().At(i)
				b = append(b, seg.Value(src)...)
			}
			if isMoreComment(b) {
				blocks = append(blocks, n)
			}
		case *ast.RawHTML:
			var b []byte
			for i := 0; i < n.Segments.Len(); i++ {
				seg := n.Segments.At(i)
				b = append(b, seg.Value(src)...)
			}
			if isMoreComment(b) {
				inlines = append(inlines, n)
			}
		}
		return ast.WalkContinue, nil
	})
	for _, n := range blocks {
		n.Parent().ReplaceChild(n.Parent(), n, &SummaryBreak{})
	}
	for _, n := range inlines {
		// A break inside a paragraph ends the summary after it.
		block := n.Parent()
		for block != nil && block.Type() != ast.TypeBlock {
			block = block.Parent()
		}
		n.Parent().RemoveChild(n.Parent(), n)
		if block != nil && block.Parent() != nil {
			block.Parent().InsertAfter(block.Parent(), block, &SummaryBreak{})
		}
	}
}

// isMoreComment reports whether b is the comment <!--more-->, allowing
// white space around the word and the comment.
func isMoreComment(b []byte) bool {
	b = bytes.TrimSpace(b)
	// <!--> is a whole (empty) comment whose "<!--" and "-->" overlap.
	if len(b) < len("<!---->") || !bytes.HasPrefix(b, []byte("<!--")) || !bytes.HasSuffix(b, []byte("-->")) {
		return false
	}
	return string(bytes.TrimSpace(b[len("<!--"):len(b)-len("-->")])) == "more"
}
