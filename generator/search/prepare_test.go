package search

import (
	"context"
	"maps"
	"slices"
	"sync/atomic"
	"testing"
)

// streamCorpus is a varied corpus for the streamed build: the two fixture
// corpora (series, ruby, tags, inflections), generated serial parts past
// one chunk (chunkDocs), a part with no body and two documents alike.
func streamCorpus(t *testing.T) []Document {
	docs := append(loadCorpus(t), loadCorpusFile(t, "testdata/corpus2.txt")...)
	docs = append(docs, genDocs(chunkDocs+40, 3)...)
	docs = append(docs,
		Document{URL: "/posts/empty/", Title: "本文のない回", Series: "空の件", SeriesSlug: "empty", PartLabel: "前編①"},
		Document{URL: "/posts/twin-a/", Title: "同じ記事", Body: "入館証を返さない派遣社員からクレームの電話。"},
		Document{URL: "/posts/twin-b/", Title: "同じ記事", Body: "入館証を返さない派遣社員からクレームの電話。"},
	)
	return docs
}

// streamBuild builds docs the way a one-shot site build does: every
// document prepared as it is rendered (in reverse, so that the analyses
// wait for the documents before them), its body dropped, then Build.
// edit, if set, changes a document after it was prepared. It returns the
// files and how many bodies Build asked for again.
func streamBuild(t *testing.T, ix *Indexer, docs []Document, markdownBytes int64, edit func(*Document)) (map[string][]byte, Counters, int64) {
	t.Helper()
	ctx := context.Background()
	ix.StartPrepare(docs, markdownBytes)
	var reloads atomic.Int64
	streamed := make([]Document, len(docs))
	for i, d := range slices.Backward(docs) {
		p, err := ix.Prepare(ctx, d)
		if err != nil {
			t.Fatal(err)
		}
		body := d.Body
		d.Body, d.Prepared = "", p
		d.Reload = func() (string, error) { reloads.Add(1); return body, nil }
		if edit != nil {
			edit(&d)
		}
		streamed[i] = d
	}
	files, c, err := ix.build(ctx, streamed)
	if err != nil {
		t.Fatal(err)
	}
	return files, c, reloads.Load()
}

func sameIndex(t *testing.T, got, want map[string][]byte) {
	t.Helper()
	if !slices.Equal(slices.Sorted(maps.Keys(got)), slices.Sorted(maps.Keys(want))) {
		t.Fatalf("files differ:\n got %v\nwant %v", slices.Sorted(maps.Keys(got)), slices.Sorted(maps.Keys(want)))
	}
	for name, b := range want {
		if string(got[name]) != string(b) {
			t.Errorf("%s differs from the index built from whole documents", name)
		}
	}
}

func TestStreamedBuildWritesTheSameIndex(t *testing.T) {
	tok := sharedKagome(t)
	docs := streamCorpus(t)
	var textBytes int64
	for _, d := range docs {
		textBytes += int64(len(d.Body))
	}
	retitle := func(d *Document) {
		if d.URL == "/posts/twin-b/" {
			d.Title = "題の変わった記事"
		}
	}
	for _, tc := range []struct {
		name          string
		budget        int   // textBudget: body files or not
		markdownBytes int64 // what StartPrepare is told
		cache         bool  // an analysis cache folder
		warm          bool  // filled by an earlier build of the same documents
		edit          func(*Document)
		reloads       int64
	}{
		{name: "cold without cache, body files", budget: 1 << 30, markdownBytes: textBytes},
		{name: "cold without cache, over the text budget", budget: 1, markdownBytes: textBytes},
		{name: "cold with cache, body files", budget: 1 << 30, markdownBytes: textBytes, cache: true},
		{name: "cold with cache, over the text budget", budget: 1, markdownBytes: textBytes, cache: true},
		{name: "warm, body files", budget: 1 << 30, markdownBytes: textBytes, cache: true, warm: true},
		{name: "warm, over the text budget", budget: 1, markdownBytes: textBytes, cache: true, warm: true},
		// Told a site too large for body files, Prepare keeps no text, and
		// Build asks for every body again to build from whole documents.
		{name: "body files after a guess without them", budget: 1 << 30, markdownBytes: 1 << 40, reloads: int64(len(docs))},
		{name: "title changed after prepare", budget: 1 << 30, markdownBytes: textBytes, edit: retitle, reloads: int64(len(docs))},
		// Warm, Build takes every other document from the cache under
		// its prepared key and asks only for the retitled one's body.
		{name: "title changed after prepare, warm", budget: 1, markdownBytes: textBytes, cache: true, warm: true, edit: retitle, reloads: 1},
	} {
		t.Run(tc.name, func(t *testing.T) {
			opts := Options{}
			if tc.cache {
				opts.CacheDir = t.TempDir()
			}
			want := append([]Document(nil), docs...)
			if tc.edit != nil {
				for i := range want {
					tc.edit(&want[i])
				}
			}
			ref := NewIndexer(tok, Options{})
			ref.textBudget = tc.budget
			wantFiles, _, err := ref.build(context.Background(), want)
			if err != nil {
				t.Fatal(err)
			}
			ix := NewIndexer(tok, opts)
			ix.textBudget = tc.budget
			if tc.warm {
				if _, _, err := ix.build(context.Background(), docs); err != nil {
					t.Fatal(err)
				}
			}
			got, c, reloads := streamBuild(t, ix, docs, tc.markdownBytes, tc.edit)
			sameIndex(t, got, wantFiles)
			if reloads != tc.reloads {
				t.Errorf("Build asked for %d bodies again, want %d", reloads, tc.reloads)
			}
			if tc.warm && tc.edit == nil && c.Cached != len(docs) {
				t.Errorf("warm: %d of %d documents from the cache", c.Cached, len(docs))
			}
			if !tc.cache {
				return
			}
			// What the streamed build left in the cache serves the next
			// build whole.
			again, c, _ := streamBuild(t, ix, docs, tc.markdownBytes, tc.edit)
			sameIndex(t, again, wantFiles)
			if c.Analysed != 0 {
				t.Errorf("after a streamed build, %d documents analysed again", c.Analysed)
			}
		})
	}
}
