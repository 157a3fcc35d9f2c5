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
	opts.OnLoad = func(n int64, search bool) {
		load(n, search)
		during = debug.SetMemoryLimit(-1)
		duringGC = debug.SetGCPercent(-1)
		debug.SetGCPercent(duringGC)
	}
	if _, err := generator.Build(context.Background(), opts); err != nil {
		t.Fatal(err)
	}
	if want := memoryLimit(0, false); during != want {
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

func TestMemoryLimit(t *testing.T) {
	for _, tt := range []struct {
		name   string
		bytes  int64
		search bool
		want   int64
	}{
		{"small site", 1 << 20, true, 850 << 20},
		{"large site without search", 400 << 20, false, 4000 << 20},
		{"large site with search", 400 << 20, true, 2000 << 20},
	} {
		if got := memoryLimit(tt.bytes, tt.search); got != tt.want {
			t.Errorf("%s: memoryLimit = %d, want %d", tt.name, got, tt.want)
		}
	}
}
