package main

import (
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"

	"github.com/rensai-ssg/rensai/generator/search"
)

func runSearch(args []string, stdout, stderr io.Writer) int {
	fl := flag.NewFlagSet("rensai search", flag.ContinueOnError)
	fl.SetOutput(stderr)
	fl.Usage = func() {}
	source := fl.String("source", ".", "site root, the directory holding rensai.toml")
	dir := fl.String("dir", "", "built site to search (default: SOURCE/public)")
	series := fl.String("series", "", "only this series (its slug)")
	tag := fl.String("tag", "", `only this term: "taxonomy:term", or a term of tags`)
	limit := fl.Int("limit", search.DefaultLimit, "most results to print")
	usage := func(w io.Writer) {
		fmt.Fprintln(w, `Usage: rensai search [--source DIR] [--dir DIR] [--series SLUG] [--tag TAG] [--limit N] "query"`)
		fmt.Fprintln(w, "\nSearches the index a build wrote under SOURCE/public/search/ with the same")
		fmt.Fprintln(w, "algorithm as the site's search page, and prints the ranked results. Words")
		fmt.Fprintln(w, "separated by spaces must all match; \"…\" or 「…」 keeps words in order.\n\nFlags:")
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
	q := strings.Join(fl.Args(), " ")
	if strings.TrimSpace(q) == "" {
		fmt.Fprintln(stderr, "rensai search: no query given")
		usage(stderr)
		return exitUsage
	}
	if *limit <= 0 {
		fmt.Fprintf(stderr, "rensai search: --limit must be 1 or more, not %d\n", *limit)
		return exitUsage
	}
	out := *dir
	if out == "" {
		out = filepath.Join(*source, "public")
		if _, err := buildIfStale(*source, "search/manifest.json", stderr); err != nil { // the author's hook
			printError(stderr, err)
			return exitError
		}
	}
	rs, err := search.Query(os.DirFS(out), q, search.QueryOptions{Series: *series, Tag: *tag, Limit: *limit})
	if err != nil {
		fmt.Fprintf(stderr, "rensai search: %s: %v\n", out, err)
		return exitError
	}
	fmt.Fprintf(stdout, "%d件\n", len(rs))
	for i, r := range rs {
		fmt.Fprintf(stdout, "\n%d. %s  (%.3f)\n", i+1, r.Title, r.Score)
		var meta []string
		for _, s := range []string{r.Series, r.PartLabel, r.Date} {
			if s != "" {
				meta = append(meta, s)
			}
		}
		if len(meta) > 0 {
			fmt.Fprintf(stdout, "   %s\n", strings.Join(meta, " · "))
		}
		fmt.Fprintf(stdout, "   %s\n", r.URL)
		var sn strings.Builder
		for _, s := range r.Segments {
			if s.Mark {
				sn.WriteString("【" + s.Text + "】")
			} else {
				sn.WriteString(s.Text)
			}
		}
		if sn.Len() > 0 {
			fmt.Fprintf(stdout, "   %s\n", strings.TrimSpace(sn.String()))
		}
	}
	return exitOK
}
