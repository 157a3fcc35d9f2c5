// Package markdown turns the Markdown body of an article into HTML, a table
// of contents, plain text for search and summaries, and the list of images.
//
// It is the only package of rensai that knows goldmark and chroma. A
// Renderer is built once with New and is safe for concurrent use:
//
//	r := markdown.New(markdown.Options{BasePath: "/repo/", ResolveLink: resolve})
//	res, err := r.Render("posts/a.md", body, bodyLine)
//
// The Markdown dialect is CommonMark with the GitHub extensions (tables,
// strikethrough, autolinks, task lists), footnotes, definition lists and
// goldmark's CJK extension: a soft line break between two Japanese
// characters produces no space, and emphasis such as **「強調」** works
// next to Japanese text.
//
// What Render does on top of plain goldmark:
//
//   - Every heading gets an id made from its text, Japanese kept as is
//     ("## 対応のポイント" -> id="対応のポイント"); a repeated heading gets
//     "-1", "-2", ... The h2..h4 headings form Result.TOC.
//   - Fenced code with a language chroma knows is highlighted with CSS
//     classes (see SyntaxCSS); other code is a plain <pre><code>.
//   - Every <img> gets loading="lazy" and decoding="async". An image with a
//     title that is alone in its paragraph becomes
//     <figure><img ...><figcaption>title</figcaption></figure>.
//   - Links to http and https URLs get rel="noopener".
//   - Root-relative destinations ("/posts/x/") get Options.BasePath in
//     front; relative destinations and fragments are left alone.
//   - Links to Markdown files ("../b.md#part") are passed to
//     Options.ResolveLink; its errors come back as "path:LINE: message".
//   - Raw HTML is omitted unless Options.Unsafe is set.
package markdown

import (
	"bytes"
	"errors"
	"fmt"
	"sync"
	"unicode/utf8"

	"github.com/yuin/goldmark"
	"github.com/yuin/goldmark/ast"
	"github.com/yuin/goldmark/extension"
	"github.com/yuin/goldmark/parser"
	"github.com/yuin/goldmark/renderer"
	"github.com/yuin/goldmark/renderer/html"
	"github.com/yuin/goldmark/text"
	"github.com/yuin/goldmark/util"

	chromahtml "github.com/alecthomas/chroma/v2/formatters/html"
	highlighting "github.com/yuin/goldmark-highlighting/v2"
)

// Options configures a Renderer.
type Options struct {
	// Unsafe passes raw HTML in the Markdown through to the output. By
	// default raw HTML is omitted.
	Unsafe bool

	// BasePath is the path the site is served under: "/" or "/repo/".
	// Root-relative link and image destinations ("/posts/x/") get it as a
	// prefix. Empty means "/".
	BasePath string

	// ResolveLink, if set, is called for link destinations that point at a
	// Markdown file (the path ends in ".md", optionally followed by
	// "#fragment"). dest is the destination as written: relative to the
	// current file, or to content/ when it starts with "/". It returns the
	// final URL, BasePath included, or an error that Render reports with
	// the file and line of the link.
	ResolveLink func(fromPath, dest string) (string, error)
}

// Heading is one entry of a table of contents.
type Heading struct {
	Level int    // 2, 3 or 4
	ID    string // the id attribute of the heading, without "#"
	Text  string // the heading as plain text
}

// Result is a rendered article.
type Result struct {
	// HTML is the article body.
	HTML string
	// TOC lists the h2..h4 headings in document order.
	TOC []Heading
	// Text is the article as plain text for search and summaries: the text
	// of each block (paragraph, heading, list item, table row, code block,
	// footnote) on its own line, without markup or HTML.
	Text string
	// Summary is Summary(Text, DefaultSummaryLength), and Chars the number
	// of runes in Text, so a caller may drop Text when it needs no more.
	Summary string
	Chars   int
	// Images lists image destinations, after rewriting, in document order.
	Images []string
}

// Renderer renders Markdown articles. It is safe for concurrent use.
type Renderer struct {
	md   goldmark.Markdown
	opts Options
}

// New returns a Renderer configured by opts. Building goldmark is not free:
// build one Renderer and share it.
func New(opts Options) *Renderer {
	opts.BasePath = normalizeBasePath(opts.BasePath)
	var htmlOpts []renderer.Option
	if opts.Unsafe {
		htmlOpts = append(htmlOpts, html.WithUnsafe())
	}
	md := goldmark.New(
		goldmark.WithParser(parser.NewParser(
			parser.WithBlockParsers(parser.DefaultBlockParsers()...),
			parser.WithInlineParsers(inlineParsers()...),
			parser.WithParagraphTransformers(parser.DefaultParagraphTransformers()...),
		)),
		goldmark.WithExtensions(
			extension.GFM,
			extension.Footnote,
			extension.DefinitionList,
			extension.CJK,
			highlighting.NewHighlighting(
				highlighting.WithFormatOptions(chromahtml.WithClasses(true)),
			),
		),
		goldmark.WithRendererOptions(htmlOpts...),
		goldmark.WithRendererOptions(
			renderer.WithNodeRenderers(util.Prioritized(figureRenderer{}, 500)),
		),
	)
	return &Renderer{md: md, opts: opts}
}

// Render renders src, the Markdown body of the file at path. path and
// bodyLine, the line of the file on which src starts (1 for a file without
// front matter), are used only in error messages, which read
// "path:LINE: message".
//
// src must be UTF-8; anything else is reported with the line of the first
// bad byte.
func (r *Renderer) Render(path string, src []byte, bodyLine int) (res *Result, err error) {
	if bodyLine < 1 {
		bodyLine = 1
	}
	if !utf8.Valid(src) {
		line := bodyLine + bytes.Count(src[:invalidUTF8(src)], []byte{'\n'})
		return nil, fmt.Errorf("%s:%d: text is not valid UTF-8; save the file as UTF-8", path, line)
	}
	defer func() {
		// goldmark and chroma are third-party parsers: a bug in them must
		// fail this one article, not the whole build.
		if v := recover(); v != nil {
			res, err = nil, fmt.Errorf("%s: %s: %v", path, errInternal, v)
		}
	}()
	doc := r.md.Parser().Parse(text.NewReader(src), parser.WithContext(parser.NewContext()))

	p := &pass{
		r:    r,
		path: path,
		src:  src,
		line: bodyLine,
		ids:  newHeadingIDs(),
	}
	if err := ast.Walk(doc, p.visit); err != nil {
		return nil, fmt.Errorf("%s: %w", path, err)
	}
	if len(p.errs) > 0 {
		return nil, errors.Join(p.errs...)
	}
	for _, img := range p.figures {
		makeFigure(img)
	}

	buf := bufPool.Get().(*bytes.Buffer)
	defer func() {
		buf.Reset()
		bufPool.Put(buf)
	}()
	buf.Grow(len(src) + len(src)/2)
	if err := r.md.Renderer().Render(buf, src, doc); err != nil {
		return nil, fmt.Errorf("%s: render markdown: %w", path, err)
	}
	res = &Result{
		// One exact-size copy: a site's rendered articles all stay in
		// memory until its pages and feeds are written.
		HTML:   buf.String(),
		TOC:    p.toc,
		Text:   plainText(doc, src),
		Images: p.images,
	}
	res.Summary = Summary(res.Text, DefaultSummaryLength)
	res.Chars = utf8.RuneCountInString(res.Text)
	return res, nil
}

// bufPool holds render buffers, which grow to the size of an article.
var bufPool = sync.Pool{New: func() any { return new(bytes.Buffer) }}

// errInternal marks errors that come from a panic in goldmark or chroma.
const errInternal = "internal error while rendering Markdown (please report it with the file)"

// invalidUTF8 returns the offset of the first byte of src that is not part
// of valid UTF-8.
func invalidUTF8(src []byte) int {
	for i := 0; i < len(src); {
		r, size := utf8.DecodeRune(src[i:])
		if r == utf8.RuneError && size == 1 {
			return i
		}
		i += size
	}
	return len(src)
}

// pass is the state of one walk over a parsed document: it sets heading
// ids, rewrites destinations and collects what Result needs.
type pass struct {
	r    *Renderer
	path string
	src  []byte
	line int
	ids  *headingIDs

	toc     []Heading
	images  []string
	figures []*ast.Image
	errs    []error
}

func (p *pass) visit(n ast.Node, entering bool) (ast.WalkStatus, error) {
	if !entering {
		return ast.WalkContinue, nil
	}
	switch n := n.(type) {
	case *ast.Heading:
		p.heading(n)
	case *ast.Link:
		p.link(n)
	case *ast.AutoLink:
		if isExternal(string(n.URL(p.src))) {
			n.SetAttributeString("rel", []byte("noopener"))
		}
	case *ast.Image:
		p.image(n)
	}
	return ast.WalkContinue, nil
}

func (p *pass) heading(n *ast.Heading) {
	txt := inlineText(n, p.src)
	id := string(p.ids.Generate([]byte(txt), ast.KindHeading))
	n.SetAttributeString("id", []byte(id))
	if n.Level >= 2 && n.Level <= 4 {
		p.toc = append(p.toc, Heading{Level: n.Level, ID: id, Text: txt})
	}
}

func (p *pass) link(n *ast.Link) {
	dest := string(n.Destination)
	switch {
	case isExternal(dest):
		n.SetAttributeString("rel", []byte("noopener"))
	case isMarkdownFile(dest) && p.r.opts.ResolveLink != nil:
		url, err := p.r.opts.ResolveLink(p.path, dest)
		if err != nil {
			p.errs = append(p.errs, fmt.Errorf("%s:%d: %w", p.path, p.lineOf(n), err))
			return
		}
		n.Destination = []byte(url)
	default:
		n.Destination = []byte(p.r.withBase(dest))
	}
}

func (p *pass) image(n *ast.Image) {
	dest := p.r.withBase(string(n.Destination))
	n.Destination = []byte(dest)
	p.images = append(p.images, dest)
	n.SetAttributeString("loading", []byte("lazy"))
	n.SetAttributeString("decoding", []byte("async"))
	if standsAlone(n) {
		p.figures = append(p.figures, n)
	}
}

// lineOf returns the line of the file on which n starts.
func (p *pass) lineOf(n ast.Node) int {
	off := nodeOffset(n)
	if off < 0 || off > len(p.src) {
		off = 0
	}
	return p.line + bytes.Count(p.src[:off], []byte{'\n'})
}

// nodeOffset returns the byte offset of inline node n in the source, or -1.
func nodeOffset(n ast.Node) int {
	if pos := n.Pos(); pos >= 0 {
		return pos
	}
	for c := n; c != nil; c = c.Parent() {
		if c.Type() == ast.TypeBlock {
			if lines := c.Lines(); lines != nil && lines.Len() > 0 {
				return lines.At(0).Start
			}
			return c.Pos()
		}
	}
	return -1
}
