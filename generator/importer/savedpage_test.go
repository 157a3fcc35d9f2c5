package importer

import (
	"bytes"
	"strings"
	"testing"
	"testing/fstest"
)

// TestSavedPageWithItsFiles: a page saved with its files (the browser's
// "save page, complete") shows its images from the folder beside it; they
// are copied into the site, and the old host is not asked for them.
func TestSavedPageWithItsFiles(t *testing.T) {
	page := `<!DOCTYPE html><html><head><meta charset="UTF-8"><title>鍵の件 | 営業日報</title>
<link rel="canonical" href="https://old.example.jp/archives/7"></head><body><article><h1 class="entry-title">鍵の件</h1>
<time datetime="2024-05-01T09:00:00+09:00">2024年5月1日</time><div class="entry-content">
<p>返ってきた鍵です。</p><p><a href="kagi_files/photo%201.jpg"><img src="kagi_files/photo%201.jpg" alt="鍵"></a></p>
<p><img src="kagi_files/missing.png" alt="ない"></p></div></article></body></html>`
	jpeg := []byte("\xff\xd8\xff\xe0 a jpeg")
	fsys := fstest.MapFS{"saved/kagi.html": {Data: []byte(page)}, "saved/kagi_files/photo 1.jpg": {Data: jpeg}}
	res, err := Import(t.Context(), "text", []Input{{FS: fsys, Path: "saved", Display: "saved"}}, testOptions())
	if err != nil {
		t.Fatal(err)
	}
	md := string(planFile(res.Plan, "content/posts/kagi.md"))
	if !strings.Contains(md, "[![鍵](/images/imported/kagi/photo-1.jpg)](/images/imported/kagi/photo-1.jpg)") {
		t.Errorf("the saved image is not linked from the site:\n%s", md)
	}
	if got := planFile(res.Plan, "static/images/imported/kagi/photo-1.jpg"); !bytes.Equal(got, jpeg) {
		t.Errorf("static/images/imported/kagi/photo-1.jpg = %q", got)
	}
	if !strings.Contains(md, "![ない](https://old.example.jp/archives/kagi_files/missing.png)") {
		t.Errorf("an image the folder lacks should point at the old host (and be warned of):\n%s", md)
	}
}
