// Package devserver is rensai's development server: `rensai serve`.
//
// It builds the site into memory (public/ is never touched), serves it over
// HTTP on 127.0.0.1, watches the site's sources and rebuilds when they
// change, and tells every open page what to do about the new build:
//
//   - a page whose HTML changed fetches itself again and live.js merges the
//     new page into the live one (what the theme's scripts added stays);
//     when scripts, stylesheet links or <base> changed, it reloads and keeps
//     its scroll position instead;
//   - when only stylesheets changed, pages swap them without reloading;
//   - a page that no longer exists moves to its series page, or to the home
//     page when it had none;
//   - a "not found" page reloads when the page it asked for appears;
//   - a failed build shows an overlay in every open page while the last
//     good build is still served: each problem (from diag.Collect on the
//     build's error) with its file, line and column, the source lines around
//     it, and a close button; a good build's warnings show the same way;
//     fixing the file removes the overlay and reloads;
//   - after a server restart, pages reconnect by themselves and reload once if
//     the build changed.
//
// # Lifecycle
//
// Run is New, Listen and Serve in one call. Serve starts a Watcher on the site
// (content/, layouts/, static/, themes/ and rensai.toml), runs the first full
// build while requests wait for it, then loops: each Batch of changed paths
// from the watcher starts Server.Rebuild; a newer batch cancels a rebuild in
// flight (through its context) and is built right after, together with the
// changes the cancelled build did not finish. Cancelling Serve's context
// stops the watcher, cancels any build, ends the event streams and shuts the
// HTTP server down.
//
// # What gets built
//
// The generator does the work through the Builder interface, which this
// package owns; a Result is the complete output as an in-memory file set.
// The server diffs each new Result against the previous good one to decide
// what browsers are told. The reload script is injected only into HTML
// responses at serve time, never into a Result.
//
// # Safety
//
// The server binds to 127.0.0.1 unless told otherwise and serves only from
// the in-memory file set, so no request path can read the disk; paths with
// ".." segments, backslashes or NUL get 400. While bound to a loopback
// address it answers only requests whose Host is localhost or a loopback
// address, so another site cannot read drafts through DNS rebinding. The
// event stream carries URL paths, build ids and build problems, never
// file contents beyond the few source lines around a problem, read through
// an os.Root on the site so that no path in an error can reach outside it.
// Every response has Cache-Control: no-store, except the reload script at
// the versioned URL pages load it from, whose bytes never change.
//
// # Memory
//
// The server keeps each built file once, gzip-compressed (store.go), and
// drops the builder's Result as soon as its files are stored (also while
// its Later runs); a builder may name unchanged files instead of handing
// their bytes back (Result.Unchanged), and a StreamBuilder hands each file
// over as it writes it, to be compressed at once: a page goes
// out as stored to a browser that accepts gzip, with the reload script
// spliced in as a stored deflate block, and is decompressed for a client
// that does not. A rebuild compresses only the files whose bytes changed.
//
// # Messages
//
// Every message to the author is in one table (messages.go), in English and
// Japanese; Options.Lang chooses. Each rebuild prints what changed, what it
// did and how long it took:
//
//	content/posts/renji-02.md を更新 → 11 ページを再生成 (35ms)
package devserver

import (
	"context"
	"errors"
	"fmt"
	"io"
	"net"
	"os/exec"
	"runtime"
	"strconv"
	"syscall"

	"github.com/rensai-ssg/rensai/generator/diag"
)

// Builder builds the site. The generator implements it.
type Builder interface {
	// Build builds the site. changed lists source paths relative to the
	// site root (slash-separated, e.g. "content/posts/a.md",
	// "themes/default/assets/css/style.css") that changed since the last
	// successful call; nil means "unknown: rebuild everything". Build must
	// return promptly with ctx.Err() when ctx is cancelled.
	Build(ctx context.Context, changed []string) (*Result, error)
}

// Sink receives files as a builder writes them. It is safe for
// concurrent use; it keeps data, which the builder must not modify
// afterwards.
type Sink interface {
	WriteFile(name string, data []byte) error
}

// StreamBuilder is a Builder that can hand each file to the server as it
// writes it: the server compresses it at once, so that no build holds the
// whole site uncompressed (the first build, with every page, is the dev
// server's peak of memory otherwise). The files written to sink belong to
// the build as if they were in its Result's Files, which may still hold
// others; Unchanged and Later mean what they mean for Build. A build that
// fails or is cancelled leaves what it wrote unused.
type StreamBuilder interface {
	Builder
	BuildTo(ctx context.Context, changed []string, sink Sink) (*Result, error)
}

// FirstRenderer is a StreamBuilder that can write some files before the
// others: before each build the server names the pages open in browsers
// ("posts/a/index.html"), and as soon as one of them is stored changed it
// serves it and tells the pages showing it, before the build ends.
type FirstRenderer interface {
	RenderFirst(files []string)
}

// FirstSink is the Sink the server hands a FirstRenderer's BuildTo. The
// builder calls FirstWritten once it has written the files RenderFirst
// named (changed or not), before it renders any other file; when one of
// them was shown early, the call returns once a browser shows it, after a
// short while at most, or when ctx is done (early.go), and reports true:
// the rest of the build is then work nobody waits for, which should leave
// a core to the browser and the next save.
type FirstSink interface {
	Sink
	FirstWritten(ctx context.Context) bool
}

// Result is the complete output of one build.
type Result struct {
	// Files maps a slash-separated path inside the site ("posts/a/index.html",
	// "404.html") to its bytes. The server never modifies the slices; a
	// builder may hand back the same slice for an unchanged file, which the
	// server then recognises without comparing bytes. Once it has stored
	// them, the server sets Files and Unchanged to nil, so that the
	// Result it keeps while Later runs holds no copy of the site.
	Files map[string][]byte
	// BasePath is the path the site lives under: "/" or e.g. "/repo/".
	BasePath string
	// Unchanged names files left out of Files because their bytes are
	// those of the same path in the previous successful build (or its
	// Later): the server serves its stored copy, so a builder that
	// remembers only a fingerprint of each output need not keep the bytes.
	// A name the previous build did not have is an error.
	Unchanged []string
	// Later, if set, finishes what the builder left for after the pages
	// (the search index): the server serves Files at once, tells open
	// pages, then calls Later with the same context and serves the
	// complete result it returns. A newer change cancels it like a build.
	Later func(ctx context.Context) (*Result, error)
	// Warnings are the build's problems that did not stop it. Open pages
	// show them in the overlay; the terminal shows each once.
	Warnings diag.List
}

// Options configures a Server.
type Options struct {
	// Source is the site root, watched for changes. Required by Serve and Run.
	Source string
	// Bind is the address to listen on; default 127.0.0.1.
	Bind string
	// Port is the TCP port; 0 picks a free one. Run tries the following
	// ports when it is taken.
	Port int
	// Builder builds the site. Required.
	Builder Builder
	// Log receives the URL, build summaries and build errors; nil discards.
	Log io.Writer
	// WarnLog receives the builds' warnings; nil means Log.
	WarnLog io.Writer
	// Lang is the language of every message: LangJapanese or LangEnglish
	// (the default).
	Lang string
	// Drafts says the builder includes drafts, so that the file count of
	// the first build is said to be that of a build with drafts.
	Drafts bool
	// Open opens the site in the default browser after the first build.
	Open bool
	// Watch tunes the watcher; the zero value is the default.
	Watch WatchOptions
}

// DefaultBind is the address the server listens on unless told otherwise.
const DefaultBind = "127.0.0.1"

// DefaultPort is the port `rensai serve` tries first.
const DefaultPort = 1313

// portAttempts is how many consecutive ports Listen tries when the
// requested one is taken.
const portAttempts = 20

// Run serves the site in opts until ctx is cancelled (Ctrl-C). It returns
// nil after a clean shutdown.
func Run(ctx context.Context, opts Options) error {
	s, err := New(opts)
	if err != nil {
		return err
	}
	ln, err := listen(opts.Bind, opts.Port, s.log, opts.Lang)
	if err != nil {
		return err
	}
	return s.Serve(ctx, ln)
}

// Listen opens a TCP listener on bind:port (bind "" means DefaultBind). When
// port is taken it says so on log and tries the next ports; port 0 lets the
// system pick.
func Listen(bind string, port int, log io.Writer) (net.Listener, error) {
	return listen(bind, port, log, LangEnglish)
}

func listen(bind string, port int, log io.Writer, lang string) (net.Listener, error) {
	if bind == "" {
		bind = DefaultBind
	}
	if log == nil {
		log = io.Discard
	}
	if port < 0 || port > 65535 {
		return nil, fmt.Errorf("port %d is out of range: use 0 to 65535 (0 picks a free port)", port)
	}
	var firstErr error
	for i := 0; i < portAttempts; i++ {
		p := port + i
		if p > 65535 {
			break
		}
		ln, err := net.Listen("tcp", net.JoinHostPort(bind, strconv.Itoa(p)))
		if err == nil {
			if i > 0 {
				fmt.Fprintln(log, text(lang, msgPortInUse, port, p))
			}
			return ln, nil
		}
		if port == 0 || !errors.Is(err, syscall.EADDRINUSE) {
			return nil, fmt.Errorf("cannot listen on %s: %w", net.JoinHostPort(bind, strconv.Itoa(p)), err)
		}
		if firstErr == nil {
			firstErr = err
		}
	}
	return nil, fmt.Errorf("ports %d to %d are all in use: choose another with --port, or --port 0 for any free port: %w", port, port+portAttempts-1, firstErr)
}

// openBrowser opens url in the user's default browser, in the background.
func openBrowser(url string) error {
	var cmd *exec.Cmd
	switch runtime.GOOS {
	case "darwin":
		cmd = exec.Command("open", url)
	case "windows":
		cmd = exec.Command("rundll32", "url.dll,FileProtocolHandler", url)
	default:
		cmd = exec.Command("xdg-open", url)
	}
	if err := cmd.Start(); err != nil {
		return err
	}
	go cmd.Wait() //nolint:errcheck // the browser's exit status is not ours
	return nil
}
