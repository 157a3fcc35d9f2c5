package search

import (
	"bufio"
	"context"
	"os"
	"strings"
	"sync"
	"testing"
	"testing/fstest"

	"github.com/rensai-ssg/rensai/internal/testlane"
)

// loadCorpus reads testdata/corpus.txt.
func loadCorpus(t testing.TB) []Document { return loadCorpusFile(t, "testdata/corpus.txt") }

// loadCorpusFile reads a corpus file: one document per "=== URL" block,
// header lines until "---", then the body.
func loadCorpusFile(t testing.TB, name string) []Document {
	t.Helper()
	f, err := os.Open(name)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	var docs []Document
	var d *Document
	inBody := false
	sc := bufio.NewScanner(f)
	for sc.Scan() {
		line := sc.Text()
		switch {
		case strings.HasPrefix(line, "=== "):
			docs = append(docs, Document{URL: strings.TrimPrefix(line, "=== "), Taxonomies: map[string][]string{}})
			d, inBody = &docs[len(docs)-1], false
		case d == nil:
		case inBody:
			d.Body += line + "\n"
		case line == "---":
			inBody = true
		default:
			k, v, _ := strings.Cut(line, ":")
			v = strings.TrimSpace(v)
			switch k {
			case "title":
				d.Title = v
			case "series":
				d.Series = v
			case "slug":
				d.SeriesSlug = v
			case "part":
				d.PartLabel = v
			case "date":
				d.Date = v
			case "ruby":
				for _, p := range strings.Split(v, ",") {
					if base, ruby, ok := strings.Cut(p, "="); ok {
						d.Readings = append(d.Readings, Reading{Base: base, Ruby: ruby})
					}
				}
			case "tags":
				if v != "" {
					d.Taxonomies["tags"] = strings.Split(v, ",")
				}
			}
		}
	}
	if err := sc.Err(); err != nil {
		t.Fatal(err)
	}
	return docs
}

var (
	kagomeOnce sync.Once
	kagomeTok  Tokenizer
	kagomeErr  error
)

// sharedKagome loads the IPA dictionary once for the whole test binary.
func sharedKagome(t testing.TB) Tokenizer {
	t.Helper()
	testlane.SkipDictionary(t)
	kagomeOnce.Do(func() { kagomeTok, kagomeErr = NewKagomeTokenizer() })
	if kagomeErr != nil {
		t.Fatal(kagomeErr)
	}
	return kagomeTok
}

// buildFS indexes docs and returns the files as a site root.
func buildFS(t testing.TB, tok Tokenizer, docs []Document) fstest.MapFS {
	t.Helper()
	files, err := NewIndexer(tok, Options{}).Build(context.Background(), docs)
	if err != nil {
		t.Fatal(err)
	}
	fsys := fstest.MapFS{}
	for p, b := range files {
		fsys[p] = &fstest.MapFile{Data: b}
	}
	return fsys
}

var (
	corpusOnce sync.Once
	corpusFS   fstest.MapFS
)

var (
	corpus2Once sync.Once
	corpus2FS   fstest.MapFS
)

// corpus2Index is the second fixture corpus indexed with kagome, built once.
func corpus2Index(t testing.TB) fstest.MapFS {
	tok := sharedKagome(t)
	corpus2Once.Do(func() { corpus2FS = buildFS(t, tok, loadCorpusFile(t, "testdata/corpus2.txt")) })
	return corpus2FS
}

// corpusIndex is the fixture corpus indexed with kagome, built once.
func corpusIndex(t testing.TB) fstest.MapFS {
	tok := sharedKagome(t)
	corpusOnce.Do(func() { corpusFS = buildFS(t, tok, loadCorpus(t)) })
	return corpusFS
}
