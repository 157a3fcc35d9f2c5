package markdown

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	"github.com/rensai-ssg/rensai/generator/diag"

	"oss.terrastruct.com/d2/d2graph"
	"oss.terrastruct.com/d2/d2layouts/d2dagrelayout"
	"oss.terrastruct.com/d2/d2lib"
	"oss.terrastruct.com/d2/d2parser"
	"oss.terrastruct.com/d2/d2renderers/d2svg"
	"oss.terrastruct.com/d2/d2themes/d2themescatalog"
	"oss.terrastruct.com/d2/lib/log"
	"oss.terrastruct.com/d2/lib/textmeasure"
	"oss.terrastruct.com/util-go/go2"
)

// D2 lays out with dagre and measures text with its own Source Sans Pro;
// for a wide (East Asian) character it counts two columns of Source Code
// Pro, about 1.2em, so Japanese labels get boxes a little wider than the
// 1em glyphs of any Japanese font and never overflow. The SVG names D2's
// embedded fonts first and the theme's font stack (diagramFonts) after
// them, so kana and kanji, which the embedded fonts lack, are drawn with
// the reader's Japanese font.

// diagramVersion changes whenever the rendering below changes, so cached
// renderings of an older rensai are not reused.
const diagramVersion = "rensai-d2/1 d2 v0.7.2 dagre light=0 dark=200 pad=8"

// diagramFonts follows D2's fonts in the SVG's font-family.
const diagramFonts = `system-ui, -apple-system, "Hiragino Sans", "Hiragino Kaku Gothic ProN", "BIZ UDPGothic", "Yu Gothic UI", "Yu Gothic", YuGothic, Meiryo, "Noto Sans CJK JP", "Noto Sans JP", sans-serif`

// diagramRenderer renders D2 sources to SVG, remembering renderings in
// memory and, when dir is set, in files named by the hash of the source.
type diagramRenderer struct {
	dir string

	mu    sync.Mutex // D2's ruler is not safe for concurrent use
	ruler *textmeasure.Ruler
	mem   sync.Map // hash -> *diagramOut

	// compiles counts calls of D2, for tests.
	compiles atomic.Int64
}

type diagramOut struct {
	svg []byte
	alt string
}

func newDiagramRenderer(cacheDir string) *diagramRenderer {
	dir := ""
	if cacheDir != "" {
		dir = filepath.Join(cacheDir, "d2")
	}
	return &diagramRenderer{dir: dir}
}

// render returns the SVG and text alternative of the D2 source src.
func (d *diagramRenderer) render(src string) ([]byte, string, error) {
	sum := sha256.Sum256([]byte(diagramVersion + "\x00" + src))
	key := hex.EncodeToString(sum[:])
	if v, ok := d.mem.Load(key); ok {
		out := v.(*diagramOut)
		return out.svg, out.alt, nil
	}
	if out, ok := d.readCache(key); ok {
		d.mem.Store(key, out)
		return out.svg, out.alt, nil
	}
	out, err := d.compile(src)
	if err != nil {
		return nil, "", err
	}
	d.mem.Store(key, out)
	d.writeCache(key, out)
	return out.svg, out.alt, nil
}

// A cache file holds the text alternative, a line feed, and the SVG.
func (d *diagramRenderer) readCache(key string) (*diagramOut, bool) {
	if d.dir == "" {
		return nil, false
	}
	data, err := os.ReadFile(filepath.Join(d.dir, key+".svg"))
	if err != nil {
		return nil, false
	}
	alt, svg, ok := strings.Cut(string(data), "\n")
	if !ok || !strings.HasPrefix(svg, "<svg") {
		return nil, false
	}
	return &diagramOut{svg: []byte(svg), alt: alt}, true
}

// writeCache stores out; a cache that cannot be written only costs time.
func (d *diagramRenderer) writeCache(key string, out *diagramOut) {
	if d.dir == "" || os.MkdirAll(d.dir, 0o755) != nil {
		return
	}
	tmp, err := os.CreateTemp(d.dir, key+".*.tmp")
	if err != nil {
		return
	}
	werr := tmp.Chmod(0o644) // os.CreateTemp makes 0600; the cache's other files are 0644
	if werr == nil {
		_, werr = tmp.WriteString(out.alt + "\n" + string(out.svg))
	}
	if cerr := tmp.Close(); werr != nil || cerr != nil {
		_ = os.Remove(tmp.Name())
		return
	}
	if os.Rename(tmp.Name(), filepath.Join(d.dir, key+".svg")) != nil {
		_ = os.Remove(tmp.Name())
	}
}

// diagramTimeout bounds the layout of one diagram.
const diagramTimeout = 30 * time.Second

// compile lays out and renders src with D2. A panic in D2 is an error of
// this diagram, not of the build.
func (d *diagramRenderer) compile(src string) (out *diagramOut, err error) {
	d.mu.Lock()
	defer d.mu.Unlock()
	defer func() {
		if v := recover(); v != nil {
			out, err = nil, diagramPanic{v}
		}
	}()
	d.compiles.Add(1)
	if d.ruler == nil {
		r, err := textmeasure.NewRuler()
		if err != nil {
			return nil, fmt.Errorf("load the fonts of D2: %w", err)
		}
		d.ruler = r
	}
	ctx, cancel := context.WithTimeout(log.WithDefault(context.Background()), diagramTimeout)
	defer cancel()
	ro := &d2svg.RenderOpts{
		Pad:         go2.Pointer(int64(8)),
		ThemeID:     go2.Pointer(d2themescatalog.NeutralDefault.ID),
		DarkThemeID: go2.Pointer(d2themescatalog.DarkMauve.ID),
	}
	co := &d2lib.CompileOptions{
		Ruler: d.ruler,
		LayoutResolver: func(string) (d2graph.LayoutGraph, error) {
			return d2dagrelayout.DefaultLayout, nil
		},
	}
	diagram, g, err := d2lib.Compile(ctx, src, co, ro)
	if err != nil {
		return nil, err
	}
	svg, err := d2svg.Render(diagram, ro)
	if err != nil {
		return nil, err
	}
	return &diagramOut{svg: fixSVG(svg), alt: diagramAlt(g)}, nil
}

var (
	xmlDecl    = regexp.MustCompile(`^<\?xml[^>]*\?>\s*`)
	d2FontUse  = regexp.MustCompile(`font-family: "(d2-[0-9a-z]+-font-[a-z]+)";`)
	outerSVGVB = regexp.MustCompile(`^<svg ([^>]*)viewBox="0 0 ([0-9]+) ([0-9]+)"`)
)

// fixSVG makes D2's SVG fit inside HTML: no XML declaration, a width and
// height on the outer element (from its viewBox; the theme scales it down
// to the column with max-width: 100%), and the theme's fonts after D2's
// own.
func fixSVG(svg []byte) []byte {
	svg = xmlDecl.ReplaceAll(svg, nil)
	svg = outerSVGVB.ReplaceAll(svg, []byte(`<svg ${1}width="$2" height="$3" viewBox="0 0 $2 $3"`))
	return d2FontUse.ReplaceAll(svg, []byte(`font-family: "$1", `+diagramFonts+`;`))
}

// diagramAlt returns the labels of g's shapes in the order they are
// declared, then its connections: "受付、確認。受付 → 確認（はい）".
func diagramAlt(g *d2graph.Graph) string {
	var shapes, edges []string
	for _, o := range g.Objects {
		if l := strings.TrimSpace(o.Label.Value); l != "" {
			shapes = append(shapes, l)
		}
	}
	for _, e := range g.Edges {
		s := strings.TrimSpace(e.Src.Label.Value) + " → " + strings.TrimSpace(e.Dst.Label.Value)
		if l := strings.TrimSpace(e.Label.Value); l != "" {
			s += "（" + l + "）"
		}
		edges = append(edges, s)
	}
	alt := strings.Join(shapes, "、")
	if len(edges) > 0 {
		alt += "。" + strings.Join(edges, "、")
	}
	return alt
}

// diagramPanic is a panic of D2 on one diagram.
type diagramPanic struct{ v any }

func (p diagramPanic) Error() string { return fmt.Sprintf("D2 failed on this diagram (%v)", p.v) }

// diagramError turns a D2 error into errors at the article's lines, worded
// by the catalog with D2's own words after them; the diagram starts after
// the fence on line fenceLine.
func diagramError(path string, fenceLine int, err error) error {
	var pe *d2parser.ParseError
	var panicked diagramPanic
	switch {
	case errors.As(err, &panicked):
		return diag.T(path, fenceLine, "markdown.diagramPanic", fmt.Sprint(panicked.v))
	case errors.Is(err, context.DeadlineExceeded):
		return diag.T(path, fenceLine, "markdown.diagramTimeout", diagramTimeout.String())
	case !errors.As(err, &pe) || len(pe.Errors) == 0:
		return diag.T(path, fenceLine, "markdown.diagram", err.Error())
	}
	var errs []error
	for _, e := range pe.Errors {
		line := e.Range.Start.Line + 1
		msg := e.Message
		if i := strings.Index(msg, ": "); i >= 0 && strings.Count(msg[:i], ":") == 1 {
			msg = msg[i+2:] // D2's own "line:col: " prefix
		}
		errs = append(errs, diag.T(path, fenceLine+line, "markdown.diagramLine", line, msg))
	}
	return errors.Join(errs...)
}
