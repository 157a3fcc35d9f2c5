package generator

import (
	"context"
	"errors"
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
