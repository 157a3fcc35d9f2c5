// Package browsertest is rensai's one way of starting Chromium: for the
// browser tests of every package, and for cmd/rensai-bench's -browser
// measurements.
//
// Tests call New, which starts a headless Debian Chromium (/usr/bin/chromium)
// for the test and stops it when the test ends. Where Chromium is missing
// the test is skipped with a message saying how to install it, unless the
// environment variable CI is set, where it fails: CI must run every test.
// Under `go test -short` browser tests are always skipped, so the edit-test
// loop needs no browser.
//
// Tab opens a tab that logs the page's uncaught exceptions to the test;
// WaitFor polls a JavaScript expression until it is true, across reloads
// and navigations; Eval evaluates one.
package browsertest

import (
	"context"
	"errors"
	"fmt"
	"os"
	"testing"
	"time"

	"github.com/chromedp/cdproto/runtime"
	"github.com/chromedp/chromedp"
)

// DefaultPath is where Debian's chromium package installs the browser.
const DefaultPath = "/usr/bin/chromium"

// Timeout bounds every WaitFor: long enough for a loaded 2-core machine,
// short enough that a lost event fails the test instead of hanging it.
const Timeout = 60 * time.Second

// AllocatorOptions are the flags of every Chromium rensai starts: headless,
// no sandbox (containers), no GPU, no first-run or background traffic to
// other hosts, and a private profile in userDataDir.
func AllocatorOptions(path, userDataDir string) []chromedp.ExecAllocatorOption {
	return []chromedp.ExecAllocatorOption{
		chromedp.ExecPath(path),
		chromedp.Headless,
		chromedp.NoSandbox,
		chromedp.DisableGPU,
		chromedp.NoFirstRun,
		chromedp.NoDefaultBrowserCheck,
		chromedp.Flag("disable-background-networking", true),
		chromedp.Flag("disable-component-update", true),
		chromedp.Flag("disable-sync", true),
		chromedp.Flag("disable-dev-shm-usage", true),
		chromedp.Flag("disable-extensions", true),
		chromedp.UserDataDir(userDataDir),
	}
}

// Start launches Chromium at path with AllocatorOptions and extra, and
// returns the browser's context (its first tab) and a function that stops
// the browser. The browser is running when Start returns without error.
func Start(ctx context.Context, path, userDataDir string, extra ...chromedp.ExecAllocatorOption) (context.Context, context.CancelFunc, error) {
	opts := append(AllocatorOptions(path, userDataDir), extra...)
	actx, cancelAlloc := chromedp.NewExecAllocator(ctx, opts...)
	bctx, cancelBrowser := chromedp.NewContext(actx)
	stop := func() {
		cancelBrowser()
		cancelAlloc()
	}
	if err := chromedp.Do(bctx); err != nil {
		stop()
		return nil, nil, fmt.Errorf("starting Chromium (%s): %w", path, err)
	}
	return bctx, stop, nil
}

// New starts a headless Chromium for tb, with AllocatorOptions and extra,
// and returns the browser's context, stopped when tb ends. It skips tb
// under -short, and where Chromium is not installed unless CI is set.
func New(tb testing.TB, extra ...chromedp.ExecAllocatorOption) context.Context {
	tb.Helper()
	if testing.Short() {
		tb.Skip("browser test skipped under -short")
	}
	if _, err := os.Stat(DefaultPath); err != nil {
		if os.Getenv("CI") != "" {
			tb.Fatalf("browser tests need Chromium at %s (apt-get install chromium): %v", DefaultPath, err)
		}
		tb.Skipf("Chromium is not installed at %s; install it (apt-get install chromium) to run the browser tests", DefaultPath)
	}
	ctx, stop, err := Start(context.Background(), DefaultPath, tb.TempDir(), extra...)
	if err != nil {
		tb.Fatal(err)
	}
	tb.Cleanup(stop)
	return ctx
}

// Tab opens a new tab of browser, closed when tb ends, that logs the
// page's uncaught exceptions to tb.
func Tab(tb testing.TB, browser context.Context) context.Context {
	tb.Helper()
	ctx, cancel := chromedp.NewContext(browser)
	tb.Cleanup(cancel)
	if err := chromedp.Listen(ctx, func(ev any) {
		if e, ok := ev.(*runtime.EventExceptionThrown); ok {
			d := e.ExceptionDetails
			desc := d.Text
			if d.Exception != nil {
				desc += " " + d.Exception.Description
			}
			tb.Logf("page exception at %s:%d: %s", d.URL, d.LineNumber+1, desc)
		}
	}); err != nil {
		tb.Fatal(err)
	}
	return ctx
}

// WaitFor waits until the JavaScript expression is truthy in the tab,
// across reloads and navigations, or fails tb after Timeout. what names
// the awaited state in the failure message.
func WaitFor(tb testing.TB, ctx context.Context, expr, what string) {
	tb.Helper()
	end := time.Now().Add(Timeout)
	for {
		left := time.Until(end)
		if left <= 0 {
			tb.Fatalf("timed out waiting for %s (%s)", what, expr)
		}
		_, err := chromedp.Run(ctx, chromedp.Poll[any](expr, chromedp.WithPollingTimeout(left)))
		if err == nil {
			return
		}
		if errors.Is(err, chromedp.ErrPollingTimeout) || ctx.Err() != nil {
			tb.Fatalf("timed out waiting for %s (%s): %v", what, expr, err)
		}
		// A reload destroyed the page the poll ran in: poll the new one.
	}
}

// Eval evaluates the JavaScript expression in the tab and returns its
// value, or fails tb.
func Eval[T any](tb testing.TB, ctx context.Context, expr string) T {
	tb.Helper()
	v, err := chromedp.Run(ctx, chromedp.Evaluate[T](expr))
	if err != nil {
		tb.Fatalf("evaluating %s: %v", expr, err)
	}
	return v
}

// Navigate opens url in the tab, or fails tb.
func Navigate(tb testing.TB, ctx context.Context, url string) {
	tb.Helper()
	if err := chromedp.Do(ctx, chromedp.Navigate(url)); err != nil {
		tb.Fatalf("opening %s: %v", url, err)
	}
}
