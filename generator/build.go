package generator

import (
	"context"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path"
	"path/filepath"
	"runtime"
	"runtime/debug"
	"sort"
	"strings"
	"sync"
	"time"

	"github.com/rensai-ssg/rensai/generator/config"
	"github.com/rensai-ssg/rensai/generator/content"
	"github.com/rensai-ssg/rensai/generator/markdown"
	"github.com/rensai-ssg/rensai/generator/output"
	"github.com/rensai-ssg/rensai/generator/search"
	"github.com/rensai-ssg/rensai/generator/theme"
	"github.com/rensai-ssg/rensai/themes"
)

// Builder builds one site again and again, reusing what did not change:
// parsed articles, rendered Markdown, rendered pages and the search
// analysis. The dev server keeps one Builder for its whole life; rensai build
// uses a fresh one. A Builder runs one build at a time.
type Builder struct {
	opts Options
	// keep says whether rendered pages are kept for the next build (the
	// dev server) or dropped as soon as written (rensai build).
	keep bool

	mu       sync.Mutex
	cfg      *config.Config
	cfgWarn  []string
	thm      *theme.Theme
	md       *markdown.Renderer
	mdBase   string
	set      *content.Set
	rendered map[string]*renderMemo // by source path
	pages    map[string]*pageMemo   // by output path, from the last good build
	next     map[string]*pageMemo   // the build under way
	indexer  *search.Indexer
	search   *searchMemo
	// searchWarn collects the indexer's warnings during one build.
	searchMu   sync.Mutex
	searchWarn []string
	links      *linkRecorder
	// renderCount counts the pages rendered by the build under way.
	renderCount int
	// gen counts builds, so a Result.Later knows whether it is stale.
	gen int
	// navs holds each series' navigation by the series' signature, from
	// the last build; nextNavs collects the build under way.
	navs, nextNavs map[string][]*SeriesNav
}

type renderMemo struct {
	toc    []TOCEntry
	hash   string
	links  []resolvedLink
	result *markdown.Result
	key    string
}

type pageMemo struct {
	key  string
	data []byte
}

type searchMemo struct {
	key   string
	files map[string][]byte
}

// NewBuilder returns a Builder for opts. Nothing is read until Build.
func NewBuilder(opts Options) (*Builder, error) {
	if opts.Source == "" {
		opts.Source = "."
	}
	abs, err := filepath.Abs(opts.Source)
	if err != nil {
		return nil, err
	}
	opts.Source = abs
	if opts.Destination == "" {
		opts.Destination = filepath.Join(abs, "public")
	}
	if opts.CacheDir == "" {
		opts.CacheDir = filepath.Join(abs, ".rensai-cache")
	}
	if opts.Log == nil {
		opts.Log = io.Discard
	}
	return &Builder{
		opts:     opts,
		keep:     true,
		rendered: map[string]*renderMemo{},
		pages:    map[string]*pageMemo{},
		links:    &linkRecorder{byFile: map[string][]resolvedLink{}},
	}, nil
}

// Result is a finished in-memory build.
type Result struct {
	Files    map[string][]byte
	BasePath string
	Report   *Report
	// Later, set when Options.DeferSearch left the search index out of
	// Files, builds it and returns the complete site: Files with the
	// previous index replaced by the new one, and a Report holding the
	// index's warnings. It must be called before the next Build, if at all;
	// once another Build has started it fails.
	Later func(ctx context.Context) (*Result, error)
}

// Build builds into memory. changed lists source paths relative to the site
// root ("content/posts/a.md") changed since the previous call; nil means
// unknown, and everything is read again.
func (b *Builder) Build(ctx context.Context, changed []string) (*Result, error) {
	b.mu.Lock()
	defer b.mu.Unlock()
	mem := output.NewMem()
	b.gen++
	rep, s, err := b.run(ctx, mem, changed)
	if err != nil {
		return nil, err
	}
	res := &Result{Files: mem.Files(), BasePath: b.cfg.BasePath(), Report: rep}
	if b.deferSearch() {
		res.Later = b.laterSearch(b.gen, s, res)
	}
	return res, nil
}

// laterSearch returns Result.Later for the build numbered gen, whose site
// model is s.
func (b *Builder) laterSearch(gen int, s *site, res *Result) func(context.Context) (*Result, error) {
	return func(ctx context.Context) (*Result, error) {
		b.mu.Lock()
		defer b.mu.Unlock()
		if b.gen != gen {
			return nil, errors.New("the search index of an earlier build was asked for after a newer build")
		}
		old := b.search
		mem := output.NewMem()
		rep := &Report{}
		start := time.Now()
		if err := b.writeSearch(ctx, s, mem, rep); err != nil {
			return nil, fmt.Errorf("search: %w", err)
		}
		rep.Steps = append(rep.Steps, Step{"search", time.Since(start)})
		files := make(map[string][]byte, len(res.Files)+len(mem.Files()))
		for name, data := range res.Files {
			files[name] = data
		}
		if old != nil {
			for name := range old.files {
				delete(files, name)
			}
		}
		for name, data := range mem.Files() {
			files[name] = data
		}
		return &Result{Files: files, BasePath: res.BasePath, Report: rep}, nil
	}
}

func build(ctx context.Context, opts Options) (*Report, error) {
	b, err := NewBuilder(opts)
	if err != nil {
		return nil, err
	}
	b.keep = false
	b.mu.Lock()
	defer b.mu.Unlock()
	if err := b.loadConfig(); err != nil {
		return nil, err
	}
	dest := b.opts.Destination
	if err := checkDestination(b.opts.Source, dest); err != nil {
		return nil, err
	}
	dir, err := output.NewDir(dest)
	if err != nil {
		return nil, err
	}
	rep, _, err := b.run(ctx, dir, nil)
	if err != nil {
		dir.Abort()
		return nil, err
	}
	start := time.Now()
	if err := dir.Commit(); err != nil {
		dir.Abort()
		return nil, err
	}
	rep.Steps = append(rep.Steps, Step{"write", time.Since(start)})
	return rep, nil
}

// checkDestination refuses output folders that would destroy the site
// itself when replaced.
func checkDestination(source, dest string) error {
	d, err := filepath.Abs(dest)
	if err != nil {
		return err
	}
	s := filepath.Clean(source)
	if d == s || strings.HasPrefix(s+string(filepath.Separator), d+string(filepath.Separator)) {
		return fmt.Errorf("destination %s contains the site itself; choose an output folder such as %s", dest, filepath.Join(source, "public"))
	}
	for _, sub := range []string{"content", "layouts", "static", "themes"} {
		p := filepath.Join(s, sub)
		if d == p || strings.HasPrefix(d, p+string(filepath.Separator)) {
			return fmt.Errorf("destination %s is inside %s/; choose an output folder outside the site's sources", dest, sub)
		}
	}
	return nil
}

// run is the pipeline; it returns the site model it built. Each step is
// named and timed; each error is prefixed with its step only where the
// message does not already name a file.
func (b *Builder) run(ctx context.Context, w output.Writer, changed []string) (*Report, *site, error) {
	rep := &Report{}
	step := func(name string, fn func() error) error {
		if err := ctx.Err(); err != nil {
			return err
		}
		start := time.Now()
		err := fn()
		rep.Steps = append(rep.Steps, Step{name, time.Since(start)})
		return err
	}
	kind := classify(changed)
	b.renderCount = 0
	var s *site
	if err := step("config", func() error {
		if kind.config || b.cfg == nil {
			if err := b.loadConfig(); err != nil {
				return err
			}
		}
		if kind.theme || kind.config || b.thm == nil {
			if err := b.loadTheme(); err != nil {
				return err
			}
		}
		return nil
	}); err != nil {
		return nil, nil, err
	}
	rep.Warnings = append(rep.Warnings, b.cfgWarn...)
	if err := step("load", func() error { return b.loadContent(ctx, kind, changed) }); err != nil {
		return nil, nil, err
	}
	if !b.keep {
		defer b.limitMemory()()
	}
	if err := step("assemble", func() (err error) {
		s, err = b.assemble()
		return err
	}); err != nil {
		return nil, nil, err
	}
	if err := step("markdown", func() error { return b.renderMarkdown(ctx, s) }); err != nil {
		return nil, nil, err
	}
	b.nextNavs = map[string][]*SeriesNav{}
	if err := step("finish", func() error { return b.finish(s) }); err != nil {
		return nil, nil, err
	}
	b.navs, b.nextNavs = b.nextNavs, nil
	rep.Warnings = append(rep.Warnings, s.warnings...)
	var p *plan
	if err := step("plan", func() (err error) {
		p, err = b.plan(s)
		return err
	}); err != nil {
		return nil, nil, err
	}
	rep.Warnings = append(rep.Warnings, p.warnings...)
	b.next = map[string]*pageMemo{}
	if err := step("pages", func() error { return b.runJobs(ctx, p.pages, w, "pages") }); err != nil {
		return nil, nil, err
	}
	if err := step("feeds", func() error { return b.runJobs(ctx, p.feeds, w, "feeds") }); err != nil {
		return nil, nil, err
	}
	if err := step("assets", func() error { return b.writeAssets(s, p.assets, w) }); err != nil {
		return nil, nil, err
	}
	s.files += len(p.pages) + len(p.feeds)
	for _, jobs := range [][]job{p.pages, p.feeds} {
		for _, j := range jobs {
			if j.twin != "" {
				s.files++
			}
		}
	}
	switch {
	case b.deferSearch():
		// Serve the previous index until Result.Later has built this one.
		if b.search != nil {
			for _, name := range sortedKeys(b.search.files) {
				if err := w.WriteFile(name, b.search.files[name]); err != nil {
					return nil, nil, err
				}
			}
		}
	case b.cfg.Search.Enabled():
		if err := step("search", func() error { return b.writeSearch(ctx, s, w, rep) }); err != nil {
			return nil, nil, fmt.Errorf("search: %w", err)
		}
	}
	b.pages, b.next = b.next, nil
	rep.Articles = len(s.articles)
	rep.Series = len(s.series)
	rep.Pages = len(p.pages)
	rep.Rendered = b.renderCount
	rep.Files = s.files
	return rep, s, nil
}

// limitMemory gives a one-shot build a soft memory limit sized from its
// content, unless GOMEMLIMIT sets one, and returns what restores the
// previous limit. With the default GOGC alone, the heap may grow to twice
// the live data before the collector runs, and a build's live data is
// mostly the rendered articles; the limit makes the collector run earlier
// when the heap nears it instead. The sizes are generous multiples of what
// builds were measured to keep live (about 2.2 bytes per byte of Markdown
// without the search index), so the collector never has to run
// continuously.
func (b *Builder) limitMemory() func() {
	if os.Getenv("GOMEMLIMIT") != "" {
		return func() {}
	}
	var src int64
	for _, a := range b.set.Articles {
		src += int64(len(a.Body))
	}
	perByte := int64(4)
	if b.cfg.Search.Enabled() {
		perByte = 12
	}
	limit := max(int64(850)<<20, perByte*src)
	prev := debug.SetMemoryLimit(limit)
	return func() { debug.SetMemoryLimit(prev) }
}

// deferSearch says whether the search index is left to Result.Later.
func (b *Builder) deferSearch() bool { return b.cfg.Search.Enabled() && b.opts.DeferSearch }

// changeKind says what a set of changed paths touches.
type changeKind struct {
	all, config, theme, content bool
}

func classify(changed []string) changeKind {
	if changed == nil {
		return changeKind{all: true, config: true, theme: true, content: true}
	}
	var k changeKind
	for _, p := range changed {
		switch {
		case p == config.FileName:
			k.config = true
		case strings.HasPrefix(p, "content/"):
			k.content = true
		case strings.HasPrefix(p, "layouts/"), strings.HasPrefix(p, "themes/"), p == "strings.toml":
			k.theme = true
		case strings.HasPrefix(p, "static/"):
			// assets are copied on every build
		default:
			k.all = true
		}
	}
	if k.all {
		return changeKind{all: true, config: true, theme: true, content: true}
	}
	return k
}

func (b *Builder) loadConfig() error {
	if _, err := os.Stat(filepath.Join(b.opts.Source, "content")); err != nil {
		return fmt.Errorf("no content/ folder in %s: write articles as content/posts/<name>.md (or run rensai init)", b.opts.Source)
	}
	cfg, warns, err := config.Load(b.opts.Source)
	if err != nil {
		return err
	}
	if b.opts.BaseURL != "" {
		if err := cfg.SetBaseURL(b.opts.BaseURL); err != nil {
			return fmt.Errorf("--baseURL: %w", err)
		}
	}
	b.cfg, b.cfgWarn = cfg, warns
	// Everything rendered depends on the configuration.
	b.pages = map[string]*pageMemo{}
	b.rendered = map[string]*renderMemo{}
	b.navs = nil // labels come from the configuration
	b.set = nil
	return nil
}

func (b *Builder) loadTheme() error {
	s := &site{cfg: b.cfg}
	thm, err := theme.Load(b.siteFS(), b.cfg.Theme, s.funcs())
	if err != nil {
		return err
	}
	if b.thm == nil || thm.Hash() != b.thm.Hash() {
		b.pages = map[string]*pageMemo{}
	}
	b.thm = thm
	return nil
}

// siteFS is the site directory, with the built-in themes underneath: a
// site's own themes/<name>/ wins over the built-in copy.
func (b *Builder) siteFS() fs.FS {
	return layeredFS{top: os.DirFS(b.opts.Source), under: themes.FS, underPrefix: "themes/"}
}

// layeredFS serves names from top, except names under underPrefix whose
// theme folder top does not have, which come from under.
type layeredFS struct {
	top         fs.FS
	under       fs.FS
	underPrefix string
}

func (l layeredFS) Open(name string) (fs.File, error) {
	rest, ok := strings.CutPrefix(name, l.underPrefix)
	if !ok {
		return l.top.Open(name)
	}
	theme := strings.SplitN(rest, "/", 2)[0]
	if _, err := fs.Stat(l.top, l.underPrefix+theme); err == nil {
		return l.top.Open(name)
	}
	if _, err := fs.Stat(l.under, theme); err == nil {
		return l.under.Open(rest)
	}
	return l.top.Open(name)
}

// loadContent reads content/, all of it or only the changed files.
func (b *Builder) loadContent(ctx context.Context, kind changeKind, changed []string) error {
	opts := content.LoadOptions{Location: b.cfg.Location(), Taxonomies: b.cfg.TaxonomyKeys()}
	contentDir := filepath.Join(b.opts.Source, "content")
	if b.set == nil || kind.all || kind.config {
		if _, err := os.Stat(contentDir); err != nil {
			return fmt.Errorf("no content/ folder in %s: write articles as content/posts/<name>.md (or run rensai init)", b.opts.Source)
		}
		set, err := content.Load(ctx, os.DirFS(contentDir), opts)
		if err != nil {
			return prefixContent(err)
		}
		b.set = set
		return nil
	}
	if !kind.content {
		return nil
	}
	byPath := map[string]*content.Article{}
	metaByPath := map[string]*content.Article{}
	for _, a := range b.set.Articles {
		byPath[a.Path] = a
	}
	for _, a := range b.set.Series {
		metaByPath[a.Path] = a
	}
	var errs []error
	for _, p := range changed {
		rel, ok := strings.CutPrefix(p, "content/")
		if !ok {
			continue
		}
		target := byPath
		if path.Dir(rel) == "series" {
			target = metaByPath
		}
		src, err := os.ReadFile(filepath.Join(contentDir, filepath.FromSlash(rel)))
		if errors.Is(err, fs.ErrNotExist) || (err == nil && !content.IsSource(rel)) {
			delete(byPath, rel)
			delete(metaByPath, rel)
			// A removed directory removes everything below it.
			for k := range byPath {
				if strings.HasPrefix(k, rel+"/") {
					delete(byPath, k)
				}
			}
			for k := range metaByPath {
				if strings.HasPrefix(k, rel+"/") {
					delete(metaByPath, k)
				}
			}
			continue
		}
		if err != nil {
			// A directory or unreadable file: read everything again.
			set, lerr := content.Load(ctx, os.DirFS(contentDir), opts)
			if lerr != nil {
				return prefixContent(lerr)
			}
			b.set = set
			return nil
		}
		a, err := content.Parse(rel, src, opts)
		if err != nil {
			errs = append(errs, err)
			continue
		}
		target[rel] = a
	}
	if len(errs) > 0 {
		return prefixContent(errors.Join(errs...))
	}
	set := &content.Set{}
	for _, a := range byPath {
		set.Articles = append(set.Articles, a)
	}
	for _, a := range metaByPath {
		set.Series = append(set.Series, a)
	}
	sort.Slice(set.Articles, func(i, j int) bool { return set.Articles[i].Path < set.Articles[j].Path })
	sort.Slice(set.Series, func(i, j int) bool { return set.Series[i].Path < set.Series[j].Path })
	b.set = set
	return nil
}

// prefixContent makes content errors name files relative to the site root
// (content/posts/a.md:3: ...), as the author sees them in an editor.
func prefixContent(err error) error {
	list := content.Errors(err)
	if len(list) == 0 {
		return err
	}
	out := make([]error, 0, len(list))
	for _, ce := range list {
		c := *ce
		if !strings.HasPrefix(c.Path, "content/") {
			c.Path = "content/" + c.Path
		}
		out = append(out, &c)
	}
	return errors.Join(out...)
}

// renderMarkdown renders every article's body in parallel, reusing the
// previous rendering of an unchanged file.
func (b *Builder) renderMarkdown(ctx context.Context, s *site) error {
	base := b.cfg.BasePath()
	if b.md == nil || b.mdBase != base {
		b.md = markdown.New(markdown.Options{
			Unsafe:      b.cfg.Unsafe,
			BasePath:    base,
			ResolveLink: b.links.resolve,
		})
		b.mdBase = base
		b.rendered = map[string]*renderMemo{}
	}
	b.links.setSite(s)
	todo := make([]*Article, 0, len(s.articles)+len(s.series))
	for _, a := range s.articles {
		if m := b.rendered[a.Source]; m != nil && m.hash == a.src.Hash && b.links.stillValid(s, a.Source, m.links) {
			a.render = m.result
			a.TOC = m.toc
			continue
		}
		todo = append(todo, a)
	}
	for _, sr := range s.series {
		if sr.meta != nil {
			todo = append(todo, sr.meta)
		}
	}
	errs := make([]error, len(todo))
	parallel(ctx, len(todo), func(i int) {
		a := todo[i]
		b.links.reset(a.Source)
		res, err := b.md.Render("content/"+a.Source, a.src.Body, a.src.BodyLine)
		if err != nil {
			errs[i] = err
			return
		}
		a.render = res
		a.TOC = tocEntries(res)
		if !b.cfg.Search.Enabled() {
			res.Text = "" // only the search index reads it
		}
		if !b.keep {
			// A one-shot build never renders this file again: let the
			// source go, so only one form of each article stays in memory.
			a.src.Body = nil
		}
	})
	if err := ctx.Err(); err != nil {
		return err
	}
	if err := errors.Join(errs...); err != nil {
		return err
	}
	for _, a := range todo {
		if a.isMeta {
			continue
		}
		links := b.links.get(a.Source)
		b.rendered[a.Source] = &renderMemo{toc: a.TOC, hash: a.src.Hash, links: links, result: a.render, key: a.src.Hash + fmt.Sprint(links)}
	}
	// Forget files that are gone.
	if len(b.rendered) > len(s.articles)*2+16 {
		keep := map[string]*renderMemo{}
		for _, a := range s.articles {
			keep[a.Source] = b.rendered[a.Source]
		}
		b.rendered = keep
	}
	return nil
}

// parallel calls fn(0..n-1) on all cores, stopping early when ctx is done.
func parallel(ctx context.Context, n int, fn func(i int)) {
	workers := runtime.GOMAXPROCS(0)
	if workers > n {
		workers = n
	}
	var next int64
	var mu sync.Mutex
	var wg sync.WaitGroup
	for w := 0; w < workers; w++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for ctx.Err() == nil {
				mu.Lock()
				i := int(next)
				next++
				mu.Unlock()
				if i >= n {
					return
				}
				fn(i)
			}
		}()
	}
	wg.Wait()
}

// resolvedLink is one .md link an article made, and where it led.
type resolvedLink struct {
	dest, url, err string
}

// linkRecorder resolves links between articles ("[前編](nyukan-01.md)") and
// remembers, per file, what each link resolved to, so that a cached
// rendering is reused only while its links still lead to the same pages.
type linkRecorder struct {
	mu     sync.Mutex
	site   *site
	byFile map[string][]resolvedLink
}

func (l *linkRecorder) setSite(s *site) {
	l.mu.Lock()
	l.site = s
	l.mu.Unlock()
}

func (l *linkRecorder) reset(file string) {
	l.mu.Lock()
	delete(l.byFile, "content/"+file)
	l.mu.Unlock()
}

func (l *linkRecorder) get(file string) []resolvedLink {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.byFile["content/"+file]
}

// resolve is the Markdown renderer's ResolveLink: it resolves a link and
// records the outcome for the file it appears in.
func (l *linkRecorder) resolve(from, dest string) (string, error) {
	l.mu.Lock()
	s := l.site
	l.mu.Unlock()
	url, err := s.resolveLink(strings.TrimPrefix(from, "content/"), dest)
	rec := resolvedLink{dest: dest, url: url}
	if err != nil {
		rec.err = err.Error()
	}
	l.mu.Lock()
	l.byFile[from] = append(l.byFile[from], rec)
	l.mu.Unlock()
	return url, err
}

func (l *linkRecorder) stillValid(s *site, file string, links []resolvedLink) bool {
	for _, r := range links {
		url, err := s.resolveLink(file, r.dest)
		e := ""
		if err != nil {
			e = err.Error()
		}
		if url != r.url || e != r.err {
			return false
		}
	}
	return true
}
