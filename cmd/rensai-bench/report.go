package main

import (
	"fmt"
	"io"
	"slices"
	"strings"
	"text/tabwriter"
	"time"
)

// pair is the paired ratios rensai/peer of one article count: one value
// per round, each from a rensai build and the peer build that followed it.
type pair struct {
	n                   int
	phase               string // "cold", or "warm": rensai's one-edit rebuild against the peer's build
	peer                string
	wall, cpu, rss, out []float64
}

// pairs matches the rensai and peer results of each size and phase round
// by round.
func pairs(results []result) []pair {
	var out []pair
	for _, r := range results {
		if r.tool != "rensai" {
			continue
		}
		for _, p := range results {
			if p.n != r.n || p.phase != r.phase || p.tool == "rensai" {
				continue
			}
			pr := pair{n: r.n, phase: r.phase, peer: p.tool}
			for i := range min(len(r.samples), len(p.samples)) {
				a, b := r.samples[i], p.samples[i]
				pr.wall = append(pr.wall, ratio(float64(a.wall), float64(b.wall)))
				pr.cpu = append(pr.cpu, ratio(float64(a.cpu), float64(b.cpu)))
				pr.rss = append(pr.rss, ratio(float64(a.rss), float64(b.rss)))
				pr.out = append(pr.out, ratio(float64(a.outBytes), float64(b.outBytes)))
			}
			out = append(out, pr)
		}
	}
	return out
}

// ratio is a/b, or 0 when b is 0 (nothing to compare with).
func ratio(a, b float64) float64 {
	if b == 0 {
		return 0
	}
	return a / b
}

// ratioSpread prints the median of xs and its range: "0.34 [0.31-0.37]".
func ratioSpread(xs []float64) string {
	if len(xs) == 0 {
		return "-"
	}
	s := slices.Clone(xs)
	slices.Sort(s)
	m := len(s) / 2
	med := s[m]
	if len(s)%2 == 0 {
		med = (s[m-1] + s[m]) / 2
	}
	return fmt.Sprintf("%.2f [%.2f-%.2f]", med, s[0], s[len(s)-1])
}

// printPairs prints the paired ratios, if there is a peer.
func printPairs(w io.Writer, ps []pair) {
	if len(ps) == 0 {
		return
	}
	fmt.Fprintln(w, "\npaired ratios rensai/peer, median [min-max] over rounds (below 1: rensai uses less):")
	tw := tabwriter.NewWriter(w, 0, 0, 2, ' ', 0)
	fmt.Fprintln(tw, "articles\tphase\tpeer\trounds\twall\tcpu user+sys\tpeak RSS\toutput bytes\t")
	for _, p := range ps {
		fmt.Fprintf(tw, "%d\t%s\t%s\t%d\t%s\t%s\t%s\t%s\t\n", p.n, p.phase, p.peer, len(p.wall),
			ratioSpread(p.wall), ratioSpread(p.cpu), ratioSpread(p.rss), ratioSpread(p.out))
	}
	tw.Flush()
}

// toolName is how a table names a tool.
func toolName(tool string) string {
	if tool == "hugo" {
		return "Hugo"
	}
	return tool
}

// printMarkdown prints the results as the Markdown docs/benchmarks.md
// carries: the machine line and command first, so that the table never
// travels without them.
func printMarkdown(w io.Writer, c config, m machine, results []result) {
	fmt.Fprintf(w, "<!-- Written by rensai-bench -markdown. Measure again rather than edit. -->\n\n")
	fmt.Fprintf(w, "Measured on %s.\n\n", m.line())
	fmt.Fprintf(w, "Command: `go run ./cmd/rensai-bench %s` (seed %d, search %s, corpus: %s, %d round%s",
		strings.Join(c.args, " "), c.seed, onOff(c.search), corpusKind(c), c.runs, plural(c.runs))
	if c.peer != "" {
		fmt.Fprintf(w, "; rensai and %s take turns in each round", toolName(c.peer))
	}
	fmt.Fprintf(w, "). Load average: the 1-minute figure just before and just after each build, on %d cores.\n\n", m.cores)

	fmt.Fprintln(w, "| articles | tool | phase | rounds | wall, median [min–max] | CPU user+sys | peak RSS | Markdown in | output | files | load before → after |")
	fmt.Fprintln(w, "| ---: | --- | --- | ---: | --- | --- | --- | ---: | ---: | ---: | --- |")
	for _, r := range results {
		fmt.Fprintf(w, "| %s | %s | %s | %d | %s | %s | %s | %s | %s | %s | %s |\n",
			thousands(int64(r.n)), toolName(r.tool), r.phase, len(r.samples),
			durSpread(r, func(s sample) time.Duration { return s.wall }),
			durSpread(r, func(s sample) time.Duration { return s.cpu }),
			rssSpread(r), formatBytes(r.corpus.bytes), formatBytes(r.outBytes),
			thousands(int64(r.outFiles)), loadRange(r))
	}
	if ps := pairs(results); len(ps) > 0 {
		fmt.Fprintf(w, "\nPaired ratios rensai / %s, median [min–max] over rounds (below 1: rensai takes or writes less):\n\n", toolName(ps[0].peer))
		fmt.Fprintln(w, "| articles | phase | rounds | wall | CPU user+sys | peak RSS | output bytes |")
		fmt.Fprintln(w, "| ---: | --- | ---: | --- | --- | --- | --- |")
		for _, p := range ps {
			fmt.Fprintf(w, "| %s | %s | %d | %s | %s | %s | %s |\n", thousands(int64(p.n)), p.phase, len(p.wall),
				ratioSpread(p.wall), ratioSpread(p.cpu), ratioSpread(p.rss), ratioSpread(p.out))
		}
	}
	var steps []string
	for _, r := range results {
		if st := stepMedians(r.samples); st != "" {
			steps = append(steps, fmt.Sprintf("- %s articles, %s: %s", thousands(int64(r.n)), r.phase, st))
		}
	}
	if len(steps) > 0 {
		fmt.Fprintf(w, "\nrensai's own step timings (wall), median over the rounds:\n\n%s\n", strings.Join(steps, "\n"))
	}
	var brs []browserResult
	for _, r := range results {
		if r.browser != nil {
			brs = append(brs, *r.browser)
		}
	}
	printMarkdownBrowser(w, brs)
}

// printMarkdownBrowser prints what -browser measured, as printBrowser
// does, in Markdown tables: the bytes of each query, then the latency.
func printMarkdownBrowser(w io.Writer, rs []browserResult) {
	if len(rs) == 0 {
		return
	}
	fmt.Fprintln(w, "\nSearch in headless Chromium after the cold builds: bytes on the wire (text gzipped, as GitHub Pages serves it) of each query in turn, the first one with the page, its scripts and the index files it needs:")
	fmt.Fprintln(w, "\n| articles | search | query | words | on the wire | requests | results shown |")
	fmt.Fprintln(w, "| ---: | --- | --- | --- | ---: | ---: | ---: |")
	for _, r := range rs {
		for i, q := range r.queries {
			what := "later"
			if i == 0 {
				what = "first (page, scripts, index)"
			}
			fmt.Fprintf(w, "| %s | %s | %s | %s | %.1f KB | %d | %d |\n", thousands(int64(r.n)), r.searchName(), what,
				markdownCell(q.q), float64(q.bytes)/1024, q.requests, q.results)
		}
	}
	if ps := firstQueryRatios(rs); len(ps) > 0 {
		fmt.Fprintln(w, "\nFirst query, rensai's bytes on the wire over Pagefind's (below 1: rensai downloads less):")
		fmt.Fprintln(w)
		for _, p := range ps {
			fmt.Fprintf(w, "- %s articles: %.2f\n", thousands(int64(p.n)), p.ratio)
		}
	}
	fmt.Fprintln(w, "\n| articles | query latency with its files at hand, median [min–max] | runs |")
	fmt.Fprintln(w, "| ---: | --- | ---: |")
	for _, r := range rs {
		if len(r.latency) == 0 {
			continue
		}
		med, lo, hi := spread(slices.Clone(r.latency))
		fmt.Fprintf(w, "| %s | %s [%s–%s] | %d |\n", thousands(int64(r.n)), fmtMs(med), fmtMs(lo), fmtMs(hi), len(r.latency))
	}
}

// markdownCell escapes what would end a Markdown table cell.
func markdownCell(s string) string {
	return strings.ReplaceAll(s, "|", `\|`)
}

// thousands prints n with comma separators: 10,000.
func thousands(n int64) string {
	s := fmt.Sprint(n)
	if n < 0 {
		return "-" + thousands(-n)
	}
	var b strings.Builder
	for i, r := range s {
		if i > 0 && (len(s)-i)%3 == 0 {
			b.WriteByte(',')
		}
		b.WriteRune(r)
	}
	return b.String()
}

// plural returns "s" unless n is 1.
func plural(n int) string {
	if n == 1 {
		return ""
	}
	return "s"
}

// stepMedians returns the median of each step over the samples' "steps:"
// lines ("config 3ms, load 83ms, markdown 2.561s"), in the order of the
// first line; a step a line lacks or cannot be read is left out of that
// step's median. "" when no sample has steps.
func stepMedians(samples []sample) string {
	var names []string
	times := map[string][]time.Duration{}
	for _, s := range samples {
		for _, f := range strings.Split(s.steps, ", ") {
			name, dur, ok := strings.Cut(strings.TrimSpace(f), " ")
			d, err := time.ParseDuration(dur)
			if !ok || err != nil {
				continue
			}
			if _, seen := times[name]; !seen {
				names = append(names, name)
			}
			times[name] = append(times[name], d)
		}
	}
	parts := make([]string, 0, len(names))
	for _, name := range names {
		med, _, _ := spread(times[name])
		parts = append(parts, name+" "+med.Round(time.Millisecond).String())
	}
	return strings.Join(parts, ", ")
}
