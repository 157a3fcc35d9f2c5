package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"path/filepath"
	"strings"

	"github.com/rensai-ssg/rensai/generator"
	"github.com/rensai-ssg/rensai/generator/author"
	"github.com/rensai-ssg/rensai/internal/spell"
)

func runNew(args []string, stdout, stderr io.Writer) int {
	top := newFlagSet("new", "new post NAME [flags] | new series TITLE [flags]", stderr)
	if len(args) == 0 {
		top.Usage()
		return exitUsage
	}
	switch what := args[0]; what {
	case "post":
		return runNewPost(args[1:], stdout, stderr)
	case "series":
		return runNewSeries(args[1:], stdout, stderr)
	case "-h", "--help", "-help":
		top.SetOutput(stdout)
		top.Usage()
		return exitOK
	default:
		fmt.Fprintln(stderr, msg.T("new.unknownKind", what))
		if s := spell.Suggest(what, []string{"post", "series"}); s != "" {
			fmt.Fprintln(stderr, msg.T("main.didYouMean", "rensai new "+s))
		} else if strings.HasSuffix(what, ".md") || strings.Contains(what, "/") {
			// Hugo's form, hugo new posts/a.md: the kind comes first here.
			fmt.Fprintln(stderr, msg.T("main.didYouMean", "rensai new post "+strings.Join(args, " ")))
		}
		return exitUsage
	}
}

// parseWithOne parses flags that may come before or after one positional
// argument, and returns it; ok is false when the command should stop with
// code.
func parseWithOne(fs *flag.FlagSet, args []string, stdout io.Writer, what string) (arg string, code int, ok bool) {
	var pos []string
	for {
		if code := parseFlags(fs, args, stdout); code >= 0 {
			return "", code, false
		}
		if fs.NArg() == 0 {
			break
		}
		pos = append(pos, fs.Arg(0))
		args = fs.Args()[1:]
	}
	if len(pos) != 1 {
		fmt.Fprintln(fs.Output(), msg.T("new.giveOne", fs.Name(), what))
		fmt.Fprintln(fs.Output(), msg.T("main.seeCommandHelp", fs.Name()))
		return "", exitUsage, false
	}
	return pos[0], 0, true
}

func runNewPost(args []string, stdout, stderr io.Writer) int {
	fs := newFlagSet("new post", "new post NAME [--series TITLE] [--title T] [--force] [--source DIR]", stderr)
	source := fs.String("source", ".", "site `directory`")
	seriesTitle := fs.String("series", "", "series the post joins: its `title`, or the slug of content/series/SLUG.md (default: the series its file name says)")
	title := fs.String("title", "", "the post's own `title`")
	force := fs.Bool("force", false, "overwrite an existing file; after a final part, move final: true to the new part")
	name, code, ok := parseWithOne(fs, args, stdout, "NAME")
	if !ok {
		return code
	}
	p, err := author.NewPost(context.Background(), *source, name, author.PostOptions{Series: *seriesTitle, Title: *title, Force: *force})
	if err != nil {
		return printNewError(stderr, err)
	}
	fmt.Fprintln(stdout, msg.T("new.created", p.Path))
	switch {
	case p.Series != "":
		fmt.Fprintln(stdout, msg.T("new.inSeries", p.Series, p.Part))
	default:
		fmt.Fprintln(stdout, msg.T("new.noSeries"))
	}
	if p.FinalFrom != "" {
		fmt.Fprintln(stdout, msg.T("new.finalMoved", p.FinalFrom, p.Path))
	}
	fmt.Fprintln(stdout, msg.T("new.draft"))
	return exitOK
}

func runNewSeries(args []string, stdout, stderr io.Writer) int {
	fs := newFlagSet("new series", "new series TITLE [--slug SLUG] [--force] [--source DIR]", stderr)
	source := fs.String("source", ".", "site `directory`")
	slug := fs.String("slug", "", "URL `name` of the series (default: from its title)")
	force := fs.Bool("force", false, "overwrite existing files, and allow a title another series has")
	title, code, ok := parseWithOne(fs, args, stdout, "TITLE")
	if !ok {
		return code
	}
	paths, err := author.NewSeries(context.Background(), *source, title, author.SeriesOptions{Slug: *slug, Slugify: generator.SeriesSlug, Force: *force})
	for _, p := range paths {
		fmt.Fprintln(stdout, msg.T("new.created", p))
	}
	if err != nil {
		return printNewError(stderr, err)
	}
	fmt.Fprintln(stdout, msg.T("new.seriesNext", nextPartName(paths[len(paths)-1]), filepath.Join(*source, "content", "posts")))
	fmt.Fprintln(stdout, msg.T("new.draft"))
	return exitOK
}

// nextPartName is the NAME to give rensai new post for the part after the
// first part written at path (content/posts/nyukan-01.md: nyukan-02).
func nextPartName(path string) string {
	return strings.TrimSuffix(filepath.Base(path), "-01.md") + "-02"
}

// printNewError prints an error of package author in the author's
// language and returns the exit code: 2 for a name, title, slug or site
// folder that cannot be used as given, 1 for the state of the site.
func printNewError(w io.Writer, err error) int {
	var e *author.Error
	if !errors.As(err, &e) {
		fmt.Fprintln(w, msg.T("main.error", err))
		return exitError
	}
	var text string
	switch e.Kind {
	case author.Exists:
		text = msg.T("new.err.exists", e.Path)
	case author.BadName:
		text = msg.T("new.err.badName", e.Name)
	case author.NoTitle:
		text = msg.T("new.err.noTitle")
	case author.BadSlug:
		text = msg.T("new.err.badSlug", e.Name)
	case author.AfterFinal:
		text = msg.T("new.err.afterFinal", e.Path, e.Line, e.Part, e.Series)
	case author.CannotMoveFinal:
		text = msg.T("new.err.cannotMoveFinal", e.Path, e.Line)
	case author.SeriesExists:
		text = msg.T("new.err.seriesExists", e.Series, e.Path)
	case author.NoArchetype:
		text = msg.T("new.err.noArchetype", e.Name, e.Path)
	case author.BadArchetype:
		text = msg.T("new.err.badArchetype", e.Path, e.Line)
	case author.CloseSeries:
		text = msg.T("new.err.closeSeries", e.Series, e.Name, e.Path)
	case author.NoSite:
		text = msg.T("new.err.noSite", e.Path)
	default:
		text = e.Error()
	}
	fmt.Fprintln(w, msg.T("main.error", text))
	switch e.Kind {
	case author.BadName, author.BadSlug, author.NoTitle, author.NoSite:
		return exitUsage
	}
	return exitError
}
