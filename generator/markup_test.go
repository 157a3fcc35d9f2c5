package generator

import (
	"bytes"
	"context"
	"image"
	"image/png"
	"path/filepath"
	"strings"
	"testing"
)

// pngOf is a blank PNG image of w×h pixels.
func pngOf(t *testing.T, w, h int) string {
	t.Helper()
	var buf bytes.Buffer
	if err := png.Encode(&buf, image.NewGray(image.Rect(0, 0, w, h))); err != nil {
		t.Fatal(err)
	}
	return buf.String()
}

// TestChangedImageIsMeasuredAgain: the size of an image an article shows
// is part of its rendering's key (markdown Result.Reads), so a rebuild
// after the image is replaced writes the new width and height, as a full
// build does, whether the image is in static/ or beside the article.
func TestChangedImageIsMeasuredAgain(t *testing.T) {
	tests := []struct {
		name, file, link string
	}{
		{"static image", "static/images/box.png", "/images/box.png"},
		{"image in content", "content/posts/box.png", "/posts/box.png"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			dir := newSite(t, "", map[string]string{
				"posts/hako.md": "---\ntitle: 箱の件\ndate: 2026-02-01\n---\n\n![箱](" + tt.link + ")\n",
			})
			img := filepath.Join(dir, filepath.FromSlash(tt.file))
			writeFile(t, img, pngOf(t, 12, 8))
			ctx := context.Background()
			inc, err := NewBuilder(Options{Source: dir, Now: fixedNow})
			if err != nil {
				t.Fatal(err)
			}
			res, err := inc.Build(ctx, nil)
			if err != nil {
				t.Fatal(err)
			}
			mustContain(t, res.Files, "posts/hako/index.html", `width="12" height="8"`)
			before := withUnchanged(t, nil, res)
			writeFile(t, img, pngOf(t, 30, 20))
			res, err = inc.Build(ctx, []string{tt.file})
			if err != nil {
				t.Fatalf("incremental build: %v", err)
			}
			mustContain(t, res.Files, "posts/hako/index.html", `width="30" height="20"`)
			sameFiles(t, "full and incremental", buildMem(t, Options{Source: dir}), withUnchanged(t, before, res))
		})
	}
}

// TestMarkdownWarningsReachTheReport: what the Markdown renderer warns
// about (here a control character) is a warning of the build naming the
// file and line, also when a rebuild reuses the rendering.
func TestMarkdownWarningsReachTheReport(t *testing.T) {
	dir := newSite(t, "", map[string]string{
		"posts/bell.md": "---\ntitle: ベルの件\ndate: 2026-02-01\n---\n\n一行目。\n\n鳴った\a音。\n",
	})
	inc, err := NewBuilder(Options{Source: dir, Now: fixedNow})
	if err != nil {
		t.Fatal(err)
	}
	for _, changed := range [][]string{nil, {"layouts/partials/footer.html"}} {
		res, err := inc.Build(context.Background(), changed)
		if err != nil {
			t.Fatal(err)
		}
		found := false
		for _, w := range res.Report.Warnings {
			if strings.Contains(w.Error(), "content/posts/bell.md:8") && strings.Contains(w.Error(), "U+0007") {
				found = true
			}
		}
		if !found {
			t.Errorf("build of %v: warnings %q; want the control character at content/posts/bell.md:8", changed, res.Report.Warnings)
		}
	}
}

// TestFilesBesideArticles: the files of an article's folder (beside x.md,
// or of an index.md bundle) are copied below its page; Markdown, hidden
// files, other articles' folders and drafts' files are not.
func TestFilesBesideArticles(t *testing.T) {
	dir := newSite(t, "", map[string]string{
		"posts/hako.md":           "---\ntitle: 箱の件\ndate: 2026-02-01\n---\n\n![箱](/posts/hako/box.png)\n",
		"posts/hako/memo.md":      "---\ntitle: 箱のメモ\ndate: 2026-02-02\n---\n\nメモ。\n",
		"posts/tsutsumi/index.md": "---\ntitle: 包みの件\ndate: 2026-02-03\n---\n\n本文。\n",
		"posts/himitsu.md":        "---\ntitle: 秘密の件\ndate: 2026-02-04\ndraft: true\n---\n\n本文。\n",
	})
	png := pngOf(t, 12, 8)
	for _, f := range []string{"posts/hako/box.png", "posts/hako/.DS_Store", "posts/hako/memo/zu.png", "posts/tsutsumi/img/a.png", "posts/himitsu/b.png"} {
		writeFile(t, filepath.Join(dir, "content", filepath.FromSlash(f)), png)
	}
	files := buildMem(t, Options{Source: dir})
	tests := []struct {
		out  string
		want bool
	}{
		{"posts/hako/box.png", true},
		{"posts/tsutsumi/img/a.png", true},
		{"posts/memo/zu.png", true},       // memo.md's own folder, below memo's page
		{"posts/hako/memo/zu.png", false}, // not also in hako's
		{"posts/hako/.DS_Store", false},
		{"posts/hako/memo.md", false},
		{"posts/himitsu/b.png", false},
	}
	for _, tt := range tests {
		if _, ok := files[tt.out]; ok != tt.want {
			t.Errorf("%s written: %v, want %v", tt.out, ok, tt.want)
		}
	}
	if got := files["posts/hako/box.png"]; string(got) != png {
		t.Errorf("posts/hako/box.png: %d bytes, want the %d of the source", len(got), len(png))
	}
	mustContain(t, files, "posts/hako/index.html", `width="12" height="8"`)

	// A file where the article's page goes is refused, naming both.
	writeFile(t, filepath.Join(dir, "content", "posts", "hako", "index.html"), "<p>手書き</p>\n")
	b, err := NewBuilder(Options{Source: dir, Now: fixedNow})
	if err != nil {
		t.Fatal(err)
	}
	_, err = b.Build(context.Background(), nil)
	if err == nil || !strings.Contains(err.Error(), "content/posts/hako/index.html") || !strings.Contains(err.Error(), "content/posts/hako.md") {
		t.Errorf("build with content/posts/hako/index.html: error %v; want one naming it and content/posts/hako.md", err)
	}
}
