package devserver

import (
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"time"

	"github.com/fsnotify/fsnotify"

	"github.com/rensai-ssg/rensai/generator/content"
)

// watchedDirs are the top-level directories of a site whose whole tree is
// watched; configFile is the one watched file at the top level.
var watchedDirs = content.SiteFolders

const configFile = "rensai.toml"

// Batch is a set of source changes that arrived together.
type Batch struct {
	// Paths are the changed paths relative to the site root, slash-separated,
	// sorted and unique: created, written, removed or renamed files.
	Paths []string
	// All is true when the watcher cannot say exactly what changed (a
	// directory was removed or renamed, or the event queue overflowed), so
	// everything must be rebuilt.
	All bool
}

// Changed returns b in the form Builder.Build takes: nil when All.
func (b Batch) Changed() []string {
	if b.All {
		return nil
	}
	return b.Paths
}

// DefaultQuiet is the default WatchOptions.Quiet.
const DefaultQuiet = 10 * time.Millisecond

// WatchOptions tunes how a Watcher groups events into batches. The zero
// value is the default.
type WatchOptions struct {
	// Quiet is how long the watcher waits after the latest event before it
	// emits a batch; default 10ms. An editor's save (temporary file,
	// rename, chmod) takes a few milliseconds, so it lands in one batch;
	// a later event cancels the build under way, so a save that straddles
	// batches costs one cancelled build, never a wrong page.
	Quiet time.Duration
	// MaxDelay bounds how long a continuous stream of events can hold a
	// batch back; default 1s.
	MaxDelay time.Duration
	// Clock is the time source; nil means real time. Tests inject a fake.
	Clock Clock

	// observe, if set, is called from the watcher's goroutine after each
	// raw event is handled, with the event's path relative to the root
	// (slash-separated). Tests use it to know an event was seen.
	observe func(rel string)
}

// Clock is the watcher's time source.
type Clock interface {
	Now() time.Time
	NewTimer(d time.Duration) Timer
}

// Timer is a one-shot timer from a Clock.
type Timer interface {
	C() <-chan time.Time
	Stop() bool
}

type realClock struct{}

func (realClock) Now() time.Time                 { return time.Now() }
func (realClock) NewTimer(d time.Duration) Timer { return realTimer{time.NewTimer(d)} }

type realTimer struct{ t *time.Timer }

func (t realTimer) C() <-chan time.Time { return t.t.C }
func (t realTimer) Stop() bool          { return t.t.Stop() }

// A Watcher watches a site's sources recursively, including directories
// created, renamed or removed while it runs, and emits a Batch per burst of
// changes. Editor temporary and swap files are ignored.
type Watcher struct {
	root    string // absolute, cleaned
	opts    WatchOptions
	log     io.Writer
	fsw     *fsnotify.Watcher
	dirs    map[string]bool // watched directories (absolute); owned by the loop after start
	batches chan Batch
	exited  chan struct{}
}

// NewWatcher starts watching the site at root. Problems that do not stop
// the watcher (an unreadable directory) are reported on log.
func NewWatcher(root string, opts WatchOptions, log io.Writer) (*Watcher, error) {
	abs, err := filepath.Abs(root)
	if err != nil {
		return nil, fmt.Errorf("watch: %w", err)
	}
	if fi, err := os.Stat(abs); err != nil {
		return nil, fmt.Errorf("watch: cannot open the site directory %s: %w", root, err)
	} else if !fi.IsDir() {
		return nil, fmt.Errorf("watch: %s is not a directory: --source must be the site root (the directory holding rensai.toml)", root)
	}
	if opts.Quiet <= 0 {
		opts.Quiet = DefaultQuiet
	}
	if opts.MaxDelay <= 0 {
		opts.MaxDelay = time.Second
	}
	if opts.MaxDelay < opts.Quiet {
		opts.MaxDelay = opts.Quiet
	}
	if opts.Clock == nil {
		opts.Clock = realClock{}
	}
	if log == nil {
		log = io.Discard
	}
	fsw, err := fsnotify.NewWatcher()
	if err != nil {
		return nil, fmt.Errorf("watch: cannot start watching files: %w", err)
	}
	w := &Watcher{
		root:    abs,
		opts:    opts,
		log:     log,
		fsw:     fsw,
		dirs:    map[string]bool{},
		batches: make(chan Batch),
		exited:  make(chan struct{}),
	}
	// The root itself, not recursively: it shows rensai.toml being saved and
	// the top-level directories being created or removed.
	if err := w.watchDir(abs); err != nil {
		fsw.Close()
		return nil, fmt.Errorf("watch: cannot watch %s: %w", root, err)
	}
	for _, d := range watchedDirs {
		w.addTree(filepath.Join(abs, d), nil)
	}
	go w.loop(fsw.Events, fsw.Errors)
	return w, nil
}

// Batches delivers the batches. It is closed after Close.
func (w *Watcher) Batches() <-chan Batch { return w.batches }

// Close stops watching and waits for the watcher's goroutine to end.
func (w *Watcher) Close() error {
	err := w.fsw.Close()
	<-w.exited
	return err
}

// loop handles raw events and emits batches. A batch is due when no event
// arrived for Quiet, or MaxDelay after its first event. Due changes wait in
// ready until the consumer takes them, while newer events keep arriving, so
// a slow consumer never blocks the watcher and never loses a change.
func (w *Watcher) loop(events <-chan fsnotify.Event, errs <-chan error) {
	defer close(w.exited)
	defer close(w.batches)
	var (
		pending, ready       = map[string]bool{}, map[string]bool{}
		pendingAll, readyAll bool
		hasPending, hasReady bool
		first                time.Time
		timer                Timer
		timerC               <-chan time.Time
	)
	schedule := func() {
		now := w.opts.Clock.Now()
		if !hasPending {
			hasPending = true
			first = now
		}
		wait := w.opts.Quiet
		if rest := first.Add(w.opts.MaxDelay).Sub(now); rest < wait {
			wait = max(rest, 0)
		}
		if timer != nil {
			timer.Stop()
		}
		timer = w.opts.Clock.NewTimer(wait)
		timerC = timer.C()
	}
	defer func() {
		if timer != nil {
			timer.Stop()
		}
	}()
	for {
		var out chan Batch
		var next Batch
		if hasReady {
			out = w.batches
			next = makeBatch(ready, readyAll)
		}
		select {
		case ev, ok := <-events:
			if !ok {
				return
			}
			paths, all := w.handle(ev)
			if len(paths) > 0 || all {
				for _, p := range paths {
					pending[p] = true
				}
				pendingAll = pendingAll || all
				schedule()
			}
			if w.opts.observe != nil {
				if rel, ok := w.rel(ev.Name); ok {
					w.opts.observe(rel)
				}
			}
		case err, ok := <-errs:
			if !ok {
				return
			}
			if w.watchError(err) {
				pendingAll = true
				schedule()
			}
		case <-timerC:
			for p := range pending {
				ready[p] = true
			}
			readyAll = readyAll || pendingAll
			hasReady = true
			clear(pending)
			pendingAll, hasPending = false, false
			timer, timerC = nil, nil
		case out <- next:
			clear(ready)
			readyAll, hasReady = false, false
		}
	}
}

// watchError reports an error of the file watcher and says whether it lost
// events, so that everything must be built again.
func (w *Watcher) watchError(err error) bool {
	if errors.Is(err, fsnotify.ErrEventOverflow) {
		fmt.Fprintln(w.log, "watch: too many changes at once, some were missed; rebuilding everything.")
		return true
	}
	fmt.Fprintf(w.log, "watch: %v\n", err)
	return false
}

func makeBatch(set map[string]bool, all bool) Batch {
	paths := make([]string, 0, len(set))
	for p := range set {
		paths = append(paths, p)
	}
	slices.Sort(paths)
	return Batch{Paths: paths, All: all}
}

// handle turns one raw event into changed paths. all reports that the
// change cannot be described by paths (a watched directory went away).
func (w *Watcher) handle(ev fsnotify.Event) (paths []string, all bool) {
	rel, ok := w.rel(ev.Name)
	if !ok || !relevant(rel) {
		return nil, false
	}
	if ev.Op&(fsnotify.Remove|fsnotify.Rename) != 0 && w.dirs[ev.Name] {
		// The files below it are gone from their old paths, and a rename
		// does not say which they were.
		w.unwatchTree(ev.Name)
		return nil, true
	}
	if ev.Op&fsnotify.Create != 0 {
		if fi, err := os.Stat(ev.Name); err == nil && fi.IsDir() {
			// A new (or renamed-in) directory: watch it and report what is
			// already in it, since files may have arrived before the watch.
			w.addTree(ev.Name, &paths)
			return paths, false
		}
	}
	if ev.Op&(fsnotify.Create|fsnotify.Write|fsnotify.Remove|fsnotify.Rename) == 0 {
		return nil, false // chmod only
	}
	return []string{rel}, false
}

// rel returns name relative to the root, slash-separated.
func (w *Watcher) rel(name string) (string, bool) {
	r, err := filepath.Rel(w.root, name)
	if err != nil || r == "." || r == ".." || strings.HasPrefix(r, ".."+string(filepath.Separator)) {
		return "", false
	}
	return filepath.ToSlash(r), true
}

// relevant reports whether a path relative to the root is a source of the
// site: rensai.toml or something under a watched directory, and neither
// an editor's temporary file nor inside an ignored directory.
func relevant(rel string) bool {
	if rel == configFile {
		return true
	}
	top, rest, _ := strings.Cut(rel, "/")
	if !slices.Contains(watchedDirs, top) {
		return false
	}
	if rest == "" {
		return true
	}
	segs := strings.Split(rest, "/")
	for _, s := range segs[:len(segs)-1] {
		if ignoredDir(s) {
			return false
		}
	}
	last := segs[len(segs)-1]
	if isTemporary(last) || ignoredDir(last) {
		return false
	}
	// Under content/, a file or a directory that may hold files the
	// loader reads.
	return top != "content" || content.IsSource(rest) || content.IsSource(rest+"/")
}

// ignoredDir reports whether a directory is never part of the site's
// sources: version control and other hidden directories, node_modules.
func ignoredDir(name string) bool {
	return (strings.HasPrefix(name, ".") && name != ".well-known") || name == "node_modules"
}

// isTemporary reports whether a file name is one an editor or the system
// writes while saving, not a source: swap and backup files of vim, emacs,
// JetBrains IDEs, Kate and gedit, vim's "4913" write test, .tmp files and
// Finder metadata.
func isTemporary(name string) bool {
	switch {
	case name == ".DS_Store", name == "Thumbs.db", name == "desktop.ini":
		return true
	case strings.HasSuffix(name, "~"): // vim and emacs backups
		return true
	case strings.HasPrefix(name, ".#"): // emacs lock link
		return true
	case len(name) > 1 && strings.HasPrefix(name, "#") && strings.HasSuffix(name, "#"): // emacs auto-save
		return true
	case strings.Contains(name, "___jb_tmp___"), strings.Contains(name, "___jb_old___"): // JetBrains safe write
		return true
	case strings.HasSuffix(name, ".tmp"), strings.HasSuffix(name, ".temp"), strings.HasSuffix(name, ".crswap"),
		strings.HasSuffix(name, ".kate-swp"), strings.HasPrefix(name, ".goutputstream-"):
		return true
	case isVimSwap(name):
		return true
	case allDigits(name): // vim's write test: 4913, 5036, ...
		return true
	}
	return false
}

// isVimSwap matches vim's swap files: ".swp", then ".swo", ".swn" ... ".swa",
// and ".swx" from its directory probe.
func isVimSwap(name string) bool {
	ext := filepath.Ext(name)
	if len(ext) != 4 || !strings.HasPrefix(ext, ".sw") {
		return false
	}
	c := ext[3]
	return (c >= 'a' && c <= 'p') || c == 'x'
}

func allDigits(s string) bool {
	if s == "" {
		return false
	}
	for i := 0; i < len(s); i++ {
		if s[i] < '0' || s[i] > '9' {
			return false
		}
	}
	return true
}

// addTree watches dir and every directory below it, following symbolic
// links to directories once. When files is non-nil, the paths of the files
// found are appended to it (relative, slash-separated).
func (w *Watcher) addTree(dir string, files *[]string) {
	seen := map[string]bool{}
	var walk func(dir string)
	walk = func(dir string) {
		real, err := filepath.EvalSymlinks(dir)
		if err != nil || seen[real] {
			return
		}
		seen[real] = true
		if err := w.watchDir(dir); err != nil {
			if !errors.Is(err, fs.ErrNotExist) {
				fmt.Fprintf(w.log, "watch: cannot watch %s: %v\n", dir, err)
			}
			return
		}
		entries, err := os.ReadDir(dir)
		if err != nil {
			return // removed meanwhile; its removal event follows
		}
		for _, e := range entries {
			p := filepath.Join(dir, e.Name())
			rel, ok := w.rel(p)
			if !ok || !relevant(rel) {
				continue
			}
			isDir := e.IsDir()
			if e.Type()&fs.ModeSymlink != 0 {
				if fi, err := os.Stat(p); err == nil && fi.IsDir() {
					isDir = true
				}
			}
			if isDir {
				walk(p)
			} else if files != nil {
				*files = append(*files, rel)
			}
		}
	}
	walk(dir)
}

func (w *Watcher) watchDir(dir string) error {
	if w.dirs[dir] {
		return nil
	}
	if err := w.fsw.Add(dir); err != nil {
		return err
	}
	w.dirs[dir] = true
	return nil
}

// unwatchTree forgets dir and every watched directory below it. The
// kernel may already have dropped the watches, so errors do not matter.
func (w *Watcher) unwatchTree(dir string) {
	prefix := dir + string(filepath.Separator)
	var gone []string
	for d := range w.dirs {
		if d == dir || strings.HasPrefix(d, prefix) {
			gone = append(gone, d)
		}
	}
	for _, d := range gone {
		_ = w.fsw.Remove(d)
		delete(w.dirs, d)
	}
}
