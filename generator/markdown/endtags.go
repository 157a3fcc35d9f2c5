package markdown

import (
	"github.com/yuin/goldmark"
	"github.com/yuin/goldmark/ast"
	east "github.com/yuin/goldmark/extension/ast"
	"github.com/yuin/goldmark/renderer"
	"github.com/yuin/goldmark/renderer/html"
	"github.com/yuin/goldmark/util"
)

// Optional end tags (Options.OmitEndTags). HTML lets an li's end tag go
// when the next thing in its list is another li or the list ends, and a
// p's end tag go when the element after it is one that closes a paragraph
// (p, h1-h6, ul, ol, dl, blockquote, hr, figure, ...) or when its parent
// ends and is not an a, audio, del, ins, map, noscript or video element
// (WHATWG HTML, "Optional tags"). The browser then builds the same tree as
// with the end tags; TestOmitEndTagsSameTree holds the two renderings to
// the same parse.
//
// Only what is certain is left out: a paragraph keeps its end tag before
// anything else (raw HTML, a code block, a table, the summary break), and
// inside anything but the document, a list item or a block quote.

// endTags is the extension that registers endTagRenderer.
type endTags struct{}

// Extend implements goldmark.Extender.
func (endTags) Extend(m goldmark.Markdown) {
	m.Renderer().AddOptions(renderer.WithNodeRenderers(util.Prioritized(endTagRenderer{}, 300)))
}

// endTagRenderer renders paragraphs and list items as goldmark's HTML
// renderer does, without the end tags HTML makes optional.
type endTagRenderer struct{}

var _ renderer.NodeRenderer = endTagRenderer{}

// RegisterFuncs implements renderer.NodeRenderer.
func (endTagRenderer) RegisterFuncs(reg renderer.NodeRendererFuncRegisterer) {
	reg.Register(ast.KindParagraph, renderParagraph)
	reg.Register(ast.KindListItem, renderListItem)
}

func renderParagraph(w util.BufWriter, _ []byte, n ast.Node, entering bool) (ast.WalkStatus, error) {
	switch {
	case entering:
		openStartTag(w, "<p", n, html.ParagraphAttributeFilter)
	case paragraphEndOptional(n):
		_ = w.WriteByte('\n')
	default:
		_, _ = w.WriteString("</p>\n")
	}
	return ast.WalkContinue, nil
}

func renderListItem(w util.BufWriter, _ []byte, n ast.Node, entering bool) (ast.WalkStatus, error) {
	if !entering {
		_ = w.WriteByte('\n') // the next <li> or the list's end tag closes it
		return ast.WalkContinue, nil
	}
	openStartTag(w, "<li", n, html.ListItemAttributeFilter)
	if fc := n.FirstChild(); fc != nil {
		if _, ok := fc.(*ast.TextBlock); !ok {
			_ = w.WriteByte('\n')
		}
	}
	return ast.WalkContinue, nil
}

// openStartTag writes the start tag open ("<p") with n's attributes.
func openStartTag(w util.BufWriter, open string, n ast.Node, filter util.BytesFilter) {
	_, _ = w.WriteString(open)
	if n.Attributes() != nil {
		html.RenderAttributes(w, n, filter)
	}
	_ = w.WriteByte('>')
}

// paragraphEndOptional reports whether the paragraph n may go without its
// end tag: the block after it starts with a tag that closes a paragraph,
// or it is the last block of the document, a list item or a block quote,
// whose end closes it.
func paragraphEndOptional(n ast.Node) bool {
	next := n.NextSibling()
	if next == nil {
		switch n.Parent().(type) {
		case *ast.Document, *ast.ListItem, *ast.Blockquote:
			return true
		}
		return false
	}
	switch next.Kind() {
	case ast.KindParagraph, ast.KindHeading, ast.KindList, ast.KindBlockquote, ast.KindThematicBreak,
		KindFigure, east.KindDefinitionList:
		return true
	}
	return false
}
