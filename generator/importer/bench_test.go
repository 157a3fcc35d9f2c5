package importer

import (
	"bytes"
	"fmt"
	"net/http"
	"net/http/httptest"
	"strconv"
	"strings"
	"testing"
	"testing/fstest"
)

// benchWXR writes a WXR file of n posts in series of ten parts, each with
// a navigation block and about 3 KB of HTML.
func benchWXR(n int) []byte {
	var b strings.Builder
	b.WriteString(`<?xml version="1.0" encoding="UTF-8"?><rss version="2.0" xmlns:content="http://purl.org/rss/1.0/modules/content/" xmlns:dc="http://purl.org/dc/elements/1.1/" xmlns:wp="https://wordpress.org/export/1.2/"><channel><title>bench</title>`)
	para := strings.Repeat("派遣先の担当者から連絡があり、状況を確認するために訪問しました。", 4)
	for i := range n {
		series, part := i/10, i%10+1
		fmt.Fprintf(&b, `<item><title>【続編%d】【営業日報】第%d号案件の対応について</title><link>https://old.example.jp/%d/%d/</link>`, part, series, series, part)
		b.WriteString(`<dc:creator>eigyo</dc:creator><content:encoded><![CDATA[<!-- wp:paragraph --><p>`)
		for p := 1; p <= 10; p++ {
			if p != part {
				fmt.Fprintf(&b, `<a href="https://old.example.jp/%d/%d/">→続編%d</a> `, series, p, p)
			}
		}
		b.WriteString(`</p><!-- /wp:paragraph -->`)
		for range 8 {
			fmt.Fprintf(&b, `<p>%s<strong>「はい」</strong></p><h2>対応経緯</h2><ul><li>確認した</li><li>報告した</li></ul>`, para)
		}
		fmt.Fprintf(&b, `]]></content:encoded><wp:post_id>%d</wp:post_id><wp:post_date>2025-01-02 03:04:05</wp:post_date><wp:post_date_gmt>2025-01-01 18:04:05</wp:post_date_gmt>`, i+1)
		fmt.Fprintf(&b, `<wp:post_name>case-%d-%d</wp:post_name><wp:status>publish</wp:status><wp:post_type>post</wp:post_type><category domain="post_tag" nicename="t"><![CDATA[報告]]></category></item>`, series, part)
	}
	b.WriteString(`</channel></rss>`)
	return []byte(b.String())
}

// BenchmarkImportWXR imports 10,000 articles from one WXR file: read,
// convert, group and lay out (everything but writing the files).
func BenchmarkImportWXR(b *testing.B) {
	data := benchWXR(10000)
	fsys := fstest.MapFS{"export.xml": {Data: data}}
	b.SetBytes(int64(len(data)))
	b.ResetTimer()
	for b.Loop() {
		res, err := Import(b.Context(), "wxr", []Input{{FS: fsys, Path: "export.xml", Display: "export.xml"}}, testOptions())
		if err != nil {
			b.Fatal(err)
		}
		if len(res.Grouping.Series) != 1000 || len(res.Plan.Files) != 11000 {
			b.Fatalf("%d series, %d files", len(res.Grouping.Series), len(res.Plan.Files))
		}
	}
}

// BenchmarkImportImages imports 40 posts that show 383 images (the number
// WordPress's theme unit test data shows), each 64 KB, from a server on
// 127.0.0.1: the image step's cost over the import of the same posts
// with --no-images (KeepImages).
func BenchmarkImportImages(b *testing.B) {
	img := append(pngFile("bench"), bytes.Repeat([]byte{1}, 64<<10)...)
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "image/png")
		if r.URL.Query().Has("chunked") {
			w.(http.Flusher).Flush() // no Content-Length: the body comes in chunks
		} else {
			w.Header().Set("Content-Length", strconv.Itoa(len(img)))
		}
		w.Write(img)
	}))
	b.Cleanup(srv.Close)
	for _, mode := range []struct {
		name  string
		mode  ImageMode
		query string
	}{{"fetch", FetchImages, ""}, {"fetch-chunked", FetchImages, "?chunked"}, {"no-images", KeepImages, ""}} {
		b.Run(mode.name, func(b *testing.B) { benchImportImages(b, srv.URL, mode.mode, mode.query) })
	}
}

func benchImportImages(b *testing.B, srv string, mode ImageMode, query string) {
	var items strings.Builder
	n := 0
	for post := range 40 {
		var html strings.Builder
		for i := 0; i < 10 && n < 383; i++ {
			fmt.Fprintf(&html, `<p>写真です。<img src="%s/uploads/%d/photo-%d.jpg%s" alt="写真"></p>`, srv, post, i, query)
			n++
		}
		items.WriteString(imagePostXML(1+post%9, fmt.Sprintf("post-%d", post), fmt.Sprintf("記事 %d", post), html.String()))
	}
	wxr := `<?xml version="1.0" encoding="UTF-8" ?><rss version="2.0" xmlns:content="http://purl.org/rss/1.0/modules/content/" xmlns:wp="http://wordpress.org/export/1.2/"><channel><title>t</title>` +
		items.String() + "</channel></rss>\n"
	fsys := fstest.MapFS{"export.xml": {Data: []byte(wxr)}}
	opts := testOptions()
	opts.Images = Images{Mode: mode}
	for b.Loop() {
		res, err := Import(b.Context(), "wxr", []Input{{FS: fsys, Path: "export.xml", Display: "export.xml"}}, opts)
		if err != nil {
			b.Fatal(err)
		}
		if mode == FetchImages && (res.Images.Fetched != 383 || len(res.Plan.Files) != 40+383) {
			b.Fatalf("%+v, %d files", res.Images, len(res.Plan.Files))
		}
	}
}
