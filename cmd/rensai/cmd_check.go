package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"os/signal"
	"path/filepath"
	"runtime/debug"

	"github.com/rensai-ssg/rensai/generator"
	"github.com/rensai-ssg/rensai/generator/check"
	"github.com/rensai-ssg/rensai/generator/config"
)

// checkGCPercent is the garbage collector's target of rensai check, unless
// GOGC says otherwise.
const checkGCPercent = 400

func runCheck(args []string, stdout, stderr io.Writer) int {
	fl := newFlagSet("check", "check [--source DIR] [--baseURL URL] [--dir DIR] [--max-mb N]", stderr)
	source := fl.String("source", ".", "site root, the directory holding rensai.toml")
	baseURL := fl.String("baseURL", "", "URL the site is published at (default: baseURL of rensai.toml)")
	dir := fl.String("dir", "", "output directory to check (default: SOURCE/public)")
	maxMB := fl.Int64("max-mb", check.DefaultMaxBytes/1e6, "most the site's files may hold in all, in `MB` (10^6 bytes; GitHub Pages publishes at most 1 GB); 0: no limit")
	cpuProfile := fl.String("cpuprofile", "", "write a CPU profile of the check to `file` (for go tool pprof)")
	if code := parseFlags(fl, args, stdout); code >= 0 {
		return code
	}
	if fl.NArg() > 0 {
		fmt.Fprintln(stderr, msg.T("main.unexpectedArg", "rensai check", fl.Arg(0)))
		fl.Usage()
		return exitUsage
	}
	if *maxMB < 0 {
		fmt.Fprintln(stderr, msg.T("check.badMaxMB", *maxMB))
		fl.Usage()
		return exitUsage
	}
	maxBytes := *maxMB * 1_000_000
	if *maxMB == 0 {
		maxBytes = -1
	}

	stopProfile, err := startProfiles(*cpuProfile, "")
	if err != nil {
		printError(stderr, err)
		return exitError
	}
	defer stopProfile()
	if os.Getenv("GOGC") == "" {
		// What check keeps is the parsed tree, a few hundred MB at 10,000
		// articles, and the rest is garbage of reading: collecting four
		// times less often saves a tenth of the CPU for about 10% more
		// memory (docs/benchmarks.md).
		defer debug.SetGCPercent(debug.SetGCPercent(checkGCPercent))
	}
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt)
	defer stop()
	return checkSite(ctx, checkArgs{source: *source, dir: *dir, baseURL: *baseURL, maxBytes: maxBytes}, stdout, stderr)
}

// checkArgs are the flags of rensai check.
type checkArgs struct {
	source, dir, baseURL string
	maxBytes             int64 // check.Options.MaxBytes
}

// checkSite checks the output dir (default SOURCE/public) of the site at
// source, building it first if dir does not exist. When source holds a
// site (rensai.toml), the pages are compared with its model
// (generator.LoadModel): its series, its drafts and its base URL; a built
// folder alone is checked by the pages' own page data. The model's part
// comes from the manifest the build left when it still holds
// (generator.ManifestCheckOptions), so the sources are not read again. An
// existing output is read while the model loads.
func checkSite(ctx context.Context, a checkArgs, stdout, stderr io.Writer) int {
	source, dir, baseURL := a.source, a.dir, a.baseURL
	out := dir
	if out == "" {
		out = filepath.Join(source, "public")
	}
	_, statErr := os.Stat(out)
	read := readTreeAsync(ctx, out, statErr == nil)
	defer read.cancel()
	opts := check.Options{BaseURL: baseURL}
	if man, ok := generator.ManifestCheckOptions(source, out, baseURL); ok && statErr == nil {
		opts = man
	} else if _, err := os.Stat(filepath.Join(source, config.FileName)); err == nil {
		m, err := generator.LoadModel(ctx, generator.Options{Source: source, BaseURL: baseURL})
		switch {
		case errors.Is(err, generator.ErrNoContent):
			if opts.BaseURL == "" {
				opts.BaseURL = m.Config.BaseURL
			}
		case err != nil:
			printError(stderr, err)
			fmt.Fprintln(stderr, msg.T("check.sourceErrors"))
			return exitError
		default:
			opts = generator.CheckOptions(m, baseURL)
		}
	}
	if errors.Is(statErr, os.ErrNotExist) && dir != "" {
		fmt.Fprintln(stderr, msg.T("check.noDir", dir, dir))
		return exitError
	} else if errors.Is(statErr, os.ErrNotExist) {
		fmt.Fprintln(stderr, "rensai check: "+msg.T("prebuild.missing", out))
		_, err := generator.Build(ctx, generator.Options{Source: source, Destination: dir, BaseURL: baseURL, Log: stderr})
		if err != nil {
			fmt.Fprintln(stderr, msg.T("check.buildFailed", err))
			return exitError
		}
		read = readTreeAsync(ctx, out, true)
		defer read.cancel()
	} else if statErr != nil {
		fmt.Fprintln(stderr, msg.T("check.failed", statErr))
		return exitError
	}
	opts.Lang = msg.Lang()
	opts.MaxBytes = a.maxBytes
	rep, err := read.check(ctx, opts)
	if errors.Is(err, check.ErrNoBaseURL) {
		fmt.Fprintln(stderr, msg.T("check.noBaseURL"))
		return exitError
	} else if err != nil {
		fmt.Fprintln(stderr, msg.T("check.failed", err))
		return exitError
	}
	printProblemGroups(stdout, out, rep.Problems)
	fmt.Fprintln(stdout, rep.Summary())
	if rep.Hint != "" {
		fmt.Fprintln(stdout, msg.T("check.hintLine", rep.Hint))
	}
	if rep.SizeNote != "" {
		fmt.Fprintln(stdout, msg.T("check.noteLine", rep.SizeNote))
	}
	if !rep.OK() {
		return exitError
	}
	return exitOK
}

// treeRead is an output tree being read in the background.
type treeRead struct {
	done   chan struct{}
	tree   *check.Tree
	err    error
	cancel func() // stops the reading and waits for it
}

// readTreeAsync starts reading the output folder out, when start is true.
func readTreeAsync(ctx context.Context, out string, start bool) *treeRead {
	r := &treeRead{done: make(chan struct{})}
	if !start {
		close(r.done)
		r.cancel = func() {}
		return r
	}
	ctx, stop := context.WithCancel(ctx)
	go func() {
		defer close(r.done)
		r.tree, r.err = check.Read(ctx, os.DirFS(out), 0)
	}()
	r.cancel = func() { stop(); <-r.done }
	return r
}

// check waits for the reading and checks the tree with opts.
func (r *treeRead) check(ctx context.Context, opts check.Options) (*check.Report, error) {
	<-r.done
	if r.err != nil {
		return nil, r.err
	}
	return r.tree.Check(ctx, opts)
}
