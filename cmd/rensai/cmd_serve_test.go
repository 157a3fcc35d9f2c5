package main

import (
	"bufio"
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"maps"
	"net/http"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"
	"github.com/rensai-ssg/rensai/generator"
	"github.com/rensai-ssg/rensai/generator/devserver"
	"github.com/rensai-ssg/rensai/generator/i18n"
	"github.com/rensai-ssg/rensai/internal/browsertest"
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
			`^content/posts/a\.md changed → ([1-9]\d*) pages? regenerated \(\d+m?s\)$`},
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
