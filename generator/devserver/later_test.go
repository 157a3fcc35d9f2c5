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

// laterBuilder serves a page at once, with the previous index like the
// generator, and the new index from Later, which waits for release (or for
// its context to end).
type laterBuilder struct {
	entered chan struct{} // optional: told when Later starts
	n       int
	index   []byte // the last index Later built
	release chan struct{}
}

func (b *laterBuilder) Build(ctx context.Context, changed []string) (*Result, error) {
	b.n++
	n := strconv.Itoa(b.n)
	page := map[string][]byte{"posts/a/index.html": []byte("<body>A" + n + " " + bodyMarker + "</body>")}
	first := map[string][]byte{"posts/a/index.html": page["posts/a/index.html"]}
	if b.index != nil {
		first["search/manifest.json"] = b.index
	}
	return &Result{Files: first, BasePath: "/", Later: func(ctx context.Context) (*Result, error) {
		if b.entered != nil {
			b.entered <- struct{}{}
		}
		select {
		case <-b.release:
		case <-ctx.Done():
			return nil, ctx.Err()
		}
		b.index = []byte(`{"n":` + n + `}`)
		files := map[string][]byte{"search/manifest.json": b.index}
		for k, v := range page {
			files[k] = v
		}
		return &Result{Files: files, BasePath: "/"}, nil
	}}, nil
}

// TestLaterFollowsThePages: the pages of a build are served (and open pages
// told) before Later finishes; Later's files follow without asking any page
// to reload; a cancelled Later leaves the pages served.
func TestLaterFollowsThePages(t *testing.T) {
	b := &laterBuilder{release: make(chan struct{})}
	s, srv := serveBuilder(t, b, nil)
	ctx := t.Context()
	get := getter(t, srv.URL)

	done := make(chan error, 1)
	go func() { done <- s.Rebuild(ctx, nil) }()
	<-s.ready // the pages are served while Later waits
	if _, body := get("/posts/a/"); !strings.Contains(body, "A1") {
		t.Fatalf("page before Later: %q", body)
	}
	if code, _ := get("/search/manifest.json"); code != http.StatusNotFound {
		t.Errorf("index before Later: status %d", code)
	}
	events := openEvents(t, ctx, srv.URL)
	nextEvent(t, events, "hello")
	b.release <- struct{}{}
	if err := <-done; err != nil {
		t.Fatal(err)
	}
	if ev := nextEvent(t, events, "build"); !ev.Change.Empty() {
		t.Errorf("Later's files asked pages to change: %+v", ev.Change)
	}
	if _, body := get("/search/manifest.json"); body != `{"n":1}` {
		t.Errorf("index after Later: %q", body)
	}

	// A newer change cancels Later: the new page is served, the old index stays.
	cctx, cancel := context.WithCancel(ctx)
	go func() { done <- s.Rebuild(cctx, []string{"content/posts/a.md"}) }()
	if ev := nextEvent(t, events, "build"); !slices.Equal(ev.Change.Pages, []string{"/posts/a/"}) {
		t.Errorf("page change = %+v", ev.Change)
	}
	cancel()
	if err := <-done; !errors.Is(err, context.Canceled) {
		t.Errorf("cancelled Later: Rebuild = %v", err)
	}
	if _, body := get("/posts/a/"); !strings.Contains(body, "A2") {
		t.Errorf("page after a cancelled Later: %q", body)
	}
	if _, body := get("/search/manifest.json"); body != `{"n":1}` {
		t.Errorf("index after a cancelled Later: %q", body)
	}
}

// TestLaterWaitsForTheReloadingPage: while a page that must reload has not
// reconnected, Later does not start; the page's new event stream starts it.
func TestLaterWaitsForTheReloadingPage(t *testing.T) {
	b := &laterBuilder{release: make(chan struct{}), entered: make(chan struct{}, 4)}
	s, srv := serveBuilder(t, b, func(s *Server) { s.laterWait = time.Hour }) // only the reconnect can start Later
	ctx := t.Context()
	done := make(chan error, 1)
	go func() { done <- s.Rebuild(ctx, nil) }()
	<-b.entered // no page open: Later starts at once
	b.release <- struct{}{}
	if err := <-done; err != nil {
		t.Fatal(err)
	}

	pageCtx, closePage := context.WithCancel(ctx)
	events := openEvents(t, pageCtx, srv.URL)
	nextEvent(t, events, "hello")
	go func() { done <- s.Rebuild(ctx, []string{"content/posts/a.md"}) }()
	if ev := nextEvent(t, events, "build"); len(ev.Change.Pages) != 1 {
		t.Fatalf("change = %+v", ev.Change)
	}
	select {
	case <-b.entered:
		t.Fatal("Later started before the reloading page reconnected")
	default:
	}
	closePage() // the page reloads: its old stream ends, a new one opens
	nextEvent(t, openEvents(t, ctx, srv.URL), "hello")
	<-b.entered
	b.release <- struct{}{}
	if err := <-done; err != nil {
		t.Fatal(err)
	}
}

// TestLaterStartsWhenThePageUpdatesInPlace: a page that updates itself in
// place fetches itself (with live.js's header) instead of reconnecting,
// and that fetch starts Later; a plain request for the page does not.
func TestLaterStartsWhenThePageUpdatesInPlace(t *testing.T) {
	b := &laterBuilder{release: make(chan struct{}), entered: make(chan struct{}, 4)}
	s, srv := serveBuilder(t, b, func(s *Server) { s.laterWait = time.Hour }) // only the page's fetch can start Later
	ctx := t.Context()
	done := make(chan error, 1)
	go func() { done <- s.Rebuild(ctx, nil) }()
	<-b.entered
	b.release <- struct{}{}
	if err := <-done; err != nil {
		t.Fatal(err)
	}
	events := openEvents(t, ctx, srv.URL)
	nextEvent(t, events, "hello")
	go func() { done <- s.Rebuild(ctx, []string{"content/posts/a.md"}) }()
	nextEvent(t, events, "build")
	fetch := func(update bool) {
		t.Helper()
		req, _ := http.NewRequestWithContext(ctx, http.MethodGet, srv.URL+"/posts/a/", nil)
		if update {
			req.Header.Set(updateHeader, "1")
		}
		resp, err := http.DefaultClient.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		_, _ = io.Copy(io.Discard, resp.Body)
		resp.Body.Close()
	}
	fetch(false)
	select {
	case <-b.entered:
		t.Fatal("Later started on a plain request for the page")
	default:
	}
	fetch(true)
	<-b.entered
	b.release <- struct{}{}
	if err := <-done; err != nil {
		t.Fatal(err)
	}
}
