package generator

import (
	"context"
	"os"
	"path/filepath"
	"testing"

	"github.com/rensai-ssg/rensai/cmd/rensai-bench/corpus"
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
