package devserver

import (
	"context"
	"errors"
	"reflect"
	"slices"
	"testing"
	"time"
)

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
