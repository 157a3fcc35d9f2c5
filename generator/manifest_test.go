package generator

import (
	"context"
	"os"
	"path/filepath"
	"reflect"
	"testing"
	"time"
)

// manifestSite is a serial of three parts and a draft, with nothing dated
// in the future, so that a build writes the check manifest.
func manifestSite(t *testing.T) string {
	t.Helper()
	return newSite(t, "", map[string]string{
		"posts/kagi-01.md": part("鍵の件", 1, "発端", "2026-03-01", ""),
		"posts/kagi-02.md": part("鍵の件", 2, "確認", "2026-03-02", ""),
		"posts/kagi-03.md": part("鍵の件", 3, "解決", "2026-03-03", "final: true\n"),
		"posts/memo.md":    "---\ntitle: 下書きのメモ\ndate: 2026-03-04\ndraft: true\n---\n\nメモ。\n",
	})
}

func TestManifestCheckOptions(t *testing.T) {
	later := time.Date(2030, 1, 2, 3, 4, 5, 0, time.UTC)
	tests := []struct {
		name    string
		edit    func(t *testing.T, dir string) // after the build
		baseURL string                         // the check's --baseURL
		out     string                         // output checked, under dir; default public
		want    bool
	}{
		{name: "fresh build", want: true},
		{name: "source edited", edit: func(t *testing.T, dir string) {
			writeFile(t, filepath.Join(dir, "content/posts/kagi-02.md"), part("鍵の件", 2, "確認し直し", "2026-03-02", ""))
		}},
		{name: "source touched", edit: func(t *testing.T, dir string) {
			if err := os.Chtimes(filepath.Join(dir, "content/posts/kagi-01.md"), later, later); err != nil {
				t.Fatal(err)
			}
		}},
		{name: "source added", edit: func(t *testing.T, dir string) {
			writeFile(t, filepath.Join(dir, "content/posts/kagi-04.md"), part("鍵の件", 4, "後日", "2026-03-05", ""))
		}},
		{name: "source removed", edit: func(t *testing.T, dir string) {
			if err := os.Remove(filepath.Join(dir, "content/posts/memo.md")); err != nil {
				t.Fatal(err)
			}
		}},
		{name: "config edited", edit: func(t *testing.T, dir string) {
			writeFile(t, filepath.Join(dir, "rensai.toml"), "title = \"別の題\"\nbaseURL = \"https://example.jp/\"\n[search]\nenable = false\n")
		}},
		{name: "output replaced", edit: func(t *testing.T, dir string) {
			if err := os.Chtimes(filepath.Join(dir, "public/.rensai-build"), later, later); err != nil {
				t.Fatal(err)
			}
		}},
		{name: "manifest missing", edit: func(t *testing.T, dir string) {
			if err := os.Remove(filepath.Join(dir, ".rensai-cache", ManifestName)); err != nil {
				t.Fatal(err)
			}
		}},
		{name: "manifest corrupt", edit: func(t *testing.T, dir string) {
			writeFile(t, filepath.Join(dir, ".rensai-cache", ManifestName), `{"v":1,"output":`)
		}},
		{name: "manifest of another version", edit: func(t *testing.T, dir string) {
			writeFile(t, filepath.Join(dir, ".rensai-cache", ManifestName), `{"v":0}`)
		}},
		{name: "other base URL", baseURL: "https://example.jp/blog/"},
		{name: "other output folder", out: "elsewhere", edit: func(t *testing.T, dir string) {
			if err := os.Rename(filepath.Join(dir, "public"), filepath.Join(dir, "elsewhere")); err != nil {
				t.Fatal(err)
			}
		}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			dir := manifestSite(t)
			if _, err := Build(context.Background(), Options{Source: dir}); err != nil {
				t.Fatal(err)
			}
			if tt.edit != nil {
				tt.edit(t, dir)
			}
			out := tt.out
			if out == "" {
				out = "public"
			}
			got, ok := ManifestCheckOptions(dir, filepath.Join(dir, out), tt.baseURL)
			if ok != tt.want {
				t.Fatalf("ManifestCheckOptions ok = %v, want %v", ok, tt.want)
			}
			if !ok {
				return
			}
			m, err := LoadModel(context.Background(), Options{Source: dir})
			if err != nil {
				t.Fatal(err)
			}
			if want := CheckOptions(m, ""); !reflect.DeepEqual(got, want) {
				t.Errorf("manifest options = %+v\nwant the model's %+v", got, want)
			}
			if len(got.Series) != 1 || len(got.Series[0].Parts) != 3 || len(got.Drafts) != 1 {
				t.Errorf("manifest options = %+v; want one series of three parts and one draft", got)
			}
		})
	}
}

// A build whose model is not the one rensai check would load leaves no
// manifest, and removes the one an earlier build left.
func TestManifestNotWritten(t *testing.T) {
	tests := []struct {
		name  string
		opts  Options
		files map[string]string
	}{
		{name: "drafts built", opts: Options{Drafts: true}},
		{name: "future built", opts: Options{Future: true}},
		{name: "fixed now", opts: Options{Now: fixedNow}},
		{name: "future-dated part", files: map[string]string{"posts/kagi-04.md": part("鍵の件", 4, "予告", "2999-01-01", "")}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			dir := manifestSite(t)
			if _, err := Build(context.Background(), Options{Source: dir}); err != nil {
				t.Fatal(err)
			}
			file := filepath.Join(dir, ".rensai-cache", ManifestName)
			if _, err := os.Stat(file); err != nil {
				t.Fatalf("the first build wrote no manifest: %v", err)
			}
			for name, body := range tt.files {
				writeFile(t, filepath.Join(dir, "content", name), body)
			}
			opts := tt.opts
			opts.Source = dir
			if _, err := Build(context.Background(), opts); err != nil {
				t.Fatal(err)
			}
			if _, err := os.Stat(file); !os.IsNotExist(err) {
				t.Errorf("manifest after the build: %v; want none", err)
			}
			if _, ok := ManifestCheckOptions(dir, filepath.Join(dir, "public"), ""); ok {
				t.Error("ManifestCheckOptions ok after the build; want the model loaded")
			}
		})
	}
}
