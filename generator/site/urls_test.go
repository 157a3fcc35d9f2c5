package site

import (
	"html/template"
	"strings"
	"testing"
	"time"
)

// TestEscapeURLPartMatchesHTMLTemplate: precomputed fragment links are the
// bytes html/template itself would write for href="#{{ .ID }}".
func TestEscapeURLPartMatchesHTMLTemplate(t *testing.T) {
	tmpl := template.Must(template.New("").Parse(`<a href="#{{ . }}">`))
	for _, id := range []string{"クレーム経緯", "対応のポイント-2", "step_1.a~b", "a b&c?d#e/f%g", "ＰＣの件", "<script>"} {
		var want strings.Builder
		if err := tmpl.Execute(&want, id); err != nil {
			t.Fatal(err)
		}
		if got := `<a href="#` + escapeURLPart(id) + `">`; got != want.String() {
			t.Errorf("%q: got %s, html/template writes %s", id, got, want.String())
		}
	}
}

func TestExpandPermalink(t *testing.T) {
	d := time.Date(2026, 3, 7, 9, 0, 0, 0, time.UTC)
	for _, tt := range []struct{ pattern, want string }{
		{"/:section/:slug/", "/posts/nyukan-06/"},
		{"/:year/:month/:day/:slug/", "/2026/03/07/nyukan-06/"},
		{"/archive/:year/:slug", "/archive/2026/nyukan-06"},
		{"/:unknown/:slug/", "/:unknown/nyukan-06/"},
		{"/fixed/", "/fixed/"},
		{"/:slug:", "/nyukan-06:"},
	} {
		if got := ExpandPermalink(tt.pattern, "posts", "nyukan-06", d); got != tt.want {
			t.Errorf("ExpandPermalink(%q) = %q, want %q", tt.pattern, got, tt.want)
		}
	}
}

func TestExpandDisplay(t *testing.T) {
	for _, tt := range []struct{ tmpl, want string }{
		{"【{label}】{series}", "【続編⑥】入館証の件"},
		{"【{label}】{series}：{title}", "【続編⑥】入館証の件：再発行"},
		{"{series} {label} {{title}}", "入館証の件 続編⑥ {再発行}"},
		{"{unknown}{title}", "{unknown}再発行"},
	} {
		if got := ExpandDisplay(tt.tmpl, "続編⑥", "入館証の件", "再発行"); got != tt.want {
			t.Errorf("ExpandDisplay(%q) = %q, want %q", tt.tmpl, got, tt.want)
		}
	}
}
