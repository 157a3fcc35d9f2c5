package theme

import (
	"context"
	"errors"
	"strings"
	"testing"
	"text/template"

	"github.com/rensai-ssg/rensai/generator/diag"
	"github.com/rensai-ssg/rensai/generator/i18n"
)

// TestTemplateErrorsInTheAuthorsLanguage: a template error of parsing or
// of writing a page, and a missing string, are worded by the catalog, so
// the author reads what to do in Japanese, with html/template's detail
// kept after it; the place stays the layout's file, line and column.
func TestTemplateErrorsInTheAuthorsLanguage(t *testing.T) {
	tests := []struct {
		name, key, file, exec, detail, ja string
	}{
		{"parse", "theme.parse", "{{ define \"main\" }}\n<p>\n{{ if }}\n{{ end }}", "", "missing value for if", "テンプレートとして正しくありません"},
		{"exec", "theme.exec", "{{ define \"main\" }}\n<p>\n  {{ .NoSuchField }}</p>{{ end }}", "article", "can't evaluate field NoSuchField", "test/index.html を書く途中で"},
		{"missing string", "theme.missingString", "{{ define \"main\" }}{{ T \"typo_key\" }}{{ end }}", "article", `"typo_key"`, "strings.toml に文字列"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			th, err := Load(with(baseTheme(), map[string]string{"layouts/article.html": tt.file}), "t", template.FuncMap{})
			if tt.exec != "" {
				if err != nil {
					t.Fatalf("Load: %v", err)
				}
				_, err = th.ExecuteBytes(context.Background(), tt.exec, "test/index.html", page{Title: "一話"})
			}
			var d *diag.Error
			if !errors.As(err, &d) {
				t.Fatalf("error %v is not a *diag.Error", err)
			}
			if d.Key != tt.key || d.Path != "layouts/article.html" || d.Line == 0 {
				t.Errorf("error %s: key %q at %s, want %q at a line of layouts/article.html", d, d.Key, d.Position(), tt.key)
			}
			ja := d.Text(i18n.Japanese)
			if !strings.Contains(ja, tt.ja) || !strings.Contains(ja, tt.detail) || !strings.Contains(d.Text(i18n.English), tt.detail) {
				t.Errorf("Japanese %q, English %q; want %q and the detail %q", ja, d.Text(i18n.English), tt.ja, tt.detail)
			}
			if strings.Contains(ja, "template: ") {
				t.Errorf("%q keeps html/template's internal prefix", ja)
			}
		})
	}
}
