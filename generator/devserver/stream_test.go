package devserver

import (
	"context"
	"errors"
	"slices"
	"strconv"
	"strings"
	"testing"
)

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
	s, srv := serveBuilder(t, b, nil)
	ctx := t.Context()
	get := getter(t, srv.URL)
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
