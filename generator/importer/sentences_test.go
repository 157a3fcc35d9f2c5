package importer

import (
	"regexp"
	"strings"
	"testing"

	"golang.org/x/net/html"
	"golang.org/x/net/html/atom"
)

// htmlSentences is the set of sentences in the text of an HTML fragment,
// block by block, leaving out navigation lines.
func htmlSentences(t *testing.T, src string) map[string]bool {
	t.Helper()
	src = gutenbergRE.ReplaceAllString(src, "")
	nodes, err := html.ParseFragment(strings.NewReader(src), &html.Node{Type: html.ElementNode, Data: "body", DataAtom: atom.Body})
	if err != nil {
		t.Fatal(err)
	}
	var lines []string
	var walk func(n *html.Node)
	walk = func(n *html.Node) {
		if n.Type == html.ElementNode && (n.Data == "p" || n.Data == "li" || n.Data == "h2" || n.Data == "figcaption") {
			lines = append(lines, strings.Fields(nodeText(n))...)
			return
		}
		for c := n.FirstChild; c != nil; c = c.NextSibling {
			walk(c)
		}
	}
	for _, n := range nodes {
		walk(n)
	}
	var kept []string
	for _, l := range lines {
		var nav Nav
		if !parseNavLine(l, &nav) {
			kept = append(kept, l)
		}
	}
	return sentences(strings.Join(kept, "\n"), false)
}

var (
	// An image with a title shows the title as its caption.
	captionRE      = regexp.MustCompile(`!\[[^\]]*\]\([^)"]*"([^"]*)"\)`)
	markdownMarkRE = regexp.MustCompile(`!?\[([^\]]*)\]\([^)]*\)|\*\*|^## |^- `)
)

// TestHTMLCleanKeepsEverySentence: converting and cleaning WordPress HTML
// keeps every sentence of the author's text.
func TestHTMLCleanKeepsEverySentence(t *testing.T) {
	src := `<!-- wp:paragraph --><p><a href="https://old.example.jp/a/">←前編①</a>&nbsp;&nbsp;<a href="https://old.example.jp/c/">→続編③</a></p><!-- /wp:paragraph -->
<p>派遣先のF社から<strong>「鍵が返っていない」</strong>と連絡がありました。すぐに確認します。</p>
<h2>対応経緯</h2>
<ul><li>鍵は一本しかない</li><li>合鍵は作れない。</li></ul>
<p>Tさんには<a href="https://example.org/">メール</a>で連絡しました！返事はまだです？</p>
<figure><img src="https://example.org/k.png" alt="鍵"><figcaption>返ってきた鍵</figcaption></figure>`
	c := newHTMLConverter(nil, nil)
	cleaner, _ := NewCleaner(nil)
	md, _ := c.convert(src, &Post{Title: "鍵の件"}, cleaner, &Warnings{})
	var plain []string
	for _, l := range strings.Split(md, "\n") {
		l = captionRE.ReplaceAllString(l, "$1")
		plain = append(plain, markdownMarkRE.ReplaceAllString(l, "$1"))
	}
	before := htmlSentences(t, src)
	after := sentences(strings.Join(plain, "\n"), false)
	if len(before) < 6 {
		t.Fatalf("only %d sentences: %v", len(before), before)
	}
	for s := range before {
		if !after[s] {
			t.Errorf("sentence lost: %q\n%s", s, md)
		}
	}
	for s := range after {
		if !before[s] {
			t.Errorf("sentence added: %q\n%s", s, md)
		}
	}
}
