package main

import (
	"context"
	"os"
	"path/filepath"
	"runtime/debug"
	"testing"

	"github.com/rensai-ssg/rensai/generator"
)

// TestLimitMemorySetsAndRestores: a build run with limitMemory sets a soft
// memory limit (and, without search, GOGC) once its content is loaded, and
// restore gives the process its previous settings back.
func TestLimitMemorySetsAndRestores(t *testing.T) {
	t.Setenv("GOMEMLIMIT", "")
	t.Setenv("GOGC", "")
	before := debug.SetMemoryLimit(-1)
	beforeGC := debug.SetGCPercent(-1)
	debug.SetGCPercent(beforeGC)
	dir := t.TempDir()
	for name, body := range map[string]string{
		"rensai.toml":        "title = \"t\"\nbaseURL = \"https://example.jp/\"\n[search]\nenable = false\n",
		"content/posts/a.md": "---\ntitle: 件\ndate: 2026-03-01\n---\n\n本文。\n",
	} {
		p := filepath.Join(dir, filepath.FromSlash(name))
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(p, []byte(body), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	opts := generator.Options{Source: dir}
	restore := limitMemory(&opts)
	var during int64
	var duringGC int
	load := opts.OnLoad
	opts.OnLoad = func(n, largest int64, search bool) {
		load(n, largest, search)
		during = debug.SetMemoryLimit(-1)
		duringGC = debug.SetGCPercent(-1)
		debug.SetGCPercent(duringGC)
	}
	if _, err := generator.Build(context.Background(), opts); err != nil {
		t.Fatal(err)
	}
	if want := memoryLimit(0, 0, false); during != want {
		t.Errorf("limit during the build = %d, want %d", during, want)
	}
	if duringGC != searchOffGCPercent {
		t.Errorf("GOGC during a build without search = %d, want %d", duringGC, searchOffGCPercent)
	}
	restore()
	if got := debug.SetMemoryLimit(-1); got != before {
		t.Errorf("limit after restore = %d, want %d", got, before)
	}
	if got := debug.SetGCPercent(beforeGC); got != beforeGC {
		t.Errorf("GOGC after restore = %d, want %d", got, beforeGC)
	}
}

// TestMemoryLimit: ordinary sites get at least siteFloor and room for
// their Markdown; a site whose largest article is huge gets hugeFloor plus
// room for the rest, never more than an ordinary site of its size.
func TestMemoryLimit(t *testing.T) {
	const mb = 1 << 20
	for _, tt := range []struct {
		name    string
		bytes   int64
		largest int64
		search  bool
		want    int64
	}{
		{"small site", 1 * mb, 20 << 10, true, 850 * mb},
		{"large site without search", 400 * mb, 50 << 10, false, 4000 * mb},
		{"large site with search", 400 * mb, 50 << 10, true, 2000 * mb},
		{"one article just under huge", hugeArticleBytes - 1, hugeArticleBytes - 1, true, 850 * mb},
		{"one huge article", 10 * mb, 10 * mb, true, 400 * mb},
		{"one huge article without search", 10 * mb, 10 * mb, false, 400 * mb},
		{"a huge article and 5 MB of others", 15 * mb, 10 * mb, true, 425 * mb},
		{"a huge article in a site of 100 MB", 100 * mb, 10 * mb, true, 850 * mb},
		{"a huge article among 50 MB of others", 60 * mb, 10 * mb, true, 650 * mb},
	} {
		t.Run(tt.name, func(t *testing.T) {
			if got := memoryLimit(tt.bytes, tt.largest, tt.search); got != tt.want {
				t.Errorf("memoryLimit(%d, %d, %v) = %d MiB, want %d MiB", tt.bytes, tt.largest, tt.search, got/mb, tt.want/mb)
			}
		})
	}
}

// TestServeMemoryLimit: the dev server's limit is a build's with search,
// lower for a small site of ordinary articles (but never below
// serveFloor), the same for a large site or a huge article.
func TestServeMemoryLimit(t *testing.T) {
	const mb = 1 << 20
	for _, tt := range []struct {
		name           string
		bytes, largest int64
		want           int64
	}{
		{"a few articles", 100 << 10, 20 << 10, 256 * mb},
		{"1,000 articles (16 MB)", 16 * mb, 50 << 10, 256 * mb},
		{"3,000 articles (48 MB)", 48 * mb, 50 << 10, 768 * mb},
		{"10,000 articles (160 MB)", 160 * mb, 50 << 10, 850 * mb},
		{"20,000 articles (320 MB)", 320 * mb, 50 << 10, 1600 * mb},
		{"one huge article", 10 * mb, 10 * mb, 400 * mb},
		{"a huge article among 50 MB of others", 60 * mb, 10 * mb, 650 * mb},
	} {
		t.Run(tt.name, func(t *testing.T) {
			if got := serveMemoryLimit(tt.bytes, tt.largest); got != tt.want {
				t.Errorf("serveMemoryLimit(%d, %d) = %d MiB, want %d MiB", tt.bytes, tt.largest, got/mb, tt.want/mb)
			}
			if build := memoryLimit(tt.bytes, tt.largest, true); serveMemoryLimit(tt.bytes, tt.largest) > build {
				t.Errorf("the dev server's limit is above a build's (%d MiB)", build/mb)
			}
		})
	}
}

// TestLimitServeMemory: each build of the dev server sets its limit
// (serveMemoryLimit) for the content it loaded, search on or off, leaves
// GOGC alone, and restore gives the process its previous limit back; a
// GOMEMLIMIT in the environment is left to rule.
func TestLimitServeMemory(t *testing.T) {
	t.Setenv("GOMEMLIMIT", "")
	before := debug.SetMemoryLimit(-1)
	gc := debug.SetGCPercent(-1)
	debug.SetGCPercent(gc)
	opts := generator.Options{}
	restore := limitServeMemory(&opts)
	const mb = 1 << 20
	for _, search := range []bool{true, false} {
		opts.OnLoad(400*mb, 50<<10, search)
		if got, want := debug.SetMemoryLimit(-1), serveMemoryLimit(400*mb, 50<<10); got != want {
			t.Errorf("search %v: limit %d MiB, want %d MiB", search, got/mb, want/mb)
		}
		if got := debug.SetGCPercent(gc); got != gc {
			t.Errorf("search %v: GOGC %d, want %d as before", search, got, gc)
		}
	}
	restore()
	if got := debug.SetMemoryLimit(-1); got != before {
		t.Errorf("limit after restore = %d, want %d", got, before)
	}
	t.Setenv("GOMEMLIMIT", "1GiB")
	opts = generator.Options{}
	limitServeMemory(&opts)()
	if opts.OnLoad != nil {
		t.Error("with GOMEMLIMIT set, the dev server sets a limit of its own")
	}
}
