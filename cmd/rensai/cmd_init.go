package main

import (
	"errors"
	"flag"
	"fmt"
	"io"
	"path/filepath"

	"github.com/rensai-ssg/rensai/generator/scaffold"
)

func init() {
	commands["init"] = command{
		summary: "create a new site in a directory (init [--force] DIR)",
		run:     runInit,
	}
}

func runInit(args []string, stdout, stderr io.Writer) int {
	fl := flag.NewFlagSet("rensai init", flag.ContinueOnError)
	fl.SetOutput(stderr)
	fl.Usage = func() {}
	force := fl.Bool("force", false, "write into a directory that is not empty, replacing files with the same names (never deletes a file)")
	usage := func(w io.Writer) {
		fmt.Fprintln(w, "Usage: rensai init [--force] DIR")
		fmt.Fprintln(w, "\nCreates a new site in DIR: rensai.toml, a sample series of two parts,")
		fmt.Fprintln(w, ".gitignore, a GitHub Pages workflow and a README.md.\n\nFlags:")
		fl.SetOutput(w)
		fl.PrintDefaults()
		fl.SetOutput(stderr)
	}
	// Flags may come before or after DIR.
	var dirs []string
	for {
		if err := fl.Parse(args); err != nil {
			if errors.Is(err, flag.ErrHelp) {
				usage(stdout)
				return exitOK
			}
			usage(stderr)
			return exitUsage
		}
		if fl.NArg() == 0 {
			break
		}
		dirs = append(dirs, fl.Arg(0))
		args = fl.Args()[1:]
	}
	if len(dirs) != 1 {
		fmt.Fprintln(stderr, "rensai init: give one directory for the new site")
		usage(stderr)
		return exitUsage
	}
	dir := dirs[0]

	files, err := scaffold.Init(dir, scaffold.Options{Force: *force})
	for _, f := range files {
		verb := "created"
		if f.Replaced {
			verb = "replaced"
		}
		fmt.Fprintf(stdout, "%s %s\n", verb, filepath.Join(dir, filepath.FromSlash(f.Path)))
	}
	if err != nil {
		fmt.Fprintf(stderr, "rensai init: %v\n", err)
		return exitError
	}
	fmt.Fprintf(stdout, "\nNew site in %s (rensai %s in the workflow). Next:\n  cd %s\n  rensai build && rensai check\nSee %s for publishing to GitHub Pages.\n",
		dir, scaffold.Version(), dir, filepath.Join(dir, "README.md"))
	return exitOK
}
