package generator

import (
	"context"
	"os"
	"path/filepath"
	"strconv"
	"testing"
	"time"

	"github.com/rensai-ssg/rensai/internal/corpus"
)

// BenchmarkBuild builds a synthetic 1,000-article site into memory, without
// the search index (measured separately in generator/search). The full
// figures at 1,000 and 10,000 articles come from cmd/rensai-bench.
func BenchmarkBuild(b *testing.B) {
	dir := b.TempDir()
	if err := corpus.Write(dir, 1000, corpus.Options{Seed: 1, Search: false}); err != nil {
		b.Fatal(err)
	}
	copyTree(b, filepath.Join(repoRoot, "themes", "default"), filepath.Join(dir, "themes", "default"))
	os.RemoveAll(filepath.Join(dir, "public"))
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		bl, err := NewBuilder(Options{Source: dir})
		if err != nil {
			b.Fatal(err)
		}
		if _, err := bl.Build(context.Background(), nil); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkRebuildOneArticle measures the dev server's incremental build:
// one article's body changes, and Build is told which file. The site has
// RENSAI_BENCH_ARTICLES articles (default 1,000); the search index is off
// unless RENSAI_BENCH_SEARCH=1.
func BenchmarkRebuildOneArticle(b *testing.B) {
	n := 1000
	if v, err := strconv.Atoi(os.Getenv("RENSAI_BENCH_ARTICLES")); err == nil && v > 0 {
		n = v
	}
	search := os.Getenv("RENSAI_BENCH_SEARCH") == "1"
	dir := b.TempDir()
	if err := corpus.Write(dir, n, corpus.Options{Seed: 1, Search: search}); err != nil {
		b.Fatal(err)
	}
	entries, err := os.ReadDir(filepath.Join(dir, "content", "posts"))
	if err != nil || len(entries) == 0 {
		b.Fatalf("no articles: %v", err)
	}
	rel := "content/posts/" + entries[len(entries)/2].Name()
	file := filepath.Join(dir, filepath.FromSlash(rel))
	original, err := os.ReadFile(file)
	if err != nil {
		b.Fatal(err)
	}
	bl, err := NewBuilder(Options{Source: dir})
	if err != nil {
		b.Fatal(err)
	}
	if _, err := bl.Build(context.Background(), nil); err != nil {
		b.Fatal(err)
	}
	steps := map[string]time.Duration{}
	rendered := 0
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		edited := append(append([]byte(nil), original...), []byte("\n追記"+strconv.Itoa(i)+"。\n")...)
		if err := os.WriteFile(file, edited, 0o644); err != nil {
			b.Fatal(err)
		}
		res, err := bl.Build(context.Background(), []string{rel})
		if err != nil {
			b.Fatal(err)
		}
		rendered += res.Report.Rendered
		for _, s := range res.Report.Steps {
			steps[s.Name] += s.Duration
		}
	}
	b.ReportMetric(float64(rendered)/float64(b.N), "rendered/op")
	for name, d := range steps {
		b.ReportMetric(float64(d.Microseconds())/1000/float64(b.N), name+"-ms/op")
	}
}
