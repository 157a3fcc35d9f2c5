package check

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// writeSyntheticSite writes an output tree of articles: series of 10
// parts, each page about 6 KB with a series-nav, a parts list, tag links,
// headings and an image, plus series pages, a feed and a sitemap. It
// mirrors what the theme produces, without needing the generator.
func writeSyntheticSite(tb testing.TB, dir string, articles int) {
	tb.Helper()
	const base = "https://example.github.io/repo/"
	const perSeries = 10
	write := func(name, data string) {
		p := filepath.Join(dir, filepath.FromSlash(name))
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			tb.Fatal(err)
		}
		if err := os.WriteFile(p, []byte(data), 0o644); err != nil {
			tb.Fatal(err)
		}
	}
	head := func(title, canonical string, data ...string) string {
		d := `{"v":1,"kind":"page","url":"/repo/` + canonical + `"}`
		if len(data) > 0 {
			d = data[0]
		}
		return `<!DOCTYPE html>
<html lang="ja">
<head>
<meta charset="utf-8">
<title>` + title + `</title>
<link rel="canonical" href="` + base + canonical + `">
<link rel="stylesheet" href="/repo/assets/css/style.css">
<link rel="alternate" type="application/atom+xml" href="/repo/index.xml">
<script src="/repo/assets/js/reader.js" defer></script>
<script type="application/json" id="rensai-page">` + d + `</script>
</head>
<body>
<header><a href="/repo/">連載ブログ</a> <a href="/repo/series/">連載一覧</a> <a href="/repo/tags/">タグ</a> <a href="/repo/search/">検索</a></header>
`
	}
	write("assets/css/style.css", "body{}")
	write("assets/js/reader.js", "")
	write("img/cover.png", "png")
	write("tags/index.html", head("タグ", "tags/")+"</body></html>\n")
	write("series/index.html", head("連載一覧", "series/")+"</body></html>\n")
	write("search/index.html", head("検索", "search/")+"</body></html>\n")
	for _, tag := range []string{"派遣", "クレーム", "営業"} {
		write("tags/"+tag+"/index.html", head(tag, "tags/"+tag+"/")+"</body></html>\n")
	}
	var feed, sitemap strings.Builder
	feed.WriteString(`<?xml version="1.0" encoding="utf-8"?>` + "\n" + `<feed xmlns="http://www.w3.org/2005/Atom"><title>連載ブログ</title>` + "\n")
	sitemap.WriteString(`<?xml version="1.0" encoding="UTF-8"?>` + "\n" + `<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">` + "\n")
	var home strings.Builder
	home.WriteString(head("連載ブログ", ""))
	para := strings.Repeat("派遣先の担当者様から朝一番にお電話をいただき、スタッフの勤務状況について詳しくお話を伺いました。", 6)
	for s := 0; s*perSeries < articles; s++ {
		seriesURL := fmt.Sprintf("series/s%04d/", s)
		var toc strings.Builder
		var parts []string
		for n := 1; n <= perSeries && s*perSeries+n <= articles; n++ {
			fmt.Fprintf(&toc, "<li><a href=\"/repo/posts/s%04d-%02d/\">第%d話</a></li>\n", s, n, n)
			parts = append(parts, fmt.Sprintf(`{"url":"/repo/posts/s%04d-%02d/","part":%d}`, s, n, n))
		}
		partList := "[" + strings.Join(parts, ",") + "]"
		seriesData := fmt.Sprintf(`{"url":"/repo/%s","title":"案件%d","total":%d}`, seriesURL, s, len(parts))
		write(seriesURL+"index.html", head(fmt.Sprintf("案件%d", s), seriesURL, `{"v":1,"kind":"series","url":"/repo/`+seriesURL+`","series":`+seriesData+`,"parts":`+partList+`}`)+
			`<ol class="toc">`+"\n"+toc.String()+"</ol>\n</body></html>\n")
		fmt.Fprintf(&home, "<p><a href=\"/repo/%s\">案件%d</a></p>\n", seriesURL, s)
		for n := 1; n <= perSeries && s*perSeries+n <= articles; n++ {
			slug := fmt.Sprintf("posts/s%04d-%02d/", s, n)
			var b strings.Builder
			data := fmt.Sprintf(`{"v":1,"kind":"article","url":"/repo/%s","series":%s,"part":%d`, slug, seriesData, n)
			if n > 1 {
				data += fmt.Sprintf(`,"prev":{"url":"/repo/posts/s%04d-%02d/"}`, s, n-1)
			}
			if n < len(parts) {
				data += fmt.Sprintf(`,"next":{"url":"/repo/posts/s%04d-%02d/"}`, s, n+1)
			}
			data += `,"parts":` + partList + `}`
			b.WriteString(head(fmt.Sprintf("案件%d 第%d話", s, n), slug, data))
			b.WriteString("<nav>\n")
			if n > 1 {
				fmt.Fprintf(&b, "<a rel=\"prev\" href=\"/repo/posts/s%04d-%02d/\">前の話</a>\n", s, n-1)
			}
			if n < perSeries && s*perSeries+n < articles {
				fmt.Fprintf(&b, "<a rel=\"next\" href=\"/repo/posts/s%04d-%02d/\">次の話</a>\n", s, n+1)
			}
			b.WriteString("<ol>\n" + toc.String() + "</ol>\n</nav>\n<article>\n")
			for h := 1; h <= 5; h++ {
				fmt.Fprintf(&b, "<h2 id=\"見出し%d\">見出し%d</h2>\n<p>%s</p>\n", h, h, para)
			}
			b.WriteString(`<p><img src="/repo/img/cover.png" alt="表紙"></p>` + "\n")
			b.WriteString(`<p><a href="#見出し3">見出し3へ</a> <a href="/repo/tags/%E6%B4%BE%E9%81%A3/">派遣</a> <a href="/repo/tags/クレーム/">クレーム</a> <a href="../../tags/営業/">営業</a></p>` + "\n")
			b.WriteString("</article>\n</body>\n</html>\n")
			write(slug+"index.html", b.String())
			fmt.Fprintf(&feed, "<entry><title>第%d話</title><link href=\"%s%s\"/></entry>\n", n, base, slug)
			fmt.Fprintf(&sitemap, "<url><loc>%s%s</loc></url>\n", base, slug)
		}
	}
	home.WriteString("</body></html>\n")
	write("index.html", home.String())
	write("index.xml", feed.String()+"</feed>\n")
	write("sitemap.xml", sitemap.String()+"</urlset>\n")
}

// BenchmarkCheck checks a synthetic 10,000-article output tree on disk.
func BenchmarkCheck(b *testing.B) {
	dir := b.TempDir()
	writeSyntheticSite(b, dir, 10000)
	fsys := os.DirFS(dir)
	for b.Loop() {
		rep, err := Check(context.Background(), fsys, Options{BaseURL: "https://example.github.io/repo/"})
		if err != nil {
			b.Fatal(err)
		}
		if !rep.OK() {
			b.Fatalf("synthetic site has problems, first: %s", rep.Problems[0])
		}
	}
}

func TestSyntheticSiteIsClean(t *testing.T) {
	// The benchmark's tree must be clean, or it would measure error paths.
	dir := t.TempDir()
	writeSyntheticSite(t, dir, 25)
	rep, err := Check(context.Background(), os.DirFS(dir), Options{BaseURL: "https://example.github.io/repo/"})
	if err != nil {
		t.Fatal(err)
	}
	if !rep.OK() {
		t.Fatalf("problems in the synthetic site:\n%v", rep.Problems)
	}
	if rep.Pages != 25+3+1+1+1+3+1 { // articles, series pages, tags, series, search, terms, home
		t.Errorf("Pages = %d", rep.Pages)
	}
}
