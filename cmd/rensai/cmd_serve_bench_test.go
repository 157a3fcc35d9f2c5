package main

import (
	"context"
	"encoding/json"
	"flag"
	"fmt"
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
	"github.com/rensai-ssg/rensai/internal/corpus"
)

var (
	serveArticles = flag.Int("serve.articles", 200, "articles in the synthetic site of BenchmarkServeEditToLoad")
	serveSearch   = flag.Bool("serve.search", false, "build the search index in BenchmarkServeEditToLoad")
	serveHeapProf = flag.String("serve.heapprofile", "", "write a heap profile to this `file` after the edits of BenchmarkServeEditToLoad")
	serveWarm     = flag.Bool("serve.warm", false, "fill the site's cache folder with a one-shot build before BenchmarkServeEditToLoad starts the server, as a site built before has it")
	servePause    = flag.Bool("serve.pause", false, "with -serve.search, let BenchmarkServeEditToLoad's server finish the first search index before the edits and the index after every edit (a pause in the author's saves) before the next")
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
	url, lines := startServeLines(b, serveOptions{gen: generator.Options{Source: root}, bind: "127.0.0.1", port: 0}) // returns once the first build's pages are served
	firstBuild := time.Since(started)
	indexed := indexLines(lines)
	if *servePause {
		<-indexed // the first index
	}
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
		if *servePause {
			<-indexed // the index after this edit
		}
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

// indexLines reads serve's output and sends on the channel it returns
// once for every search index the server finished.
func indexLines(lines <-chan string) <-chan struct{} {
	re := regexp.MustCompile(`Search index (built|updated)|検索インデックスを(作りました|更新しました)`)
	out := make(chan struct{}, 64)
	go func() {
		for l := range lines {
			if re.MatchString(l) {
				out <- struct{}{}
			}
		}
	}()
	return out
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
