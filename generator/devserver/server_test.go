package devserver

import (
	"bufio"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"reflect"
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

// getter returns a function that GETs a path of the server at base and
// returns the status and the body, failing t when the request fails.
func getter(t *testing.T, base string) func(p string) (int, string) {
	return func(p string) (int, string) {
		t.Helper()
		resp, err := http.Get(base + p)
		if err != nil {
			t.Fatal(err)
		}
		defer resp.Body.Close()
		body, _ := io.ReadAll(resp.Body)
		return resp.StatusCode, string(body)
	}
}

// serveBuilder makes a Server of b, lets setup (if not nil) set its fields
// before anything runs, and serves its handler over HTTP until the test
// ends.
func serveBuilder(t *testing.T, b Builder, setup func(*Server)) (*Server, *httptest.Server) {
	t.Helper()
	s, err := New(Options{Builder: b})
	if err != nil {
		t.Fatal(err)
	}
	if setup != nil {
		setup(s)
	}
	srv := httptest.NewServer(s.Handler())
	t.Cleanup(srv.Close)
	return s, srv
}
