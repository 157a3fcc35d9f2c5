package markdown

import (
	"os"
	"regexp"
	"strings"
	"testing"

	"github.com/yuin/goldmark"
)

// BenchmarkRender renders testdata/article.md, an article of about 5,000
// characters with headings, lists, dialogue, a table and a code block, and
// the same article without its code block, to show what highlighting costs.
func BenchmarkRender(b *testing.B) {
	article := readArticle(b)
	noCode := regexp.MustCompile("(?s)```go\n.*?```\n").ReplaceAll(article, nil)
	if len(noCode) == len(article) {
		b.Fatal("the article has no Go code block")
	}
	for _, bc := range []struct {
		name string
		src  []byte
	}{
		{"article", article},
		{"article without code", noCode},
	} {
		b.Run(bc.name, func(b *testing.B) {
			r := New(Options{BasePath: "/repo/"})
			b.SetBytes(int64(len(bc.src)))
			b.ReportAllocs()
			for b.Loop() {
				if _, err := r.Render("posts/article.md", bc.src, 1); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}

// BenchmarkSummary measures Summary on the article's plain text.
func BenchmarkSummary(b *testing.B) {
	res, err := New(Options{}).Render("posts/article.md", readArticle(b), 1)
	if err != nil {
		b.Fatal(err)
	}
	b.ReportAllocs()
	for b.Loop() {
		Summary(res.Text, 0)
	}
}

// withRuby returns the article with a reading on every use of its most
// common words (far more than authors write) and emphasis dots on 大切.
func withRuby(article []byte) []byte {
	s := string(article)
	for _, w := range []struct{ base, reading string }{
		{"朝礼", "ちょうれい"}, {"岩田", "いわた"}, {"打刻", "だこく"}, {"班長", "はんちょう"},
		{"倉庫", "そうこ"}, {"先方", "せんぽう"}, {"派遣", "はけん"}, {"総務", "そうむ"},
	} {
		s = strings.ReplaceAll(s, w.base, w.base+"《"+w.reading+"》")
	}
	return []byte(strings.ReplaceAll(s, "大切", "《《大切》》"))
}

// BenchmarkRuby measures what the ruby extension costs: on the article
// without ruby (one scan of the source for 《), and on the article with a
// reading on every common word, against the same text rendered without
// the extension (the brackets then stay text).
func BenchmarkRuby(b *testing.B) {
	article := readArticle(b)
	annotated := withRuby(article)
	if strings.Count(string(annotated), "《") < 50 {
		b.Fatal("the article has too few words to annotate")
	}
	noRuby := func(e goldmark.Extender) bool { _, ok := e.(ruby); return ok }
	for _, bc := range []struct {
		name string
		src  []byte
		skip func(goldmark.Extender) bool
	}{
		{"plain/with extension", article, nil},
		{"plain/without extension", article, noRuby},
		{"annotated/with extension", annotated, nil},
		{"annotated/without extension", annotated, noRuby},
	} {
		b.Run(bc.name, func(b *testing.B) {
			r := newRenderer(Options{}, bc.skip)
			b.SetBytes(int64(len(bc.src)))
			b.ReportAllocs()
			for b.Loop() {
				if _, err := r.Render("posts/article.md", bc.src, 1); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}

// BenchmarkDiagram renders testdata/diagram.md: cold (a new Renderer and
// no cache: D2's fonts are loaded and the diagram laid out), from the
// cache folder (a new Renderer, as in the next build), and again in the
// same Renderer (as in rensai serve).
func BenchmarkDiagram(b *testing.B) {
	src, err := os.ReadFile("testdata/diagram.md")
	if err != nil {
		b.Fatal(err)
	}
	dir := b.TempDir()
	if _, err := New(Options{CacheDir: dir}).Render("posts/a.md", src, 1); err != nil {
		b.Fatal(err)
	}
	warm := New(Options{})
	for _, bc := range []struct {
		name string
		r    func() *Renderer
	}{
		{"cold", func() *Renderer { return New(Options{}) }},
		{"cache folder", func() *Renderer { return New(Options{CacheDir: dir}) }},
		{"same renderer", func() *Renderer { return warm }},
	} {
		b.Run(bc.name, func(b *testing.B) {
			for b.Loop() {
				if _, err := bc.r().Render("posts/a.md", src, 1); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}

// BenchmarkCodeBlocks renders an article of 40 fenced blocks in eight
// languages: through goldmark-highlighting and chroma as before, through
// codeBlocks without its HTML cache (each block new, as in a cold build),
// and with the cache warm (an unchanged block rendered again).
func BenchmarkCodeBlocks(b *testing.B) {
	var src strings.Builder
	for i := range 40 {
		for _, tc := range codeCases[i%8 : i%8+1] {
			src.WriteString(tc.src)
			src.WriteString("\n")
		}
	}
	article := []byte(src.String())
	noCache := New(Options{})
	noCache.code.cache = nil
	for _, bc := range []struct {
		name string
		r    *Renderer
	}{
		{"goldmark-highlighting", uncached(Options{})},
		{"no cache", noCache},
		{"cached", New(Options{})},
	} {
		b.Run(bc.name, func(b *testing.B) {
			b.SetBytes(int64(len(article)))
			b.ReportAllocs()
			for b.Loop() {
				if _, err := bc.r.Render("posts/code.md", article, 1); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}
