package generator

import (
	"io/fs"
	"os"
	"path/filepath"
	"sync/atomic"
	"testing"
)

// TestCacheFilesShareOneMode: every file a build leaves in the cache folder
// (render cache pack, search analyses, diagrams) has the mode of the
// manifest, written with os.WriteFile: files made with os.CreateTemp
// were 0600, so a cache folder shared between users broke.
func TestCacheFilesShareOneMode(t *testing.T) {
	dir := seriesSite(t)
	writeFile(t, filepath.Join(dir, "rensai.toml"), "title = \"テスト日報\"\nbaseURL = \"https://example.jp/\"\n[search]\nenable = true\n")
	writeFile(t, filepath.Join(dir, "content", "posts", "zu.md"), "---\ntitle: 図の記事\ndate: 2026-02-02\n---\n\n```d2\n受付 -> 確認\n```\n")
	cache := t.TempDir()
	oneShot(t, Options{Source: dir, CacheDir: cache, Tokenizer: preloadTokenizer{new(atomic.Int32)}})
	modes := map[string]fs.FileMode{}
	err := filepath.WalkDir(cache, func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		info, err := d.Info()
		if err == nil {
			rel, _ := filepath.Rel(cache, p)
			modes[filepath.ToSlash(rel)] = info.Mode().Perm()
		}
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	// The mode os.WriteFile gives the manifest, under this process's umask.
	probe := filepath.Join(t.TempDir(), ManifestName)
	writeFile(t, probe, "{}")
	info, err := os.Stat(probe)
	if err != nil {
		t.Fatal(err)
	}
	want := info.Mode().Perm()
	kinds := map[string]bool{}
	for p, m := range modes {
		kinds[filepath.Dir(p)] = true
		if m != want {
			t.Errorf("%s has mode %v, want %v, the manifest's", p, m, want)
		}
	}
	for _, d := range []string{"render", "search", "d2"} {
		if !kinds[d] {
			t.Errorf("the build wrote nothing in %s/ (files %v)", d, modes)
		}
	}
}
