package devserver

import (
	"fmt"
	"io"
	"os"
	"path/filepath"
	"slices"
	"testing"
	"time"

	"github.com/fsnotify/fsnotify"
)

// deadline bounds every wait for an observable event in these tests. It is
// a failure timeout, never a synchronisation delay.
const deadline = 20 * time.Second

const testQuiet = 100 * time.Millisecond

func TestIsTemporary(t *testing.T) {
	tests := []struct {
		name string
		want bool
	}{
		{"a.md", false},
		{"前編①.md", false},
		{"style.css", false},
		{"2026-03-01-claim.md", false},
		{"index.html", false},
		{".a.md.swp", true},
		{".a.md.swo", true},
		{".a.md.swx", true},
		{"a.md~", true},
		{"#a.md#", true},
		{".#a.md", true},
		{".DS_Store", true},
		{"4913", true},
		{"5036", true},
		{"a.md.tmp", true},
		{"a.md___jb_tmp___", true},
		{"a.md___jb_old___", true},
		{"a.md.crswap", true},
		{"a.md.kate-swp", true},
		{".goutputstream-XYZ123", true},
		{"Thumbs.db", true},
		{"#", false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := isTemporary(tt.name); got != tt.want {
				t.Errorf("isTemporary(%q) = %v, want %v", tt.name, got, tt.want)
			}
		})
	}
}

func TestRelevant(t *testing.T) {
	tests := []struct {
		name string
		rel  string
		want bool
	}{
		{"config", "rensai.toml", true},
		{"article", "content/posts/a.md", true},
		{"layout", "layouts/partials/head.html", true},
		{"static file", "static/img/a.png", true},
		{"theme css", "themes/default/assets/css/style.css", true},
		{"top-level content dir", "content", true},
		{"public output", "public/index.html", false},
		{"cache", ".rensai-cache/x", false},
		{"other top-level file", "README.md", false},
		{"git inside content", "content/.git/index", false},
		{"hidden dir", "content/.obsidian/workspace.json", false},
		{"node_modules in theme", "themes/default/node_modules/x/y.js", false},
		{"well-known static", "static/.well-known/security.txt", true},
		{"swap file in content", "content/posts/.a.md.swp", false},
		{"vim write test", "content/posts/4913", false},
		{"jetbrains temp", "layouts/base.html___jb_tmp___", false},
		{"config backup", "rensai.toml~", false},
		{"private folder in content", "content/_notes/memo.md", false},
		{"private folder itself", "content/_notes", false},
		{"content subfolder", "content/posts/old", true},
		{"backup in a private folder", "content/_notes/a.md~", false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := relevant(tt.rel); got != tt.want {
				t.Errorf("relevant(%q) = %v, want %v", tt.rel, got, tt.want)
			}
		})
	}
}

// loopHarness drives Watcher.loop with synthetic events and a fake clock.
type loopHarness struct {
	t      *testing.T
	root   string
	clock  *fakeClock
	w      *Watcher
	events chan fsnotify.Event
	errs   chan error
	seen   chan string
}

func startLoop(t *testing.T, quiet, maxDelay time.Duration) *loopHarness {
	t.Helper()
	h := &loopHarness{
		t:      t,
		root:   t.TempDir(),
		clock:  newFakeClock(),
		events: make(chan fsnotify.Event),
		errs:   make(chan error),
		seen:   make(chan string, 1024),
	}
	h.w = &Watcher{
		root: h.root,
		opts: WatchOptions{Quiet: quiet, MaxDelay: maxDelay, Clock: h.clock,
			observe: func(rel string) { h.seen <- rel }},
		log:     io.Discard,
		dirs:    map[string]bool{},
		batches: make(chan Batch),
		exited:  make(chan struct{}),
	}
	go h.w.loop(h.events, h.errs)
	t.Cleanup(func() {
		close(h.events)
		<-h.w.exited
	})
	return h
}

// send delivers one event and waits until the loop has handled it.
func (h *loopHarness) send(rel string, op fsnotify.Op) {
	h.t.Helper()
	h.events <- fsnotify.Event{Name: filepath.Join(h.root, filepath.FromSlash(rel)), Op: op}
	waitSeen(h.t, h.seen, rel)
}

func waitSeen(t *testing.T, seen <-chan string, rel string) {
	t.Helper()
	timeout := time.After(deadline)
	for {
		select {
		case got := <-seen:
			if got == rel {
				return
			}
		case <-timeout:
			t.Fatalf("the watcher never saw an event for %s", rel)
		}
	}
}

func nextBatch(t *testing.T, batches <-chan Batch) Batch {
	t.Helper()
	select {
	case b, ok := <-batches:
		if !ok {
			t.Fatal("batches closed")
		}
		return b
	case <-time.After(deadline):
		t.Fatal("no batch arrived")
	}
	return Batch{}
}

func TestBatchingWaitsForQuiet(t *testing.T) {
	h := startLoop(t, 100*time.Millisecond, time.Second)
	h.send("content/a.md", fsnotify.Write)
	if n := h.clock.Advance(60 * time.Millisecond); n != 0 {
		t.Fatalf("a batch was due 60ms after the only event; quiet is 100ms")
	}
	h.send("content/b.md", fsnotify.Create)
	if n := h.clock.Advance(60 * time.Millisecond); n != 0 {
		t.Fatalf("a batch was due 60ms after the latest event; quiet is 100ms")
	}
	if n := h.clock.Advance(40 * time.Millisecond); n != 1 {
		t.Fatalf("%d timers fired 100ms after the latest event, want 1", n)
	}
	got := nextBatch(t, h.w.Batches())
	want := Batch{Paths: []string{"content/a.md", "content/b.md"}}
	if !slices.Equal(got.Paths, want.Paths) || got.All {
		t.Errorf("batch = %+v, want %+v", got, want)
	}
}

func TestBatchingMaxDelay(t *testing.T) {
	h := startLoop(t, 100*time.Millisecond, 300*time.Millisecond)
	for i := range 4 {
		h.send(fmt.Sprintf("content/%d.md", i), fsnotify.Write)
		step := 90 * time.Millisecond
		if i == 3 {
			step = 30 * time.Millisecond // reaches 300ms after the first event
		}
		fired := h.clock.Advance(step)
		if want := map[bool]int{true: 1, false: 0}[i == 3]; fired != want {
			t.Fatalf("after event %d: %d timers fired, want %d", i, fired, want)
		}
	}
	got := nextBatch(t, h.w.Batches())
	if want := []string{"content/0.md", "content/1.md", "content/2.md", "content/3.md"}; !slices.Equal(got.Paths, want) {
		t.Errorf("paths = %q, want %q", got.Paths, want)
	}
}

func TestBatchingKeepsChangesForASlowConsumer(t *testing.T) {
	h := startLoop(t, 100*time.Millisecond, time.Second)
	h.send("content/a.md", fsnotify.Write)
	h.clock.Advance(100 * time.Millisecond)
	h.send("content/b.md", fsnotify.Write)
	h.clock.Advance(100 * time.Millisecond)
	got := nextBatch(t, h.w.Batches())
	if want := []string{"content/a.md", "content/b.md"}; !slices.Equal(got.Paths, want) {
		t.Errorf("paths = %q, want %q (changes not yet taken are merged)", got.Paths, want)
	}
}

func TestBatchingIgnoresIrrelevantEvents(t *testing.T) {
	h := startLoop(t, 100*time.Millisecond, time.Second)
	for _, rel := range []string{"public/index.html", "content/.a.md.swp", "content/4913", "README.md"} {
		h.send(rel, fsnotify.Create)
		if n := h.clock.Advance(time.Second); n != 0 {
			t.Fatalf("%s scheduled a batch", rel)
		}
	}
	h.send("content/a.md", fsnotify.Chmod)
	if n := h.clock.Advance(time.Second); n != 0 {
		t.Fatalf("a chmod-only event scheduled a batch")
	}
}

func TestBatchingOverflowRebuildsAll(t *testing.T) {
	h := startLoop(t, 100*time.Millisecond, time.Second)
	h.errs <- fsnotify.ErrEventOverflow
	h.send("content/a.md", fsnotify.Write) // handled after the error
	h.clock.Advance(100 * time.Millisecond)
	got := nextBatch(t, h.w.Batches())
	if !got.All || got.Changed() != nil {
		t.Errorf("batch after an overflow = %+v, want All with Changed() nil", got)
	}
}

// fsHarness runs a real Watcher on a temporary site with a fake clock.
type fsHarness struct {
	t        *testing.T
	root     string
	outside  string
	clock    *fakeClock
	w        *Watcher
	seen     chan string
	sentinel int
}

func startFSWatch(t *testing.T, dirs ...string) *fsHarness {
	t.Helper()
	h := &fsHarness{t: t, root: t.TempDir(), outside: t.TempDir(), clock: newFakeClock(), seen: make(chan string, 1<<16)}
	for _, d := range dirs {
		mustMkdir(t, filepath.Join(h.root, d))
	}
	w, err := NewWatcher(h.root, WatchOptions{Quiet: testQuiet, MaxDelay: time.Second, Clock: h.clock,
		observe: func(rel string) { h.seen <- rel }}, io.Discard)
	if err != nil {
		t.Fatal(err)
	}
	h.w = w
	t.Cleanup(func() { w.Close() })
	return h
}

func (h *fsHarness) path(rel string) string { return filepath.Join(h.root, filepath.FromSlash(rel)) }

func (h *fsHarness) write(rel, text string) {
	h.t.Helper()
	if err := os.WriteFile(h.path(rel), []byte(text), 0o644); err != nil {
		h.t.Fatal(err)
	}
}

// flush moves a sentinel file into content/ (one event), waits until the
// watcher saw it, so every earlier event was seen too, lets the quiet
// period pass and returns the batch, which must contain the sentinel.
func (h *fsHarness) flush() Batch {
	h.t.Helper()
	h.sentinel++
	name := fmt.Sprintf("sentinel-%d.md", h.sentinel)
	tmp := filepath.Join(h.outside, name)
	if err := os.WriteFile(tmp, []byte("x"), 0o644); err != nil {
		h.t.Fatal(err)
	}
	rel := "content/" + name
	if err := os.Rename(tmp, h.path(rel)); err != nil {
		h.t.Fatal(err)
	}
	waitSeen(h.t, h.seen, rel)
	if n := h.clock.Advance(testQuiet); n != 1 {
		h.t.Fatalf("%d timers fired after the quiet period, want 1", n)
	}
	b := nextBatch(h.t, h.w.Batches())
	if !b.All && !slices.Contains(b.Paths, rel) {
		h.t.Fatalf("batch %q lacks the sentinel %s", b.Paths, rel)
	}
	b.Paths = slices.DeleteFunc(b.Paths, func(p string) bool { return p == rel })
	return b
}

func mustMkdir(t *testing.T, dir string) {
	t.Helper()
	if err := os.MkdirAll(dir, 0o755); err != nil {
		t.Fatal(err)
	}
}

func TestWatcherCoalescesBurstAndRenameSave(t *testing.T) {
	h := startFSWatch(t, "content/posts")
	const rel = "content/posts/a.md"
	for i := range 50 {
		h.write(rel, fmt.Sprintf("版 %d", i))
	}
	// vim: write test, backup by rename, new file, drop the backup; swap file around it.
	h.write("content/posts/.a.md.swp", "swap")
	h.write("content/posts/4913", "")
	os.Remove(h.path("content/posts/4913"))
	if err := os.Rename(h.path(rel), h.path(rel+"~")); err != nil {
		t.Fatal(err)
	}
	h.write(rel, "vim の保存")
	os.Remove(h.path(rel + "~"))
	os.Remove(h.path("content/posts/.a.md.swp"))
	// JetBrains safe write and a generic atomic save by rename.
	h.write(rel+"___jb_tmp___", "JetBrains の保存")
	if err := os.Rename(h.path(rel), h.path(rel+"___jb_old___")); err != nil {
		t.Fatal(err)
	}
	if err := os.Rename(h.path(rel+"___jb_tmp___"), h.path(rel)); err != nil {
		t.Fatal(err)
	}
	os.Remove(h.path(rel + "___jb_old___"))
	h.write("content/posts/a.md.tmp", "最終版")
	if err := os.Rename(h.path("content/posts/a.md.tmp"), h.path(rel)); err != nil {
		t.Fatal(err)
	}

	b := h.flush()
	if b.All || !slices.Equal(b.Paths, []string{rel}) {
		t.Fatalf("batch = %+v, want exactly [%s]", b, rel)
	}
	data, err := os.ReadFile(h.path(rel))
	if err != nil || string(data) != "最終版" {
		t.Fatalf("final content = %q, %v", data, err)
	}
	// Nothing from the burst is left over for another batch.
	if b := h.flush(); b.All || len(b.Paths) != 0 {
		t.Errorf("a second batch carried %+v", b)
	}
}

func TestWatcherIgnoresTemporaryFiles(t *testing.T) {
	h := startFSWatch(t, "content/posts", "layouts")
	for _, name := range []string{
		"content/posts/.a.md.swp", "content/posts/a.md~", "content/posts/#a.md#", "content/posts/.DS_Store",
		"content/posts/4913", "content/posts/a.md.tmp", "content/posts/a.md___jb_tmp___", "layouts/.base.html.swx",
	} {
		h.write(name, "temporary")
		if err := os.Remove(h.path(name)); err != nil {
			t.Fatal(err)
		}
	}
	if b := h.flush(); b.All || len(b.Paths) != 0 {
		t.Errorf("temporary files produced %+v", b)
	}
}

func TestWatcherWatchesNewDirectories(t *testing.T) {
	h := startFSWatch(t, "content")
	// A new series directory, nested, with a file written at once.
	mustMkdir(t, h.path("content/series-x/extra"))
	h.write("content/series-x/part-1.md", "第1話")
	b := h.flush()
	if b.All || !slices.Contains(b.Paths, "content/series-x/part-1.md") {
		t.Fatalf("batch after creating a directory = %+v, want content/series-x/part-1.md", b)
	}
	// Files written later in the new directories are seen as they happen.
	h.write("content/series-x/part-2.md", "第2話")
	h.write("content/series-x/extra/note.md", "メモ")
	b = h.flush()
	if want := []string{"content/series-x/extra/note.md", "content/series-x/part-2.md"}; b.All || !slices.Equal(b.Paths, want) {
		t.Errorf("batch = %+v, want %q", b, want)
	}
}

func TestWatcherCreatedTopLevelDirectory(t *testing.T) {
	h := startFSWatch(t) // no content/ yet
	mustMkdir(t, h.path("static"))
	h.write("static/robots.txt", "User-agent: *")
	mustMkdir(t, h.path("content"))
	// The sentinel goes into content/, so its watch must exist first.
	waitSeen(t, h.seen, "content")
	b := h.flush()
	if !slices.Contains(b.Paths, "static/robots.txt") {
		t.Fatalf("batch = %+v, want static/robots.txt", b)
	}
	h.write("static/later.txt", "後から")
	if b := h.flush(); !slices.Equal(b.Paths, []string{"static/later.txt"}) {
		t.Errorf("batch = %+v, want static/later.txt", b)
	}
}

func TestWatcherRemovedAndRenamedDirectories(t *testing.T) {
	tests := []struct {
		name   string
		change func(h *fsHarness) error
		// after, when set, is a file written after the change that the
		// next batch must name exactly.
		after string
	}{
		{
			name:   "removed",
			change: func(h *fsHarness) error { return os.RemoveAll(h.path("content/old")) },
		},
		{
			name:   "renamed inside the site",
			change: func(h *fsHarness) error { return os.Rename(h.path("content/old"), h.path("content/new")) },
			after:  "content/new/sub/c.md",
		},
		{
			name: "moved out of the site",
			change: func(h *fsHarness) error {
				return os.Rename(h.path("content/old"), filepath.Join(h.outside, "old"))
			},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			h := startFSWatch(t, "content/old/sub")
			h.write("content/old/a.md", "a")
			h.write("content/old/sub/b.md", "b")
			h.flush()
			if err := tt.change(h); err != nil {
				t.Fatal(err)
			}
			if b := h.flush(); !b.All {
				t.Fatalf("batch after the directory went = %+v, want All", b)
			}
			if tt.after != "" {
				h.write(tt.after, "c")
				if b := h.flush(); b.All || !slices.Equal(b.Paths, []string{tt.after}) {
					t.Errorf("batch = %+v, want exactly %s", b, tt.after)
				}
			}
			// Writing where the old directory was is seen afresh.
			mustMkdir(t, h.path("content/old"))
			h.flush()
			h.write("content/old/again.md", "again")
			if b := h.flush(); !slices.Equal(b.Paths, []string{"content/old/again.md"}) {
				t.Errorf("batch = %+v, want content/old/again.md", b)
			}
		})
	}
}

func TestNewWatcherErrors(t *testing.T) {
	file := filepath.Join(t.TempDir(), "rensai.toml")
	if err := os.WriteFile(file, nil, 0o644); err != nil {
		t.Fatal(err)
	}
	for _, root := range []string{filepath.Join(t.TempDir(), "missing"), file} {
		if w, err := NewWatcher(root, WatchOptions{}, io.Discard); err == nil {
			w.Close()
			t.Errorf("NewWatcher(%s) succeeded", root)
		}
	}
}
