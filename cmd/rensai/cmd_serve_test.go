package main

import (
	"bufio"
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"io"
	"maps"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"runtime"
	"runtime/metrics"
	"runtime/pprof"
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/cdproto/page"
	"github.com/chromedp/chromedp"
	"github.com/rensai-ssg/rensai/generator"
	"github.com/rensai-ssg/rensai/generator/devserver"
	"github.com/rensai-ssg/rensai/generator/i18n"
	"github.com/rensai-ssg/rensai/internal/browsertest"
	"github.com/rensai-ssg/rensai/internal/corpus"
	"github.com/rensai-ssg/rensai/internal/testlane"
)

func TestServeFlags(t *testing.T) {
	tests := []struct {
		name string
		args []string
		want int
		out  string
	}{
		{"help", []string{"serve", "--help"}, exitOK, "--port"},
		{"bad flag", []string{"serve", "--nope"}, exitUsage, "flag provided but not defined"},
		{"stray argument", []string{"serve", "extra"}, exitUsage, `unexpected argument "extra"`},
		{"bad port", []string{"serve", "--port", "70000"}, exitUsage, "port 70000 is out of range"},
		{"missing site", []string{"serve", "--port", "0", "--source", filepath.Join(t.TempDir(), "none")}, exitError, "cannot open the site directory"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var out, errOut bytes.Buffer
			if code := run(tt.args, &out, &errOut); code != tt.want {
				t.Errorf("exit %d, want %d (stderr %q)", code, tt.want, errOut.String())
			}
			if all := out.String() + errOut.String(); !strings.Contains(all, tt.out) {
				t.Errorf("output %q lacks %q", all, tt.out)
			}
		})
	}
}

// serveSite is a two-part series under a sub-path base URL, without search.
var serveSite = map[string]string{
	"rensai.toml":        "title = \"テスト日報\"\nbaseURL = \"https://example.jp/blog/\"\n[search]\nenable = false\n",
	"content/posts/a.md": "---\ntitle: 一話\ndate: 2026-04-01\nseries: 苦情対応\npart: 1\n---\n\n最初の本文です。\n",
	"content/posts/b.md": "---\ntitle: 二話\ndate: 2026-04-02\nseries: 苦情対応\npart: 2\n---\n\n二話の本文です。\n",
}

func writeSite(t *testing.T, root string, files map[string]string) {
	t.Helper()
	for name, text := range files {
		p := filepath.Join(root, filepath.FromSlash(name))
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(p, []byte(text), 0o644); err != nil {
			t.Fatal(err)
		}
	}
}

// startServe runs serve on a free port until the test ends and returns the
// site URL it prints.
func startServe(t testing.TB, root string) string {
	t.Helper()
	return startServeWith(t, serveOptions{gen: generator.Options{Source: root}, bind: "127.0.0.1", port: 0})
}

func startServeWith(t testing.TB, o serveOptions) string {
	t.Helper()
	url, _ := startServeLines(t, o)
	return url
}

// startServeLines is startServeWith that also returns the lines serve
// prints to stdout after the URL line (further lines are dropped once 64
// wait unread).
func startServeLines(t testing.TB, o serveOptions) (string, <-chan string) {
	t.Helper()
	_, quiet := t.(*testing.B)
	lines := make(chan string, 64)
	ctx, cancel := context.WithCancel(context.Background())
	pr, pw := io.Pipe()
	done := make(chan error, 1)
	go func() {
		err := serve(ctx, o, pw, io.Discard)
		pw.Close()
		done <- err
	}()
	urls := make(chan string, 1)
	go func() {
		re := regexp.MustCompile(`http://127\.0\.0\.1:\d+/\S*`)
		sc := bufio.NewScanner(pr)
		for sc.Scan() {
			if !quiet {
				t.Logf("serve: %s", sc.Text())
			}
			if u := re.FindString(sc.Text()); u != "" {
				select {
				case urls <- u:
				default:
				}
			}
			select {
			case lines <- sc.Text():
			default:
			}
		}
		_, _ = io.Copy(io.Discard, pr) // keep the pipe drained; its end is not an error
	}()
	t.Cleanup(func() {
		cancel()
		select {
		case err := <-done:
			if err != nil {
				t.Errorf("serve: %v", err)
			}
		case <-time.After(20 * time.Second):
			t.Error("serve did not stop after cancel")
		}
	})
	select {
	case u := <-urls:
		return u, lines
	case err := <-done:
		t.Fatalf("serve ended before printing a URL: %v", err)
	case <-time.After(firstBuildLimit(quiet)):
		t.Fatal("serve printed no URL")
	}
	return "", nil
}

// firstBuildLimit bounds the wait for serve's first build: a minute for a
// test's small site; a benchmark's 10,000 articles with the search index
// take longer than that on a loaded machine.
func firstBuildLimit(benchmark bool) time.Duration {
	if benchmark {
		return 20 * time.Minute
	}
	return time.Minute
}

// waitLine returns the first line serve prints that matches pattern.
func waitLine(t *testing.T, lines <-chan string, pattern string) []string {
	t.Helper()
	re := regexp.MustCompile(pattern)
	timeout := time.After(60 * time.Second)
	for {
		select {
		case l := <-lines:
			if m := re.FindStringSubmatch(l); m != nil {
				return m
			}
		case <-timeout:
			t.Fatalf("serve printed no line matching %s", pattern)
		}
	}
}

// TestServeSaysWhatChanged checks serve's terminal in both languages: the
// first build counts the files `rensai build` writes for the same site
// (search index included), and an edit names the file, the pages
// regenerated and the time.
func TestServeSaysWhatChanged(t *testing.T) {
	testlane.SkipDictionary(t)
	site := maps.Clone(serveSite)
	site["rensai.toml"] = "title = \"テスト日報\"\nbaseURL = \"https://example.jp/blog/\"\n"
	site["content/posts/draft.md"] = "---\ntitle: 下書きの話\ndate: 2026-04-03\ndraft: true\n---\n\n下書きの本文です。\n"
	tests := []struct {
		lang        string
		drafts      bool
		total, edit string
	}{
		{devserver.LangJapanese, true, `全部で (\d+) ファイル \(\d+(?:\.\d+)?m?s\)（下書きを含みます。rensai build --drafts と同じ数です）$`,
			`^content/posts/a\.md を更新 → ([1-9]\d*) ページを再生成 \(\d+m?s\)$`},
		{devserver.LangEnglish, false, `(\d+) files in all \(\d+(?:\.\d+)?m?s\)$`,
			`^content/posts/a\.md changed → ([1-9]\d*) pages regenerated \(\d+m?s\)$`},
	}
	for _, tt := range tests {
		t.Run(fmt.Sprintf("%s/drafts=%v", tt.lang, tt.drafts), func(t *testing.T) {
			root := t.TempDir()
			writeSite(t, root, site)
			args := []string{"build", "--source", root, "--destination", filepath.Join(t.TempDir(), "public")}
			if tt.drafts {
				args = append(args, "--drafts")
			}
			var out, errOut bytes.Buffer
			if code := run(args, &out, &errOut); code != exitOK {
				t.Fatalf("build exit %d: %s", code, errOut.String())
			}
			built := regexp.MustCompile(`, (\d+) files in `).FindStringSubmatch(out.String())
			if built == nil {
				t.Fatalf("build printed no file count: %q", out.String())
			}
			gen := generator.Options{Source: root, CacheDir: t.TempDir(), Drafts: tt.drafts}
			_, lines := startServeLines(t, serveOptions{gen: gen, bind: "127.0.0.1", port: 0, lang: tt.lang})
			if got := waitLine(t, lines, tt.total)[1]; got != built[1] {
				t.Errorf("serve counts %s files, build %s", got, built[1])
			}
			// Saved the way editors save (a new file renamed over the old
			// one), so the watcher never sees the file half written.
			saveAtomically(t, filepath.Join(root, "content", "posts", "a.md"),
				strings.Replace(site["content/posts/a.md"], "最初の本文です。", "書き直した本文です。", 1))
			waitLine(t, lines, tt.edit)
		})
	}
}

// TestServeKeepsUnchangedPages: the generator names the pages a rebuild
// did not render (Result.Unchanged) instead of handing their bytes back,
// and the server goes on serving its own copies of them next to the
// edited page.
func TestServeKeepsUnchangedPages(t *testing.T) {
	root := t.TempDir()
	writeSite(t, root, serveSite)
	writeSite(t, root, map[string]string{
		"content/posts/c.md": "---\ntitle: 単発の話\ndate: 2026-03-01\n---\n\n単発の本文です。\n",
	})
	url, lines := startServeLines(t, serveOptions{gen: generator.Options{Source: root}, bind: "127.0.0.1", port: 0, lang: devserver.LangEnglish})
	saveAtomically(t, filepath.Join(root, "content", "posts", "a.md"),
		strings.Replace(serveSite["content/posts/a.md"], "最初の本文です。", "書き直した本文です。", 1))
	if line := waitLine(t, lines, `^content/posts/a\.md changed → .*$`)[0]; strings.Contains(line, "removed") {
		t.Errorf("the rebuild removed pages: %s", line)
	}
	for _, tt := range []struct{ page, want string }{
		{"posts/a/", "書き直した本文です。"},
		{"posts/b/", "二話の本文です。"},
		{"posts/c/", "単発の本文です。"},
	} {
		resp, err := http.Get(url + tt.page)
		if err != nil {
			t.Fatal(err)
		}
		body, _ := io.ReadAll(resp.Body)
		resp.Body.Close()
		if resp.StatusCode != 200 || !strings.Contains(string(body), tt.want) {
			t.Errorf("%s after the edit: status %d, body lacks %q", tt.page, resp.StatusCode, tt.want)
		}
	}
}

func TestServeSubPathSite(t *testing.T) {
	root := t.TempDir()
	writeSite(t, root, serveSite)
	url := startServe(t, root)
	if !strings.HasSuffix(url, "/blog/") {
		t.Fatalf("printed URL %s does not end in the base path /blog/", url)
	}
	resp, err := http.Get(url + "posts/a/")
	if err != nil {
		t.Fatal(err)
	}
	body, _ := io.ReadAll(resp.Body)
	resp.Body.Close()
	if resp.StatusCode != 200 || !strings.Contains(string(body), "最初の本文です。") || !strings.Contains(string(body), "/__rensai/live.js") {
		t.Errorf("status %d, body lacks the article or the reload script", resp.StatusCode)
	}
	if _, err := os.Stat(filepath.Join(root, "public")); !errors.Is(err, os.ErrNotExist) {
		t.Errorf("serve touched public/: %v", err)
	}
}

func TestServePassesDrafts(t *testing.T) {
	for _, drafts := range []bool{false, true} {
		t.Run(fmt.Sprintf("drafts=%v", drafts), func(t *testing.T) {
			root := t.TempDir()
			writeSite(t, root, serveSite)
			writeSite(t, root, map[string]string{
				"content/posts/draft.md": "---\ntitle: 下書きの話\ndate: 2026-04-03\ndraft: true\n---\n\n下書きの本文です。\n",
			})
			url := startServeWith(t, serveOptions{gen: generator.Options{Source: root, Drafts: drafts}, bind: "127.0.0.1", port: 0})
			resp, err := http.Get(url + "posts/draft/")
			if err != nil {
				t.Fatal(err)
			}
			body, _ := io.ReadAll(resp.Body)
			resp.Body.Close()
			served := resp.StatusCode == 200 && strings.Contains(string(body), "下書きの本文です。")
			if served != drafts {
				t.Errorf("with Drafts %v the draft was served: %v (status %d)", drafts, served, resp.StatusCode)
			}
		})
	}
}

// newChromium starts a headless Chromium for tb (see internal/browsertest)
// and returns a tab of it.
func newChromium(tb testing.TB) context.Context {
	tb.Helper()
	return browsertest.Tab(tb, browsertest.New(tb))
}

// liveConnected is true once the page's reload script listens for builds
// (see live.js): a test waits for it before an edit it checks in the page.
const liveConnected = `(window.rensaiLive !== undefined && window.rensaiLive.connected === true)`

// waitForJS waits until the expression is truthy in the tab, across
// reloads and navigations.
func waitForJS(tb testing.TB, tab context.Context, expr, what string) {
	tb.Helper()
	browsertest.WaitFor(tb, tab, expr, what)
}

// TestServeInBrowser runs rensai serve with the real generator on a tiny
// site and drives Chromium through an edit, a build error and its fix, and
// a deleted part.
func TestServeInBrowser(t *testing.T) {
	root := t.TempDir()
	writeSite(t, root, serveSite)
	tab := newChromium(t)
	url := startServe(t, root)

	waitFor := func(expr, what string) { t.Helper(); waitForJS(t, tab, expr, what) }
	save := func(name, text string) {
		t.Helper()
		p := filepath.Join(root, filepath.FromSlash(name))
		tmp := p + ".tmp"
		if err := os.WriteFile(tmp, []byte(text), 0o644); err != nil {
			t.Fatal(err)
		}
		if err := os.Rename(tmp, p); err != nil {
			t.Fatal(err)
		}
	}
	const body = `document.body.textContent`
	const overlay = `(document.getElementById('rensai-build-error') ? document.getElementById('rensai-build-error').textContent : '')`

	if err := chromedp.Do(tab, chromedp.Navigate(url+"posts/a/")); err != nil {
		t.Fatal(err)
	}
	waitFor(body+`.includes('最初の本文です。')`, "part 1")
	waitFor(liveConnected, "the live-reload connection")

	save("content/posts/a.md", strings.Replace(serveSite["content/posts/a.md"], "最初の本文です。", "書き直した本文です。", 1))
	waitFor(body+`.includes('書き直した本文です。')`, "the edited part 1")
	waitFor(liveConnected, "the live-reload connection")

	save("content/posts/a.md", "---\ntitle: 一話\ndate: 2026-13-45\nseries: 苦情対応\npart: 1\n---\n\n本文\n")
	waitFor(overlay+`.includes('content/posts/a.md:3')`, "the overlay naming content/posts/a.md:3")

	save("content/posts/a.md", strings.Replace(serveSite["content/posts/a.md"], "最初の本文です。", "直した本文です。", 1))
	waitFor(`!document.getElementById('rensai-build-error') && `+body+`.includes('直した本文です。')`, "the fixed part 1")
	waitFor(liveConnected, "the live-reload connection")

	if err := chromedp.Do(tab, chromedp.Navigate(url+"posts/b/")); err != nil {
		t.Fatal(err)
	}
	waitFor(body+`.includes('二話の本文です。')`, "part 2")
	waitFor(liveConnected, "the live-reload connection")
	// The page-data block names the series page, with the base path.
	seriesURL, err := chromedp.Run(tab, chromedp.Evaluate[string](`JSON.parse(document.getElementById('rensai-page').textContent).series.url`))
	if err != nil {
		t.Fatal(err)
	}
	if err := os.Remove(filepath.Join(root, "content", "posts", "b.md")); err != nil {
		t.Fatal(err)
	}
	want, _ := json.Marshal(seriesURL)
	waitFor(`decodeURI(location.pathname) === decodeURI(`+string(want)+`)`, "the series page "+string(want)+" after part 2 was deleted")
}

// TestServeUpdatesArticleInPlace: with the default theme and reader.js,
// an edit of the open article is merged into the page without a reload,
// and the text and the header's counts are those of the page as built now.
func TestServeUpdatesArticleInPlace(t *testing.T) {
	root := t.TempDir()
	writeSite(t, root, serveSite)
	tab := newChromium(t)
	url := startServe(t, root)
	if err := chromedp.Do(tab, chromedp.Navigate(url+"posts/a/")); err != nil {
		t.Fatal(err)
	}
	waitForJS(t, tab, `document.body.textContent.includes('最初の本文です。')`, "part 1")
	waitForJS(t, tab, liveConnected, "the live-reload connection")
	if _, err := chromedp.Run(tab, chromedp.Evaluate[bool](`window.__stay = true`)); err != nil {
		t.Fatal(err)
	}
	edited := strings.Replace(serveSite["content/posts/a.md"], "最初の本文です。", "最初の本文です。\n\n## 追記\n\n書き足した段落です。書き足した段落です。", 1)
	saveAtomically(t, filepath.Join(root, "content", "posts", "a.md"), edited)
	waitForJS(t, tab, `document.body.textContent.includes('書き足した段落です。')`, "the added paragraph")
	if stayed, err := chromedp.Run(tab, chromedp.Evaluate[bool](`window.__stay === true && window.rensaiLive.updates === 1`)); err != nil || !stayed {
		t.Fatalf("the page reloaded instead of updating in place (%v)", err)
	}
	// The parts of the page the edit changed, live and as the server has
	// them now.
	const parts = `(function (d) { return ['[data-reader-text]', '.article-header'].map(function (s) {
		var e = d.querySelector(s); return e ? e.innerHTML : 'missing ' + s; }).join('\n'); })`
	live, err := chromedp.Run(tab, chromedp.Evaluate[string](parts+`(document)`))
	if err != nil {
		t.Fatal(err)
	}
	built, err := chromedp.Run(tab, chromedp.Evaluate[string](`fetch(location.href).then(function (r) { return r.text(); }).then(function (t) {
		return `+parts+`(new DOMParser().parseFromString(t, 'text/html')); })`, chromedp.EvalAwaitPromise))
	if err != nil {
		t.Fatal(err)
	}
	if live != built {
		t.Errorf("the page after the update in place:\n%s\nthe page as built:\n%s", live, built)
	}
}

var (
	serveArticles = flag.Int("serve.articles", 200, "articles in the synthetic site of BenchmarkServeEditToLoad")
	serveSearch   = flag.Bool("serve.search", false, "build the search index in BenchmarkServeEditToLoad")
	serveHeapProf = flag.String("serve.heapprofile", "", "write a heap profile to this `file` after the edits of BenchmarkServeEditToLoad")
	serveWarm     = flag.Bool("serve.warm", false, "fill the site's cache folder with a one-shot build before BenchmarkServeEditToLoad starts the server, as a site built before has it")
)

// BenchmarkServeEditToLoad measures, with the real generator, the time from
// saving an article to its new text showing in Chromium: the first
// animation frame after the text is in the page, whether the page
// reloaded or live.js merged the new page in place. Size the site with
// -serve.articles (e.g. 1000, 10000) and add -serve.search to include the
// search index. The site's cache folder starts empty (the search index's
// analysis and the dictionary's flat form are made while the server runs),
// unless -serve.warm fills it first with a one-shot build, as a site built
// or served before has it.
//
// Besides the latency it reports the time to the first build's pages and
// the peak RSS by then (first-peak-RSS-MB),
// how many edits reloaded the page, the
// server's part and the browser's for those (to-reload-ms, reload-ms),
// the process's peak RSS (VmHWM, reset when the run starts, so it covers
// the first build and every edit) and the live heap after a collection
// once the edits are done; with -serve.heapprofile the heap profile at
// that moment goes to a file.
func BenchmarkServeEditToLoad(b *testing.B) {
	root := b.TempDir()
	if err := corpus.Write(root, *serveArticles, corpus.Options{Seed: 1, Search: *serveSearch}); err != nil {
		b.Fatal(err)
	}
	if *serveWarm {
		// In another process, so that what a cold build loads (kagome's
		// embedded dictionary) does not stay in this one.
		out, err := exec.Command("rensai", "build", "--quiet", "--source", root, "--destination", filepath.Join(root, "public")).CombinedOutput()
		if err != nil {
			b.Fatalf("rensai build: %v\n%s", err, out)
		}
	}
	resetPeakRSS()
	entries, err := os.ReadDir(filepath.Join(root, "content", "posts"))
	if err != nil || len(entries) == 0 {
		b.Fatalf("no article written: %v", err)
	}
	name := entries[0].Name() // ReadDir sorts by name
	article := filepath.Join(root, "content", "posts", name)
	original, err := os.ReadFile(article)
	if err != nil {
		b.Fatal(err)
	}
	tab := newChromium(b)
	if _, err := chromedp.Call(tab, page.AddScriptToEvaluateOnNewDocument, page.AddScriptToEvaluateOnNewDocumentParams{Source: markerWatch}); err != nil {
		b.Fatal(err)
	}
	started := time.Now()
	url := startServe(b, root) // returns once the first build's pages are served
	firstBuild := time.Since(started)
	firstPeak, _ := peakRSSKB()
	if err := chromedp.Do(tab, chromedp.Navigate(url+"posts/"+strings.TrimSuffix(name, ".md")+"/")); err != nil {
		b.Fatal(err)
	}
	waitForJS(b, tab, `document.querySelector('.series-nav, main') !== null`, "the article")
	waitForJS(b, tab, liveConnected, "the live-reload connection")
	// took is save → text shown; for an edit that reloaded the page,
	// toReload is save → the reloaded page's navigation start (watcher,
	// build, storing, event stream, live.js), reload its navigation start
	// → load event (the browser's part).
	var took, toReload, reload []time.Duration
	cpu0, cpuOK := processCPU()
	b.ResetTimer()
	for i := 1; i <= b.N; i++ {
		start := time.Now()
		text := append(append([]byte{}, original...), fmt.Sprintf("\n\n編集マーカー%d\n", i)...)
		tmp := article + ".tmp"
		if err := os.WriteFile(tmp, text, 0o644); err != nil {
			b.Fatal(err)
		}
		if err := os.Rename(tmp, article); err != nil {
			b.Fatal(err)
		}
		seen := fmt.Sprintf(`((window.__rensaiSeen || {})[%d] || 0)`, i)
		waitForJS(b, tab, seen+` > 0`, "the edited article")
		b.StopTimer()
		shown, err := chromedp.Run(tab, chromedp.Evaluate[float64](seen))
		if err != nil {
			b.Fatal(err)
		}
		took = append(took, time.Duration((shown-float64(start.UnixMicro())/1000)*float64(time.Millisecond)))
		waitForJS(b, tab, `document.readyState === 'complete'`, "the page's load event")
		if nt, ok := navTiming(tab); ok && nt.Origin > float64(start.UnixMicro())/1000 {
			// The server's part ends when the page starts reloading.
			toReload = append(toReload, time.Duration((nt.Origin-float64(start.UnixMicro())/1000)*float64(time.Millisecond)))
			reload = append(reload, time.Duration((nt.Load-nt.Start)*float64(time.Millisecond)))
		}
		waitForJS(b, tab, liveConnected, "the live-reload connection")
		b.StartTimer()
	}
	b.StopTimer()
	if cpu1, ok := processCPU(); ok && cpuOK {
		// The server's CPU per edit (rebuild, storing, the search index
		// that follows), which the machine's load disturbs far less than
		// wall times; Chromium is another process.
		b.ReportMetric(float64((cpu1-cpu0).Milliseconds())/float64(b.N), "cpu-ms/op")
	}
	b.ReportMetric(firstBuild.Seconds(), "first-build-s")
	b.ReportMetric(float64(firstPeak)/1024, "first-peak-RSS-MB")
	b.ReportMetric(median(took), "median-ms")
	slices.Sort(took)
	b.ReportMetric(float64(took[len(took)*9/10].Microseconds())/1000, "p90-ms")
	b.ReportMetric(float64(len(reload)), "reloads")
	if len(toReload) > 0 {
		b.ReportMetric(median(toReload), "to-reload-ms")
		b.ReportMetric(median(reload), "reload-ms")
	}
	reportMemory(b, *serveHeapProf)
}

// markerWatch runs in every document of the benchmark's tab: it notes, per
// edit number, the time (ms since the epoch) of the first animation frame
// after "編集マーカーN" is in the page, on a reload as on an update in place.
const markerWatch = `(function () {
  var seen = window.__rensaiSeen = {};
  function look() {
    var t = document.body ? document.body.textContent : '';
    var re = /編集マーカー(\d+)/g, m;
    while ((m = re.exec(t))) {
      if (seen[m[1]]) continue;
      seen[m[1]] = -1;
      (function (k) { requestAnimationFrame(function () { seen[k] = Date.now(); }); })(m[1]);
    }
  }
  new MutationObserver(look).observe(document, { childList: true, subtree: true, characterData: true });
})();`

// median is the median of ds in milliseconds.
func median(ds []time.Duration) float64 {
	s := slices.Clone(ds)
	slices.Sort(s)
	return float64(s[len(s)/2].Microseconds()) / 1000
}

// navigation is the tab's navigation timing, in milliseconds: Origin is
// since the Unix epoch, Start and Load (the load event) since Origin.
type navigation struct{ Origin, Start, Load float64 }

func navTiming(tab context.Context) (navigation, bool) {
	const expr = `(function () { var n = performance.getEntriesByType('navigation')[0];
		return n ? JSON.stringify({Origin: performance.timeOrigin, Start: n.startTime, Load: n.loadEventStart}) : ''; })()`
	text, err := chromedp.Run(tab, chromedp.Evaluate[string](expr))
	var nt navigation
	if err != nil || text == "" || json.Unmarshal([]byte(text), &nt) != nil || nt.Load == 0 {
		return nt, false
	}
	return nt, true
}

// resetPeakRSS starts the process's peak RSS (VmHWM) afresh, so that a
// benchmark run reports its own peak. Linux only; elsewhere it does nothing.
func resetPeakRSS() {
	_ = os.WriteFile("/proc/self/clear_refs", []byte("5"), 0o200)
}

// reportMemory reports the peak RSS since resetPeakRSS and the live heap
// after a collection, and writes the heap profile to prof unless it is "".
func reportMemory(b *testing.B, prof string) {
	b.Helper()
	runtime.GC()
	live := []metrics.Sample{{Name: "/gc/heap/live:bytes"}}
	metrics.Read(live)
	b.ReportMetric(float64(live[0].Value.Uint64())/(1<<20), "live-heap-MB")
	if kb, ok := peakRSSKB(); ok {
		b.ReportMetric(float64(kb)/1024, "peak-RSS-MB")
	}
	if prof == "" {
		return
	}
	f, err := os.Create(prof)
	if err != nil {
		b.Fatal(err)
	}
	defer f.Close()
	if err := pprof.WriteHeapProfile(f); err != nil {
		b.Fatal(err)
	}
}

// processCPU is the user and system time of this process so far, from
// /proc/self/stat (Linux; false elsewhere), in clock ticks of 10 ms.
func processCPU() (time.Duration, bool) {
	data, err := os.ReadFile("/proc/self/stat")
	if err != nil {
		return 0, false
	}
	// The fields after the command name, which is in parentheses.
	rest := string(data)
	if at := strings.LastIndexByte(rest, ')'); at >= 0 {
		rest = rest[at+1:]
	}
	f := strings.Fields(rest)
	if len(f) < 13 {
		return 0, false
	}
	utime, err1 := strconv.ParseInt(f[11], 10, 64)
	stime, err2 := strconv.ParseInt(f[12], 10, 64)
	if err1 != nil || err2 != nil {
		return 0, false
	}
	return time.Duration(utime+stime) * 10 * time.Millisecond, true
}

// peakRSSKB reads VmHWM from /proc/self/status.
func peakRSSKB() (int, bool) {
	data, err := os.ReadFile("/proc/self/status")
	if err != nil {
		return 0, false
	}
	for line := range strings.SplitSeq(string(data), "\n") {
		if v, ok := strings.CutPrefix(line, "VmHWM:"); ok {
			kb, err := strconv.Atoi(strings.TrimSpace(strings.TrimSuffix(strings.TrimSpace(v), "kB")))
			return kb, err == nil
		}
	}
	return 0, false
}

func strconvQuote(s string) string {
	q, _ := json.Marshal(s)
	return string(q)
}

func TestDevserverLang(t *testing.T) {
	tests := []struct {
		cli  i18n.Lang
		want string
	}{
		{i18n.Japanese, devserver.LangJapanese},
		{i18n.English, devserver.LangEnglish},
	}
	for _, tt := range tests {
		t.Run(string(tt.cli), func(t *testing.T) {
			if got := devserverLang(tt.cli); got != tt.want {
				t.Errorf("devserverLang(%q) = %q, want %q", tt.cli, got, tt.want)
			}
		})
	}
}

// saveAtomically replaces path with body in one rename, as editors save.
func saveAtomically(t *testing.T, path, body string) {
	t.Helper()
	tmp := path + "~" // an editor backup name, which the watcher ignores
	if err := os.WriteFile(tmp, []byte(body), 0o644); err != nil {
		t.Fatal(err)
	}
	if err := os.Rename(tmp, path); err != nil {
		t.Fatal(err)
	}
}
