package generator

import (
	"bytes"
	"context"
	"io/fs"
	"os"
	"path/filepath"
	"runtime/debug"
	"slices"
	"strings"
	"testing"
	"testing/fstest"

	"github.com/rensai-ssg/rensai/generator/search"

	"github.com/rensai-ssg/rensai/generator/check"
	"github.com/rensai-ssg/rensai/generator/output"
	"github.com/rensai-ssg/rensai/internal/testlane"
)

// snapshot reads every file under dir.
func snapshot(t *testing.T, dir string) map[string][]byte {
	t.Helper()
	files := map[string][]byte{}
	err := filepath.WalkDir(dir, func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		rel, _ := filepath.Rel(dir, p)
		data, err := os.ReadFile(p)
		files[filepath.ToSlash(rel)] = data
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	return files
}

func sameFiles(t *testing.T, what string, a, b map[string][]byte) {
	t.Helper()
	for name, data := range a {
		other, ok := b[name]
		if !ok {
			t.Errorf("%s: %s only in the first", what, name)
			continue
		}
		if !bytes.Equal(data, other) {
			t.Errorf("%s: %s differs", what, name)
		}
	}
	for name := range b {
		if _, ok := a[name]; !ok {
			t.Errorf("%s: %s only in the second", what, name)
		}
	}
}

func TestTwoBuildsAreByteIdentical(t *testing.T) {
	dir := seriesSite(t)
	first := buildMem(t, Options{Source: dir})
	second := buildMem(t, Options{Source: dir})
	sameFiles(t, "two builds", first, second)
	// And on disk, through the atomic directory writer.
	ctx := context.Background()
	if _, err := Build(ctx, Options{Source: dir, Now: fixedNow}); err != nil {
		t.Fatal(err)
	}
	a := snapshot(t, filepath.Join(dir, "public"))
	if _, err := Build(ctx, Options{Source: dir, Now: fixedNow}); err != nil {
		t.Fatal(err)
	}
	sameFiles(t, "two builds on disk", a, snapshot(t, filepath.Join(dir, "public")))
	delete(a, output.Marker) // the disk writer's mark of its own folder
	sameFiles(t, "disk and memory", a, first)
}

func TestFailedBuildLeavesPublicUntouched(t *testing.T) {
	dir := seriesSite(t)
	ctx := context.Background()
	if _, err := Build(ctx, Options{Source: dir, Now: fixedNow}); err != nil {
		t.Fatal(err)
	}
	before := snapshot(t, filepath.Join(dir, "public"))
	breakers := map[string]func(){
		"bad front matter": func() { writeFile(t, dir+"/content/posts/nyukan-02.md", "---\ntitle: [\n---\n") },
		"duplicate part": func() {
			writeFile(t, dir+"/content/posts/dup.md", part("入館証の件", 2, "重複", "2026-03-02", ""))
		},
		"template error": func() { writeFile(t, dir+"/layouts/home.html", "{{ define \"main\" }}{{ .Nope }}{{ end }}") },
		"bad config":     func() { writeFile(t, dir+"/rensai.toml", "title = \n") },
	}
	for name, breakIt := range breakers {
		t.Run(name, func(t *testing.T) {
			saved := snapshot(t, dir)
			breakIt()
			if _, err := Build(ctx, Options{Source: dir, Now: fixedNow}); err == nil {
				t.Fatal("build succeeded")
			}
			sameFiles(t, "public after failure", before, snapshot(t, filepath.Join(dir, "public")))
			entries, _ := os.ReadDir(dir)
			for _, e := range entries {
				if strings.HasPrefix(e.Name(), ".public.rensai") {
					t.Errorf("staging directory %s left behind", e.Name())
				}
			}
			// Restore the site for the next case.
			os.RemoveAll(dir + "/layouts")
			os.Remove(dir + "/content/posts/dup.md")
			for name, data := range saved {
				if !strings.HasPrefix(name, "public/") {
					writeFile(t, dir+"/"+name, string(data))
				}
			}
		})
	}
}

func TestSubpathBaseURLLinksResolve(t *testing.T) {
	const base = "https://user.github.io/repo/"
	files := buildMem(t, Options{Source: repoRoot, BaseURL: base, CacheDir: t.TempDir()})
	fsys := fstest.MapFS{}
	for name, data := range files {
		fsys[name] = &fstest.MapFile{Data: data}
	}
	rep, err := check.Check(context.Background(), fsys, check.Options{BaseURL: base})
	if err != nil {
		t.Fatal(err)
	}
	for _, p := range rep.Problems {
		t.Errorf("%s", p)
	}
	if rep.Pages < 20 {
		t.Errorf("only %d pages checked", rep.Pages)
	}
	// Every root-relative URL in every page stays under /repo/.
	for name, data := range files {
		if !strings.HasSuffix(name, ".html") {
			continue
		}
		for _, attr := range []string{`href="/`, `src="/`, `action="/`} {
			for rest := string(data); ; {
				i := strings.Index(rest, attr)
				if i < 0 {
					break
				}
				rest = rest[i+len(attr)-1:]
				if !strings.HasPrefix(rest, "/repo/") {
					t.Errorf("%s: URL outside the subpath: %.40s", name, rest)
				}
				rest = rest[1:]
			}
		}
	}
}

// TestIncrementalReusesUnchangedPages shows the incremental build does not
// render what did not change: unchanged pages are named in
// Result.Unchanged, and only the edited ones are written.
func TestIncrementalReusesUnchangedPages(t *testing.T) {
	dir := seriesSite(t)
	ctx := context.Background()
	b, _ := NewBuilder(Options{Source: dir, Now: fixedNow})
	if _, err := b.Build(ctx, nil); err != nil {
		t.Fatal(err)
	}
	writeFile(t, dir+"/content/posts/solo.md", "---\ntitle: 単発の記事\ndate: 2026-02-01\ntags: [雑記]\n---\n\n書き直しました。\n")
	second, err := b.Build(ctx, []string{"content/posts/solo.md"})
	if err != nil {
		t.Fatal(err)
	}
	unchanged := func(name string) bool {
		_, found := slices.BinarySearch(second.Unchanged, name)
		return found
	}
	if unchanged("posts/solo/index.html") {
		t.Error("the edited article was not rendered again")
	}
	mustContain(t, second.Files, "posts/solo/index.html", "書き直しました。")
	for _, name := range []string{"posts/nyukan-03/index.html", "series/nyukan/index.html", "tags/入館証/index.html"} {
		if !unchanged(name) {
			t.Errorf("%s was rendered again though nothing it shows changed", name)
		}
		if _, ok := second.Files[name]; ok {
			t.Errorf("%s was written though it is unchanged", name)
		}
	}
}

// TestBuildLeavesMemoryLimitAlone: process-wide settings are the
// command's (cmd/rensai sets a soft memory limit through Options.OnLoad);
// the library sets none, also after a failed build.
func TestBuildLeavesMemoryLimitAlone(t *testing.T) {
	before := debug.SetMemoryLimit(-1)
	dir := newSite(t, "", map[string]string{"posts/a.md": "---\ntitle: 件\ndate: 2026-03-01\n---\n\n本文。\n"})
	var loaded int64 = -1
	if _, err := Build(context.Background(), Options{Source: dir, Now: fixedNow, OnLoad: func(n, _ int64, _ bool) { loaded = n }}); err != nil {
		t.Fatal(err)
	}
	if got := debug.SetMemoryLimit(-1); got != before {
		t.Errorf("memory limit after a build = %d, want %d", got, before)
	}
	if loaded != int64(len("\n本文。\n")) {
		t.Errorf("OnLoad reported %d bytes of Markdown", loaded)
	}
	writeFile(t, filepath.Join(dir, "content", "posts", "b.md"), "---\ntitle: [\n---\n")
	if _, err := Build(context.Background(), Options{Source: dir, Now: fixedNow}); err == nil {
		t.Fatal("a broken front matter built")
	}
	if got := debug.SetMemoryLimit(-1); got != before {
		t.Errorf("memory limit after a failed build = %d, want %d", got, before)
	}
}

// TestDeferredSearch: with DeferSearch, Build serves the previous index at
// once and Result.Later completes the site; the completed site equals a
// full build byte for byte, after the first build and after edits.
func TestDeferredSearch(t *testing.T) {
	testlane.SkipDictionary(t)
	dir := seriesSite(t)
	writeFile(t, filepath.Join(dir, "rensai.toml"), "title = \"テスト日報\"\nbaseURL = \"https://example.jp/\"\n[search]\nenable = true\n")
	tok, err := search.NewKagomeTokenizer()
	if err != nil {
		t.Fatal(err)
	}
	ctx := context.Background()
	b, err := NewBuilder(Options{Source: dir, Now: fixedNow, Tokenizer: tok, DeferSearch: true, CacheDir: t.TempDir()})
	if err != nil {
		t.Fatal(err)
	}
	full := func() map[string][]byte {
		return buildMem(t, Options{Source: dir, Tokenizer: tok, CacheDir: t.TempDir()})
	}
	res, err := b.Build(ctx, nil)
	if err != nil {
		t.Fatal(err)
	}
	if res.Later == nil {
		t.Fatal("no Later with DeferSearch")
	}
	if _, ok := res.Files["search/manifest.json"]; ok {
		t.Error("the first deferred build already has an index")
	}
	pages := withUnchanged(t, nil, res)
	done, err := res.Later(ctx)
	if err != nil {
		t.Fatal(err)
	}
	served := withUnchanged(t, pages, done)
	sameFiles(t, "first build", full(), served)

	prevManifest := served["search/manifest.json"]
	writeFile(t, filepath.Join(dir, "content", "posts", "nyukan-04.md"), part("入館証の件", 4, "面談", "2026-03-04", "tags: [入館証]\n")+"\n来客用の駐車券も紛失していました。\n")
	res, err = b.Build(ctx, []string{"content/posts/nyukan-04.md"})
	if err != nil {
		t.Fatal(err)
	}
	pages = withUnchanged(t, served, res)
	if !bytes.Equal(pages["search/manifest.json"], prevManifest) {
		t.Error("the edit's pages do not carry the previous index until Later")
	}
	// A cancelled Later changes nothing; the next build's Later catches up.
	cancelled, cancel := context.WithCancel(ctx)
	cancel()
	if _, err := res.Later(cancelled); err == nil {
		t.Error("Later ran with a cancelled context")
	}
	// The cancelled Later left the server with the edit's pages.
	served = pages
	res, err = b.Build(ctx, []string{})
	if err != nil {
		t.Fatal(err)
	}
	stale := res.Later
	pages = withUnchanged(t, served, res)
	done, err = res.Later(ctx)
	if err != nil {
		t.Fatal(err)
	}
	served = withUnchanged(t, pages, done)
	sameFiles(t, "after an edit", full(), served)
	if bytes.Equal(served["search/manifest.json"], prevManifest) {
		t.Error("the index did not change with the article")
	}
	if _, err := b.Build(ctx, []string{}); err != nil {
		t.Fatal(err)
	}
	if _, err := stale(ctx); err == nil {
		t.Error("the Later of an earlier build ran after a newer build")
	}
}
