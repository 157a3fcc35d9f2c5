package main

import (
	"context"
	"fmt"
	"net/http"
	"os"
	"path/filepath"
	"strings"
	"time"

	"github.com/chromedp/chromedp"
)

// With -pagefind BIN (and -browser), the bench indexes the output of the
// last cold build with Pagefind too, the peer the search of issue 13 is
// measured against, and drives Pagefind's own default search UI on the
// same server, with the same queries: a "Pagefind index" row (wall, CPU,
// peak RSS, size of the bundle) and its bytes on the wire per query beside
// rensai's. Pagefind indexes the pages as they are (no data-pagefind-body
// in rensai's theme: the whole <body>), as a Hugo site gets it by default;
// the bundle goes to a folder of its own, so the output stays rensai's.
// Pagefind is installed from npm: npm install pagefind, then
// -pagefind node_modules/.bin/pagefind.

// pagefindPage is the search page of the Pagefind side, as Pagefind's
// documentation writes it: its UI script and style sheet, one element.
// One line more: it hides Worker, so that Pagefind searches on the main
// thread (its fallback where workers are missing). In a worker its
// requests would not reach the page's network log; it fetches the same
// index files either way, and in a worker its script too (so the figure
// is, if anything, in Pagefind's favour).
const pagefindPage = `<!DOCTYPE html>
<html lang="ja"><head><meta charset="utf-8"><title>検索</title>
<script>window.Worker = undefined;</script>
<link href="%[1]spagefind/pagefind-ui.css" rel="stylesheet">
<script src="%[1]spagefind/pagefind-ui.js"></script></head>
<body><div id="search"></div>
<script>window.addEventListener("DOMContentLoaded", function () { window.benchUI = new PagefindUI({element: "#search", showSubResults: false, showImages: false}); });</script>
</body></html>
`

// pagefindPagePath is where the bench serves pagefindPage, under the
// base path; pagefindBundle where it serves the bundle.
const (
	pagefindPagePath = "pagefind-search/"
	pagefindBundle   = "pagefind/"
)

// pagefindHandler serves the site as siteHandler does, with the Pagefind
// bundle of bundleDir under base+"pagefind/" and the search page under
// base+"pagefind-search/".
func pagefindHandler(site http.Handler, bundleDir, base string) http.Handler {
	bundle := siteHandler(os.DirFS(bundleDir), base+pagefindBundle)
	page := []byte(fmt.Sprintf(pagefindPage, base))
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		switch {
		case r.URL.Path == base+pagefindPagePath:
			w.Header().Set("Content-Type", "text/html; charset=utf-8")
			w.Write(page)
		case strings.HasPrefix(r.URL.Path, base+pagefindBundle):
			bundle.ServeHTTP(w, r)
		default:
			site.ServeHTTP(w, r)
		}
	})
}

// indexPagefind runs Pagefind on site/public, writing its bundle to
// bundleDir/pagefind (bundleDir is a new, empty folder), and measures it
// like a build.
func indexPagefind(ctx context.Context, bin, site, bundleDir string) (sample, error) {
	out := filepath.Join(bundleDir, "pagefind")
	s, err := measure(ctx, bin, []string{"--site", filepath.Join(site, "public"), "--output-path", out, "--quiet"})
	if err != nil {
		return s, fmt.Errorf("pagefind: %w", err)
	}
	s.outBytes, s.outFiles, err = treeSize(out)
	return s, err
}

// measurePagefind serves site/public with the bundle and measures
// Pagefind's UI in Chromium with browserQueries, as measureBrowser does
// rensai's search page.
func measurePagefind(ctx context.Context, chromium, site, bundleDir string, n int) (browserResult, error) {
	res := browserResult{n: n, tool: "Pagefind"}
	base, err := basePathOf(site)
	if err != nil {
		return res, err
	}
	s, err := openSession(ctx, chromium, pagefindHandler(siteHandler(os.DirFS(site+"/public"), base), filepath.Join(bundleDir, "pagefind"), base))
	if err != nil {
		return res, err
	}
	defer s.close()
	tctx, origin, log := s.tctx, s.origin, s.log

	// shown reports whether the UI shows the results of q, each loaded
	// (Pagefind draws a placeholder until a result's data has arrived).
	shown := func(q string) string {
		return fmt.Sprintf(`(function () {
			var in_ = document.querySelector('.pagefind-ui__search-input'), msg = document.querySelector('.pagefind-ui__message');
			return !!in_ && in_.value === %q && !!msg && msg.textContent.trim() !== '' &&
				document.querySelectorAll('.pagefind-ui__result').length > 0 &&
				document.querySelectorAll('.pagefind-ui__loading').length === 0;
		})()`, q)
	}
	count := `document.querySelectorAll('.pagefind-ui__result').length`
	for i, q := range browserQueries {
		if i == 0 {
			if err := chromedp.Do(tctx, chromedp.Navigate(origin+base+pagefindPagePath)); err != nil {
				return res, fmt.Errorf("pagefind page: %w", err)
			}
		}
		if _, err := chromedp.Run(tctx, chromedp.Poll[bool](`typeof window.benchUI === 'object'`, chromedp.WithPollingInterval(10*time.Millisecond))); err != nil {
			return res, fmt.Errorf("pagefind UI: %w", err)
		}
		if _, err := chromedp.Run(tctx, chromedp.Evaluate[bool](fmt.Sprintf(`(window.benchUI.triggerSearch(%q), true)`, q))); err != nil {
			return res, fmt.Errorf("pagefind query %q: %w", q, err)
		}
		wctx, cancelW := context.WithTimeout(tctx, time.Minute)
		_, err := chromedp.Run(wctx, chromedp.Poll[bool](shown(q), chromedp.WithPollingInterval(10*time.Millisecond)))
		cancelW()
		if err != nil {
			// Say what the page shows instead.
			dom, _ := chromedp.Run(tctx, chromedp.Evaluate[string](`(document.getElementById('search') || document.body).innerHTML.slice(0, 600)`))
			return res, fmt.Errorf("pagefind query %q: no results shown: %w\n%s", q, err, dom)
		}
		lctx, cancelL := context.WithTimeout(tctx, time.Minute)
		b, reqs, err := log.take(lctx)
		cancelL()
		if err != nil {
			return res, err
		}
		got, err := chromedp.Run(tctx, chromedp.Evaluate[int](count))
		if err != nil {
			return res, err
		}
		res.queries = append(res.queries, queryBytes{q: q, bytes: b, requests: reqs, results: got})
	}
	return res, nil
}
