package markdown

import (
	"bytes"
	"regexp"
	"strings"
	"testing"
)

func TestSyntaxCSS(t *testing.T) {
	css := string(SyntaxCSS())
	const media = "@media (prefers-color-scheme: dark) {\n"
	light, dark, ok := strings.Cut(css, media)
	if !ok {
		t.Fatalf("no dark media query in\n%s", css)
	}
	if !strings.HasSuffix(dark, "}\n") {
		t.Errorf("dark block not closed: %q", dark[max(0, len(dark)-40):])
	}
	if strings.Count(css, "{") != strings.Count(css, "}") {
		t.Error("unbalanced braces")
	}
	if strings.Contains(css, "style=") {
		t.Error("CSS contains inline style markup")
	}

	// Every token class that highlighted code uses and the light style
	// colours must be styled in both halves.
	html := (render(t, Options{}, "```go\n// note\npackage main\n\nfunc main() { println(\"あ\", 1) }\n```\n").HTML)
	classes := regexp.MustCompile(`class="([a-z0-9]+)"`).FindAllStringSubmatch(html, -1)
	if len(classes) == 0 {
		t.Fatalf("no classes in %s", html)
	}
	for _, m := range classes {
		sel := ".chroma ." + m[1] + " {"
		if !strings.Contains(light, sel) {
			continue // a class the light style leaves plain
		}
		if !strings.Contains(dark, sel) {
			t.Errorf("%q styled in light mode but not in dark mode", sel)
		}
	}
	for _, sel := range []string{".chroma .kd {", ".chroma .s {", ".chroma .c1 {", ".chroma {"} {
		if !strings.Contains(light, sel) || !strings.Contains(dark, sel) {
			t.Errorf("%q missing in light or dark half", sel)
		}
	}
}

func TestSyntaxCSSDeterministic(t *testing.T) {
	first := SyntaxCSS()
	for range 20 {
		if !bytes.Equal(SyntaxCSS(), first) {
			t.Fatal("SyntaxCSS differs between calls")
		}
	}
}
