package markdown

import (
	"context"
	"errors"
	"fmt"
	"os"
	"strings"
	"testing"

	"github.com/rensai-ssg/rensai/generator/diag"
	"github.com/rensai-ssg/rensai/generator/i18n"
)

// TestDiagramGolden renders testdata/diagram.md and compares the HTML with
// testdata/diagram.golden.html (-update rewrites it): D2's layout and SVG
// are deterministic.
func TestDiagramGolden(t *testing.T) {
	src, err := os.ReadFile("testdata/diagram.md")
	if err != nil {
		t.Fatal(err)
	}
	res, err := New(Options{}).Render("content/posts/a.md", src, 1)
	if err != nil {
		t.Fatalf("Render: %v", err)
	}
	const golden = "testdata/diagram.golden.html"
	if *update {
		if err := os.WriteFile(golden, []byte(res.HTML), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	want, err := os.ReadFile(golden)
	if err != nil {
		t.Fatal(err)
	}
	if res.HTML != string(want) {
		t.Errorf("diagram HTML differs from %s (run with -update if the change is intended)", golden)
	}
	for _, s := range []string{
		`<figure class="diagram"><div class="diagram-svg" role="img" aria-label="苦情の電話を受ける、事実確認、派遣先の落ち度か？、謝罪と再発防止策、就業条件の説明。苦情の電話を受ける → 事実確認、事実確認 → 派遣先の落ち度か？、派遣先の落ち度か？ → 謝罪と再発防止策（はい）、派遣先の落ち度か？ → 就業条件の説明（いいえ）"><svg `,
		`<figcaption>苦情対応の流れ</figcaption></figure>`,
		"prefers-color-scheme:dark",
		`"Noto Sans CJK JP"`,
	} {
		if !strings.Contains(res.HTML, s) {
			t.Errorf("missing %q", s)
		}
	}
	if strings.Contains(res.HTML, "<?xml") || strings.Contains(res.HTML, "<pre") {
		t.Errorf("XML declaration or code block left in the page")
	}
	if strings.Contains(res.Text, "direction") {
		t.Errorf("diagram source in the plain text: %q", res.Text)
	}
}

// TestDiagramCache checks that a second Renderer with the same cache
// folder, like the next build, takes the diagram from the cache without
// calling D2, and that one Renderer lays out a diagram once.
func TestDiagramCache(t *testing.T) {
	dir := t.TempDir()
	src := []byte("```d2\n受付 -> 確認\n```\n\n```d2\n受付 -> 確認\n```\n")
	first := New(Options{CacheDir: dir})
	a, err := first.Render("content/posts/a.md", src, 1)
	if err != nil {
		t.Fatal(err)
	}
	if n := first.diagrams.compiles.Load(); n != 1 {
		t.Errorf("first build called D2 %d times for one diagram written twice, want 1", n)
	}
	second := New(Options{CacheDir: dir})
	b, err := second.Render("content/posts/a.md", src, 1)
	if err != nil {
		t.Fatal(err)
	}
	if n := second.diagrams.compiles.Load(); n != 0 {
		t.Errorf("second build called D2 %d times, want 0 (cached)", n)
	}
	if a.HTML != b.HTML {
		t.Errorf("cached rendering differs from the first")
	}
	changed := New(Options{CacheDir: dir})
	if _, err := changed.Render("content/posts/a.md", []byte("```d2\n受付 -> 報告\n```\n"), 1); err != nil {
		t.Fatal(err)
	}
	if n := changed.diagrams.compiles.Load(); n != 1 {
		t.Errorf("an edited diagram called D2 %d times, want 1", n)
	}
}

func TestDiagramErrors(t *testing.T) {
	tests := []struct {
		name     string
		src      string
		bodyLine int
		wantLine int
		want     string
	}{
		{
			name:     "unterminated string",
			src:      "前置き\n\n```d2\na -> b\nx: \"閉じない\n```\n",
			bodyLine: 5,
			wantLine: 5 + 4, // the body's fifth line
			want:     "diagram line 2: double quoted strings must be terminated",
		},
		{
			name:     "connection without destination",
			src:      "```d2\na -> b\nc ->\n```\n",
			bodyLine: 1,
			wantLine: 3,
			want:     "diagram line 2: connection missing destination",
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := New(Options{}).Render("content/posts/a.md", []byte(tt.src), tt.bodyLine)
			if err == nil {
				t.Fatal("no error")
			}
			list := diag.Collect(err)
			if len(list) != 1 {
				t.Fatalf("got %d problems, want 1: %v", len(list), err)
			}
			e := list[0]
			if e.Path != "content/posts/a.md" || e.Line != tt.wantLine || !strings.Contains(e.Msg, tt.want) {
				t.Errorf("got %v, want line %d and %q", e, tt.wantLine, tt.want)
			}
		})
	}
}

// TestDiagramErrorsInTheAuthorsLanguage: a panic or a time-out of D2 is
// worded by the catalog at the fence's line, in either language.
func TestDiagramErrorsInTheAuthorsLanguage(t *testing.T) {
	tests := []struct {
		name, key, ja string
		err           error
	}{
		{"panic", "markdown.diagramPanic", "D2 がこの図で失敗しました（index out of range）", diagramPanic{"index out of range"}},
		{"time-out", "markdown.diagramTimeout", "D2 が 30s のうちにこの図を配置できませんでした", fmt.Errorf("layout: %w", context.DeadlineExceeded)},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var d *diag.Error
			if !errors.As(diagramError("content/posts/a.md", 7, tt.err), &d) {
				t.Fatal("not a *diag.Error")
			}
			if d.Key != tt.key || d.Line != 7 || !strings.Contains(d.Text(i18n.Japanese), tt.ja) {
				t.Errorf("%s (key %s): Japanese %q, want %s at line 7 with %q", d, d.Key, d.Text(i18n.Japanese), tt.key, tt.ja)
			}
		})
	}
}
