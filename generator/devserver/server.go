package devserver

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net"
	"net/http"
	"slices"
	"strconv"
	"strings"
	"sync"
	"time"

	"github.com/rensai-ssg/rensai/generator/diag"
	"github.com/rensai-ssg/rensai/generator/i18n"
)

// Server serves the latest good build of a site from memory and tells open
// pages about new builds. Create it with New; it is safe for concurrent use.
type Server struct {
	opts Options
	log  io.Writer
	hub  *hub
	// laterWait bounds how long Result.Later waits for a reloading page,
	// holdWait how long the rest of a build waits for the page shown
	// early (early.go).
	laterWait, holdWait time.Duration

	// nonce makes build ids unique across server restarts, so a page that
	// reconnects to a new server process reloads once.
	nonce string

	// buildMu serialises Rebuild calls.
	buildMu sync.Mutex
	// unbuilt are the changes no successful build has seen yet (nil with
	// unbuiltAll, or before the first build: everything). Guarded by buildMu.
	unbuilt    []string
	unbuiltAll bool

	// ready is closed when the first build has finished, well or badly.
	ready     chan struct{}
	readyOnce sync.Once

	mu     sync.RWMutex // guards the fields below and orders hub messages
	site   *siteFiles   // last good build; nil until one succeeds
	builds int          // successful builds so far
	failed bool         // the latest build failed
	// problems are the latest build's errors and warnings, or the warnings
	// of the good build served.
	problems []problem
	// searched is set once the first build's Later has completed.
	searched bool
	// urlLater is the server's address when the first build failed, so its
	// URL could not name the site's base path: the first good build
	// prints the whole URL then.
	urlLater string
	// warned are the warnings already printed, so each is printed once.
	warned map[string]bool
	// early holds the open pages the build under way has stored already,
	// served before the build ends under the id earlyID (showEarly).
	early   map[string]*entry
	earlyID string
}

// New returns a Server for opts. It does not build or listen yet.
func New(opts Options) (*Server, error) {
	if opts.Builder == nil {
		return nil, errors.New("devserver: Options.Builder is required")
	}
	if opts.Bind == "" {
		opts.Bind = DefaultBind
	}
	log := opts.Log
	if log == nil {
		log = io.Discard
	}
	if opts.WarnLog == nil {
		opts.WarnLog = log
	}
	var b [6]byte
	if _, err := rand.Read(b[:]); err != nil {
		return nil, fmt.Errorf("devserver: %w", err)
	}
	return &Server{
		opts:       opts,
		log:        log,
		hub:        newHub(),
		laterWait:  500 * time.Millisecond,
		holdWait:   300 * time.Millisecond,
		nonce:      hex.EncodeToString(b[:]),
		unbuiltAll: true,
		ready:      make(chan struct{}),
	}, nil
}

// Rebuild builds the site with the changes in changed (nil: everything),
// together with any changes an earlier failed or cancelled build did not
// finish. On success the new build is served and open pages are told what
// changed; on a build error the last good build stays served, every open
// page shows the error, and the error is returned. A cancelled build
// changes nothing and returns the context's error.
func (s *Server) Rebuild(ctx context.Context, changed []string) error {
	s.buildMu.Lock()
	defer s.buildMu.Unlock()

	if changed == nil {
		s.unbuiltAll, s.unbuilt = true, nil
	} else if !s.unbuiltAll {
		s.unbuilt = mergePaths(s.unbuilt, changed)
	}
	var arg []string
	if !s.unbuiltAll {
		arg = slices.Clone(s.unbuilt)
		if arg == nil {
			arg = []string{}
		}
	}

	start := time.Now()
	var (
		res *Result
		err error
		st  *storing
	)
	if sb, ok := s.opts.Builder.(StreamBuilder); ok {
		// Rebuild runs one at a time, so s.site is the previous build's.
		st = newStoring(s.site)
		s.renderOpenFirst(st)
		defer s.dropEarly()
		res, err = sb.BuildTo(ctx, arg, st)
	} else {
		res, err = s.opts.Builder.Build(ctx, arg)
	}
	// A page shown early fetches itself while the build goes on.
	fetched, _ := s.hub.nextJoin()
	site, d, err := s.checked(ctx, res, err, st)
	if err != nil {
		return err
	}
	s.unbuilt, s.unbuiltAll = nil, false
	joined, open := s.hub.nextJoin()
	if st != nil && st.shown.Load() {
		joined = fetched
	}
	change := s.succeed(res, site, d, time.Since(start), arg)
	if res.Later != nil && open > 0 && (len(change.Pages) > 0 || len(change.Removed) > 0 || change.All) {
		// Let a reloading page load before the rest of the build takes
		// the CPU: go on when a page reconnects or fetches itself to
		// update in place (live.js), or after laterWait. A page shown
		// early has fetched and painted its update before the build
		// ended (FirstWritten held it until then), so the search index
		// waits laterWait after such a build: a pause in the author's
		// saves, which a newer save cuts short by cancelling it before
		// it takes the cores from that save.
		wait := time.NewTimer(s.laterWait)
		defer wait.Stop()
		select {
		case <-joined:
		case <-wait.C:
		case <-ctx.Done():
			return ctx.Err()
		}
	}
	for res.Later != nil {
		start = time.Now()
		next, err := res.Later(ctx)
		site, d, err := s.checked(ctx, next, err, nil)
		if err != nil {
			return err // when cancelled, the next build finishes it
		}
		s.complete(next, site, d, time.Since(start))
		res = next
	}
	return nil
}

// checked takes what a build (or its Later) returned: a cancelled build
// gives the context's error; a failed one is shown in every open page; a
// good one is normalised and its files stored, ready to be served, with
// what differs from the build served now. st, if not nil, holds the files
// a StreamBuilder wrote already. Only Rebuild, which runs one at a time,
// replaces s.site, so the files are compressed without the lock, while
// requests go on.
func (s *Server) checked(ctx context.Context, res *Result, err error, st *storing) (*siteFiles, fileDiff, error) {
	if err == nil && res == nil {
		err = errors.New("the builder returned no result")
	}
	var (
		site *siteFiles
		d    fileDiff
	)
	if err == nil {
		res.BasePath = normalizeBase(res.BasePath)
		if st != nil {
			for name, data := range res.Files {
				st.add(name, data)
			}
			site, d, err = st.finish(res.Unchanged, res.BasePath)
		} else {
			site, d, err = storeFiles(s.site, res.Files, res.Unchanged, res.BasePath)
		}
		// The site holds the files now; Rebuild keeps res until its Later
		// is done, which must not keep a second, uncompressed copy alive.
		res.Files, res.Unchanged = nil, nil
	}
	if err != nil {
		if ctx.Err() != nil {
			return nil, d, ctx.Err()
		}
		s.fail(err)
		return nil, d, err
	}
	return site, d, nil
}

// complete installs the finished form of the build just served (its search
// index) and tells open pages what changed, which is usually nothing.
func (s *Server) complete(res *Result, site *siteFiles, d fileDiff, took time.Duration) {
	s.printWarnings(res.Warnings)
	probs := problemsOf(s.opts.Source, s.opts.Lang, nil, res.Warnings)
	change, _ := changeOf(d, res.BasePath)
	s.mu.Lock()
	s.site = site
	s.builds++
	s.problems = probs
	first := !s.searched
	s.searched = true
	s.hub.broadcast(s.messageLocked("build", s.buildDataLocked(change)))
	s.mu.Unlock()
	if first {
		// The count of a whole build, the one `rensai build` reports.
		fmt.Fprintln(s.log, s.tr(msgSearchBuilt, len(site.files), duration(took))+s.draftsNote())
	} else {
		fmt.Fprintln(s.log, s.tr(msgSearchUpdated, duration(took)))
	}
}

// fail records a build error and shows its problems in every open page.
func (s *Server) fail(err error) {
	probs := problemsOf(s.opts.Source, s.opts.Lang, err, nil)
	var b strings.Builder
	for _, e := range diag.Collect(err) {
		b.WriteString(e.In(i18n.Lang(s.opts.Lang)))
		b.WriteByte('\n')
	}
	fmt.Fprintf(s.log, "%s\n%s\n", s.tr(msgBuildFailed), indent(strings.TrimSpace(b.String())))
	s.mu.Lock()
	s.failed = true
	s.problems = probs
	msg := s.messageLocked("failure", map[string]any{"build": s.buildIDLocked(), "problems": probs})
	s.hub.broadcast(msg)
	hadSite := s.site != nil
	s.mu.Unlock()
	if hadSite {
		fmt.Fprintln(s.log, s.tr(msgStillServing))
	}
	s.markReady()
}

// succeed installs a new good build and tells open pages what changed.
// changed is what the build was given (nil: everything).
func (s *Server) succeed(res *Result, site *siteFiles, d fileDiff, took time.Duration, changed []string) Change {
	s.printWarnings(res.Warnings)
	probs := problemsOf(s.opts.Source, s.opts.Lang, nil, res.Warnings)
	var change Change
	pages := 0
	if s.site != nil && s.site.base != res.BasePath {
		change, pages = Change{All: true}, countPages(site.files)
	} else {
		change, pages = changeOf(d, res.BasePath)
	}
	s.mu.Lock()
	hadError := s.failed
	s.site = site
	s.builds++
	if s.builds == 1 && res.Later == nil {
		s.searched = true // nothing follows the first build
	}
	s.failed = false
	s.problems = probs
	s.early = nil // site holds them
	s.hub.broadcast(s.messageLocked("build", s.buildDataLocked(change)))
	builds := s.builds
	urlLater := s.urlLater
	s.urlLater = ""
	s.mu.Unlock()

	switch {
	case builds == 1 && res.Later != nil:
		fmt.Fprintln(s.log, s.tr(msgBuiltPages, len(site.files), duration(took)))
	case builds == 1:
		fmt.Fprintln(s.log, s.tr(msgBuilt, len(site.files), duration(took))+s.draftsNote())
	default:
		fmt.Fprintln(s.log, s.rebuildLine(changed, change, pages, hadError, took))
	}
	if urlLater != "" {
		fmt.Fprintln(s.log, s.tr(msgURL, urlLater+site.base))
	}
	s.markReady()
	return change
}

// printWarnings prints the warnings not printed before, once each, a kind
// given more than ten times in one build summed up after five of them as
// rensai build does (diag.Grouped): the first build of an imported blog
// whose images stay on the old host would print one line per image.
func (s *Server) printWarnings(ws diag.List) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.warned == nil {
		s.warned = map[string]bool{}
	}
	lang := i18n.Lang(s.opts.Lang)
	var fresh diag.List
	for _, w := range ws {
		t := w.In(lang)
		if !s.warned[t] {
			s.warned[t] = true
			fresh = append(fresh, w)
		}
	}
	for _, t := range diag.Grouped(fresh, lang) {
		fmt.Fprintln(s.opts.WarnLog, s.tr(msgWarning, t))
	}
}

// buildDataLocked is the data of a "build" message.
func (s *Server) buildDataLocked(c Change) map[string]any {
	return map[string]any{"build": s.buildIDLocked(), "change": c, "problems": s.problems}
}

func (s *Server) markReady() { s.readyOnce.Do(func() { close(s.ready) }) }

// buildIDLocked names the current good build; it changes with every
// successful build and with every server process.
func (s *Server) buildIDLocked() string {
	return s.nonce + "-" + strconv.Itoa(s.builds)
}

func (s *Server) messageLocked(event string, v any) message {
	// v holds only strings, numbers, bools, slices of them and problems,
	// which always encode.
	data, _ := json.Marshal(v)
	return message{event: event, data: data}
}

// snapshot returns the state a request is served from.
func (s *Server) snapshot() (site *siteFiles, id string, probs []problem) {
	s.mu.RLock()
	defer s.mu.RUnlock()
	return s.site, s.buildIDLocked(), s.problems
}

// Serve watches opts.Source, builds the site, and serves it on ln until ctx
// is cancelled, then shuts down cleanly and returns nil. It closes ln.
func (s *Server) Serve(ctx context.Context, ln net.Listener) error {
	if s.opts.Source == "" {
		ln.Close()
		return errors.New("devserver: Options.Source is required")
	}
	w, err := NewWatcher(s.opts.Source, s.opts.Watch, s.log)
	if err != nil {
		ln.Close()
		return err
	}
	defer w.Close()

	srvCtx, stopStreams := context.WithCancel(context.Background())
	defer stopStreams()
	hs := &http.Server{
		Handler:           s.Handler(),
		ReadHeaderTimeout: 10 * time.Second,
		BaseContext:       func(net.Listener) context.Context { return srvCtx },
	}
	serveErr := make(chan error, 1)
	go func() { serveErr <- hs.Serve(ln) }()

	fmt.Fprintln(s.log, s.tr(msgBuilding))
	built := make(chan struct{})
	go func() {
		defer close(built)
		s.loop(ctx, w.Batches())
	}()

	select {
	case <-s.ready:
		host := "http://" + displayAddr(ln.Addr())
		base := "/"
		s.mu.Lock()
		if s.site != nil {
			base = s.site.base
		} else {
			s.urlLater = host // printed again, with the base, by the first good build
		}
		s.mu.Unlock()
		url := host + base
		fmt.Fprintln(s.log, s.tr(msgURL, url))
		if !isLoopback(s.opts.Bind) {
			fmt.Fprintln(s.log, s.tr(msgNetworkNote, s.opts.Bind))
		}
		fmt.Fprintln(s.log, s.tr(msgWatching))
		if s.opts.Open {
			if err := openBrowser(url); err != nil {
				fmt.Fprintln(s.log, s.tr(msgNoBrowser, err))
			}
		}
	case <-ctx.Done():
	case err := <-serveErr:
		return fmt.Errorf("HTTP server stopped: %w", err)
	}

	select {
	case <-ctx.Done():
	case err := <-serveErr:
		return fmt.Errorf("HTTP server stopped: %w", err)
	}
	fmt.Fprintln(s.log, s.tr(msgShuttingDown))
	<-built
	s.hub.close()
	stopStreams()
	shutCtx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
	defer cancel()
	if err := hs.Shutdown(shutCtx); err != nil {
		hs.Close()
	}
	return nil
}

// loop runs the first full build, then one rebuild per batch. A batch that
// arrives during a rebuild cancels it; the cancelled changes and the new
// batch are built right after. It returns when ctx is done or batches is
// closed, after the running build (if any) has returned.
func (s *Server) loop(ctx context.Context, batches <-chan Batch) {
	var (
		running bool
		cancel  context.CancelFunc = func() {}
		done                       = make(chan struct{}, 1)
		next    []string           // changes waiting for the next build
		nextAll bool
		waiting bool
	)
	start := func(changed []string) {
		var bctx context.Context
		bctx, cancel = context.WithCancel(ctx)
		running = true
		go func() {
			_ = s.Rebuild(bctx, changed)
			done <- struct{}{}
		}()
	}
	start(nil) // the first build: everything
	for {
		select {
		case b, ok := <-batches:
			if !ok {
				batches = nil
				if !running {
					return
				}
				continue
			}
			if b.All {
				nextAll, next = true, nil
			} else if !nextAll {
				next = mergePaths(next, b.Paths)
			}
			waiting = true
			if running {
				cancel() // Rebuild keeps what it did not finish
				continue
			}
			start(takeChanges(&next, &nextAll, &waiting))
		case <-done:
			running = false
			cancel()
			if ctx.Err() != nil || batches == nil {
				return
			}
			if waiting {
				start(takeChanges(&next, &nextAll, &waiting))
			}
		case <-ctx.Done():
			cancel()
			if running {
				<-done
			}
			return
		}
	}
}

func takeChanges(next *[]string, all, waiting *bool) []string {
	var c []string
	if !*all {
		c = *next
		if c == nil {
			c = []string{}
		}
	}
	*next, *all, *waiting = nil, false, false
	return c
}

// mergePaths returns the sorted union of a and b.
func mergePaths(a, b []string) []string {
	out := make([]string, 0, len(a)+len(b))
	out = append(out, a...)
	out = append(out, b...)
	slices.Sort(out)
	return slices.Compact(out)
}

func normalizeBase(b string) string {
	if b == "" {
		return "/"
	}
	if !strings.HasPrefix(b, "/") {
		b = "/" + b
	}
	if !strings.HasSuffix(b, "/") {
		b += "/"
	}
	return b
}

func displayAddr(a net.Addr) string {
	tcp, ok := a.(*net.TCPAddr)
	if !ok {
		return a.String()
	}
	host := tcp.IP.String()
	if tcp.IP.IsUnspecified() {
		host = "localhost"
	}
	return net.JoinHostPort(host, strconv.Itoa(tcp.Port))
}

func isLoopback(bind string) bool {
	if bind == "localhost" {
		return true
	}
	ip := net.ParseIP(bind)
	return ip != nil && ip.IsLoopback()
}

func indent(text string) string {
	return "  " + strings.ReplaceAll(text, "\n", "\n  ")
}

func roundDuration(d time.Duration) time.Duration {
	if d < time.Second {
		return d.Round(time.Millisecond)
	}
	return d.Round(10 * time.Millisecond)
}

// duration writes d for the terminal: "35ms", "1.25s".
func duration(d time.Duration) string {
	if d < time.Second {
		return fmt.Sprintf("%dms", d.Round(time.Millisecond).Milliseconds())
	}
	return roundDuration(d).String()
}
