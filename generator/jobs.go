package generator

import (
	"context"
	"errors"
	"fmt"
	"runtime"
	"sync/atomic"

	"github.com/rensai-ssg/rensai/generator/diag"
	"github.com/rensai-ssg/rensai/generator/output"
	"github.com/rensai-ssg/rensai/internal/pool"
)

// Running the page jobs on all cores, and folding the errors of one
// template line into one.

// firstWaiter is a Writer told when the files RenderFirst named are
// written, before any other job of the list is rendered: the dev server's
// (devserver.FirstSink), which holds the build there until a browser
// shows the page it was told of. It reports whether one was shown.
type firstWaiter interface {
	FirstWritten(ctx context.Context) bool
}

// restWorkers is how many goroutines render the jobs after the first
// ones: all cores, but one when the page the author looks at has been
// shown (Builder.background), so that the rest of the build leaves a core
// to what the next save needs at once: the watcher, the HTTP server, the
// browser and the start of the next build. With every core busy, each of
// those goroutines waits for the scheduler to preempt a renderer (up to
// 10 ms a hop), which made a save wait 40-60 ms before its build began.
func (b *Builder) restWorkers() int {
	n := runtime.GOMAXPROCS(0)
	if b.background {
		n--
	}
	return max(n, 1)
}

// runJobs runs every job on all cores and writes what it renders. With a
// cache, a page whose key did not change since the previous build is
// neither rendered nor written: Result.Unchanged names it (cache.go).
func (b *Builder) runJobs(ctx context.Context, jobs []job, w output.Writer, label string) error {
	errs := make([]error, len(jobs))
	// A one-shot build keeps nothing: each page is written and dropped.
	var memo []*pageMemo
	if b.next != nil {
		memo = make([]*pageMemo, len(jobs))
	}
	prev := b.previous()
	var done, rendered atomic.Int64
	progress := b.opts.Progress
	order, first := b.firstOrder(jobs)
	run := func(k int) {
		i := order[k]
		j := jobs[i]
		if memo != nil {
			j.key, j.keyFn = j.inputKey(), nil // on all cores, not while planning
		}
		if m := prev.pages[j.out]; m.reusable(j) {
			// The previous Result has these bytes: name them (cache.go).
			memo[i] = m
		} else {
			data, err := j.render()
			if err != nil {
				errs[i] = err
				return
			}
			rendered.Add(1)
			if memo != nil {
				memo[i] = &pageMemo{key: j.key, twin: j.twin}
			}
			if err := w.WriteFile(j.out, data); err != nil {
				errs[i] = err
			}
			if j.twin != "" {
				if j.redirect != nil {
					if data, err = j.redirect(); err != nil {
						errs[i] = err
						return
					}
				}
				if err := w.WriteFile(j.twin, data); err != nil {
					errs[i] = err
				}
			}
		}
		if d := done.Add(1); progress != nil && d%500 == 0 {
			fmt.Fprintf(progress, "\r%s %d/%d", label, d, len(jobs))
		}
	}
	// The pages open in browsers first; the writer may hold the rest until
	// a browser shows them (firstWaiter), and the rest is then background
	// work.
	stopped := pool.Each(ctx, first, run)
	if fw, ok := w.(firstWaiter); ok && first > 0 && stopped == nil && fw.FirstWritten(ctx) {
		b.background = true
	}
	if stopped == nil {
		stopped = pool.EachOn(ctx, b.restWorkers(), len(jobs)-first, func(k int) { run(first + k) })
	}
	if progress != nil && len(jobs) >= 500 {
		fmt.Fprintf(progress, "\r%s %d/%d\n", label, len(jobs), len(jobs))
	}
	if stopped != nil {
		return stopped
	}
	if err := firstErrors(errs); err != nil {
		return err
	}
	b.keepMemos(jobs, memo, prev)
	b.renderCount += int(rendered.Load())
	b.files += len(jobs)
	for _, j := range jobs {
		if j.twin != "" {
			b.files++
		}
	}
	return nil
}

// firstErrors joins distinct errors, at most 20 of them. A layout line that
// fails on every page is one error: the first page it failed on, and how
// many others failed there the same way (sameFailure).
func firstErrors(errs []error) error {
	type failure struct {
		err    error
		others int
	}
	at := map[string]int{}
	var out []*failure
	for _, e := range errs {
		if e == nil {
			continue
		}
		k := sameFailure(e)
		if i, ok := at[k]; ok {
			out[i].others++
			continue
		}
		at[k] = len(out)
		out = append(out, &failure{err: e})
	}
	joined := make([]error, 0, min(len(out), 20))
	for _, f := range out[:min(len(out), 20)] {
		joined = append(joined, withOthers(f.err, f.others))
	}
	return errors.Join(joined...)
}

// sameFailure is what two errors of runJobs share when they are one
// problem: the text, with the page left out of a layout's failure
// (theme.exec names the page it was writing).
func sameFailure(err error) string {
	var d *diag.Error
	if errors.As(err, &d) && d.Key == "theme.exec" && len(d.Args) == 2 {
		return fmt.Sprintf("%s:%d:%d: %v", d.Path, d.Line, d.Column, d.Args[1])
	}
	return err.Error()
}

// withOthers words a layout's failure that others more pages share as one
// error naming the first page and the number of the others.
func withOthers(err error, others int) error {
	var d *diag.Error
	if others == 0 || !errors.As(err, &d) || d.Key != "theme.exec" || len(d.Args) != 2 {
		return err
	}
	many := diag.T(d.Path, d.Line, "theme.execMany", d.Args[0], others, d.Args[1])
	many.Column, many.Err = d.Column, d.Err
	return many
}
