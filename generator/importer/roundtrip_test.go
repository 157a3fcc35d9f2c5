package importer

import (
	"context"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/rensai-ssg/rensai/generator"
	"github.com/rensai-ssg/rensai/generator/check"
	"github.com/rensai-ssg/rensai/generator/diag"
)

// TestImportBuildCheck imports every fixture folder into a fresh site,
// builds it with the generator and checks the output: the import is a site
// rensai can publish, with no problem other than reported gaps (warnings).
func TestImportBuildCheck(t *testing.T) {
	if testing.Short() {
		t.Skip("builds five sites")
	}
	tests := []struct{ name, kind, dest string }{
		{"text", "text", ""}, {"wxr", "wxr", ""}, {"hatena", "hatena", ""}, {"hugo", "hugo", ""}, {"jekyll", "jekyll", ""},
		{"text into a folder of content", "text", "content/old"},
		{"wxr into a folder of content", "wxr", "content/old/blog"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			opts := testOptions()
			opts.Dest = tt.dest
			res, err := Import(t.Context(), tt.kind, []Input{{FS: os.DirFS("testdata"), Path: tt.kind, Display: tt.kind}}, opts)
			if err != nil {
				t.Fatal(err)
			}
			root := t.TempDir()
			cfg := "baseURL = \"https://example.jp/blog/\"\ntitle = \"t\"\ntimeZone = \"Asia/Tokyo\"\n[search]\nenable = false\n"
			if err := os.WriteFile(filepath.Join(root, "rensai.toml"), []byte(cfg), 0o644); err != nil {
				t.Fatal(err)
			}
			if _, err := Apply(res.Plan, root, false, false); err != nil {
				t.Fatal(err)
			}
			ctx := context.Background()
			rep0, err := generator.Build(ctx, generator.Options{Source: root})
			if err != nil {
				t.Fatalf("build: %v", err)
			}
			// The only build warnings are the gaps the import reported, and
			// each reported gap is one.
			for _, s := range res.Grouping.Series {
				if len(s.Missing) > 0 && !slices.ContainsFunc(rep0.Warnings, func(w *diag.Error) bool { return strings.Contains(w.Msg, s.Title) }) {
					t.Errorf("the import reports parts %v of %q missing, the build does not", s.Missing, s.Title)
				}
			}
			// An image left on its host (the tests keep them) is warned of
			// by the build too, and only such an image.
			kept := map[any]bool{}
			for _, w := range res.Warnings {
				if w.Kind == "remote-image" {
					kept[w.Args[1]] = true
				}
			}
			for _, w := range rep0.Warnings {
				switch {
				case w.Key == "markdown.remoteImage" && kept[w.Args[0]]:
				case w.Key != "series.gap" && w.Key != "series.gaps" && w.Key != "series.lateStart":
					t.Errorf("build warning: %s", w)
				}
			}
			m, err := generator.LoadModel(ctx, generator.Options{Source: root})
			if err != nil {
				t.Fatal(err)
			}
			rep, err := check.Check(ctx, os.DirFS(filepath.Join(root, "public")), generator.CheckOptions(m, "https://example.jp/blog/"))
			if err != nil {
				t.Fatal(err)
			}
			for _, p := range rep.Problems {
				t.Errorf("check: %s", p)
			}
		})
	}
}

// TestNoUnwarnedTemplateSyntax: an imported article shows {{< or {% only
// when a warning names its file.
func TestNoUnwarnedTemplateSyntax(t *testing.T) {
	for _, kind := range []string{"hugo", "jekyll"} {
		res := importDir(t, kind, kind)
		warned := map[string]bool{}
		for _, w := range res.Warnings {
			warned[w.Path] = true
		}
		for _, p := range res.Batch.Posts {
			if (strings.Contains(p.Body, "{{<") || strings.Contains(p.Body, "{{%") || strings.Contains(p.Body, "{%")) && !warned[p.Source] {
				t.Errorf("%s shows template syntax without a warning:\n%s", p.Source, p.Body)
			}
		}
	}
}
