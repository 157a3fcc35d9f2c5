package devserver

import (
	"context"
	"errors"
	"io"
	"net/http"
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"
)

// firstBuilder writes pages a and b; from the second build on it writes
// the files named by RenderFirst, then waits on hold before writing the
// others, and fails after that when broken.
type firstBuilder struct {
	n      int
	first  [][]string
	hold   chan struct{}
	broken bool
}

var _ FirstRenderer = (*firstBuilder)(nil)

func (b *firstBuilder) RenderFirst(files []string) { b.first = append(b.first, files) }

func (b *firstBuilder) Build(context.Context, []string) (*Result, error) {
	return nil, errors.New("Build called on a StreamBuilder")
}

func (b *firstBuilder) BuildTo(_ context.Context, _ []string, sink Sink) (*Result, error) {
	b.n++
	page := func(name string) []byte { return []byte("<body>" + name + strconv.Itoa(b.n) + "</body>") }
	order := []string{"posts/a/index.html", "posts/b/index.html"}
	if b.n > 1 {
		order = slices.DeleteFunc(order, func(f string) bool { return slices.Contains(b.first[len(b.first)-1], f) })
		for _, f := range b.first[len(b.first)-1] {
			_ = sink.WriteFile(f, page(f[6:7]))
		}
		<-b.hold
	}
	for _, f := range order {
		_ = sink.WriteFile(f, page(f[6:7]))
	}
	if b.broken {
		return nil, errors.New("content/posts/b.md:1: 壊れています")
	}
	return &Result{BasePath: "/"}, nil
}

// TestOpenPageShownBeforeTheBuildEnds: the page an event stream is for is
// rendered first, served and announced (an early build message) while
// the build still runs; the build's own message then carries the same
// build id; a build that fails after showing it early serves the last good
// page again.
func TestOpenPageShownBeforeTheBuildEnds(t *testing.T) {
	b := &firstBuilder{hold: make(chan struct{})}
	s, srv := serveBuilder(t, b, nil)
	ctx := t.Context()
	get := func(p string) string {
		t.Helper()
		resp, err := http.Get(srv.URL + p)
		if err != nil {
			t.Fatal(err)
		}
		defer resp.Body.Close()
		body, _ := io.ReadAll(resp.Body)
		return string(body)
	}
	if err := s.Rebuild(ctx, nil); err != nil {
		t.Fatal(err)
	}
	events := openEventsFor(t, ctx, srv.URL, "/posts/a/")
	nextEvent(t, events, "hello")
	for _, tt := range []struct {
		name   string
		broken bool
		after  string // page a once the build is over
	}{
		{"a good build", false, "a2"},
		{"a build that fails after showing the page", true, "a2"},
	} {
		t.Run(tt.name, func(t *testing.T) {
			b.broken = tt.broken
			done := make(chan error, 1)
			go func() { done <- s.Rebuild(ctx, []string{"content/posts/a.md"}) }()
			early := nextEvent(t, events, "build")
			if !early.Early || !slices.Equal(early.Change.Pages, []string{"/posts/a/"}) {
				t.Errorf("first message = %+v, want an early one for /posts/a/", early)
			}
			// The builder is still waiting on hold: the page is the build's.
			want := "a" + strconv.Itoa(b.n)
			if body := get("/posts/a/"); !strings.Contains(body, want) || !strings.Contains(body, `data-build="`+early.Build+`"`) {
				t.Errorf("page a while the build runs: %q, want %q of build %s", body, want, early.Build)
			}
			if got := b.first[len(b.first)-1]; !slices.Equal(got, []string{"posts/a/index.html"}) {
				t.Errorf("RenderFirst(%q), want the open page", got)
			}
			b.hold <- struct{}{}
			err := <-done
			if tt.broken {
				if err == nil {
					t.Fatal("the broken build succeeded")
				}
				nextEvent(t, events, "failure")
			} else {
				if err != nil {
					t.Fatal(err)
				}
				if ev := nextEvent(t, events, "build"); ev.Early || ev.Build != early.Build || !slices.Contains(ev.Change.Pages, "/posts/a/") {
					t.Errorf("the build's message = %+v, want build %s naming /posts/a/", ev, early.Build)
				}
			}
			if body := get("/posts/a/"); !strings.Contains(body, tt.after) {
				t.Errorf("page a after the build: %q, want %q", body, tt.after)
			}
		})
	}
}

// holdBuilder writes page a (the bytes of the last build when same), says
// the open pages are written (FirstSink), then closes wentOn and writes
// page b.
type holdBuilder struct {
	n, a   int // builds, and the build page a comes from
	same   bool
	shown  bool // what FirstWritten said
	wentOn chan struct{}
}

var (
	_ FirstRenderer = (*holdBuilder)(nil)
	_ StreamBuilder = (*holdBuilder)(nil)
)

func (b *holdBuilder) RenderFirst([]string) {}

func (b *holdBuilder) Build(context.Context, []string) (*Result, error) {
	return nil, errors.New("Build called on a StreamBuilder")
}

func (b *holdBuilder) BuildTo(ctx context.Context, _ []string, sink Sink) (*Result, error) {
	b.n++
	if !b.same {
		b.a = b.n
	}
	_ = sink.WriteFile("posts/a/index.html", []byte("<body>a"+strconv.Itoa(b.a)+"</body>"))
	if fs, ok := sink.(FirstSink); ok {
		b.shown = fs.FirstWritten(ctx)
	}
	if b.wentOn != nil {
		close(b.wentOn)
	}
	_ = sink.WriteFile("posts/b/index.html", []byte("<body>b"+strconv.Itoa(b.n)+"</body>"))
	return &Result{BasePath: "/"}, nil
}

// TestRestOfBuildWaitsUntilThePageShows: once the open page is shown
// early, the build goes on only when a page posts that it shows it
// (live.js, after the frame that painted the update), or when a newer
// change cancels the build; a build that shows nothing early does not
// wait. The wait's own bound is an hour here, so no case passes by it.
func TestRestOfBuildWaitsUntilThePageShows(t *testing.T) {
	b := &holdBuilder{}
	s, srv := serveBuilder(t, b, func(s *Server) { s.holdWait = time.Hour })
	ctx := t.Context()
	if err := s.Rebuild(ctx, nil); err != nil {
		t.Fatal(err)
	}
	events := openEventsFor(t, ctx, srv.URL, "/posts/a/")
	nextEvent(t, events, "hello")
	post := func(method string) int {
		t.Helper()
		req, err := http.NewRequestWithContext(ctx, method, srv.URL+shownPath, nil)
		if err != nil {
			t.Fatal(err)
		}
		resp, err := http.DefaultClient.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		resp.Body.Close()
		return resp.StatusCode
	}
	if code := post(http.MethodGet); code != http.StatusMethodNotAllowed {
		t.Errorf("GET %s: %d, want %d", shownPath, code, http.StatusMethodNotAllowed)
	}

	t.Run("until the page says it shows the edit", func(t *testing.T) {
		b.wentOn = make(chan struct{})
		done := make(chan error, 1)
		go func() { done <- s.Rebuild(ctx, []string{"content/posts/a.md"}) }()
		if ev := nextEvent(t, events, "build"); !ev.Early {
			t.Fatalf("first message = %+v, want the early one", ev)
		}
		select {
		case <-b.wentOn:
			t.Fatal("the build went on before the page said it shows the edit")
		default:
		}
		if code := post(http.MethodPost); code != http.StatusNoContent {
			t.Errorf("POST %s: %d, want %d", shownPath, code, http.StatusNoContent)
		}
		<-b.wentOn
		if err := <-done; err != nil {
			t.Fatal(err)
		}
		if !b.shown {
			t.Error("FirstWritten says nothing was shown early")
		}
		nextEvent(t, events, "build")
	})

	t.Run("until a newer change cancels the build", func(t *testing.T) {
		b.wentOn = make(chan struct{})
		bctx, cancel := context.WithCancel(ctx)
		defer cancel()
		done := make(chan error, 1)
		go func() { done <- s.Rebuild(bctx, []string{"content/posts/a.md"}) }()
		if ev := nextEvent(t, events, "build"); !ev.Early {
			t.Fatalf("first message = %+v, want the early one", ev)
		}
		cancel()
		<-b.wentOn
		if err := <-done; err != nil && !errors.Is(err, context.Canceled) {
			t.Fatal(err)
		}
	})

	t.Run("not at all when nothing was shown early", func(t *testing.T) {
		b.same = true
		b.wentOn = make(chan struct{})
		// It would wait an hour for a post nobody sends.
		if err := s.Rebuild(ctx, []string{"content/posts/a.md"}); err != nil {
			t.Fatal(err)
		}
		<-b.wentOn
		if b.shown {
			t.Error("FirstWritten says a page was shown early")
		}
	})
}
