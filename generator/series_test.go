package generator

import (
	"context"
	"strings"
	"testing"
)

func seriesSite(t *testing.T) string {
	files := map[string]string{
		"series/nyukan.md":  "---\ntitle: 入館証の件\nslug: nyukan\ndescription: 入館証が戻らない件の記録。\n---\n\n本文です。\n",
		"posts/other-01.md": part("食堂の件", 1, "初回", "2026-03-02", ""),
		"posts/draft.md":    part("食堂の件", 2, "下書きの回", "2026-03-09", "draft: true\n"),
		"posts/future.md":   part("食堂の件", 3, "未来の回", "2027-01-01", ""),
		"posts/solo.md":     "---\ntitle: 単発の記事\ndate: 2026-02-01\ntags: [雑記]\n---\n\n単発です。\n",
	}
	titles := []string{"発端", "事実確認", "", "面談", "再発防止", "返却", "報告", "完了"}
	for i, title := range titles {
		n := i + 1
		extra := "tags: [入館証]\n"
		if n == 8 {
			extra += "final: true\n"
		}
		if title == "" {
			files["posts/nyukan-0"+itoa(n)+".md"] = "---\ndate: 2026-03-0" + itoa(n) + "\nseries: 入館証の件\npart: " + itoa(n) + "\n" + extra + "---\n\n本文。\n"
			continue
		}
		files["posts/nyukan-0"+itoa(n)+".md"] = part("入館証の件", n, title, "2026-03-0"+itoa(n), extra)
	}
	return newSite(t, "", files)
}

func TestSeriesNavigation(t *testing.T) {
	files := buildMem(t, Options{Source: seriesSite(t)})
	page := "posts/nyukan-06/index.html"
	mustContain(t, files, page,
		"【続編⑥】入館証の件：返却",
		`<nav class="series-nav" aria-label="連載ナビゲーション" data-reader-parts="全8話の一覧">`,
		`第6話 / 全8話`,
		`<a class="prev" rel="prev" href="/posts/nyukan-05/"><span class="dir">← 前の話</span><span class="label">前編⑤</span> <span class="t">再発防止</span></a>`,
		`<a class="next" rel="next" href="/posts/nyukan-07/">`,
		`<a href="/series/nyukan/">入館証の件</a>`,
		`"isPartOf":{"@type":"CreativeWorkSeries"`,
		`"position":6`,
	)
	// Every part, in part order, once for the series.
	mustContain(t, files, "series/nyukan/parts.json",
		`{"url":"/posts/nyukan-01/","part":1,"label":"前編①","title":"発端","date":"2026-03-01"},{"url":"/posts/nyukan-02/"`,
		`{"url":"/posts/nyukan-08/","part":8,"label":"完結編⑧","title":"完了","date":"2026-03-08"}]}`)
	// A part without its own title shows the series title only.
	mustContain(t, files, "posts/nyukan-03/index.html", "<h1 class=\"p-name\">【続編③】入館証の件")
	// The first part has no previous link, the final part no next link.
	mustNotContain(t, files, "posts/nyukan-01/index.html", `rel="prev"`)
	mustContain(t, files, "posts/nyukan-01/index.html", "【前編①】入館証の件：発端")
	mustNotContain(t, files, "posts/nyukan-08/index.html", `rel="next"`)
	mustContain(t, files, "posts/nyukan-08/index.html", "【完結編⑧】入館証の件：完了")
	// Drafts and future parts are in no list and have no page.
	for _, name := range fileNames(files) {
		if strings.HasSuffix(name, ".html") || strings.HasSuffix(name, ".xml") {
			mustNotContain(t, files, name, "下書きの回", "未来の回", "/posts/draft/", "/posts/future/")
		}
	}
	if _, ok := files["posts/draft/index.html"]; ok {
		t.Error("draft was published")
	}
	// The series page lists every part, in order, with status and reading links.
	mustContain(t, files, "series/nyukan/index.html",
		"入館証の件 <span class=\"status status-complete\">完結</span>", "全8話", "第1話から読む", "入館証が戻らない件の記録。", "<p>本文です。\n")
	sp := string(files["series/nyukan/index.html"])
	last := -1
	for n := 1; n <= 8; n++ {
		i := strings.Index(sp, `href="/posts/nyukan-0`+itoa(n)+`/"><span class="label">`)
		if i < 0 || i < last {
			t.Fatalf("series page: part %d missing or out of order", n)
		}
		last = i
	}
	mustContain(t, files, "series/index.html", "入館証の件", "全8話")
	mustContain(t, files, "series/nyukan/index.xml", "<title>【完結編⑧】入館証の件：完了</title>")
}

func TestServeModeShowsDraftsMarked(t *testing.T) {
	files := buildMem(t, Options{Source: seriesSite(t), Drafts: true, Future: true})
	mustContain(t, files, "posts/draft/index.html", `<span class="badge badge-draft">下書き</span>`)
	mustContain(t, files, "posts/future/index.html", `<span class="badge badge-future">予約</span>`)
}

func TestNumeralStyles(t *testing.T) {
	for _, tt := range []struct{ style, want, pos string }{
		{"digits", "【続編6】", "第6話 / 全8話"},
		{"kanji", "【続編六】", "第六話 / 全八話"},
	} {
		dir := seriesSite(t)
		writeFile(t, dir+"/rensai.toml", "baseURL = \"https://example.jp/\"\n[search]\nenable = false\n[series]\nnumerals = \""+tt.style+"\"\n")
		files := buildMem(t, Options{Source: dir})
		mustContain(t, files, "posts/nyukan-06/index.html", tt.want, tt.pos)
	}
}

func TestBuildErrors(t *testing.T) {
	tests := []struct {
		name  string
		files map[string]string
		want  []string
	}{
		{"duplicate part names both files", map[string]string{
			"posts/a.md": part("S", 1, "一", "2026-01-01", ""),
			"posts/b.md": part("S", 1, "二", "2026-01-02", ""),
		}, []string{"content/posts/b.md:5: part 1 of series “S” is also declared by content/posts/a.md"}},
		{"invalid YAML names file and line", map[string]string{
			"posts/a.md": "---\ntitle: a\ndate: 2026-01-01\ntags: [x\n---\n",
		}, []string{"content/posts/a.md:"}},
		{"slug leaving the output folder", map[string]string{
			"posts/a.md": "---\ntitle: a\ndate: 2026-01-01\nslug: ../../x\n---\n",
		}, []string{"content/posts/a.md:4:"}},
		{"two articles with one URL", map[string]string{
			"posts/a.md": "---\ntitle: a\ndate: 2026-01-01\nslug: same\n---\n",
			"posts/b.md": "---\ntitle: b\ndate: 2026-01-01\nslug: same\n---\n",
		}, []string{"content/posts/b.md:4: the article would be written at /posts/same/, which is already the article (content/posts/a.md:4)"}},
		{"link to a draft", map[string]string{
			"posts/a.md": "---\ntitle: a\ndate: 2026-01-01\n---\n\n[次](b.md)\n",
			"posts/b.md": "---\ntitle: b\ndate: 2026-01-01\ndraft: true\n---\n",
		}, []string{"content/posts/a.md:6:", "draft"}},
		{"Shift_JIS file", map[string]string{
			"posts/a.md": "---\ntitle: \x83e\x83X\x83g\ndate: 2026-01-01\n---\n\x96{\x95\xb6\x82\xc5\x82\xb7\x81B\n",
		}, []string{"content/posts/a.md", "Shift_JIS"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			b, err := NewBuilder(Options{Source: newSite(t, "", tt.files), Now: fixedNow})
			if err != nil {
				t.Fatal(err)
			}
			_, err = b.Build(context.Background(), nil)
			if err == nil {
				t.Fatal("build succeeded")
			}
			for _, w := range tt.want {
				if !strings.Contains(err.Error(), w) {
					t.Errorf("error %q lacks %q", err, w)
				}
			}
		})
	}
}

func TestTemplateErrorNamesFileAndLine(t *testing.T) {
	dir := seriesSite(t)
	writeFile(t, dir+"/layouts/article.html", "{{ define \"main\" }}\n<p>ok</p>\n{{ .NoSuchField }}\n{{ end }}\n")
	b, _ := NewBuilder(Options{Source: dir, Now: fixedNow})
	_, err := b.Build(context.Background(), nil)
	if err == nil || !strings.Contains(err.Error(), "layouts/article.html:3:") {
		t.Fatalf("error = %v, want layouts/article.html:3:", err)
	}
}

func TestSiteLayoutOverridesTheme(t *testing.T) {
	dir := seriesSite(t)
	writeFile(t, dir+"/layouts/partials/footer.html", "<footer>独自のフッター</footer>\n")
	writeFile(t, dir+"/static/assets/css/style.css", "body{color:red}\n")
	writeFile(t, dir+"/static/favicon.ico", "icon")
	files := buildMem(t, Options{Source: dir})
	mustContain(t, files, "index.html", "<footer>独自のフッター</footer>")
	if string(files["assets/css/style.css"]) != "body{color:red}\n" || string(files["favicon.ico"]) != "icon" {
		t.Errorf("static/ did not override the theme asset")
	}
}

// TestSeriesPageLead: a series page shows the description its author gave
// under the title, and none when there is none: the description made from
// the title for <meta> and feeds (「…の件（全2話）」) would only repeat the
// heading and the count beside it.
func TestSeriesPageLead(t *testing.T) {
	dir := newSite(t, "", map[string]string{
		"posts/a-1.md":     part("返却箱の件", 1, "はじまり", "2025-10-06", ""),
		"posts/a-2.md":     part("返却箱の件", 2, "つづき", "2025-10-14", ""),
		"posts/b-1.md":     part("台帳の件", 1, "発端", "2025-10-07", ""),
		"posts/b-2.md":     part("台帳の件", 2, "結末", "2025-10-15", ""),
		"series/daicho.md": "---\ntitle: 台帳の件\ndescription: 台帳の記録が消えた理由を追う連載です。\n---\n",
	})
	files := buildMem(t, Options{Source: dir})
	var plain, described string
	for name, b := range files {
		if strings.HasPrefix(name, "series/") && strings.HasSuffix(name, "/index.html") && name != "series/index.html" {
			if strings.Contains(string(b), "<h1>返却箱の件") {
				plain = string(b)
			} else if strings.Contains(string(b), "<h1>台帳の件") {
				described = string(b)
			}
		}
	}
	if plain == "" || described == "" {
		t.Fatalf("series pages not found among %d files", len(files))
	}
	if !strings.Contains(plain, `<meta name="description" content="返却箱の件（全2話）">`) {
		t.Error("the made description is not the page's meta description")
	}
	if strings.Contains(plain, "<p>返却箱の件（全2話）</p>") {
		t.Error("a series page without a description repeats its title and count under the heading")
	}
	if !strings.Contains(described, "<p>台帳の記録が消えた理由を追う連載です。</p>") {
		t.Error("the author's description is not under the heading")
	}
}
