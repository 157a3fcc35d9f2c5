package markdown

import (
	"bytes"
	"regexp"
	"strings"

	"github.com/yuin/goldmark"
	"github.com/yuin/goldmark/ast"
	"github.com/yuin/goldmark/parser"
	"github.com/yuin/goldmark/renderer"
	"github.com/yuin/goldmark/renderer/html"
	"github.com/yuin/goldmark/text"
	"github.com/yuin/goldmark/util"
)

// Diagrams: a fenced code block in D2 (https://d2lang.com),
//
//	```d2 {title="苦情対応の流れ"}
//	受付 -> 確認 -> 報告
//	```
//
// becomes, at build time, inline SVG in a figure:
//
//	<figure class="diagram"><div class="diagram-svg" role="img"
//	aria-label="受付、確認、報告。受付 → 確認、確認 → 報告"><svg …></div>
//	<figcaption>苦情対応の流れ</figcaption></figure>
//
// The SVG holds a light and a dark rendering switched by
// prefers-color-scheme; its text falls back to the theme's Japanese fonts.
// The aria-label is the text alternative: the labels of the shapes in the
// order they are declared, then the connections. A syntax error is an
// error at the article's line of the bad diagram line. Renderings are
// cached by the hash of their source (diagram_d2.go).

// KindDiagram is the ast.NodeKind of Diagram.
var KindDiagram = ast.NewNodeKind("Diagram")

// Diagram is a block holding a rendered diagram.
type Diagram struct {
	ast.BaseBlock
	SVG     []byte // the <svg> element
	Alt     string // the text alternative
	Caption []byte // the fence's title attribute as written, or nil
}

// Kind implements ast.Node.
func (n *Diagram) Kind() ast.NodeKind { return KindDiagram }

// Dump implements ast.Node.
func (n *Diagram) Dump(source []byte, level int) {
	ast.DumpHelper(n, source, level, map[string]string{"Alt": n.Alt, "Caption": string(n.Caption)}, nil)
}

// diagrams is the extension that renders ```d2 fences.
type diagrams struct{ r *Renderer }

// Extend implements goldmark.Extender.
func (e diagrams) Extend(m goldmark.Markdown) {
	m.Parser().AddOptions(parser.WithASTTransformers(util.Prioritized(e, 500)))
	m.Renderer().AddOptions(renderer.WithNodeRenderers(util.Prioritized(e, 500)))
}

// Transform implements parser.ASTTransformer.
func (e diagrams) Transform(doc *ast.Document, _ text.Reader, pc parser.Context) {
	st := stateOf(pc)
	if !bytes.Contains(st.src, []byte("d2")) {
		return
	}
	var fences []*ast.FencedCodeBlock
	_ = ast.Walk(doc, func(n ast.Node, entering bool) (ast.WalkStatus, error) {
		if f, ok := n.(*ast.FencedCodeBlock); ok && entering {
			if lang, _ := fenceInfo(f, st.src); lang == "d2" {
				fences = append(fences, f)
			}
			return ast.WalkSkipChildren, nil
		}
		return ast.WalkContinue, nil
	})
	for _, f := range fences {
		var src bytes.Buffer
		for i := 0; i < f.Lines().Len(); i++ {
			seg := f.Lines().At(i)
			src.Write(seg.Value(st.src))
		}
		fenceLine := st.lineOf(f)
		if f.Lines().Len() > 0 {
			fenceLine = st.lineAt(f.Lines().At(0).Start) - 1
		}
		svg, alt, err := e.r.diagrams.render(src.String())
		if err != nil {
			st.errs = append(st.errs, diagramError(st.path, fenceLine, err))
			continue
		}
		_, title := fenceInfo(f, st.src)
		d := &Diagram{SVG: svg, Alt: alt, Caption: title}
		f.Parent().ReplaceChild(f.Parent(), f, d)
	}
}

// titleAttr finds title="…" (or '…', or a bare word) in a fence's info.
var titleAttr = regexp.MustCompile(`title\s*=\s*(?:"([^"]*)"|'([^']*)'|([^\s"'}]+))`)

// fenceInfo returns the language of a fence ("d2" for "d2 {title=x}") and
// its title attribute.
func fenceInfo(f *ast.FencedCodeBlock, src []byte) (lang string, title []byte) {
	if f.Info == nil {
		return "", nil
	}
	info := f.Info.Segment.Value(src)
	end := bytes.IndexAny(info, " \t{")
	if end < 0 {
		end = len(info)
	}
	lang = strings.ToLower(string(info[:end]))
	if m := titleAttr.FindSubmatch(info[end:]); m != nil {
		for _, g := range m[1:] {
			if g != nil {
				title = g
				break
			}
		}
	}
	return lang, title
}

// RegisterFuncs implements renderer.NodeRenderer.
func (e diagrams) RegisterFuncs(reg renderer.NodeRendererFuncRegisterer) {
	reg.Register(KindDiagram, renderDiagram)
}

func renderDiagram(w util.BufWriter, _ []byte, node ast.Node, entering bool) (ast.WalkStatus, error) {
	if !entering {
		return ast.WalkContinue, nil
	}
	d := node.(*Diagram)
	_, _ = w.WriteString(`<figure class="diagram"><div class="diagram-svg" role="img" aria-label="`)
	_, _ = w.Write(util.EscapeHTML([]byte(d.Alt)))
	_, _ = w.WriteString(`">`)
	_, _ = w.Write(d.SVG)
	_, _ = w.WriteString(`</div>`)
	if len(d.Caption) > 0 {
		_, _ = w.WriteString("<figcaption>")
		html.DefaultWriter.Write(w, d.Caption)
		_, _ = w.WriteString("</figcaption>")
	}
	_, _ = w.WriteString("</figure>\n")
	return ast.WalkSkipChildren, nil
}
