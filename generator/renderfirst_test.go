package generator

import (
	"context"
	"runtime"
	"slices"
	"sync"
	"testing"

	"github.com/rensai-ssg/rensai/generator/output"
)

// orderWriter records the order files are written in.
type orderWriter struct {
	mem   *output.Mem
	mu    sync.Mutex
	names []string
}

// firstMark is what orderWriter records when the build says the files
// named by RenderFirst are written (firstWaiter).
const firstMark = "(first written)"

func (w *orderWriter) FirstWritten(context.Context) bool {
	w.mu.Lock()
	w.names = append(w.names, firstMark)
	w.mu.Unlock()
	return true
}

func (w *orderWriter) WriteFile(name string, data []byte) error {
	w.mu.Lock()
	w.names = append(w.names, name)
	w.mu.Unlock()
	return w.mem.WriteFile(name, data)
}

// TestRenderFirstWritesThoseFilesFirst: a file named by RenderFirst is
// the first one a build writes when it renders it at all, whatever its
// place in the plan, and the site is still a full build's, whether the
// edit runs a new plan or the last one again (plan.go: a body edit that
// keeps the summary). One core, so that the order written is the order
// rendered.
func TestRenderFirstWritesThoseFilesFirst(t *testing.T) {
	defer runtime.GOMAXPROCS(runtime.GOMAXPROCS(1))
	cases := []struct {
		name  string
		first []string
		want  string // the first file written
	}{
		{"a part late in the plan", []string{"posts/nyukan-01/index.html"}, "posts/nyukan-01/index.html"},
		{"the series page", []string{"series/nyukan/index.html"}, "series/nyukan/index.html"},
		{"nothing named", nil, ""},
	}
	for _, reuse := range []bool{false, true} {
		for _, c := range cases {
			name := c.name
			if reuse {
				name += ", the last plan run again"
			}
			t.Run(name, func(t *testing.T) {
				renderFirst(t, c.first, c.want, reuse)
			})
		}
	}
}

// renderFirst builds seriesSite, names first to RenderFirst, edits the
// first part (keeping its summary if reuse) and checks that the build
// wrote want first, and that it ran the last plan again if reuse.
func renderFirst(t *testing.T, first []string, want string, reuse bool) {
	dir := seriesSite(t)
	extra := ""
	if reuse {
		extra = summarized
		partWith(1, "発端", extra, "")(t, dir)
	}
	ctx := context.Background()
	b, err := NewBuilder(Options{Source: dir, Now: fixedNow})
	if err != nil {
		t.Fatal(err)
	}
	res0, err := b.Build(ctx, nil)
	if err != nil {
		t.Fatal(err)
	}
	site := withUnchanged(t, nil, res0)
	b.RenderFirst(first)
	planned := b.lastPlan
	edit := partWith(1, "発端", extra, "\n追記。\n")
	w := &orderWriter{mem: output.NewMem()}
	res, err := b.BuildTo(ctx, edit(t, dir), w)
	if err != nil {
		t.Fatal(err)
	}
	if got := b.lastPlan == planned; got != reuse {
		t.Errorf("ran the last plan again = %v, want %v", got, reuse)
	}
	if len(w.names) < 3 {
		t.Fatalf("the edit wrote %q; want the serial's pages", w.names)
	}
	if want != "" && w.names[0] != want {
		t.Errorf("first written: %s, want %s (order %q)", w.names[0], want, w.names)
	}
	// The writer hears once that the named files are written, right
	// after them and before any other file (the dev server holds the
	// rest of the build there until the browser shows the page).
	marks := slices.Index(w.names, firstMark)
	switch {
	case want != "" && marks != 1:
		t.Errorf("FirstWritten came at %d in %q, want right after %s", marks, w.names, want)
	case want == "" && marks >= 0:
		t.Errorf("FirstWritten called with nothing named: %q", w.names)
	}
	if marks >= 0 && slices.Index(w.names[marks+1:], firstMark) >= 0 {
		t.Errorf("FirstWritten called more than once: %q", w.names)
	}
	w.names = slices.DeleteFunc(w.names, func(n string) bool { return n == firstMark })
	// The writer said the page was shown: the rest ran as background work.
	if b.background != (want != "") {
		t.Errorf("background = %v after the build, want %v", b.background, want != "")
	}
	if want == "" && w.names[0] == "posts/nyukan-01/index.html" {
		t.Errorf("with nothing named, the edited part came first (%q): the test cannot tell the orders apart", w.names)
	}
	res.Files = w.mem.Files()
	sameFiles(t, "full and incremental", buildMem(t, Options{Source: dir, Now: fixedNow}), withUnchanged(t, site, res))
}

// TestRestWorkersLeaveACore: once the page the author looks at is shown,
// the rest of the build runs on one core fewer (never none).
func TestRestWorkersLeaveACore(t *testing.T) {
	defer runtime.GOMAXPROCS(runtime.GOMAXPROCS(3))
	b := newBuilder(Options{})
	if got := b.restWorkers(); got != 3 {
		t.Errorf("before anything is shown: %d workers, want 3", got)
	}
	b.background = true
	if got := b.restWorkers(); got != 2 {
		t.Errorf("once the page is shown: %d workers, want 2", got)
	}
	runtime.GOMAXPROCS(1)
	if got := b.restWorkers(); got != 1 {
		t.Errorf("on one core: %d workers, want 1", got)
	}
}
