package devserver

import (
	"context"
	"errors"
	"fmt"
	"html"
	"net"
	"os"
	"path/filepath"
	"reflect"
	"sort"
	"strings"
	"sync"
	"testing"
	"time"
	"unicode/utf8"

	"github.com/chromedp/cdproto/page"
	"github.com/chromedp/chromedp"
	"github.com/rensai-ssg/rensai/generator/diag"
	"github.com/rensai-ssg/rensai/internal/browsertest"
)

// connected is true once the page's reload script has its event stream
// and the hello that came with it did not make the page reload: from then
// on the page hears of every build.
const connected = `(window.rensaiLive !== undefined && window.rensaiLive.connected === true)`

// waitConnected waits until the page in tab listens for builds. A test
// waits for it before each edit whose effect it checks in the page.
func waitConnected(tb testing.TB, tab context.Context) {
	tb.Helper()
	browsertest.WaitFor(tb, tab, connected, "the page's live-reload connection")
}

// testSite is a site directory the browser tests edit, built by
// siteBuilder: each content/<series>/<slug>.md becomes a page with the
// file's text, static/style.css the stylesheet.
type testSite struct {
	root string
	base string
	lang string // Options.Lang of the server
}

func newTestSite(tb testing.TB, base string, files map[string]string) *testSite {
	tb.Helper()
	s := &testSite{root: tb.TempDir(), base: base}
	for name, text := range files {
		s.write(tb, name, text)
	}
	return s
}

func (s *testSite) write(tb testing.TB, rel, text string) {
	tb.Helper()
	p := filepath.Join(s.root, filepath.FromSlash(rel))
	if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
		tb.Fatal(err)
	}
	// Save as editors do: a temporary file renamed over the source.
	tmp := filepath.Join(filepath.Dir(p), "."+filepath.Base(p)+".tmp")
	if err := os.WriteFile(tmp, []byte(text), 0o644); err != nil {
		tb.Fatal(err)
	}
	if err := os.Rename(tmp, p); err != nil {
		tb.Fatal(err)
	}
}

func (s *testSite) remove(tb testing.TB, rel string) {
	tb.Helper()
	if err := os.Remove(filepath.Join(s.root, filepath.FromSlash(rel))); err != nil {
		tb.Fatal(err)
	}
}

// siteBuilder is the fake generator of the browser tests.
type siteBuilder struct{ site *testSite }

func (b siteBuilder) Build(ctx context.Context, changed []string) (*Result, error) {
	base := b.site.base
	files := map[string][]byte{}
	series := map[string][]string{}
	var errs []error
	var warnings diag.List
	err := filepath.WalkDir(filepath.Join(b.site.root, "content"), func(p string, d os.DirEntry, err error) error {
		if err != nil || d.IsDir() || !strings.HasSuffix(p, ".md") {
			return err
		}
		rel, _ := filepath.Rel(b.site.root, p)
		rel = filepath.ToSlash(rel)
		data, err := os.ReadFile(p)
		if err != nil {
			return err
		}
		for i, line := range strings.Split(string(data), "\n") {
			if at := strings.Index(line, "BROKEN"); at >= 0 {
				errs = append(errs, &diag.Error{Path: rel, Line: i + 1, Column: utf8.RuneCountInString(line[:at]) + 1,
					Msg: `壊れた行です <img src=x onerror="window.__xss=1">: BROKEN を消してください`})
			}
			if strings.Contains(line, "WARN") {
				warnings = append(warnings, diag.Warningf(rel, i+1, "気になる行です: WARN"))
			}
		}
		parts := strings.Split(strings.TrimPrefix(rel, "content/"), "/")
		slug := strings.TrimSuffix(parts[len(parts)-1], ".md")
		block := fmt.Sprintf(`{"v":1,"kind":"article","url":"%sposts/%s/"}`, base, slug)
		if len(parts) == 2 {
			series[parts[0]] = append(series[parts[0]], slug)
			block = fmt.Sprintf(`{"v":1,"kind":"article","url":"%sposts/%s/","series":{"url":"%sseries/%s/","slug":"%s"}}`, base, slug, base, parts[0], parts[0])
		}
		body := `<main>` + html.EscapeString(string(data)) + `</main><div style="height:4000px"></div>`
		if strings.Contains(string(data), "SCRIPT") {
			body += `<script>window.__ran = (window.__ran || 0) + 1</script>`
		}
		files["posts/"+slug+"/index.html"] = []byte(testPage(base, slug, block, body))
		return nil
	})
	if err != nil {
		return nil, err
	}
	if ctx.Err() != nil {
		return nil, ctx.Err()
	}
	if len(errs) > 0 {
		return nil, errors.Join(errs...)
	}
	names := make([]string, 0, len(series))
	for name := range series {
		names = append(names, name)
	}
	sort.Strings(names)
	var home strings.Builder
	for _, name := range names {
		var list strings.Builder
		sort.Strings(series[name])
		for _, slug := range series[name] {
			fmt.Fprintf(&list, `<li><a href="%sposts/%s/">%s</a></li>`, base, slug, slug)
		}
		files["series/"+name+"/index.html"] = []byte(testPage(base, name, "", `<h1>連載 `+name+`</h1><ol class="series-toc">`+list.String()+`</ol>`))
		fmt.Fprintf(&home, `<li><a href="%sseries/%s/">%s</a></li>`, base, name, name)
	}
	files["index.html"] = []byte(testPage(base, "ホーム", "", "<h1>ホーム</h1><ul>"+home.String()+"</ul>"))
	files["404.html"] = []byte(testPage(base, "404", "", "<h1>ページが見つかりません</h1>"))
	if css, err := os.ReadFile(filepath.Join(b.site.root, "static", "style.css")); err == nil {
		files["assets/css/style.css"] = css
	}
	return &Result{Files: files, BasePath: base, Warnings: warnings}, nil
}

// testPage is a page of the fake site; block, if set, is its page-data
// block (the generator's contract with live.js).
func testPage(base, title, block, body string) string {
	if block != "" {
		block = `<script type="application/json" id="rensai-page">` + block + `</script>`
	}
	return `<!doctype html><html lang="ja" data-base="` + base + `"><head><meta charset="utf-8"><title>` + html.EscapeString(title) +
		`</title>` + block + `<link rel="stylesheet" href="` + base + `assets/css/style.css"></head><body>` + body + `</body></html>`
}

// startServer serves site with the fake builder on a free port until the
// test ends. It returns the server's root URL and a function that stops it.
func startServer(tb testing.TB, site *testSite, ln net.Listener) (url string, stop func()) {
	tb.Helper()
	if ln == nil {
		var err error
		if ln, err = net.Listen("tcp", "127.0.0.1:0"); err != nil {
			tb.Fatal(err)
		}
	}
	opts := Options{Source: site.root, Builder: siteBuilder{site}, Lang: site.lang, Watch: WatchOptions{Quiet: 30 * time.Millisecond}}
	if _, bench := tb.(*testing.B); !bench {
		opts.Log = logWriter{tb}
	}
	s, err := New(opts)
	if err != nil {
		tb.Fatal(err)
	}
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan error, 1)
	go func() { done <- s.Serve(ctx, ln) }()
	var once sync.Once
	stop = func() {
		once.Do(func() {
			cancel()
			select {
			case err := <-done:
				if err != nil {
					tb.Errorf("Serve: %v", err)
				}
			case <-time.After(deadline):
				tb.Errorf("Serve did not stop")
			}
		})
	}
	tb.Cleanup(stop)
	return "http://" + ln.Addr().String(), stop
}

// logWriter sends the server's log to the test log.
type logWriter struct{ tb testing.TB }

func (w logWriter) Write(p []byte) (int, error) {
	w.tb.Logf("server: %s", strings.TrimRight(string(p), "\n"))
	return len(p), nil
}

const (
	mainText    = `(document.querySelector('main') ? document.querySelector('main').textContent : '')`
	overlayText = `(document.getElementById('rensai-build-error') ? document.getElementById('rensai-build-error').textContent : '')`
)

func TestBrowserLiveReload(t *testing.T) {
	browser := browsertest.New(t)
	site := newTestSite(t, "/blog/", map[string]string{
		"content/s/a.md":   "初版の本文",
		"content/s/b.md":   "第二話",
		"static/style.css": "main { color: rgb(10, 20, 30); }",
	})
	url, _ := startServer(t, site, nil)
	tab := browsertest.Tab(t, browser)
	if err := chromedp.Do(tab, chromedp.Navigate(url+"/blog/posts/a/")); err != nil {
		t.Fatal(err)
	}
	browsertest.WaitFor(t, tab, mainText+`.includes('初版の本文')`, "the first page")
	waitConnected(t, tab)

	// The reload script is there, and not part of the built page.
	if n := browsertest.Eval[int](t, tab, `document.querySelectorAll('script[src^="/__rensai/live.js?"]').length`); n != 1 {
		t.Fatalf("%d reload scripts in the page, want 1", n)
	}

	t.Log("edit the page's source: the page changes in place and keeps its scroll position")
	browsertest.Eval[any](t, tab, `window.scrollTo(0, 700)`)
	browsertest.WaitFor(t, tab, `window.scrollY === 700`, "the scroll")
	browsertest.Eval[any](t, tab, `window.__before = 'edit'`)
	site.write(t, "content/s/a.md", "改訂版の本文")
	browsertest.WaitFor(t, tab, mainText+`.includes('改訂版の本文')`, "the edited text")
	browsertest.WaitFor(t, tab, `window.scrollY === 700`, "the scroll position kept over the reload")
	waitConnected(t, tab)

	t.Log("break the build: the overlay shows file:line and the message, escaped")
	site.write(t, "content/s/a.md", "一行目\nBROKEN な二行目")
	browsertest.WaitFor(t, tab, overlayText+`.includes('content/s/a.md:2')`, "the error overlay")
	if got := browsertest.Eval[string](t, tab, overlayText); !strings.Contains(got, `<img src=x onerror="window.__xss=1">`) {
		t.Errorf("overlay text %q lacks the literal markup of the message", got)
	}
	if n := browsertest.Eval[int](t, tab, `document.querySelectorAll('#rensai-build-error img').length`); n != 0 {
		t.Errorf("the overlay made %d elements out of the error text", n)
	}
	if got := browsertest.Eval[string](t, tab, mainText); !strings.Contains(got, "改訂版の本文") {
		t.Errorf("the last good page was replaced during the error: %q", got)
	}

	t.Log("fix the file: the overlay goes and the page reloads")
	site.write(t, "content/s/a.md", "修正版の本文")
	browsertest.WaitFor(t, tab, `!document.getElementById('rensai-build-error') && `+mainText+`.includes('修正版の本文')`, "the fixed page")
	waitConnected(t, tab)

	t.Log("change only the stylesheet: it is swapped without a reload")
	browsertest.Eval[any](t, tab, `window.__stay = 'kept'`)
	site.write(t, "static/style.css", "main { color: rgb(1, 2, 3); }")
	browsertest.WaitFor(t, tab, `getComputedStyle(document.querySelector('main')).color === 'rgb(1, 2, 3)'`, "the new style")
	if got := browsertest.Eval[string](t, tab, `String(window.__stay)`); got != "kept" {
		t.Errorf("the page reloaded for a stylesheet change (window.__stay = %q)", got)
	}
	if n := browsertest.Eval[int](t, tab, `document.querySelectorAll('link[rel="stylesheet"]').length`); n != 1 {
		t.Errorf("%d stylesheet links after the swap, want 1", n)
	}

	t.Log("delete the page: the browser goes to its series page")
	site.remove(t, "content/s/a.md")
	browsertest.WaitFor(t, tab, `location.pathname === '/blog/series/s/' && document.querySelector('h1') && document.querySelector('h1').textContent === '連載 s'`, "the series page")
	if n := browsertest.Eval[int](t, tab, `window.__xss === undefined ? 0 : 1`); n != 0 {
		t.Error("the error text ran as markup")
	}

	t.Log("open a page that does not exist yet, then write it: it appears")
	if err := chromedp.Do(tab, chromedp.Navigate(url+"/blog/posts/new/")); err != nil {
		t.Fatal(err)
	}
	browsertest.WaitFor(t, tab, `document.querySelector('h1') && document.querySelector('h1').textContent === 'ページが見つかりません'`, "the site's 404 page")
	waitConnected(t, tab)
	site.write(t, "content/s/new.md", "新しい話")
	browsertest.WaitFor(t, tab, mainText+`.includes('新しい話')`, "the new page in place of the 404")
}

// TestBrowserUpdatesPageInPlace: when only the open page changed, live.js
// merges the new page into the live one instead of reloading: the text
// changes, the scroll position, the page's variables and the nodes its
// scripts added stay; a change to a script reloads the page.
func TestBrowserUpdatesPageInPlace(t *testing.T) {
	browser := browsertest.New(t)
	site := newTestSite(t, "/", map[string]string{
		"content/s/a.md": "初版の本文",
		"content/s/b.md": "第二話",
	})
	url, _ := startServer(t, site, nil)
	tab := browsertest.Tab(t, browser)
	if err := chromedp.Do(tab, chromedp.Navigate(url+"/posts/a/")); err != nil {
		t.Fatal(err)
	}
	browsertest.WaitFor(t, tab, mainText+`.includes('初版の本文')`, "the first page")
	waitConnected(t, tab)
	browsertest.Eval[any](t, tab, `(function () {
		window.__stay = 'kept';
		var a = document.createElement('aside'); a.id = 'added-after-main'; a.textContent = '追加';
		document.querySelector('main').after(a);
		var b = document.createElement('span'); b.id = 'added-in-main'; b.textContent = '印';
		document.querySelector('main').appendChild(b);
		window.scrollTo(0, 700);
		// Count live.js's reports that an update shows (serveShown).
		window.__shown = 0;
		var f = window.fetch;
		window.fetch = function (u, o) {
			if (o && o.method === 'POST' && String(u) === '`+shownPath+`') window.__shown++;
			return f.apply(this, arguments);
		};
	})()`)
	browsertest.WaitFor(t, tab, `window.scrollY === 700`, "the scroll")

	tests := []struct {
		name, text string
		reload     bool
	}{
		{"edit the text", "改訂版の本文", false},
		{"edit it again", "三版の本文", false},
		{"add a script", "SCRIPT 付きの本文", true},
	}
	for i, tt := range tests {
		site.write(t, "content/s/a.md", tt.text)
		browsertest.WaitFor(t, tab, mainText+`.includes(`+jsString(tt.text)+`)`, tt.name)
		waitConnected(t, tab)
		stayed := browsertest.Eval[string](t, tab, `String(window.__stay)`) == "kept"
		if stayed == tt.reload {
			t.Errorf("%s: the page stayed %v, want a reload %v", tt.name, stayed, tt.reload)
		}
		if tt.reload {
			browsertest.WaitFor(t, tab, `window.__ran === 1`, "the new script run once by the reload")
			continue
		}
		if got := browsertest.Eval[int](t, tab, `window.rensaiLive.updates || 0`); got != i+1 {
			t.Errorf("%s: %d in-place updates, want %d", tt.name, got, i+1)
		}
		// Once painted, the page tells the server (which holds the rest of
		// a build until then), once per update.
		browsertest.WaitFor(t, tab, fmt.Sprintf(`window.__shown === %d`, i+1), tt.name+": the report that it shows")
		if got := browsertest.Eval[string](t, tab, `(document.getElementById('added-after-main') || {}).textContent + '|' + (document.getElementById('added-in-main') || {}).textContent`); got != "追加|印" {
			t.Errorf("%s: the nodes a script added are %q, want 追加|印", tt.name, got)
		}
		if got := browsertest.Eval[int](t, tab, `window.scrollY`); got != 700 {
			t.Errorf("%s: scrolled to %d, want 700", tt.name, got)
		}
		if got := browsertest.Eval[int](t, tab, `document.querySelectorAll('main').length`); got != 1 {
			t.Errorf("%s: %d main elements, want 1", tt.name, got)
		}
	}
}

// jsString quotes s for a JavaScript expression.
func jsString(s string) string {
	return "'" + strings.NewReplacer(`\`, `\\`, `'`, `\'`).Replace(s) + "'"
}

// excerptLine is one source line of an excerpt in the overlay.
type excerptLine struct {
	Line string `json:"line"`
	Text string `json:"text"`
	Hit  bool   `json:"hit"`
}

// shown is what the overlay shows, as readOverlay reads it.
type shown struct {
	Kind     string        `json:"kind"`
	Where    []string      `json:"where"`
	Messages []string      `json:"messages"`
	Severity []string      `json:"severity"`
	Excerpt  []excerptLine `json:"excerpt"`
	Close    string        `json:"close"`
	Title    string        `json:"title"`
}

// readOverlay reads the overlay of the page.
const readOverlay = `(function () {
	var box = document.getElementById('rensai-build-error');
	var all = function (sel, f) { return Array.prototype.map.call(box.querySelectorAll(sel), f); };
	return {
		kind: box.dataset.kind,
		where: all('.rensai-error-where', function (e) { return e.textContent; }),
		messages: all('.rensai-error-message', function (e) { return e.textContent; }),
		severity: all('.rensai-problem', function (e) { return e.dataset.severity; }),
		excerpt: all('.rensai-excerpt-line', function (e) {
			return {line: e.dataset.line, text: e.querySelector('.rensai-excerpt-text').textContent, hit: e.classList.contains('rensai-excerpt-hit')};
		}),
		close: box.querySelector('button.rensai-overlay-close').textContent,
		title: box.querySelector('.rensai-overlay-title').textContent
	};
})()`

// TestBrowserOverlayExcerptAndClose checks what the overlay shows of a
// problem (where, message, the offending line with two lines of context)
// and that its close button dismisses it until the problems change.
func TestBrowserOverlayExcerptAndClose(t *testing.T) {
	browser := browsertest.New(t)
	good := "一行目\n二行目\n三行目\n四行目\n五行目\n六行目\n七行目"
	site := newTestSite(t, "/", map[string]string{"content/s/a.md": good})
	site.lang = LangJapanese
	url, _ := startServer(t, site, nil)
	tab := browsertest.Tab(t, browser)
	browsertest.Navigate(t, tab, url+"/posts/a/")
	browsertest.WaitFor(t, tab, mainText+`.includes('七行目')`, "the page")
	waitConnected(t, tab)

	t.Log("an error on line 4: the overlay shows lines 2 to 6, line 4 marked")
	site.write(t, "content/s/a.md", "一行目\n二行目\n三行目\n四行目 BROKEN\n五行目\n六行目\n七行目")
	browsertest.WaitFor(t, tab, `document.querySelector('#rensai-build-error .rensai-problem') !== null`, "the overlay")
	got := browsertest.Eval[shown](t, tab, readOverlay)
	want := shown{
		Kind:     "error",
		Where:    []string{"content/s/a.md:4:5"},
		Messages: []string{`壊れた行です <img src=x onerror="window.__xss=1">: BROKEN を消してください`},
		Severity: []string{"error"},
		Excerpt: []excerptLine{
			{"2", "二行目", false}, {"3", "三行目", false}, {"4", "四行目 BROKEN", true}, {"5", "五行目", false}, {"6", "六行目", false},
		},
		Close: "閉じる",
		Title: "ビルドエラー",
	}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("overlay shows\n%+v\nwant\n%+v", got, want)
	}

	t.Log("close it: it goes, the last good page stays, and a reload does not bring it back")
	if err := chromedp.Do(tab, chromedp.Click("#rensai-build-error button.rensai-overlay-close")); err != nil {
		t.Fatal(err)
	}
	browsertest.WaitFor(t, tab, `document.getElementById('rensai-build-error') === null`, "the overlay closed")
	if got := browsertest.Eval[string](t, tab, mainText); !strings.Contains(got, "七行目") || strings.Contains(got, "BROKEN") {
		t.Errorf("the page under the closed overlay is %q, want the last good build", got)
	}
	if err := chromedp.Do(tab, chromedp.Reload()); err != nil {
		t.Fatal(err)
	}
	waitConnected(t, tab)
	if n := browsertest.Eval[int](t, tab, `document.querySelectorAll('#rensai-build-error').length`); n != 0 {
		t.Error("the closed overlay came back after a reload with the same problem")
	}

	t.Log("a different error: the overlay is back; a fix with a warning left shows the warning")
	site.write(t, "content/s/a.md", "BROKEN 一行目\n二行目")
	browsertest.WaitFor(t, tab, `document.querySelector('#rensai-build-error .rensai-error-where') !== null && `+
		`document.querySelector('#rensai-build-error .rensai-error-where').textContent === 'content/s/a.md:1:1'`, "the overlay for the new error")
	if got := browsertest.Eval[[]string](t, tab, `Array.prototype.map.call(document.querySelectorAll('#rensai-build-error .rensai-excerpt-line'), function (e) { return e.dataset.line; })`); !reflect.DeepEqual(got, []string{"1", "2"}) {
		t.Errorf("excerpt of a problem on line 1 of a 2-line file shows lines %v, want [1 2]", got)
	}
	t.Log("close this one too: the fix still reloads the page, and its warning shows")
	if err := chromedp.Do(tab, chromedp.Click("#rensai-build-error button.rensai-overlay-close")); err != nil {
		t.Fatal(err)
	}
	browsertest.WaitFor(t, tab, `document.getElementById('rensai-build-error') === null`, "the second overlay closed")
	site.write(t, "content/s/a.md", "直した一行目\nWARN の二行目\n三行目")
	browsertest.WaitFor(t, tab, mainText+`.includes('直した一行目') && document.getElementById('rensai-build-error') !== null && `+
		`document.getElementById('rensai-build-error').dataset.kind === 'warning'`, "the fixed page with its warning")
	got = browsertest.Eval[shown](t, tab, readOverlay)
	if !reflect.DeepEqual(got.Severity, []string{"warning"}) || !reflect.DeepEqual(got.Where, []string{"content/s/a.md:2"}) || got.Title != "警告" {
		t.Errorf("warning overlay shows %+v", got)
	}
	if n := browsertest.Eval[int](t, tab, `window.__xss === undefined ? 0 : 1`); n != 0 {
		t.Error("the problem text ran as markup")
	}
}

func TestBrowserFirstBuildFails(t *testing.T) {
	browser := browsertest.New(t)
	site := newTestSite(t, "/", map[string]string{"content/s/a.md": "BROKEN"})
	url, _ := startServer(t, site, nil)
	tab := browsertest.Tab(t, browser)
	if err := chromedp.Do(tab, chromedp.Navigate(url+"/posts/a/")); err != nil {
		t.Fatal(err)
	}
	browsertest.WaitFor(t, tab, overlayText+`.includes('content/s/a.md:1')`, "the error overlay on the error page")
	waitConnected(t, tab)
	site.write(t, "content/s/a.md", "直した本文")
	browsertest.WaitFor(t, tab, `!document.getElementById('rensai-build-error') && `+mainText+`.includes('直した本文')`, "the page after the fix")
}

func TestBrowserReconnectsAfterRestart(t *testing.T) {
	browser := browsertest.New(t)
	site := newTestSite(t, "/", map[string]string{"content/s/a.md": "再起動前"})
	url, stop := startServer(t, site, nil)
	addr := strings.TrimPrefix(url, "http://")
	tab := browsertest.Tab(t, browser)
	if err := chromedp.Do(tab, chromedp.Navigate(url+"/posts/a/")); err != nil {
		t.Fatal(err)
	}
	browsertest.WaitFor(t, tab, mainText+`.includes('再起動前')`, "the page")
	waitConnected(t, tab)
	stop()
	// Changed while the server was down: nobody watched it.
	site.write(t, "content/s/a.md", "再起動後")
	ln, err := net.Listen("tcp", addr)
	if err != nil {
		t.Fatalf("listening again on %s: %v", addr, err)
	}
	startServer(t, site, ln)
	browsertest.WaitFor(t, tab, mainText+`.includes('再起動後')`, "the page reloaded after the restart")
}

// BenchmarkEditToLoad measures the time from saving a source file to the
// browser's load event of the reloaded page, with the fake builder.
func BenchmarkEditToLoad(b *testing.B) {
	browser := browsertest.New(b)
	site := newTestSite(b, "/", map[string]string{"content/s/a.md": "版 0"})
	url, _ := startServer(b, site, nil)
	tab := browsertest.Tab(b, browser)
	loads := make(chan struct{}, 16)
	if err := chromedp.Listen(tab, func(ev any) {
		if _, ok := ev.(*page.EventLoadEventFired); ok {
			select {
			case loads <- struct{}{}:
			default:
			}
		}
	}); err != nil {
		b.Fatal(err)
	}
	if err := chromedp.Do(tab, chromedp.Navigate(url+"/posts/a/")); err != nil {
		b.Fatal(err)
	}
	browsertest.WaitFor(b, tab, mainText+`.includes('版 0')`, "the page")
	waitConnected(b, tab)
	b.ResetTimer()
	for i := 1; i <= b.N; i++ {
		for len(loads) > 0 {
			<-loads
		}
		site.write(b, "content/s/a.md", fmt.Sprintf("版 %d", i))
		select {
		case <-loads:
		case <-time.After(deadline):
			b.Fatalf("no load event after edit %d", i)
		}
		b.StopTimer()
		browsertest.WaitFor(b, tab, mainText+fmt.Sprintf(`.includes('版 %d')`, i), "the edited page")
		waitConnected(b, tab)
		b.StartTimer()
	}
}
