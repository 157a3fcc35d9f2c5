package markdown

import (
	"bytes"
	"crypto/sha256"
	"sync"

	"github.com/alecthomas/chroma/v2"
	chromahtml "github.com/alecthomas/chroma/v2/formatters/html"
	"github.com/alecthomas/chroma/v2/lexers"
	"github.com/yuin/goldmark"
	"github.com/yuin/goldmark/ast"
	"github.com/yuin/goldmark/renderer"
	"github.com/yuin/goldmark/renderer/html"
	"github.com/yuin/goldmark/util"

	highlighting "github.com/yuin/goldmark-highlighting/v2"
)

// Fenced code blocks are rendered as goldmark-highlighting renders them
// with chroma's class formatter (the "uncached path", which the tests
// compare against byte for byte), with three differences in cost only:
//
//   - the lexer of a language name is looked up once per Renderer
//     (lexers.Get, whose fallback globs every lexer's file names, runs for
//     each distinct name rather than for each block; unknown names are
//     remembered as unknown);
//   - the tokens are written by classFormatter (format.go), which writes
//     what chroma's class formatter writes without collecting the tokens
//     or formatting every span with fmt;
//   - the HTML of a block is kept in a bounded cache keyed by a hash of the
//     info string, the code and the style options, shared by every article
//     the Renderer renders: in one build and, in rensai serve, across
//     rebuilds.
//
// A block whose info string carries attributes ({hl_lines=...},
// {linenos=...}) is rendered by goldmark-highlighting itself, and cached
// like the others.

// Chroma settings of highlighted blocks. codeStyle is goldmark-
// highlighting's default; with classes, the HTML does not depend on it
// (the colours are in SyntaxCSS), but it stays in the cache key.
const (
	codeStyle = "github"
	// codeOptions names the formatter options below in the cache key.
	codeOptions = "style=" + codeStyle + ";classes"
)

// codeFormatOptions are the options of goldmark-highlighting's formatter
// for blocks with attributes; classFormatter writes what a formatter with
// these options writes.
func codeFormatOptions() []chromahtml.Option {
	return []chromahtml.Option{chromahtml.WithClasses(true)}
}

// Bounds of a Renderer's code caches.
const (
	// defaultCodeCacheBytes bounds the HTML kept: about 4,000 blocks of 4
	// KB, more than a large technical blog has, for at most this much
	// memory beside the articles (at 64 MB the -code benchmark corpus, all
	// of whose 3,500 blocks fit, peaked 130 MB higher).
	defaultCodeCacheBytes = 16 << 20
	// maxLexerNames bounds the language names remembered; a name beyond it
	// is looked up again each time.
	maxLexerNames = 4096
)

// codeBlocks is the goldmark extension for fenced code blocks (d2 fences
// excepted: they are diagrams by then).
type codeBlocks struct{ r *Renderer }

// Extend implements goldmark.Extender.
func (e codeBlocks) Extend(m goldmark.Markdown) {
	m.Renderer().AddOptions(renderer.WithNodeRenderers(util.Prioritized(e.r.code, 200)))
}

// codeRenderer renders fenced code blocks. It is safe for concurrent use.
type codeRenderer struct {
	html.Config
	formatter *classFormatter
	lexers    lexerCache
	cache     *htmlCache // nil: no cache (the uncached path of benchmarks)
	// attributed renders blocks with attributes: goldmark-highlighting's
	// own function, configured as the extension would be.
	attributed renderer.NodeRendererFunc
}

func newCodeRenderer(cacheBytes int) *codeRenderer {
	c := &codeRenderer{
		Config:    html.NewConfig(),
		formatter: newClassFormatter(),
		lexers:    lexerCache{get: lexers.Get, names: map[string]chroma.Lexer{}, fast: map[chroma.Lexer]chroma.Lexer{}},
	}
	if cacheBytes > 0 {
		c.cache = newHTMLCache(cacheBytes)
	}
	inner := highlighting.NewHTMLRenderer(highlighting.WithFormatOptions(codeFormatOptions()...))
	inner.RegisterFuncs(funcOf{ast.KindFencedCodeBlock, &c.attributed})
	return c
}

// funcOf is a registerer that keeps the function registered for one kind.
type funcOf struct {
	kind ast.NodeKind
	f    *renderer.NodeRendererFunc
}

func (g funcOf) Register(k ast.NodeKind, f renderer.NodeRendererFunc) {
	if k == g.kind {
		*g.f = f
	}
}

// SetOption implements renderer.SetOptioner, as goldmark-highlighting's
// renderer does.
func (c *codeRenderer) SetOption(name renderer.OptionName, value any) {
	c.Config.SetOption(name, value)
}

// RegisterFuncs implements renderer.NodeRenderer.
func (c *codeRenderer) RegisterFuncs(reg renderer.NodeRendererFuncRegisterer) {
	reg.Register(ast.KindFencedCodeBlock, c.render)
}

func (c *codeRenderer) render(w util.BufWriter, src []byte, node ast.Node, entering bool) (ast.WalkStatus, error) {
	if !entering {
		return ast.WalkContinue, nil
	}
	n := node.(*ast.FencedCodeBlock)
	var info []byte
	if n.Info != nil {
		info = n.Info.Segment.Value(src)
	}
	var code bytes.Buffer
	for i := range n.Lines().Len() {
		line := n.Lines().At(i)
		code.Write(line.Value(src))
	}
	var key [sha256.Size]byte
	if c.cache != nil {
		key = codeKey(info, code.Bytes())
		if html, ok := c.cache.get(key); ok {
			_, _ = w.WriteString(html)
			return ast.WalkContinue, nil
		}
	}
	var out bytes.Buffer
	out.Grow(4*code.Len() + 64)
	bw := bufferWriter{&out}
	if bytes.IndexByte(info, '{') > 0 {
		if _, err := c.attributed(bw, src, n, true); err != nil {
			return ast.WalkStop, err
		}
	} else {
		c.highlight(bw, n.Language(src), code.String())
	}
	if c.cache != nil {
		c.cache.put(key, out.String())
	}
	_, _ = w.Write(out.Bytes())
	return ast.WalkContinue, nil
}

// highlight writes a block without attributes: highlighted when chroma
// knows the language, else a plain <pre><code class="language-...">.
func (c *codeRenderer) highlight(w bufferWriter, lang []byte, code string) {
	var lexer chroma.Lexer
	if lang != nil {
		lexer = c.lexers.lookup(string(lang))
	}
	if lexer != nil {
		if it, err := chroma.Coalesce(lexer).Tokenise(nil, code); err == nil {
			c.formatter.format(w.Buffer, it)
			return
		}
	}
	_, _ = w.WriteString("<pre><code")
	if lang != nil {
		_, _ = w.WriteString(` class="language-`)
		c.Writer.Write(w, lang)
		_ = w.WriteByte('"')
	}
	_ = w.WriteByte('>')
	c.Writer.RawWrite(w, []byte(code))
	_, _ = w.WriteString("</code></pre>\n")
}

// codeKey is the cache key of a block: its info string (language and
// attributes), its code and the formatter options.
func codeKey(info, code []byte) [sha256.Size]byte {
	h := sha256.New()
	h.Write([]byte(codeOptions))
	h.Write([]byte{0})
	h.Write(info)
	h.Write([]byte{0})
	h.Write(code)
	var k [sha256.Size]byte
	h.Sum(k[:0])
	return k
}

// lexerCache remembers the lexer of each language name, nil for a name
// chroma does not know; a regex lexer is kept in its fast form, one per
// lexer however many names lead to it.
type lexerCache struct {
	get   func(string) chroma.Lexer
	mu    sync.RWMutex
	names map[string]chroma.Lexer
	fast  map[chroma.Lexer]chroma.Lexer
}

func (l *lexerCache) lookup(name string) chroma.Lexer {
	l.mu.RLock()
	lexer, ok := l.names[name]
	l.mu.RUnlock()
	if ok {
		return lexer
	}
	lexer = l.get(name)
	l.mu.Lock()
	defer l.mu.Unlock()
	if lexer != nil {
		fast, ok := l.fast[lexer]
		if !ok {
			fast = lexer
			if f := newFastLexer(lexer); f != nil {
				fast = f
			}
			l.fast[lexer] = fast
		}
		lexer = fast
	}
	if len(l.names) < maxLexerNames {
		l.names[name] = lexer
	}
	return lexer
}

// bufferWriter is a util.BufWriter that writes straight into a buffer.
type bufferWriter struct{ *bytes.Buffer }

func (bufferWriter) Buffered() int { return 0 }
func (bufferWriter) Flush() error  { return nil }
