package importer

import (
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/rensai-ssg/rensai/generator"
	"github.com/rensai-ssg/rensai/generator/check"
)

// realWXR is the folder of public WordPress export files the project's
// workspace provides for trying the importer; a clone has no such folder,
// and the test skips.
const realWXR = "../../../shared/realdata/wxr"

// TestRealWXRFiles imports WordPress's own test exports: malformed ones are
// reported with a line, nothing panics, and the theme test data imports
// into a site that builds and passes rensai check.
func TestRealWXRFiles(t *testing.T) {
	dir, err := filepath.Abs(realWXR)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := os.Stat(dir); err != nil {
		t.Skipf("no %s: the real export files are not part of a clone", dir)
	}
	files, _ := filepath.Glob(filepath.Join(dir, "*", "*.xml"))
	top, _ := filepath.Glob(filepath.Join(dir, "*.xml"))
	files = append(files, top...)
	site := t.TempDir()
	for _, f := range files {
		name := filepath.Base(f)
		res, err := Import(t.Context(), "wxr", []Input{{FS: os.DirFS(filepath.Dir(f)), Path: name, Display: name}}, Options{Location: tokyo, Dest: "content/" + strings.TrimSuffix(name, ".xml")})
		if err != nil {
			t.Fatalf("%s: %v", name, err)
		}
		for _, w := range res.Warnings {
			if w.Kind == "malformed" && w.Line == 0 && !strings.Contains(w.Msg, "namespace") {
				t.Errorf("%s: a malformed-file warning without a line: %s", name, w.Error)
			}
		}
		if strings.HasPrefix(name, "wp-theme-test-data") {
			if len(res.Batch.Posts) == 0 {
				t.Errorf("%s: no posts", name)
			}
			if _, err := Apply(res.Plan, site, false, false); err != nil {
				t.Fatalf("%s: %v", name, err)
			}
		}
	}
	if testing.Short() {
		return
	}
	cfg := "baseURL = \"https://example.jp/\"\n[search]\nenable = false\n"
	if err := os.WriteFile(filepath.Join(site, "rensai.toml"), []byte(cfg), 0o644); err != nil {
		t.Fatal(err)
	}
	ctx := context.Background()
	if _, err := generator.Build(ctx, generator.Options{Source: site}); err != nil {
		t.Fatalf("build: %v", err)
	}
	rep, err := check.Check(ctx, os.DirFS(filepath.Join(site, "public")), check.Options{BaseURL: "https://example.jp/"})
	if err != nil {
		t.Fatal(err)
	}
	for _, p := range rep.Problems {
		t.Errorf("check: %s", p)
	}
}
