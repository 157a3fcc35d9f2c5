package main

import (
	"context"
	"fmt"
	"io"
	"slices"

	"github.com/rensai-ssg/rensai/generator"
	"github.com/rensai-ssg/rensai/generator/devserver"
)

func runServe(args []string, stdout, stderr io.Writer) int {
	fs := newFlagSet("serve", "serve [--source DIR] [--bind ADDR] [--port N] [--drafts] [--future] [--open]", stderr)
	source := fs.String("source", ".", "site `directory` (holds rensai.toml and content/)")
	bind := fs.String("bind", devserver.DefaultBind, "`address` to listen on; 0.0.0.0 makes the site visible to other machines")
	port := fs.Int("port", devserver.DefaultPort, "TCP `port`; when taken, the next free one is used; 0 picks any free port")
	drafts := fs.Bool("drafts", true, "include drafts (marked 下書き); --drafts=false hides them")
	future := fs.Bool("future", false, "include articles dated in the future (marked 予約)")
	open := fs.Bool("open", false, "open the site in the default browser")
	if code := parseFlags(fs, args, stdout); code >= 0 {
		return code
	}
	if fs.NArg() > 0 {
		fmt.Fprintf(stderr, "rensai serve: unexpected argument %q\n", fs.Arg(0))
		fs.Usage()
		return exitUsage
	}
	ctx, cancel := interruptContext()
	defer cancel()
	err := serve(ctx, serveOptions{
		gen:  generator.Options{Source: *source, Drafts: *drafts, Future: *future},
		bind: *bind, port: *port, open: *open,
	}, stdout, stderr)
	if err != nil {
		printError(stderr, err)
		return exitError
	}
	return exitOK
}

type serveOptions struct {
	gen  generator.Options
	bind string
	port int
	open bool
}

// serve runs the dev server until ctx is cancelled. The URL, build
// summaries and build errors go to stdout; warnings go to stderr.
func serve(ctx context.Context, o serveOptions, stdout, stderr io.Writer) error {
	// Show each edit first; the search index follows (devserver Result.Later).
	o.gen.DeferSearch = true
	b, err := generator.NewBuilder(o.gen)
	if err != nil {
		return err
	}
	return devserver.Run(ctx, devserver.Options{
		Source:  o.gen.Source,
		Bind:    o.bind,
		Port:    o.port,
		Builder: &serveBuilder{b: b, warn: stderr},
		Log:     stdout,
		Open:    o.open,
	})
}

// serveBuilder adapts the generator's Builder to the dev server's (the
// generator does not import devserver). It prints each build's warnings
// that the previous build did not already print.
type serveBuilder struct {
	b    *generator.Builder
	warn io.Writer
	last []string // warnings of the previous successful build
	// lastSearch are the search index's warnings of the previous index.
	lastSearch []string
}

var _ devserver.Builder = (*serveBuilder)(nil)

// Build is called by one goroutine at a time.
func (a *serveBuilder) Build(ctx context.Context, changed []string) (*devserver.Result, error) {
	r, err := a.b.Build(ctx, changed)
	if err != nil {
		return nil, err
	}
	var warnings []string
	if r.Report != nil {
		warnings = r.Report.Warnings
	}
	for _, w := range warnings {
		if !slices.Contains(a.last, w) {
			fmt.Fprintln(a.warn, "warning:", w)
		}
	}
	a.last = slices.Clone(warnings)
	return a.result(r), nil
}

// result converts a generator result, and the one its Later returns.
func (a *serveBuilder) result(r *generator.Result) *devserver.Result {
	res := &devserver.Result{Files: r.Files, BasePath: r.BasePath}
	if r.Later != nil {
		res.Later = func(ctx context.Context) (*devserver.Result, error) {
			done, err := r.Later(ctx)
			if err != nil {
				return nil, err
			}
			var warnings []string
			if done.Report != nil {
				warnings = done.Report.Warnings
			}
			for _, w := range warnings {
				if !slices.Contains(a.lastSearch, w) {
					fmt.Fprintln(a.warn, "warning:", w)
				}
			}
			a.lastSearch = slices.Clone(warnings)
			return a.result(done), nil
		}
	}
	return res
}
