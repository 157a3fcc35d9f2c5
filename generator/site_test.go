package generator

import (
	"bytes"
	"context"
	"io/fs"
	"os"
	"path/filepath"
	"sort"
	"strconv"
	"testing"
	"time"
)

// repoRoot is the repository root: the example site and the default theme.
const repoRoot = ".."

// fixedNow keeps fixture builds independent of the wall clock.
var fixedNow = time.Date(2026, 6, 1, 0, 0, 0, 0, time.UTC)

// newSite writes a site into a temp dir: the default theme, a config and the
// given content files (paths relative to content/).
func newSite(t testing.TB, config string, files map[string]string) string {
	t.Helper()
	dir := t.TempDir()
	copyTree(t, filepath.Join(repoRoot, "themes", "default"), filepath.Join(dir, "themes", "default"))
	if config == "" {
		config = "title = \"テスト日報\"\nbaseURL = \"https://example.jp/\"\n[taxonomies]\ntags = \"タグ\"\nclients = \"派遣先\"\n[search]\nenable = false\n"
	}
	writeFile(t, filepath.Join(dir, "rensai.toml"), config)
	for name, body := range files {
		writeFile(t, filepath.Join(dir, "content", filepath.FromSlash(name)), body)
	}
	return dir
}

func writeFile(t testing.TB, path, body string) {
	t.Helper()
	if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(path, []byte(body), 0o644); err != nil {
		t.Fatal(err)
	}
}

func copyTree(t testing.TB, from, to string) {
	t.Helper()
	err := filepath.WalkDir(from, func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		rel, _ := filepath.Rel(from, p)
		if d.IsDir() {
			return os.MkdirAll(filepath.Join(to, rel), 0o755)
		}
		data, err := os.ReadFile(p)
		if err != nil {
			return err
		}
		return os.WriteFile(filepath.Join(to, rel), data, 0o644)
	})
	if err != nil {
		t.Fatal(err)
	}
}

// part returns a series part's Markdown.
func part(series string, n int, title, date string, extra string) string {
	return "---\ntitle: " + title + "\ndate: " + date + "\nseries: " + series + "\npart: " + itoa(n) + "\n" + extra + "---\n\n## クレーム経緯\n\n" + title + "についての報告です。派遣先から連絡がありました。\n"
}

func itoa(n int) string { return strconv.Itoa(n) }

// buildMem builds dir in memory.
func buildMem(t testing.TB, opts Options) map[string][]byte {
	t.Helper()
	if opts.Now.IsZero() {
		opts.Now = fixedNow
	}
	b, err := NewBuilder(opts)
	if err != nil {
		t.Fatal(err)
	}
	res, err := b.Build(context.Background(), nil)
	if err != nil {
		t.Fatalf("build: %v", err)
	}
	return res.Files
}

func mustContain(t *testing.T, files map[string][]byte, name string, wants ...string) {
	t.Helper()
	data, ok := files[name]
	if !ok {
		t.Fatalf("%s not written; have %d files", name, len(files))
	}
	for _, w := range wants {
		if !bytes.Contains(data, []byte(w)) {
			t.Errorf("%s lacks %q", name, w)
		}
	}
}

func mustNotContain(t *testing.T, files map[string][]byte, name string, unwanted ...string) {
	t.Helper()
	for _, w := range unwanted {
		if bytes.Contains(files[name], []byte(w)) {
			t.Errorf("%s contains %q", name, w)
		}
	}
}

func fileNames(files map[string][]byte) []string {
	var names []string
	for n := range files {
		names = append(names, n)
	}
	sort.Strings(names)
	return names
}
