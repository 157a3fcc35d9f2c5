package generator

import (
	"context"
	"encoding/json"
	"errors"
	"path/filepath"
	"strings"
	"testing"

	"github.com/rensai-ssg/rensai/generator/diag"
	"github.com/rensai-ssg/rensai/generator/i18n"
)

// TestTermsWithEqualSlugs: names that differ are different terms even when
// their slugs are equal; names equal after NFKC and case folding are one.
func TestTermsWithEqualSlugs(t *testing.T) {
	dir := newSite(t, "", map[string]string{
		"posts/a.md": "---\ntitle: 一\ndate: 2026-03-01\ntags: [\"C++\", \"C#\"]\n---\n\n本文。\n",
		"posts/b.md": "---\ntitle: 二\ndate: 2026-03-02\ntags: [\"C#\", ＰＣ]\n---\n\n本文。\n",
		"posts/c.md": "---\ntitle: 三\ndate: 2026-03-03\ntags: [pc]\n---\n\n本文。\n",
	})
	b, err := NewBuilder(Options{Source: dir, Now: fixedNow})
	if err != nil {
		t.Fatal(err)
	}
	res, err := b.Build(context.Background(), nil)
	if err != nil {
		t.Fatal(err)
	}
	files := res.Files
	plus := "c-" + fingerprint("C++")[:8]
	mustContain(t, files, "tags/c/index.html", "「C#」")
	mustContain(t, files, "tags/"+plus+"/index.html", "「C&#43;&#43;」", "/posts/a/") // html/template escapes +
	mustNotContain(t, files, "tags/"+plus+"/index.html", "/posts/b/")
	mustContain(t, files, "posts/a/index.html", `href="/tags/c/"`, `href="/tags/`+plus+`/"`)
	// ＰＣ and pc are one term, shown as first written (newest article first).
	mustContain(t, files, "tags/pc/index.html", "/posts/b/", "/posts/c/")
	if _, ok := files["tags/ｐｃ/index.html"]; ok {
		t.Error("the full-width form got a page of its own")
	}
	// The warning names both terms and the file, each language quoting
	// the names its own way.
	warned := false
	for _, w := range res.Report.Warnings {
		var e *diag.Error
		if !errors.As(w, &e) {
			continue
		}
		en, ja := e.Text(i18n.English), e.Text(i18n.Japanese)
		if strings.HasPrefix(w.Error(), "content/posts/a.md:4: ") && strings.Contains(en, "tags “C#”, “C++” would share the URL /tags/c/; “C++” → /tags/"+plus+"/") &&
			strings.Contains(ja, "tags の 「C#」「C++」 は同じ URL /tags/c/ になるところでした。「C++」 → /tags/"+plus+"/ に置きました") {
			warned = true
		}
	}
	if !warned {
		t.Errorf("no warning naming both terms and the file in each language: %q", res.Report.Warnings)
	}
}

// TestTermWrittenTwice: one term written in two spellings in one article
// ("Edge Case" and "edge case", as a WordPress export with a category and
// a tag of one name gives) is listed once on the article, and the search
// index's term filters name it as its term page does, for every article.
func TestTermWrittenTwice(t *testing.T) {
	dir := newSite(t, "title = \"テスト日報\"\nbaseURL = \"https://example.jp/\"\n[search]\nenable = true\n", map[string]string{
		"posts/a.md": "---\ntitle: 一\ndate: 2026-03-01\ntags: [Edge Case, 入館証, edge case, ＥＤＧＥ　ＣＡＳＥ]\n---\n\n本文。\n",
		"posts/b.md": "---\ntitle: 二\ndate: 2026-03-02\ntags: [edge case]\n---\n\n本文。\n",
	})
	b, err := NewBuilder(Options{Source: dir, Now: fixedNow})
	if err != nil {
		t.Fatal(err)
	}
	res, err := b.Build(context.Background(), nil)
	if err != nil {
		t.Fatal(err)
	}
	page := string(res.Files["posts/a/index.html"])
	if n := strings.Count(page, `href="/tags/edge-case/"`); n != 1 {
		t.Errorf("posts/a links its tag %d times, want once", n)
	}
	mustContain(t, res.Files, "posts/a/index.html", `href="/tags/入館証/"`)
	mustContain(t, res.Files, "tags/edge-case/index.html", "/posts/a/", "/posts/b/")
	var names []byte
	for name, data := range res.Files {
		if strings.HasPrefix(name, "search/") && strings.HasSuffix(name, "/f/names.json") {
			names = data
		}
	}
	if names == nil {
		t.Fatal("no search/*/f/names.json in the output")
	}
	var ff struct {
		Tax [][2]string `json:"tax"`
	}
	if err := json.Unmarshal(names, &ff); err != nil {
		t.Fatal(err)
	}
	var edge []string
	for _, tx := range ff.Tax {
		if tx[0] == "tags" && strings.EqualFold(strings.ReplaceAll(tx[1], "　", " "), "edge case") {
			edge = append(edge, tx[1])
		}
	}
	// b is the newer article, so its spelling is the term's.
	if len(edge) != 1 || edge[0] != "edge case" {
		t.Errorf("search term filters %q, want one, as the term page names it (%q)", edge, "edge case")
	}
	// b drops the tag: the term is a's spelling now, on its page and in
	// the index, and rebuilding that one file gives what a full build does.
	before := withUnchanged(t, nil, res)
	writeFile(t, filepath.Join(dir, "content", "posts", "b.md"), "---\ntitle: 二\ndate: 2026-03-02\n---\n\n本文。\n")
	res, err = b.Build(context.Background(), []string{"content/posts/b.md"})
	if err != nil {
		t.Fatal(err)
	}
	after := withUnchanged(t, before, res)
	sameFiles(t, "full and incremental", buildMem(t, Options{Source: dir}), after)
	mustContain(t, after, "tags/edge-case/index.html", "「Edge Case」")
}
