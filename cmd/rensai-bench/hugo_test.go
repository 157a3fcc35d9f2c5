package main

import (
	"bytes"
	"context"
	"io"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"github.com/pelletier/go-toml/v2"

	"github.com/rensai-ssg/rensai/internal/corpus"
)

// hugoTwin writes a corpus of n articles and its Hugo site.
func hugoTwin(t *testing.T, n int) (src, dst string) {
	t.Helper()
	src, dst = filepath.Join(t.TempDir(), "site"), filepath.Join(t.TempDir(), "hugo")
	if err := corpus.Write(src, n, corpus.Options{Seed: 3}); err != nil {
		t.Fatal(err)
	}
	if err := writeHugoSite(src, dst); err != nil {
		t.Fatal(err)
	}
	return src, dst
}

func TestWriteHugoSiteKeepsBodiesAndNamesSeriesBySlug(t *testing.T) {
	src, dst := hugoTwin(t, 40)
	posts, err := filepath.Glob(filepath.Join(src, "content", "posts", "*.md"))
	if err != nil || len(posts) != 40 {
		t.Fatalf("corpus has %d posts (%v), want 40", len(posts), err)
	}
	seriesLine := regexp.MustCompile(`(?m)^series: \[(case-\d{4})\]$`)
	inSeries := 0
	for _, p := range posts {
		in, _ := os.ReadFile(p)
		out, err := os.ReadFile(filepath.Join(dst, "content", "posts", filepath.Base(p)))
		if err != nil {
			t.Fatalf("%s has no Hugo twin: %v", filepath.Base(p), err)
		}
		_, inBody, _ := splitFrontMatter(p, in)
		fm, outBody, err := splitFrontMatter(p, out)
		if err != nil {
			t.Fatal(err)
		}
		if !bytes.Equal(inBody, outBody) {
			t.Errorf("%s: the Hugo body differs from the rensai body", filepath.Base(p))
		}
		head := strings.Join(fm, "\n")
		if m := seriesLine.FindStringSubmatch(head); m != nil {
			inSeries++
			if _, err := os.Stat(filepath.Join(dst, "content", "series", m[1], "_index.md")); err != nil {
				t.Errorf("%s names series %s, which has no term page: %v", filepath.Base(p), m[1], err)
			}
		} else if strings.Contains(head, "series:") {
			t.Errorf("%s: series line not rewritten:\n%s", filepath.Base(p), head)
		}
		for _, key := range []string{"title:", "date:", "tags:"} {
			if !strings.Contains(head, key) {
				t.Errorf("%s: front matter lost %s", filepath.Base(p), key)
			}
		}
	}
	if inSeries == 0 {
		t.Error("no article of the corpus is in a series; the test checks nothing")
	}
	terms, _ := filepath.Glob(filepath.Join(dst, "content", "series", "*", "_index.md"))
	for _, f := range terms {
		b, _ := os.ReadFile(f)
		if bytes.Contains(b, []byte("\nslug:")) {
			t.Errorf("%s keeps its slug line; the folder is the slug", f)
		}
	}
}

func TestWriteHugoSiteConfigAndLayouts(t *testing.T) {
	_, dst := hugoTwin(t, 12)
	raw, err := os.ReadFile(filepath.Join(dst, "hugo.toml"))
	if err != nil {
		t.Fatal(err)
	}
	var cfg struct {
		BaseURL    string            `toml:"baseURL"`
		Locale     string            `toml:"locale"`
		Taxonomies map[string]string `toml:"taxonomies"`
		Pagination struct {
			PagerSize int `toml:"pagerSize"`
		} `toml:"pagination"`
	}
	if err := toml.Unmarshal(raw, &cfg); err != nil {
		t.Fatalf("hugo.toml does not parse: %v\n%s", err, raw)
	}
	if cfg.BaseURL != "https://rensai-ssg.github.io/bench/" || cfg.Locale != "ja" || cfg.Pagination.PagerSize != 10 {
		t.Errorf("hugo.toml = %+v, want the corpus's base URL, ja and pages of 10", cfg)
	}
	for _, plural := range []string{"tags", "clients", "staff", "series"} {
		found := false
		for _, v := range cfg.Taxonomies {
			found = found || v == plural
		}
		if !found {
			t.Errorf("taxonomy %s missing from %v", plural, cfg.Taxonomies)
		}
	}
	// Files whose names start with "_" need "all:" in go:embed.
	for _, f := range []string{"layouts/baseof.html", "layouts/page.html", "layouts/home.html",
		"layouts/term.html", "layouts/series/term.html", "layouts/taxonomy.html", "layouts/archives.html",
		"layouts/_partials/card.html", "layouts/_partials/series-nav.html", "static/style.css", "content/archives.md"} {
		if _, err := os.Stat(filepath.Join(dst, filepath.FromSlash(f))); err != nil {
			t.Errorf("Hugo site lacks %s: %v", f, err)
		}
	}
}

func TestWriteHugoSiteRejectsUnknownSeries(t *testing.T) {
	src := t.TempDir()
	for name, text := range map[string]string{
		"rensai.toml":            "title = \"t\"\nbaseURL = \"https://example.org/\"\n",
		"content/series/a.md":    "---\ntitle: 既知の件\nslug: a\n---\n本文\n",
		"content/posts/a-01.md":  "---\ntitle: 一\nseries: 既知の件\npart: 1\n---\n本文\n",
		"content/posts/b-01.md":  "---\ntitle: 二\ndate: 2020-01-01\nseries: 未知の件\npart: 1\n---\n本文\n",
		"content/posts/note1.md": "---\ntitle: 三\n---\n本文\n",
	} {
		p := filepath.Join(src, filepath.FromSlash(name))
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(p, []byte(text), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	err := writeHugoSite(src, filepath.Join(t.TempDir(), "hugo"))
	if err == nil || !strings.Contains(err.Error(), "b-01.md:4:") || !strings.Contains(err.Error(), "未知の件") {
		t.Errorf("error = %v, want one naming b-01.md:4 and the series", err)
	}
}

func TestSplitFrontMatter(t *testing.T) {
	tests := []struct {
		name, in, wantErr string
		wantLines         int
		wantBody          string
	}{
		{"front matter and body", "---\na: 1\nb: 2\n---\n本文\n", "", 2, "本文\n"},
		{"empty body", "---\na: 1\n---\n", "", 1, ""},
		{"no front matter", "本文\n", "x.md:1: no front matter", 0, ""},
		{"never closed", "---\na: 1\n本文\n", "x.md:1: front matter never closed", 0, ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			fm, body, err := splitFrontMatter("x.md", []byte(tt.in))
			if tt.wantErr != "" {
				if err == nil || !strings.Contains(err.Error(), tt.wantErr) {
					t.Errorf("error = %v, want %q", err, tt.wantErr)
				}
				return
			}
			if err != nil || len(fm) != tt.wantLines || string(body) != tt.wantBody {
				t.Errorf("= %q, %q, %v; want %d lines and body %q", fm, body, err, tt.wantLines, tt.wantBody)
			}
		})
	}
}

func TestFindHugo(t *testing.T) {
	cache := t.TempDir()
	t.Setenv("XDG_CACHE_HOME", cache)
	t.Setenv("HOME", cache)
	dir, err := hugoCacheDir("v0.1.0")
	if err != nil {
		t.Fatal(err)
	}
	c := config{peer: "hugo", hugoVersion: "v0.1.0"}
	// Not installed and not asked to install: an error that says how.
	_, err = findHugo(context.Background(), c, io.Discard)
	if err == nil || !strings.Contains(err.Error(), "-install-hugo") || !strings.Contains(err.Error(), dir) {
		t.Errorf("error = %v, want one naming -install-hugo and %s", err, dir)
	}
	// Installed in the cache folder: found without a network.
	if err := os.MkdirAll(dir, 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(dir, "hugo"), []byte("#!/bin/sh\n"), 0o755); err != nil {
		t.Fatal(err)
	}
	got, err := findHugo(context.Background(), c, io.Discard)
	if err != nil || got != filepath.Join(dir, "hugo") {
		t.Errorf("findHugo = %q, %v; want the cached binary", got, err)
	}
	// -hugo wins over the cache.
	c.hugo = "relative/hugo"
	if got, err := findHugo(context.Background(), c, io.Discard); err != nil || !filepath.IsAbs(got) || !strings.HasSuffix(got, "relative/hugo") {
		t.Errorf("findHugo with -hugo = %q, %v", got, err)
	}
}

func TestBenchWithFakeHugo(t *testing.T) {
	keep := t.TempDir()
	code, out, errs := runBench(t, "-n", "9", "-runs", "2", "-search=false", "-warm", "-keep", keep,
		"-peer", "hugo", "-hugo", os.Args[0], "-markdown")
	if code != 0 {
		t.Fatalf("exit %d\nstdout:\n%s\nstderr:\n%s", code, out, errs)
	}
	// Rounds take turns: rensai, hugo, rensai, hugo; then the same with
	// one article edited before each round.
	order := regexp.MustCompile(`(: |warm )round (\d)/2: (rensai|hugo)`).FindAllStringSubmatch(errs, -1)
	var got []string
	for _, m := range order {
		got = append(got, strings.TrimSpace(strings.Trim(m[1], ": "))+m[2]+m[3])
	}
	if strings.Join(got, " ") != "1rensai 1hugo 2rensai 2hugo warm1rensai warm1hugo warm2rensai warm2hugo" {
		t.Errorf("build order = %v, want rensai and hugo taking turns:\n%s", got, errs)
	}
	// The edits are undone in both copies of the kept corpus.
	for _, dir := range []string{"n9-nosearch", "n9-nosearch-hugo"} {
		posts, _ := filepath.Glob(filepath.Join(keep, dir, "content", "posts", "*.md"))
		if len(posts) != 9 {
			t.Fatalf("%s has %d posts, want 9", dir, len(posts))
		}
		for _, p := range posts {
			if b, _ := os.ReadFile(p); bytes.Contains(b, []byte("追記")) {
				t.Errorf("%s still carries the benchmark's edit", p)
			}
		}
	}
	for _, want := range []string{
		`(?m)^Measured on .+; peer hugo v0\.0\.0-fake linux/amd64; \d{4}-\d\d-\d\d \d\d:\d\d UTC\.$`,
		"(?m)^Command: `go run ./cmd/rensai-bench .* -n 9 .*-markdown` \\(seed 1, search off",
		`(?m)^\| 9 \| rensai \| cold \| 2 \| .* \| 9 \| .+ → .+ \|$`,
		`(?m)^\| 9 \| Hugo \| cold \| 2 \| .* \| 18 \| .+ → .+ \|$`,
		// The fake Hugo writes the same bytes twice over: output ratio 0.5.
		`(?m)^\| 9 \| cold \| 2 \| [\d.]+ \[[\d.]+-[\d.]+\] \| .* \| 0\.50 \[0\.50-0\.50\] \|$`,
		`(?m)^\| 9 \| warm \| 2 \| [\d.]+ \[[\d.]+-[\d.]+\] \| .* \| 0\.50 \[0\.50-0\.50\] \|$`,
		`(?m)^\| 9 \| Hugo \| warm \| 2 \| `,
	} {
		if !regexp.MustCompile(want).MatchString(out) {
			t.Errorf("markdown does not match %s:\n%s", want, out)
		}
	}
}
