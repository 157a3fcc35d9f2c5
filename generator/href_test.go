package generator

import (
	"bytes"
	"html/template"
	"testing"
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
