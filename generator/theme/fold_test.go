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
			`{{ if .Title }}<p>{{ T "home_title" }}{{ .Title }}</p>{{ end }}{{ with .Title }}{{ T "odd" | printf "%s" }}{{ end }}` +
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
	for _, data := range []foldPage{{Title: "一話<>", List: []string{"甲", "乙&"}}, {}} {
		got := render(t, th, "article", data)
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
// escaped template became text, and that the others stayed actions.
func TestFoldRemovesConstantActions(t *testing.T) {
	th, err := Load(foldTheme(), "t", foldFuncs())
	if err != nil {
		t.Fatal(err)
	}
	render(t, th, "article", foldPage{Title: "一話"}) // escaped, whether or not Load did it
	var constant, dynamic []string
	for _, tmpl := range th.kinds["article"].Templates() {
		if tmpl.Tree == nil {
			continue
		}
		eachAction(tmpl.Tree.Root, func(n *parse.ActionNode) {
			if constantAction(n) {
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
	for _, want := range []string{".Title", `printf "%s"`, "$x := T"} {
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
	_, err = th.ExecuteBytes(context.Background(), "article", "a/index.html", page{})
	if err == nil || !strings.Contains(err.Error(), "ends in a non-text context") {
		t.Fatalf("error %v, want html/template's refusal", err)
	}
}
