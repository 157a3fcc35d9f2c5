package devserver

import (
	"bufio"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"reflect"
	"slices"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/rensai-ssg/rensai/generator/diag"
)

// mutableBuilder returns whatever files it was last given, or an error.
type mutableBuilder struct {
	mu    sync.Mutex
	base  string
	files map[string][]byte
	err   error
}

func (b *mutableBuilder) Build(context.Context, []string) (*Result, error) {
	b.mu.Lock()
	defer b.mu.Unlock()
	if b.err != nil {
		return nil, b.err
	}
	files := make(map[string][]byte, len(b.files))
	for k, v := range b.files {
		files[k] = v
	}
	return &Result{Files: files, BasePath: b.base}, nil
}

func (b *mutableBuilder) set(name, text string) {
	b.mu.Lock()
	defer b.mu.Unlock()
	b.files[name] = []byte(text)
}

func (b *mutableBuilder) remove(name string) {
	b.mu.Lock()
	defer b.mu.Unlock()
	delete(b.files, name)
}

func (b *mutableBuilder) fail(err error) {
	b.mu.Lock()
	defer b.mu.Unlock()
	b.err = err
}

type sseEvent struct {
	name string
	data string
}

type eventData struct {
	Build    string    `json:"build"`
	Failed   bool      `json:"failed"`
	Problems []problem `json:"problems"`
	Change   Change    `json:"change"`
	Early    bool      `json:"early"`
}

// openEvents connects to the event stream and delivers its events.
func openEvents(t *testing.T, ctx context.Context, url string) <-chan sseEvent {
	t.Helper()
	return openEventsFor(t, ctx, url, "")
}

// openEventsFor is openEvents for the page at the URL path page ("": none).
func openEventsFor(t *testing.T, ctx context.Context, url, page string) <-chan sseEvent {
	t.Helper()
	if page != "" {
		url += eventsPath + "?page=" + page
	} else {
		url += eventsPath
	}
	req, err := http.NewRequestWithContext(ctx, "GET", url, nil)
	if err != nil {
		t.Fatal(err)
	}
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	if ct := resp.Header.Get("Content-Type"); !strings.HasPrefix(ct, "text/event-stream") {
		t.Fatalf("event stream Content-Type = %q", ct)
	}
	ch := make(chan sseEvent, 64)
	go func() {
		defer close(ch)
		defer resp.Body.Close()
		sc := bufio.NewScanner(resp.Body)
		var ev sseEvent
		for sc.Scan() {
			line := sc.Text()
			switch {
			case line == "":
				if ev.name != "" {
					ch <- ev
				}
				ev = sseEvent{}
			case strings.HasPrefix(line, "event: "):
				ev.name = strings.TrimPrefix(line, "event: ")
			case strings.HasPrefix(line, "data: "):
				ev.data += strings.TrimPrefix(line, "data: ")
			}
		}
	}()
	return ch
}

func nextEvent(t *testing.T, ch <-chan sseEvent, name string) eventData {
	t.Helper()
	select {
	case ev, ok := <-ch:
		if !ok {
			t.Fatalf("event stream ended while waiting for %q", name)
		}
		if ev.name != name {
			t.Fatalf("event %q (%s), want %q", ev.name, ev.data, name)
		}
		var d eventData
		if err := json.Unmarshal([]byte(ev.data), &d); err != nil {
			t.Fatalf("event data %q: %v", ev.data, err)
		}
		return d
	case <-time.After(deadline):
		t.Fatalf("no %q event arrived", name)
	}
	return eventData{}
}

const bodyMarker = "本文だけにある文字列"

// errBuild is a failed build's error tree, and errBuildProblems what
// the page receives of it: errors first, each list sorted by position.
var (
	errBuild = fmt.Errorf("load: %w", errors.Join(
		diag.Errorf("content/posts/c.md", 1, "front matter が閉じていません"),
		&diag.Error{Path: "content/posts/a.md", Line: 3, Column: 7, Msg: "「part」は数字で書いてください"},
		diag.Warningf("rensai.toml", 2, "知らないキー foo"),
	))
	errBuildProblems = []problem{
		{Path: "content/posts/a.md", Line: 3, Column: 7, Message: "「part」は数字で書いてください", Severity: "error"},
		{Path: "content/posts/c.md", Line: 1, Message: "front matter が閉じていません", Severity: "error"},
		{Path: "rensai.toml", Line: 2, Message: "知らないキー foo", Severity: "warning"},
	}
)

func TestEventsTellPagesWhatChanged(t *testing.T) {
	b := &mutableBuilder{base: "/repo/", files: map[string][]byte{
		"index.html":           []byte("<body>ホーム " + bodyMarker + "</body>"),
		"posts/a/index.html":   []byte("<body>A " + bodyMarker + "</body>"),
		"posts/b/index.html":   []byte("<body>B " + bodyMarker + "</body>"),
		"assets/css/style.css": []byte("body{}"),
	}}
	s, err := New(Options{Builder: b})
	if err != nil {
		t.Fatal(err)
	}
	ctx := t.Context()
	if err := s.Rebuild(ctx, nil); err != nil {
		t.Fatal(err)
	}
	srv := httptest.NewServer(s.Handler())
	t.Cleanup(srv.Close) // after t.Context() ends the event streams
	events := openEvents(t, ctx, srv.URL)
	hello := nextEvent(t, events, "hello")
	if _, id, _ := s.snapshot(); hello.Build != id || hello.Failed || len(hello.Problems) != 0 {
		t.Fatalf("hello = %+v, want build %s and no problem", hello, id)
	}

	var seen []string
	steps := []struct {
		name   string
		change func()
		event  string
		want   eventData // Build is checked to differ from the previous one
	}{
		{name: "page edited", change: func() { b.set("posts/a/index.html", "<body>A2 "+bodyMarker+"</body>") },
			event: "build", want: eventData{Change: Change{Pages: []string{"/repo/posts/a/"}}}},
		{name: "css only", change: func() { b.set("assets/css/style.css", "body{color:red}") },
			event: "build", want: eventData{Change: Change{CSS: []string{"/repo/assets/css/style.css"}}}},
		{name: "page removed", change: func() { b.remove("posts/b/index.html") },
			event: "build", want: eventData{Change: Change{Removed: []string{"/repo/posts/b/"}}}},
		{name: "build error", change: func() { b.fail(errBuild) }, event: "failure", want: eventData{Problems: errBuildProblems}},
		{name: "fixed", change: func() { b.fail(nil) }, event: "build", want: eventData{}},
	}
	prev := hello.Build
	for _, st := range steps {
		st.change()
		err := s.Rebuild(ctx, []string{"content/posts/a.md"})
		if (err != nil) != (st.event == "failure") {
			t.Fatalf("%s: Rebuild error = %v", st.name, err)
		}
		got := nextEvent(t, events, st.event)
		seen = append(seen, fmt.Sprintf("%+v", got))
		if st.event == "build" && got.Build == prev {
			t.Errorf("%s: build id %s did not change", st.name, got.Build)
		}
		if st.event == "failure" && got.Build != prev {
			t.Errorf("%s: a failed build changed the build id", st.name)
		}
		prev = got.Build
		got.Build = ""
		if !reflect.DeepEqual(got, st.want) {
			t.Errorf("%s: event data = %+v, want %+v", st.name, got, st.want)
		}
		if st.event == "failure" {
			// The last good build is still served.
			rec := get(t, s.Handler(), "GET", "/repo/posts/a/")
			if rec.Code != 200 || !strings.Contains(rec.Body.String(), "A2") {
				t.Errorf("during a build error: status %d, body %q", rec.Code, rec.Body.String())
			}
			// A page connecting now learns about the error at once.
			late := openEvents(t, ctx, srv.URL)
			if h := nextEvent(t, late, "hello"); !h.Failed || len(h.Problems) != 3 || h.Problems[0].Path != "content/posts/a.md" {
				t.Errorf("hello during an error = %+v", h)
			}
		}
	}
	for _, s := range seen {
		if strings.Contains(s, bodyMarker) {
			t.Errorf("an event carried page contents: %s", s)
		}
	}
}

// buildCall is one call of a scriptedBuilder, answered by the test.
type buildCall struct {
	ctx     context.Context
	changed []string
	reply   chan error
}

// scriptedBuilder hands each call to the test and waits for its answer or
// for the call's context to end.
type scriptedBuilder struct{ calls chan *buildCall }

func (b *scriptedBuilder) Build(ctx context.Context, changed []string) (*Result, error) {
	c := &buildCall{ctx: ctx, changed: changed, reply: make(chan error, 1)}
	b.calls <- c
	select {
	case err := <-c.reply:
		if err != nil {
			return nil, err
		}
		return &Result{Files: map[string][]byte{"index.html": []byte("<body></body>")}, BasePath: "/"}, nil
	case <-ctx.Done():
		return nil, ctx.Err()
	}
}

func nextCall(t *testing.T, calls <-chan *buildCall) *buildCall {
	t.Helper()
	select {
	case c := <-calls:
		return c
	case <-time.After(deadline):
		t.Fatal("no build started")
	}
	return nil
}

func TestNewerChangesCancelTheRunningBuild(t *testing.T) {
	b := &scriptedBuilder{calls: make(chan *buildCall)}
	s, err := New(Options{Builder: b})
	if err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithCancel(context.Background())
	batches := make(chan Batch)
	done := make(chan struct{})
	go func() {
		defer close(done)
		s.loop(ctx, batches)
	}()

	first := nextCall(t, b.calls)
	if first.changed != nil {
		t.Fatalf("first build changed = %q, want nil (everything)", first.changed)
	}
	first.reply <- nil
	// Wait until the first Rebuild has returned (it holds buildMu
	// throughout): a batch arriving while it still runs cancels it, rightly,
	// and the next build is then of everything again, not of content/a.md.
	s.buildMu.Lock()
	s.buildMu.Unlock() //nolint:staticcheck // an empty critical section: waiting for Rebuild to return

	batches <- Batch{Paths: []string{"content/a.md"}}
	running := nextCall(t, b.calls)
	if !slices.Equal(running.changed, []string{"content/a.md"}) {
		t.Fatalf("second build changed = %q", running.changed)
	}
	batches <- Batch{Paths: []string{"content/b.md"}}
	select {
	case <-running.ctx.Done():
	case <-time.After(deadline):
		t.Fatal("the running build was not cancelled by newer changes")
	}
	next := nextCall(t, b.calls)
	if want := []string{"content/a.md", "content/b.md"}; !slices.Equal(next.changed, want) {
		t.Errorf("build after the cancelled one changed = %q, want %q", next.changed, want)
	}
	next.reply <- nil

	batches <- Batch{Paths: []string{"layouts/x.html"}, All: true}
	all := nextCall(t, b.calls)
	if all.changed != nil {
		t.Errorf("build for an All batch changed = %q, want nil", all.changed)
	}
	// Shutting down cancels the running build and waits for it.
	cancel()
	select {
	case <-done:
	case <-time.After(deadline):
		t.Fatal("loop did not return after cancel")
	}
	if all.ctx.Err() == nil {
		t.Error("the build running at shutdown was not cancelled")
	}
}

func TestRebuildKeepsChangesUntilASuccess(t *testing.T) {
	var calls [][]string
	fail := false
	s, err := New(Options{Builder: funcBuilder(func(_ context.Context, changed []string) (*Result, error) {
		calls = append(calls, changed)
		if fail {
			return nil, errors.New("content/a.md:1: 壊れています")
		}
		return &Result{Files: map[string][]byte{}, BasePath: "/"}, nil
	})})
	if err != nil {
		t.Fatal(err)
	}
	ctx := context.Background()
	rebuild := func(path string, wantErr bool) {
		t.Helper()
		if err := s.Rebuild(ctx, []string{path}); (err != nil) != wantErr {
			t.Fatalf("Rebuild(%s) = %v, want an error: %v", path, err, wantErr)
		}
	}
	rebuild("content/x.md", false) // before any success: everything
	fail = true
	rebuild("content/a.md", true)
	fail = false
	rebuild("content/b.md", false)
	rebuild("content/c.md", false)
	want := [][]string{nil, {"content/a.md"}, {"content/a.md", "content/b.md"}, {"content/c.md"}}
	if !reflect.DeepEqual(calls, want) {
		t.Errorf("changed per call = %q, want %q", calls, want)
	}
}

// fileBuilder turns every content/*.md of a site into a page holding the
// file's text; it records each call's changed paths.
type fileBuilder struct {
	root  string
	calls chan []string
}

func (b *fileBuilder) Build(ctx context.Context, changed []string) (*Result, error) {
	files := map[string][]byte{}
	entries, err := os.ReadDir(filepath.Join(b.root, "content"))
	if err != nil {
		return nil, err
	}
	for _, e := range entries {
		if name, ok := strings.CutSuffix(e.Name(), ".md"); ok {
			data, err := os.ReadFile(filepath.Join(b.root, "content", e.Name()))
			if err != nil {
				return nil, err
			}
			files["posts/"+name+"/index.html"] = []byte("<body>" + string(data) + "</body>")
		}
	}
	b.calls <- changed
	return &Result{Files: files, BasePath: "/"}, nil
}

// saveBurst writes page 50 times, then saves final over it as editors do
// (a temporary file renamed over it).
func saveBurst(t *testing.T, page, final string) {
	t.Helper()
	for i := range 50 {
		if err := os.WriteFile(page, []byte(fmt.Sprintf("途中 %d", i)), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	tmp := filepath.Join(filepath.Dir(page), "."+filepath.Base(page)+".tmp")
	if err := os.WriteFile(tmp, []byte(final), 0o644); err != nil {
		t.Fatal(err)
	}
	if err := os.Rename(tmp, page); err != nil {
		t.Fatal(err)
	}
}

// stopWithStreamOpen is Ctrl-C with an event stream open: Serve must
// return nil and end the stream.
func stopWithStreamOpen(t *testing.T, url string, cancel context.CancelFunc, served <-chan error) {
	t.Helper()
	events := openEvents(t, context.Background(), url)
	nextEvent(t, events, "hello")
	cancel()
	select {
	case err := <-served:
		if err != nil {
			t.Errorf("Serve = %v, want nil", err)
		}
	case <-time.After(deadline):
		t.Fatal("Serve did not return after cancel")
	}
	for range events {
	}
}

func TestServeRebuildsOnceForABurst(t *testing.T) {
	root, outside := t.TempDir(), t.TempDir()
	mustMkdir(t, filepath.Join(root, "content"))
	page := filepath.Join(root, "content", "a.md")
	if err := os.WriteFile(page, []byte("初版"), 0o644); err != nil {
		t.Fatal(err)
	}
	clock := newFakeClock()
	seen := make(chan string, 1<<16)
	b := &fileBuilder{root: root, calls: make(chan []string, 16)}
	var log strings.Builder
	var logMu sync.Mutex
	s, err := New(Options{Source: root, Builder: b, Log: syncWriter{&logMu, &log},
		Watch: WatchOptions{Quiet: testQuiet, Clock: clock, observe: func(rel string) { seen <- rel }}})
	if err != nil {
		t.Fatal(err)
	}
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithCancel(context.Background())
	served := make(chan error, 1)
	go func() { served <- s.Serve(ctx, ln) }()
	url := "http://" + ln.Addr().String()

	nextBuild := func() []string {
		t.Helper()
		select {
		case c := <-b.calls:
			return c
		case <-time.After(deadline):
			t.Fatal("no build")
		}
		return nil
	}
	if first := nextBuild(); first != nil {
		t.Fatalf("first build changed = %q", first)
	}
	saveBurst(t, page, "最終版")
	flushSentinel := func(n int) string {
		rel := fmt.Sprintf("content/sentinel-%d.md", n)
		src := filepath.Join(outside, "s.md")
		if err := os.WriteFile(src, []byte("x"), 0o644); err != nil {
			t.Fatal(err)
		}
		if err := os.Rename(src, filepath.Join(root, filepath.FromSlash(rel))); err != nil {
			t.Fatal(err)
		}
		waitSeen(t, seen, rel)
		clock.Advance(testQuiet)
		return rel
	}
	s1 := flushSentinel(1)
	if got, want := nextBuild(), []string{"content/a.md", s1}; !slices.Equal(got, want) {
		t.Errorf("rebuild changed = %q, want %q", got, want)
	}
	s2 := flushSentinel(2)
	if got := nextBuild(); !slices.Equal(got, []string{s2}) {
		t.Errorf("the burst left changes for another build: %q", got)
	}

	resp, err := http.Get(url + "/posts/a/")
	if err != nil {
		t.Fatal(err)
	}
	body, _ := io.ReadAll(resp.Body)
	resp.Body.Close()
	if !strings.Contains(string(body), "最終版") {
		t.Errorf("served page = %q, want the final text", body)
	}

	stopWithStreamOpen(t, url, cancel, served)
	logMu.Lock()
	defer logMu.Unlock()
	if !strings.Contains(log.String(), url+"/") {
		t.Errorf("log does not show the URL %s/: %q", url, log.String())
	}
}

type syncWriter struct {
	mu *sync.Mutex
	w  io.Writer
}

func (w syncWriter) Write(p []byte) (int, error) {
	w.mu.Lock()
	defer w.mu.Unlock()
	return w.w.Write(p)
}

func TestListenTakesTheNextFreePort(t *testing.T) {
	taken, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	defer taken.Close()
	port := taken.Addr().(*net.TCPAddr).Port
	var log strings.Builder
	ln, err := Listen("127.0.0.1", port, &log)
	if err != nil {
		t.Fatalf("Listen(%d) with the port taken: %v", port, err)
	}
	defer ln.Close()
	got := ln.Addr().(*net.TCPAddr).Port
	if got == port {
		t.Fatalf("Listen used the taken port %d", port)
	}
	if want := fmt.Sprintf("Port %d is in use; using port %d instead.", port, got); !strings.Contains(log.String(), want) {
		t.Errorf("log = %q, want %q", log.String(), want)
	}
}

func TestListenPortZero(t *testing.T) {
	ln, err := Listen("", 0, nil)
	if err != nil {
		t.Fatal(err)
	}
	defer ln.Close()
	addr := ln.Addr().(*net.TCPAddr)
	if !addr.IP.IsLoopback() || addr.Port == 0 {
		t.Errorf("Listen(\"\", 0) = %v, want a loopback address with a port", addr)
	}
}

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
	s, err := New(Options{Builder: b})
	if err != nil {
		t.Fatal(err)
	}
	ctx := t.Context()
	srv := httptest.NewServer(s.Handler())
	t.Cleanup(srv.Close)
	get := func(p string) (int, string) {
		t.Helper()
		resp, err := http.Get(srv.URL + p)
		if err != nil {
			t.Fatal(err)
		}
		defer resp.Body.Close()
		body, _ := io.ReadAll(resp.Body)
		return resp.StatusCode, string(body)
	}

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
	s, err := New(Options{Builder: b})
	if err != nil {
		t.Fatal(err)
	}
	s.laterWait = time.Hour // only the reconnect can start Later
	ctx := t.Context()
	srv := httptest.NewServer(s.Handler())
	t.Cleanup(srv.Close)
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
	s, err := New(Options{Builder: b})
	if err != nil {
		t.Fatal(err)
	}
	s.laterWait = time.Hour // only the page's fetch can start Later
	ctx := t.Context()
	srv := httptest.NewServer(s.Handler())
	t.Cleanup(srv.Close)
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

// streamBuilder writes its pages through the server's sink: the first
// build a and b, later builds a again with b named unchanged, and a broken
// build a new page c before failing.
type streamBuilder struct {
	n      int
	broken bool
}

func (b *streamBuilder) Build(context.Context, []string) (*Result, error) {
	return nil, errors.New("Build called on a StreamBuilder")
}

func (b *streamBuilder) BuildTo(_ context.Context, _ []string, sink Sink) (*Result, error) {
	b.n++
	if b.broken {
		_ = sink.WriteFile("posts/c/index.html", []byte("<body>C</body>"))
		return nil, errors.New("content/posts/c.md:1: 壊れています")
	}
	if err := sink.WriteFile("posts/a/index.html", []byte("<body>A"+strconv.Itoa(b.n)+" "+bodyMarker+"</body>")); err != nil {
		return nil, err
	}
	if b.n == 1 {
		return &Result{Files: map[string][]byte{"posts/b/index.html": []byte("<body>B</body>")}, BasePath: "/"}, nil
	}
	return &Result{BasePath: "/", Unchanged: []string{"posts/b/index.html"}}, nil
}

// TestStreamBuilderFilesAreServed: the files a StreamBuilder writes to the
// sink are the build's, with its Files and Unchanged; a failed build's
// files are never served.
func TestStreamBuilderFilesAreServed(t *testing.T) {
	b := &streamBuilder{}
	s, err := New(Options{Builder: b})
	if err != nil {
		t.Fatal(err)
	}
	ctx := t.Context()
	srv := httptest.NewServer(s.Handler())
	t.Cleanup(srv.Close)
	get := func(p string) (int, string) {
		t.Helper()
		resp, err := http.Get(srv.URL + p)
		if err != nil {
			t.Fatal(err)
		}
		defer resp.Body.Close()
		body, _ := io.ReadAll(resp.Body)
		return resp.StatusCode, string(body)
	}
	if err := s.Rebuild(ctx, nil); err != nil {
		t.Fatal(err)
	}
	events := openEvents(t, ctx, srv.URL)
	nextEvent(t, events, "hello")
	if err := s.Rebuild(ctx, []string{"content/posts/a.md"}); err != nil {
		t.Fatal(err)
	}
	if ev := nextEvent(t, events, "build"); !slices.Equal(ev.Change.Pages, []string{"/posts/a/"}) || len(ev.Change.Removed) != 0 {
		t.Errorf("change = %+v, want /posts/a/ only", ev.Change)
	}
	b.broken = true
	if err := s.Rebuild(ctx, []string{"content/posts/c.md"}); err == nil {
		t.Error("the broken build succeeded")
	}
	for _, tt := range []struct {
		page string
		code int
		want string
	}{
		{"/posts/a/", 200, "A2"},
		{"/posts/b/", 200, "B"},
		{"/posts/c/", 404, ""},
	} {
		code, body := get(tt.page)
		if code != tt.code || !strings.Contains(body, tt.want) {
			t.Errorf("%s: status %d, body %q; want %d with %q", tt.page, code, body, tt.code, tt.want)
		}
	}
}
