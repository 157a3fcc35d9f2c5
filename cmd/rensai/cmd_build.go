package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"os/signal"
	"runtime/pprof"
	"strings"
	"syscall"
	"time"

	"github.com/rensai-ssg/rensai/generator"
	"github.com/rensai-ssg/rensai/generator/diag"
	"golang.org/x/term"
)

// interruptContext is cancelled on Ctrl-C or SIGTERM.
func interruptContext() (context.Context, context.CancelFunc) {
	return signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
}

// stopGrace is how long a command waits, after Ctrl-C or SIGTERM, for the
// work under way to stop by itself before it returns anyway (and the process
// exits). Every step of a build watches its context, so this is a bound for
// the rare step that cannot be interrupted, such as one huge Markdown file;
// a build stopped this way leaves its staging folder, which the next build
// removes.
const stopGrace = 700 * time.Millisecond

// errStopped is returned by untilStopped when fn did not return in time.
var errStopped = errors.New("interrupted")

// untilStopped runs fn and returns its error; once ctx is done it waits at
// most stopGrace more before returning errStopped, leaving fn running.
func untilStopped(ctx context.Context, fn func() error) error {
	done := make(chan error, 1)
	go func() { done <- fn() }()
	select {
	case err := <-done:
		return err
	case <-ctx.Done():
	}
	t := time.NewTimer(stopGrace)
	defer t.Stop()
	select {
	case err := <-done:
		return err
	case <-t.C:
		return errStopped
	}
}

func runBuild(args []string, stdout, stderr io.Writer) int {
	fs := newFlagSet("build", "build [--source DIR] [--destination DIR] [--baseURL URL] [--drafts] [--future] [--all-warnings] [--follow-symlinks] [--force] [--no-cache]", stderr)
	source := fs.String("source", ".", "site `directory` (holds rensai.toml and content/)")
	dest := fs.String("destination", "", "output `directory` (default SOURCE/public)")
	baseURL := fs.String("baseURL", "", "override the baseURL of rensai.toml, e.g. https://user.github.io/repo/")
	drafts := fs.Bool("drafts", false, "include drafts")
	future := fs.Bool("future", false, "include articles dated in the future")
	quiet := fs.Bool("quiet", false, "print errors and warnings only, not the summary")
	allWarnings := fs.Bool("all-warnings", false, "list every warning; without it a kind given more than ten times is listed five times and summed up")
	follow := fs.Bool("follow-symlinks", false, "follow symbolic links that stay inside the site (links leading outside are refused always)")
	force := fs.Bool("force", false, "replace a destination that does not hold an earlier rensai build")
	noCache := fs.Bool("no-cache", false, "render every article again instead of reading the renderings kept in .rensai-cache/render, and keep none")
	cpuProfile := fs.String("cpuprofile", "", "write a CPU profile of the build to `file` (for go tool pprof)")
	memProfile := fs.String("memprofile", "", "write a heap profile taken at the end of the build to `file`")
	if code := parseFlags(fs, args, stdout); code >= 0 {
		return code
	}
	if fs.NArg() > 0 {
		fmt.Fprintln(stderr, msg.T("main.unexpectedArg", "rensai build", fs.Arg(0)))
		fs.Usage()
		return exitUsage
	}
	stop, err := startProfiles(*cpuProfile, *memProfile)
	if err != nil {
		fmt.Fprintln(stderr, "rensai build:", err)
		return exitError
	}
	defer stop()
	ctx, cancel := interruptContext()
	defer cancel()
	opts := generator.Options{Source: *source, Destination: *dest, BaseURL: *baseURL, Drafts: *drafts, Future: *future,
		FollowSymlinks: *follow, Force: *force, NoCache: *noCache, WriteDictionary: childDictWriter(stderr)}
	if f, ok := stderr.(*os.File); ok && term.IsTerminal(int(f.Fd())) && !*quiet {
		opts.Progress = stderr
	}
	defer limitMemory(&opts)()
	start := time.Now()
	var rep *generator.Report
	err = untilStopped(ctx, func() (err error) {
		rep, err = generator.Build(ctx, opts)
		return err
	})
	stop()
	if err != nil && ctx.Err() != nil {
		fmt.Fprintln(stderr, msg.T("build.interrupted"))
		return exitError
	}
	if err != nil {
		printError(stderr, err)
		fmt.Fprintln(stderr, msg.T("build.failed"))
		return exitError
	}
	var lines []string
	if *allWarnings {
		for _, w := range rep.Warnings {
			lines = append(lines, w.In(msg.Lang()))
		}
	} else {
		lines = diag.Grouped(rep.Warnings, msg.Lang())
	}
	for _, line := range lines {
		fmt.Fprintln(stderr, msg.T("main.warning", line))
	}
	if !*quiet {
		printReport(stdout, rep, time.Since(start))
	}
	return exitOK
}

// printError prints each error of a joined error on its own line.
func printError(w io.Writer, err error) {
	for _, line := range strings.Split(localize(err), "\n") {
		if line != "" {
			fmt.Fprintln(w, msg.T("main.error", line))
		}
	}
}

func printReport(w io.Writer, rep *generator.Report, total time.Duration) {
	key := "build.summary"
	if rep.Articles == 1 {
		key = "build.summary.one" // "Built 1 article", not "1 articles"
	}
	fmt.Fprintln(w, msg.T(key, rep.Articles, rep.Series, rep.Pages, rep.Files, total.Round(time.Millisecond)))
	var parts []string
	for _, s := range rep.Steps {
		parts = append(parts, fmt.Sprintf("%s %s", s.Name, s.Duration.Round(time.Millisecond)))
	}
	fmt.Fprintln(w, msg.T("build.steps", strings.Join(parts, ", ")))
}

// startProfiles starts a CPU profile and arranges a heap profile; the
// returned function ends both and may be called more than once.
func startProfiles(cpu, mem string) (func(), error) {
	var cpuFile *os.File
	if cpu != "" {
		f, err := os.Create(cpu)
		if err != nil {
			return nil, err
		}
		if err := pprof.StartCPUProfile(f); err != nil {
			f.Close()
			return nil, err
		}
		cpuFile = f
	}
	done := false
	return func() {
		if done {
			return
		}
		done = true
		if cpuFile != nil {
			pprof.StopCPUProfile()
			cpuFile.Close()
		}
		if mem != "" {
			if f, err := os.Create(mem); err == nil {
				pprof.Lookup("allocs").WriteTo(f, 0)
				f.Close()
			}
		}
	}, nil
}
