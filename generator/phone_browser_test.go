package generator

import (
	"fmt"
	"slices"
	"strings"
	"testing"

	"github.com/chromedp/chromedp"
	"github.com/chromedp/chromedp/kb"
)

// A long series title, a long tag, a pasted address without a break and a
// wide table: what an old blog's serial brings that the example site has
// not.
const (
	longSeries = "辞めた後も入館証をなかなか返してくれない派遣社員Aさんへのクレーム対応の件"
	longTag    = "派遣会社営業担当のクレーム対応報告"
	longURL    = "https://old-blog.example.jp/archives/2019/08/29/nyukansho-wo-kaesanai-haken-shain-no-claim-taiou-houkoku-zenpen"
)

// phoneSite is a small site with search on whose serial has the long
// title, tag, address and table.
func phoneSite(t *testing.T) map[string][]byte {
	t.Helper()
	files := map[string]string{}
	for n := 1; n <= 3; n++ {
		final := ""
		if n == 3 {
			final = "final: true\n"
		}
		files[fmt.Sprintf("kaesanai/%02d.md", n)] = fmt.Sprintf("---\ndate: 2025-10-0%d\nseries: %s\npart: %d\n%stags: [%s]\n---\n\n"+
			"派遣先から%d回目の連絡がありました。元の記事は %s にあります。\n\n"+
			"| 日付 | 派遣先 | 担当者 | 連絡の方法 | 内容 | 次の対応 | 備考 |\n|---|---|---|---|---|---|---|\n"+
			"| 2025年10月%d日 | 株式会社サンプル商事 | 総務部の課長 | 電話とメール | 入館証の返却について | 郵送の依頼 | 着払いで送ってもらう |\n",
			n, longSeries, n, final, longTag, n, longURL, n)
	}
	dir := newSite(t, "title = \"テスト日報\"\nbaseURL = \"https://example.jp/rensai/\"\n[search]\nenable = true\n", files)
	return buildMem(t, Options{Source: dir, CacheDir: t.TempDir()})
}

// TestPhoneNoSidewaysScroll: on a phone (390x844) no page of the site
// scrolls sideways, whatever the titles and text are (a table or a long
// address scrolls or wraps inside its own box), and no control (the
// header's 表示設定, the search page's filters) is too small to tap.
func TestPhoneNoSidewaysScroll(t *testing.T) {
	srv := newReaderServer(t, phoneSite(t))
	ctx := newReaderTab(t)
	const wide = `(() => { const vw = document.documentElement.clientWidth, out = [];
		if (document.documentElement.scrollWidth > vw) out.push("the page is " + document.documentElement.scrollWidth + "px wide");
		for (const e of document.querySelectorAll("main *, header *")) {
			const r = e.getBoundingClientRect();
			if (r.width && r.right > vw + 1 && !e.closest(".table-wrap, pre, [data-reader-text] table")) out.push(e.tagName.toLowerCase() + "." + e.className + " ends at " + Math.round(r.right) + "px");
		}
		return out.slice(0, 5); })()`
	const small = `[...document.querySelectorAll("button, input, select")].filter(e => {
		const r = e.getBoundingClientRect(); return r.width && (r.height < 24 || r.width < 24); })
		.map(e => (e.id || e.className || e.tagName) + " " + Math.round(e.getBoundingClientRect().height) + "px")`
	// A part's label and title share one link and one underline: a margin or
	// padding on the label is a gap in the line (CSS skips both), beside
	// the space between them.
	const gaps = `[...document.querySelectorAll("a .label")].filter(l => l.nextSibling).map(l => {
		const s = getComputedStyle(l);
		return s.marginRight !== "0px" || s.paddingRight !== "0px" ? l.textContent + ": margin " + s.marginRight + ", padding " + s.paddingRight : "";
	})`
	labels := 0
	tag := strings.ReplaceAll(longTag, " ", "")
	for _, p := range []string{"", "series/", "kaesanai/01/", "kaesanai/02/", "kaesanai/03/", "search/?q=派遣先", "archives/", "tags/", "tags/" + tag + "/", "404.html"} {
		run(t, ctx, chromedp.Navigate(srv.URL+"/rensai/"+p))
		until(t, ctx, `document.readyState === "complete"`, "the page")
		if strings.HasPrefix(p, "search/") {
			// The filters fill with the site's series and terms when first used.
			until(t, ctx, `document.querySelectorAll(".search-results li").length > 0`, "the results")
			run(t, ctx, do(`document.querySelector("#search-series").dispatchEvent(new Event("pointerdown"))`))
			until(t, ctx, `document.querySelector("#search-series").options.length > 1 && document.querySelector("#search-tag").options.length > 1`, "the filters")
		}
		if got := js[[]string](t, ctx, small); len(got) > 0 {
			t.Errorf("/%s on a phone has controls too small to tap (24px at least): %v", p, got)
		}
		if got := js[[]string](t, ctx, wide); len(got) > 0 {
			t.Errorf("/%s on a phone: %v", p, got)
		}
		for _, g := range js[[]string](t, ctx, gaps) {
			labels++
			if g != "" {
				t.Errorf("/%s: the underline of a part's link breaks after its label %s", p, g)
			}
		}
	}
	if labels == 0 {
		t.Error("no page had a part's link with a label and a title to check")
	}
	// 縦書き: the text scrolls inside its own box, never the page.
	run(t, ctx, do(`localStorage.setItem("rensai:settings", JSON.stringify({writing: "vertical"}))`))
	for _, p := range []string{"kaesanai/01/", "kaesanai/03/"} {
		run(t, ctx, chromedp.Navigate(srv.URL+"/rensai/"+p))
		until(t, ctx, `document.readyState === "complete" && document.documentElement.dataset.writing === "vertical"`, "vertical text")
		if got := js[[]string](t, ctx, wide); len(got) > 0 {
			t.Errorf("/%s in vertical text on a phone: %v", p, got)
		}
	}
}

// TestPhonePartNavFocusOrder: on a phone the part's 目次 link stands below
// 前の話 and 次の話, and Tab goes the way the eye does: 前の話, 次の話, 目次
// (it went 前の話, 目次 below, then back up to 次の話).
func TestPhonePartNavFocusOrder(t *testing.T) {
	srv := newReaderServer(t, phoneSite(t))
	ctx := newReaderTab(t)
	run(t, ctx, chromedp.Navigate(srv.URL+"/rensai/kaesanai/02/"))
	until(t, ctx, `document.readyState === "complete" && !!document.querySelector(".series-nav-step a.prev")`, "the part")
	const at = `(() => { const e = document.activeElement; return e.classList.contains("prev") ? "prev" : e.classList.contains("next") ? "next" : e.classList.contains("up") ? "up" : e.tagName; })()`
	run(t, ctx, do(`document.querySelector(".series-nav-step a.prev").focus()`))
	var got []string
	for range 3 {
		got = append(got, js[string](t, ctx, at))
		run(t, ctx, chromedp.KeyEvent(kb.Tab))
	}
	if want := []string{"prev", "next", "up"}; !slices.Equal(got, want) {
		t.Errorf("Tab through the part's navigation went %v, want %v", got, want)
	}
}
