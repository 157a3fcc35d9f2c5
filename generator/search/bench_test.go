package search

import (
	"bytes"
	"compress/gzip"
	"context"
	"fmt"
	"math/rand/v2"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
	"testing/fstest"

	"github.com/rensai-ssg/rensai/internal/corpus"
)

// Sentence parts for generated reports: combined at random they make
// plausible complaint-report prose with a realistic spread of words.
var (
	genWho   = []string{"派遣社員の田中さん", "取引先の総務課長", "現場のリーダー", "新人の佐藤さん", "守衛室の担当者", "派遣先の部長", "経理の鈴木さん", "情報システム部", "本社の人事", "夜勤の作業員"}
	genWhat  = []string{"入館証", "社員証", "ノートPC", "倉庫の鍵", "勤怠の記録", "交通費の精算書", "始末書", "セキュリティー研修の資料", "作業着", "制服"}
	genVerb  = []string{"を返さない", "を返してくれた", "をなくした", "を持ち帰った", "を提出しなかった", "の確認を求めた", "を受け取らなかった", "を書き直した", "を探している", "の扱いに困っていた"}
	genAfter = []string{"と電話があった。", "ので謝罪に向かった。", "と厳しく指摘された。", "ため、契約の見直しを告げられた。", "が、翌日には解決した。", "ことを報告書にまとめた。", "と聞いて頭を抱えた。", "ので、再発防止策を提案した。"}
	genExtra = []string{"残業代は2,000円の差額があった。", "クレームの対応には三日かかった。", "コンピューターの点検も行った。", "朝礼で全員に注意を促した。", "担当営業として、もっと早く気づくべきだった。", "次の更新では条件を見直す予定だ。"}
)

func genDocs(n int, seed uint64) []Document {
	r := rand.New(rand.NewPCG(seed, 7))
	pick := func(xs []string) string { return xs[r.IntN(len(xs))] }
	docs := make([]Document, n)
	for i := range docs {
		var b strings.Builder
		for range 12 {
			b.WriteString(pick(genWho) + "が" + pick(genWhat) + pick(genVerb) + pick(genAfter))
			if r.IntN(3) == 0 {
				b.WriteString(pick(genExtra))
			}
		}
		// A unique word per document keeps the vocabulary growing as on a
		// real site (names of clients, places, products).
		b.WriteString(fmt.Sprintf("案件番号は第%d号、担当は%s。", i, pick(genWho)))
		series := i / 10
		docs[i] = Document{
			URL:        fmt.Sprintf("/posts/gen-%05d/", i),
			Title:      fmt.Sprintf("【第%d話】%sが%s%s", i%10+1, pick(genWho), pick(genWhat), pick(genVerb)),
			Series:     fmt.Sprintf("報告シリーズ%d", series),
			SeriesSlug: fmt.Sprintf("report-%d", series),
			PartLabel:  fmt.Sprintf("第%d話", i%10+1),
			Date:       fmt.Sprintf("2026-%02d-%02d", i%12+1, i%28+1),
			Taxonomies: map[string][]string{"tags": {pick(genWhat)}},
			Body:       b.String(),
		}
	}
	return docs
}

func docBytes(docs []Document) int64 {
	var n int64
	for _, d := range docs {
		n += int64(len(d.Title) + len(d.Series) + len(d.Body))
	}
	return n
}

// BenchmarkBuildCold measures analysis and index writing with an empty
// cache (throughput in MB/s of title and body text).
func BenchmarkBuildCold(b *testing.B) {
	tok := sharedKagome(b)
	docs := genDocs(200, 1)
	b.SetBytes(docBytes(docs))
	b.ResetTimer()
	for b.Loop() {
		if _, err := NewIndexer(tok, Options{CacheDir: b.TempDir()}).Build(context.Background(), docs); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkBuildWarm rebuilds with every token stream in the cache.
func BenchmarkBuildWarm(b *testing.B) {
	tok := sharedKagome(b)
	docs := genDocs(200, 1)
	dir := b.TempDir()
	ix := NewIndexer(tok, Options{CacheDir: dir})
	if _, err := ix.Build(context.Background(), docs); err != nil {
		b.Fatal(err)
	}
	b.SetBytes(docBytes(docs))
	b.ResetTimer()
	for b.Loop() {
		if _, err := ix.Build(context.Background(), docs); err != nil {
			b.Fatal(err)
		}
	}
}

func gzSize(data []byte) int {
	var buf bytes.Buffer
	w, _ := gzip.NewWriterLevel(&buf, gzip.BestCompression)
	w.Write(data)
	w.Close()
	return buf.Len()
}

func indexOf(b *testing.B, n int) fstest.MapFS {
	files, err := NewIndexer(sharedKagome(b), Options{}).Build(context.Background(), genDocs(n, 1))
	if err != nil {
		b.Fatal(err)
	}
	return mapFS(files)
}

// BenchmarkIndexSize reports the size of the index per 1,000 documents and
// the number of files.
func BenchmarkIndexSize(b *testing.B) {
	for _, n := range []int{1000, 10000} {
		b.Run(fmt.Sprint(n), func(b *testing.B) {
			fsys := indexOf(b, n)
			for b.Loop() {
			}
			raw, gz := 0, 0
			for _, f := range fsys {
				raw += len(f.Data)
				gz += gzSize(f.Data)
			}
			b.ReportMetric(float64(len(fsys)), "files")
			b.ReportMetric(float64(raw)*1000/float64(n)/1024, "KB/1000docs")
			b.ReportMetric(float64(gz)*1000/float64(n)/1024, "KBgz/1000docs")
		})
	}
}

// BenchmarkQueryBytes reports the bytes a first and a second two-word query
// read from a 1,000-document index (what the browser downloads; it fetches
// the same files, see TestBrowserFetchesSameFiles).
func BenchmarkQueryBytes(b *testing.B) {
	fsys := indexOf(b, 1000)
	var first, second [2]int
	for b.Loop() {
		s := NewSearcher(fsys)
		measure := func(q string) [2]int {
			before := len(s.Fetched())
			if _, err := s.Query(q, QueryOptions{}); err != nil {
				b.Fatal(err)
			}
			var out [2]int
			for _, p := range s.Fetched()[before:] {
				out[0] += len(fsys[p].Data)
				out[1] += gzSize(fsys[p].Data)
			}
			return out
		}
		first = measure("入館証 返さない")
		second = measure("クレーム 厳しい")
	}
	b.ReportMetric(float64(first[0])/1024, "KB-first")
	b.ReportMetric(float64(first[1])/1024, "KBgz-first")
	b.ReportMetric(float64(second[0])/1024, "KB-second")
	b.ReportMetric(float64(second[1])/1024, "KBgz-second")
}

// corpusDocs reads n articles of the benchmark corpus (the same one
// rensai-bench builds), with front matter stripped: about 16 KB of Japanese
// Markdown each.
func corpusDocs(b *testing.B, n int) []Document {
	dir := b.TempDir()
	if err := corpus.Write(dir, n, corpus.Options{Seed: 1}); err != nil {
		b.Fatal(err)
	}
	paths, err := filepath.Glob(filepath.Join(dir, "content", "posts", "*.md"))
	if err != nil || len(paths) == 0 {
		b.Fatalf("corpus: %d articles, %v", len(paths), err)
	}
	docs := make([]Document, 0, len(paths))
	for _, p := range paths {
		data, err := os.ReadFile(p)
		if err != nil {
			b.Fatal(err)
		}
		text := string(data)
		title := filepath.Base(p)
		if rest, ok := strings.CutPrefix(text, "---\n"); ok {
			if fm, body, ok := strings.Cut(rest, "\n---\n"); ok {
				text = body
				for _, l := range strings.Split(fm, "\n") {
					if t, ok := strings.CutPrefix(l, "title: "); ok {
						title = t
					}
				}
			}
		}
		docs = append(docs, Document{URL: "/posts/" + strings.TrimSuffix(filepath.Base(p), ".md") + "/", Title: title, Body: text})
	}
	return docs
}

// BenchmarkBuildCorpus builds 1,000 corpus articles (about 16 MB) with an
// empty cache and with a warm one. RENSAI_BENCH_ARTICLES sets another count
// (10000 for the 160 MB target).
func BenchmarkBuildCorpus(b *testing.B) {
	tok := sharedKagome(b)
	n := 1000
	if v := os.Getenv("RENSAI_BENCH_ARTICLES"); v != "" {
		var err error
		if n, err = strconv.Atoi(v); err != nil || n <= 0 {
			b.Fatalf("RENSAI_BENCH_ARTICLES=%q: want a positive article count", v)
		}
	}
	docs := corpusDocs(b, n)
	b.Run("cold", func(b *testing.B) {
		b.SetBytes(docBytes(docs))
		for b.Loop() {
			if _, err := NewIndexer(tok, Options{CacheDir: b.TempDir()}).Build(context.Background(), docs); err != nil {
				b.Fatal(err)
			}
		}
	})
	b.Run("warm", func(b *testing.B) {
		ix := NewIndexer(tok, Options{CacheDir: b.TempDir()})
		if _, err := ix.Build(context.Background(), docs); err != nil {
			b.Fatal(err)
		}
		b.SetBytes(docBytes(docs))
		b.ResetTimer()
		for b.Loop() {
			if _, err := ix.Build(context.Background(), docs); err != nil {
				b.Fatal(err)
			}
		}
	})
}
