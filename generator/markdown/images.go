package markdown

import (
	"bytes"
	"encoding/xml"
	"errors"
	"image"
	_ "image/gif" // image.DecodeConfig for GIF
	_ "image/jpeg"
	_ "image/png"
	"io"
	"io/fs"
	"net/url"
	"path"
	"strconv"
	"strings"

	_ "golang.org/x/image/webp" // image.DecodeConfig for WebP

	"github.com/rensai-ssg/rensai/generator/diag"
	"github.com/yuin/goldmark"
	"github.com/yuin/goldmark/ast"
	"github.com/yuin/goldmark/parser"
	"github.com/yuin/goldmark/renderer"
	"github.com/yuin/goldmark/text"
	"github.com/yuin/goldmark/util"
)

// images is the extension for <img>: destinations get the base path, local
// images their width and height (when Options.Files is set), every image
// but the first of the article loading="lazy" and decoding="async", and a
// titled image alone in its paragraph becomes a Figure.
type images struct{ r *Renderer }

// Extend implements goldmark.Extender.
func (e images) Extend(m goldmark.Markdown) {
	m.Parser().AddOptions(parser.WithASTTransformers(util.Prioritized(e, 300)))
	m.Renderer().AddOptions(renderer.WithNodeRenderers(util.Prioritized(figureRenderer{}, 500)))
}

// Transform implements parser.ASTTransformer.
func (e images) Transform(doc *ast.Document, _ text.Reader, pc parser.Context) {
	st := stateOf(pc)
	if !bytes.Contains(st.src, []byte("![")) {
		return // an image is written "![...", nothing else makes one
	}
	var figures []*ast.Image
	_ = ast.Walk(doc, func(n ast.Node, entering bool) (ast.WalkStatus, error) {
		img, ok := n.(*ast.Image)
		if !ok || !entering {
			return ast.WalkContinue, nil
		}
		written := string(img.Destination)
		e.remote(st, img, written)
		if e.r.opts.Files != nil {
			e.size(st, img, written)
		}
		dest, ok := e.r.folderURL(st, written)
		if !ok {
			dest = e.r.withBase(written)
		}
		img.Destination = []byte(dest)
		if len(st.images) > 0 {
			// The first image is usually in view at once: loading it
			// lazily would only delay it.
			img.SetAttributeString("loading", []byte("lazy"))
			img.SetAttributeString("decoding", []byte("async"))
		}
		st.images = append(st.images, dest)
		if standsAlone(img) {
			figures = append(figures, img)
		}
		return ast.WalkContinue, nil
	})
	for _, img := range figures {
		makeFigure(img)
	}
}

// maxRemoteWarnings is how many images of other hosts are named one by
// one in an article; the rest are counted in one more warning.
const maxRemoteWarnings = 5

// remote warns of an image on another host than Options.Host: readers'
// browsers request it from there (telling that host who reads what), and
// it breaks when that host goes. The warning says how to make it local.
func (e images) remote(st *state, img *ast.Image, dest string) {
	if scheme, ok := urlScheme(dest); !ok && !strings.HasPrefix(dest, "//") || ok && !strings.EqualFold(scheme, "http") && !strings.EqualFold(scheme, "https") {
		return
	}
	u, err := url.Parse(dest)
	if err != nil || u.Host == "" || e.r.opts.Host != "" && strings.EqualFold(u.Hostname(), e.r.opts.Host) {
		return
	}
	st.remoteImages++
	switch {
	case st.remoteImages <= maxRemoteWarnings:
		st.warnings = append(st.warnings, diag.WarnT(st.path, st.lineOf(img), "markdown.remoteImage", dest, u.Hostname(), localImageLink(st.path, u.Path)))
	case st.remoteImages == maxRemoteWarnings+1:
		st.warnings = append(st.warnings, diag.WarnT(st.path, st.lineOf(img), "markdown.remoteImageMore"))
	}
}

// localImageLink is how article links an image saved in its own folder:
// x/photo.jpg in x.md, photo.jpg in a bundle's index.md.
func localImageLink(article, urlPath string) string {
	name := path.Base(urlPath)
	if name == "." || name == "/" {
		name = "image.png"
	}
	stem := strings.TrimSuffix(path.Base(article), path.Ext(article))
	if stem == "index" || stem == "_index" {
		return name
	}
	return stem + "/" + name
}

// size sets the width and height of img from the file dest names, or
// records an error when a local file is missing.
func (e images) size(st *state, img *ast.Image, dest string) {
	names, ok := imageCandidates(st.path, dest)
	if !ok {
		return
	}
	for i, name := range names {
		w, h, err := imageSize(e.r.opts.Files, name)
		if errors.Is(err, fs.ErrNotExist) {
			continue
		}
		st.missed = append(st.missed, names[:i]...)
		st.reads = append(st.reads, name)
		if err == nil && w > 0 && h > 0 {
			img.SetAttributeString("width", []byte(strconv.Itoa(w)))
			img.SetAttributeString("height", []byte(strconv.Itoa(h)))
		}
		return
	}
	st.errorT(img, "markdown.imageMissing", dest, strings.Join(names, ", "))
}

// imageCandidates returns the files of the site root a local image
// destination may name, in the order they are tried: static/ for "/a.png";
// for a relative "a.png" in content/posts/x.md, content/posts/a.png and
// the page bundle's content/posts/x/a.png (content/posts/x/index.md has
// only its own folder). It reports false for URLs of other hosts, data:
// URLs and paths that leave static/ or content/.
func imageCandidates(article, dest string) ([]string, bool) {
	if dest == "" || strings.HasPrefix(dest, "//") || strings.HasPrefix(dest, "#") {
		return nil, false
	}
	if _, ok := urlScheme(dest); ok {
		return nil, false
	}
	if i := strings.IndexAny(dest, "?#"); i >= 0 {
		dest = dest[:i]
	}
	p, err := url.PathUnescape(dest)
	if err != nil || p == "" {
		return nil, false
	}
	var names []string
	if strings.HasPrefix(p, "/") {
		names = []string{path.Join("static", p), path.Join("content", p)}
	} else {
		dir := path.Dir(article)
		stem := strings.TrimSuffix(path.Base(article), path.Ext(article))
		names = []string{path.Join(dir, p)}
		if stem != "index" && stem != "_index" {
			names = append(names, path.Join(dir, stem, p))
		}
	}
	for _, n := range names {
		if !fs.ValidPath(n) || !strings.HasPrefix(n, "static/") && !strings.HasPrefix(n, "content/") {
			return nil, false
		}
	}
	return names, true
}

// ImageSize returns the width and height rendering gives the image file
// name of fsys: those of a PNG, JPEG, GIF, WebP or SVG file, 0 and 0 for a
// file of another type, and an error wrapping fs.ErrNotExist for a file
// that is missing or a folder. A cache of a Result checks with it that an
// image in Result.Reads whose file changed still has the same size.
func ImageSize(fsys fs.FS, name string) (w, h int, err error) {
	return imageSize(fsys, name)
}

// imageSize returns the pixel size of the image file name in fsys: from
// the header of a PNG, JPEG, GIF or WebP file, from the width and height
// (or viewBox) of an SVG file. A file of another type gives 0, 0, nil.
func imageSize(fsys fs.FS, name string) (w, h int, err error) {
	f, err := fsys.Open(name)
	if err != nil {
		return 0, 0, err
	}
	defer func() { _ = f.Close() }() // read only: a close error changes nothing
	if info, err := f.Stat(); err != nil || info.IsDir() {
		return 0, 0, fs.ErrNotExist
	}
	if strings.EqualFold(path.Ext(name), ".svg") {
		return svgSize(io.LimitReader(f, 1<<20))
	}
	cfg, _, err := image.DecodeConfig(f)
	if err != nil {
		return 0, 0, nil // not an image Go knows: no size, no error
	}
	return cfg.Width, cfg.Height, nil
}

// svgSize reads the width and height of the root <svg> element, falling
// back to its viewBox for a missing or relative (%, em) size.
func svgSize(r io.Reader) (w, h int, err error) {
	d := xml.NewDecoder(r)
	d.Strict = false
	for {
		tok, err := d.Token()
		if err != nil {
			return 0, 0, nil // not readable as SVG: no size
		}
		se, ok := tok.(xml.StartElement)
		if !ok {
			continue
		}
		if se.Name.Local != "svg" {
			return 0, 0, nil
		}
		var vw, vh int
		for _, a := range se.Attr {
			switch a.Name.Local {
			case "width":
				w = svgLength(a.Value)
			case "height":
				h = svgLength(a.Value)
			case "viewBox":
				f := strings.Fields(strings.ReplaceAll(a.Value, ",", " "))
				if len(f) == 4 {
					vw, vh = svgLength(f[2]), svgLength(f[3])
				}
			}
		}
		if w <= 0 || h <= 0 {
			w, h = vw, vh
		}
		return w, h, nil
	}
}

// svgLength returns a length in pixels ("120", "120px", "120.5"), rounded,
// or 0 for a relative or invalid one.
func svgLength(s string) int {
	s = strings.TrimSuffix(strings.TrimSpace(s), "px")
	f, err := strconv.ParseFloat(s, 64)
	if err != nil || f <= 0 || f > 1e6 {
		return 0
	}
	return int(f + 0.5)
}
