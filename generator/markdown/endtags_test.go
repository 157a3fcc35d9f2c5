package markdown

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
	"testing/fstest"

	"golang.org/x/net/html"
)

// endTagSources are Markdown documents with every block that can hold or
// follow a paragraph or a list item.
var endTagSources = map[string]string{
	"paragraphs":          "一つ目。\n\n二つ目。\n",
	"tight list":          "前置き。\n\n- 一\n- 二\n  - 入れ子\n- 三\n\n後書き。\n",
	"loose list":          "- 一\n\n  続き。\n\n- 二\n\n1. 順\n2. 番\n",
	"task list":           "- [x] 済み\n- [ ] まだ\n",
	"block quote":         "> 引用の一。\n>\n> 引用の二。\n\n本文。\n",
	"headings and rule":   "本文。\n## 見出し\n本文。\n\n---\n\n本文。\n",
	"code after a para":   "本文。\n\n```go\nx := 1\n```\n\n本文。\n\n    字下げ\n",
	"table after a para":  "本文。\n\n| a | b |\n|---|---|\n| 1 | 2 |\n\n本文。\n",
	"figure":              "本文。\n\n![箱](/img/a.png \"箱の写真\")\n\n本文。\n",
	"definition list":     "本文。\n\n用語\n: 説明\n\n本文。\n",
	"footnotes":           "本文[^1]。\n\n[^1]: 注の一。\n\n    注の二。\n",
	"summary break":       "要約。\n\n<!--more-->\n\n本文。\n",
	"raw HTML after para": "本文。\n\n<div class=\"x\">生</div>\n\n本文。\n",
	"emphasis and ruby":   "**強調**と{漢字|かんじ}。\n\n*斜体*。\n",
}

// tree parses an HTML fragment as a browser does, inside the page's text
// box of a standards-mode document, and writes the tree back out with the
// white space a browser does not render set aside: white space between
// blocks, and at the end of a paragraph or list item (where the newline
// after an omitted end tag lands).
func tree(t *testing.T, fragment string) string {
	t.Helper()
	doc, err := html.Parse(strings.NewReader("<!DOCTYPE html><html><body><div>" + fragment + "</div><p>後</p></body></html>"))
	if err != nil {
		t.Fatal(err)
	}
	normalizeSpace(doc)
	var b strings.Builder
	if err := html.Render(&b, doc); err != nil {
		t.Fatal(err)
	}
	return b.String()
}

// blockParents are the elements whose white-space-only text children a
// browser does not render.
var blockParents = map[string]bool{"body": true, "div": true, "blockquote": true, "ul": true, "ol": true, "li": true,
	"dl": true, "dd": true, "section": true, "table": true, "thead": true, "tbody": true, "tr": true, "figure": true}

func normalizeSpace(n *html.Node) {
	for c := n.FirstChild; c != nil; {
		next := c.NextSibling
		if c.Type == html.TextNode && n.Type == html.ElementNode && blockParents[n.Data] && strings.TrimSpace(c.Data) == "" {
			n.RemoveChild(c)
		} else {
			normalizeSpace(c)
		}
		c = next
	}
	if n.Type == html.ElementNode && (n.Data == "p" || n.Data == "li") {
		if last := n.LastChild; last != nil && last.Type == html.TextNode {
			last.Data = strings.TrimRight(last.Data, " \n")
		}
	}
}

// TestOmitEndTagsSameTree renders documents with and without end tags
// omitted: the parsed trees are the same, and the rendering without them
// is shorter wherever there is a paragraph or list item to shorten.
func TestOmitEndTagsSameTree(t *testing.T) {
	sources := map[string]string{}
	for name, src := range endTagSources {
		sources[name] = src
	}
	files, _ := filepath.Glob("testdata/*.txt")
	for _, file := range files {
		data, err := os.ReadFile(file)
		if err != nil {
			t.Fatal(err)
		}
		for _, c := range parseCaseFile(t, string(data)) {
			sources[filepath.Base(file)+"/"+c.name] = c.src
		}
	}
	article, err := os.ReadFile("testdata/article.md")
	if err != nil {
		t.Fatal(err)
	}
	sources["article.md"] = string(article)
	files0 := fstest.MapFS{"static/img/a.png": {Data: encodeImage(t, "png")}}
	for _, unsafe := range []bool{false, true} {
		full := New(Options{BasePath: "/repo/", Unsafe: unsafe, Files: files0})
		short := New(Options{BasePath: "/repo/", Unsafe: unsafe, Files: files0, OmitEndTags: true})
		for name, src := range sources {
			a, errA := full.Render("content/posts/a.md", []byte(src), 1)
			b, errB := short.Render("content/posts/a.md", []byte(src), 1)
			if (errA == nil) != (errB == nil) {
				t.Fatalf("%s: errors differ: %v, %v", name, errA, errB)
			}
			if errA != nil {
				continue
			}
			if got, want := tree(t, b.HTML), tree(t, a.HTML); got != want {
				t.Errorf("%s (unsafe %v): the tree differs without end tags\nwith:    %s\nwithout: %s\ntree with:    %s\ntree without: %s", name, unsafe, a.HTML, b.HTML, want, got)
			}
			// Two paragraphs in a row or a list item (a footnote's <li id=…>
			// is the footnote renderer's) always lose an end tag.
			shorten := strings.Contains(a.HTML, "</p>\n<p>") || strings.Contains(a.HTML, "</p>\n<p ") || strings.Contains(a.HTML, "<li>")
			if shorten && len(b.HTML) >= len(a.HTML) {
				t.Errorf("%s: %d bytes without end tags, %d with them", name, len(b.HTML), len(a.HTML))
			}
		}
	}
}

// TestOmitEndTags pins what goes and what stays.
func TestOmitEndTags(t *testing.T) {
	r := New(Options{BasePath: "/repo/", OmitEndTags: true})
	for _, tt := range []struct{ src, want string }{
		{"一。\n\n二。\n", "<p>一。\n<p>二。\n"},
		{"- 一\n- 二\n", "<ul>\n<li>一\n<li>二\n</ul>\n"},
		{"> 引用。\n", "<blockquote>\n<p>引用。\n</blockquote>\n"},
		{"本文。\n## 見出し\n", "<p>本文。\n<h2 id=\"見出し\">見出し</h2>\n"},
		// Before a code block, a table or anything else, the end tag stays.
		{"本文。\n\n```\nx\n```\n", "<p>本文。</p>\n<pre><code>x\n</code></pre>\n"},
		{"本文。\n\n| a |\n|---|\n| 1 |\n", "<p>本文。</p>\n<table>"},
	} {
		res, err := r.Render("content/posts/a.md", []byte(tt.src), 1)
		if err != nil {
			t.Fatal(err)
		}
		if !strings.HasPrefix(res.HTML, tt.want) {
			t.Errorf("%q renders\n%s\nwant it to start with\n%s", tt.src, res.HTML, tt.want)
		}
	}
}
