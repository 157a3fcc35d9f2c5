package generator

import (
	"bytes"
	"crypto/sha256"
	"path"
	"strings"

	"github.com/rensai-ssg/rensai/generator/diag"
	"github.com/tdewolff/minify/v2"
	mincss "github.com/tdewolff/minify/v2/css"
	minjs "github.com/tdewolff/minify/v2/js"
)

// assetMinifier minifies the theme's scripts and stylesheets as they are
// published (tdewolff/minify: comments, white space and long local names
// go; the code does the same). A reader's first page loads reader.js,
// search.js and two stylesheets, about 6.5 KB less gzipped; the first
// search at 10,000 articles downloads 60.0 KB instead of 70.4 KB
// (docs/benchmarks.md). The dev server asks again on every build: each
// file is minified once per content. Like its Builder, it serves one build
// at a time.
type assetMinifier struct {
	m    *minify.M
	memo map[[sha256.Size]byte]minified
}

// maxMinified bounds the files kept minified between builds.
const maxMinified = 64

type minified struct {
	data []byte
	err  error
}

// mediaType is the minifier's type for a published path, or "" for a file
// published as it is.
func mediaType(out string) string {
	switch strings.ToLower(path.Ext(out)) {
	case ".js", ".mjs":
		return "application/javascript"
	case ".css":
		return "text/css"
	}
	return ""
}

// minify returns data minified for out, or data itself with a warning
// naming source when the minifier cannot parse it.
func (a *assetMinifier) minify(source, out string, data []byte) ([]byte, *diag.Error) {
	mt := mediaType(out)
	if mt == "" {
		return data, nil
	}
	if a.m == nil {
		a.m = minify.New()
		a.m.AddFunc("text/css", mincss.Minify)
		a.m.AddFunc("application/javascript", minjs.Minify)
		a.memo = map[[sha256.Size]byte]minified{}
	}
	key := sha256.Sum256(append([]byte(mt+"\x00"), data...))
	r, ok := a.memo[key]
	if !ok {
		if len(a.memo) >= maxMinified {
			clear(a.memo) // a theme's author saving one script again and again
		}
		// A copy: the parser may write to what it reads, and the syntax
		// stylesheet's bytes are shared.
		r.data, r.err = a.m.Bytes(mt, bytes.Clone(data))
		a.memo[key] = r
	}
	if r.err != nil {
		return data, diag.WarnT(source, 0, "theme.minify", r.err)
	}
	return r.data, nil
}
