package main

import (
	"fmt"
	"io"
	"time"

	"github.com/rensai-ssg/rensai/generator"
)

func init() {
	commands["new"] = command{summary: "write a new article or series skeleton (new post PATH, new series TITLE)", run: runNew}
}

func runNew(args []string, stdout, stderr io.Writer) int {
	fs := newFlagSet("new", "new post PATH [--series TITLE] [--title T] | new series TITLE [--slug SLUG]", stderr)
	source := fs.String("source", ".", "site `directory`")
	seriesTitle := fs.String("series", "", "series the post belongs to (default: the series of files with the same name stem)")
	title := fs.String("title", "", "the post's own title")
	slug := fs.String("slug", "", "URL name of a new series (default: from its title)")
	force := fs.Bool("force", false, "overwrite existing files")
	if len(args) == 0 {
		fs.Usage()
		return exitUsage
	}
	what, rest := args[0], args[1:]
	if what == "-h" || what == "--help" || what == "-help" {
		fs.SetOutput(stdout)
		fs.Usage()
		return exitOK
	}
	// Flags may come before or after the positional argument.
	var pos []string
	for len(rest) > 0 {
		if code := parseFlags(fs, rest, stdout); code >= 0 {
			return code
		}
		if fs.NArg() == 0 {
			break
		}
		pos = append(pos, fs.Arg(0))
		rest = fs.Args()[1:]
	}
	if len(pos) != 1 {
		fmt.Fprintf(stderr, "rensai new %s: give exactly one %s\n", what, map[bool]string{true: "PATH", false: "TITLE"}[what == "post"])
		fs.Usage()
		return exitUsage
	}
	switch what {
	case "post":
		path, err := generator.NewPost(*source, pos[0], generator.NewPostOptions{Series: *seriesTitle, Title: *title, Force: *force})
		if err != nil {
			fmt.Fprintln(stderr, "error:", err)
			return exitError
		}
		fmt.Fprintln(stdout, "created", path)
	case "series":
		paths, err := generator.NewSeries(*source, pos[0], *slug, time.Now(), *force)
		for _, p := range paths {
			fmt.Fprintln(stdout, "created", p)
		}
		if err != nil {
			fmt.Fprintln(stderr, "error:", err)
			return exitError
		}
	default:
		fmt.Fprintf(stderr, "rensai new: unknown kind %q; use post or series\n", what)
		return exitUsage
	}
	return exitOK
}
