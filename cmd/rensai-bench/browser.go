package main

import (
	"bytes"
	"cmp"
	"compress/gzip"
	"context"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"mime"
	"net"
	"net/http"
	"net/url"
	"os"
	"path"
	"slices"
	"strings"
	"sync"
	"text/tabwriter"
	"time"

	"github.com/chromedp/cdproto/network"
	"github.com/chromedp/chromedp"
	"github.com/rensai-ssg/rensai/internal/browsertest"
)

// The -browser mode serves a built site the way GitHub Pages does (text
// gzipped on the wire, binary files as they are) and drives the search
// page in headless Chromium: the bytes a first query downloads (page,
// style sheets, scripts and index files, as Chromium counts them on the
// wire), the bytes each later query downloads, and how long a query takes
// in the page once its files have arrived.

// browserQueries are typed on the search page one after the other; the
// first is loaded with the page (/search/?q=...).
var browserQueries = []string{"入館証 返さない", "セキュリティ 厳しい", "タイムカード 提出", "クレーム 謝罪"}

// latencyRuns is how many times each query is timed after a first run that
// fetches its files.
const latencyRuns = 5

// browserResult is what the browser measured on one site.
type browserResult struct {
	n       int
	tool    string // "" for rensai's search page, "Pagefind" for its UI
	queries []queryBytes
	latency []time.Duration // every timed run
}

type queryBytes struct {
	q        string
	bytes    int64 // encoded (on the wire) bytes of every response
	requests int
	results  int
}

// gzipTypes are the content types GitHub Pages compresses.
func compressible(ctype string) bool {
	ctype, _, _ = strings.Cut(ctype, ";")
	switch {
	case strings.HasPrefix(ctype, "text/"):
		return true
	case ctype == "application/json", ctype == "application/javascript", ctype == "application/xml",
		ctype == "image/svg+xml", ctype == "application/rss+xml", ctype == "application/atom+xml":
		return true
	}
	return false
}

// gzipped returns data compressed as GitHub Pages serves it.
func gzipped(data []byte) ([]byte, error) {
	var buf bytes.Buffer
	zw := gzip.NewWriter(&buf)
	if _, err := zw.Write(data); err != nil {
		return nil, err
	}
	if err := zw.Close(); err != nil {
		return nil, err
	}
	return buf.Bytes(), nil
}

// siteHandler serves fsys under basePath, gzipping text for clients that
// accept it.
func siteHandler(fsys fs.FS, basePath string) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		p, ok := strings.CutPrefix(r.URL.Path, basePath)
		if !ok {
			http.NotFound(w, r)
			return
		}
		if p == "" || strings.HasSuffix(p, "/") {
			p += "index.html"
		}
		data, err := fs.ReadFile(fsys, path.Clean(p))
		if err != nil {
			http.NotFound(w, r)
			return
		}
		ctype := mime.TypeByExtension(path.Ext(p))
		if ctype == "" {
			ctype = "application/octet-stream"
		}
		w.Header().Set("Content-Type", ctype)
		if compressible(ctype) && strings.Contains(r.Header.Get("Accept-Encoding"), "gzip") {
			if z, err := gzipped(data); err == nil {
				data = z
				w.Header().Set("Content-Encoding", "gzip")
				w.Header().Set("Vary", "Accept-Encoding")
			}
		}
		w.Header().Set("Content-Length", fmt.Sprint(len(data)))
		w.Write(data)
	})
}

// basePathOf reads the path of baseURL from the site's rensai.toml.
func basePathOf(site string) (string, error) {
	data, err := os.ReadFile(site + "/rensai.toml")
	if err != nil {
		return "", err
	}
	for line := range strings.Lines(string(data)) {
		k, v, ok := strings.Cut(line, "=")
		if !ok || strings.TrimSpace(k) != "baseURL" {
			continue
		}
		u, err := url.Parse(strings.Trim(strings.TrimSpace(v), `"`))
		if err != nil {
			return "", fmt.Errorf("rensai.toml: baseURL: %w", err)
		}
		p := u.Path
		if !strings.HasSuffix(p, "/") {
			p += "/"
		}
		return p, nil
	}
	return "/", nil
}

// netLog sums the encoded bytes of finished responses.
type netLog struct {
	mu       sync.Mutex
	pending  map[network.RequestID]string // the URL of each request in flight
	bytes    int64
	requests int
}

func (l *netLog) listen(ev any) {
	l.mu.Lock()
	defer l.mu.Unlock()
	switch e := ev.(type) {
	case *network.EventRequestWillBeSent:
		l.pending[e.RequestID] = e.Request.URL
	case *network.EventLoadingFinished:
		if _, ok := l.pending[e.RequestID]; ok {
			delete(l.pending, e.RequestID)
			l.bytes += int64(e.EncodedDataLength)
			l.requests++
		}
	case *network.EventLoadingFailed:
		delete(l.pending, e.RequestID)
	}
}

// take returns and resets the counts, once no request is in flight; when
// ctx ends first, the error names the requests still in flight.
func (l *netLog) take(ctx context.Context) (int64, int, error) {
	for {
		l.mu.Lock()
		idle := len(l.pending) == 0
		b, n := l.bytes, l.requests
		if idle {
			l.bytes, l.requests = 0, 0
		}
		var urls []string
		if !idle && ctx.Err() != nil {
			for _, u := range l.pending {
				urls = append(urls, u)
			}
		}
		l.mu.Unlock()
		if idle {
			return b, n, nil
		}
		if urls != nil {
			slices.Sort(urls)
			return 0, 0, fmt.Errorf("requests still in flight: %s: %w", strings.Join(urls, " "), ctx.Err())
		}
		select {
		case <-ctx.Done():
		case <-time.After(20 * time.Millisecond):
		}
	}
}

// session is a headless Chromium whose network log is listened to, and a
// local server for it to load pages from.
type session struct {
	tctx   context.Context // the browser's context, with a time limit
	origin string          // http://127.0.0.1:port of the server
	log    *netLog
	close  func()
}

// openSession serves h on a free local port and starts Chromium with its
// network log listened to. The caller must call close.
func openSession(ctx context.Context, chromium string, h http.Handler) (_ *session, err error) {
	var undo []func()
	closeAll := func() {
		for i := len(undo) - 1; i >= 0; i-- {
			undo[i]()
		}
	}
	defer func() {
		if err != nil {
			closeAll()
		}
	}()
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		return nil, err
	}
	srv := &http.Server{Handler: h}
	go func() { _ = srv.Serve(ln) }() // ends with ErrServerClosed at srv.Close
	undo = append(undo, func() { srv.Close() })
	dir, err := os.MkdirTemp("", "rensai-bench-chromium-")
	if err != nil {
		return nil, err
	}
	undo = append(undo, func() { os.RemoveAll(dir) })
	bctx, stop, err := browsertest.Start(ctx, chromium, dir, chromedp.WindowSize(1280, 800))
	if err != nil {
		return nil, err
	}
	undo = append(undo, stop)
	tctx, cancelT := context.WithTimeout(bctx, 5*time.Minute)
	undo = append(undo, cancelT)
	log := &netLog{pending: map[network.RequestID]string{}}
	if err := chromedp.Listen(bctx, log.listen); err != nil {
		return nil, fmt.Errorf("listening to Chromium (%s): %w", chromium, err)
	}
	return &session{tctx: tctx, origin: "http://" + ln.Addr().String(), log: log, close: closeAll}, nil
}

// measureBrowser serves site/public and measures the search page in
// Chromium.
func measureBrowser(ctx context.Context, chromium, site string, n int) (browserResult, error) {
	res := browserResult{n: n}
	base, err := basePathOf(site)
	if err != nil {
		return res, err
	}
	s, err := openSession(ctx, chromium, siteHandler(os.DirFS(site+"/public"), base))
	if err != nil {
		return res, err
	}
	defer s.close()
	tctx, origin, log := s.tctx, s.origin, s.log

	// done reports whether the page shows the results of q.
	done := func(q string) string {
		return fmt.Sprintf(`(function () {
			var st = document.querySelector('.search-status'), root = document.getElementById('rensai-search');
			return new URLSearchParams(location.search).get('q') === %q && !!st && st.textContent !== '' &&
				st.textContent !== root.dataset.msgLoading;
		})()`, q)
	}
	count := `document.querySelectorAll('.search-results li.search-result').length`
	for i, q := range browserQueries {
		var err error
		if i == 0 {
			err = chromedp.Do(tctx, chromedp.Navigate(origin+base+"search/?q="+url.QueryEscape(q)))
		} else {
			_, err = chromedp.Run(tctx, chromedp.Evaluate[bool](fmt.Sprintf(`(function () {
				var in_ = document.getElementById('search-q');
				in_.value = %q;
				in_.dispatchEvent(new Event('input', {bubbles: true}));
				return true;
			})()`, q)))
		}
		if err != nil {
			return res, fmt.Errorf("query %q: %w", q, err)
		}
		if _, err := chromedp.Run(tctx, chromedp.Poll[bool](done(q), chromedp.WithPollingInterval(10*time.Millisecond))); err != nil {
			return res, fmt.Errorf("query %q: no results shown: %w", q, err)
		}
		b, reqs, err := log.take(tctx)
		if err != nil {
			return res, err
		}
		shown, err := chromedp.Run(tctx, chromedp.Evaluate[int](count))
		if err != nil {
			return res, err
		}
		res.queries = append(res.queries, queryBytes{q: q, bytes: b, requests: reqs, results: shown})
	}

	if res.latency, err = measureLatency(tctx); err != nil {
		return res, err
	}
	return res, nil
}

// measureLatency times each of browserQueries in the page of tctx, with
// every file it needs already fetched.
func measureLatency(tctx context.Context) ([]time.Duration, error) {
	// Latency: each query once more to be sure its files are in, then
	// timed runs with every file at hand.
	js := fmt.Sprintf(`(async function (qs, runs) {
		var out = [];
		for (var q of qs) {
			await rensaiSearch.query(q);
			for (var i = 0; i < runs; i++) {
				var t = performance.now();
				await rensaiSearch.query(q);
				out.push(performance.now() - t);
			}
		}
		return out;
	})(%s, %d)`, jsStrings(browserQueries), latencyRuns)
	ms, err := chromedp.Run(tctx, chromedp.Evaluate[[]float64](js, chromedp.EvalAwaitPromise))
	if err != nil {
		return nil, fmt.Errorf("latency: %w", err)
	}
	out := make([]time.Duration, 0, len(ms))
	for _, m := range ms {
		out = append(out, time.Duration(m*float64(time.Millisecond)))
	}
	return out, nil
}

func jsStrings(ss []string) string {
	var b strings.Builder
	b.WriteByte('[')
	for i, s := range ss {
		if i > 0 {
			b.WriteByte(',')
		}
		fmt.Fprintf(&b, "%q", s)
	}
	b.WriteByte(']')
	return b.String()
}

// printBrowser prints the bytes and latency table.
func printBrowser(w io.Writer, rs []browserResult) {
	if len(rs) == 0 {
		return
	}
	fmt.Fprintln(w, "\nsearch in headless Chromium (bytes on the wire, text gzipped as GitHub Pages does):")
	tw := tabwriter.NewWriter(w, 0, 0, 2, ' ', 0)
	fmt.Fprintln(tw, "articles\tsearch\tquery\t\tKB\trequests\tresults shown\t")
	for _, r := range rs {
		for i, q := range r.queries {
			what := "later"
			if i == 0 {
				what = "first (page, scripts, index)"
			}
			fmt.Fprintf(tw, "%d\t%s\t%s\t%s\t%.1f\t%d\t%d\t\n", r.n, r.searchName(), what, q.q, float64(q.bytes)/1024, q.requests, q.results)
		}
	}
	tw.Flush()
	for _, p := range firstQueryRatios(rs) {
		fmt.Fprintf(w, "%d articles: first query, rensai / Pagefind bytes on the wire: %.2f\n", p.n, p.ratio)
	}
	for _, r := range rs {
		if len(r.latency) == 0 {
			continue
		}
		xs := slices.Clone(r.latency)
		med, lo, hi := spread(xs)
		fmt.Fprintf(w, "%d articles: query latency with files at hand: median %s [%s-%s] over %d runs\n",
			r.n, fmtMs(med), fmtMs(lo), fmtMs(hi), len(xs))
	}
}

// searchName names the search a browser result measured.
func (r browserResult) searchName() string { return cmp.Or(r.tool, "rensai") }

// firstQueryRatio is rensai's first-query bytes over Pagefind's, at n.
type firstQueryRatio struct {
	n     int
	ratio float64
}

// firstQueryRatios pairs the rensai and Pagefind results of each size.
func firstQueryRatios(rs []browserResult) []firstQueryRatio {
	var out []firstQueryRatio
	for _, r := range rs {
		if r.tool != "" || len(r.queries) == 0 {
			continue
		}
		for _, p := range rs {
			if p.n == r.n && p.tool == "Pagefind" && len(p.queries) > 0 {
				out = append(out, firstQueryRatio{n: r.n, ratio: ratio(float64(r.queries[0].bytes), float64(p.queries[0].bytes))})
			}
		}
	}
	return out
}

func fmtMs(d time.Duration) string {
	return fmt.Sprintf("%.1f ms", float64(d)/float64(time.Millisecond))
}

var errNoChromium = errors.New("-browser needs Chromium: install it (apt-get install chromium) or pass -chromium PATH")
