// Command rensai-bench measures how long rensai takes to build large sites.
//
// For each article count N it writes a synthetic site once (internal/corpus:
// original Japanese text, series of 5 to 17 parts, about 16 MB of Markdown
// per 1,000 articles), then runs
//
//	rensai build --source DIR --destination DIR/public
//
// as a child process -runs times from a cold start (no public/, no
// .rensai-cache/), and prints the median, minimum and maximum of the wall
// time, the CPU time (user+sys) and the peak resident memory of the child,
// with the size and file count of the output. With -warm it then edits one
// article before each further build, to measure an incremental rebuild with
// the cache in place.
//
// Every table starts with a machine line (CPU model, cores, OS, the commit
// of the rensai binary and whether its tree was dirty, the Go version, the
// date), and every row gives the 1-minute load average read just before and
// just after its builds (machine.go).
//
// With -peer hugo each round builds the same corpus with rensai and then
// with Hugo (a Hugo site written from the corpus, hugo.go), and the tool
// prints the ratios rensai/Hugo of each round with their median. With
// -code every article gets fenced code blocks in several languages
// (code.go). With -markdown the tables come out as the Markdown of
// docs/benchmarks.md (report.go).
//
// Usage:
//
//	go run ./cmd/rensai-bench -n 1000,10000 -runs 5
//	go run ./cmd/rensai-bench -n 2000 -runs 3 -warm -search=false
//	go run ./cmd/rensai-bench -n 10000 -keep /tmp/corpora   # reuse corpora between invocations
//	go run ./cmd/rensai-bench -n 1000,10000 -runs 1 -browser  # also search in headless Chromium
//	go run ./cmd/rensai-bench -n 10000 -runs 1 -browser -pagefind node_modules/.bin/pagefind  # beside Pagefind
//	go run ./cmd/rensai-bench -n 1000,10000 -runs 3 -search=false -peer hugo -install-hugo -markdown
//	go run ./cmd/rensai-bench -n 1000 -runs 3 -code -peer hugo  # highlighting
//	go run ./cmd/rensai-bench -n 10000 -runs 5 -search=false -check  # rensai check
//
// With -check it then times "rensai check --source DIR" on the last cold
// build's output, -runs times, as a "check" row: the site is checked with
// its own model, as CI does after a build, and a check that reports a
// problem stops the run, so the figure is never that of a failing check.
//
// With -browser it then serves the built site as GitHub Pages does (text
// gzipped) and drives the search page in headless Chromium: the bytes on
// the wire for a first query (page, scripts and index files) and for each
// later query, and the median time of a query in the page once its files
// have arrived.
//
// Without -rensai, the tool builds the rensai command from the module it
// runs in (go build ./cmd/rensai) into a temporary directory.
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
	"strconv"
	"strings"

	"github.com/rensai-ssg/rensai/internal/browsertest"
)

func main() {
	ctx, cancel := signal.NotifyContext(context.Background(), os.Interrupt)
	code := run(ctx, os.Args[1:], os.Stdout, os.Stderr)
	cancel()
	os.Exit(code)
}

// config is the parsed command line.
type config struct {
	sizes  []int
	runs   int
	search bool
	warm   bool
	keep   string
	rensai string
	seed   int64
	// browser: measure the search page in headless Chromium after the
	// cold builds (see browser.go).
	browser  bool
	chromium string
	// pagefind is the Pagefind binary to index the output with and
	// measure beside rensai's search, with -browser (see pagefind.go).
	pagefind string
	// peer is "hugo" to build the same corpus with Hugo, taking turns
	// with rensai in each round (see hugo.go).
	peer        string
	hugo        string // Hugo binary; default: the one -install-hugo installs
	hugoVersion string
	installHugo bool
	// code adds fenced code blocks in several languages to every article.
	code bool
	// check: after the cold builds, time rensai check on the output
	// -runs times (see checkRounds).
	check bool
	// markdown prints the results as the Markdown of docs/benchmarks.md.
	markdown bool
	// args is the command line, quoted in -markdown output.
	args []string
}

func parseArgs(args []string, stderr io.Writer) (config, error) {
	var c config
	fs := flag.NewFlagSet("rensai-bench", flag.ContinueOnError)
	fs.SetOutput(stderr)
	sizes := fs.String("n", "1000,10000", "comma-separated article `counts` to benchmark")
	fs.IntVar(&c.runs, "runs", 5, "builds per article count (and per phase with -warm)")
	fs.BoolVar(&c.search, "search", true, "turn the search index on in the generated sites")
	fs.BoolVar(&c.warm, "warm", false, "also measure rebuilds after editing one article, with the cache in place")
	fs.StringVar(&c.keep, "keep", "", "write the sites to `DIR`/n<N> and keep them; an existing site there is reused")
	fs.StringVar(&c.rensai, "rensai", "", "rensai `binary` to run (default: go build ./cmd/rensai from this module)")
	fs.Int64Var(&c.seed, "seed", 1, "corpus seed")
	fs.BoolVar(&c.browser, "browser", false, "after the cold builds, measure search in headless Chromium: bytes downloaded per query and query latency")
	fs.StringVar(&c.chromium, "chromium", browsertest.DefaultPath, "Chromium `binary` for -browser")
	fs.StringVar(&c.pagefind, "pagefind", "", "with -browser, also index the output with this Pagefind `binary` (npm install pagefind: node_modules/.bin/pagefind) and measure its default UI with the same queries")
	fs.StringVar(&c.peer, "peer", "", "build the same corpus with a `peer` too (\"hugo\"), taking turns with rensai in each round, and print paired ratios")
	fs.StringVar(&c.hugo, "hugo", "", "Hugo `binary` for -peer hugo (default: the one -install-hugo puts in the user cache folder)")
	fs.StringVar(&c.hugoVersion, "hugo-version", defaultHugoVersion, "Hugo `version` to look for and install")
	fs.BoolVar(&c.installHugo, "install-hugo", false, "with -peer hugo, go install Hugo into the user cache folder if it is not there")
	fs.BoolVar(&c.code, "code", false, "add fenced code blocks in several languages to every article (a highlighting benchmark)")
	fs.BoolVar(&c.check, "check", false, "after the cold builds, time `rensai check --source DIR` on the output -runs times (a check that finds a problem fails the run)")
	fs.BoolVar(&c.markdown, "markdown", false, "print the results as a Markdown table with the machine line, for docs/benchmarks.md")
	fs.Usage = func() {
		fmt.Fprintf(fs.Output(), "Usage: rensai-bench [flags]\n\nBuilds synthetic sites with rensai and prints timings.\n\nFlags:\n")
		fs.PrintDefaults()
	}
	if err := fs.Parse(args); err != nil {
		return c, err
	}
	if fs.NArg() > 0 {
		return c, fmt.Errorf("unexpected argument %q", fs.Arg(0))
	}
	var err error
	if c.sizes, err = parseSizes(*sizes); err != nil {
		return c, err
	}
	if c.runs < 1 {
		return c, fmt.Errorf("-runs %d: need at least one run", c.runs)
	}
	if c.browser && !c.search {
		return c, errors.New("-browser needs the search index: drop -search=false")
	}
	if c.pagefind != "" && !c.browser {
		return c, errors.New("-pagefind is measured in the browser: add -browser")
	}
	switch c.peer {
	case "", "hugo":
	default:
		return c, fmt.Errorf("-peer %q: %w", c.peer, errNoPeer)
	}
	if c.peer == "" && (c.hugo != "" || c.installHugo) {
		return c, errors.New("-hugo and -install-hugo only make sense with -peer hugo")
	}
	if !strings.HasPrefix(c.hugoVersion, "v") {
		return c, fmt.Errorf("-hugo-version %q: want a module version such as %s", c.hugoVersion, defaultHugoVersion)
	}
	c.args = args
	return c, nil
}

// parseSizes parses "1000,10000" (spaces and "_" digit separators allowed).
func parseSizes(s string) ([]int, error) {
	var out []int
	for _, f := range strings.Split(s, ",") {
		f = strings.ReplaceAll(strings.TrimSpace(f), "_", "")
		n, err := strconv.Atoi(f)
		if err != nil || n < 1 {
			return nil, fmt.Errorf("-n %q: %q is not a positive article count", s, f)
		}
		out = append(out, n)
	}
	return out, nil
}

func run(ctx context.Context, args []string, stdout, stderr io.Writer) int {
	c, err := parseArgs(args, stderr)
	if errors.Is(err, flag.ErrHelp) {
		return 0
	}
	if err != nil {
		fmt.Fprintln(stderr, "rensai-bench:", err)
		return 2
	}
	if err := bench(ctx, c, stdout, stderr); err != nil {
		fmt.Fprintln(stderr, "rensai-bench:", err)
		return 1
	}
	return 0
}

// pickArticle returns the article in the middle of content/posts, in name
// order, so that the same one is edited on every invocation.
func pickArticle(dir string) (string, error) {
	posts := filepath.Join(dir, "content", "posts")
	entries, err := os.ReadDir(posts) // sorted by name
	if err != nil {
		return "", err
	}
	var names []string
	for _, e := range entries {
		if !e.IsDir() && strings.HasSuffix(e.Name(), ".md") {
			names = append(names, e.Name())
		}
	}
	if len(names) == 0 {
		return "", fmt.Errorf("no article in %s", posts)
	}
	return filepath.Join(posts, names[len(names)/2]), nil
}

// touchArticle appends a short paragraph to the article, so that both its
// modification time and its content hash change.
func touchArticle(path string, i int) error {
	f, err := os.OpenFile(path, os.O_APPEND|os.O_WRONLY, 0)
	if err != nil {
		return err
	}
	_, err = fmt.Fprintf(f, "\n\n追記%d:ベンチマークのための編集です。\n", i)
	if cerr := f.Close(); err == nil {
		err = cerr
	}
	return err
}

// treeSize returns the total size and number of regular files under dir.
func treeSize(dir string) (int64, int, error) {
	var size int64
	var files int
	err := filepath.WalkDir(dir, func(_ string, d os.DirEntry, err error) error {
		if err != nil {
			return err
		}
		if d.Type().IsRegular() {
			fi, err := d.Info()
			if err != nil {
				return err
			}
			size += fi.Size()
			files++
		}
		return nil
	})
	return size, files, err
}
