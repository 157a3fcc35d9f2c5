package generator

import (
	"context"
	"errors"
	"fmt"
	"mime"
	"net/http"
	"net/http/httptest"
	"os"
	"path"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/chromedp/cdproto/emulation"
	"github.com/chromedp/cdproto/runtime"
	"github.com/chromedp/chromedp"
	"github.com/chromedp/chromedp/kb"
	"github.com/rensai-ssg/rensai/internal/browsertest"
)

// The reader browser tests drive the default theme's reader.js in headless
// Chromium over the example site, at the size of a phone (390x844).
// RENSAI_SCREENSHOTS=dir keeps the screenshots they take.

const (
	readerDeadline = 20 * time.Second
	phoneW, phoneH = 390, 844
)

// readerServer serves a built site under /rensai/, uncached, and can
// refuse files to show what a page does without them.
type readerServer struct {
	*httptest.Server
	mu      sync.Mutex
	blocked map[string]bool
}

func newReaderServer(t *testing.T, files map[string][]byte) *readerServer {
	s := &readerServer{blocked: map[string]bool{}}
	s.Server = httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		name, ok := strings.CutPrefix(r.URL.Path, "/rensai/")
		if strings.HasSuffix(name, "/") || name == "" {
			name += "index.html"
		}
		s.mu.Lock()
		blocked := s.blocked[name]
		s.mu.Unlock()
		data, found := files[name]
		if !ok || !found || blocked {
			http.NotFound(w, r)
			return
		}
		w.Header().Set("Cache-Control", "no-store")
		w.Header().Set("Content-Type", mime.TypeByExtension(path.Ext(name)))
		_, _ = w.Write(data)
	}))
	t.Cleanup(s.Close)
	return s
}

func (s *readerServer) block(name string, on bool) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.blocked[name] = on
}

// newReaderTab starts headless Chromium through the shared launcher
// (skipping without it or under -short, failing in CI) and returns a tab
// the size of a phone that logs page exceptions.
func newReaderTab(t *testing.T) context.Context {
	t.Helper()
	ctx := browsertest.New(t, chromedp.Flag("hide-scrollbars", true))
	if err := chromedp.Do(ctx, chromedp.EmulateViewport(phoneW, phoneH)); err != nil {
		t.Fatalf("starting Chromium: %v", err)
	}
	if err := chromedp.Listen(ctx, func(ev any) {
		if e, ok := ev.(*runtime.EventExceptionThrown); ok {
			t.Errorf("page exception at %s:%d: %s", e.ExceptionDetails.URL, e.ExceptionDetails.LineNumber+1, e.ExceptionDetails.Text)
		}
	}); err != nil {
		t.Fatal(err)
	}
	return ctx
}

func run(t *testing.T, ctx context.Context, steps ...chromedp.Action[chromedp.Void]) {
	t.Helper()
	if err := chromedp.Do(ctx, steps...); err != nil {
		t.Fatal(err)
	}
}

// do evaluates expr as a step.
func do(expr string) chromedp.Action[chromedp.Void] {
	return chromedp.Func(func(ctx context.Context, tg *chromedp.Target) error {
		_, err := chromedp.Evaluate[any](expr)(ctx, tg)
		return err
	})
}

func js[T any](t *testing.T, ctx context.Context, expr string) T {
	t.Helper()
	v, err := chromedp.Run(ctx, chromedp.Evaluate[T](expr))
	if err != nil {
		t.Fatalf("evaluating %s: %v", expr, err)
	}
	return v
}

// until waits for the expression to be truthy, across navigations.
func until(t *testing.T, ctx context.Context, expr, what string) {
	t.Helper()
	end := time.Now().Add(readerDeadline)
	for {
		left := time.Until(end)
		if left <= 0 {
			t.Fatalf("timed out waiting for %s (%s)", what, expr)
		}
		_, err := chromedp.Run(ctx, chromedp.Poll[any](expr, chromedp.WithPollingTimeout(left)))
		if err == nil {
			return
		}
		if errors.Is(err, chromedp.ErrPollingTimeout) || ctx.Err() != nil {
			t.Fatalf("timed out waiting for %s (%s): %v", what, expr, err)
		}
	}
}

func screenshot(t *testing.T, ctx context.Context, name string) []byte {
	t.Helper()
	png, err := chromedp.Run(ctx, chromedp.CaptureScreenshot())
	if err != nil {
		t.Fatal(err)
	}
	if dir := os.Getenv("RENSAI_SCREENSHOTS"); dir != "" {
		if err := os.WriteFile(filepath.Join(dir, name+".png"), png, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	return png
}

// Expressions over the page under test.
const (
	jsState   = `JSON.parse(localStorage.getItem("rensai:reader") || "{}")`
	jsPage    = `JSON.parse(document.getElementById("rensai-page").textContent)`
	jsBlocks  = `Array.from(document.querySelector("[data-reader-text]").children)`
	jsFirstIn = `(() => { const b = ` + jsBlocks + `; return b.findIndex(e => e.getBoundingClientRect().bottom > 0); })()`
)

func bookmark(series string) string {
	return `((` + jsState + `).bookmarks || {})["` + series + `"]`
}

// readerStory is one reader going through the nyukan serial; its steps run
// in order, each building on the state the previous ones left.
type readerStory struct {
	ctx            context.Context
	srv            *readerServer
	label3, label4 string // labels of parts 3 and 4
	mid            int    // the block of part 3 where the reader stopped
}

func (r *readerStory) at(p string) string { return r.srv.URL + "/rensai/" + p }

const storySeries = "/rensai/series/nyukan/"

func storyPart(n string) string { return "/rensai/posts/nyukan-0" + n + "/" }

func TestReaderBrowser(t *testing.T) {
	r := &readerStory{srv: newReaderServer(t, exampleSite(t)), ctx: newReaderTab(t)}
	run(t, r.ctx, chromedp.Navigate(r.at("posts/nyukan-03/")), do(`localStorage.clear()`), chromedp.Reload())
	r.label3 = js[string](t, r.ctx, jsPage+`.label`)
	r.label4 = js[string](t, r.ctx, jsPage+`.next.label`)
	for _, step := range []struct {
		name string
		fn   func(*testing.T, *readerStory)
	}{
		{"first screen of a part shows the text", storyFirstScreen},
		{"resume lands on the saved paragraph", storyResume},
		{"the shelf of the home page and the series index leads back", storyShelf},
		{"a glance at an earlier part keeps the bookmark", storyGlance},
		{"a part read to the end is 既読 and resume offers the next", storyReadToEnd},
		{"parts published since the last visit are 新着", storyNew},
		{"a part lists every part from its series' parts file", storyPartsList},
		{"the headings box lists the text's headings", storyHeadings},
		{"arrow keys move between parts, never while typing", storyKeys},
		{"the final part read past its end is 既読", storyFinalPart},
		{"results of the header search never move the header", storyHeaderSearch},
		{"clearing the history", storyClear},
	} {
		if !t.Run(step.name, func(t *testing.T) { step.fn(t, r) }) {
			return // later steps build on this one
		}
	}
}

// storyFirstScreen: first screen of a part shows the text.
func storyFirstScreen(t *testing.T, r *readerStory) {
	got := js[map[string]float64](t, r.ctx, `(() => {
		const top = s => document.querySelector(s).getBoundingClientRect().top;
		return {kicker: top(".kicker"), h1: top("h1"), meta: top(".article-header .meta"),
			text: top("[data-reader-text] > p"), tags: top(".terms")}; })()`)
	if !(got["kicker"] < got["h1"] && got["h1"] < got["meta"] && got["meta"] < got["text"] && got["text"] < got["tags"]) {
		t.Errorf("want series link, title, date line, text, then tags; got tops %v", got)
	}
	if got["text"] > phoneH-3*24 {
		t.Errorf("the first paragraph starts at %.0f px: not on the first screen of %d px", got["text"], phoneH)
	}
	screenshot(t, r.ctx, "part-phone")
}

// storyResume: resume lands on the saved paragraph.
func storyResume(t *testing.T, r *readerStory) {
	r.mid = js[int](t, r.ctx, jsBlocks+`.length`) / 2
	run(t, r.ctx, do(jsBlocks+`[`+itoa(r.mid)+`].scrollIntoView({block: "start"})`))
	until(t, r.ctx, bookmark(storySeries)+`?.para === `+itoa(r.mid)+` && `+bookmark(storySeries)+`.part === 3`, "the bookmark at the middle of part 3")
	run(t, r.ctx, chromedp.Navigate(r.at("series/nyukan/")))
	until(t, r.ctx, `document.querySelector(".series-page .resume a")`, "the resume link")
	if got, want := js[string](t, r.ctx, `document.querySelector(".series-page .resume a").textContent`), "続きから読む: "+r.label3; got != want {
		t.Errorf("resume link reads %q; want %q", got, want)
	}
	run(t, r.ctx, chromedp.Click(".series-page .resume a"))
	until(t, r.ctx, `location.pathname === "`+storyPart("3")+`" && document.readyState === "complete" && location.hash === ""`, "part 3 after resuming")
	if got := js[int](t, r.ctx, jsFirstIn); got != r.mid {
		t.Errorf("resumed at block %d; want the saved block %d", got, r.mid)
	}
}

// storyShelf: the shelf (読みかけの連載) of the home page and of the
// series index names the series being read and resumes it.
func storyShelf(t *testing.T, r *readerStory) {
	run(t, r.ctx, chromedp.Navigate(r.at("series/nyukan/")))
	title := js[string](t, r.ctx, jsPage+`.series.title`)
	for _, p := range []string{"", "series/"} {
		run(t, r.ctx, chromedp.Navigate(r.at(p)))
		until(t, r.ctx, `document.querySelector("[data-reader-shelf]:not([hidden]) li")`, "the shelf on /"+p)
		got := js[[]string](t, r.ctx, `Array.from(document.querySelectorAll("[data-reader-shelf] li")).map(li =>
			li.querySelector(".shelf-title").textContent + " | " + new URL(li.querySelector(".shelf-title").href).pathname + " | " +
			li.querySelector(".shelf-title + a").textContent + " | " + new URL(li.querySelector(".shelf-title + a").href).pathname + new URL(li.querySelector(".shelf-title + a").href).hash)`)
		want := title + " | " + storySeries + " | 続きから読む: " + r.label3 + " | " + storyPart("3") + "#resume"
		if len(got) != 1 || got[0] != want {
			t.Errorf("shelf on /%s: %q; want [%q]", p, got, want)
		}
	}
	screenshot(t, r.ctx, "shelf-phone")
}

// TestReaderShelf: a part opened on its own gives its bookmark the
// series' title, from the series' parts file; the shelf lists at most
// five series, most recently read first, shows titles from storage as
// text, and leaves out what it cannot resume: a series read to its end
// with no next part known, and a bookmark whose address is not a path of
// the site.
func TestReaderShelf(t *testing.T) {
	srv := newReaderServer(t, exampleSite(t))
	ctx := newReaderTab(t)
	run(t, ctx, chromedp.Navigate(srv.URL+"/rensai/"+strings.TrimPrefix(storyPart("2"), "/rensai/")), do(`localStorage.clear()`), chromedp.Reload())
	until(t, ctx, bookmark(storySeries)+`?.title`, "the series title in the bookmark of part 2")
	parts, err := chromedp.Run(ctx, chromedp.Evaluate[string](`fetch("`+storySeries+`parts.json").then(r => r.json()).then(d => d.title)`, chromedp.EvalAwaitPromise))
	if err != nil {
		t.Fatal(err)
	}
	if got := js[string](t, ctx, bookmark(storySeries)+`.title`); got != parts || got == "" {
		t.Errorf("bookmark title %q; want the parts file's %q", got, parts)
	}
	bms := `{}`
	for i, title := range []string{"一", "二", "<img src=x onerror=\"window.made=1\">三", "四", "五", "六", "七"} {
		bms += `, "/rensai/series/s` + itoa(i) + `/": {part: 2, url: "/rensai/posts/s` + itoa(i) + `/", label: "続編②", title: ` + strconv.Quote(title) + `, at: ` + itoa(100+i) + `}`
	}
	bms = strings.TrimPrefix(bms, `{}, `)
	bms += `, "/rensai/series/done/": {part: 9, url: "/rensai/posts/done/", label: "完結編⑨", title: "読了", done: true, next: null, at: 900}`
	bms += `, "/rensai/series/js/": {part: 1, url: "javascript:alert(1)", label: "前編①", title: "不正", at: 901}`
	bms += `, "/rensai/series/ext/": {part: 1, url: "//evil.example/p/", label: "前編①", title: "外部", at: 902}`
	run(t, ctx, chromedp.Navigate(srv.URL+"/rensai/"),
		do(`localStorage.setItem("rensai:reader", JSON.stringify({bookmarks: {`+bms+`}}))`), chromedp.Reload())
	until(t, ctx, `document.querySelector("[data-reader-shelf]:not([hidden]) li")`, "the shelf")
	got := js[[]string](t, ctx, `Array.from(document.querySelectorAll("[data-reader-shelf] li .shelf-title")).map(a => a.textContent)`)
	if want := []string{"七", "六", "五", "四", "<img src=x onerror=\"window.made=1\">三"}; !slices.Equal(got, want) {
		t.Errorf("shelf lists %q; want %q", got, want)
	}
	if n := js[int](t, ctx, `document.querySelectorAll("[data-reader-shelf] img, [data-reader-shelf] a[href^='javascript']").length + (window.made || 0)`); n != 0 {
		t.Errorf("the shelf made %d elements or handlers out of stored text", n)
	}
}

// storyGlance: a glance at an earlier part keeps the bookmark.
func storyGlance(t *testing.T, r *readerStory) {
	run(t, r.ctx, chromedp.Navigate(r.at("posts/nyukan-01/")),
		do(`window.scrollTo(0, document.documentElement.scrollHeight)`))
	until(t, r.ctx, `((`+jsState+`).read["`+storySeries+`"] || {})["`+storyPart("1")+`"]`, "part 1 read")
	if got := js[int](t, r.ctx, bookmark(storySeries)+`.part`); got != 3 {
		t.Errorf("after a glance at part 1 the bookmark is at part %d; want 3", got)
	}
	if got := js[int](t, r.ctx, bookmark(storySeries)+`.para`); got != r.mid {
		t.Errorf("after a glance at part 1 the bookmark is at block %d; want %d", got, r.mid)
	}
}

// storyReadToEnd: a part read to the end is 既読 and resume offers the next.
func storyReadToEnd(t *testing.T, r *readerStory) {
	run(t, r.ctx, chromedp.Navigate(r.at("posts/nyukan-03/")),
		do(`window.scrollTo(0, document.documentElement.scrollHeight)`))
	until(t, r.ctx, bookmark(storySeries)+`?.done`, "part 3 read to the end")
	run(t, r.ctx, chromedp.Navigate(r.at("series/nyukan/")))
	until(t, r.ctx, `document.querySelector(".series-page .resume a")`, "the resume link")
	marks := js[[]string](t, r.ctx, `Array.from(document.querySelectorAll(".series-toc li")).map(li => (li.querySelector(".mark-read") || {}).textContent || "")`)
	if len(marks) != 7 || marks[0] != "既読" || marks[1] != "" || marks[2] != "既読" || marks[3] != "" {
		t.Errorf("read marks on the storySeries page: %q; want 既読 on parts 1 and 3 only", marks)
	}
	if got, want := js[string](t, r.ctx, `document.querySelector(".series-page .resume a").textContent`), "続きから読む: "+r.label4; got != want {
		t.Errorf("resume link reads %q; want %q", got, want)
	}
	run(t, r.ctx, chromedp.Navigate(r.at("")))
	card := `document.querySelector('[data-reader-series="` + storySeries + `"] .resume')`
	until(t, r.ctx, card+`?.textContent.includes("続きから読む: `+r.label4+`")`, "the resume link on the home page")
	if got := js[string](t, r.ctx, card+`.textContent`); !strings.Contains(got, "未読5話") {
		t.Errorf("home card reads %q; want the unread count 未読5話", got)
	}
	// A term page that covers every part shows the series as a card with
	// the same resume link and count (its parts are listed on the series page).
	run(t, r.ctx, chromedp.Navigate(r.at("staff/Kさん/")))
	until(t, r.ctx, card+`?.textContent.includes("続きから読む: `+r.label4+`")`, "the resume link on the term page")
	if got := js[string](t, r.ctx, card+`.textContent`); !strings.Contains(got, "未読5話") {
		t.Errorf("term page card reads %q; want the unread count 未読5話", got)
	}
}

// storyNew: parts published since the last visit are 新着.
func storyNew(t *testing.T, r *readerStory) {
	run(t, r.ctx, chromedp.Navigate(r.at("series/nyukan/")),
		do(`(() => { const s = `+jsState+`; s.visit = {at: Date.now(), day: "2026-12-01", last: "2025-10-25"};
			localStorage.setItem("rensai:reader", JSON.stringify(s)); })()`),
		chromedp.Reload())
	marks := js[[]string](t, r.ctx, `Array.from(document.querySelectorAll(".series-toc li")).map(li => li.querySelector(".mark-new, .mark-read")?.textContent || "")`)
	want := []string{"既読", "", "既読", "新着", "新着", "新着", "新着"}
	if fmt.Sprint(marks) != fmt.Sprint(want) {
		t.Errorf("marks on the storySeries page: %q; want %q (parts after 2025-10-25 and unread are new)", marks, want)
	}
}

// storyPartsList: a part's list of every part comes from the series'
// parts file, with the part itself marked and 既読 on the parts read.
func storyPartsList(t *testing.T, r *readerStory) {
	run(t, r.ctx, chromedp.Navigate(r.at("posts/nyukan-04/")))
	until(t, r.ctx, `!!document.querySelector(".series-all")`, "the list of parts")
	got := js[[]string](t, r.ctx, `Array.from(document.querySelectorAll(".series-parts li a")).map(a =>
		new URL(a.href).pathname + (a.getAttribute("aria-current") === "page" ? " current" : "") + (a.querySelector(".mark-read") ? " 既読" : ""))`)
	want := []string{storyPart("1") + " 既読", storyPart("2"), storyPart("3") + " 既読", storyPart("4") + " current",
		storyPart("5"), storyPart("6"), storyPart("7")}
	if fmt.Sprint(got) != fmt.Sprint(want) {
		t.Errorf("list of parts on part 4: %q; want %q", got, want)
	}
}

// storyHeadings: the headings box, which the page leaves empty, lists the
// h2-h4 headings of the text (content/posts/nyukan-04.md) with their levels.
func storyHeadings(t *testing.T, r *readerStory) {
	run(t, r.ctx, chromedp.Navigate(r.at("posts/nyukan-04/")))
	until(t, r.ctx, `document.querySelectorAll(".toc li").length > 0`, "the headings box")
	got := js[[]string](t, r.ctx, `Array.from(document.querySelectorAll(".toc li")).map(li =>
		li.className + " " + decodeURIComponent(new URL(li.querySelector("a").href).hash) + " " + li.textContent)`)
	want := []string{"toc-2 #クレーム経緯 クレーム経緯", "toc-2 #対応のポイント 対応のポイント", "toc-2 #対応経緯 対応経緯",
		"toc-3 #台帳の比較 台帳の比較", "toc-3 #yさんへの確認 Yさんへの確認", "toc-3 #o主任への確認 O主任への確認"}
	if fmt.Sprint(got) != fmt.Sprint(want) {
		t.Errorf("headings box of part 4: %q; want %q", got, want)
	}
}

// storyKeys: arrow keys move between parts, never while typing.
func storyKeys(t *testing.T, r *readerStory) {
	run(t, r.ctx, chromedp.Navigate(r.at("posts/nyukan-03/")), chromedp.KeyEvent(kb.ArrowRight))
	until(t, r.ctx, `location.pathname === "`+storyPart("4")+`" && document.readyState === "complete" && !!document.querySelector(".settings-toggle")`, "part 4 after →, with reader.js")
	run(t, r.ctx, chromedp.KeyEvent(kb.ArrowLeft))
	// Wait for the new document to be whole before clicking in it: a node
	// looked up in the page being left is gone once the next one loads.
	until(t, r.ctx, `location.pathname === "`+storyPart("3")+`" && document.readyState === "complete" && !!document.querySelector(".settings-toggle")`, "part 3 after ←, with reader.js")
	// In the search box the keys move the caret: the key event is not
	// taken (the listener below runs after reader.js's).
	run(t, r.ctx, do(`window.addEventListener("keydown", e => { window.taken = e.defaultPrevented; })`),
		chromedp.Click("#site-search-q"), chromedp.KeyEvent(kb.ArrowRight))
	if taken := js[bool](t, r.ctx, `window.taken`); taken {
		t.Error("→ in the search box was taken by the reader")
	}
	if got := js[string](t, r.ctx, `location.pathname`); got != storyPart("3") {
		t.Errorf("→ in the search box moved to %s", got)
	}
}

// storyFinalPart: the final part ends with other series below the text:
// jumping to the bottom of the page scrolls the last paragraph past, and
// the part is still read; the series is then read to its end.
func storyFinalPart(t *testing.T, r *readerStory) {
	run(t, r.ctx, chromedp.Navigate(r.at("posts/nyukan-07/")),
		do(`window.scrollTo(0, document.documentElement.scrollHeight)`))
	if js[bool](t, r.ctx, jsBlocks+`.at(-1).getBoundingClientRect().bottom > 0`) {
		t.Fatal("the last paragraph of part 7 is still on screen at the bottom of the page: the test shows nothing")
	}
	until(t, r.ctx, `((`+jsState+`).read["`+storySeries+`"] || {})["`+storyPart("7")+`"]`, "part 7 read")
	if got := js[int](t, r.ctx, bookmark(storySeries)+`.part`); got != 7 {
		t.Errorf("after reading the final part the bookmark is at part %d; want 7", got)
	}
}

// storyHeaderSearch: results of the header search never move the header.
func storyHeaderSearch(t *testing.T, r *readerStory) {
	const box = `(() => { const h = document.querySelector(".site-header").getBoundingClientRect(),
		i = document.querySelector("#site-search-q").getBoundingClientRect(), b = document.querySelector(".site-search button").getBoundingClientRect();
		return [h.height, i.width, b.width, b.height]; })()`
	run(t, r.ctx, chromedp.Navigate(r.at("series/")))
	before := js[[]float64](t, r.ctx, box)
	run(t, r.ctx, chromedp.Click("#site-search-q"), chromedp.SendKeys("#site-search-q", "入館証"))
	until(t, r.ctx, `document.querySelector(".site-search-results li")`, "live results in the header")
	after := js[[]float64](t, r.ctx, box)
	if fmt.Sprint(before) != fmt.Sprint(after) {
		t.Errorf("header, input and button sizes changed from %v to %v while showing results", before, after)
	}
	screenshot(t, r.ctx, "header-search")
}

// storyClear: clearing the history.
func storyClear(t *testing.T, r *readerStory) {
	run(t, r.ctx, chromedp.Navigate(r.at("series/nyukan/")), chromedp.Click(".settings-toggle"), chromedp.Click("[data-reader-clear]"))
	until(t, r.ctx, `document.querySelector(".series-page .resume").hidden && !document.querySelector(".mark-read")`, "no resume link or read mark")
	// The message comes from the settings form (assets/settings.html), not
	// from every page.
	if got := js[string](t, r.ctx, `document.querySelector(".settings-status").textContent`); got != "読書履歴を消去しました。" {
		t.Errorf("status after clearing = %q", got)
	}
	if got := js[int](t, r.ctx, `Object.keys((`+jsState+`).bookmarks).length`); got != 0 {
		t.Errorf("%d bookmarks left after clearing", got)
	}
}

// TestReaderWithoutJavaScript reads a part with scripts disabled: the text,
// the navigation and the lists are all there; the settings control and the
// headings box, which need the script, are not shown. With the script,
// nothing moves while the page loads.
func TestReaderWithoutJavaScript(t *testing.T) {
	srv := newReaderServer(t, exampleSite(t))
	ctx := newReaderTab(t)
	if _, err := chromedp.Call(ctx, emulation.SetScriptExecutionDisabled, emulation.SetScriptExecutionDisabledParams{Value: true}); err != nil {
		t.Fatal(err)
	}
	run(t, ctx, chromedp.Navigate(srv.URL+"/rensai/posts/nyukan-06/"))
	got := js[map[string]any](t, ctx, `({
		text: document.querySelector("[data-reader-text] > p").getBoundingClientRect().top,
		prev: !!document.querySelector(".series-nav a[rel=prev]"), next: !!document.querySelector(".series-nav a[rel=next]"),
		toc: document.querySelector(".series-nav a.up").getAttribute("href"),
		list: !!document.querySelector(".series-all"), settings: !!document.querySelector(".settings-toggle") })`)
	if top, _ := got["text"].(float64); top > phoneH-3*24 {
		t.Errorf("without JavaScript the first paragraph starts at %.0f px", top)
	}
	if got["prev"] != true || got["next"] != true || got["toc"] != "/rensai/series/nyukan/" || got["list"] != false {
		t.Errorf("navigation without JavaScript: %v", got)
	}
	if got["settings"] != false {
		t.Errorf("the settings control is there without JavaScript: %v", got)
	}
	screenshot(t, ctx, "part-phone-nojs")

	// Printed, a part keeps its series title and label and drops navigation.
	if _, err := chromedp.Call(ctx, emulation.SetEmulatedMedia, emulation.SetEmulatedMediaParams{Media: "print"}); err != nil {
		t.Fatal(err)
	}
	shown := `(s => getComputedStyle(document.querySelector(s)).display !== "none")`
	printed := js[map[string]bool](t, ctx, `({kicker: `+shown+`(".kicker"), label: `+shown+`(".h1-label"),
		nav: `+shown+`(".series-nav"), header: `+shown+`(".site-header"), share: `+shown+`(".share")})`)
	if !printed["kicker"] || !printed["label"] || printed["nav"] || printed["header"] || printed["share"] {
		t.Errorf("printed part shows %v; want the series title and label, no navigation, header or share links", printed)
	}
	if _, err := chromedp.Call(ctx, emulation.SetEmulatedMedia, emulation.SetEmulatedMediaParams{}); err != nil {
		t.Fatal(err)
	}

	// Without the script the headings box, which the script fills, is not
	// shown (it would open empty); the headings are in the text.
	if d := js[string](t, ctx, `getComputedStyle(document.querySelector("[data-reader-toc]")).display`); d != "none" {
		t.Errorf("without JavaScript the headings box shows (display %s)", d)
	}

	// With the script the box is there from the first paint, and nothing
	// moves while the page loads and the script fills the box and shows the
	// list of parts: Chromium records no layout shift (buffered entries, so
	// those from before the observer count), on a phone and on a desktop.
	if !js[bool](t, ctx, `PerformanceObserver.supportedEntryTypes.includes("layout-shift")`) {
		t.Fatal("Chromium does not report layout shifts")
	}
	const shifts = `new Promise(done => {
		const seen = [], o = new PerformanceObserver(l => seen.push(...l.getEntries()));
		o.observe({type: "layout-shift", buffered: true});
		requestAnimationFrame(() => requestAnimationFrame(() => {
			seen.push(...o.takeRecords());
			o.disconnect();
			done(seen.filter(e => !e.hadRecentInput).map(e => e.value.toFixed(4) + " " +
				e.sources.map(s => s.node ? s.node.nodeName + "." + s.node.className : "?").join(",")));
		}));
	})`
	on := newReaderTab(t)
	for _, w := range []int64{phoneW, 1280} {
		run(t, on, chromedp.EmulateViewport(w, 900), chromedp.Navigate(srv.URL+"/rensai/posts/nyukan-06/"))
		until(t, on, `document.querySelector("[data-reader-toc] li") && !!document.querySelector(".series-all") && !!document.querySelector(".settings-toggle")`, "reader.js")
		if d := js[string](t, on, `getComputedStyle(document.querySelector("[data-reader-toc]")).display`); d != "block" {
			t.Errorf("at %dpx with JavaScript the headings box has display %s", w, d)
		}
		got, err := chromedp.Run(on, chromedp.Evaluate[[]string](shifts, chromedp.EvalAwaitPromise))
		if err != nil {
			t.Fatal(err)
		}
		if len(got) != 0 {
			t.Errorf("at %dpx the page moved while loading with JavaScript (layout shifts: %v)", w, got)
		}
	}
}

// TestReaderVerticalWriting switches to 縦書き in the settings panel and
// reloads with reader.js refused: the page is still vertical, so the mode
// comes from the inline script in <head>, before first paint (no flash of
// horizontal text). In vertical mode ← turns the page instead of leaving it.
func TestReaderVerticalWriting(t *testing.T) {
	srv := newReaderServer(t, exampleSite(t))
	ctx := newReaderTab(t)
	run(t, ctx, chromedp.Navigate(srv.URL+"/rensai/posts/nyukan-02/"),
		chromedp.Click(".settings-toggle"), chromedp.Click(`input[name=theme][value=sepia]`), chromedp.Click(`input[name=font][value=mincho]`))
	until(t, ctx, `document.documentElement.dataset.theme === "sepia"`, "the sepia scheme")
	screenshot(t, ctx, "settings-open")
	run(t, ctx, chromedp.Click(`input[name=writing][value=vertical]`))
	until(t, ctx, `document.documentElement.dataset.writing === "vertical"`, "vertical mode")
	srv.block("assets/js/reader.js", true)
	run(t, ctx, chromedp.Reload())
	const layout = `(() => { const t = document.querySelector("[data-reader-text]"), p = t.querySelector("p").getBoundingClientRect();
		return {mode: getComputedStyle(t).writingMode, scrolls: t.scrollWidth > t.clientWidth, tall: p.height > p.width,
			script: !!document.querySelector(".settings-toggle")}; })()`
	got := js[map[string]any](t, ctx, layout)
	if got["mode"] != "vertical-rl" || got["scrolls"] != true || got["tall"] != true {
		t.Errorf("after a reload without reader.js the text is not vertical: %v", got)
	}
	if got["script"] != false {
		t.Errorf("reader.js ran although it was refused: %v", got)
	}
	screenshot(t, ctx, "part-vertical-reload")

	srv.block("assets/js/reader.js", false)
	run(t, ctx, chromedp.Reload())
	until(t, ctx, `!!document.querySelector(".settings-toggle")`, "reader.js")
	if n := js[int](t, ctx, `document.querySelectorAll("[data-reader-text] .tcy").length`); n == 0 {
		t.Error("no short digit run is set upright (縦中横)")
	}
	run(t, ctx, do(`document.activeElement.blur()`), chromedp.KeyEvent(kb.ArrowLeft))
	until(t, ctx, `document.querySelector("[data-reader-text]").scrollLeft < 0`, "← turning the page in vertical text")
	if got := js[string](t, ctx, `location.pathname`); got != "/rensai/posts/nyukan-02/" {
		t.Errorf("← in vertical text left the part for %s", got)
	}
	screenshot(t, ctx, "part-vertical")

	// The bookmark works in vertical text too: the saved block is the first
	// one in reading order (the rightmost) that shows, and resume brings it back.
	vfirst := `(() => { const t = document.querySelector("[data-reader-text]").getBoundingClientRect();
		return ` + jsBlocks + `.findIndex(e => { const r = e.getBoundingClientRect(); return r.left < t.right && r.right > t.left; }); })()`
	n := js[int](t, ctx, jsBlocks+`.length`) / 2
	run(t, ctx, do(jsBlocks+`[`+itoa(n)+`].scrollIntoView({block: "start", inline: "start"})`))
	// The bookmark is whichever block shows first once the scroll has
	// settled: block n, or its predecessor when a sliver of it still shows
	// (sub-pixel positions in vertical text vary from run to run).
	until(t, ctx, bookmark("/rensai/series/nyukan/")+`?.para === `+vfirst, "the bookmark in vertical text")
	if got := js[int](t, ctx, vfirst); got != n && got != n-1 {
		t.Fatalf("after scrolling to block %d the first block shown is %d", n, got)
	}
	n = js[int](t, ctx, bookmark("/rensai/series/nyukan/")+`.para`)
	run(t, ctx, chromedp.Navigate(srv.URL+"/rensai/series/nyukan/"), chromedp.Click(".series-page .resume a"))
	until(t, ctx, `location.pathname === "/rensai/posts/nyukan-02/" && document.readyState === "complete" && location.hash === ""`, "part 2 after resuming")
	if got := js[int](t, ctx, vfirst); got != n {
		t.Errorf("resumed vertical text at block %d; want %d", got, n)
	}
}

// TestReaderSettings chooses each reader setting in the panel and checks
// that the page changes and that the choice survives a reload.
func TestReaderSettings(t *testing.T) {
	srv := newReaderServer(t, exampleSite(t))
	ctx := newReaderTab(t)
	const prose = `getComputedStyle(document.querySelector("[data-reader-text]"))`
	tests := []struct {
		name, input, measure string
		changed              func(before, after string) bool
	}{
		{"larger text", "size][value=l", prose + `.fontSize`, func(b, a string) bool { return px(a) > px(b) }},
		{"smaller text", "size][value=s", prose + `.fontSize`, func(b, a string) bool { return px(a) < px(b) }},
		{"loose line spacing", "leading][value=loose", prose + `.lineHeight`, func(b, a string) bool { return px(a) > px(b) }},
		{"明朝", "font][value=mincho", prose + `.fontFamily`, func(b, a string) bool { return strings.Contains(a, "Mincho") && !strings.Contains(b, "Mincho") }},
		{"dark", "theme][value=dark", `getComputedStyle(document.body).backgroundColor`, func(b, a string) bool { return a != b }},
		{"sepia", "theme][value=sepia", `getComputedStyle(document.body).backgroundColor`, func(b, a string) bool { return a != b }},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			run(t, ctx, chromedp.Navigate(srv.URL+"/rensai/posts/shokudo-02/"), do(`localStorage.removeItem("rensai:settings")`), chromedp.Reload())
			before := js[string](t, ctx, tt.measure)
			run(t, ctx, chromedp.Click(".settings-toggle"), chromedp.Click(`input[name=`+tt.input+`]`))
			if after := js[string](t, ctx, tt.measure); !tt.changed(before, after) {
				t.Errorf("%s: %s went from %q to %q", tt.name, tt.measure, before, after)
			}
			srv.block("assets/js/reader.js", true)
			defer srv.block("assets/js/reader.js", false)
			run(t, ctx, chromedp.Reload())
			if after := js[string](t, ctx, tt.measure); !tt.changed(before, after) {
				t.Errorf("%s after a reload: %s went from %q to %q", tt.name, tt.measure, before, after)
			}
		})
	}
}

// px reads a CSS length such as "17px".
func px(s string) float64 {
	v, _ := strconv.ParseFloat(strings.TrimSuffix(s, "px"), 64)
	return v
}
