package markdown

import (
	"github.com/yuin/goldmark"
	"github.com/yuin/goldmark/ast"
)

// KindDiagram is the ast.NodeKind of Diagram.
var KindDiagram = ast.NewNodeKind("Diagram")

type diagramRenderer struct{}

func newDiagramRenderer(string) *diagramRenderer { return &diagramRenderer{} }

type diagrams struct{ r *Renderer }

// Extend implements goldmark.Extender.
func (diagrams) Extend(goldmark.Markdown) {}
