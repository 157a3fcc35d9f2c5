package search

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"maps"
	"path/filepath"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
)

// countingTokenizer is the fake tokenizer, counting how often it analysed
// each body (a text starting with 本文) and calling after, if set, once a
// body is analysed.
type countingTokenizer struct {
	fakeTokenizer
	mu     sync.Mutex
	bodies map[string]int
	after  func()
}

func (c *countingTokenizer) Tokenize(text string) ([]Morpheme, error) {
	ms, err := c.fakeTokenizer.Tokenize(text)
	if strings.HasPrefix(text, "本文") {
		c.mu.Lock()
		c.bodies[text]++
		after := c.after
		c.mu.Unlock()
		if after != nil {
			after()
		}
	}
	return ms, err
}

// stemBody is a body no other document has, in characters the
// tokenizer gets in one piece.
func stemBody(i, version int) string {
	const digits = "甲乙丙丁戊己庚辛壬癸"
	var b strings.Builder
	b.WriteString("本文")
	for _, n := range []int{i / 100, i / 10 % 10, i % 10, version} {
		b.WriteString(string([]rune(digits)[n]))
	}
	return b.String()
}

// TestCancelledBuildsResume: builds each cancelled after a few analyses,
// with a document edited between two of them (as the dev server's index
// is cancelled by every save), end with the index of the last documents,
// the one a build without cancels makes, and no text was analysed twice.
func TestCancelledBuildsResume(t *testing.T) {
	const n = 3*chunkDocs + 17
	docs := make([]Document, n)
	for i := range docs {
		docs[i] = Document{URL: fmt.Sprintf("/posts/p%03d/", i), Title: "記事", Body: stemBody(i, 0)}
	}
	tok := &countingTokenizer{fakeTokenizer: newFake(), bodies: map[string]int{}}
	ix := NewIndexer(tok, Options{CacheDir: t.TempDir(), Workers: 3})
	var files map[string][]byte
	builds := 0
	for edit := 0; files == nil; edit++ {
		if builds > 2*n/100+4 {
			t.Fatalf("no index after %d builds: the builds do not resume", builds)
		}
		if edit > 0 { // saved while the index was built
			docs[edit*37%n].Body = stemBody(edit*37%n, edit%10)
		}
		ctx, cancel := context.WithCancel(context.Background())
		var analysed atomic.Int32
		tok.after = func() {
			if analysed.Add(1) == 100 {
				cancel()
			}
		}
		f, _, err := ix.build(ctx, docs)
		cancel()
		builds++
		switch {
		case err == nil:
			files = f
		case !errors.Is(err, context.Canceled):
			t.Fatal(err)
		}
	}
	if builds < 4 {
		t.Fatalf("%d builds: the test cancelled too few", builds)
	}
	for text, calls := range tok.bodies {
		if calls != 1 {
			t.Errorf("%s analysed %d times", text, calls)
		}
	}
	want, _ := buildFake(t, newFake(), Options{CacheDir: t.TempDir()}, docs)
	if !maps.EqualFunc(files, want, bytes.Equal) {
		t.Error("the index of resumed builds differs from one built at once")
	}
}

// TestCancelledFillsDoNotPileUpPacks: builds cancelled after one analysis
// each leave a pack each; once they are many, the next build copies them
// into one, and nothing is analysed twice or lost.
func TestCancelledFillsDoNotPileUpPacks(t *testing.T) {
	const n = 5 * maxPacks
	docs := make([]Document, n)
	for i := range docs {
		docs[i] = Document{URL: fmt.Sprintf("/posts/p%03d/", i), Title: "記事", Body: stemBody(i, 0)}
	}
	dir := t.TempDir()
	tok := &countingTokenizer{fakeTokenizer: newFake(), bodies: map[string]int{}}
	ix := NewIndexer(tok, Options{CacheDir: dir, Workers: 1})
	most := 0
	var files map[string][]byte
	for builds := 0; files == nil; builds++ {
		if builds > n {
			t.Fatalf("no index after %d builds", builds)
		}
		ctx, cancel := context.WithCancel(context.Background())
		tok.after = cancel
		f, _, err := ix.build(ctx, docs)
		cancel()
		if err != nil && !errors.Is(err, context.Canceled) {
			t.Fatal(err)
		}
		files = f
		packs, _ := filepath.Glob(filepath.Join(dir, "search", "pack-*.tok"))
		most = max(most, len(packs))
	}
	if most > 2*maxPacks {
		t.Errorf("%d packs at most, want at most %d", most, 2*maxPacks)
	}
	if most < 2*maxPacks {
		t.Errorf("%d packs at most: the test did not reach the bound", most)
	}
	for text, calls := range tok.bodies {
		if calls != 1 {
			t.Errorf("%s analysed %d times", text, calls)
		}
	}
	if len(tok.bodies) != n {
		t.Errorf("%d bodies analysed, want %d", len(tok.bodies), n)
	}
	want, _ := buildFake(t, newFake(), Options{CacheDir: t.TempDir()}, docs)
	if !maps.EqualFunc(files, want, bytes.Equal) {
		t.Error("the index of resumed builds differs from one built at once")
	}
}
