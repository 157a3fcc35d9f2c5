package generator

import (
	"bytes"
	"flag"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

var update = flag.Bool("update", false, "rewrite the golden files in testdata/golden")

// TestGoldenExampleSite builds the example site at the repository root and
// compares every output file with testdata/golden/example. After an
// intended change, refresh with: go test ./generator -run Golden -update
func TestGoldenExampleSite(t *testing.T) {
	golden := filepath.Join("testdata", "golden", "example")
	now := time.Date(2026, 12, 31, 0, 0, 0, 0, time.UTC)
	files := buildMem(t, Options{Source: repoRoot, Now: now, CacheDir: t.TempDir()})
	compared := 0
	// Theme assets are published minified: compare them with their
	// minified source instead of keeping a second copy in the golden tree.
	var min assetMinifier
	for _, name := range fileNames(files) {
		rest, ok := strings.CutPrefix(name, "assets/")
		if !ok {
			continue
		}
		src, err := os.ReadFile(filepath.Join(repoRoot, "themes", "default", "assets", filepath.FromSlash(rest)))
		if err != nil {
			continue // generated, such as syntax.css: stays in the golden tree
		}
		want, warn := min.minify(name, name, src)
		if warn != nil {
			t.Errorf("%s: %v", name, warn)
		}
		if !bytes.Equal(want, files[name]) {
			t.Errorf("%s is not its theme asset minified", name)
		}
		delete(files, name)
		compared++
	}
	if compared < 3 {
		t.Fatalf("only %d theme assets found in the output", compared)
	}
	if *update {
		if err := os.RemoveAll(golden); err != nil {
			t.Fatal(err)
		}
		for name, data := range files {
			writeFile(t, filepath.Join(golden, filepath.FromSlash(name)), string(data))
		}
		return
	}
	want := snapshot(t, golden)
	for _, name := range fileNames(files) {
		w, ok := want[name]
		if !ok {
			t.Errorf("%s: new file (run with -update if intended)", name)
			continue
		}
		if !bytes.Equal(files[name], w) {
			t.Errorf("%s differs from the golden file:\n%s", name, firstDiff(w, files[name]))
		}
	}
	for name := range want {
		if _, ok := files[name]; !ok {
			t.Errorf("%s: no longer written (run with -update if intended)", name)
		}
	}
}

// firstDiff shows the first differing line.
func firstDiff(want, got []byte) string {
	wl := strings.Split(string(want), "\n")
	gl := strings.Split(string(got), "\n")
	for i := 0; i < len(wl) || i < len(gl); i++ {
		var w, g string
		if i < len(wl) {
			w = wl[i]
		}
		if i < len(gl) {
			g = gl[i]
		}
		if w != g {
			return "line " + itoa(i+1) + ":\n  want: " + trunc(w) + "\n  got:  " + trunc(g)
		}
	}
	return "(same lines, different bytes)"
}

func trunc(s string) string {
	if len(s) > 200 {
		return s[:200] + "…"
	}
	return s
}
