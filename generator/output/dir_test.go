package output

import (
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"
)

func TestDirCommitReplacesAndPrunes(t *testing.T) {
	dest := filepath.Join(t.TempDir(), "public")
	write := func(files map[string]string) {
		t.Helper()
		d, err := NewDir(dest, DirOptions{})
		if err != nil {
			t.Fatal(err)
		}
		for name, body := range files {
			if err := d.WriteFile(name, []byte(body)); err != nil {
				t.Fatal(err)
			}
		}
		if err := d.Commit(); err != nil {
			t.Fatal(err)
		}
	}
	write(map[string]string{"index.html": "one", "posts/old/index.html": "old"})
	write(map[string]string{"index.html": "two", "posts/new/index.html": "new"})
	if b, _ := os.ReadFile(filepath.Join(dest, "index.html")); string(b) != "two" {
		t.Errorf("index.html = %q", b)
	}
	if _, err := os.Stat(filepath.Join(dest, "posts/old/index.html")); !os.IsNotExist(err) {
		t.Errorf("stale file survived: %v", err)
	}
	entries, _ := os.ReadDir(filepath.Dir(dest))
	if len(entries) != 1 {
		t.Errorf("leftovers beside public/: %v", entries)
	}
}

func TestDirAbortLeavesDestination(t *testing.T) {
	dest := filepath.Join(t.TempDir(), "public")
	os.MkdirAll(dest, 0o755)
	os.WriteFile(filepath.Join(dest, "keep.html"), []byte("keep"), 0o644)
	os.WriteFile(filepath.Join(dest, Marker), []byte(markerText), 0o644)
	d, err := NewDir(dest, DirOptions{})
	if err != nil {
		t.Fatal(err)
	}
	d.WriteFile("keep.html", []byte("changed"))
	if err := d.Abort(); err != nil {
		t.Fatal(err)
	}
	if b, _ := os.ReadFile(filepath.Join(dest, "keep.html")); string(b) != "keep" {
		t.Errorf("destination changed: %q", b)
	}
}

func TestWriteFileRefusesEscapes(t *testing.T) {
	m := NewMem()
	for _, name := range []string{"../x", "/etc/passwd", "a/../../x", "a\\b", "", "./a", "a//b"} {
		if err := m.WriteFile(name, nil); err == nil {
			t.Errorf("WriteFile(%q) accepted", name)
		}
	}
	if err := m.WriteFile("a/b.html", []byte("x")); err != nil {
		t.Errorf("clean name refused: %v", err)
	}
}

// TestDirWriteErrorFailsCommit: a file that cannot be written (here a page
// below a path that is already a file) fails Commit, names the path, and
// leaves the previous destination as it was.
func TestDirWriteErrorFailsCommit(t *testing.T) {
	dest := filepath.Join(t.TempDir(), "public")
	os.MkdirAll(dest, 0o755)
	os.WriteFile(filepath.Join(dest, "keep.html"), []byte("keep"), 0o644)
	os.WriteFile(filepath.Join(dest, Marker), []byte(markerText), 0o644)
	d, err := NewDir(dest, DirOptions{})
	if err != nil {
		t.Fatal(err)
	}
	d.WriteFile("posts", []byte("a file"))
	d.WriteFile("posts/a/index.html", []byte("page"))
	err = d.Commit()
	if err == nil || !strings.Contains(err.Error(), "posts") {
		t.Fatalf("Commit = %v, want an error naming posts", err)
	}
	d.Abort()
	if b, _ := os.ReadFile(filepath.Join(dest, "keep.html")); string(b) != "keep" {
		t.Errorf("destination changed: %q", b)
	}
	if entries, _ := os.ReadDir(filepath.Dir(dest)); len(entries) != 1 {
		t.Errorf("leftovers beside public/: %v", entries)
	}
}

// TestDirConcurrentWriters: WriteFile from many goroutines writes every
// file with its own bytes (run with -race).
func TestDirConcurrentWriters(t *testing.T) {
	dest := filepath.Join(t.TempDir(), "public")
	d, err := NewDir(dest, DirOptions{})
	if err != nil {
		t.Fatal(err)
	}
	var wg sync.WaitGroup
	for w := 0; w < 8; w++ {
		wg.Go(func() {
			for i := 0; i < 100; i++ {
				name := fmt.Sprintf("s%d/p%d/index.html", w, i)
				if err := d.WriteFile(name, []byte(name)); err != nil {
					t.Error(err)
				}
			}
		})
	}
	wg.Wait()
	if err := d.Commit(); err != nil {
		t.Fatal(err)
	}
	for w := 0; w < 8; w++ {
		for i := 0; i < 100; i++ {
			name := fmt.Sprintf("s%d/p%d/index.html", w, i)
			if b, err := os.ReadFile(filepath.Join(dest, name)); err != nil || string(b) != name {
				t.Fatalf("%s = %q, %v", name, b, err)
			}
		}
	}
}
