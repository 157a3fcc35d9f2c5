package main

import (
	"errors"
	"fmt"
	"io"
	"path/filepath"

	"github.com/rensai-ssg/rensai/generator/scaffold"
)

func runInit(args []string, stdout, stderr io.Writer) int {
	fs := newFlagSet("init", "init [--force] [--version V] DIR", stderr)
	force := fs.Bool("force", false, "write into a directory that is not empty, replacing files with the same names (never deletes a file)")
	version := fs.String("version", "", "rensai `version` the workflows install (default: this binary's own)")
	// Flags may come before or after DIR.
	var dirs []string
	for {
		if code := parseFlags(fs, args, stdout); code >= 0 {
			return code
		}
		if fs.NArg() == 0 {
			break
		}
		dirs = append(dirs, fs.Arg(0))
		args = fs.Args()[1:]
	}
	if len(dirs) != 1 {
		fmt.Fprintln(stderr, msg.T("init.giveDir"))
		fmt.Fprintln(stderr, msg.T("main.seeCommandHelp", fs.Name()))
		return exitUsage
	}
	dir := dirs[0]

	files, err := scaffold.Init(dir, scaffold.Options{Force: *force, Version: *version})
	for _, f := range files {
		key := "init.created"
		if f.Replaced {
			key = "init.replaced"
		}
		fmt.Fprintln(stdout, msg.T(key, filepath.Join(dir, filepath.FromSlash(f.Path))))
	}
	switch {
	case errors.Is(err, scaffold.ErrNoVersion):
		fmt.Fprintln(stderr, msg.T("init.noVersion"))
		return exitUsage
	case errors.Is(err, scaffold.ErrUnpinned):
		fmt.Fprintln(stderr, msg.T("init.unpinned", *version))
		return exitUsage
	case errors.Is(err, scaffold.ErrNotEmpty):
		fmt.Fprintln(stderr, msg.T("init.notEmpty", dir))
		return exitError
	case err != nil:
		fmt.Fprintf(stderr, "rensai init: %s\n", localize(err))
		return exitError
	}
	v := *version
	if v == "" {
		v = scaffold.Version()
	}
	fmt.Fprintln(stdout)
	fmt.Fprintln(stdout, msg.T("init.next", dir, v, filepath.Join(dir, "README.md")))
	return exitOK
}
