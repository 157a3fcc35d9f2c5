package check

import (
	"context"
	"net/url"
	"slices"
	"strings"
	"testing"
	"testing/fstest"
)

const testBase = "https://example.github.io/repo/"

// htmlPage lays out a page so that line numbers are easy to know:
// line 2 <html>, 5 <title>, 6 canonical, 7 stylesheet, 8 feed link,
// 9 script and the page-data block, and the body starts on line 12. Its
// page data says only its URL.
func htmlPage(title, canonical string, body ...string) string {
	return dataPage(title, canonical, `{"v":1,"kind":"page","url":"`+strings.TrimPrefix(canonical, "https://example.github.io")+`"}`, body...)
}

// dataPage is htmlPage with the page-data block data.
func dataPage(title, canonical, data string, body ...string) string {
	return `<!DOCTYPE html>
<html lang="ja">
<head>
<meta charset="utf-8">
<title>` + title + `</title>
<link rel="canonical" href="` + canonical + `">
<link rel="stylesheet" href="/repo/assets/css/style.css">
<link rel="alternate" type="application/atom+xml" href="/repo/index.xml">
<script src="/repo/assets/js/main.js" defer></script><script type="application/json" id="rensai-page">` + data + `</script>
</head>
<body>
` + strings.Join(body, "\n") + `
</body>
</html>
`
}

// kujouParts is the page-data list of the parts of 九条様の件.
const kujouParts = `[{"url":"/repo/posts/a/","part":1,"label":"前編①"},{"url":"/repo/posts/b/","part":2,"label":"続編②"},{"url":"/repo/posts/c/","part":3,"label":"完結編③"}]`

// partData is the page-data block of part n (1-3) of 九条様の件.
func partData(n int) string {
	link := func(k int) string {
		return `{"url":"/repo/posts/` + partNames[k] + `/","label":"` + []string{"", "前編①", "続編②", "完結編③"}[k] + `"}`
	}
	d := `{"v":1,"kind":"article","url":"/repo/posts/` + partNames[n] + `/","series":{"url":"/repo/series/kujou/","title":"九条様の件","total":3,"feed":"/repo/series/kujou/index.xml"},"part":` + string(rune('0'+n))
	if n > 1 {
		d += `,"prev":` + link(n-1)
	}
	if n < 3 {
		d += `,"next":` + link(n+1)
	}
	return d + `,"parts":` + kujouParts + `}`
}

var partNames = []string{"", "a", "b", "c"}

// partPage is part n (1-3) of the series 九条様の件. Lines: 9 page data,
// 12 the theme's navigation, 13 rel=prev, 14 rel=next, 15 its list of
// parts, 16-18 its items, 21 heading, 22 link into part 2, 23 image, 24 tag
// link.
func partPage(n int) string {
	prev, next := "", ""
	if n > 1 {
		prev = `<a rel="prev" href="/repo/posts/` + partNames[n-1] + `/">前の話</a>`
	}
	if n < 3 {
		next = `<a rel="next" href="/repo/posts/` + partNames[n+1] + `/">次の話</a>`
	}
	return dataPage("九条様の件 その"+partNames[n], testBase+"posts/"+partNames[n]+"/", partData(n),
		`<nav class="any-theme">`,
		prev,
		next,
		`<ol>`,
		`<li><a href="/repo/posts/a/">前編①</a></li>`,
		`<li><a href="/repo/posts/b/">続編②</a></li>`,
		`<li><a href="/repo/posts/c/">完結編③</a></li>`,
		`</ol>`,
		`</nav>`,
		`<h2 id="見出し">対応経緯</h2>`,
		`<p><a href="../b/#見出し">続編②の経緯</a> <a href="/repo/posts/b/#`+url.PathEscape("見出し")+`">同じ見出し</a></p>`,
		`<p><img src="/repo/img/cover.png" alt="表紙"></p>`,
		`<p><a href="/repo/tags/`+url.PathEscape("派遣")+`/?from=post">派遣</a> <a href="https://other.example.com/x">外部</a> <a href="mailto:a@example.jp">メール</a></p>`,
	)
}

// cleanSite is a small output tree with no problem, published at testBase.
func cleanSite() fstest.MapFS {
	file := func(s string) *fstest.MapFile { return &fstest.MapFile{Data: []byte(s)} }
	return fstest.MapFS{
		"index.html": file(htmlPage("連載ブログ", testBase,
			`<ul><li><a href="posts/a/">九条様の件①</a></li><li><a href="series/">連載一覧</a></li></ul>`,
		)),
		"posts/a/index.html": file(partPage(1)),
		"posts/b/index.html": file(partPage(2)),
		"posts/c/index.html": file(partPage(3)),
		// Lines: 9 page data, 12 heading, 13 list of parts, 14-16 its items.
		"series/kujou/index.html": file(dataPage("九条様の件", testBase+"series/kujou/",
			`{"v":1,"kind":"series","url":"/repo/series/kujou/","series":{"url":"/repo/series/kujou/","title":"九条様の件","total":3},"parts":`+kujouParts+`}`,
			`<h1>九条様の件</h1>`,
			`<ol class="toc">`,
			`<li><a href="/repo/posts/a/">前編①</a></li>`,
			`<li><a href="/repo/posts/b/">続編②</a></li>`,
			`<li><a href="/repo/posts/c/">完結編③</a></li>`,
			`</ol>`,
		)),
		"series/index.html": file(htmlPage("連載一覧", testBase+"series/",
			`<p><a href="kujou/">九条様の件</a> <a href="/repo/series/kujou/index.xml">フィード</a></p>`,
		)),
		"tags/派遣/index.html": file(htmlPage("派遣", testBase+"tags/"+url.PathEscape("派遣")+"/")),
		"old/kujou-1/index.html": file(`<!DOCTYPE html>
<html>
<head>
<link rel="canonical" href="` + testBase + `posts/a/">
<meta http-equiv="refresh" content="0; url=/repo/posts/a/">
</head>
</html>
`),
		"assets/css/style.css": file("body{}"),
		"assets/js/main.js":    file(""),
		"img/cover.png":        file("png"),
		// Lines: 4 self link, 7 entry link.
		"index.xml": file(`<?xml version="1.0" encoding="utf-8"?>
<feed xmlns="http://www.w3.org/2005/Atom">
<title>連載ブログ</title>
<link rel="self" href="` + testBase + `index.xml"/>
<entry>
<title>九条様の件①</title>
<link href="` + testBase + `posts/a/"/>
</entry>
</feed>
`),
		"feed.json": file(`{"version":"https://jsonfeed.org/version/1.1","title":"連載ブログ","home_page_url":"` + testBase + `","feed_url":"` + testBase + `feed.json","items":[{"id":"` + testBase + `posts/a/","url":"` + testBase + `posts/a/","title":"九条様の件①","content_text":"要約"}]}` + "\n"),
		"series/kujou/index.xml": file(`<?xml version="1.0" encoding="utf-8"?>
<feed xmlns="http://www.w3.org/2005/Atom"><title>九条様の件</title></feed>
`),
		// Lines: 3 home, 4 part a.
		"sitemap.xml": file(`<?xml version="1.0" encoding="UTF-8"?>
<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">
<url><loc>` + testBase + `</loc></url>
<url><loc>` + testBase + `posts/a/</loc></url>
</urlset>
`),
		"robots.txt": file("User-agent: *\nAllow: /\n\nSitemap: " + testBase + "sitemap.xml\n"),
	}
}

func TestCheck(t *testing.T) {
	tests := []struct {
		name    string
		opts    Options
		edit    func(t *testing.T, fs fstest.MapFS)
		problem []string
	}{
		{
			name: "clean site",
		},
		{
			name: "base URL from the home page's canonical",
			opts: Options{BaseURL: "-"},
		},
		{
			name: "dead link",
			edit: replace("posts/a/index.html", `href="../b/#見出し"`, `href="../bb/#見出し"`),
			problem: []string{
				`posts/a/index.html:22: broken link "../bb/#見出し": no file posts/bb/index.html in the output`,
			},
		},
		{
			name: "dead fragment",
			edit: replace("posts/a/index.html", `href="../b/#見出し"`, `href="../b/#`+url.PathEscape("経緯")+`"`),
			problem: []string{
				`posts/a/index.html:22: broken fragment in link "../b/#%E7%B5%8C%E7%B7%AF": posts/b/index.html has no id "経緯"`,
			},
		},
		{
			name: "dead fragment within the page",
			edit: replace("posts/c/index.html", `alt="表紙"`, `alt="表紙"><a href="#なし">上へ</a`),
			problem: []string{
				`posts/c/index.html:23: broken fragment in link "#なし": posts/c/index.html has no id "なし"`,
			},
		},
		{
			name: "next link skips a part",
			edit: replace("posts/a/index.html", `<a rel="next" href="/repo/posts/b/">`, `<a rel="next" href="/repo/posts/c/">`),
			problem: []string{
				`posts/a/index.html:14: rel="next" goes to part 3 (/repo/posts/c/); in /repo/series/kujou/ it is part 2 (/repo/posts/b/)`,
			},
		},
		{
			name: "page data's next skips a part",
			edit: replace("posts/a/index.html", `"next":{"url":"/repo/posts/b/"`, `"next":{"url":"/repo/posts/c/"`),
			problem: []string{
				`posts/a/index.html:9: page data "next" is part 3 (/repo/posts/c/); in /repo/series/kujou/ it is part 2 (/repo/posts/b/)`,
			},
		},
		{
			name: "a theme without rel links",
			edit: func(t *testing.T, fs fstest.MapFS) {
				replace("posts/b/index.html", `<a rel="prev" href="/repo/posts/a/">前の話</a>`, ``, `<a rel="next" href="/repo/posts/c/">次の話</a>`, ``)(t, fs)
			},
		},
		{
			name: "next link on the last part",
			edit: replace("posts/c/index.html", "<ol>", "<a rel=\"next\" href=\"/repo/posts/a/\">次</a><ol>"),
			problem: []string{
				`posts/c/index.html:15: rel="next" goes to part 1 (/repo/posts/a/); in /repo/series/kujou/ it is none`,
			},
		},
		{
			name: "wrong total",
			edit: replace("posts/b/index.html", `"total":3`, `"total":4`),
			problem: []string{
				`posts/b/index.html:9: page data says series /repo/series/kujou/ has "total":4 parts; it has 3`,
			},
		},
		{
			name: "series page missing a part",
			edit: replace("series/kujou/index.html", `{"url":"/repo/posts/b/","part":2,"label":"続編②"},`, ``),
			problem: []string{
				`series/kujou/index.html:9: page data "parts" of /repo/series/kujou/ is [/repo/posts/a/ /repo/posts/c/]; want [/repo/posts/a/ /repo/posts/b/ /repo/posts/c/]`,
			},
		},
		{
			name: "page without a page-data block",
			edit: replace("series/index.html", `<script type="application/json" id="rensai-page">{"v":1,"kind":"page","url":"/repo/series/"}</script>`, ``),
			problem: []string{
				`series/index.html:1: no page-data block <script type="application/json" id="rensai-page">; the theme's layouts/baseof.html needs {{ pageData . }} in <head>`,
			},
		},
		{
			name: "page data that is not JSON",
			edit: replace("series/index.html", `"url":"/repo/series/"}`, `"url":"/repo/series/"`),
			problem: []string{
				`series/index.html:9: the page-data block is not valid JSON: unexpected EOF`,
			},
		},
		{
			name: "page data URL to nothing",
			edit: replace("posts/b/index.html", `"url":"/repo/posts/b/"`, `"url":"/repo/posts/bb/"`),
			problem: []string{
				`posts/b/index.html:9: broken page-data URL "/repo/posts/bb/": no file posts/bb/index.html in the output`,
			},
		},
		{
			name: "missing image",
			edit: func(t *testing.T, fs fstest.MapFS) { delete(fs, "img/cover.png") },
			problem: []string{
				`posts/a/index.html:23: broken image "/repo/img/cover.png": no file img/cover.png in the output`,
				`posts/b/index.html:23: broken image "/repo/img/cover.png": no file img/cover.png in the output`,
				`posts/c/index.html:23: broken image "/repo/img/cover.png": no file img/cover.png in the output`,
			},
		},
		{
			name: "root-relative URL under a subpath",
			edit: replace("series/index.html", `href="/repo/assets/css/style.css"`, `href="/assets/css/style.css"`),
			problem: []string{
				`series/index.html:7: root-relative URL "/assets/css/style.css" is outside the base path /repo/; write "/repo/assets/css/style.css"`,
			},
		},
		{
			name: "relative URL climbing out of the base path",
			edit: replace("index.html", `href="series/"`, `href="../series/"`),
			problem: []string{
				`index.html:12: URL "../series/" leads to /series/, outside the base path /repo/`,
			},
		},
		{
			name: "malformed feed",
			edit: replace("index.xml", "</entry>\n", ""),
			problem: []string{
				`index.xml:8: malformed XML: element <entry> closed by </feed>`,
			},
		},
		{
			name: "feed link to a missing page",
			edit: replace("index.xml", testBase+"posts/a/", testBase+"posts/z/"),
			problem: []string{
				`index.xml:7: <link href> broken URL "https://example.github.io/repo/posts/z/": no file posts/z/index.html in the output`,
			},
		},
		{
			name: "malformed JSON Feed",
			edit: replace("feed.json", `"items":[`, `"items":[,`),
			problem: []string{
				`feed.json:1: malformed JSON: invalid character ',' looking for beginning of value`,
			},
		},
		{
			name: "JSON Feed without version or item content",
			edit: replace("feed.json", `"version":"https://jsonfeed.org/version/1.1"`, `"version":"1.1"`, `"content_text":"要約"`, `"content_text":""`),
			problem: []string{
				`feed.json:1: invalid JSON Feed: "version" is not a JSON Feed version URL such as https://jsonfeed.org/version/1.1`,
				`feed.json:1: invalid JSON Feed: item ` + testBase + `posts/a/ has neither "content_html" nor "content_text"`,
			},
		},
		{
			name: "JSON Feed item URL to a missing page",
			edit: replace("feed.json", `"url":"`+testBase+`posts/a/"`, `"url":"`+testBase+`posts/z/"`),
			problem: []string{
				`feed.json:1: item "url" broken URL "https://example.github.io/repo/posts/z/": no file posts/z/index.html in the output`,
			},
		},
		{
			name: "JSON Feed link to a missing file",
			edit: replace("series/index.html", `<link rel="alternate" type="application/atom+xml" href="/repo/index.xml">`, `<link rel="alternate" type="application/feed+json" href="/repo/series/feed.json">`),
			problem: []string{
				`series/index.html:8: broken feed link "/repo/series/feed.json": no file series/feed.json in the output`,
			},
		},
		{
			name: "relative URL in sitemap",
			edit: replace("sitemap.xml", "<loc>"+testBase+"posts/a/</loc>", "<loc>posts/a/</loc>"),
			problem: []string{
				`sitemap.xml:4: <loc> URL "posts/a/" is not absolute; want a URL under https://example.github.io/repo/`,
			},
		},
		{
			name: "sitemap URL on another site",
			edit: replace("sitemap.xml", "<loc>"+testBase+"posts/a/</loc>", "<loc>https://example.github.io/other/posts/a/</loc>"),
			problem: []string{
				`sitemap.xml:4: <loc> URL "https://example.github.io/other/posts/a/" is not under the base URL https://example.github.io/repo/`,
			},
		},
		{
			name: "robots.txt with a sitemap at the root",
			edit: replace("robots.txt", "Sitemap: "+testBase+"sitemap.xml", "sitemap: https://example.github.io/sitemap.xml"),
			problem: []string{
				`robots.txt:4: Sitemap: URL "https://example.github.io/sitemap.xml" is not under the base URL https://example.github.io/repo/`,
			},
		},
		{
			name: "page without title",
			edit: replace("series/index.html", "<title>連載一覧</title>", ""),
			problem: []string{
				`series/index.html:1: no <title>`,
			},
		},
		{
			name: "page with an empty title",
			edit: replace("series/index.html", "<title>連載一覧</title>", "<title> </title>"),
			problem: []string{
				`series/index.html:5: empty <title>`,
			},
		},
		{
			name: "page without canonical",
			edit: replace("tags/派遣/index.html", `<link rel="canonical" href="`+testBase+"tags/"+url.PathEscape("派遣")+`/">`, ""),
			problem: []string{
				`tags/派遣/index.html:1: no <link rel="canonical">`,
			},
		},
		{
			name: "relative canonical",
			edit: replace("series/index.html", `href="`+testBase+`series/"`, `href="/repo/series/"`),
			problem: []string{
				`series/index.html:6: canonical URL "/repo/series/" is not absolute; want a URL under https://example.github.io/repo/`,
			},
		},
		{
			name: "page without lang",
			edit: replace("series/index.html", `<html lang="ja">`, `<html>`),
			problem: []string{
				`series/index.html:2: <html> has no lang attribute; add lang="ja"`,
			},
		},
		{
			name: "alias page without canonical",
			edit: replace("old/kujou-1/index.html", `<link rel="canonical" href="`+testBase+`posts/a/">`, ""),
			problem: []string{
				`old/kujou-1/index.html:1: no <link rel="canonical">`,
			},
		},
		{
			name: "alias page to a missing page",
			edit: replace("old/kujou-1/index.html", `url=/repo/posts/a/`, `url=/repo/posts/x/`),
			problem: []string{
				`old/kujou-1/index.html:5: broken redirect "/repo/posts/x/": no file posts/x/index.html in the output`,
			},
		},
		{
			name: "link to a draft",
			opts: Options{Drafts: []Draft{{Path: "posts/himitsu/index.html", Source: "content/posts/himitsu.md"}}},
			edit: replace("index.html", `href="series/"`, `href="posts/himitsu/"`),
			problem: []string{
				`index.html:12: link "posts/himitsu/" goes to a draft: content/posts/himitsu.md has draft: true`,
			},
		},
		{
			name: "draft in the output",
			opts: Options{Drafts: []Draft{{Path: "posts/b/index.html", Source: "content/posts/b.md"}}},
			problem: []string{
				`posts/a/index.html:9: page-data URL "/repo/posts/b/" goes to a draft: content/posts/b.md has draft: true`,
				`posts/a/index.html:14: link "/repo/posts/b/" goes to a draft: content/posts/b.md has draft: true`,
				`posts/a/index.html:17: link "/repo/posts/b/" goes to a draft: content/posts/b.md has draft: true`,
				`posts/a/index.html:22: link "../b/#見出し" goes to a draft: content/posts/b.md has draft: true`,
				`posts/a/index.html:22: link "/repo/posts/b/#%E8%A6%8B%E5%87%BA%E3%81%97" goes to a draft: content/posts/b.md has draft: true`,
				`posts/b/index.html:1: content/posts/b.md is a draft (draft: true) but is in the output`,
				`posts/b/index.html:6: canonical URL "https://example.github.io/repo/posts/b/" goes to a draft: content/posts/b.md has draft: true`,
				`posts/b/index.html:9: page-data URL "/repo/posts/b/" goes to a draft: content/posts/b.md has draft: true`,
				`posts/b/index.html:17: link "/repo/posts/b/" goes to a draft: content/posts/b.md has draft: true`,
				`posts/b/index.html:22: link "../b/#見出し" goes to a draft: content/posts/b.md has draft: true`,
				`posts/b/index.html:22: link "/repo/posts/b/#%E8%A6%8B%E5%87%BA%E3%81%97" goes to a draft: content/posts/b.md has draft: true`,
				`posts/c/index.html:9: page-data URL "/repo/posts/b/" goes to a draft: content/posts/b.md has draft: true`,
				`posts/c/index.html:13: link "/repo/posts/b/" goes to a draft: content/posts/b.md has draft: true`,
				`posts/c/index.html:17: link "/repo/posts/b/" goes to a draft: content/posts/b.md has draft: true`,
				`posts/c/index.html:22: link "../b/#見出し" goes to a draft: content/posts/b.md has draft: true`,
				`posts/c/index.html:22: link "/repo/posts/b/#%E8%A6%8B%E5%87%BA%E3%81%97" goes to a draft: content/posts/b.md has draft: true`,
				`series/kujou/index.html:9: page-data URL "/repo/posts/b/" goes to a draft: content/posts/b.md has draft: true`,
				`series/kujou/index.html:15: link "/repo/posts/b/" goes to a draft: content/posts/b.md has draft: true`,
			},
		},
		{
			name: "malformed URL",
			edit: replace("index.html", `href="series/"`, `href="series/%zz/"`),
			problem: []string{
				`index.html:12: malformed URL "series/%zz/": invalid URL escape "%zz"`,
			},
		},
		{
			name: "part published twice",
			edit: replace("posts/c/index.html", `"part":3`, `"part":2`),
			problem: []string{
				`posts/a/index.html:9: page data "parts" of /repo/series/kujou/ is [/repo/posts/a/ /repo/posts/b/ /repo/posts/c/]; want [/repo/posts/a/ /repo/posts/b/]`,
				`posts/a/index.html:9: page data says series /repo/series/kujou/ has "total":3 parts; it has 2`,
				`posts/b/index.html:9: page data "next" is /repo/posts/c/; in /repo/series/kujou/ it is none`,
				`posts/b/index.html:9: page data "parts" of /repo/series/kujou/ is [/repo/posts/a/ /repo/posts/b/ /repo/posts/c/]; want [/repo/posts/a/ /repo/posts/b/]`,
				`posts/b/index.html:9: page data says series /repo/series/kujou/ has "total":3 parts; it has 2`,
				`posts/b/index.html:14: rel="next" goes to /repo/posts/c/; in /repo/series/kujou/ it is none`,
				`posts/c/index.html:9: page data names series /repo/series/kujou/, which has no published part at /repo/posts/c/`,
				`posts/c/index.html:9: part 2 of series /repo/series/kujou/ is also published at /repo/posts/b/`,
				`series/kujou/index.html:9: page data "parts" of /repo/series/kujou/ is [/repo/posts/a/ /repo/posts/b/ /repo/posts/c/]; want [/repo/posts/a/ /repo/posts/b/]`,
			},
		},
		{
			name: "the model knows another part",
			opts: Options{Series: []Series{{URL: "/repo/series/kujou/", Parts: []string{"/repo/posts/a/", "/repo/posts/c/"}}}},
			problem: []string{
				`posts/a/index.html:9: page data "next" is /repo/posts/b/; in /repo/series/kujou/ it is /repo/posts/c/`,
				`posts/a/index.html:9: page data "parts" of /repo/series/kujou/ is [/repo/posts/a/ /repo/posts/b/ /repo/posts/c/]; want [/repo/posts/a/ /repo/posts/c/]`,
				`posts/a/index.html:9: page data says series /repo/series/kujou/ has "total":3 parts; it has 2`,
				`posts/a/index.html:14: rel="next" goes to /repo/posts/b/; in /repo/series/kujou/ it is /repo/posts/c/`,
				`posts/b/index.html:9: page data names series /repo/series/kujou/, which has no published part at /repo/posts/b/`,
				`posts/c/index.html:9: page data "parts" of /repo/series/kujou/ is [/repo/posts/a/ /repo/posts/b/ /repo/posts/c/]; want [/repo/posts/a/ /repo/posts/c/]`,
				`posts/c/index.html:9: page data "prev" is /repo/posts/b/; in /repo/series/kujou/ it is /repo/posts/a/`,
				`posts/c/index.html:9: page data says series /repo/series/kujou/ has "total":3 parts; it has 2`,
				`posts/c/index.html:13: rel="prev" goes to /repo/posts/b/; in /repo/series/kujou/ it is /repo/posts/a/`,
				`series/kujou/index.html:9: page data "parts" of /repo/series/kujou/ is [/repo/posts/a/ /repo/posts/b/ /repo/posts/c/]; want [/repo/posts/a/ /repo/posts/c/]`,
			},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			fs := cleanSite()
			if tt.edit != nil {
				tt.edit(t, fs)
			}
			opts := tt.opts
			switch opts.BaseURL {
			case "":
				opts.BaseURL = testBase
			case "-":
				opts.BaseURL = ""
			}
			rep, err := Check(context.Background(), fs, opts)
			if err != nil {
				t.Fatal(err)
			}
			var got []string
			for _, p := range rep.Problems {
				got = append(got, p.String())
			}
			if !slices.Equal(got, tt.problem) {
				t.Errorf("problems:\n%s\nwant:\n%s", strings.Join(got, "\n"), strings.Join(tt.problem, "\n"))
			}
			if rep.BaseURL != testBase {
				t.Errorf("BaseURL = %q, want %q", rep.BaseURL, testBase)
			}
			if rep.OK() != (len(tt.problem) == 0) {
				t.Errorf("OK() = %v with %d problems", rep.OK(), len(tt.problem))
			}
		})
	}
}

// replace returns an edit that replaces old with new in file, in pairs.
func replace(file string, oldnew ...string) func(*testing.T, fstest.MapFS) {
	return func(t *testing.T, fs fstest.MapFS) {
		t.Helper()
		f := fs[file]
		if f == nil {
			t.Fatalf("no file %s", file)
		}
		s := string(f.Data)
		for i := 0; i < len(oldnew); i += 2 {
			if !strings.Contains(s, oldnew[i]) {
				t.Fatalf("%s does not contain %q", file, oldnew[i])
			}
			s = strings.Replace(s, oldnew[i], oldnew[i+1], 1)
		}
		fs[file] = &fstest.MapFile{Data: []byte(s)}
	}
}

func TestCheckRootSite(t *testing.T) {
	// On a site at the root, "/x" is an ordinary internal URL.
	fs := fstest.MapFS{
		"index.html":         {Data: []byte(`<html lang="ja"><title>t</title><link rel="canonical" href="https://blog.example.jp/"><script type="application/json" id="rensai-page">{"v":1,"kind":"page","url":"/"}</script><a href="/posts/a/">a</a> <a href="/posts/b">b</a> <a href="/posts/zz/">zz</a></html>`)},
		"posts/a/index.html": {Data: []byte(`<html lang="ja"><title>a</title><link rel="canonical" href="https://blog.example.jp/posts/a/"><script type="application/json" id="rensai-page">{"v":1,"kind":"page","url":"/posts/a/"}</script></html>`)},
		"posts/b/index.html": {Data: []byte(`<html lang="ja"><title>b</title><link rel="canonical" href="https://BLOG.example.jp/posts/b/"><script type="application/json" id="rensai-page">{"v":1,"kind":"page","url":"/posts/b/"}</script></html>`)},
	}
	rep, err := Check(context.Background(), fs, Options{BaseURL: "https://blog.example.jp"})
	if err != nil {
		t.Fatal(err)
	}
	want := []Problem{{"index.html", 1, `broken link "/posts/zz/": no file posts/zz/index.html in the output`}}
	if !slices.Equal(rep.Problems, want) {
		t.Errorf("problems = %v, want %v", rep.Problems, want)
	}
	if got := rep.Summary(); got != "check: 1 problem in 3 files (3 pages, 0 feeds) under https://blog.example.jp/" {
		t.Errorf("summary = %q", got)
	}
}

func TestCheckHintsAtAnotherBaseURL(t *testing.T) {
	rep, err := Check(context.Background(), cleanSite(), Options{BaseURL: "https://blog.example.jp/"})
	if err != nil {
		t.Fatal(err)
	}
	want := "the home page's canonical URL is https://example.github.io/repo/, not under https://blog.example.jp/: if the site was built with --baseURL, check it with the same --baseURL; if the folder is another site's output, name that site's folder with --source"
	if rep.Hint != want {
		t.Errorf("Hint = %q, want %q", rep.Hint, want)
	}
	rep, err = Check(context.Background(), cleanSite(), Options{BaseURL: testBase})
	if err != nil {
		t.Fatal(err)
	}
	if rep.Hint != "" {
		t.Errorf("Hint = %q on a matching base URL", rep.Hint)
	}
}

func TestCheckBaseURLErrors(t *testing.T) {
	tests := []struct {
		name string
		fs   fstest.MapFS
		base string
		want string
	}{
		{"no home page canonical", fstest.MapFS{"index.html": {Data: []byte(`<html lang="ja"><title>t</title></html>`)}}, "", ErrNoBaseURL.Error()},
		{"relative base URL", fstest.MapFS{}, "/repo/", `check: base URL "/repo/" must be an absolute http(s) URL, like https://user.github.io/repo/`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := Check(context.Background(), tt.fs, Options{BaseURL: tt.base})
			if err == nil || err.Error() != tt.want {
				t.Errorf("err = %v, want %s", err, tt.want)
			}
		})
	}
}

func TestCheckCanceled(t *testing.T) {
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	if _, err := Check(ctx, cleanSite(), Options{BaseURL: testBase}); err == nil {
		t.Fatal("Check with a canceled context returned no error")
	}
}
