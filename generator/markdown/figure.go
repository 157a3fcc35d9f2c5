package markdown

import (
	"github.com/yuin/goldmark/ast"
	"github.com/yuin/goldmark/renderer"
	"github.com/yuin/goldmark/renderer/html"
	"github.com/yuin/goldmark/util"
)

// KindFigure is the ast.NodeKind of Figure.
var KindFigure = ast.NewNodeKind("Figure")

// Figure is a block that holds one image and its caption. It replaces a
// paragraph that contains nothing but an image with a title.
type Figure struct {
	ast.BaseBlock
	// Caption is the image title as written, backslash escapes and
	// entities unresolved.
	Caption []byte
}

// Kind implements ast.Node.
func (n *Figure) Kind() ast.NodeKind { return KindFigure }

// Dump implements ast.Node.
func (n *Figure) Dump(source []byte, level int) {
	ast.DumpHelper(n, source, level, map[string]string{"Caption": string(n.Caption)}, nil)
}

// figureRenderer is registered by the images extension.

// standsAlone reports whether img has a title and is the only thing in its
// paragraph, so it can become a figure.
func standsAlone(img *ast.Image) bool {
	if len(img.Title) == 0 {
		return false
	}
	p := img.Parent()
	if p == nil || p.ChildCount() != 1 {
		return false
	}
	switch p.Kind() {
	case ast.KindParagraph, ast.KindTextBlock:
		return p.Parent() != nil
	}
	return false
}

// makeFigure replaces the paragraph around img by a Figure holding img. The
// title moves from the <img> to the caption.
func makeFigure(img *ast.Image) {
	para := img.Parent()
	fig := &Figure{Caption: img.Title}
	img.Title = nil
	para.Parent().ReplaceChild(para.Parent(), para, fig)
	fig.AppendChild(fig, img)
}

// figureRenderer renders Figure nodes; the image inside is rendered by
// goldmark's own image renderer.
type figureRenderer struct{}

var _ renderer.NodeRenderer = figureRenderer{}

// RegisterFuncs implements renderer.NodeRenderer.
func (figureRenderer) RegisterFuncs(reg renderer.NodeRendererFuncRegisterer) {
	reg.Register(KindFigure, renderFigure)
}

func renderFigure(w util.BufWriter, _ []byte, node ast.Node, entering bool) (ast.WalkStatus, error) {
	if entering {
		_, _ = w.WriteString("<figure>")
		return ast.WalkContinue, nil
	}
	_, _ = w.WriteString("<figcaption>")
	html.DefaultWriter.Write(w, node.(*Figure).Caption)
	_, _ = w.WriteString("</figcaption></figure>\n")
	return ast.WalkContinue, nil
}
