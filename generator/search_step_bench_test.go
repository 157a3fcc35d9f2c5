package generator

import (
	"context"
	"flag"
	"fmt"
	"os"
	"path/filepath"
	"runtime"
	"runtime/pprof"
	"syscall"
	"testing"
	"time"

	"github.com/rensai-ssg/rensai/internal/corpus"
)

var (
	searchArticles = flag.Int("search.articles", 200, "articles in the synthetic site of BenchmarkSearchAfterEdit")
	searchProfile  = flag.String("search.cpuprofile", "", "write a CPU profile of BenchmarkSearchAfterEdit's edits alone (not the first build) to this `file`")
	searchHeap     = flag.String("search.heapprofile", "", "write a heap profile after BenchmarkSearchAfterEdit's edits to this `file`")
)

// BenchmarkSearchAfterEdit measures the search index the dev server
// builds after a pause in the author's saves (Result.Later of a
// DeferSearch build), for an edit of one article of a synthetic site of
// -search.articles articles: the process's CPU (index-cpu-ms/op, which
// the machine's load disturbs far less than wall times) and wall time
// (index-ms/op) of Later alone, and the live heap after the edits
// (live-heap-MB: the Builder with its caches and search index). The first build and its index come
// first, outside the measurement, with an empty cache folder (under
// TMPDIR). -search.cpuprofile profiles the edits alone.
func BenchmarkSearchAfterEdit(b *testing.B) {
	root := b.TempDir()
	if err := corpus.Write(root, *searchArticles, corpus.Options{Seed: 1, Search: true}); err != nil {
		b.Fatal(err)
	}
	ctx := context.Background()
	bl, err := NewBuilder(Options{Source: root, DeferSearch: true, CacheDir: filepath.Join(root, ".rensai-cache")})
	if err != nil {
		b.Fatal(err)
	}
	res, err := bl.Build(ctx, nil)
	if err != nil {
		b.Fatal(err)
	}
	if _, err := res.Later(ctx); err != nil {
		b.Fatal(err)
	}
	entries, err := os.ReadDir(filepath.Join(root, "content", "posts"))
	if err != nil || len(entries) == 0 {
		b.Fatalf("no article written: %v", err)
	}
	name := "content/posts/" + entries[0].Name()
	original, err := os.ReadFile(filepath.Join(root, name))
	if err != nil {
		b.Fatal(err)
	}
	if *searchProfile != "" {
		f, err := os.Create(*searchProfile)
		if err != nil {
			b.Fatal(err)
		}
		if err := pprof.StartCPUProfile(f); err != nil {
			b.Fatal(err)
		}
		defer func() {
			pprof.StopCPUProfile()
			f.Close()
		}()
	}
	var cpu, wall time.Duration
	b.ResetTimer()
	for i := range b.N {
		b.StopTimer()
		text := fmt.Appendf(append([]byte{}, original...), "\n\n編集マーカー%d\n", i)
		if err := os.WriteFile(filepath.Join(root, name), text, 0o644); err != nil {
			b.Fatal(err)
		}
		res, err := bl.Build(ctx, []string{name})
		if err != nil {
			b.Fatal(err)
		}
		b.StartTimer()
		c0, t0 := processCPU(b), time.Now()
		if _, err := res.Later(ctx); err != nil {
			b.Fatal(err)
		}
		wall += time.Since(t0)
		cpu += processCPU(b) - c0
	}
	b.StopTimer()
	runtime.GC()
	var ms runtime.MemStats
	runtime.ReadMemStats(&ms)
	b.ReportMetric(float64(ms.HeapAlloc)/(1<<20), "live-heap-MB")
	if *searchHeap != "" {
		f, err := os.Create(*searchHeap)
		if err != nil {
			b.Fatal(err)
		}
		if err := pprof.WriteHeapProfile(f); err != nil {
			b.Fatal(err)
		}
		f.Close()
	}
	runtime.KeepAlive(bl)
	b.ReportMetric(float64(cpu.Microseconds())/1000/float64(b.N), "index-cpu-ms/op")
	b.ReportMetric(float64(wall.Microseconds())/1000/float64(b.N), "index-ms/op")
}

// processCPU is the process's user and system CPU time so far.
func processCPU(b *testing.B) time.Duration {
	var ru syscall.Rusage
	if err := syscall.Getrusage(syscall.RUSAGE_SELF, &ru); err != nil {
		b.Fatal(err)
	}
	return time.Duration(ru.Utime.Nano() + ru.Stime.Nano())
}
