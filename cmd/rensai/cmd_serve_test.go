package main

import (
	"bufio"
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"io"
	"net/http"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"
	"github.com/rensai-ssg/rensai/generator"
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
		{"bad port", []string{"serve", "--port", "70000"}, exitError, "port 70000 is out of range"},
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
func startServe(t *testing.T, root string) string {
	t.Helper()
	ctx, cancel := context.WithCancel(context.Background())
	pr, pw := io.Pipe()
	done := make(chan error, 1)
	go func() {
		err := serve(ctx, serveOptions{gen: generator.Options{Source: root}, bind: "127.0.0.1", port: 0}, pw, io.Discard)
		pw.Close()
		done <- err
	}()
	urls := make(chan string, 1)
	go func() {
		re := regexp.MustCompile(`http://127\.0\.0\.1:\d+/\S*`)
		sc := bufio.NewScanner(pr)
		for sc.Scan() {
			t.Logf("serve: %s", sc.Text())
			if u := re.FindString(sc.Text()); u != "" {
				select {
				case urls <- u:
				default:
				}
			}
		}
		io.Copy(io.Discard, pr)
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
		return u
	case err := <-done:
		t.Fatalf("serve ended before printing a URL: %v", err)
	case <-time.After(60 * time.Second):
		t.Fatal("serve printed no URL")
	}
	return ""
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

const chromiumPath = "/usr/bin/chromium"

// TestServeInBrowser runs rensai serve with the real generator on a tiny
// site and drives Chromium through an edit, a build error and its fix, and
// a deleted part.
func TestServeInBrowser(t *testing.T) {
	if _, err := os.Stat(chromiumPath); err != nil {
		if os.Getenv("CI") != "" {
			t.Fatalf("browser tests need Chromium at %s (apt-get install chromium): %v", chromiumPath, err)
		}
		t.Skipf("Chromium is not installed at %s; install it (apt-get install chromium) to run the browser tests", chromiumPath)
	}
	root := t.TempDir()
	writeSite(t, root, serveSite)
	url := startServe(t, root)

	actx, cancelAlloc := chromedp.NewExecAllocator(context.Background(),
		chromedp.ExecPath(chromiumPath), chromedp.Headless, chromedp.NoSandbox, chromedp.DisableGPU,
		chromedp.NoFirstRun, chromedp.NoDefaultBrowserCheck,
		chromedp.Flag("disable-background-networking", true),
		chromedp.Flag("disable-component-update", true),
		chromedp.Flag("disable-sync", true),
		chromedp.Flag("disable-dev-shm-usage", true),
		chromedp.UserDataDir(t.TempDir()))
	defer cancelAlloc()
	tab, cancelTab := chromedp.NewContext(actx)
	defer cancelTab()

	waitFor := func(expr, what string) {
		t.Helper()
		end := time.Now().Add(30 * time.Second)
		for {
			left := time.Until(end)
			if left <= 0 {
				t.Fatalf("timed out waiting for %s", what)
			}
			_, err := chromedp.Run(tab, chromedp.Poll[any](expr, chromedp.WithPollingTimeout(left)))
			if err == nil {
				return
			}
			if errors.Is(err, chromedp.ErrPollingTimeout) {
				t.Fatalf("timed out waiting for %s (%s)", what, expr)
			}
		}
	}
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

	save("content/posts/a.md", strings.Replace(serveSite["content/posts/a.md"], "最初の本文です。", "書き直した本文です。", 1))
	waitFor(body+`.includes('書き直した本文です。')`, "the edited part 1")

	save("content/posts/a.md", "---\ntitle: 一話\ndate: 2026-13-45\nseries: 苦情対応\npart: 1\n---\n\n本文\n")
	waitFor(overlay+`.includes('content/posts/a.md:3')`, "the overlay naming content/posts/a.md:3")

	save("content/posts/a.md", strings.Replace(serveSite["content/posts/a.md"], "最初の本文です。", "直した本文です。", 1))
	waitFor(`!document.getElementById('rensai-build-error') && `+body+`.includes('直した本文です。')`, "the fixed part 1")

	if err := chromedp.Do(tab, chromedp.Navigate(url+"posts/b/")); err != nil {
		t.Fatal(err)
	}
	waitFor(body+`.includes('二話の本文です。')`, "part 2")
	seriesURL, err := chromedp.Run(tab, chromedp.Evaluate[string](`document.querySelector('.series-nav').dataset.seriesUrl`))
	if err != nil {
		t.Fatal(err)
	}
	if err := os.Remove(filepath.Join(root, "content", "posts", "b.md")); err != nil {
		t.Fatal(err)
	}
	want, _ := json.Marshal("/blog" + seriesURL)
	waitFor(`decodeURI(location.pathname) === decodeURI(`+string(want)+`)`, "the series page "+string(want)+" after part 2 was deleted")
}
