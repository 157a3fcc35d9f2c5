package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"os/signal"
	"path/filepath"

	"github.com/pelletier/go-toml/v2"

	"github.com/rensai-ssg/rensai/generator"
	"github.com/rensai-ssg/rensai/generator/check"
)

func runCheck(args []string, stdout, stderr io.Writer) int {
	fl := flag.NewFlagSet("rensai check", flag.ContinueOnError)
	fl.SetOutput(stderr)
	fl.Usage = func() {}
	source := fl.String("source", ".", "site root, the directory holding rensai.toml")
	baseURL := fl.String("baseURL", "", "URL the site is published at (default: baseURL of rensai.toml)")
	dir := fl.String("dir", "", "output directory to check (default: SOURCE/public)")
	usage := func(w io.Writer) {
		fmt.Fprintln(w, "Usage: rensai check [--source DIR] [--baseURL URL] [--dir DIR]")
		fmt.Fprintln(w, "\nChecks a built site before publishing: every internal link, fragment, image,")
		fmt.Fprintln(w, "stylesheet, script, feed and sitemap URL must resolve under the base URL's path;")
		fmt.Fprintln(w, "series parts must link to their true neighbours and series pages list every part;")
		fmt.Fprintln(w, "every page needs lang, a title and a canonical URL. Builds first if the output")
		fmt.Fprintln(w, "directory does not exist. Exits 1 when it finds a problem.\n\nFlags:")
		fl.SetOutput(w)
		fl.PrintDefaults()
		fl.SetOutput(stderr)
	}
	if err := fl.Parse(args); err != nil {
		if errors.Is(err, flag.ErrHelp) {
			usage(stdout)
			return exitOK
		}
		usage(stderr)
		return exitUsage
	}
	if fl.NArg() > 0 {
		fmt.Fprintf(stderr, "rensai check: unexpected argument %q\n", fl.Arg(0))
		usage(stderr)
		return exitUsage
	}

	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt)
	defer stop()

	cfg, err := readCheckConfig(*source)
	if err != nil {
		fmt.Fprintf(stderr, "rensai check: %v\n", err)
		return exitError
	}
	base := *baseURL
	if base == "" {
		base = cfg.BaseURL
	}
	out := *dir
	if out == "" {
		out = filepath.Join(*source, "public")
	}
	if _, err := os.Stat(out); errors.Is(err, os.ErrNotExist) {
		fmt.Fprintf(stderr, "rensai check: %s does not exist; building the site first\n", out)
		_, err := generator.Build(ctx, generator.Options{
			Source:      *source,
			Destination: *dir,
			BaseURL:     *baseURL,
			Log:         stderr,
		})
		if err != nil {
			fmt.Fprintf(stderr, "rensai check: build: %v\n", err)
			return exitError
		}
	} else if err != nil {
		fmt.Fprintf(stderr, "rensai check: %v\n", err)
		return exitError
	}

	drafts, err := check.FindDrafts(os.DirFS(*source), cfg.Permalinks)
	if err != nil {
		fmt.Fprintf(stderr, "rensai check: reading drafts: %v\n", err)
		return exitError
	}
	rep, err := check.Check(ctx, os.DirFS(out), check.Options{BaseURL: base, Drafts: drafts})
	if err != nil {
		fmt.Fprintf(stderr, "rensai check: %v\n", err)
		return exitError
	}
	printProblemGroups(stdout, out, rep.Problems)
	fmt.Fprintln(stdout, rep.Summary())
	if rep.Hint != "" {
		fmt.Fprintln(stdout, "hint:", rep.Hint)
	}
	if !rep.OK() {
		return exitError
	}
	return exitOK
}

// checkConfig is the part of rensai.toml the check needs.
type checkConfig struct {
	BaseURL    string            `toml:"baseURL"`
	Permalinks map[string]string `toml:"permalinks"`
}

// readCheckConfig reads SOURCE/rensai.toml; a missing file is no error.
func readCheckConfig(source string) (checkConfig, error) {
	var cfg checkConfig
	name := filepath.Join(source, "rensai.toml")
	data, err := os.ReadFile(name)
	if errors.Is(err, os.ErrNotExist) {
		return cfg, nil
	}
	if err != nil {
		return cfg, err
	}
	if err := toml.Unmarshal(data, &cfg); err != nil {
		var de *toml.DecodeError
		if errors.As(err, &de) {
			row, _ := de.Position()
			return cfg, fmt.Errorf("%s:%d: %v; fix the TOML syntax", name, row, de)
		}
		return cfg, fmt.Errorf("%s: %v", name, err)
	}
	return cfg, nil
}
