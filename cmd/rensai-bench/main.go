// Command rensai-bench measures how long rensai takes to build large sites.
//
// For each article count N it writes a synthetic site once (package corpus:
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
// Usage:
//
//	go run ./cmd/rensai-bench -n 1000,10000 -runs 5
//	go run ./cmd/rensai-bench -n 2000 -runs 3 -warm -search=false
//	go run ./cmd/rensai-bench -n 10000 -keep /tmp/corpora   # reuse corpora between invocations
//	go run ./cmd/rensai-bench -n 1000,10000 -runs 1 -browser  # also search in headless Chromium
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
	"os/exec"
	"os/signal"
	"path/filepath"
	"strconv"
	"strings"
	"time"

	"github.com/rensai-ssg/rensai/internal/browsertest"
	"github.com/rensai-ssg/rensai/internal/corpus"
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

func bench(ctx context.Context, c config, stdout, stderr io.Writer) error {
	bin := c.rensai
	if bin == "" {
		tmp, err := os.MkdirTemp("", "rensai-bench-bin-")
		if err != nil {
			return err
		}
		defer os.RemoveAll(tmp)
		fmt.Fprintln(stderr, "building rensai ...")
		if bin, err = buildRensai(ctx, tmp); err != nil {
			return err
		}
	} else if abs, err := filepath.Abs(bin); err == nil {
		bin = abs
	}

	mode := "on"
	if !c.search {
		mode = "off"
	}
	fmt.Fprintf(stdout, "rensai-bench: seed %d, search %s, %d runs, binary %s\n\n", c.seed, mode, c.runs, bin)

	var results []result
	for _, n := range c.sizes {
		r, err := benchSize(ctx, c, bin, n, stderr)
		if err != nil {
			return fmt.Errorf("n=%d: %w", n, err)
		}
		results = append(results, r...)
	}
	printTable(stdout, results)
	var brs []browserResult
	for _, r := range results {
		if r.browser != nil {
			brs = append(brs, *r.browser)
		}
	}
	printBrowser(stdout, brs)
	return nil
}

// buildRensai builds ./cmd/rensai of the enclosing module into dir.
func buildRensai(ctx context.Context, dir string) (string, error) {
	out, err := exec.CommandContext(ctx, "go", "env", "GOMOD").Output()
	if err != nil {
		return "", fmt.Errorf("go env GOMOD: %w", err)
	}
	gomod := strings.TrimSpace(string(out))
	if gomod == "" || gomod == os.DevNull {
		return "", errors.New("not inside the rensai module; run from the repository or pass -rensai PATH")
	}
	bin := filepath.Join(dir, "rensai")
	cmd := exec.CommandContext(ctx, "go", "build", "-o", bin, "./cmd/rensai")
	cmd.Dir = filepath.Dir(gomod)
	if msg, err := cmd.CombinedOutput(); err != nil {
		return "", fmt.Errorf("go build ./cmd/rensai: %w\n%s", err, msg)
	}
	return bin, nil
}

// corpusInfo describes a generated site.
type corpusInfo struct {
	dir            string
	bytes          int64 // Markdown under content/
	files          int
	generate       time.Duration // 0 when reused
	removeWhenDone bool
}

// prepare writes (or, with -keep, reuses) the site of n articles.
func prepare(c config, n int) (corpusInfo, error) {
	var info corpusInfo
	if c.keep != "" {
		info.dir = filepath.Join(c.keep, fmt.Sprintf("n%d", n))
		if _, err := os.Stat(filepath.Join(info.dir, "rensai.toml")); err == nil {
			info.bytes, info.files, err = treeSize(filepath.Join(info.dir, "content"))
			return info, err
		}
	} else {
		dir, err := os.MkdirTemp("", fmt.Sprintf("rensai-bench-n%d-", n))
		if err != nil {
			return info, err
		}
		info.dir, info.removeWhenDone = dir, true
	}
	start := time.Now()
	if err := corpus.Write(info.dir, n, corpus.Options{Seed: c.seed, Search: c.search}); err != nil {
		return info, err
	}
	info.generate = time.Since(start)
	var err error
	info.bytes, info.files, err = treeSize(filepath.Join(info.dir, "content"))
	return info, err
}

// restoreFile writes data back to path; a failure becomes *errp unless
// that already holds an error.
func restoreFile(path string, data []byte, errp *error) {
	if err := os.WriteFile(path, data, 0o644); err != nil && *errp == nil {
		*errp = err
	}
}

func benchSize(ctx context.Context, c config, bin string, n int, stderr io.Writer) (_ []result, err error) {
	info, err := prepare(c, n)
	if info.removeWhenDone {
		defer os.RemoveAll(info.dir)
	}
	if err != nil {
		return nil, err
	}
	if info.generate > 0 {
		fmt.Fprintf(stderr, "n=%d: wrote %d files, %s of Markdown in %s to %s\n",
			n, info.files, formatBytes(info.bytes), info.generate.Round(time.Millisecond), info.dir)
	} else {
		fmt.Fprintf(stderr, "n=%d: reusing %s (%d files, %s of Markdown)\n", n, info.dir, info.files, formatBytes(info.bytes))
	}

	public := filepath.Join(info.dir, "public")
	cache := filepath.Join(info.dir, ".rensai-cache")
	buildArgs := []string{"build", "--source", info.dir, "--destination", public}

	cold := result{n: n, phase: "cold", corpus: info}
	for i := range c.runs {
		for _, d := range []string{public, cache} {
			if err := os.RemoveAll(d); err != nil {
				return nil, err
			}
		}
		s, err := measure(ctx, bin, buildArgs)
		if err != nil {
			return nil, fmt.Errorf("cold build %d: %w", i+1, err)
		}
		fmt.Fprintf(stderr, "n=%d: cold build %d/%d: %s\n", n, i+1, c.runs, s.wall.Round(time.Millisecond))
		cold.samples = append(cold.samples, s)
	}
	if cold.outBytes, cold.outFiles, err = treeSize(public); err != nil {
		return nil, err
	}
	if c.browser {
		if _, err := os.Stat(c.chromium); err != nil {
			return nil, errNoChromium
		}
		br, err := measureBrowser(ctx, c.chromium, info.dir, n)
		if err != nil {
			return nil, fmt.Errorf("browser: %w", err)
		}
		fmt.Fprintf(stderr, "n=%d: measured search in Chromium\n", n)
		cold.browser = &br
	}
	out := []result{cold}

	if c.warm {
		article, err := pickArticle(info.dir)
		if err != nil {
			return nil, err
		}
		original, err := os.ReadFile(article)
		if err != nil {
			return nil, err
		}
		// Put the article back afterwards, so that a kept corpus stays as
		// generated.
		defer restoreFile(article, original, &err)
		warm := result{n: n, phase: "warm", corpus: info}
		for i := range c.runs {
			if err := touchArticle(article, i+1); err != nil {
				return nil, err
			}
			s, err := measure(ctx, bin, buildArgs)
			if err != nil {
				return nil, fmt.Errorf("warm build %d: %w", i+1, err)
			}
			fmt.Fprintf(stderr, "n=%d: warm build %d/%d: %s\n", n, i+1, c.runs, s.wall.Round(time.Millisecond))
			warm.samples = append(warm.samples, s)
		}
		if warm.outBytes, warm.outFiles, err = treeSize(public); err != nil {
			return nil, err
		}
		out = append(out, warm)
	}
	return out, nil
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
