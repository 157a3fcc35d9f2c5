package importer

import (
	"fmt"
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
