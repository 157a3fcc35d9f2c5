package theme

import (
	"bytes"
	"context"
	"fmt"
	"html/template"
	"strings"
	"testing"
	"testing/fstest"
	"text/template/parse"
	"time"
)

// foldTheme has constant actions in every context html/template escapes
// differently, with strings that each context escapes in its own way, next
// to actions that read the page.
func foldTheme() fstest.MapFS {
	return with(baseTheme(), map[string]string{
		"themes/t/layouts/baseof.html": `<!DOCTYPE html><html data-x={{ T "odd" }}><head>{{ template "partials/head.html" . }}` +
			`<style>p::after{content:"{{ T "odd" }}"}</style>` +
			`<script>var s = "{{ T "odd" }}", u = {{ relURL "a b/" }};</script></head>` +
			`<body title="{{ T "odd" }}">{{ block "main" . }}{{ end }}{{ template "partials/footer.html" . }}</body></html>`,
		"themes/t/layouts/partials/head.html": `<title>{{ .Title }} {{ T "odd" }}</title><link href="{{ relURL "x?q=<&>" }}" rel="x">`,
		"themes/t/layouts/article.html": `{{ define "main" }}<a href="{{ relURL "" }}?q={{ T "odd" }}">{{ T "count" "七" }}</a>` +
			`{{ range .List }}<li>{{ . }} {{ T "odd" }}</li>{{ else }}{{ T "footer" }}{{ end }}` +
			`{{ if .Title }}<p>{{ T "home_title" }}{{ .Title }}</p>{{ end }}{{ with .Title }}{{ printf "%s!" . }}{{ T "odd" | printf "%s" }}{{ end }}` +
			`<p {{ T "attr" }}>{{ $x := T "odd" }}{{ $x }}</p>{{ end }}`,
		"themes/t/strings.toml": "home_title = \"最新の記事\"\nfooter = \"テーマの足元\"\ncount = \"全%s話\"\n" +
			"odd = \"<b>&\\\"'+ ／\\\\</script>\"\nattr = \"data-y=1\"\n",
	})
}

type foldPage struct {
	Title string
	List  []string
}

// foldFuncs are the functions Load gets in the fold tests.
func foldFuncs() template.FuncMap {
	return template.FuncMap{"relURL": func(p string) string { return "/base/" + p }}
}

// unfolded renders kind of fsys the way html/template does without
// folding: the same files, parsed and executed as they are.
func unfolded(t *testing.T, fsys fstest.MapFS, kind string, data any) string {
	t.Helper()
	strs := map[string]string{"home_title": "最新の記事", "footer": "テーマの足元", "count": "全%s話",
		"odd": `<b>&"'+ ／\</script>`, "attr": "data-y=1"}
	funcs := foldFuncs()
	funcs["T"] = func(key string, args ...any) (string, error) {
		s, ok := strs[key]
		if !ok {
			return "", fmt.Errorf("no string %q", key)
		}
		if len(args) > 0 {
			s = fmt.Sprintf(s, args...)
		}
		return s, nil
	}
	set := template.Must(template.New("baseof.html").Funcs(funcs).Parse(string(fsys["themes/t/layouts/baseof.html"].Data)))
	for name, f := range fsys {
		if n, ok := strings.CutPrefix(name, "themes/t/layouts/partials/"); ok {
			template.Must(set.New("partials/" + n).Parse(string(f.Data)))
		}
	}
	template.Must(set.New(kind + ".html").Parse(string(fsys["themes/t/layouts/"+kind+".html"].Data)))
	var b bytes.Buffer
	if err := set.ExecuteTemplate(&b, "baseof.html", data); err != nil {
		t.Fatal(err)
	}
	return b.String()
}

func TestFoldKeepsEveryByte(t *testing.T) {
	fsys := foldTheme()
	th, err := Load(fsys, "t", foldFuncs())
	if err != nil {
		t.Fatal(err)
	}
	spec := th.Specialize(context.Background(), "k", func(string) any { return foldPage{} })
	for _, data := range []foldPage{{Title: "一話<>", List: []string{"甲", "乙&"}}, {}} {
		got := render(t, spec, "article", data)
		want := unfolded(t, fsys, "article", data)
		if got != want {
			t.Errorf("folded page differs for %+v:\ngot  %s\nwant %s", data, got, want)
		}
		if strings.Contains(got, "<b>") {
			t.Errorf("a folded string was not escaped: %s", got)
		}
	}
}

// TestFoldRemovesConstantActions checks that the constant actions of every
// escaped template of a specialized theme became text, and that the others
// stayed actions.
func TestFoldRemovesConstantActions(t *testing.T) {
	th, err := Load(foldTheme(), "t", foldFuncs())
	if err != nil {
		t.Fatal(err)
	}
	spec := th.Specialize(context.Background(), "k", func(string) any { return foldPage{} })
	render(t, spec, "article", foldPage{Title: "一話"}) // escaped, whether or not Specialize did it
	var constant, dynamic []string
	for _, tmpl := range spec.kinds["article"].Templates() {
		if tmpl.Tree == nil {
			continue
		}
		eachAction(tmpl.Tree.Root, func(n *parse.ActionNode) {
			if (&folder{}).constant(n, dotUnknown) && escaped(n) {
				constant = append(constant, tmpl.Name()+": "+n.String())
			} else {
				dynamic = append(dynamic, n.String())
			}
		})
	}
	if len(constant) > 0 {
		t.Errorf("constant actions left after Load: %q", constant)
	}
	all := strings.Join(dynamic, " ")
	for _, want := range []string{".Title", `printf "%s!" .`, "$x := T"} {
		if !strings.Contains(all, want) {
			t.Errorf("the action with %s was folded; actions left: %s", want, all)
		}
	}
}

func eachAction(list *parse.ListNode, fn func(*parse.ActionNode)) {
	if list == nil {
		return
	}
	for _, n := range list.Nodes {
		switch n := n.(type) {
		case *parse.ActionNode:
			fn(n)
		case *parse.IfNode:
			eachAction(n.List, fn)
			eachAction(n.ElseList, fn)
		case *parse.RangeNode:
			eachAction(n.List, fn)
			eachAction(n.ElseList, fn)
		case *parse.WithNode:
			eachAction(n.List, fn)
			eachAction(n.ElseList, fn)
		}
	}
}

// TestFoldLeavesUnsafeLayouts checks that a layout html/template refuses
// still fails when a page is rendered, with the escaping error.
func TestFoldLeavesUnsafeLayouts(t *testing.T) {
	fsys := with(baseTheme(), map[string]string{
		"themes/t/layouts/article.html": `{{ define "main" }}<script>var s = "{{ T "footer" }}{{ end }}`,
	})
	th, err := Load(fsys, "t", nil)
	if err != nil {
		t.Fatal(err)
	}
	spec := th.Specialize(context.Background(), "k", func(string) any { return page{} })
	_, err = spec.ExecuteBytes(context.Background(), "article", "a/index.html", page{})
	if err == nil || !strings.Contains(err.Error(), "ends in a non-text context") {
		t.Fatalf("error %v, want html/template's refusal", err)
	}
}

// specSite is the constant part of the pages in the Specialize tests.
type specSite struct {
	Title  string
	Search bool
	Tags   []string
}

type specPage struct {
	Site  *specSite
	Kind  string
	Title string
}

func specTheme() fstest.MapFS {
	return with(baseTheme(), map[string]string{
		"themes/t/layouts/baseof.html": `<html class="{{ .Kind }}"><head>{{ template "partials/head.html" . }}</head>` +
			`<body>{{ if .Site.Search }}<form title="{{ T "odd" }} {{ .Site.Title }}">{{ .Title }}</form>{{ else }}<p>{{ .Title }}</p>{{ end }}` +
			`{{ range .Site.Tags }}<a href="{{ relURL . }}">{{ . }}</a>{{ end }}{{ block "main" . }}{{ end }}` +
			`{{ with .Title }}{{ . }} {{ $.Site.Title }}{{ end }}</body></html>`,
		"themes/t/layouts/partials/head.html": `<title>{{ .Title }} | {{ .Site.Title }}</title>`,
		"themes/t/layouts/article.html":       `{{ define "main" }}<h1 data-k="{{ .Kind }}">{{ .Site.Title }}</h1>{{ template "partials/card.html" .Site }}{{ end }}`,
		"themes/t/layouts/partials/card.html": `<p>{{ .Title }}</p>`,
		"themes/t/strings.toml":               "odd = \"<b>&\\\"'+\"\nfooter = \"f\"\nhome_title = \"h\"\ncount = \"%d\"\n",
	})
}

// TestSpecializeKeepsEveryByte renders pages of two sites with a theme
// specialized for each and compares them with the unspecialized theme's.
func TestSpecializeKeepsEveryByte(t *testing.T) {
	th, err := Load(specTheme(), "t", foldFuncs())
	if err != nil {
		t.Fatal(err)
	}
	sites := []*specSite{
		{Title: "連載<&>", Search: true, Tags: []string{"a b", "<x>"}},
		{Title: "別の\"サイト\""},
	}
	for i, st := range sites {
		proto := func(kind string) any { return &specPage{Site: st, Kind: kind} }
		spec := th.Specialize(context.Background(), fmt.Sprint(i), proto)
		if spec == th {
			t.Fatal("Specialize returned the theme itself")
		}
		if again := th.Specialize(context.Background(), fmt.Sprint(i), proto); again != spec {
			t.Error("the same key specialized the theme again")
		}
		for _, title := range []string{"一話<>", ""} {
			pg := &specPage{Site: st, Kind: "article", Title: title}
			want := render(t, th, "article", pg)
			if got := render(t, spec, "article", pg); got != want {
				t.Errorf("site %d, title %q: specialized page differs:\ngot  %s\nwant %s", i, title, got, want)
			}
		}
	}
}

// TestSpecializeFoldsTheSite checks that what reads only the site and the
// kind became text, and that what reads the page stayed.
func TestSpecializeFoldsTheSite(t *testing.T) {
	th, err := Load(specTheme(), "t", foldFuncs())
	if err != nil {
		t.Fatal(err)
	}
	st := &specSite{Title: "連載", Search: true, Tags: []string{"a"}}
	spec := th.Specialize(context.Background(), "k", func(kind string) any { return &specPage{Site: st, Kind: kind} })
	var left []string
	for _, tmpl := range spec.kinds["article"].Templates() {
		if tmpl.Tree != nil {
			eachNode(tmpl.Tree.Root, func(n parse.Node) {
				switch n.(type) {
				case *parse.ActionNode, *parse.IfNode, *parse.RangeNode, *parse.WithNode:
					left = append(left, n.String())
				}
			})
		}
	}
	all := strings.Join(left, "\n")
	for _, gone := range []string{"{{.Site.Title |", "{{.Kind", "{{if .Site.Search}}", "{{range .Site.Tags}}"} {
		if strings.Contains(all, gone) {
			t.Errorf("%s is still executed on every page:\n%s", gone, all)
		}
	}
	for _, kept := range []string{"{{.Title | _html_template_rcdataescaper}}", "{{with .Title}}", "$.Site.Title"} {
		if !strings.Contains(all, kept) {
			t.Errorf("%s was folded, but it reads the page or a variable:\n%s", kept, all)
		}
	}
}

// TestFoldLeavesEndlessRanges checks that a range of literals too long for
// the time limit is not folded but still fails the page at its line.
func TestFoldLeavesEndlessRanges(t *testing.T) {
	fsys := with(baseTheme(), map[string]string{
		"themes/t/layouts/article.html": "{{ define \"main\" }}\n{{ range 1000000000000 }}{{ end }}{{ end }}",
	})
	th, err := Load(fsys, "t", nil)
	if err != nil {
		t.Fatal(err)
	}
	th.SetLimit(20 * time.Millisecond)
	spec := th.Specialize(context.Background(), "k", func(string) any { return page{} })
	_, err = spec.ExecuteBytes(context.Background(), "article", "a/index.html", page{})
	if err == nil || !strings.HasPrefix(err.Error(), "themes/t/layouts/article.html:2:") {
		t.Fatalf("error %v, want the time limit at themes/t/layouts/article.html:2", err)
	}
}

// startCounter counts how many times a template began a page.
type startCounter struct {
	page
	n *int
}

func (c startCounter) Start() string { *c.n++; return "" }

// TestTimeLimitRendersOnce checks that a specialized page stopped at its
// time limit is not executed again with the base theme to find the line
// (that would cost a second time limit), and still names the line.
func TestTimeLimitRendersOnce(t *testing.T) {
	fsys := with(baseTheme(), map[string]string{
		"themes/t/layouts/article.html": "{{ define \"main\" }}{{ .Start }}\n{{ range 1000000000000 }}{{ end }}{{ end }}",
	})
	th, err := Load(fsys, "t", nil)
	if err != nil {
		t.Fatal(err)
	}
	th.SetLimit(20 * time.Millisecond)
	n := 0
	data := startCounter{n: &n}
	spec := th.Specialize(context.Background(), "k", func(string) any { return data })
	if spec == th {
		t.Fatal("the theme was not specialized")
	}
	_, err = spec.ExecuteBytes(context.Background(), "article", "a/index.html", data)
	if err == nil || !strings.HasPrefix(err.Error(), "themes/t/layouts/article.html:2:") {
		t.Fatalf("error %v, want the time limit at themes/t/layouts/article.html:2", err)
	}
	if n != 1 {
		t.Errorf("the page began %d times, want once", n)
	}
}
