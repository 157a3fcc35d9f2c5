package generator

import (
	"context"
	"os"
	"path/filepath"
	"testing"

	"github.com/rensai-ssg/rensai/internal/corpus"
)

// BenchmarkPages renders every HTML page of a synthetic 1,000-article site
// (the pages step without writing), from a model built once: the cost of
// executing the theme's templates. Allocations per op are the figure that
// does not move with the machine's load.
func BenchmarkPages(b *testing.B) {
	dir := b.TempDir()
	if err := corpus.Write(dir, 1000, corpus.Options{Seed: 1, Search: false}); err != nil {
		b.Fatal(err)
	}
	copyTree(b, filepath.Join(repoRoot, "themes", "default"), filepath.Join(dir, "themes", "default"))
	os.RemoveAll(filepath.Join(dir, "public"))
	bl, err := NewBuilder(Options{Source: dir})
	if err != nil {
		b.Fatal(err)
	}
	ctx := context.Background()
	if _, err := bl.Build(ctx, nil); err != nil {
		b.Fatal(err)
	}
	if bl.model == nil {
		b.Fatal("the builder kept no model")
	}
	var bytes int64
	b.ReportAllocs()
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		jobs, _ := bl.pageJobs(ctx, bl.model)
		for _, j := range jobs {
			data, err := j.render()
			if err != nil {
				b.Fatal(err)
			}
			bytes += int64(len(data))
		}
	}
	b.ReportMetric(float64(bytes)/float64(b.N), "bytes/op")
}
