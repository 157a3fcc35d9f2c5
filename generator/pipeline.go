package generator

import (
	"context"
	"fmt"
	"maps"
	"slices"
	"time"

	"github.com/rensai-ssg/rensai/generator/output"
	"github.com/rensai-ssg/rensai/generator/site"
)

// run is the pipeline: a flat list of named, timed steps, each one
// function. It returns the site model it built. Each error is prefixed
// with its step only where the message does not already name a file.
// The new cache is swapped in at the end, and only if every step
// succeeded.
func (b *Builder) run(ctx context.Context, w output.Writer, changed []string) (*Report, *site.Model, error) {
	r := &runState{b: b, ctx: ctx, w: w, kind: classify(changed), changed: changed, rep: &Report{}}
	b.renderCount, b.files, b.unchanged, b.background = 0, 0, nil, false
	b.forgetPlan(changed)
	if b.cache != nil {
		b.next = nextCache(b.cache)
	}
	for _, st := range []struct {
		name string
		fn   func() error
	}{
		{"config", r.config},
		{"load", r.load},
		{"assemble", r.assemble},
		{"markdown", r.markdown},
		{"finish", r.finish},
		{"plan", r.plan},
		{"pages", r.pages},
		{"feeds", r.feeds},
		{"assets", r.assets},
		{"search", r.search},
	} {
		if err := ctx.Err(); err != nil {
			return nil, nil, err
		}
		start := time.Now()
		err := st.fn()
		if !r.skipped {
			r.rep.Steps = append(r.rep.Steps, Step{st.name, time.Since(start)})
		}
		r.skipped = false
		if err != nil {
			b.next = nil
			return nil, nil, err
		}
	}
	if b.cache != nil {
		b.cache, b.next = b.next, nil
	}
	s, p, rep := r.s, r.p, r.rep
	rep.Articles = len(s.Articles)
	rep.Series = len(s.Series)
	rep.Pages = len(p.pages)
	rep.Rendered = b.renderCount
	rep.Cached = b.rcache.hitCount()
	rep.Files = b.files
	return rep, s, nil
}

// runState is one run of the pipeline: what each step hands the next.
type runState struct {
	b       *Builder
	ctx     context.Context
	w       output.Writer
	kind    changeKind
	changed []string
	rep     *Report
	s       *site.Model
	p       *plan
	skipped bool // the step did nothing and is left out of the report
}

func (r *runState) config() error {
	b := r.b
	if r.kind.config || b.cfg == nil {
		if err := b.loadConfig(); err != nil {
			return err
		}
	}
	if r.kind.theme || r.kind.config || b.thm == nil || (r.kind.static && b.staticListChanged(r.changed)) {
		if err := b.loadTheme(); err != nil {
			return err
		}
	}
	r.rep.Warnings = append(r.rep.Warnings, b.cfgWarn...)
	return nil
}

func (r *runState) load() error {
	if err := r.b.loadContent(r.ctx, r.kind, r.changed); err != nil {
		return err
	}
	r.b.preloadDictionary()
	if f := r.b.opts.OnLoad; f != nil {
		var n, largest int64
		// BodySize, not len(Body): the dev server lets a body go once it
		// is rendered, and its edits would otherwise report only the
		// edited articles (a 10,000-article site's limit fell to the small
		// site's 256 MiB, under its 450 MB heap, from the first edit on).
		for _, a := range r.b.set.Articles {
			size := int64(max(a.BodySize, len(a.Body)))
			n += size
			largest = max(largest, size)
		}
		f(n, largest, r.b.cfg.Search.Enabled())
	}
	return nil
}

func (r *runState) assemble() (err error) {
	r.s, err = r.b.assemble(r.kind)
	return err
}

func (r *runState) markdown() error {
	if err := r.b.renderMarkdown(r.ctx, r.s); err != nil {
		return err
	}
	r.rep.Warnings = append(r.rep.Warnings, markdownWarnings(r.s)...)
	return nil
}

func (r *runState) finish() error {
	if err := r.b.finish(r.ctx, r.s); err != nil {
		return err
	}
	r.rep.Warnings = append(r.rep.Warnings, r.s.Warnings...)
	return nil
}

func (r *runState) plan() (err error) {
	if r.p, err = r.b.plan(r.ctx, r.s, r.changed); err != nil {
		return err
	}
	r.rep.Warnings = append(r.rep.Warnings, r.p.warnings...)
	return nil
}

func (r *runState) pages() error { return r.b.runJobs(r.ctx, r.p.pages, r.w, "pages") }

func (r *runState) feeds() error { return r.b.runJobs(r.ctx, r.p.feeds, r.w, "feeds") }

func (r *runState) assets() error {
	warnings, err := r.b.writeAssets(r.p.assets, r.w)
	r.rep.Warnings = append(r.rep.Warnings, warnings...)
	return err
}

// search builds the search index, or with Options.DeferSearch writes the
// previous one until Result.Later has built this build's.
func (r *runState) search() error {
	b := r.b
	switch {
	case b.deferSearch():
		r.skipped = true
		if b.search != nil {
			for _, name := range slices.Sorted(maps.Keys(b.search.files)) {
				if err := r.w.WriteFile(name, b.search.files[name]); err != nil {
					return err
				}
			}
		}
	case b.cfg.Search.Enabled():
		if err := b.writeSearch(r.ctx, r.s, r.w, r.rep); err != nil {
			return fmt.Errorf("search: %w", err)
		}
	default:
		r.skipped = true
	}
	return nil
}
