package generator

import (
	"context"
	"os"
	"path/filepath"
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
