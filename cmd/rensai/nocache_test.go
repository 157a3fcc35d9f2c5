package main

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// TestBuildNoCache: rensai build keeps its renderings in
// .rensai-cache/render; with --no-cache it keeps none, and writes the same
// site.
func TestBuildNoCache(t *testing.T) {
	dir := t.TempDir()
	writeSite(t, dir, map[string]string{
		"rensai.toml":        "baseURL = \"https://example.jp/\"\n[search]\nenable = false\n",
		"content/posts/a.md": "---\ntitle: 一話\ndate: 2026-04-01\n---\n\n```go\nfunc main() {}\n```\n",
	})
	packs := func() []string {
		names, _ := filepath.Glob(filepath.Join(dir, ".rensai-cache", "render", "pack-*.rc"))
		return names
	}
	build := func(args ...string) string {
		t.Helper()
		var out, errOut strings.Builder
		if code := run(append([]string{"build", "--quiet", "--source", dir}, args...), &out, &errOut); code != exitOK {
			t.Fatalf("rensai build %q: %s", args, errOut.String())
		}
		page, err := os.ReadFile(filepath.Join(dir, "public", "posts", "a", "index.html"))
		if err != nil {
			t.Fatal(err)
		}
		return string(page)
	}
	cached := build()
	if len(packs()) != 1 {
		t.Fatalf("after rensai build: packs %q, want one", packs())
	}
	if err := os.RemoveAll(filepath.Join(dir, ".rensai-cache")); err != nil {
		t.Fatal(err)
	}
	if uncached := build("--no-cache"); uncached != cached {
		t.Error("rensai build --no-cache wrote another page")
	}
	if len(packs()) != 0 {
		t.Errorf("after rensai build --no-cache: packs %q, want none", packs())
	}
}
