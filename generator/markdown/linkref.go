package markdown

import (
	"github.com/yuin/goldmark/ast"
	"github.com/yuin/goldmark/parser"
	"github.com/yuin/goldmark/text"
	"github.com/yuin/goldmark/util"
)

// linkRefs is goldmark's paragraph transformer for link reference
// definitions ("[label]: /url"), run only on a paragraph that can start
// with one: one whose first byte other than white space is "[". goldmark's
// makes a block reader for every paragraph to find that out, a tenth of
// the allocations of a Japanese article; on any other paragraph it
// changes nothing.
type linkRefs struct{}

var _ parser.ParagraphTransformer = linkRefs{}

// Transform implements parser.ParagraphTransformer.
func (linkRefs) Transform(node *ast.Paragraph, reader text.Reader, pc parser.Context) {
	if mayDefineLink(node.Lines(), reader.Source()) {
		parser.LinkReferenceParagraphTransformer.Transform(node, reader, pc)
	}
}

// mayDefineLink reports whether the first byte of lines other than white
// space (as goldmark skips it) is "[", or the lines have none.
func mayDefineLink(lines *text.Segments, src []byte) bool {
	for i := range lines.Len() {
		seg := lines.At(i)
		for _, c := range seg.Value(src) {
			if !util.IsSpace(c) {
				return c == '['
			}
		}
	}
	return true
}

// paragraphTransformers are goldmark's, with linkRefs for its link
// reference transformer.
func paragraphTransformers() []util.PrioritizedValue {
	ps := parser.DefaultParagraphTransformers()
	for i, p := range ps {
		if p.Value == parser.LinkReferenceParagraphTransformer {
			ps[i].Value = linkRefs{}
		}
	}
	return ps
}
