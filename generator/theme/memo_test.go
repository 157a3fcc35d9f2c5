package theme

import (
	"context"
	"html/template"
	"strings"
	"sync/atomic"
	"testing"
	"testing/fstest"
)

type memoItem struct{ Name, URL string }

type memoPage struct {
	Site  *specSite
	Kind  string
	Title string
	Items []*memoItem
	Words []string
}

// memoTheme lists items several ways: bodies that qualify (text context,
// reading only the item), and bodies that do not (reading $, in an
// attribute, in a partial also called inside an attribute, with a break).
func memoTheme() fstest.MapFS {
	return with(baseTheme(), map[string]string{
		"themes/t/layouts/term.html": `{{ define "main" }}<ul>{{ range .Items }}<li><a href="{{ .URL }}">{{ .Name }}</a> {{ seen . }}</li>{{ end }}</ul>` +
			`<ol>{{ range .Items }}<li>{{ .Name }} {{ $.Title }}</li>{{ end }}</ol>` +
			`<p title="{{ range .Items }}{{ .Name }}{{ .URL }}{{ end }}">{{ range .Items }}{{ .Name }}{{ if .URL }}{{ break }}{{ end }}{{ .URL }}{{ end }}</p>` +
			`{{ range .Words }}<b>{{ . }}</b>{{ len . }}{{ end }}{{ template "partials/list.html" . }}` +
			`<a data-x="{{ template "partials/list.html" . }}">x</a>{{ end }}`,
		"themes/t/layouts/partials/list.html": `{{ range .Items }}{{ .Name }}<i>{{ .URL }}</i>{{ end }}`,
	})
}

// memoSetup loads memoTheme with a function counting the renderings of
// the first list's body.
func memoSetup(t *testing.T) (*Theme, *atomic.Int64) {
	t.Helper()
	var seen atomic.Int64
	funcs := foldFuncs()
	funcs["seen"] = func(*memoItem) string { seen.Add(1); return "" }
	th, err := Load(memoTheme(), "t", funcs)
	if err != nil {
		t.Fatal(err)
	}
	return th, &seen
}

func TestMemoKeepsEveryByte(t *testing.T) {
	th, seen := memoSetup(t)
	st := &specSite{Title: "連載"}
	a, b := &memoItem{"甲<", "/a?x=1&y"}, &memoItem{"乙", ""}
	pages := []*memoPage{
		{Site: st, Kind: "term", Title: "一", Items: []*memoItem{a, b}, Words: []string{"語", "<w>"}},
		{Site: st, Kind: "term", Title: "二", Items: []*memoItem{b, a, a}},
		{Site: st, Kind: "term", Title: "三"},
	}
	var want []string
	for _, pg := range pages {
		want = append(want, render(t, th, "term", pg))
	}
	seen.Store(0)
	spec := th.Specialize(context.Background(), "k", func(kind string) any { return &memoPage{Site: st, Kind: kind} }, "term")
	for i, pg := range pages {
		if got := render(t, spec, "term", pg); got != want[i] {
			t.Errorf("page %d differs:\ngot  %s\nwant %s", i, got, want[i])
		}
	}
	// Five entries of two items: the memoized body ran once per item.
	if n := seen.Load(); n != 2 {
		t.Errorf("the first list's body ran %d times for 2 items in 5 entries", n)
	}
	// The next build may change an item: nothing of the last one is kept.
	a.Name = "丙"
	spec = th.Specialize(context.Background(), "k", func(kind string) any { return &memoPage{Site: st, Kind: kind} }, "term")
	pg := pages[0]
	if got, want := render(t, spec, "term", pg), render(t, th, "term", pg); got != want || !strings.Contains(got, "丙") {
		t.Errorf("after a change and a new Specialize:\ngot  %s\nwant %s", got, want)
	}
}

// TestMemoOnlyWhereItQualifies checks which bodies moved into templates of
// their own.
func TestMemoOnlyWhereItQualifies(t *testing.T) {
	th, _ := memoSetup(t)
	st := &specSite{}
	spec := th.Specialize(context.Background(), "k", func(kind string) any { return &memoPage{Site: st, Kind: kind} }, "term")
	var memos []string
	for _, tmpl := range spec.kinds["term"].Templates() {
		if strings.Contains(tmpl.Name(), "#memo") {
			memos = append(memos, tmpl.Name()+": "+tmpl.Tree.Root.String())
		}
	}
	if len(memos) != 2 {
		t.Fatalf("memoized %d bodies, want 2 (the first list and the words):\n%s", len(memos), strings.Join(memos, "\n"))
	}
	all := strings.Join(memos, "\n")
	for _, want := range []string{"seen", "<b>"} {
		if !strings.Contains(all, want) {
			t.Errorf("no memoized body has %s:\n%s", want, all)
		}
	}
	if other := th.Specialize(context.Background(), "k2", func(kind string) any { return &memoPage{Site: st, Kind: kind} }); other.memos != nil {
		t.Error("bodies were memoized in a kind not named")
	}
}

// TestMemoErrorsAtTheirLine checks that a failing memoized body fails the
// page with the error the unspecialized theme gives.
func TestMemoErrorsAtTheirLine(t *testing.T) {
	fsys := with(baseTheme(), map[string]string{
		"themes/t/layouts/term.html": "{{ define \"main\" }}\n{{ range .Items }}<li>{{ .Name }}\n{{ .Missing }}</li>{{ end }}{{ end }}",
	})
	th, err := Load(fsys, "t", template.FuncMap{})
	if err != nil {
		t.Fatal(err)
	}
	st := &specSite{}
	spec := th.Specialize(context.Background(), "k", func(kind string) any { return &memoPage{Site: st, Kind: kind} }, "term")
	if len(spec.memos) == 0 {
		t.Fatal("the body was not memoized")
	}
	pg := &memoPage{Site: st, Kind: "term", Items: []*memoItem{{Name: "a"}}}
	_, err = spec.ExecuteBytes(context.Background(), "term", "t/index.html", pg)
	if err == nil || !strings.HasPrefix(err.Error(), "themes/t/layouts/term.html:3:") || !strings.Contains(err.Error(), "Missing") {
		t.Errorf("error %v, want one at themes/t/layouts/term.html:3 naming Missing", err)
	}
}
