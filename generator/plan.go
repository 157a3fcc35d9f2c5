package generator

import (
	"context"
	"errors"
	"maps"
	"slices"
	"strings"

	"github.com/rensai-ssg/rensai/generator/diag"
	"github.com/rensai-ssg/rensai/generator/markdown"
	"github.com/rensai-ssg/rensai/generator/site"
)

// plan is every output file of one build, each with one owner: the page
// and feed jobs, and the assets copied or written as they are.
type plan struct {
	pages, feeds []job
	assets       []assetFile
	warnings     diag.List
}

// assetFile is an output copied from source, or written from data.
type assetFile struct {
	out, source string
	data        []byte
}

// plan lists the build's outputs and claims each path for one owner
// (claims.go). A second claim on a path is an error naming both, except
// where rensai.toml's staticOverrides lets a static file replace a
// generated one, which is a warning.
// changed is what the build was told changed (nil: everything).
func (b *Builder) plan(ctx context.Context, s *site.Model, changed []string) (*plan, error) {
	p := &plan{pages: b.pageJobs(ctx, s), feeds: b.feedJobs(s)}
	t := newClaimTable(len(p.pages) + len(p.feeds) + 64)
	reservedDirs := []string{"series/", "page/", "archives/", "assets/", "search/"}
	for _, tx := range s.Taxonomies {
		reservedDirs = append(reservedDirs, tx.Key+"/")
	}
	// rensai's feeds, sitemap and robots.txt first, so a page that collides
	// with one is the one blamed.
	for _, jobs := range [][]job{p.feeds, p.pages} {
		for _, j := range jobs {
			if j.from.content {
				if dir := inReserved(j.out, reservedDirs); dir != "" {
					t.errs = append(t.errs, j.from.errT("claims.reserved", strings.TrimSuffix(j.out, "index.html"), dir))
					continue
				}
			}
			t.claim(j.out, j.from)
		}
	}
	p.assets = b.assetFiles(s)
	var dropped []string
	for _, a := range p.assets {
		if a.source == "" {
			continue
		}
		from := claimant{kind: "the static file", file: a.source, static: true}
		if !strings.HasPrefix(a.source, "static/") {
			from.kind = "the theme's asset"
		}
		if strings.HasPrefix(a.out, "search/") && s.Site.Search {
			t.errs = append(t.errs, diag.T(a.source, 0, "claims.search"))
			continue
		}
		prev, ok := t.owned(a.out)
		if !ok {
			t.claim(a.out, from)
			continue
		}
		if !prev.content && slices.Contains(s.Config.StaticOverrides, a.out) {
			p.warnings = append(p.warnings, diag.WarnT(a.source, 0, "claims.override", prev.describe()))
			dropped = append(dropped, foldPath(a.out))
			continue
		}
		hint := diag.P("claims.hint.removeOne")
		if !prev.content {
			hint = diag.P("claims.hint.override", a.out)
		}
		t.errs = append(t.errs, diag.T(a.source, 0, "claims.replace", from.what(), prev.describe(), hint))
	}
	bundle, err := b.cachedBundleFiles(s, changed)
	if err != nil {
		return nil, err
	}
	for _, f := range bundle {
		t.claim(f.out, claimant{kind: "the file beside an article", file: f.source})
	}
	p.assets = append(p.assets, bundle...)
	if len(t.errs) > 0 {
		return nil, errors.Join(t.sortedErrs()...)
	}
	if len(dropped) > 0 {
		keep := func(j job) bool { return !slices.Contains(dropped, foldPath(j.out)) }
		p.pages = slices.DeleteFunc(p.pages, func(j job) bool { return !keep(j) })
		p.feeds = slices.DeleteFunc(p.feeds, func(j job) bool { return !keep(j) })
	}
	return p, nil
}

// inReserved returns the reserved folder out is inside, if any.
func inReserved(out string, dirs []string) string {
	for _, d := range dirs {
		if strings.HasPrefix(out, d) {
			return d
		}
	}
	return ""
}

// assetFiles are the theme's assets and the site's static files (a static
// file replaces the theme's asset of the same name), the
// syntax-highlighting stylesheet and the files GitHub Pages wants, sorted
// by output path.
func (b *Builder) assetFiles(s *site.Model) []assetFile {
	files := map[string]assetFile{
		"assets/css/syntax.css": {out: "assets/css/syntax.css", data: markdown.SyntaxCSS()},
		".nojekyll":             {out: ".nojekyll", data: []byte{}},
	}
	if s.Config.CNAME != "" {
		files["CNAME"] = assetFile{out: "CNAME", data: []byte(s.Config.CNAME + "\n")}
	}
	for _, a := range b.thm.Assets() {
		files[a.Out] = assetFile{out: a.Out, source: a.Source}
	}
	out := make([]assetFile, 0, len(files))
	for _, name := range slices.Sorted(maps.Keys(files)) {
		out = append(out, files[name])
	}
	return out
}
