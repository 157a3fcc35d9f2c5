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
)

// Server serves the latest good build of a site from memory and tells open
// pages about new builds. Create it with New; it is safe for concurrent use.
type Server struct {
	opts Options
	log  io.Writer
	hub  *hub
	// laterWait bounds how long Result.Later waits for a reloading page.
	laterWait time.Duration

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

	mu      sync.RWMutex // guards the fields below and orders hub messages
	site    *Result      // last good build; nil until one succeeds
	builds  int          // successful builds so far
	errText string       // the latest build's error; "" after a success
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
	var b [6]byte
	if _, err := rand.Read(b[:]); err != nil {
		return nil, fmt.Errorf("devserver: %w", err)
	}
	return &Server{
		opts:       opts,
		log:        log,
		hub:        newHub(),
		laterWait:  500 * time.Millisecond,
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
	res, err := s.opts.Builder.Build(ctx, arg)
	if res, err = s.checked(ctx, res, err); err != nil {
		return err
	}
	s.unbuilt, s.unbuiltAll = nil, false
	joined, open := s.hub.nextJoin()
	change := s.succeed(res, time.Since(start))
	if res.Later != nil && open > 0 && (len(change.Pages) > 0 || len(change.Removed) > 0 || change.All) {
		// Let a reloading page load before the rest of the build takes
		// the CPU: go on when a page reconnects, or after laterWait.
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
		if next, err = s.checked(ctx, next, err); err != nil {
			return err // when cancelled, the next build finishes it
		}
		s.complete(next, time.Since(start))
		res = next
	}
	return nil
}

// checked takes what a build (or its Later) returned: a cancelled build
// gives the context's error; a failed one is shown in every open page; a
// good one is normalised.
func (s *Server) checked(ctx context.Context, res *Result, err error) (*Result, error) {
	if err == nil && res == nil {
		err = errors.New("the builder returned no result")
	}
	if err != nil {
		if ctx.Err() != nil {
			return nil, ctx.Err()
		}
		s.fail(err)
		return nil, err
	}
	if res.Files == nil {
		res.Files = map[string][]byte{}
	}
	res.BasePath = normalizeBase(res.BasePath)
	return res, nil
}

// complete installs the finished form of the build just served (its search
// index) and tells open pages what changed, which is usually nothing.
func (s *Server) complete(res *Result, took time.Duration) {
	s.mu.Lock()
	change := diffFiles(s.site.Files, res.Files, res.BasePath)
	s.site = res
	s.builds++
	s.hub.broadcast(s.messageLocked("build", map[string]any{"build": s.buildIDLocked(), "change": change}))
	s.mu.Unlock()
	fmt.Fprintf(s.log, "Search index updated in %s.\n", roundDuration(took))
}

// fail records a build error and shows it in every open page.
func (s *Server) fail(err error) {
	text := strings.TrimSpace(err.Error())
	fmt.Fprintf(s.log, "Build failed:\n%s\n", indent(text))
	s.mu.Lock()
	s.errText = text
	msg := s.messageLocked("failure", map[string]any{"build": s.buildIDLocked(), "error": text})
	s.hub.broadcast(msg)
	hadSite := s.site != nil
	s.mu.Unlock()
	if hadSite {
		fmt.Fprintln(s.log, "Still serving the last good build; fix the file and save to rebuild.")
	}
	s.markReady()
}

// succeed installs a new good build and tells open pages what changed.
func (s *Server) succeed(res *Result, took time.Duration) Change {
	s.mu.Lock()
	var old map[string][]byte
	oldBase := ""
	if s.site != nil {
		old, oldBase = s.site.Files, s.site.BasePath
	}
	var change Change
	if oldBase != res.BasePath && s.site != nil {
		change = Change{All: true}
	} else {
		change = diffFiles(old, res.Files, res.BasePath)
	}
	hadError := s.errText != ""
	s.site = res
	s.builds++
	s.errText = ""
	s.hub.broadcast(s.messageLocked("build", map[string]any{"build": s.buildIDLocked(), "change": change}))
	builds := s.builds
	s.mu.Unlock()

	switch {
	case builds == 1:
		fmt.Fprintf(s.log, "Built %d files in %s.\n", len(res.Files), roundDuration(took))
	case hadError:
		fmt.Fprintf(s.log, "Fixed: rebuilt in %s.\n", roundDuration(took))
	case change.All:
		fmt.Fprintf(s.log, "Rebuilt in %s; reloading every open page.\n", roundDuration(took))
	default:
		fmt.Fprintf(s.log, "Rebuilt in %s: %d pages changed, %d removed, %d stylesheets.\n",
			roundDuration(took), len(change.Pages), len(change.Removed), len(change.CSS))
	}
	s.markReady()
	return change
}

func (s *Server) markReady() { s.readyOnce.Do(func() { close(s.ready) }) }

// buildIDLocked names the current good build; it changes with every
// successful build and with every server process.
func (s *Server) buildIDLocked() string {
	return s.nonce + "-" + strconv.Itoa(s.builds)
}

func (s *Server) messageLocked(event string, v any) message {
	// v holds only strings, bools and string slices, which always encode.
	data, _ := json.Marshal(v)
	return message{event: event, data: data}
}

// snapshot returns the state a request is served from.
func (s *Server) snapshot() (site *Result, id, errText string) {
	s.mu.RLock()
	defer s.mu.RUnlock()
	return s.site, s.buildIDLocked(), s.errText
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

	fmt.Fprintln(s.log, "Building the site...")
	built := make(chan struct{})
	go func() {
		defer close(built)
		s.loop(ctx, w.Batches())
	}()

	select {
	case <-s.ready:
		site, _, _ := s.snapshot()
		base := "/"
		if site != nil {
			base = site.BasePath
		}
		url := "http://" + displayAddr(ln.Addr()) + base
		fmt.Fprintf(s.log, "\n  %s\n\n", url)
		if !isLoopback(s.opts.Bind) {
			fmt.Fprintf(s.log, "Note: listening on %s, so other machines on the network can see the site.\n", s.opts.Bind)
		}
		fmt.Fprintln(s.log, "Watching for changes. Press Ctrl-C to stop.")
		if s.opts.Open {
			if err := openBrowser(url); err != nil {
				fmt.Fprintf(s.log, "Could not open a browser: %v\n", err)
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
	fmt.Fprintln(s.log, "\nShutting down...")
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
