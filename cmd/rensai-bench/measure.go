package main

import (
	"bytes"
	"context"
	"fmt"
	"io"
	"os/exec"
	"slices"
	"strings"
	"text/tabwriter"
	"time"
)

// sample is one measured build.
type sample struct {
	wall time.Duration
	cpu  time.Duration // user + system time of the child
	rss  int64         // peak resident set size of the child, in bytes
	// steps is the "steps:" line the build printed, if any.
	steps string
	// load is the load average just before the build started and just
	// after it ended: a loaded machine stretches wall times.
	loadBefore, loadAfter loadAvg
	// outBytes and outFiles measure the output after this build (set by
	// the caller).
	outBytes int64
	outFiles int
}

// measure runs bin with args and returns its resources. A failing build is
// an error that quotes the end of its output.
func measure(ctx context.Context, bin string, args []string) (sample, error) {
	var out bytes.Buffer
	cmd := exec.CommandContext(ctx, bin, args...)
	cmd.Stdout = &out
	cmd.Stderr = &out
	before := readLoad()
	start := time.Now()
	err := cmd.Run()
	wall := time.Since(start)
	after := readLoad()
	if err != nil {
		return sample{}, fmt.Errorf("%s %s: %w\n%s", bin, strings.Join(args, " "), err, tail(out.String(), 20))
	}
	st := cmd.ProcessState
	s := sample{wall: wall, cpu: st.UserTime() + st.SystemTime(), loadBefore: before, loadAfter: after}
	s.rss = peakRSS(st)
	for line := range strings.Lines(out.String()) {
		if l := strings.TrimSpace(line); strings.HasPrefix(l, "steps:") {
			s.steps = strings.TrimSpace(strings.TrimPrefix(l, "steps:"))
		}
	}
	return s, nil
}

// tail returns the last n lines of s.
func tail(s string, n int) string {
	lines := strings.Split(strings.TrimRight(s, "\n"), "\n")
	if len(lines) > n {
		lines = append([]string{"..."}, lines[len(lines)-n:]...)
	}
	return strings.Join(lines, "\n")
}

// result is the measurements of one phase (cold or warm) at one size.
type result struct {
	n        int
	tool     string // "rensai" or "hugo"
	phase    string
	corpus   corpusInfo
	samples  []sample
	outBytes int64
	outFiles int
	browser  *browserResult // with -browser, on the cold phase
}

// spread returns the median, minimum and maximum of xs (which it sorts).
// With an even count the median is the mean of the two middle values.
func spread[T ~int64](xs []T) (med, lo, hi T) {
	if len(xs) == 0 {
		return 0, 0, 0
	}
	slices.Sort(xs)
	m := len(xs) / 2
	med = xs[m]
	if len(xs)%2 == 0 {
		med = (xs[m-1] + xs[m]) / 2
	}
	return med, xs[0], xs[len(xs)-1]
}

func durSpread(r result, f func(sample) time.Duration) string {
	xs := make([]time.Duration, len(r.samples))
	for i, s := range r.samples {
		xs[i] = f(s)
	}
	med, lo, hi := spread(xs)
	return fmt.Sprintf("%s [%s-%s]", fmtDur(med), fmtDur(lo), fmtDur(hi))
}

func fmtDur(d time.Duration) string {
	switch {
	case d >= 10*time.Second:
		return d.Round(100 * time.Millisecond).String()
	case d >= time.Second:
		return d.Round(10 * time.Millisecond).String()
	default:
		return d.Round(time.Millisecond).String()
	}
}

func rssSpread(r result) string {
	xs := make([]int64, len(r.samples))
	for i, s := range r.samples {
		xs[i] = s.rss
	}
	med, lo, hi := spread(xs)
	mib := func(b int64) string { return fmt.Sprintf("%.0f", float64(b)/(1<<20)) }
	return fmt.Sprintf("%s [%s-%s] MiB", mib(med), mib(lo), mib(hi))
}

// formatBytes prints a size in decimal megabytes.
func formatBytes(b int64) string {
	return fmt.Sprintf("%.1f MB", float64(b)/1e6)
}

// setOutput records the output of the last build as the result's.
func (r *result) setOutput() {
	if len(r.samples) > 0 {
		last := r.samples[len(r.samples)-1]
		r.outBytes, r.outFiles = last.outBytes, last.outFiles
	}
}

// loadRange prints the 1-minute load average before and after the builds
// as "lo-hi → lo-hi".
func loadRange(r result) string {
	span := func(get func(sample) loadAvg) string {
		lo, hi, ok := 0.0, 0.0, false
		for _, s := range r.samples {
			l := get(s)
			if !l.ok {
				continue
			}
			if !ok || l.one < lo {
				lo = l.one
			}
			if !ok || l.one > hi {
				hi = l.one
			}
			ok = true
		}
		if !ok {
			return "?"
		}
		if lo == hi {
			return fmt.Sprintf("%.1f", lo)
		}
		return fmt.Sprintf("%.1f-%.1f", lo, hi)
	}
	return span(func(s sample) loadAvg { return s.loadBefore }) + " → " + span(func(s sample) loadAvg { return s.loadAfter })
}

// printTable prints one row per size, tool and phase, then the build's own
// step timings of the last run of each.
func printTable(w io.Writer, results []result) {
	tw := tabwriter.NewWriter(w, 0, 0, 2, ' ', 0)
	fmt.Fprintln(tw, "articles\ttool\tphase\truns\twall median [min-max]\tcpu user+sys\tpeak RSS\tmarkdown\toutput\tfiles\tload before → after\t")
	for _, r := range results {
		fmt.Fprintf(tw, "%d\t%s\t%s\t%d\t%s\t%s\t%s\t%s\t%s\t%d\t%s\t\n",
			r.n, r.tool, r.phase, len(r.samples),
			durSpread(r, func(s sample) time.Duration { return s.wall }),
			durSpread(r, func(s sample) time.Duration { return s.cpu }),
			rssSpread(r),
			formatBytes(r.corpus.bytes), formatBytes(r.outBytes), r.outFiles, loadRange(r))
	}
	tw.Flush()
	first := true
	for _, r := range results {
		if len(r.samples) == 0 {
			continue
		}
		if steps := r.samples[len(r.samples)-1].steps; steps != "" {
			if first {
				fmt.Fprintln(w, "\nsteps of the last build:")
				first = false
			}
			fmt.Fprintf(w, "  %d %s %s: %s\n", r.n, r.tool, r.phase, steps)
		}
	}
}
