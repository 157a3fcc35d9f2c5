package generator

import (
	"context"
	"errors"
	"fmt"
	"io"
	"maps"
	"path/filepath"
	"slices"
	"sync"
	"time"

	"github.com/rensai-ssg/rensai/generator/config"
	"github.com/rensai-ssg/rensai/generator/content"
	"github.com/rensai-ssg/rensai/generator/diag"
	"github.com/rensai-ssg/rensai/generator/markdown"
	"github.com/rensai-ssg/rensai/generator/output"
	"github.com/rensai-ssg/rensai/generator/search"
	"github.com/rensai-ssg/rensai/generator/site"
	"github.com/rensai-ssg/rensai/generator/theme"
)

// Builder builds one site again and again, reusing what did not change:
// parsed articles, and through its cache rendered Markdown, navigation
// and pages; the search indexer keeps its own analysis cache. The dev
// server keeps one Builder for its whole life; rensai build uses Build,
// which keeps nothing. A Builder runs one build at a time.
type Builder struct {
	opts Options

	mu      sync.Mutex
	cfg     *config.Config
	cfgWarn diag.List
	thm     *theme.Theme
	md      *markdown.Renderer
	mdKey   string // the options md was made with
	// mdNoText is md without the plain text (markdown.Options.DropText)
	mdNoText *markdown.Renderer
	set      *content.Set
	// cache is the last good build's, nil for a one-shot build; next is
	// the one the build under way fills (cache.go).
	cache, next *cache
	indexer     *search.Indexer
	search      *searchMemo
	// searchWarn collects the indexer's warnings during one build.
	searchMu   sync.Mutex
	searchWarn []string
	prepared   map[string]*search.Prepared // articles' analysis streamed during markdown (see startSearchStream)
	// digests stand for the plain texts a Builder with a cache dropped
	// (see digestText), by rendering.
	digests map[*markdown.Result]*search.Prepared
	links   *linkRecorder
	// minifier minifies the theme's scripts and stylesheets (minify.go).
	minifier assetMinifier
	// rcache is the render cache of a one-shot build (rendercache.go).
	rcache *renderCache
	// renderCount and files count the pages rendered and the files
	// written by the build under way; unchanged names the files it left
	// out of its Result as the previous build's (Result.Unchanged).
	renderCount, files int
	unchanged          []string
	// gen counts builds, so a Result.Later knows whether it is stale.
	gen int
	// model is the last site model a cached build assembled, and modelIn
	// what it was made from (assemble.go); reusedModel says whether the
	// build under way patched it instead of assembling a new one.
	model       *site.Model
	modelIn     modelInput
	reusedModel bool
	// navigated is the model whose series navigation the last Finish set,
	// keyed what its input keys were computed from (keys.go), and
	// lastPlan the plan made for the model (plan.go): what a body-only
	// rebuild patching that model reuses.
	navigated *site.Model
	keyed     *keyState
	lastPlan  *plan
	// first names the files builds render before the others (RenderFirst);
	// background says the build under way has shown them, so that its
	// other pages and feeds leave a core free (restWorkers).
	first      map[string]bool
	background bool
}

// RenderFirst names output files ("posts/a/index.html") that the next
// builds render, when they must render them at all, before any other page
// or feed: the pages open in the dev server's browsers, which it shows
// as soon as they are written. Nil renders in the plan's order.
func (b *Builder) RenderFirst(files []string) {
	b.mu.Lock()
	defer b.mu.Unlock()
	b.first = nil
	for _, f := range files {
		if b.first == nil {
			b.first = map[string]bool{}
		}
		b.first[f] = true
	}
}

// NewBuilder returns a Builder for opts that keeps a cache from one build
// to the next (the dev server's). Nothing is read until Build.
func NewBuilder(opts Options) (*Builder, error) {
	opts, err := withDefaults(opts)
	if err != nil {
		return nil, err
	}
	b := newBuilder(opts)
	b.cache = newCache()
	return b, nil
}

// withDefaults fills in the defaults of opts.
func withDefaults(opts Options) (Options, error) {
	if opts.Source == "" {
		opts.Source = "."
	}
	abs, err := filepath.Abs(opts.Source)
	if err != nil {
		return opts, err
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
	return opts, nil
}

// newBuilder returns a Builder without a cache.
func newBuilder(opts Options) *Builder {
	return &Builder{opts: opts, links: &linkRecorder{byFile: map[string][]resolvedLink{}}}
}

// Result is a finished in-memory build.
type Result struct {
	// Files are the files this build wrote, by path in the site.
	Files map[string][]byte
	// Unchanged names, sorted, the other files of the site: those whose
	// inputs did not change since the previous successful Build (or its
	// Later) of this Builder, so their bytes are the ones that Result
	// carried, in its Files or again by name. The Builder keeps only their
	// keys; the caller keeps the bytes (the dev server stores each file
	// once, compressed). A file in neither list is gone from the site.
	// Empty after a Builder's first build.
	Unchanged []string
	BasePath  string
	Report    *Report
	// Later, set when Options.DeferSearch left the search index out of
	// the site, builds it and returns the complete site relative to this
	// Result: Files holds the new index, Unchanged every other file of
	// this Result (the previous index is gone), and Report the index's
	// warnings. It must be called before the next Build, if at all; once
	// another Build has started it fails.
	Later func(ctx context.Context) (*Result, error)
}

// Build builds into memory. changed lists source paths relative to the site
// root ("content/posts/a.md") changed since the previous call; nil means
// unknown, and everything is read again.
func (b *Builder) Build(ctx context.Context, changed []string) (*Result, error) {
	mem := output.NewMem()
	res, err := b.buildTo(ctx, changed, mem, func() []string { return slices.Collect(maps.Keys(mem.Files())) })
	if err != nil {
		return nil, err
	}
	res.Files = mem.Files()
	return res, nil
}

// BuildTo is Build writing each file to w as it is made (from several
// goroutines at once) instead of into Result.Files, which stays nil: the
// dev server compresses each page as it comes, so that the first build
// never holds the whole site uncompressed.
func (b *Builder) BuildTo(ctx context.Context, changed []string, w output.Writer) (*Result, error) {
	rec := &namesWriter{w: w}
	return b.buildTo(ctx, changed, rec, func() []string { return rec.names })
}

// buildTo runs one build into w and returns its Result without Files;
// written names the files w received, for Later.
func (b *Builder) buildTo(ctx context.Context, changed []string, w output.Writer, written func() []string) (*Result, error) {
	b.mu.Lock()
	defer b.mu.Unlock()
	b.gen++
	rep, s, err := b.run(ctx, w, changed)
	if err != nil {
		return nil, err
	}
	res := &Result{BasePath: b.cfg.BasePath(), Report: rep}
	if len(b.unchanged) > 0 {
		res.Unchanged = slices.Sorted(slices.Values(b.unchanged))
	}
	b.unchanged = nil
	if b.deferSearch() {
		res.Later = b.laterSearch(b.gen, s, written(), res)
	}
	return res, nil
}

// namesWriter writes through to w and remembers the names written.
type namesWriter struct {
	w     output.Writer
	mu    sync.Mutex
	names []string
}

// FirstWritten tells w, if it wants to know (firstWaiter).
func (n *namesWriter) FirstWritten(ctx context.Context) bool {
	if fw, ok := n.w.(firstWaiter); ok {
		return fw.FirstWritten(ctx)
	}
	return false
}

func (n *namesWriter) WriteFile(name string, data []byte) error {
	if err := n.w.WriteFile(name, data); err != nil {
		return err
	}
	n.mu.Lock()
	n.names = append(n.names, name)
	n.mu.Unlock()
	return nil
}

// laterSearch returns Result.Later for the build numbered gen, whose site
// model is s, which wrote the files named written, and whose result is
// res. It keeps the names of the site's files, never their bytes, which
// the caller may drop once it has stored them.
func (b *Builder) laterSearch(gen int, s *site.Model, written []string, res *Result) func(context.Context) (*Result, error) {
	names := make([]string, 0, len(written)+len(res.Unchanged))
	names = append(names, res.Unchanged...)
	names = append(names, written...)
	slices.Sort(names)
	names = slices.Compact(names)
	base := res.BasePath
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
		files := mem.Files()
		unchanged := make([]string, 0, len(names))
		for _, name := range names {
			_, index := files[name]
			if old != nil {
				_, was := old.files[name]
				index = index || was
			}
			if !index {
				unchanged = append(unchanged, name)
			}
		}
		return &Result{Files: files, Unchanged: unchanged, BasePath: base, Report: rep}, nil
	}
}

func build(ctx context.Context, opts Options) (*Report, error) {
	opts, err := withDefaults(opts)
	if err != nil {
		return nil, err
	}
	b := newBuilder(opts)
	b.mu.Lock()
	defer b.mu.Unlock()
	if err := b.loadConfig(); err != nil {
		return nil, err
	}
	// NewDir refuses a destination that would destroy the site or
	// something that is not an earlier build (output.CheckDestination).
	dir, err := output.NewDir(b.opts.Destination, output.DirOptions{Site: b.opts.Source, Force: b.opts.Force})
	if err != nil {
		return nil, err
	}
	man := newManifestWriter(b.opts)   // for rensai check (manifest.go)
	defer func() { b.rcache.wait() }() // the render cache's pack, finished in the background
	rep, m, err := b.run(ctx, dir, nil)
	if err != nil {
		return nil, abort(dir, err)
	}
	start := time.Now()
	if err := dir.Commit(); err != nil {
		return nil, abort(dir, err)
	}
	man.write(m)
	rep.Steps = append(rep.Steps, Step{"write", time.Since(start)})
	return rep, nil
}

// abort discards the staged build after err, adding the error of the
// removal, if any, to err.
func abort(dir *output.Dir, err error) error {
	if aerr := dir.Abort(); aerr != nil {
		return errors.Join(err, aerr)
	}
	return err
}
