package scaffold_test

import (
	"context"
	"os"
	"path/filepath"
	"testing"

	"github.com/rensai-ssg/rensai/generator"
	"github.com/rensai-ssg/rensai/generator/check"
	"github.com/rensai-ssg/rensai/generator/scaffold"
)

// TestInitSiteBuildsAndChecksClean builds a new site (with the built-in
// default theme, as it has no themes/ of its own) and checks the output, at
// its rensai.toml base URL and at a custom domain's root.
func TestInitSiteBuildsAndChecksClean(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "dakoku-blog")
	if _, err := scaffold.Init(dir, scaffold.Options{Version: "v1.0.0"}); err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		name, baseURL, checkBase string
	}{
		{"rensai.toml base URL", "", "https://example.github.io/dakoku-blog/"},
		{"custom domain", "https://blog.example.jp/", "https://blog.example.jp/"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			out := filepath.Join(t.TempDir(), "public")
			rep, err := generator.Build(context.Background(), generator.Options{Source: dir, Destination: out, BaseURL: tt.baseURL})
			if err != nil {
				t.Fatal(err)
			}
			if rep.Articles != 2 || rep.Series != 1 {
				t.Errorf("built %d articles in %d series, want 2 in 1", rep.Articles, rep.Series)
			}
			cr, err := check.Check(context.Background(), os.DirFS(out), check.Options{BaseURL: tt.checkBase})
			if err != nil {
				t.Fatal(err)
			}
			for _, p := range cr.Problems {
				t.Error(p)
			}
			if cr.Pages < 4 {
				t.Errorf("only %d pages checked", cr.Pages)
			}
		})
	}
}
