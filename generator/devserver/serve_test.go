package devserver

import (
	"context"
	"fmt"
	"io"
	"net"
	"net/http"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"
)

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
