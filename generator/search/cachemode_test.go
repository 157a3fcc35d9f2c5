package search

import (
	"io/fs"
	"os"
	"path/filepath"
	"testing"

	"github.com/rensai-ssg/rensai/internal/testlane"
)

// cacheFileModes returns the permission bits of every regular file under
// dir, keyed by its path.
func cacheFileModes(t *testing.T, dir string) map[string]fs.FileMode {
	t.Helper()
	modes := map[string]fs.FileMode{}
	err := filepath.WalkDir(dir, func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		info, err := d.Info()
		if err != nil {
			return err
		}
		modes[p] = info.Mode().Perm()
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	return modes
}

// TestAnalysisPacksAreReadableByAll: a pack of analyses has the mode of the
// cache's other files (0644), not os.CreateTemp's 0600, so a cache folder
// shared between users is read by all of them.
func TestAnalysisPacksAreReadableByAll(t *testing.T) {
	dir := t.TempDir()
	buildFake(t, newFake(), Options{CacheDir: dir}, fakeDocs)
	modes := cacheFileModes(t, dir)
	if len(modes) == 0 {
		t.Fatal("the build wrote no pack")
	}
	for p, m := range modes {
		if m != 0o644 {
			t.Errorf("%s has mode %v, want %v", p, m, fs.FileMode(0o644))
		}
	}
}

// TestFlatDictIsReadableByAll: the flat dictionary too.
func TestFlatDictIsReadableByAll(t *testing.T) {
	testlane.SkipDictionary(t)
	dir := t.TempDir()
	l := newLazyKagome(dir, "test")
	if _, err := l.Tokenize("東京都に行った"); err != nil {
		t.Fatal(err)
	}
	path := filepath.Join(dir, "dict", "ipa-test."+dictVersion)
	info, err := os.Stat(path)
	if err != nil {
		t.Fatal(err)
	}
	if m := info.Mode().Perm(); m != 0o644 {
		t.Errorf("%s has mode %v, want %v", path, m, fs.FileMode(0o644))
	}
}
