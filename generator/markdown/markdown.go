// Package markdown turns the Markdown body of an article into HTML, a table
// of contents, plain text for search and summaries, and the list of images.
//
// It is the only package of rensai that knows goldmark, chroma and D2. A
// Renderer is built once with New and is safe for concurrent use:
//
//	r := markdown.New(markdown.Options{BasePath: "/repo/", ResolveLink: resolve})
//	res, err := r.Render("content/posts/a.md", body, bodyLine)
//
// The Markdown dialect is CommonMark with the GitHub extensions (tables,
// strikethrough, autolinks, task lists), footnotes, definition lists and
// goldmark's CJK extension: a soft line break between two Japanese
// characters produces no space, and emphasis such as **「強調」** works
// next to Japanese text.
//
// Every construct rensai adds is a goldmark extension or AST transformer in
// its own file, registered by New in a fixed order:
//
//   - ids.go: every heading gets an id made from its text, Japanese kept as
//     is ("## 対応のポイント" -> id="対応のポイント"), or the one written
//     after it ("## 見出し {#custom-id}"); a repeated id gets "-1", "-2",
//     ... The h2..h4 headings form Result.TOC.
//   - links.go: links to http and https URLs get rel="noopener";
//     root-relative destinations ("/posts/x/") get Options.BasePath in
//     front; links to Markdown files ("../b.md#part") are passed to
//     Options.ResolveLink, whose errors come back as "path:LINE: message".
//   - figure.go, images.go: every <img> but the first of an article gets
//     loading="lazy" and decoding="async"; local images get width and
//     height from the file (Options.Files); an image with a title that is
//     alone in its paragraph becomes a <figure> with a <figcaption>.
//   - ruby.go, bouten.go: ruby (|漢字《かんじ》) and emphasis dots
//     (《《傍点》》) in the notation of Japanese web fiction.
//   - more.go: <!--more--> ends the summary.
//   - diagram.go: ```d2 fences become inline SVG (see Diagrams).
//   - footnote.go: footnotes, numbered in linear time.
//   - highlight.go, codecache.go, lexer.go: fenced code, highlighted as
//     goldmark-highlighting does, with lexers looked up once per language
//     name, the HTML of each block cached by hash in the Renderer, and
//     chroma's regex lexers run without the rules that cannot match.
//   - control.go, limits.go: control characters are dropped with a
//     warning; input that would take goldmark unbounded time, or a tree
//     too large for a build under 500 MB, is refused.
//
// Fenced code with a language chroma knows is highlighted with CSS classes
// (see SyntaxCSS); other code is a plain <pre><code>. Raw HTML is omitted
// unless Options.Unsafe is set.
package markdown

import (
	"bytes"
	"errors"
	"fmt"
	"io/fs"
	"slices"
	"strings"
	"sync"
	"unicode/utf8"

	"github.com/rensai-ssg/rensai/generator/diag"
	"github.com/yuin/goldmark"
	"github.com/yuin/goldmark/ast"
	"github.com/yuin/goldmark/extension"
	"github.com/yuin/goldmark/parser"
	"github.com/yuin/goldmark/renderer"
	"github.com/yuin/goldmark/renderer/html"
	"github.com/yuin/goldmark/text"
)

// Options configures a Renderer. The zero value renders CommonMark with
// rensai's extensions, without image sizes and without a diagram cache.
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

	// Files, if set, is the site root (the folder of rensai.toml). Local
	// images are read from it to write their width and height: "/img/a.png"
	// from static/img/a.png or content/img/a.png, and a relative "a.png" in
	// the article content/posts/x.md from content/posts/a.png or
	// content/posts/x/a.png. A local image found in none of them is an
	// error. Render's path must then be relative to the same root
	// ("content/posts/x.md").
	Files fs.FS

	// Host is the site's own host name (example.jp): an image of any other
	// host gets a warning, since readers' browsers request it there. Empty
	// means every image given by an http(s) URL is another host's.
	Host string

	// CacheDir, if set, is a folder where rendered diagrams are kept by the
	// hash of their source, so an unchanged diagram is not laid out again.
	CacheDir string

	// OmitEndTags leaves out the end tags of paragraphs and list items
	// where HTML makes them optional (endtags.go): the same document tree
	// in fewer bytes (6 MB of the 174 MB of text at 10,000 articles).
	OmitEndTags bool

	// CheckedUTF8 says that every source given to Render is known to be
	// UTF-8 (content.Load and content.Parse refuse a file that is not), so
	// Render does not check it again. Control characters are dropped all
	// the same.
	CheckedUTF8 bool

	// DropText leaves Result.Text empty: Chars, Summary and Excerpt are
	// what they are with it, and so is the warning of a text over
	// MaxTextBytes. A build without a search index has no use for the
	// text, which is as long as the Markdown.
	DropText bool
}

// Heading is one entry of a table of contents.
type Heading struct {
	Level int    // 2, 3 or 4
	ID    string // the id attribute of the heading, without "#"
	Text  string // the heading as plain text
}

// Reading is one ruby annotation: the base text and its reading
// (漢字《かんじ》 gives {Base: "漢字", Ruby: "かんじ"}).
type Reading struct {
	Base string
	Ruby string
}

// File is a file that rendering produced and the page needs beside it.
type File struct {
	Name string // slash-separated, relative to the page's folder
	Data []byte
}

// Result is a rendered article.
type Result struct {
	// HTML is the article body.
	HTML string
	// TOC lists the h2..h4 headings in document order.
	TOC []Heading
	// Text is the article as plain text for search and summaries: the text
	// of each block (paragraph, heading, list item, table row, code block,
	// footnote) on its own line, without markup, HTML or ruby readings.
	Text string
	// Summary is the text before <!--more--> when the article has one
	// (Excerpt is then true), or else Summary(Text, DefaultSummaryLength).
	// Chars is the number of runes in Text, so a caller may drop Text when
	// it needs no more.
	Summary string
	Excerpt bool
	Chars   int
	// Images lists image destinations, after rewriting, in document order.
	Images []string
	// Readings lists the distinct ruby annotations in order of first use,
	// for search (an annotation repeated at every use of a word is listed
	// once).
	Readings []Reading
	// Files lists files the page needs beside it, sorted by name. rensai's
	// diagrams are inline SVG and add none; an extender passed to New adds
	// them with AddFile.
	Files []File
	// Code reports whether the HTML holds highlighted code, styled by
	// SyntaxCSS: a page without any need not load that stylesheet.
	Code bool
	// Reads lists the files of Options.Files that rendering read (local
	// images, for their size), sorted, so that a cache of this Result can
	// be keyed on them as well as on the source.
	Reads []string
	// Missed lists the files of Options.Files that rendering looked for
	// first and did not find (an image's earlier candidates), sorted: the
	// Result changes if one of them appears.
	Missed []string
	// Warnings are problems that did not stop rendering, each a
	// *diag.Error with Severity diag.SevWarning, in line order.
	Warnings []*diag.Error
}

// Renderer renders Markdown articles. It is safe for concurrent use.
type Renderer struct {
	md       goldmark.Markdown
	opts     Options
	diagrams *diagramRenderer
	code     *codeRenderer
}

// New returns a Renderer configured by opts, with the extenders in extra
// added after rensai's own. Building goldmark is not free: build one
// Renderer and share it.
func New(opts Options, extra ...goldmark.Extender) *Renderer {
	return newRenderer(opts, nil, extra...)
}

// newRenderer is New without the extenders for which skip reports true;
// benchmarks use it to measure what one extension costs.
func newRenderer(opts Options, skip func(goldmark.Extender) bool, extra ...goldmark.Extender) *Renderer {
	opts.BasePath = normalizeBasePath(opts.BasePath)
	r := &Renderer{opts: opts, diagrams: newDiagramRenderer(opts.CacheDir), code: newCodeRenderer(defaultCodeCacheBytes)}
	var htmlOpts []renderer.Option
	if opts.Unsafe {
		htmlOpts = append(htmlOpts, html.WithUnsafe())
	}
	var exts []goldmark.Extender
	if opts.OmitEndTags {
		exts = append(exts, endTags{})
	}
	for _, e := range []goldmark.Extender{
		extension.Table, tableHeaders{}, extension.Strikethrough, extension.Linkify, extension.TaskList,
		footnotes{},
		extension.DefinitionList,
		extension.CJK,
		headingIDs{},
		links{r},
		images{r},
		ruby{}, // and bouten
		summaryBreak{},
		diagrams{r},
		codeBlocks{r},
	} {
		if skip == nil || !skip(e) {
			exts = append(exts, e)
		}
	}
	r.md = goldmark.New(
		goldmark.WithParser(parser.NewParser(
			parser.WithBlockParsers(parser.DefaultBlockParsers()...),
			parser.WithInlineParsers(inlineParsers()...),
			parser.WithParagraphTransformers(paragraphTransformers()...),
			parser.WithHeadingAttribute(),
		)),
		goldmark.WithExtensions(append(exts, extra...)...),
		goldmark.WithRendererOptions(htmlOpts...),
	)
	// After the extensions: the one fastWriter wraps is the CJK
	// extension's, which drops a backslash-escaped space.
	var inner html.Writer = html.DefaultWriter
	if slices.Contains(exts, extension.CJK) {
		inner = html.NewWriter(html.WithEscapedSpace())
	}
	r.md.Renderer().AddOptions(html.WithWriter(fastWriter{inner}))
	return r
}

// WithoutText returns a Renderer that renders as r does with
// Options.DropText set, sharing r's caches.
func (r *Renderer) WithoutText() *Renderer {
	c := *r
	c.opts.DropText = true
	return &c
}

// Render renders src, the Markdown body of the file at path. path and
// bodyLine, the line of the file on which src starts (1 for a file without
// front matter), are used in error messages, which read "path:LINE:
// message" (*diag.Error values).
//
// src must be UTF-8; anything else is reported with the line of the first
// bad byte.
func (r *Renderer) Render(path string, src []byte, bodyLine int) (res *Result, err error) {
	if bodyLine < 1 {
		bodyLine = 1
	}
	src, warnings, err := dropControls(path, src, bodyLine, r.opts.CheckedUTF8)
	if err != nil {
		return nil, err
	}
	if err := checkLimits(path, src, bodyLine); err != nil {
		return nil, err
	}
	if err := checkMarks(path, src, bodyLine); err != nil {
		return nil, err
	}
	defer func() {
		// goldmark, chroma and D2 are third-party code: a bug in them must
		// fail this one article, not the whole build.
		if v := recover(); v != nil {
			res, err = nil, fmt.Errorf("%s: %s: %v", path, errInternal, v)
		}
	}()
	st := &state{r: r, path: path, src: src, line: bodyLine, warnings: warnings}
	pc := parser.NewContext()
	pc.Set(stateKey, st)
	doc := r.md.Parser().Parse(text.NewReader(src), parser.WithContext(pc))
	if len(st.errs) > 0 {
		return nil, errors.Join(st.errs...)
	}
	if err := st.checkNodes(doc); err != nil {
		return nil, err
	}

	html, err := r.renderHTML(src, doc)
	if err != nil {
		return nil, fmt.Errorf("%s: render markdown: %w", path, err)
	}
	res = &Result{
		HTML:     html,
		TOC:      st.toc,
		Images:   st.images,
		Readings: st.readings,
		Files:    sortedFiles(st.files),
		Reads:    slices.Compact(slices.Sorted(slices.Values(st.reads))),
		Missed:   slices.Compact(slices.Sorted(slices.Values(st.missed))),
		Warnings: sortByLine(st.warnings),
		Code:     strings.Contains(html, `class="chroma`),
	}
	r.setText(res, doc, src, path, bodyLine)
	return res, nil
}

// setText sets the plain text of res and what is made of it: Text
// (unless Options.DropText), Excerpt, Summary and Chars.
func (r *Renderer) setText(res *Result, doc ast.Node, src []byte, path string, bodyLine int) {
	t := plainText(doc, src)
	defer t.free()
	res.Excerpt = t.cut >= 0
	switch {
	case res.Excerpt:
		res.Summary = string(collapsedPrefix(string(t.all[:t.cut]), countRunes(t.all[:t.cut])))
	case len(t.prose) > 0:
		res.Summary = Summary(string(t.prose), DefaultSummaryLength)
	default: // only headings, tables or code
		res.Summary = Summary(string(t.all), DefaultSummaryLength)
	}
	all := t.all
	res.Chars = countRunes(all)
	if len(all) > MaxTextBytes {
		all = all[:len(cutText(string(all[:MaxTextBytes+1]), MaxTextBytes))]
		res.Warnings = append(res.Warnings, diag.WarnT(path, bodyLine, "markdown.longText",
			res.Chars, countRunes(all)))
	}
	if !r.opts.DropText {
		res.Text = string(all)
	}
}

// MaxTextBytes bounds Result.Text: an article with more text (about
// 700,000 Japanese characters, several books) keeps that much of it, cut
// at a line end, with a warning. Indexing takes about 30 bytes of memory
// per byte of text, so the bound keeps one article's index under 100 MB;
// Chars still counts the whole text.
const MaxTextBytes = 2 << 20

// cutText returns the longest prefix of s of at most n bytes that ends at
// a line end, or at a character boundary when the first line is longer.
func cutText(s string, n int) string {
	if i := strings.LastIndexByte(s[:n+1], '\n'); i > 0 {
		return s[:i]
	}
	for n > 0 && !utf8.RuneStart(s[n]) {
		n--
	}
	return s[:n]
}

func sortedFiles(fs []File) []File {
	slices.SortFunc(fs, func(a, b File) int { return strings.Compare(a.Name, b.Name) })
	return fs
}

// renderHTML renders doc. Small articles go through a pooled buffer and
// one exact-size copy (a site's rendered articles all stay in memory until
// its pages and feeds are written); an article too large for the pool is
// written into a strings.Builder whose bytes become the string without a
// copy, so a 10 MB article never holds its HTML twice.
func (r *Renderer) renderHTML(src []byte, doc ast.Node) (string, error) {
	size := len(src) + len(src)/2
	if size > maxPooledBuffer {
		var sb strings.Builder
		sb.Grow(size)
		err := r.md.Renderer().Render(&sb, src, doc)
		return sb.String(), err
	}
	buf := bufPool.Get().(*bytes.Buffer)
	defer func() {
		if buf.Cap() <= maxPooledBuffer {
			buf.Reset()
			bufPool.Put(buf)
		}
	}()
	buf.Grow(size)
	if err := r.md.Renderer().Render(buf, src, doc); err != nil {
		return "", err
	}
	return buf.String(), nil
}

// maxPooledBuffer is the largest render buffer kept for the next article:
// one huge article must not pin its buffer for the rest of the build.
const maxPooledBuffer = 4 << 20

// bufPool holds render buffers, which grow to the size of an article.
var bufPool = sync.Pool{New: func() any { return new(bytes.Buffer) }}

// errInternal marks errors that come from a panic in goldmark or chroma.
const errInternal = "internal error while rendering Markdown (please report it with the file)"

// stateKey holds the *state of one Render call in the parser.Context.
var stateKey = parser.NewContextKey()

// state is what the transformers of one Render call share: where the
// source comes from, and what they collect for the Result.
type state struct {
	r    *Renderer
	path string
	src  []byte
	line int

	toc      []Heading
	images   []string
	readings []Reading
	// seenReadings holds the readings of each base in st.readings.
	seenReadings map[string]map[string]bool
	files        []File
	reads        []string
	missed       []string
	warnings     []*diag.Error
	errs         []error
	// remoteImages counts the images of other hosts (images.remote).
	remoteImages int
}

// AddFile records a file that the page being rendered needs beside it, for
// Result.Files; an extender passed to New calls it from its AST
// transformer with the transformer's parser.Context. A later file of the
// same name replaces an earlier one. Outside Render it does nothing.
func AddFile(pc parser.Context, name string, data []byte) {
	st, ok := pc.Get(stateKey).(*state)
	if !ok {
		return
	}
	for i := range st.files {
		if st.files[i].Name == name {
			st.files[i].Data = data
			return
		}
	}
	st.files = append(st.files, File{Name: name, Data: data})
}

// stateOf returns the state of the Render call that pc belongs to.
func stateOf(pc parser.Context) *state {
	return pc.Get(stateKey).(*state)
}

// errorT records an error at the line of node n, worded by the catalog's
// message key.
func (st *state) errorT(n ast.Node, key string, args ...any) {
	st.errs = append(st.errs, diag.T(st.path, st.lineOf(n), key, args...))
}

// lineOf returns the line of the file on which n starts.
func (st *state) lineOf(n ast.Node) int {
	return st.lineAt(nodeOffset(n))
}

// lineAt returns the line of the file that holds byte off of the body.
func (st *state) lineAt(off int) int {
	if off < 0 || off > len(st.src) {
		off = 0
	}
	return st.line + bytes.Count(st.src[:off], []byte{'\n'})
}

// nodeOffset returns the byte offset of node n in the source, or -1.
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

// sortByLine orders warnings by line, keeping the order of those on one
// line: the transformers add theirs after dropControls.
func sortByLine(ws []*diag.Error) []*diag.Error {
	slices.SortStableFunc(ws, func(a, b *diag.Error) int { return a.Line - b.Line })
	return ws
}
