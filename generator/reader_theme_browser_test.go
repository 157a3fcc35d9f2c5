package generator

import (
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/cdproto/emulation"
	"github.com/chromedp/chromedp"
	"github.com/chromedp/chromedp/kb"
)

// Browser tests of the default theme found by using the built site as a
// reader would (rules, keys, form colours, drafts in the list of parts);
// the helpers are reader_browser_test.go's.

// TestReaderRules: a rule in the text is drawn in the theme's line colour
// in every scheme (not the browser's grey inset, white in the dark), and
// the footnotes open with one rule, not goldmark's <hr> under the box's
// own border.
func TestReaderRules(t *testing.T) {
	files := exampleSite(t)
	page := "posts/shokudo-03/index.html"
	html := string(files[page])
	i := strings.Index(html, `<div class="footnotes"`)
	if i < 0 {
		t.Fatalf("%s has no footnotes", page)
	}
	files[page] = []byte(html[:i] + "<hr>\n" + html[i:])
	srv := newReaderServer(t, files)
	ctx := newReaderTab(t)
	for _, scheme := range []string{"light", "dark"} {
		if _, err := chromedp.Call(ctx, emulation.SetEmulatedMedia, emulation.SetEmulatedMediaParams{
			Features: []*emulation.MediaFeature{{Name: "prefers-color-scheme", Value: scheme}}}); err != nil {
			t.Fatal(err)
		}
		run(t, ctx, chromedp.Navigate(srv.URL+"/rensai/"+strings.TrimSuffix(page, "index.html")))
		got := js[map[string]any](t, ctx, `(() => {
			const probe = document.createElement("i");
			probe.style.color = "var(--line)";
			document.querySelector("[data-reader-text]").appendChild(probe);
			const line = getComputedStyle(probe).color;
			const shown = el => el && getComputedStyle(el).display !== "none";
			const rule = el => { const s = getComputedStyle(el); return s.borderTopWidth + " " + s.borderTopStyle + " " + s.borderTopColor + " / " + s.borderBottomWidth; };
			const notes = document.querySelector(".footnotes"), own = notes.querySelector(":scope > hr");
			const text = Array.from(document.querySelectorAll("[data-reader-text] hr")).filter(h => !notes.contains(h));
			const boxRule = parseFloat(getComputedStyle(notes).borderTopWidth) > 0;
			return { line: "1px solid " + line + " / 0px", text: text.map(rule), rules: (boxRule ? 1 : 0) + (shown(own) ? 1 : 0) };
		})()`)
		text, _ := got["text"].([]any)
		if len(text) == 0 {
			t.Fatalf("%s: no rule in the text", scheme)
		}
		for _, r := range text {
			if r != got["line"] {
				t.Errorf("%s: a rule in the text is %v, want %v", scheme, r, got["line"])
			}
		}
		if got["rules"] != 1.0 {
			t.Errorf("%s: the footnotes open with %v rules, want 1", scheme, got["rules"])
		}
	}
	// In 縦書き the rule stands between columns: its block-start side is
	// its right side.
	run(t, ctx, do(`localStorage.setItem("rensai:settings", JSON.stringify({writing: "vertical"}))`), chromedp.Reload())
	until(t, ctx, `document.documentElement.getAttribute("data-writing") === "vertical"`, "縦書き")
	got := js[[]string](t, ctx, `(() => {
		const hr = Array.from(document.querySelectorAll("[data-reader-text] hr")).find(h => !h.closest(".footnotes"));
		const s = getComputedStyle(hr), n = getComputedStyle(document.querySelector(".footnotes"));
		return [s.borderRightWidth + " " + s.borderRightStyle, s.borderTopWidth, n.borderRightWidth + " " + n.borderRightStyle];
	})()`)
	if want := []string{"1px solid", "0px", "1px solid"}; !slices.Equal(got, want) {
		t.Errorf("in 縦書き, a rule's right border, top border and the footnotes' right border are %q, want %q", got, want)
	}
}

// TestReaderKeysAfterSettings: closing 表示設定 puts the focus back on its
// button, as it should; the arrows still move between parts from there (a
// keyboard reader would otherwise have to find a link first), while in the
// panel's own radio buttons they keep choosing an option.
func TestReaderKeysAfterSettings(t *testing.T) {
	srv := newReaderServer(t, exampleSite(t))
	ctx := newReaderTab(t)
	run(t, ctx, chromedp.Navigate(srv.URL+"/rensai/posts/nyukan-03/"), do(`localStorage.clear()`), chromedp.Reload())
	until(t, ctx, `!!document.querySelector(".settings-toggle")`, "the settings button")
	run(t, ctx, chromedp.Click(".settings-toggle"))
	until(t, ctx, `!!document.querySelector("#reader-settings input:checked") && document.activeElement.matches("#reader-settings input")`, "the open panel with its checked option focused")
	run(t, ctx, chromedp.KeyEvent(kb.ArrowRight))
	if got := js[string](t, ctx, `location.pathname + " " + document.activeElement.name`); got != storyPart("3")+" size" {
		t.Errorf("→ on a radio button of the panel: at %q, want it to stay on part 3 choosing a size", got)
	}
	run(t, ctx, chromedp.Click("[data-reader-close]"))
	if got := js[bool](t, ctx, `document.activeElement === document.querySelector(".settings-toggle")`); !got {
		t.Fatal("closing the panel did not put the focus back on its button")
	}
	run(t, ctx, chromedp.KeyEvent(kb.ArrowRight))
	until(t, ctx, `location.pathname === "`+storyPart("4")+`"`, "part 4 after → with the focus on 表示設定")
}

// TestReaderFormAccent: the radio buttons of 表示設定 take the scheme's
// accent colour (they were the browser's blue in sepia and dark).
func TestReaderFormAccent(t *testing.T) {
	srv := newReaderServer(t, exampleSite(t))
	ctx := newReaderTab(t)
	run(t, ctx, chromedp.Navigate(srv.URL+"/rensai/posts/shokudo-02/"), do(`localStorage.removeItem("rensai:settings")`), chromedp.Reload())
	until(t, ctx, `!!document.querySelector(".settings-toggle")`, "the settings button")
	run(t, ctx, chromedp.Click(".settings-toggle"))
	until(t, ctx, `!!document.querySelector("#reader-settings input")`, "the settings form")
	for _, theme := range []string{"sepia", "dark", "light"} {
		run(t, ctx, chromedp.Click(`input[name=theme][value=`+theme+`]`))
		got := js[[]string](t, ctx, `(() => {
			const probe = document.createElement("i");
			probe.style.color = "var(--accent)";
			document.body.appendChild(probe);
			const accent = getComputedStyle(probe).color;
			probe.remove();
			return [getComputedStyle(document.querySelector("#reader-settings input[type=radio]")).accentColor, accent];
		})()`)
		if got[0] != got[1] {
			t.Errorf("%s: a radio button's accent-color is %q, want the theme's accent %q", theme, got[0], got[1])
		}
	}
}

// TestReaderPartsListMarksDrafts: with drafts shown (rensai serve), the
// list of parts the reader script makes marks a draft part 下書き, as the
// pages and the series page do; a published build lists no draft at all.
func TestReaderPartsListMarksDrafts(t *testing.T) {
	const draft = "/rensai/posts/zangyo-05/" // the example site's one draft
	item := `(() => { const a = document.querySelector('.series-all a[href="` + draft + `"]');
		return a ? Array.from(a.querySelectorAll(".badge-draft"), b => b.textContent).join("|") : null; })()`
	for _, drafts := range []bool{true, false} {
		files := buildMem(t, Options{Source: repoRoot, Now: time.Date(2026, 12, 31, 0, 0, 0, 0, time.UTC), CacheDir: t.TempDir(), Drafts: drafts})
		srv := newReaderServer(t, files)
		ctx := newReaderTab(t)
		run(t, ctx, chromedp.Navigate(srv.URL+"/rensai/posts/zangyo-04/"))
		until(t, ctx, `!!document.querySelector(".series-all li")`, "the list of parts")
		got := js[*string](t, ctx, item)
		switch {
		case drafts && got == nil:
			t.Errorf("with drafts shown, the list of parts lacks the draft part %s", draft)
		case drafts && *got != "下書き":
			t.Errorf("with drafts shown, the draft part in the list of parts has badges %q, want 下書き", *got)
		case !drafts && got != nil:
			t.Errorf("a published build lists the draft part %s (badges %q)", draft, *got)
		}
	}
}

// TestReaderShare: a part's share line, which the page carries as a label
// and the services' names, gets links to X, LINE and はてなブックマーク with
// the page's canonical URL where the browser has no share sheet or the
// pointer is a mouse, and becomes one button that opens the sheet with that
// URL on a touch screen that has one (stand-ins: navigator.share records
// what it is given, matchMedia answers for a coarse pointer). Without the
// script the line is not shown.
func TestReaderShare(t *testing.T) {
	files := exampleSite(t)
	withHead := func(page, script string) {
		files[page] = []byte(strings.Replace(string(files[page]), "<head>", "<head>\n<script>"+script+"</script>", 1))
	}
	const sheet = `Navigator.prototype.share = function (d) { window.shared = d; return Promise.resolve(); };`
	const touch = `const mm = window.matchMedia; window.matchMedia = q => q === "(pointer: coarse)" ? {matches: true} : mm.call(window, q);`
	withHead("posts/nyukan-03/index.html", `delete Navigator.prototype.share; `+touch)
	withHead("posts/nyukan-02/index.html", sheet)
	withHead("posts/nyukan-04/index.html", sheet+touch)
	srv := newReaderServer(t, files)
	ctx := newReaderTab(t)
	const u = "https%3A%2F%2Frensai-ssg.github.io%2Frensai%2Fposts%2Fnyukan-03%2F"

	run(t, ctx, chromedp.Navigate(srv.URL+"/rensai/posts/nyukan-03/"))
	until(t, ctx, `document.querySelectorAll(".share a").length > 0`, "the share links")
	got := js[[]string](t, ctx, `Array.from(document.querySelectorAll(".share > *"), e => e.tagName + " " + e.textContent + " " + (e.getAttribute("href") || "") + " " + e.target)`)
	want := []string{"SPAN この話を共有  undefined",
		"A Xでポスト https://twitter.com/intent/tweet?url=" + u + " _blank",
		"A LINEで送る https://social-plugins.line.me/lineit/share?url=" + u + " _blank",
		"A はてなブックマーク https://b.hatena.ne.jp/add?mode=confirm&url=" + u + " _blank"}
	if !slices.Equal(got, want) {
		t.Errorf("share line without a share sheet:\n got %q\nwant %q", got, want)
	}

	// A share sheet with a mouse (a desktop's system sheet): the links.
	run(t, ctx, chromedp.Navigate(srv.URL+"/rensai/posts/nyukan-02/"))
	until(t, ctx, `document.querySelectorAll(".share a").length > 0`, "the share links on a desktop")
	if got := js[[]string](t, ctx, `Array.from(document.querySelectorAll(".share > *"), e => e.tagName)`); !slices.Equal(got, []string{"SPAN", "A", "A", "A"}) {
		t.Errorf("share line with a share sheet and a mouse: %q, want the label and three links", got)
	}

	run(t, ctx, chromedp.Navigate(srv.URL+"/rensai/posts/nyukan-04/"))
	until(t, ctx, `!!document.querySelector(".share button")`, "the share button")
	if got := js[[]string](t, ctx, `Array.from(document.querySelectorAll(".share > *"), e => e.tagName + " " + e.textContent)`); !slices.Equal(got, []string{"BUTTON この話を共有"}) {
		t.Errorf("share line with a share sheet: %q, want one button この話を共有", got)
	}
	run(t, ctx, chromedp.Click(".share button"))
	until(t, ctx, `!!window.shared`, "navigator.share called")
	if got := js[map[string]string](t, ctx, `window.shared`); got["url"] != "https://rensai-ssg.github.io/rensai/posts/nyukan-04/" || !strings.HasPrefix(got["title"], "【続編④】") {
		t.Errorf("the share sheet was given %v, want the canonical URL and the page's title", got)
	}

	if _, err := chromedp.Call(ctx, emulation.SetScriptExecutionDisabled, emulation.SetScriptExecutionDisabledParams{Value: true}); err != nil {
		t.Fatal(err)
	}
	run(t, ctx, chromedp.Navigate(srv.URL+"/rensai/posts/nyukan-05/"))
	if d := js[string](t, ctx, `getComputedStyle(document.querySelector(".share")).display`); d != "none" {
		t.Errorf("without JavaScript the share line shows (display %s)", d)
	}
}
