package main

import (
	"bytes"
	"context"
	"crypto/sha256"
	"encoding/hex"
	"flag"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
	"time"
)

// TestMain lets the test binary stand in for rensai: with
// RENSAI_BENCH_FAKE=1 it behaves as a tiny "rensai build" that writes one
// page per article, and fails when RENSAI_BENCH_FAKE_FAIL is set.
func TestMain(m *testing.M) {
	if os.Getenv("RENSAI_BENCH_FAKE") == "1" {
		os.Exit(fakeRensai(os.Args[1:]))
	}
	os.Exit(m.Run())
}

func fakeRensai(args []string) int {
	if len(args) > 0 && args[0] == "version" {
		fmt.Println("hugo v0.0.0-fake linux/amd64")
		return 0
	}
	if len(args) > 0 && args[0] == "--source" {
		return fakeHugo(args)
	}
	if len(args) > 0 && args[0] == "check" {
		return fakeCheck(args[1:])
	}
	if len(args) == 0 || args[0] != "build" {
		fmt.Fprintln(os.Stderr, "fake rensai: want build")
		return 2
	}
	fs := flag.NewFlagSet("build", flag.ContinueOnError)
	source := fs.String("source", ".", "")
	dest := fs.String("destination", "", "")
	if err := fs.Parse(args[1:]); err != nil {
		return 2
	}
	if msg := os.Getenv("RENSAI_BENCH_FAKE_FAIL"); msg != "" {
		fmt.Fprintln(os.Stderr, "error:", msg)
		return 1
	}
	posts, err := os.ReadDir(filepath.Join(*source, "content", "posts"))
	if err != nil {
		fmt.Fprintln(os.Stderr, "error:", err)
		return 1
	}
	for _, p := range posts {
		d := filepath.Join(*dest, "posts", strings.TrimSuffix(p.Name(), ".md"))
		if err := os.MkdirAll(d, 0o755); err != nil {
			fmt.Fprintln(os.Stderr, "error:", err)
			return 1
		}
		if err := os.WriteFile(filepath.Join(d, "index.html"), []byte("<html lang=\"ja\"></html>\n"), 0o644); err != nil {
			fmt.Fprintln(os.Stderr, "error:", err)
			return 1
		}
	}
	fmt.Printf("Built %d articles\n  steps: load 1ms, write 2ms\n", len(posts))
	return 0
}

// fakeCheck stands in for "rensai check --source DIR": it wants the site
// folder, not only its output, counts the pages under DIR/public, and
// reports a problem (exit 1) when RENSAI_BENCH_FAKE_CHECK_FAIL is set.
func fakeCheck(args []string) int {
	fs := flag.NewFlagSet("check", flag.ContinueOnError)
	source := fs.String("source", "", "")
	if err := fs.Parse(args); err != nil {
		return 2
	}
	if _, err := os.Stat(filepath.Join(*source, "rensai.toml")); err != nil {
		fmt.Fprintln(os.Stderr, "fake check: --source is not the site:", err)
		return 1
	}
	pages, err := filepath.Glob(filepath.Join(*source, "public", "posts", "*", "index.html"))
	if err != nil || len(pages) == 0 {
		fmt.Fprintln(os.Stderr, "fake check: no output to check")
		return 1
	}
	if msg := os.Getenv("RENSAI_BENCH_FAKE_CHECK_FAIL"); msg != "" {
		fmt.Println(msg)
		fmt.Printf("check: 1 problem in %d files\n", len(pages))
		return 1
	}
	fmt.Printf("check: ok: %d files\n", len(pages))
	return 0
}

// fakeHugo stands in for "hugo --source DIR --destination DIR/public
// --cacheDir DIR": it writes two files per article, so that its output
// differs from the fake rensai's.
func fakeHugo(args []string) int {
	fs := flag.NewFlagSet("hugo", flag.ContinueOnError)
	source := fs.String("source", ".", "")
	dest := fs.String("destination", "", "")
	fs.String("cacheDir", "", "")
	if err := fs.Parse(args); err != nil {
		return 2
	}
	if _, err := os.Stat(filepath.Join(*source, "hugo.toml")); err != nil {
		fmt.Fprintln(os.Stderr, "fake hugo: no hugo.toml:", err)
		return 1
	}
	posts, err := os.ReadDir(filepath.Join(*source, "content", "posts"))
	if err != nil {
		fmt.Fprintln(os.Stderr, "fake hugo:", err)
		return 1
	}
	for _, p := range posts {
		d := filepath.Join(*dest, "posts", strings.TrimSuffix(p.Name(), ".md"))
		for _, name := range []string{"index.html", "index.xml"} {
			if err := os.MkdirAll(d, 0o755); err != nil {
				return 1
			}
			if err := os.WriteFile(filepath.Join(d, name), []byte("<html lang=\"ja\"></html>\n"), 0o644); err != nil {
				return 1
			}
		}
	}
	return 0
}

func TestParseSizes(t *testing.T) {
	tests := []struct {
		name    string
		in      string
		want    []int
		wantErr bool
	}{
		{"one size", "1000", []int{1000}, false},
		{"list with spaces", "1000, 10000", []int{1000, 10000}, false},
		{"digit separators", "10_000", []int{10000}, false},
		{"zero", "0", nil, true},
		{"negative", "-5", nil, true},
		{"not a number", "1000,many", nil, true},
		{"empty item", "1000,", nil, true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := parseSizes(tt.in)
			if (err != nil) != tt.wantErr {
				t.Fatalf("parseSizes(%q) error = %v, wantErr %v", tt.in, err, tt.wantErr)
			}
			if fmt.Sprint(got) != fmt.Sprint(tt.want) {
				t.Errorf("parseSizes(%q) = %v, want %v", tt.in, got, tt.want)
			}
		})
	}
}

func TestParseArgs(t *testing.T) {
	tests := []struct {
		name    string
		args    []string
		wantErr string
	}{
		{"defaults", nil, ""},
		{"zero runs", []string{"-runs", "0"}, "at least one run"},
		{"stray argument", []string{"extra"}, "unexpected argument"},
		{"bad size", []string{"-n", "abc"}, "not a positive article count"},
		{"unknown peer", []string{"-peer", "jekyll"}, `the only peer is "hugo"`},
		{"hugo binary without a peer", []string{"-hugo", "/usr/bin/hugo"}, "only make sense with -peer hugo"},
		{"install without a peer", []string{"-install-hugo"}, "only make sense with -peer hugo"},
		{"version without v", []string{"-peer", "hugo", "-hugo-version", "0.165.0"}, "want a module version"},
		{"pagefind without the browser", []string{"-pagefind", "node_modules/.bin/pagefind"}, "add -browser"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			c, err := parseArgs(tt.args, io.Discard)
			if tt.wantErr == "" {
				if err != nil {
					t.Fatal(err)
				}
				if fmt.Sprint(c.sizes) != "[1000 10000]" || c.runs != 5 || !c.search || c.warm {
					t.Errorf("defaults = %+v", c)
				}
				return
			}
			if err == nil || !strings.Contains(err.Error(), tt.wantErr) {
				t.Errorf("parseArgs(%q) error = %v, want one containing %q", tt.args, err, tt.wantErr)
			}
		})
	}
}

func TestSpread(t *testing.T) {
	tests := []struct {
		name        string
		in          []time.Duration
		med, lo, hi time.Duration
	}{
		{"odd count", []time.Duration{5, 1, 3}, 3, 1, 5},
		{"even count takes the mean of the middle two", []time.Duration{4, 1, 2, 10}, 3, 1, 10},
		{"one sample", []time.Duration{7}, 7, 7, 7},
		{"none", nil, 0, 0, 0},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			med, lo, hi := spread(tt.in)
			if med != tt.med || lo != tt.lo || hi != tt.hi {
				t.Errorf("spread = %v %v %v, want %v %v %v", med, lo, hi, tt.med, tt.lo, tt.hi)
			}
		})
	}
}

// runBench runs the tool with the test binary as rensai.
func runBench(t *testing.T, args ...string) (code int, stdout, stderr string) {
	t.Helper()
	t.Setenv("RENSAI_BENCH_FAKE", "1")
	var out, errb bytes.Buffer
	args = append([]string{"-rensai", os.Args[0]}, args...)
	code = run(context.Background(), args, &out, &errb)
	return code, out.String(), errb.String()
}

func TestBenchWithFakeRensai(t *testing.T) {
	code, out, errs := runBench(t, "-n", "12,7", "-runs", "3", "-warm", "-seed", "2")
	if code != 0 {
		t.Fatalf("exit %d\nstdout:\n%s\nstderr:\n%s", code, out, errs)
	}
	// The machine line, then one row per size and phase, with the fake's
	// one file per article and the load before and after.
	load := `(?:[\d.]+(?:-[\d.]+)?|\?) → (?:[\d.]+(?:-[\d.]+)?|\?)`
	for _, want := range []string{
		`(?m)^machine: .+, \d+ cores, \w+/\w+; rensai .+; \d{4}-\d\d-\d\d \d\d:\d\d UTC$`,
		`(?m)^12\s+rensai\s+cold\s+3\s+\S+ \[\S+-\S+\]\s+\S+ \[\S+-\S+\]\s+\d+ \[\d+-\d+\] MiB\s+[\d.]+ MB\s+[\d.]+ MB\s+12\s+` + load + `\s*$`,
		`(?m)^12\s+rensai\s+warm\s+3\s.*\s12\s+` + load + `\s*$`,
		`(?m)^7\s+rensai\s+cold\s+3\s.*\s7\s+` + load + `\s*$`,
		`(?m)^7\s+rensai\s+warm\s+3\s.*\s7\s+` + load + `\s*$`,
		`(?m)^  12 rensai warm: load 1ms, write 2ms$`,
	} {
		if !regexp.MustCompile(want).MatchString(out) {
			t.Errorf("output does not match %s:\n%s", want, out)
		}
	}
	if strings.Contains(out, "paired ratios") {
		t.Errorf("paired ratios printed without a peer:\n%s", out)
	}
	if n := strings.Count(errs, ": round "); n != 6 {
		t.Errorf("stderr reports %d cold builds, want 6:\n%s", n, errs)
	}
}

func TestBenchReportsFailingBuild(t *testing.T) {
	t.Setenv("RENSAI_BENCH_FAKE_FAIL", "content/posts/x.md:3: bad date")
	code, _, errs := runBench(t, "-n", "5", "-runs", "1")
	if code != 1 {
		t.Errorf("exit %d, want 1", code)
	}
	if !strings.Contains(errs, "cold build 1:") || !strings.Contains(errs, "x.md:3: bad date") {
		t.Errorf("stderr does not quote the failing build:\n%s", errs)
	}
}

func TestBenchCheck(t *testing.T) {
	code, out, errs := runBench(t, "-n", "9", "-runs", "3", "-check")
	if code != 0 {
		t.Fatalf("exit %d\nstdout:\n%s\nstderr:\n%s", code, out, errs)
	}
	// A check row after the cold one, over the output of the cold builds:
	// its nine pages.
	if !regexp.MustCompile(`(?m)^9\s+rensai\s+check\s+3\s+\S+ \[\S+-\S+\]\s.*\s9\s+\S+ → \S+\s*$`).MatchString(out) {
		t.Errorf("no check row of 3 runs over 9 files:\n%s", out)
	}
	if strings.Index(out, " cold ") > strings.Index(out, " check ") {
		t.Errorf("the check row comes before the builds it checks:\n%s", out)
	}
	if n := strings.Count(errs, ": check "); n != 3 {
		t.Errorf("stderr reports %d checks, want 3:\n%s", n, errs)
	}
}

func TestBenchReportsFailingCheck(t *testing.T) {
	t.Setenv("RENSAI_BENCH_FAKE_CHECK_FAIL", "public/posts/a/index.html:4: link to /missing/ leads nowhere")
	code, out, errs := runBench(t, "-n", "4", "-runs", "2", "-check")
	if code != 1 {
		t.Errorf("exit %d, want 1", code)
	}
	if !strings.Contains(errs, "check 1:") || !strings.Contains(errs, "leads nowhere") {
		t.Errorf("stderr does not quote the failing check:\n%s", errs)
	}
	if strings.Contains(out, " check ") {
		t.Errorf("a failing check was timed as a row:\n%s", out)
	}
}

func TestBenchKeepReusesCorpus(t *testing.T) {
	keep := t.TempDir()
	if code, out, errs := runBench(t, "-n", "6", "-runs", "1", "-keep", keep); code != 0 {
		t.Fatalf("first run: exit %d\n%s\n%s", code, out, errs)
	}
	site := filepath.Join(keep, "n6")
	if _, err := os.Stat(filepath.Join(site, "rensai.toml")); err != nil {
		t.Fatalf("the kept site is not where -keep puts it: %v", err)
	}
	before := treeHashOf(t, filepath.Join(site, "content"))
	code, out, errs := runBench(t, "-n", "6", "-runs", "2", "-warm", "-keep", keep)
	if code != 0 {
		t.Fatalf("second run: exit %d\n%s\n%s", code, out, errs)
	}
	if !strings.Contains(errs, "reusing") {
		t.Errorf("second run did not reuse the kept corpus:\n%s", errs)
	}
	if after := treeHashOf(t, filepath.Join(site, "content")); after != before {
		t.Errorf("kept corpus changed by a warm run: %s -> %s", before, after)
	}
}

// treeHashOf hashes the paths and bytes of the files under dir.
func treeHashOf(t *testing.T, dir string) string {
	t.Helper()
	h := sha256.New()
	err := filepath.WalkDir(dir, func(p string, d os.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		b, err := os.ReadFile(p)
		fmt.Fprintf(h, "%s\x00%d\x00", p, len(b))
		h.Write(b)
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	return hex.EncodeToString(h.Sum(nil))
}

func TestTouchArticle(t *testing.T) {
	dir := t.TempDir()
	posts := filepath.Join(dir, "content", "posts")
	if err := os.MkdirAll(posts, 0o755); err != nil {
		t.Fatal(err)
	}
	for _, name := range []string{"a-01.md", "b-01.md", "c-01.md"} {
		if err := os.WriteFile(filepath.Join(posts, name), []byte("---\ntitle: x\n---\n本文\n"), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	p, err := pickArticle(dir)
	if err != nil {
		t.Fatal(err)
	}
	if filepath.Base(p) != "b-01.md" {
		t.Errorf("pickArticle = %s, want the middle one, b-01.md", p)
	}
	before, _ := os.ReadFile(p)
	if err := touchArticle(p, 1); err != nil {
		t.Fatal(err)
	}
	after, _ := os.ReadFile(p)
	if !bytes.HasPrefix(after, before) || len(after) <= len(before) {
		t.Errorf("touchArticle did not append to the article:\n%s", after)
	}
}
