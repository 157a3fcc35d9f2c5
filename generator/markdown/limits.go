package markdown

import (
	"bytes"
	"unicode"
	"unicode/utf8"

	"github.com/rensai-ssg/rensai/generator/diag"
	"github.com/yuin/goldmark/ast"
)

// goldmark is linear in the size of ordinary Markdown, but two shapes of
// input make it slow, and Render refuses them before parsing, with an
// error that says how to rewrite the text:
//
//   - Brackets: goldmark's link parser scans back over the open brackets of
//     a paragraph at every "]" and forward to the end of the paragraph at
//     every "](", so a paragraph of B bytes with N "[" costs about N*B
//     (50,000 brackets took 10 s). A paragraph may hold at most
//     maxBracketWork/B unescaped "[" (about 10,000 in a paragraph of
//     20,000 bytes, 200 in one of 1 MB).
//   - Deep nesting: every line of a list or quote nested D deep is checked,
//     and shifted, once for each of the D open items, so a line indented by
//     C columns costs about C*C, and a list nested 2,000 deep took 34 s.
//     The sum of C*C over the lines of an article (">" counting as a
//     column) may be at most maxIndentWork: 10 MB of lines indented 8
//     columns, or 5,000 lines nested 100 deep, are well below it.
//
// Fenced code blocks are not parsed as Markdown and are not counted. Other
// pathological input stays linear: footnotes are numbered in linear time
// (footnote.go), and a 5 MB line renders in about half a second.
const (
	maxBracketWork = 200_000_000
	maxIndentWork  = 200_000_000
)

// checkLimits returns an error naming the first paragraph or line of src
// that is over one of the limits above.
func checkLimits(path string, src []byte, bodyLine int) error {
	var fence []byte // the opening fence while inside fenced code
	paraStart, paraLine, brackets := 0, bodyLine, 0
	endPara := func(end int) error {
		if brackets > 0 && brackets*(end-paraStart) > maxBracketWork {
			return diag.T(path, paraLine, "markdown.brackets",
				brackets, end-paraStart, maxBracketWork/max(end-paraStart, 1))
		}
		brackets = 0
		return nil
	}
	line, indentWork := bodyLine, 0
	for start := 0; start < len(src); line++ {
		end := bytes.IndexByte(src[start:], '\n')
		if end < 0 {
			end = len(src)
		} else {
			end += start
		}
		text := src[start:end]
		if c := indent(text); c > 1 {
			indentWork += c * c
			if indentWork > maxIndentWork {
				return diag.T(path, line, "markdown.deep", c)
			}
		}
		trimmed := text[indentBytes(text):]
		switch {
		case fence != nil:
			if bytes.HasPrefix(trimmed, fence) {
				fence = nil
			}
		case bytes.HasPrefix(trimmed, []byte("```")) || bytes.HasPrefix(trimmed, []byte("~~~")):
			fence = trimmed[:3]
			fallthrough
		case isBlank(text):
			if err := endPara(start); err != nil {
				return err
			}
			paraStart, paraLine = end+1, line+1
		default:
			brackets += countBrackets(text)
		}
		start = end + 1
	}
	return endPara(len(src))
}

// indent returns the columns of white space and ">" that start line, a tab
// counting to the next multiple of 4.
func indent(line []byte) int {
	col := 0
	for _, c := range line {
		switch c {
		case ' ', '>':
			col++
		case '\t':
			col += 4 - col%4
		default:
			return col
		}
	}
	return col
}

// indentBytes is the length of the run of spaces, tabs and ">" that
// starts line.
func indentBytes(line []byte) int {
	for i, c := range line {
		if c != ' ' && c != '\t' && c != '>' {
			return i
		}
	}
	return len(line)
}

// isBlank reports whether line is white space only, as bytes.TrimSpace
// sees it, looking no further than its first other character.
func isBlank(line []byte) bool {
	for i := 0; i < len(line); {
		c := line[i]
		if c < utf8.RuneSelf {
			if c != ' ' && (c < '\t' || c > '\r') {
				return false
			}
			i++
			continue
		}
		r, size := utf8.DecodeRune(line[i:])
		if !unicode.IsSpace(r) {
			return false
		}
		i += size
	}
	return true
}

// countBrackets returns the number of "[" in line that the link parser
// sees: not escaped by "\", not a footnote reference "[^".
func countBrackets(line []byte) int {
	n := 0
	for i := bytes.IndexByte(line, '['); i >= 0; {
		if (i == 0 || line[i-1] != '\\') && (i+1 == len(line) || line[i+1] != '^') {
			n++
		}
		j := bytes.IndexByte(line[i+1:], '[')
		if j < 0 {
			break
		}
		i += 1 + j
	}
	return n
}

// maxNodes bounds the elements goldmark makes of one article (paragraphs,
// list items, table cells, links, emphasis, runs of text: the nodes of its
// tree). Each takes about 165 bytes while the article is rendered, and the
// search index and HTML of such an article come on top, so an article of
// more than a million (10 MB of Markdown with markup in every 5 to 8
// bytes: a 200,000-row table, lists nested 20 deep) would take a build
// above 500 MB. Render refuses it after parsing, before rendering, with an
// error at the line where the article passes the bound. Ordinary prose
// makes one node per 50 bytes or so: 10 MB of it is a fifth of the bound.
const maxNodes = 1_000_000

// nodeCountFrom is the size of Markdown from which Render counts nodes:
// goldmark makes at most about one node per byte, so a smaller article
// cannot pass maxNodes.
const nodeCountFrom = 512 << 10

// maxMarks bounds the Markdown marks of one article before it is parsed:
// line ends and the bytes * _ [ ] | # - ` < > ^ ~ :, each the start of
// about one node. goldmark's tree is built whole before rensai can count
// it, and an article of 2 million nodes takes 550 MB while it is parsed;
// counting marks refuses such an article first, at the line where it
// passes the bound. 10 MB of prose has about 250,000 marks, 100,000
// footnotes about 900,000; a 200,000-row table has 2 million.
const maxMarks = 1_200_000

// checkMarks returns an error when src has more than maxMarks marks.
func checkMarks(path string, src []byte, bodyLine int) error {
	if len(src) < nodeCountFrom {
		return nil
	}
	marks, line := 0, bodyLine
	for _, c := range src {
		switch c {
		case '\n', '*', '_', '[', ']', '|', '#', '-', '`', '<', '>', '^', '~', ':':
			marks++
		default:
			continue
		}
		if marks > maxMarks {
			return diag.T(path, line, "markdown.marks", maxMarks)
		}
		if c == '\n' {
			line++
		}
	}
	return nil
}

// checkNodes returns an error when doc has more than maxNodes nodes.
func (st *state) checkNodes(doc ast.Node) error {
	if len(st.src) < nodeCountFrom {
		return nil
	}
	over := nodeOver(doc, maxNodes)
	if over == nil {
		return nil
	}
	return diag.T(st.path, st.lineOf(over), "markdown.nodes", maxNodes)
}

// nodeOver returns the node of doc, in document order, that is the
// (limit+1)th, or nil when doc has no more than limit nodes.
func nodeOver(doc ast.Node, limit int) ast.Node {
	n := 0
	var over ast.Node
	_ = ast.Walk(doc, func(c ast.Node, entering bool) (ast.WalkStatus, error) {
		if !entering {
			return ast.WalkContinue, nil
		}
		if n++; n > limit {
			over = c
			return ast.WalkStop, nil
		}
		return ast.WalkContinue, nil
	})
	return over
}
