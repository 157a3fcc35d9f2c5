package generator

import (
	"bytes"
	"context"
	"fmt"
	"html/template"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"github.com/rensai-ssg/rensai/generator/check"
)

func TestHref(t *testing.T) {
	for _, tt := range []struct {
		name string
		a, b string
		want string
	}{
		{"japanese path kept as it is", "/repo/tags/給与/", "", `<a href="/repo/tags/給与/">x</a>`},
		{"fragment joined from parts", "#", "対応経緯", `<a href="#対応経緯">x</a>`},
		{"quote, angle brackets and space encoded", `/a b"<c>'/`, "", `<a href="/a%20b%22%3Cc%3E%27/">x</a>`},
		{"ampersand as an entity", "/a?b=1&c=2", "", `<a href="/a?b=1&amp;c=2">x</a>`},
		{"another host refused", "//evil.example/", "", `<a href="#ZgotmplZ">x</a>`},
		{"a scheme refused", "javascript:alert(1)", "", `<a href="#ZgotmplZ">x</a>`},
		{"empty refused", "", "", `<a href="#ZgotmplZ">x</a>`},
	} {
		t.Run(tt.name, func(t *testing.T) {
			tmpl := template.Must(template.New("").Funcs(template.FuncMap{"href": href}).Parse(`<a {{ href .a .b }}>x</a>`))
			var buf bytes.Buffer
			if err := tmpl.Execute(&buf, map[string]string{"a": tt.a, "b": tt.b}); err != nil {
				t.Fatal(err)
			}
			if buf.String() != tt.want {
				t.Errorf("got %s; want %s", buf.String(), tt.want)
			}
		})
	}
}

// TestJapaneseURLsWrittenAsTheyAre builds a site whose articles, series and
// terms have Japanese URLs: every site-relative link of every page keeps
// their characters (a browser reads href="/posts/入館証/" and its
// percent-encoded form as one URL, and the encoded one is three times
// longer on every page that links it), and the site passes rensai check.
func TestJapaneseURLsWrittenAsTheyAre(t *testing.T) {
	part := func(n int) string {
		return fmt.Sprintf("---\ntitle: 第%d回\ndate: 2025-10-0%d\nseries: 入館証の件\nseries_slug: 入館証の件\npart: %d\nslug: 入館証-%d\ntags: [貸与品]\nclients: [ナギサ建設]\n---\n\n本文。\n", n, n, n, n)
	}
	dir := newSite(t, "", map[string]string{
		"posts/a.md": part(1),
		"posts/b.md": part(2),
		"posts/c.md": "---\ntitle: 単発の記事\ndate: 2025-10-05\nslug: 単発\ntags: [貸与品]\n---\n\n本文。\n",
	})
	if _, err := Build(context.Background(), Options{Source: dir, Now: fixedNow}); err != nil {
		t.Fatal(err)
	}
	out := filepath.Join(dir, "public")
	hrefs := regexp.MustCompile(`href="(/[^"]*)"`)
	japanese := 0
	for name, data := range snapshot(t, out) {
		if !strings.HasSuffix(name, ".html") {
			continue
		}
		for _, m := range hrefs.FindAllSubmatch(data, -1) {
			u := string(m[1])
			if strings.Contains(strings.ToLower(u), "%e") {
				t.Errorf("%s: href %q percent-encodes a Japanese URL", name, u)
			}
			if strings.ContainsAny(u, "入単貸ナ") {
				japanese++
			}
		}
	}
	if japanese < 20 {
		t.Errorf("only %d links with Japanese URLs in the output; the site's pages should link each other through them", japanese)
	}
	rep, err := check.Check(context.Background(), os.DirFS(out), check.Options{BaseURL: "https://example.jp/"})
	if err != nil {
		t.Fatal(err)
	}
	if !rep.OK() {
		t.Errorf("rensai check fails the site: %v", rep.Problems)
	}
}
