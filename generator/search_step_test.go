package generator

import (
	"context"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"sync"
	"sync/atomic"
	"testing"

	"github.com/rensai-ssg/rensai/generator/output"
	"github.com/rensai-ssg/rensai/generator/search"
)

// preloadTokenizer cuts text into single-character nouns and counts the
// calls to Preload.
type preloadTokenizer struct{ preloads *atomic.Int32 }

func (p preloadTokenizer) Preload() { p.preloads.Add(1) }

func (p preloadTokenizer) Tokenize(text string) ([]search.Morpheme, error) {
	var ms []search.Morpheme
	for _, r := range text {
		ms = append(ms, search.Morpheme{Surface: string(r), Kind: search.Noun})
	}
	return ms, nil
}

// TestDictionaryPreload: a build starts loading the dictionary after the
// load step exactly when its content differs from what the cache folder's
// last index was built from, in a new process (a new Builder) as in the
// dev server.
func TestDictionaryPreload(t *testing.T) {
	dir := seriesSite(t)
	writeFile(t, filepath.Join(dir, "rensai.toml"), "title = \"テスト日報\"\nbaseURL = \"https://example.jp/\"\n[search]\nenable = true\n")
	cache := t.TempDir()
	var n atomic.Int32
	tok := preloadTokenizer{&n}
	ctx := context.Background()
	b, err := NewBuilder(Options{Source: dir, Now: fixedNow, Tokenizer: tok, CacheDir: cache})
	if err != nil {
		t.Fatal(err)
	}
	post := filepath.Join(dir, "content", "posts", "other-01.md")
	for _, step := range []struct {
		name    string
		builder *Builder
		edit    string // appended to a post before the build
		want    int32  // preloads so far
	}{
		{"first build, empty cache", b, "", 1},
		{"same content, same builder", b, "", 1},
		{"same content, new builder", nil, "", 1},
		{"one edit", b, "追記した一文。\n", 2},
		{"the edit again, new builder", nil, "", 2},
	} {
		if step.edit != "" {
			old, err := os.ReadFile(post)
			if err != nil {
				t.Fatal(err)
			}
			writeFile(t, post, string(old)+step.edit)
		}
		bb := step.builder
		if bb == nil {
			if bb, err = NewBuilder(Options{Source: dir, Now: fixedNow, Tokenizer: tok, CacheDir: cache}); err != nil {
				t.Fatal(err)
			}
		}
		res, err := bb.Build(ctx, nil)
		if err != nil {
			t.Fatalf("%s: %v", step.name, err)
		}
		if _, ok := res.Files["search/manifest.json"]; !ok {
			t.Fatalf("%s: no search index", step.name)
		}
		if got := n.Load(); got != step.want {
			t.Errorf("%s: %d preloads, want %d", step.name, got, step.want)
		}
	}
}

// TestReleasePagesKeepsOutput: a one-shot build with search, which drops
// the articles' HTML before the index, writes the same files as a build
// that keeps its cache (and the HTML).
func TestReleasePagesKeepsOutput(t *testing.T) {
	dir := seriesSite(t)
	writeFile(t, filepath.Join(dir, "rensai.toml"), "title = \"テスト日報\"\nbaseURL = \"https://example.jp/\"\n[search]\nenable = true\n")
	tok := preloadTokenizer{new(atomic.Int32)}
	mem := buildMem(t, Options{Source: dir, Tokenizer: tok, CacheDir: t.TempDir()})
	if _, err := Build(context.Background(), Options{Source: dir, Now: fixedNow, Tokenizer: tok, CacheDir: t.TempDir()}); err != nil {
		t.Fatal(err)
	}
	disk := snapshot(t, filepath.Join(dir, "public"))
	delete(disk, output.Marker)
	if _, ok := disk["search/manifest.json"]; !ok {
		t.Fatal("no search index on disk")
	}
	sameFiles(t, "one-shot and kept-cache builds", disk, mem)
}

// TestSearchAfterEditsMatchesColdBuild: a Builder with a cache, as the dev
// server keeps one, keeps no article's plain text (a fingerprint stands
// for it), and the search index it builds after an edit is the one a cold
// build of the same content writes, byte for byte: for every edit of
// TestIncrementalMatchesFullBuild, after the analysis cache was emptied,
// and after the search index was turned on (texts rendered while it was
// off were dropped), with the index built in Result.Later or in the build.
func TestSearchAfterEditsMatchesColdBuild(t *testing.T) {
	const on = "title = \"テスト日報\"\nbaseURL = \"https://example.jp/\"\n[taxonomies]\ntags = \"タグ\"\nclients = \"派遣先\"\n[search]\nenable = true\n"
	edits := append(slices.Clone(incrementalEdits),
		struct {
			name string
			edit func(t *testing.T, dir string) []string
		}{"empty the analysis cache, then change a body", func(t *testing.T, dir string) []string {
			if err := os.RemoveAll(filepath.Join(dir, ".rensai-cache", "search")); err != nil {
				t.Fatal(err)
			}
			writeFile(t, dir+"/content/posts/solo.md", "---\ntitle: 単発の記事\ndate: 2026-02-01\ntags: [雑記]\n---\n\n単発です。書き足しました。\n")
			return []string{"content/posts/solo.md"}
		}},
		struct {
			name string
			edit func(t *testing.T, dir string) []string
		}{"turn the search index on", func(t *testing.T, dir string) []string {
			writeFile(t, dir+"/rensai.toml", on)
			return []string{"rensai.toml"}
		}},
		struct {
			name string
			edit func(t *testing.T, dir string) []string
		}{"relabel every part, the bodies unchanged", func(t *testing.T, dir string) []string {
			writeFile(t, dir+"/rensai.toml", on+"[series]\nnumerals = \"kanji\"\n")
			return []string{"rensai.toml"}
		}})
	tok := preloadTokenizer{new(atomic.Int32)}
	for _, deferred := range []bool{true, false} {
		for _, ed := range edits {
			t.Run(fmt.Sprintf("deferred %v/%s", deferred, ed.name), func(t *testing.T) {
				dir := seriesSite(t)
				if ed.name != "turn the search index on" {
					writeFile(t, dir+"/rensai.toml", on)
				}
				writeFile(t, dir+"/content/posts/nyukan-03/hyou.png", "hyou")
				b, err := NewBuilder(Options{Source: dir, Now: fixedNow, Tokenizer: tok, DeferSearch: deferred})
				if err != nil {
					t.Fatal(err)
				}
				site := completeBuild(t, b, nil, nil)
				site = completeBuild(t, b, site, ed.edit(t, dir))
				cold := buildMem(t, Options{Source: dir, Tokenizer: tok, CacheDir: t.TempDir()})
				sameFiles(t, "after the edit and cold", cold, site)
				if _, ok := cold["search/manifest.json"]; !ok && !strings.Contains(ed.name, "config") && !strings.Contains(ed.name, "numerals") {
					t.Error("no search index")
				}
				for _, a := range b.model.Articles {
					if r := a.Rendered(); r != nil && r.Text != "" && b.cfg.Search.Enabled() {
						t.Errorf("%s: the Builder keeps its plain text", a.Source)
					}
				}
			})
		}
	}
}

// TestSearchOffAndOnAgain: an article rendered while the search index was
// off (its text dropped, no fingerprint made) is indexed from its text
// once the index is on again, as a cold build indexes it.
func TestSearchOffAndOnAgain(t *testing.T) {
	const config = "title = \"テスト日報\"\nbaseURL = \"https://example.jp/\"\n[search]\nenable = %v\n"
	dir := seriesSite(t)
	writeFile(t, dir+"/rensai.toml", fmt.Sprintf(config, true))
	tok := preloadTokenizer{new(atomic.Int32)}
	b, err := NewBuilder(Options{Source: dir, Now: fixedNow, Tokenizer: tok, DeferSearch: true})
	if err != nil {
		t.Fatal(err)
	}
	site := completeBuild(t, b, nil, nil)
	writeFile(t, dir+"/rensai.toml", fmt.Sprintf(config, false))
	site = completeBuild(t, b, site, []string{"rensai.toml"})
	writeFile(t, dir+"/content/posts/solo.md", "---\ntitle: 単発の記事\ndate: 2026-02-01\n---\n\n索引を切っている間に書き足した。\n")
	site = completeBuild(t, b, site, []string{"content/posts/solo.md"})
	for _, a := range b.model.Articles {
		if a.Source == "posts/solo.md" && b.digests[a.Rendered()] != nil {
			t.Error("a fingerprint of the text rendered while the index was off (render.go drops that text)")
		}
	}
	writeFile(t, dir+"/rensai.toml", fmt.Sprintf(config, true))
	site = completeBuild(t, b, site, []string{"rensai.toml"})
	sameFiles(t, "on again and cold", buildMem(t, Options{Source: dir, Tokenizer: tok, CacheDir: t.TempDir()}), site)
}

// completeBuild builds with b, told changed, runs the result's Later if
// any, and returns the whole site after the site prev.
func completeBuild(t *testing.T, b *Builder, prev map[string][]byte, changed []string) map[string][]byte {
	t.Helper()
	ctx := context.Background()
	res, err := b.Build(ctx, changed)
	if err != nil {
		t.Fatal(err)
	}
	site := withUnchanged(t, prev, res)
	if res.Later != nil {
		done, err := res.Later(ctx)
		if err != nil {
			t.Fatal(err)
		}
		site = withUnchanged(t, site, done)
	}
	return site
}

// bodyCounter is preloadTokenizer counting how often each article's body
// (a text starting with 本文) is analysed, calling after, if set, once one
// is.
type bodyCounter struct {
	preloadTokenizer
	mu     sync.Mutex
	bodies map[string]int
	after  func()
}

func (c *bodyCounter) Tokenize(text string) ([]search.Morpheme, error) {
	if strings.HasPrefix(text, "本文") {
		c.mu.Lock()
		c.bodies[text]++
		after := c.after
		c.mu.Unlock()
		if after != nil {
			after()
		}
	}
	return c.preloadTokenizer.Tokenize(text)
}

// uniqueBody is a body no other article has, in characters the index
// analyses as one run.
func uniqueBody(i, version int) string {
	digits := []rune("甲乙丙丁戊己庚辛壬癸")
	return "本文" + string([]rune{digits[i/10%10], digits[i%10], digits[version%10]})
}

// TestDeferredIndexResumesAfterEdits: the dev server's first index of a
// site whose cache folder is empty, cancelled by a save after a few
// articles each time (the next build's pages show the edit, then its index
// starts again), ends with the index of the latest texts, the one a
// single build makes, and analyses no text twice: each index goes on
// from where the one before it was cancelled.
func TestDeferredIndexResumesAfterEdits(t *testing.T) {
	const n = 40
	files := map[string]string{}
	for i := range n {
		files[fmt.Sprintf("posts/p%02d.md", i)] = fmt.Sprintf("---\ntitle: 記事\ndate: 2026-03-%02d\n---\n\n%s\n", i%28+1, uniqueBody(i, 0))
	}
	dir := newSite(t, "title = \"テスト日報\"\nbaseURL = \"https://example.jp/\"\n[search]\nenable = true\n", files)
	tok := &bodyCounter{preloadTokenizer: preloadTokenizer{new(atomic.Int32)}, bodies: map[string]int{}}
	b, err := NewBuilder(Options{Source: dir, Now: fixedNow, Tokenizer: tok, DeferSearch: true, CacheDir: t.TempDir()})
	if err != nil {
		t.Fatal(err)
	}
	var site map[string][]byte
	var changed []string
	for edit := 1; ; edit++ {
		if edit > n {
			t.Fatal("the index never completed: each one starts over")
		}
		res, err := b.Build(context.Background(), changed)
		if err != nil {
			t.Fatal(err)
		}
		site = withUnchanged(t, site, res)
		ctx, cancel := context.WithCancel(context.Background())
		var analysed atomic.Int32
		tok.after = func() {
			if analysed.Add(1) == 5 {
				cancel() // the author saves
			}
		}
		done, err := res.Later(ctx)
		cancel()
		if err == nil {
			site = withUnchanged(t, site, done)
			if edit < 4 {
				t.Fatalf("the index completed after %d builds: the test cancelled too few", edit)
			}
			break
		}
		if !errors.Is(err, context.Canceled) {
			t.Fatal(err)
		}
		i := edit * 7 % n
		name := fmt.Sprintf("posts/p%02d.md", i)
		writeFile(t, filepath.Join(dir, "content", name), fmt.Sprintf("---\ntitle: 記事\ndate: 2026-03-%02d\n---\n\n%s\n", i%28+1, uniqueBody(i, edit)))
		changed = []string{"content/" + name}
	}
	tok.after = nil
	for text, calls := range tok.bodies {
		if calls != 1 {
			t.Errorf("%s analysed %d times", text, calls)
		}
	}
	sameFiles(t, "resumed index", buildMem(t, Options{Source: dir, Tokenizer: tok, CacheDir: t.TempDir()}), site)
}
