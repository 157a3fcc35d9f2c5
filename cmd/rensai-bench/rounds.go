package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"time"

	"github.com/rensai-ssg/rensai/internal/corpus"
)

func bench(ctx context.Context, c config, stdout, stderr io.Writer) error {
	bin, srcDir := c.rensai, ""
	if bin == "" {
		tmp, err := os.MkdirTemp("", "rensai-bench-bin-")
		if err != nil {
			return err
		}
		defer os.RemoveAll(tmp)
		fmt.Fprintln(stderr, "building rensai ...")
		if bin, srcDir, err = buildRensai(ctx, tmp); err != nil {
			return err
		}
	} else if abs, err := filepath.Abs(bin); err == nil {
		bin = abs
	}
	m := probeMachine(ctx, bin, srcDir)
	var hugoBin string
	if c.peer == "hugo" {
		var err error
		if hugoBin, err = findHugo(ctx, c, stderr); err != nil {
			return err
		}
		if m.hugo, err = hugoVersion(ctx, hugoBin); err != nil {
			return err
		}
	}

	var results []result
	for _, n := range c.sizes {
		r, err := benchSize(ctx, c, bin, hugoBin, n, stderr)
		if err != nil {
			return fmt.Errorf("n=%d: %w", n, err)
		}
		results = append(results, r...)
	}
	if c.markdown {
		printMarkdown(stdout, c, m, results)
		return nil
	}
	fmt.Fprintf(stdout, "machine: %s\n", m.line())
	fmt.Fprintf(stdout, "rensai-bench: seed %d, search %s, %d round%s, corpus %s, binary %s\n\n", c.seed, onOff(c.search), c.runs, plural(c.runs), corpusKind(c), bin)
	printTable(stdout, results)
	printPairs(stdout, pairs(results))
	var brs []browserResult
	for _, r := range results {
		if r.browser != nil {
			brs = append(brs, *r.browser)
		}
	}
	printBrowser(stdout, brs)
	return nil
}

func onOff(b bool) string {
	if b {
		return "on"
	}
	return "off"
}

func corpusKind(c config) string {
	if c.code {
		return "prose with code blocks (-code)"
	}
	return "prose"
}

// buildRensai builds ./cmd/rensai of the enclosing module into dir,
// stamped with its commit (-buildvcs=auto overrides a GOFLAGS that turns
// stamping off).
// It returns the binary and the module's folder.
func buildRensai(ctx context.Context, dir string) (bin, module string, err error) {
	out, err := exec.CommandContext(ctx, "go", "env", "GOMOD").Output()
	if err != nil {
		return "", "", fmt.Errorf("go env GOMOD: %w", err)
	}
	gomod := strings.TrimSpace(string(out))
	if gomod == "" || gomod == os.DevNull {
		return "", "", errors.New("not inside the rensai module; run from the repository or pass -rensai PATH")
	}
	bin = filepath.Join(dir, "rensai")
	cmd := exec.CommandContext(ctx, "go", "build", "-buildvcs=auto", "-o", bin, "./cmd/rensai")
	cmd.Dir = filepath.Dir(gomod)
	if msg, err := cmd.CombinedOutput(); err != nil {
		return "", "", fmt.Errorf("go build ./cmd/rensai: %w\n%s", err, msg)
	}
	return bin, cmd.Dir, nil
}

// corpusInfo describes a generated site.
type corpusInfo struct {
	dir            string
	hugoDir        string // the same corpus as a Hugo site, with -peer hugo
	bytes          int64  // Markdown under content/
	files          int
	generate       time.Duration
	reused         bool // with -keep: the site (and its Hugo twin) were there
	removeWhenDone bool
}

// siteName names the kept site of n articles: the search setting and the
// -code mode change the corpus, so each has its own folder.
func siteName(c config, n int) string {
	name := fmt.Sprintf("n%d", n)
	if !c.search {
		name += "-nosearch"
	}
	if c.code {
		name += "-code"
	}
	return name
}

// prepare writes (or, with -keep, reuses) the site of n articles, and its
// Hugo twin with -peer hugo.
func prepare(c config, n int) (corpusInfo, error) {
	var info corpusInfo
	if c.keep != "" {
		info.dir = filepath.Join(c.keep, siteName(c, n))
	} else {
		dir, err := os.MkdirTemp("", fmt.Sprintf("rensai-bench-n%d-", n))
		if err != nil {
			return info, err
		}
		info.dir, info.removeWhenDone = dir, true
	}
	start := time.Now()
	info.reused = true
	if _, err := os.Stat(filepath.Join(info.dir, "rensai.toml")); err != nil {
		info.reused = false
		if err := corpus.Write(info.dir, n, corpus.Options{Seed: c.seed, Search: c.search}); err != nil {
			return info, err
		}
		if c.code {
			if err := addCodeBlocks(info.dir, c.seed); err != nil {
				return info, err
			}
		}
	}
	if c.peer == "hugo" {
		info.hugoDir = info.dir + "-hugo"
		if _, err := os.Stat(filepath.Join(info.hugoDir, "hugo.toml")); err != nil || !info.reused {
			info.reused = false
			if err := os.RemoveAll(info.hugoDir); err != nil {
				return info, err
			}
			if err := writeHugoSite(info.dir, info.hugoDir); err != nil {
				return info, fmt.Errorf("hugo site: %w", err)
			}
		}
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

// coldBuild removes dirs, runs bin with args and measures the output in out.
func coldBuild(ctx context.Context, bin string, args, dirs []string, out string) (sample, error) {
	for _, d := range dirs {
		if err := os.RemoveAll(d); err != nil {
			return sample{}, err
		}
	}
	s, err := measure(ctx, bin, args)
	if err != nil {
		return s, err
	}
	s.outBytes, s.outFiles, err = treeSize(out)
	return s, err
}

func benchSize(ctx context.Context, c config, bin, hugoBin string, n int, stderr io.Writer) ([]result, error) {
	info, err := prepare(c, n)
	if info.removeWhenDone {
		defer os.RemoveAll(info.dir)
		if info.hugoDir != "" {
			defer os.RemoveAll(info.hugoDir)
		}
	}
	if err != nil {
		return nil, err
	}
	verb := "wrote"
	if info.reused {
		verb = "reusing"
	}
	fmt.Fprintf(stderr, "n=%d: %s %s (%d files, %s of Markdown) in %s\n",
		n, verb, info.dir, info.files, formatBytes(info.bytes), info.generate.Round(time.Millisecond))

	public := filepath.Join(info.dir, "public")
	cache := filepath.Join(info.dir, ".rensai-cache")
	buildArgs := []string{"build", "--source", info.dir, "--destination", public}

	cold := result{n: n, tool: "rensai", phase: "cold", corpus: info}
	peer := result{n: n, tool: "hugo", phase: "cold", corpus: info}
	for i := range c.runs {
		// Each round builds with rensai, then with the peer, so that both
		// see the same state of a shared machine.
		s, err := coldBuild(ctx, bin, buildArgs, []string{public, cache}, public)
		if err != nil {
			return nil, fmt.Errorf("cold build %d: %w", i+1, err)
		}
		fmt.Fprintf(stderr, "n=%d: round %d/%d: rensai %s (load %s → %s)\n", n, i+1, c.runs, s.wall.Round(time.Millisecond), s.loadBefore, s.loadAfter)
		cold.samples = append(cold.samples, s)
		if hugoBin == "" {
			continue
		}
		s, err = coldBuild(ctx, hugoBin, hugoBuildArgs(info.hugoDir), hugoColdDirs(info.hugoDir), filepath.Join(info.hugoDir, "public"))
		if err != nil {
			return nil, fmt.Errorf("hugo build %d: %w", i+1, err)
		}
		fmt.Fprintf(stderr, "n=%d: round %d/%d: hugo %s (load %s → %s)\n", n, i+1, c.runs, s.wall.Round(time.Millisecond), s.loadBefore, s.loadAfter)
		peer.samples = append(peer.samples, s)
	}
	cold.setOutput()
	var checked []result
	if c.check {
		r, err := checkRounds(ctx, c, bin, cold, n, stderr)
		if err != nil {
			return nil, err
		}
		checked = append(checked, r)
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
	if c.pagefind != "" {
		r, err := pagefindRound(ctx, c, cold, n, stderr)
		if err != nil {
			return nil, err
		}
		out = append(out, r)
	}
	if hugoBin != "" {
		peer.setOutput()
		out = append(out, peer)
	}
	out = append(out, checked...)
	if c.warm {
		warm, err := warmRounds(ctx, c, bin, hugoBin, buildArgs, info, n, stderr)
		if err != nil {
			return nil, err
		}
		out = append(out, warm...)
	}
	return out, nil
}

// pagefindRound indexes the output of the cold builds with Pagefind and
// measures its UI in Chromium: a "Pagefind" row of phase "index".
func pagefindRound(ctx context.Context, c config, cold result, n int, stderr io.Writer) (result, error) {
	bin, err := filepath.Abs(c.pagefind)
	if err != nil {
		return result{}, err
	}
	bundle, err := os.MkdirTemp("", "rensai-bench-pagefind-")
	if err != nil {
		return result{}, err
	}
	defer os.RemoveAll(bundle)
	s, err := indexPagefind(ctx, bin, cold.corpus.dir, bundle)
	if err != nil {
		return result{}, err
	}
	fmt.Fprintf(stderr, "n=%d: pagefind indexed in %s (load %s → %s)\n", n, s.wall.Round(time.Millisecond), s.loadBefore, s.loadAfter)
	r := result{n: n, tool: "Pagefind", phase: "index", corpus: cold.corpus, samples: []sample{s}}
	r.setOutput()
	br, err := measurePagefind(ctx, c.chromium, cold.corpus.dir, bundle, n)
	if err != nil {
		return result{}, fmt.Errorf("pagefind in the browser: %w", err)
	}
	fmt.Fprintf(stderr, "n=%d: measured Pagefind in Chromium\n", n)
	r.browser = &br
	return r, nil
}

// checkRounds runs "rensai check --source DIR" on the output of the cold
// builds c.runs times. It names the site, not only its output, as CI does
// after a build: check then takes the site's model from the manifest the
// build left. A check run from another folder would compare the output
// with that folder's site instead and time the report of its problems;
// here any problem is an error, so a row is always a passing check.
func checkRounds(ctx context.Context, c config, bin string, cold result, n int, stderr io.Writer) (result, error) {
	r := result{n: n, tool: "rensai", phase: "check", corpus: cold.corpus,
		outBytes: cold.outBytes, outFiles: cold.outFiles}
	args := []string{"check", "--source", cold.corpus.dir}
	for i := range c.runs {
		s, err := measure(ctx, bin, args)
		if err != nil {
			return result{}, fmt.Errorf("check %d: %w", i+1, err)
		}
		s.outBytes, s.outFiles = cold.outBytes, cold.outFiles
		fmt.Fprintf(stderr, "n=%d: check %d/%d: rensai %s (load %s → %s)\n", n, i+1, c.runs, s.wall.Round(time.Millisecond), s.loadBefore, s.loadAfter)
		r.samples = append(r.samples, s)
	}
	return r, nil
}

// warmRounds edits one article before each build, with the cache in place.
// With a peer, each round then builds the same edited corpus with it too
// (Hugo keeps no build cache between runs: its "warm" build is a full one),
// so that the one-edit rebuild pairs with the peer's build in the same round.
func warmRounds(ctx context.Context, c config, bin, hugoBin string, buildArgs []string, info corpusInfo, n int, stderr io.Writer) (_ []result, err error) {
	warm := result{n: n, tool: "rensai", phase: "warm", corpus: info}
	peer := result{n: n, tool: "hugo", phase: "warm", corpus: info}
	article, err := pickArticle(info.dir)
	if err != nil {
		return nil, err
	}
	edited := []string{article}
	if hugoBin != "" {
		edited = append(edited, filepath.Join(info.hugoDir, "content", "posts", filepath.Base(article)))
	}
	for _, f := range edited {
		original, rerr := os.ReadFile(f)
		if rerr != nil {
			return nil, rerr
		}
		// Put the article back afterwards, so that a kept corpus stays as
		// generated.
		defer restoreFile(f, original, &err)
	}
	public := filepath.Join(info.dir, "public")
	for i := range c.runs {
		for _, f := range edited {
			if err := touchArticle(f, i+1); err != nil {
				return nil, err
			}
		}
		s, err := coldBuild(ctx, bin, buildArgs, nil, public)
		if err != nil {
			return nil, fmt.Errorf("warm build %d: %w", i+1, err)
		}
		fmt.Fprintf(stderr, "n=%d: warm round %d/%d: rensai %s (load %s → %s)\n", n, i+1, c.runs, s.wall.Round(time.Millisecond), s.loadBefore, s.loadAfter)
		warm.samples = append(warm.samples, s)
		if hugoBin == "" {
			continue
		}
		s, err = coldBuild(ctx, hugoBin, hugoBuildArgs(info.hugoDir), hugoColdDirs(info.hugoDir), filepath.Join(info.hugoDir, "public"))
		if err != nil {
			return nil, fmt.Errorf("hugo build %d after the edit: %w", i+1, err)
		}
		fmt.Fprintf(stderr, "n=%d: warm round %d/%d: hugo %s (load %s → %s)\n", n, i+1, c.runs, s.wall.Round(time.Millisecond), s.loadBefore, s.loadAfter)
		peer.samples = append(peer.samples, s)
	}
	warm.setOutput()
	if hugoBin == "" {
		return []result{warm}, nil
	}
	peer.setOutput()
	return []result{warm, peer}, nil
}
