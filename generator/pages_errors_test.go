package generator

import (
	"context"
	"errors"
	"fmt"
	"path/filepath"
	"strings"
	"testing"

	"github.com/rensai-ssg/rensai/generator/diag"
	"github.com/rensai-ssg/rensai/generator/i18n"
)

// TestLayoutFailureOnEveryPageIsOneError: a line of a layout that fails on
// each page it writes is reported once, naming the first page and how many
// others failed there, not once per page (at 10,000 articles the author
// would scroll through twenty copies of one mistake).
func TestLayoutFailureOnEveryPageIsOneError(t *testing.T) {
	files := map[string]string{}
	for i := 1; i <= 4; i++ {
		files[fmt.Sprintf("posts/a-%02d.md", i)] = fmt.Sprintf("---\ntitle: 記事%d\ndate: 2026-03-0%d\n---\n\n本文。\n", i, i)
	}
	dir := newSite(t, "", files)
	writeFile(t, filepath.Join(dir, "layouts", "article.html"), "{{ define \"main\" }}\n<p>{{ .Article.Nope }}</p>{{ end }}")
	_, err := Build(context.Background(), Options{Source: dir, Now: fixedNow})
	list := diag.Collect(err)
	if len(list) != 1 {
		t.Fatalf("%d errors, want one: %v", len(list), err)
	}
	d := list[0]
	if d.Key != "theme.execMany" || d.Path != "layouts/article.html" || d.Line != 2 || d.Column == 0 {
		t.Fatalf("error %q at %s, want theme.execMany at layouts/article.html:2:COL", d.Key, d.Position())
	}
	en, ja := d.Text(i18n.English), d.Text(i18n.Japanese)
	if !strings.Contains(en, "while writing posts/a-") || !strings.Contains(en, "and 3 other pages") || !strings.Contains(en, "can't evaluate field Nope") {
		t.Errorf("English %q: want the first page, the 3 others and html/template's detail", en)
	}
	if !strings.Contains(ja, "ほか 3 ページを書く途中で") {
		t.Errorf("Japanese %q: want ほか 3 ページ", ja)
	}
}

// TestFirstErrorsKeepsDistinctFailures: failures at different lines stay
// apart, a failure on one page keeps its own words, and no more than 20
// are joined.
func TestFirstErrorsKeepsDistinctFailures(t *testing.T) {
	exec := func(line int, page string) error {
		return diag.T("layouts/x.html", line, "theme.exec", page, "detail")
	}
	errs := []error{exec(1, "a/index.html"), nil, exec(2, "a/index.html"), exec(1, "b/index.html"), exec(1, "c/index.html")}
	got := diag.Collect(firstErrors(errs))
	if len(got) != 2 {
		t.Fatalf("%d errors, want 2: %v", len(got), got)
	}
	for _, d := range got {
		switch d.Line {
		case 1:
			if d.Key != "theme.execMany" || d.Args[0] != "a/index.html" || d.Args[1] != 2 {
				t.Errorf("line 1: %s %v, want theme.execMany naming a/index.html and 2 others", d.Key, d.Args)
			}
		case 2:
			if d.Key != "theme.exec" {
				t.Errorf("line 2: %s, want the one page's own theme.exec", d.Key)
			}
		}
	}
	var many []error
	for i := range 25 {
		many = append(many, errors.New(fmt.Sprint("problem ", i)))
	}
	if n := strings.Count(firstErrors(many).Error(), "problem "); n != 20 {
		t.Errorf("%d of 25 distinct errors joined, want 20", n)
	}
}
