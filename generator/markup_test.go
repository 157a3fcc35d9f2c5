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
			writeFile(t, img, pngOf(t, 30, 20))
			res, err = inc.Build(ctx, []string{tt.file})
			if err != nil {
				t.Fatalf("incremental build: %v", err)
			}
			mustContain(t, res.Files, "posts/hako/index.html", `width="30" height="20"`)
			sameFiles(t, "full and incremental", buildMem(t, Options{Source: dir}), res.Files)
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
			if strings.Contains(w, "content/posts/bell.md:8") && strings.Contains(w, "U+0007") {
				found = true
			}
		}
		if !found {
			t.Errorf("build of %v: warnings %q; want the control character at content/posts/bell.md:8", changed, res.Report.Warnings)
		}
	}
}
