package markdown

import (
	"regexp"
	"testing"
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
