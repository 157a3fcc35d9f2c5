package generator

import (
	"bytes"
	"compress/gzip"
	"fmt"
	"math"
	"math/rand/v2"
	"os"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/rensai-ssg/rensai/generator/site"
	"golang.org/x/net/html"
)

// pageBudget is what an HTML page may transfer, gzipped, with the
// stylesheets and scripts it links (images aside).
const pageBudget = 50 * 1024

// exampleSite builds the example site at the repository root in memory.
func exampleSite(t testing.TB) map[string][]byte {
	t.Helper()
	return buildMem(t, Options{Source: repoRoot, Now: time.Date(2026, 12, 31, 0, 0, 0, 0, time.UTC), CacheDir: t.TempDir()})
}

// node helpers over golang.org/x/net/html.
func parseHTML(t *testing.T, name string, data []byte) *html.Node {
	t.Helper()
	doc, err := html.Parse(bytes.NewReader(data))
	if err != nil {
		t.Fatalf("%s: %v", name, err)
	}
	return doc
}

func walk(n *html.Node, fn func(*html.Node)) {
	fn(n)
	for c := n.FirstChild; c != nil; c = c.NextSibling {
		walk(c, fn)
	}
}

func attr(n *html.Node, key string) (string, bool) {
	for _, a := range n.Attr {
		if a.Key == key {
			return a.Val, true
		}
	}
	return "", false
}

func textOf(n *html.Node) string {
	var sb strings.Builder
	walk(n, func(c *html.Node) {
		if c.Type == html.TextNode {
			sb.WriteString(c.Data)
		}
	})
	return strings.TrimSpace(sb.String())
}

func gzipLen(t *testing.T, data []byte) int {
	t.Helper()
	var buf bytes.Buffer
	zw, _ := gzip.NewWriterLevel(&buf, gzip.BestCompression)
	if _, err := zw.Write(data); err != nil {
		t.Fatal(err)
	}
	if err := zw.Close(); err != nil {
		t.Fatal(err)
	}
	return buf.Len()
}

// htmlPages lists the pages of a built site that a reader sees (not the
// redirect stubs of aliases, nor the settings form the reader script
// loads into a page).
func htmlPages(files map[string][]byte) []string {
	var out []string
	for _, name := range fileNames(files) {
		if strings.HasSuffix(name, ".html") && name != "assets/settings.html" && !bytes.Contains(files[name], []byte(`http-equiv="refresh"`)) {
			out = append(out, name)
		}
	}
	return out
}

// TestPageRules checks every page of the example site against the theme's
// budget and accessibility rules: the transfer budget, no render-blocking
// script but the small settings script, images with their size, one h1,
// no skipped heading level, and distinct names for search landmarks.
func TestPageRules(t *testing.T) {
	files := exampleSite(t)
	pages := htmlPages(files)
	if len(pages) < 30 {
		t.Fatalf("only %d pages in the example site", len(pages))
	}
	largest, largestName := 0, ""
	for _, name := range pages {
		problems, size := pageProblems(t, files, name, "/rensai/")
		for _, p := range problems {
			t.Errorf("%s: %s", name, p)
		}
		if size > largest {
			largest, largestName = size, name
		}
	}
	t.Logf("%d pages; the largest transfer is %s: %d bytes gzipped with its CSS and JS", len(pages), largestName, largest)
}

// pageProblems lists what breaks the page rules on page name, and returns
// the page's transfer size: the page and what it links, gzipped.
func pageProblems(t *testing.T, files map[string][]byte, name, base string) (problems []string, size int) {
	size = gzipLen(t, files[name])
	var h1, last int
	searchNames := map[string]bool{}
	walk(parseHTML(t, name, files[name]), func(n *html.Node) {
		if n.Type != html.ElementNode {
			return
		}
		switch n.Data {
		case "link", "script":
			p, linked := linkedSize(t, files, n, base)
			problems = append(problems, p...)
			size += linked
		case "img":
			_, w := attr(n, "width")
			_, h := attr(n, "height")
			if !w || !h {
				src, _ := attr(n, "src")
				problems = append(problems, "img "+src+" has no width and height")
			}
		case "h1", "h2", "h3", "h4", "h5", "h6":
			level := int(n.Data[1] - '0')
			if level == 1 {
				h1++
			}
			if level > last+1 {
				problems = append(problems, "heading "+n.Data+" 「"+textOf(n)+"」 follows h"+strconv.Itoa(last))
			}
			last = level
		}
		if role, _ := attr(n, "role"); role == "search" || n.Data == "search" {
			label, _ := attr(n, "aria-label")
			if searchNames[label] {
				problems = append(problems, "two search landmarks are named 「"+label+"」")
			}
			searchNames[label] = true
		}
	})
	if h1 != 1 {
		problems = append(problems, strconv.Itoa(h1)+" h1 elements; want exactly one")
	}
	if size > pageBudget {
		problems = append(problems, "transfers "+strconv.Itoa(size)+" bytes gzipped; the budget is "+strconv.Itoa(pageBudget))
	}
	return problems, size
}

// linkedSize checks a <link> or <script> and returns the gzipped size of
// the stylesheet or script it loads.
func linkedSize(t *testing.T, files map[string][]byte, n *html.Node, base string) (problems []string, size int) {
	href, _ := attr(n, "href")
	if n.Data == "script" {
		href, _ = attr(n, "src")
	}
	rel, _ := attr(n, "rel")
	if href != "" && (n.Data == "script" || rel == "stylesheet") {
		data, ok := files[strings.TrimPrefix(href, base)]
		if !ok {
			problems = append(problems, "links "+href+", which is not in the output")
		}
		size = gzipLen(t, data)
	}
	if n.Data != "script" {
		return problems, size
	}
	typ, _ := attr(n, "type")
	_, deferred := attr(n, "defer")
	_, async := attr(n, "async")
	switch {
	case typ == "application/json" || typ == "application/ld+json":
	case href != "" && !deferred && !async:
		problems = append(problems, "script "+href+" blocks rendering (add defer)")
	case href == "" && len(textOf(n)) > 600:
		problems = append(problems, "an inline script of "+strconv.Itoa(len(textOf(n)))+" bytes blocks rendering")
	}
	return problems, size
}

// TestListsBySeries checks how the example site's lists are organised for
// serials: the home page, a term page and the series index.
func TestListsBySeries(t *testing.T) {
	files := exampleSite(t)
	order := func(t *testing.T, name string, wants ...string) {
		t.Helper()
		page := string(files[name])
		at := 0
		for _, w := range wants {
			i := strings.Index(page[at:], w)
			if i < 0 {
				t.Fatalf("%s lacks %q after %q", name, w, page[max(0, at-40):at])
			}
			at += i + len(w)
		}
	}
	t.Run("home: ongoing, then completed, then standalone", func(t *testing.T) {
		order(t, "index.html", "連載中の案件", "残業代が合わないと訴えるTさんの件", "最新話", "続編④",
			"完結した連載", "派遣先の社員食堂を使わせてもらえないHさんの件", "契約終了後も入館証が戻らないKさんの件",
			"単発の記事", "電車の遅延が続いたGさんへの注意")
		mustNotContain(t, files, "index.html", "【前編①】") // parts are not listed one by one
	})
	t.Run("term page: a series once, parts in order, with the count", func(t *testing.T) {
		name := "tags/再発防止/index.html"
		page := string(files[name])
		if n := strings.Count(page, `<a href="/rensai/series/nyukan/">`); n != 1 {
			t.Errorf("%s links the series %d times; want once", name, n)
		}
		order(t, name, "契約終了後も入館証が戻らないKさんの件", "全7話 · このうち", "/rensai/posts/nyukan-0", "完結編⑦")
		parts := regexp.MustCompile(`/rensai/posts/nyukan-0(\d)/`).FindAllStringSubmatch(page, -1)
		for i := 1; i < len(parts); i++ {
			if parts[i][1] < parts[i-1][1] {
				t.Errorf("%s lists part %s after part %s", name, parts[i][1], parts[i-1][1])
			}
		}
	})
	t.Run("series index by last update with status and count", func(t *testing.T) {
		order(t, "series/index.html", "残業代が合わないと訴えるTさんの件", "連載中", "全4話",
			"派遣先の社員食堂を使わせてもらえないHさんの件", "完結", "全5話",
			"契約終了後も入館証が戻らないKさんの件", "完結", "全7話")
	})
	t.Run("end of parts", func(t *testing.T) {
		order(t, "posts/zangyo-04/index.html", "class=\"e-content", "次回の更新をお待ちください", "/rensai/series/zangyo/index.xml", "前の話", "目次")
		order(t, "posts/nyukan-07/index.html", "class=\"e-content", "完結", "前の話", "目次", "ほかの連載", "残業代が合わないと訴えるTさんの件")
		order(t, "posts/nyukan-03/index.html", "class=\"kicker\"", "<h1", "第3話 / 全7話", "字", "約", "class=\"e-content", "class=\"terms\"", "前の話", "目次", "次の話", "続編④")
		mustNotContain(t, files, "posts/nyukan-03/index.html", "次回の更新をお待ちください", "ほかの連載")
		// The share line's links are reader.js's (TestReaderShare); the
		// page names the services once and links to no other host.
		mustContain(t, files, "posts/nyukan-03/index.html", `<link rel="prefetch" href="/rensai/posts/nyukan-04/">`,
			`<p class="share" data-reader-share data-x="Xでポスト" data-line="LINEで送る" data-hatena="はてなブックマーク"><span class="share-label">この話を共有</span></p>`)
		mustNotContain(t, files, "posts/nyukan-03/index.html", "twitter.com", "line.me", "hatena.ne.jp", `<link rel="prev"`, `<link rel="next"`)
	})
	t.Run("resume strings only on pages with resume boxes", func(t *testing.T) {
		// reader.js fills 続きから読む and 未読N話 on series cards and series
		// pages (the home page, the series index, a series page, the other
		// series under a final part); lists of terms and archives have none.
		for _, page := range []string{"index.html", "series/index.html", "series/nyukan/index.html", "posts/nyukan-07/index.html"} {
			mustContain(t, files, page, `data-s-resume="続きから読む: {label}"`, `data-s-unread="未読{n}話"`)
		}
		for _, page := range []string{"posts/nyukan-03/index.html", "tags/index.html", "tags/貸与品/index.html", "archives/index.html", "archives/2025/index.html", "404.html"} {
			if files[page] == nil {
				t.Fatalf("%s not written", page)
			}
			mustNotContain(t, files, page, "data-s-resume=", "data-s-unread=")
		}
	})
	t.Run("reading length", func(t *testing.T) {
		mustContain(t, files, "series/nyukan/index.html", "全7話 · 全", "字・約")
	})
}

// TestCoverImage: a part's og:image is its own cover, else its series'.
func TestCoverImage(t *testing.T) {
	dir := newSite(t, "", map[string]string{
		"series/kasa.md":  "---\ntitle: 傘の件\nslug: kasa\ncover: /img/kasa.png\n---\n",
		"posts/kasa-1.md": part("傘の件", 1, "発端", "2026-03-01", ""),
		"posts/kasa-2.md": part("傘の件", 2, "続き", "2026-03-02", "cover: /img/kasa-2.png\n"),
		"posts/solo.md":   "---\ntitle: 単発\ndate: 2026-02-01\n---\n\n本文。\n",
	})
	files := buildMem(t, Options{Source: dir})
	for _, tt := range []struct{ name, page, want string }{
		{"a part without a cover shows the series cover", "posts/kasa-1/index.html", `<meta property="og:image" content="https://example.jp/img/kasa.png">`},
		{"a part's own cover wins", "posts/kasa-2/index.html", `<meta property="og:image" content="https://example.jp/img/kasa-2.png">`},
		{"the series page shows its cover", "series/kasa/index.html", `<meta property="og:image" content="https://example.jp/img/kasa.png">`},
	} {
		t.Run(tt.name, func(t *testing.T) { mustContain(t, files, tt.page, tt.want, `summary_large_image`) })
	}
	mustNotContain(t, files, "posts/solo/index.html", `og:image`)
}

// TestThemeContrast checks that text colours of every colour scheme in
// style.css reach WCAG AA (4.5:1) on the page and card backgrounds.
func TestThemeContrast(t *testing.T) {
	css, err := os.ReadFile(filepath.Join(repoRoot, "themes", "default", "assets", "css", "style.css"))
	if err != nil {
		t.Fatal(err)
	}
	schemes := map[string]string{
		"light": `:root {`, "dark": `:root[data-theme="dark"] {`, "sepia": `:root[data-theme="sepia"] {`,
		"system dark": `:root:not([data-theme="light"]):not([data-theme="sepia"]) {`,
	}
	decl := regexp.MustCompile(`--([a-z-]+):\s*(#[0-9a-f]{6})`)
	for _, name := range []string{"dark", "light", "sepia", "system dark"} {
		start := strings.Index(string(css), schemes[name])
		if start < 0 {
			t.Fatalf("no %s scheme (%s) in style.css", name, schemes[name])
		}
		block := string(css[start:])
		block = block[:strings.Index(block, "}")]
		vars := map[string]string{}
		for _, m := range decl.FindAllStringSubmatch(block, -1) {
			vars[m[1]] = m[2]
		}
		for _, fg := range []string{"fg", "muted", "accent", "ongoing", "complete", "new"} {
			for _, bg := range []string{"bg", "card", "accent-bg"} {
				if vars[fg] == "" || vars[bg] == "" {
					t.Fatalf("%s scheme lacks --%s or --%s", name, fg, bg)
				}
				if r := contrast(vars[fg], vars[bg]); r < 4.5 {
					t.Errorf("%s scheme: --%s %s on --%s %s has contrast %.2f:1; AA needs 4.5:1", name, fg, vars[fg], bg, vars[bg], r)
				}
			}
		}
		if r := contrast(vars["bg"], vars["accent"]); r < 4.5 {
			t.Errorf("%s scheme: button text --bg on --accent has contrast %.2f:1", name, r)
		}
	}
}

// contrast is the WCAG 2 contrast ratio of two #rrggbb colours.
func contrast(a, b string) float64 {
	la, lb := luminance(a), luminance(b)
	if la < lb {
		la, lb = lb, la
	}
	return (la + 0.05) / (lb + 0.05)
}

func luminance(hex string) float64 {
	var c [3]float64
	for i := range c {
		v, _ := strconv.ParseUint(hex[1+2*i:3+2*i], 16, 8)
		s := float64(v) / 255
		if s <= 0.03928 {
			c[i] = s / 12.92
		} else {
			c[i] = math.Pow((s+0.055)/1.055, 2.4)
		}
	}
	return 0.2126*c[0] + 0.7152*c[1] + 0.0722*c[2]
}

func TestThousands(t *testing.T) {
	for _, tt := range []struct {
		n    int
		want string
	}{{0, "0"}, {999, "999"}, {1000, "1,000"}, {12345, "12,345"}, {1234567, "1,234,567"}, {-1234, "-1,234"}} {
		t.Run(tt.want, func(t *testing.T) {
			if got := thousands(tt.n); got != tt.want {
				t.Errorf("thousands(%d) = %q; want %q", tt.n, got, tt.want)
			}
		})
	}
}

func TestDict(t *testing.T) {
	m, err := dict("S", 1, "H", 2)
	if err != nil || m["S"] != 1 || m["H"] != 2 {
		t.Errorf("dict = %v, %v", m, err)
	}
	for name, args := range map[string][]any{"odd arguments": {"S"}, "key not a string": {1, 2}} {
		if _, err := dict(args...); err == nil {
			t.Errorf("%s: no error", name)
		}
	}
}

// TestGroupBySeries: lists are newest first; a series appears once, where
// its newest listed part is, with its parts in part order.
func TestGroupBySeries(t *testing.T) {
	a, b := &site.Series{Title: "A"}, &site.Series{Title: "B"}
	p := func(sr *site.Series, n int) *site.Article {
		return &site.Article{Series: sr, Part: n, Title: sr.Title + itoa(n)}
	}
	solo := &site.Article{Title: "solo"}
	list := []*site.Article{p(a, 7), p(b, 2), solo, p(a, 3), p(a, 5), p(b, 1)}
	var got []string
	for _, g := range groupBySeries(list) {
		if g.Series == nil {
			got = append(got, g.Article.Title)
			continue
		}
		var parts []string
		for _, x := range g.Parts {
			parts = append(parts, x.Title)
		}
		got = append(got, strings.Join(parts, "+"))
	}
	if want := "A3+A5+A7 B1+B2 solo"; strings.Join(got, " ") != want {
		t.Errorf("groups %q; want %q", strings.Join(got, " "), want)
	}
}

// TestTermPagesKeepSeriesTogether: parts of three series tagged alike and
// published in turn are paginated series by series, a series counting as
// one entry of the page: each series is listed once, whole, on one page,
// in part order, though its parts would straddle a break of two articles
// per page. Each series has a fourth part without the tag, so the term
// page lists the three tagged parts rather than a card of the series.
func TestTermPagesKeepSeriesTogether(t *testing.T) {
	files := map[string]string{}
	for n := 1; n <= 4; n++ {
		for i, name := range []string{"甲", "乙", "丙"} {
			day, tags := fmt.Sprintf("2026-03-%02d", 3*n+i), "tags: [共通]\n"
			if n == 4 {
				day, tags = fmt.Sprintf("2026-03-%02d", 20+i), ""
			}
			files[fmt.Sprintf("posts/%d-%d.md", i, n)] = part(name+"の件", n, name+itoa(n), day, tags)
		}
	}
	cfg := "title = \"テスト日報\"\nbaseURL = \"https://example.jp/\"\npaginate = 2\n[taxonomies]\ntags = \"タグ\"\n[search]\nenable = false\n"
	out := buildMem(t, Options{Source: newSite(t, cfg, files)})
	pages := []string{string(out["tags/共通/index.html"]), string(out["tags/共通/page/2/index.html"])}
	if _, ok := out["tags/共通/page/3/index.html"]; ok {
		t.Error("a third page for three series at two per page")
	}
	for _, tt := range []struct {
		name, series string
		page         int // 0 or 1
	}{
		{"page 1 lists the newest series, 丙, whole", "丙", 0},
		{"page 1 lists the next series, 乙, whole", "乙", 0},
		{"page 2 lists 甲 whole", "甲", 1},
	} {
		t.Run(tt.name, func(t *testing.T) {
			for i, pg := range pages {
				for n := 1; n <= 3; n++ {
					part := " " + tt.series + itoa(n) + "</a>"
					if got := strings.Contains(pg, part); got != (i == tt.page) {
						t.Errorf("page %d lists %s: %v; want %v", i+1, part, got, i == tt.page)
					}
				}
			}
			pg := pages[tt.page]
			if i1, i3 := strings.Index(pg, " "+tt.series+"1</a>"), strings.Index(pg, " "+tt.series+"3</a>"); i3 < i1 {
				t.Errorf("part 3 is listed before part 1")
			}
		})
	}
}

// TestPageProblemsCatches shows that the page rules find each problem.
func TestPageProblemsCatches(t *testing.T) {
	const ok = `<h1>題</h1><h2>節</h2>`
	for _, tt := range []struct{ name, page, want string }{
		{"no h1", `<h2>節</h2>`, "0 h1 elements"},
		{"two h1", ok + `<h1>別</h1>`, "2 h1 elements"},
		{"a skipped level", `<h1>題</h1><h3>項</h3>`, "heading h3 「項」 follows h1"},
		{"a blocking script", ok + `<script src="/a.js"></script>`, "script /a.js blocks rendering"},
		{"a large inline script", ok + `<script>` + strings.Repeat("x;", 400) + `</script>`, "an inline script of 800 bytes"},
		{"an image without its size", ok + `<img src="/i.png">`, "img /i.png has no width and height"},
		{"two search forms of one name", ok + `<form role="search"></form><form role="search"></form>`, "two search landmarks are named 「」"},
		{"over the budget", ok + `<script src="/big.js" defer></script>`, "bytes gzipped; the budget is"},
	} {
		t.Run(tt.name, func(t *testing.T) {
			big := make([]byte, 60*1024) // random bytes do not compress
			rng := rand.New(rand.NewPCG(1, 2))
			for i := range big {
				big[i] = byte(rng.Uint32())
			}
			files := map[string][]byte{"p.html": []byte(tt.page), "a.js": []byte("1"), "big.js": big}
			problems, _ := pageProblems(t, files, "p.html", "/")
			if !strings.Contains(strings.Join(problems, "\n"), tt.want) {
				t.Errorf("problems %q; want one with %q", problems, tt.want)
			}
		})
	}
	if problems, _ := pageProblems(t, map[string][]byte{"p.html": []byte(ok)}, "p.html", "/"); len(problems) != 0 {
		t.Errorf("a good page has problems: %q", problems)
	}
}
