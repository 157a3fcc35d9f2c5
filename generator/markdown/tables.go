package markdown

import (
	"github.com/yuin/goldmark"
	"github.com/yuin/goldmark/ast"
	east "github.com/yuin/goldmark/extension/ast"
	"github.com/yuin/goldmark/parser"
	"github.com/yuin/goldmark/text"
	"github.com/yuin/goldmark/util"
)

// tableHeaders is the extension that hides a table's header row when every
// cell of it is empty. GFM has no table without a header, so a header-less
// table is written with an empty one ("| | |" over "|---|---|"), and
// converters from HTML (rensai import among them) write a <table> without
// <thead> that way; shown, it is a thin row of empty boxes. The row stays
// in the page, marked hidden, which browsers and screen readers skip.
type tableHeaders struct{}

// Extend implements goldmark.Extender.
func (tableHeaders) Extend(m goldmark.Markdown) {
	m.Parser().AddOptions(parser.WithASTTransformers(util.Prioritized(tableHeaders{}, 600)))
}

// Transform implements parser.ASTTransformer.
func (tableHeaders) Transform(doc *ast.Document, _ text.Reader, _ parser.Context) {
	for n := doc.FirstChild(); n != nil; n = n.NextSibling() {
		hideEmptyHeaders(n)
	}
}

// hideEmptyHeaders marks the empty header rows of the tables in block n.
func hideEmptyHeaders(n ast.Node) {
	if t, ok := n.(*east.Table); ok {
		if h, ok := t.FirstChild().(*east.TableHeader); ok && !hasContent(h) {
			h.SetAttributeString("hidden", []byte(""))
		}
		return
	}
	if n.Type() != ast.TypeBlock {
		return
	}
	for c := n.FirstChild(); c != nil; c = c.NextSibling() {
		hideEmptyHeaders(c)
	}
}

// hasContent reports whether any cell of header row h holds something.
func hasContent(h *east.TableHeader) bool {
	for c := h.FirstChild(); c != nil; c = c.NextSibling() {
		if c.HasChildren() {
			return true
		}
	}
	return false
}
