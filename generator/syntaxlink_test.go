package generator

import (
	"testing"
)

// TestSyntaxCSSOnlyWithCode checks that a page links the highlighting
// stylesheet only when it shows highlighted code: an article with a fenced
// block in a known language, a series page whose description has one, but
// not an article with a plain or unknown-language block, nor list pages.
func TestSyntaxCSSOnlyWithCode(t *testing.T) {
	const link = `assets/css/syntax.css"`
	dir := newSite(t, "", map[string]string{
		"posts/code.md":    "---\ntitle: コード\ndate: 2026-03-01\n---\n\n```go\nfunc main() {}\n```\n",
		"posts/plain.md":   "---\ntitle: 文章\ndate: 2026-03-02\n---\n\n本文です。\n\n```\nそのまま\n```\n\n```notalanguage\nx\n```\n",
		"posts/case-01.md": part("入館証の件", 1, "第一報", "2026-03-03", ""),
		"series/nyukan.md": "---\ntitle: 入館証の件\n---\n\n```sh\necho hi\n```\n",
	})
	files := buildMem(t, Options{Source: dir})
	mustContain(t, files, "posts/code/index.html", link)
	mustContain(t, files, "series/nyukan/index.html", link)
	mustNotContain(t, files, "posts/plain/index.html", link)
	mustNotContain(t, files, "posts/case-01/index.html", link)
	mustNotContain(t, files, "index.html", link)
	mustContain(t, files, "assets/css/syntax.css", ".chroma")
}
