package main

import (
	"context"
	"fmt"
	"io"
	"slices"

	"github.com/rensai-ssg/rensai/generator"
	"github.com/rensai-ssg/rensai/generator/devserver"
	"github.com/rensai-ssg/rensai/generator/diag"
	"github.com/rensai-ssg/rensai/generator/i18n"
)

func runServe(args []string, stdout, stderr io.Writer) int {
	fs := newFlagSet("serve", "serve [--source DIR] [--bind ADDR] [--port N] [--drafts] [--future] [--follow-symlinks] [--open]", stderr)
	source := fs.String("source", ".", "site `directory` (holds rensai.toml and content/)")
	bind := fs.String("bind", devserver.DefaultBind, "`address` to listen on; 0.0.0.0 makes the site visible to other machines")
	port := fs.Int("port", devserver.DefaultPort, "TCP `port`; when taken, the next free one is used; 0 picks any free port")
	drafts := fs.Bool("drafts", true, "include drafts (marked 下書き); --drafts=false hides them")
	future := fs.Bool("future", false, "include articles dated in the future (marked 予約)")
	open := fs.Bool("open", false, "open the site in the default browser")
	follow := fs.Bool("follow-symlinks", false, "follow symbolic links that stay inside the site (links leading outside are refused always)")
	if code := parseFlags(fs, args, stdout); code >= 0 {
		return code
	}
	if fs.NArg() > 0 {
		fmt.Fprintln(stderr, msg.T("main.unexpectedArg", "rensai serve", fs.Arg(0)))
		fs.Usage()
		return exitUsage
	}
	if *port < 0 || *port > 65535 {
		fmt.Fprintln(stderr, msg.T("serve.badPort", *port))
		return exitUsage
	}
	ctx, cancel := interruptContext()
	defer cancel()
	err := untilStopped(ctx, func() error { // Ctrl-C stops even a wedged build
		return serve(ctx, serveOptions{
			gen:  generator.Options{Source: *source, Drafts: *drafts, Future: *future, FollowSymlinks: *follow},
			bind: *bind, port: *port, open: *open,
		}, stdout, stderr)
	})
	if err != nil && err != errStopped {
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
	lang string // devserver.LangJapanese or LangEnglish; "" is the CLI's language
}

// devserverLang is the dev server's language for the CLI's (--lang, else
// the locale); its messages are the serve.* entries of the catalog.
func devserverLang(l i18n.Lang) string {
	if l == i18n.Japanese {
		return devserver.LangJapanese
	}
	return devserver.LangEnglish
}

// serve runs the dev server until ctx is cancelled. The URL, build
// summaries and build errors go to stdout; warnings go to stderr. The
// server speaks the CLI's language: Japanese with --lang ja or a Japanese
// locale (LC_ALL, LC_MESSAGES or LANG = ja_*), English otherwise.
func serve(ctx context.Context, o serveOptions, stdout, stderr io.Writer) error {
	// Show each edit first; the search index follows (devserver Result.Later).
	o.gen.DeferSearch = true
	// kagome's embedded dictionary would stay in this process for good.
	o.gen.WriteDictionary = childDictWriter(stderr)
	defer limitServeMemory(&o.gen)()
	b, err := generator.NewBuilder(o.gen)
	if err != nil {
		return err
	}
	lang := o.lang
	if lang == "" {
		lang = devserverLang(msg.Lang())
	}
	return devserver.Run(ctx, devserver.Options{
		Source:  o.gen.Source,
		Bind:    o.bind,
		Port:    o.port,
		Builder: &serveBuilder{b: b},
		Log:     stdout,
		WarnLog: stderr,
		Lang:    lang,
		Drafts:  o.gen.Drafts,
		Open:    o.open,
	})
}

// serveBuilder adapts the generator's Builder to the dev server's (the
// generator does not import devserver).
type serveBuilder struct {
	b *generator.Builder
	// buildWarnings are the warnings of the last build before its search
	// index, which the index's result repeats with its own.
	buildWarnings diag.List
}

var (
	_ devserver.StreamBuilder = (*serveBuilder)(nil)
	_ devserver.FirstRenderer = (*serveBuilder)(nil)
)

// RenderFirst has the generator render the pages open in browsers before
// the others (devserver.FirstRenderer).
func (a *serveBuilder) RenderFirst(files []string) { a.b.RenderFirst(files) }

// Build is called by one goroutine at a time.
func (a *serveBuilder) Build(ctx context.Context, changed []string) (*devserver.Result, error) {
	r, err := a.b.Build(ctx, changed)
	if err != nil {
		return nil, err
	}
	a.buildWarnings = warningsOf(r.Report)
	return a.result(r, a.buildWarnings), nil
}

// BuildTo hands each file to the server as the generator writes it, which
// the server compresses at once (devserver.StreamBuilder); the server
// calls it rather than Build.
func (a *serveBuilder) BuildTo(ctx context.Context, changed []string, sink devserver.Sink) (*devserver.Result, error) {
	r, err := a.b.BuildTo(ctx, changed, sink)
	if err != nil {
		return nil, err
	}
	a.buildWarnings = warningsOf(r.Report)
	return a.result(r, a.buildWarnings), nil
}

// result converts a generator result, and the one its Later returns. The
// Later it sets holds the generator's Later only, not r: the server drops
// a result's files once it has stored them, and nothing here may keep
// them alive while the search index is built.
func (a *serveBuilder) result(r *generator.Result, warnings diag.List) *devserver.Result {
	res := &devserver.Result{Files: r.Files, Unchanged: r.Unchanged, BasePath: r.BasePath, Warnings: warnings}
	if later := r.Later; later != nil {
		res.Later = func(ctx context.Context) (*devserver.Result, error) {
			done, err := later(ctx)
			if err != nil {
				return nil, err
			}
			all := append(slices.Clone(a.buildWarnings), warningsOf(done.Report)...)
			return a.result(done, all), nil
		}
	}
	return res
}

// warningsOf returns a report's warnings as problems, each at its file
// and line, worded in the author's language where the catalog has it.
func warningsOf(rep *generator.Report) diag.List {
	if rep == nil {
		return nil
	}
	return slices.Clone(rep.Warnings)
}
