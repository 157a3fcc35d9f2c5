package main

import (
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"syscall"
	"testing"
)

// hugeSize is the size of the articles BenchmarkHugeArticle builds: the
// largest single article rensai promises to build in under 500 MB.
const hugeSize = 10 << 20

// repeatTo repeats unit(i) for i = 0, 1, ... until the text is at least n
// bytes long.
func repeatTo(n int, unit func(i int) string) string {
	var b strings.Builder
	for i := 0; b.Len() < n; i++ {
		b.WriteString(unit(i))
	}
	return b.String()
}

// hugeShapes are the article bodies of BenchmarkHugeArticle, each about
// hugeSize bytes (the single line 5 MB), in the shapes that cost goldmark
// and the search index most.
var hugeShapes = []struct {
	name string
	body func() string
}{
	{"plain prose", func() string {
		return repeatTo(hugeSize, func(int) string {
			return "派遣先の担当者から打刻の件で電話があり、翌朝に伺うと約束した。\n\n"
		})
	}},
	{"markup every 20 bytes", func() string { // emphasis, a link, ruby and a footnote in every 60 bytes
		var b strings.Builder
		b.WriteString(repeatTo(hugeSize-40000, func(i int) string {
			s := fmt.Sprintf("苦情*記録*と[先方](/p/%d/)の|派遣《はけん》先[^%d]、", i%97, i%500)
			if i%8 == 7 {
				s += "\n\n"
			}
			return s
		}))
		for i := range 500 {
			fmt.Fprintf(&b, "\n\n[^%d]: 注の本文%d", i, i)
		}
		return b.String()
	}},
	{"heading list and link every 130 bytes", func() string {
		return repeatTo(hugeSize, func(i int) string {
			return fmt.Sprintf("## 見出し%d\n\n- 項目と[リンク](https://example.jp/%d)\n- 二つ目の*項目*\n\n本文の段落です。\n\n", i, i)
		})
	}},
	{"one 5 MB line", func() string {
		return repeatTo(5<<20, func(int) string { return "苦情の*記録*と対応の経過、" }) + "\n"
	}},
	{"100,000 footnotes", func() string {
		var b strings.Builder
		for i := range 100000 {
			fmt.Fprintf(&b, "本文の文、派遣先との打ち合わせの記録[^%d]。\n", i)
		}
		b.WriteString("\n")
		for i := range 100000 {
			fmt.Fprintf(&b, "[^%d]: 注の本文、先方の担当者の話%d\n", i, i)
		}
		return b.String()
	}},
	{"lists nested 20 deep", func() string {
		return repeatTo(hugeSize, func(int) string {
			var b strings.Builder
			for d := range 20 {
				b.WriteString(strings.Repeat("  ", d) + "- 項目の*本文*\n")
			}
			b.WriteString("\n段落。\n\n")
			return b.String()
		})
	}},
	{"a table of 200,000 rows", func() string {
		return "| 日付 | 担当 | 内容 | 結果 |\n| --- | --- | --- | --- |\n" + repeatTo(hugeSize, func(i int) string {
			return fmt.Sprintf("| 2026-04-%02d | 営業%d | 打刻の*相談* | 解決 |\n", i%28+1, i)
		})
	}},
}

// gcHeap matches the heap sizes of a GODEBUG=gctrace=1 line ("12->14->7 MB").
var gcHeap = regexp.MustCompile(`(\d+)->\d+->(\d+) MB`)

// BenchmarkHugeArticle builds a site of one huge article, search index
// included, in a rensai process of its own for each shape, and reports
// the process's peak RSS, its largest heap (the heap size when a
// collection started, from gctrace), the most live heap a collection
// left, and its CPU time; "refused" is 1 when rensai refused the article
// as over its bound of Markdown marks or nodes (measured all the same).
// The figures are in docs/benchmarks.md.
//
//	go test ./cmd/rensai -run '^$' -bench HugeArticle -benchtime 1x
func BenchmarkHugeArticle(b *testing.B) {
	for _, sh := range hugeShapes {
		b.Run(sh.name, func(b *testing.B) {
			dir := b.TempDir()
			body := "---\ntitle: 大きな記事\ndate: 2026-04-01\n---\n\n" + sh.body()
			writeFiles(b, dir, map[string]string{
				"rensai.toml":           "baseURL = \"https://example.jp/\"\ntitle = \"大きな記事\"\n",
				"content/posts/huge.md": body,
			})
			b.SetBytes(int64(len(body)))
			var rss, heap, live, cpu, refused float64
			for b.Loop() {
				os.RemoveAll(filepath.Join(dir, "public"))
				os.RemoveAll(filepath.Join(dir, ".rensai-cache"))
				r, h, l, c, ref := hugeBuild(b, dir)
				rss, heap, live, cpu = max(rss, r), max(heap, h), max(live, l), cpu+c
				if ref {
					refused = 1
				}
			}
			b.ReportMetric(refused, "refused")
			b.ReportMetric(rss, "peak-RSS-MB")
			b.ReportMetric(heap, "peak-heap-MB")
			b.ReportMetric(live, "live-heap-MB")
			b.ReportMetric(cpu/float64(b.N), "CPU-s/op")
		})
	}
}

// hugeBuild runs rensai build on dir in a process of its own and returns
// its peak RSS, largest and most live heap (MB), CPU time (s), and
// whether rensai refused the article as too large for its memory bound
// (markdown.maxMarks, maxNodes): a refusal is measured like a build.
func hugeBuild(b *testing.B, dir string) (rss, heap, live, cpu float64, refused bool) {
	b.Helper()
	cmd := exec.Command("rensai", "build", "--quiet", "--source", dir)
	cmd.Env = append(os.Environ(), "GODEBUG=gctrace=1")
	var stderr strings.Builder
	cmd.Stderr = &stderr
	if err := cmd.Run(); err != nil {
		if !strings.Contains(stderr.String(), "than rensai") || !strings.Contains(stderr.String(), "split the article into parts") {
			b.Fatalf("rensai build: %v\n%s", err, lastLines(stderr.String(), 5))
		}
		refused = true
	}
	ru := cmd.ProcessState.SysUsage().(*syscall.Rusage)
	rss = float64(ru.Maxrss) / 1024
	cpu = float64(ru.Utime.Nano()+ru.Stime.Nano()) / 1e9
	for _, m := range gcHeap.FindAllStringSubmatch(stderr.String(), -1) {
		h, _ := strconv.ParseFloat(m[1], 64)
		l, _ := strconv.ParseFloat(m[2], 64)
		heap, live = max(heap, h), max(live, l)
	}
	return rss, heap, live, cpu, refused
}

func lastLines(s string, n int) string {
	lines := strings.Split(strings.TrimRight(s, "\n"), "\n")
	return strings.Join(lines[max(0, len(lines)-n):], "\n")
}

func writeFiles(tb testing.TB, root string, files map[string]string) {
	tb.Helper()
	for name, text := range files {
		p := filepath.Join(root, filepath.FromSlash(name))
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			tb.Fatal(err)
		}
		if err := os.WriteFile(p, []byte(text), 0o644); err != nil {
			tb.Fatal(err)
		}
	}
}
