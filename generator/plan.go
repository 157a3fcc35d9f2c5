package generator

import (
	"context"
	"errors"
	"maps"
	"slices"
	"strings"
	"time"

	"github.com/rensai-ssg/rensai/generator/config"
	"github.com/rensai-ssg/rensai/generator/diag"
	"github.com/rensai-ssg/rensai/generator/markdown"
	"github.com/rensai-ssg/rensai/generator/site"
	"github.com/rensai-ssg/rensai/generator/theme"
)

// plan is every output file of one build, each with one owner: the page
// and feed jobs, and the assets copied or written as they are.
type plan struct {
	pages, feeds []job
	assets       []assetFile
	warnings     diag.List
	// What a body-only rebuild checks before it reuses the plan
	// (reusablePlan): the context its jobs render under, the model, theme
	// and configuration it was made for, the memo of the files beside
	// articles it lists, and each article's summary, which an article
	// page copies (its description).
	ctx       *planContext
	spec      *theme.Theme // what the pages render with (theme.Specialize)
	model     *site.Model
	thm       *theme.Theme
	cfg       *config.Config
	bundle    *bundleMemo
	summaries []string
}

// planContext is the context a plan's jobs render under: that of the
// build running them, so that a plan made by one build can be run by the
// next. A Builder runs one build at a time, and sets it before the jobs
// run.
type planContext struct{ cur context.Context }

func (c *planContext) Deadline() (time.Time, bool) { return c.cur.Deadline() }
func (c *planContext) Done() <-chan struct{}       { return c.cur.Done() }
func (c *planContext) Err() error                  { return c.cur.Err() }
func (c *planContext) Value(key any) any           { return c.cur.Value(key) }

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
// A body-only rebuild that patched the model the last plan was made for
// runs that plan again (reusablePlan).
func (b *Builder) plan(ctx context.Context, s *site.Model, changed []string) (*plan, error) {
	if p := b.reusablePlan(s, changed); p != nil {
		p.ctx.cur = ctx
		p.spec.Renew(ctx) // what it memoized may show what the edit changed
		b.next.bundle = p.bundle
		return p, nil
	}
	b.lastPlan = nil
	p, err := b.newPlan(ctx, s, changed)
	if err != nil || b.cache == nil {
		return p, err
	}
	p.model, p.thm, p.cfg, p.bundle = s, b.thm, b.cfg, b.next.bundle
	p.summaries = make([]string, len(s.Articles))
	for i, a := range s.Articles {
		p.summaries[i] = a.Summary
	}
	b.lastPlan = p
	return p, nil
}

// newPlan makes the plan of s.
func (b *Builder) newPlan(ctx context.Context, s *site.Model, changed []string) (*plan, error) {
	pc := &planContext{cur: ctx}
	p := &plan{ctx: pc, feeds: b.feedJobs(s)}
	p.pages, p.spec = b.pageJobs(pc, s)
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
				if dir := inReserved(j.out, reservedDirs); dir != "" && !(dir == "archives/" && j.from.key == "aliases" && site.ArchiveFree(j.out)) {
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

// reusablePlan returns the last plan if this build may run it again: the
// build patched the model that plan was made for (a body-only rebuild,
// assemble.go), with the same theme and configuration, every changed path
// is an article's Markdown file (forgetPlan), and no article's summary
// changed. Each job of a plan then writes the same path for the same
// owner from the same model objects, reads what bodies give (content,
// length, table of contents, navigation) when it renders, and computes
// its key then (job.keyFn); the summary is the one thing a plan copies
// from a body. TestBodyOnlyEditsReuseTheModel guards this (samePlan).
func (b *Builder) reusablePlan(s *site.Model, changed []string) *plan {
	p := b.lastPlan
	if p == nil || !b.reusedModel || p.model != s || p.thm != b.thm || p.cfg != b.cfg || !onlyMarkdown(changed) {
		return nil
	}
	for i, a := range s.Articles {
		if p.summaries[i] != a.Summary {
			return nil
		}
	}
	return p
}

// forgetPlan drops the last plan at the start of a build told that
// something besides article Markdown changed (a static file, the theme,
// the configuration, a file beside an article, or nil: anything), so that
// no later build reuses a plan made before the change, even when this
// build fails before its plan step.
func (b *Builder) forgetPlan(changed []string) {
	if !onlyMarkdown(changed) {
		b.lastPlan = nil
	}
}

// onlyMarkdown says whether every changed path is a Markdown file under
// content/; false for nil (unknown).
func onlyMarkdown(changed []string) bool {
	for _, p := range changed {
		if !strings.HasPrefix(p, "content/") {
			return false
		}
	}
	return onlyArticleSources(changed)
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
