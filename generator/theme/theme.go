// Package theme loads a site's templates and assets. Layouts come from
// themes/<name>/layouts/ with the site's own layouts/ taking precedence file
// by file; assets come from themes/<name>/assets/ (published under assets/)
// and the site's static/ (published at the root, overriding a theme asset
// with the same output path). Every word a reader sees comes from one
// strings file, themes/<name>/strings.toml, whose keys a site may override in
// its own strings.toml.
//
// A page kind ("article", "home", ...) is rendered by layouts/<kind>.html
// together with layouts/baseof.html and every file under layouts/partials/.
// Templates are html/template; errors name the template file and line.
//
// # The theme contract
//
// A theme may name its classes and lay out its pages as it likes, but
// every page must carry the page-data block, which the generator writes
// when a layout calls {{ pageData . }} inside <head> (the default theme
// does so in layouts/partials/head.html):
//
//	<script type="application/json" id="rensai-page">{"v":1,"kind":"article",...}</script>
//
// It is JSON escaped for HTML, with these fields, each absent when empty:
// v (the schema version, 1), kind (home, article, series, seriesIndex,
// taxonomy, term, archive, search, 404), url, title (not on articles,
// whose title is their <h1>), draft, series (url and total; on series
// pages also title, slug, complete and feed), part, label (続編⑥), prev
// and next (url, label) and parts (url, part, label, title, date; on
// series pages). URLs are site-relative
// and carry the base path ("/repo/posts/a/"). rensai check, the reader
// script and the dev server's live script read this block, never the
// theme's class names, so a theme that keeps this one call keeps series
// checking, resume and the dev server's redirects working. The block is
// written by generator/pagedata.go from the page's data alone.
package theme

import (
	"bytes"
	"context"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"hash"
	"html/template"
	"io"
	"io/fs"
	"path"
	"regexp"
	"sort"
	"strconv"
	"strings"
	"sync"
	"time"

	"github.com/pelletier/go-toml/v2"
	"github.com/rensai-ssg/rensai/generator/diag"
	"github.com/rensai-ssg/rensai/generator/urlpath"
)

// Theme is a loaded set of templates, strings and assets. It is safe for
// concurrent use once loaded.
type Theme struct {
	Name    string
	kinds   map[string]*template.Template
	entry   map[string]string // kind -> the template to execute for it
	strings map[string]string
	files   map[string]string // template name -> source path, for errors
	assets  []Asset
	hash    string
	limit   time.Duration
	// markers maps each range marker (see limit.go) to "name:line:col".
	markers map[*byte]string
	// layouts are the sources and functions the kinds were parsed from,
	// for Specialize.
	layouts *layouts
	spec    *specialized
	// base is the theme Specialize made this one from (nil for a loaded
	// theme), whose errors a failing page reports; memos are the tables of
	// the memoized range bodies (memo.go), emptied by Specialize.
	base  *Theme
	memos []*memoTable
}

// layouts are a theme's layout names (sorted), their sources and the
// template functions.
type layouts struct {
	names   []string
	sources map[string]string
	funcs   template.FuncMap
	// base is baseof.html and the partials, parsed once and never
	// executed: each kind's set is a clone of it.
	base *template.Template
}

// Asset is one file to publish as it is.
type Asset struct {
	Out    string // output path, e.g. "assets/css/style.css"
	Source string // source path relative to the site root
}

// Load reads theme name from site (an fs.FS rooted at the site directory).
// funcs are added to every template; Load adds T itself.
func Load(site fs.FS, name string, funcs template.FuncMap) (*Theme, error) {
	themeDir := path.Join("themes", name)
	if st, err := fs.Stat(site, themeDir); err != nil || !st.IsDir() {
		return nil, diag.T("rensai.toml", 0, "theme.notFound", name, themeDir)
	}
	t := &Theme{Name: name, kinds: map[string]*template.Template{}, entry: map[string]string{}, files: map[string]string{},
		limit: DefaultLimit, markers: map[*byte]string{}}
	h := sha256.New()
	var err error
	if t.strings, err = loadStrings(site, themeDir, h); err != nil {
		return nil, err
	}
	names, sources, err := t.readLayouts(site, themeDir, h)
	if err != nil {
		return nil, err
	}
	t.layouts = &layouts{names: names, sources: sources, funcs: funcs}
	t.spec = &specialized{}
	if err := t.parseLayouts(context.Background(), t.layouts, nil, nil); err != nil {
		return nil, err
	}
	if t.assets, err = loadAssets(site, themeDir); err != nil {
		return nil, err
	}
	t.hash = hex.EncodeToString(h.Sum(nil))
	return t, nil
}

// loadStrings reads the theme's strings.toml, then the site's overrides,
// and adds both files to h.
func loadStrings(site fs.FS, themeDir string, h hash.Hash) (map[string]string, error) {
	out := map[string]string{}
	for _, p := range []string{path.Join(themeDir, "strings.toml"), "strings.toml"} {
		src, err := fs.ReadFile(site, p)
		if errors.Is(err, fs.ErrNotExist) {
			continue
		}
		if err != nil {
			return nil, err
		}
		var m map[string]string
		if err := toml.Unmarshal(src, &m); err != nil {
			var de *toml.DecodeError
			if errors.As(err, &de) {
				row, _ := de.Position()
				return nil, &diag.Error{Path: p, Line: row, Msg: de.Error() + "; every line must be key = \"文字列\"", Err: err}
			}
			return nil, diag.Wrap(p, 0, "", err)
		}
		for k, v := range m {
			out[k] = v
		}
		fmt.Fprintf(h, "%s\x00%d\x00", p, len(src))
		h.Write(src)
	}
	return out, nil
}

// readLayouts reads the theme's layouts and the site's, which override them
// by name ("article.html", "partials/head.html"), and adds each to h in
// name order. It returns the sorted names and each one's source.
func (t *Theme) readLayouts(site fs.FS, themeDir string, h hash.Hash) ([]string, map[string]string, error) {
	layouts := map[string]string{}
	for _, root := range []string{path.Join(themeDir, "layouts"), "layouts"} {
		err := fs.WalkDir(site, root, func(p string, d fs.DirEntry, err error) error {
			if err != nil {
				if errors.Is(err, fs.ErrNotExist) {
					return fs.SkipDir
				}
				return err
			}
			if d.IsDir() || !strings.HasSuffix(p, ".html") {
				return nil
			}
			layouts[strings.TrimPrefix(p, root+"/")] = p
			return nil
		})
		if err != nil {
			return nil, nil, err
		}
	}
	names := make([]string, 0, len(layouts))
	for n := range layouts {
		names = append(names, n)
	}
	sort.Strings(names)
	sources := map[string]string{}
	for _, n := range names {
		src, err := fs.ReadFile(site, layouts[n])
		if err != nil {
			return nil, nil, err
		}
		sources[n] = string(src)
		t.files[n] = layouts[n]
		fmt.Fprintf(h, "%s\x00%d\x00", layouts[n], len(src))
		h.Write(src)
	}
	if _, ok := sources["baseof.html"]; !ok {
		return nil, nil, diag.T(themeDir+"/layouts/baseof.html", 0, "theme.noBase")
	}
	return names, sources, nil
}

// parseLayouts parses baseof.html and the partials once, then each page
// layout (a top-level file) on a clone of them: one template set per kind.
// With page set, the constant parts of each kind's templates fold for the
// page that page(kind) returns (Specialize), and the range bodies of the
// kinds memo names are memoized; else only the parts of literals fold.
func (t *Theme) parseLayouts(ctx context.Context, l *layouts, page func(kind string) any, memo map[string]bool) error {
	names, sources := l.names, l.sources
	if l.base == nil {
		allFuncs := template.FuncMap{"T": t.T}
		for k, v := range l.funcs {
			allFuncs[k] = v
		}
		base := template.New("baseof.html").Funcs(allFuncs)
		if _, err := base.Parse(sources["baseof.html"]); err != nil {
			return t.mapError(err, "")
		}
		for _, n := range names {
			if strings.HasPrefix(n, "partials/") {
				if _, err := base.New(n).Parse(sources[n]); err != nil {
					return t.mapError(err, "")
				}
			}
		}
		l.base = base
	}
	base := l.base
	for _, n := range names {
		if n == "baseof.html" || strings.Contains(n, "/") {
			continue
		}
		kind := strings.TrimSuffix(n, ".html")
		set, entry, memos, err := t.kindSet(base, n, sources[n], page != nil && memo[kind])
		if err != nil {
			return err
		}
		t.markRanges(set)
		for _, name := range memos {
			_ = set.ExecuteTemplate(refuseWrites{}, name, nil) // escaped now, not while pages render (it stops at its first write)
		}
		t.kinds[kind], t.entry[kind] = set, entry
		if page != nil {
			t.foldConstants(ctx, set, entry, page(kind), constantFields) // fold.go
		}
	}
	return nil
}

// kindSet parses the page layout n (source src) on a clone of base, and
// returns the set and the template to execute for its kind. With memo, the
// range bodies that may be memoized are, into the templates it names
// (memo.go).
func (t *Theme) kindSet(base *template.Template, n, src string, memo bool) (*template.Template, string, []string, error) {
	parse := func() (*template.Template, string, error) {
		set, err := base.Clone()
		if err != nil {
			return nil, "", err
		}
		if _, err := set.New(n).Parse(src); err != nil {
			return nil, "", t.mapError(err, "")
		}
		// A page layout either defines blocks for baseof.html or stands alone.
		entry := n
		if set.Lookup("main") != nil && !standalone(set, n) {
			entry = "baseof.html"
		}
		return set, entry, nil
	}
	set, entry, err := parse()
	if err != nil || !memo {
		return set, entry, nil, err
	}
	trial, _, err := parse()
	if err != nil {
		return nil, "", nil, err
	}
	trial.Funcs(template.FuncMap{memoFunc: (&memoTable{set: trial, ctx: context.Background(), out: map[memoKey]template.HTML{}}).call})
	t.markRanges(trial) // so that escaping it stops at its first write, even in a loop
	keep := memoTrial(trial, entry)
	if len(keep) == 0 {
		return set, entry, nil, nil
	}
	table := &memoTable{set: set, ctx: context.Background(), markers: t.markers, limit: t.limit, out: map[memoKey]template.HTML{}}
	set.Funcs(template.FuncMap{memoFunc: table.call})
	names, err := memoize(set, keep)
	if err != nil {
		return nil, "", nil, err
	}
	t.memos = append(t.memos, table)
	return set, entry, names, nil
}

// loadAssets lists the files published as they are: the theme's assets/
// under assets/, the site's static/ at the root (winning on the same
// output path), sorted by output path.
func loadAssets(site fs.FS, themeDir string) ([]Asset, error) {
	outs := map[string]string{}
	add := func(root, prefix string) error {
		return fs.WalkDir(site, root, func(p string, d fs.DirEntry, err error) error {
			if err != nil {
				if errors.Is(err, fs.ErrNotExist) {
					return fs.SkipDir
				}
				return err
			}
			if d.IsDir() || strings.HasPrefix(d.Name(), ".") {
				return nil
			}
			if urlpath.HasInvisible(p) || strings.ContainsAny(p, "?#%\\") {
				return diag.T(urlpath.Printable(p), 0, "theme.badFileName")
			}
			outs[path.Join(prefix, strings.TrimPrefix(p, root+"/"))] = p
			return nil
		})
	}
	if err := add(path.Join(themeDir, "assets"), "assets"); err != nil {
		return nil, err
	}
	if err := add("static", ""); err != nil {
		return nil, err
	}
	var assets []Asset
	for out, src := range outs {
		assets = append(assets, Asset{Out: out, Source: src})
	}
	sort.Slice(assets, func(i, j int) bool { return assets[i].Out < assets[j].Out })
	return assets, nil
}

// Hash identifies the templates and strings: it changes whenever any of them
// changes, so cached pages can be trusted only while it stays the same.
func (t *Theme) Hash() string { return t.hash }

// Assets lists the files to publish as they are, sorted by output path.
func (t *Theme) Assets() []Asset { return t.assets }

// Has reports whether the theme has a layout for kind.
func (t *Theme) Has(kind string) bool { return t.kinds[kind] != nil }

// T returns the UI string for key. A missing key is an error, so a typo in a
// template fails the build instead of showing a blank.
func (t *Theme) T(key string, args ...any) (string, error) {
	s, ok := t.strings[key]
	if !ok {
		return "", &missingString{key: key, theme: t.Name}
	}
	if len(args) > 0 {
		s = fmt.Sprintf(s, args...)
	}
	return s, nil
}

// missingString is the error of T for a key the strings do not have.
type missingString struct{ key, theme string }

func (e *missingString) Error() string {
	return fmt.Sprintf("no string %q in strings.toml; add it to themes/%s/strings.toml", e.key, e.theme)
}

// String returns the UI string for key, or key itself when missing.
func (t *Theme) String(key string) string {
	if s, ok := t.strings[key]; ok {
		return s
	}
	return key
}

// Execute renders kind with data into w. page names the output in errors
// ("posts/a/index.html"). Rendering stops with ctx.Err() when ctx is done,
// and with an error naming the template line and page when it runs past
// the limit (SetLimit).
func (t *Theme) Execute(ctx context.Context, w io.Writer, kind, page string, data any) error {
	set := t.kinds[kind]
	if set == nil {
		return &diag.Error{Path: path.Join("themes", t.Name, "layouts", kind+".html"),
			Msg: fmt.Sprintf("file not found: the theme needs a layout for %s pages (copy one from themes/default/layouts/)", kind)}
	}
	lw := &limitWriter{w: w, ctx: ctx, markers: t.markers}
	if t.limit > 0 {
		lw.deadline = time.Now().Add(t.limit)
	}
	err := set.ExecuteTemplate(lw, t.entry[kind], data)
	if err != nil && t.base != nil && ctx.Err() == nil && !errors.Is(err, errLimit) {
		// A specialized theme fails where its base does: report the
		// base's error, at the line the author wrote. Not for the time
		// limit: the base would run to its limit again, and the
		// specialized theme's range markers name the same line.
		if berr := t.base.Execute(ctx, io.Discard, kind, page, data); berr != nil {
			return berr
		}
	}
	switch {
	case err == nil:
		return nil
	case errors.Is(err, errLimit):
		return t.limitError(lw, kind, page)
	case ctx.Err() != nil && errors.Is(err, ctx.Err()):
		return ctx.Err()
	}
	return t.mapError(err, page)
}

// standalone reports whether a layout renders a whole document itself (it
// starts with a doctype or <html> or has content outside any define).
func standalone(set *template.Template, name string) bool {
	tmpl := set.Lookup(name)
	if tmpl == nil || tmpl.Tree == nil || tmpl.Tree.Root == nil {
		return false
	}
	return strings.TrimSpace(tmpl.Tree.Root.String()) != ""
}

// templateRef matches text/template's "template: NAME:LINE:COL: " and
// html/template's "html/template:NAME:LINE:COL: " prefixes.
var templateRef = regexp.MustCompile(`(?:html/)?template: ?([^:\s"]+):(\d+)(?::(\d+))?: `)

// mapError rewrites a template error into a *diag.Error at the layout's file
// path in the site, line and column, worded by the catalog: what to do in
// the author's language, then html/template's own words. page is the output
// being written ("posts/a/index.html"), "" for an error of parsing.
func (t *Theme) mapError(err error, page string) error {
	msg := err.Error()
	e := &diag.Error{Path: path.Join("themes", t.Name, "layouts")}
	if m := templateRef.FindStringSubmatchIndex(msg); m != nil {
		end := m[5] // NAME:LINE, or NAME:LINE:COL
		if m[6] >= 0 {
			end = m[7]
		}
		e = t.positioned(msg[m[2]:end])
		msg = msg[m[1]:]
	}
	// Nested "template: x:1:2: executing ..." prefixes add nothing for a reader.
	msg = templateRef.ReplaceAllString(msg, "")
	var d *diag.Error
	var missing *missingString
	switch {
	case errors.As(err, &missing):
		d = diag.T(e.Path, e.Line, "theme.missingString", strconv.Quote(missing.key), missing.theme)
	case page == "":
		d = diag.T(e.Path, e.Line, "theme.parse", msg)
	default:
		d = diag.T(e.Path, e.Line, "theme.exec", page, msg)
	}
	d.Column, d.Err = e.Column, err
	return d
}

// positioned turns "name:line:col" (a template name) into an error at the
// layout's path, line and column.
func (t *Theme) positioned(loc string) *diag.Error {
	e := &diag.Error{}
	if loc == "" {
		return e
	}
	parts := strings.Split(loc, ":")
	name := parts[0]
	e.Path = name
	if file, ok := t.files[name]; ok {
		e.Path = file
	}
	if len(parts) > 1 {
		e.Line, _ = strconv.Atoi(parts[1])
	}
	if len(parts) > 2 {
		e.Column, _ = strconv.Atoi(parts[2])
	}
	return e
}

// ExecuteBytes renders kind to a byte slice, as Execute does.
func (t *Theme) ExecuteBytes(ctx context.Context, kind, page string, data any) ([]byte, error) {
	b := bufPool.Get().(*bytes.Buffer)
	defer func() {
		b.Reset()
		bufPool.Put(b)
	}()
	if err := t.Execute(ctx, b, kind, page, data); err != nil {
		return nil, err
	}
	return bytes.Clone(b.Bytes()), nil
}

// bufPool holds page buffers: a page is executed into a buffer that has
// already grown to page size, then copied out once at its exact size.
var bufPool = sync.Pool{New: func() any { return new(bytes.Buffer) }}
