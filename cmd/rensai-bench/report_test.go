package main

import (
	"strings"
	"testing"
	"time"
)

func TestRatioSpread(t *testing.T) {
	tests := []struct {
		name string
		in   []float64
		want string
	}{
		{"odd", []float64{0.5, 0.3, 0.4}, "0.40 [0.30-0.50]"},
		{"even takes the mean of the middle two", []float64{0.2, 0.6, 0.4, 1.0}, "0.50 [0.20-1.00]"},
		{"none", nil, "-"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := ratioSpread(tt.in); got != tt.want {
				t.Errorf("ratioSpread(%v) = %s, want %s", tt.in, got, tt.want)
			}
		})
	}
}

func TestPairsMatchRounds(t *testing.T) {
	s := func(wall time.Duration, rss, out int64) sample {
		return sample{wall: wall, cpu: wall, rss: rss, outBytes: out}
	}
	results := []result{
		{n: 10, tool: "rensai", phase: "cold", samples: []sample{s(1, 10, 100), s(3, 30, 100)}},
		{n: 10, tool: "hugo", phase: "cold", samples: []sample{s(2, 20, 400), s(4, 60, 400)}},
		{n: 10, tool: "rensai", phase: "warm", samples: []sample{s(9, 9, 9)}},
		{n: 20, tool: "rensai", phase: "cold", samples: []sample{s(1, 1, 1)}},
	}
	ps := pairs(results)
	if len(ps) != 1 || ps[0].n != 10 || ps[0].peer != "hugo" {
		t.Fatalf("pairs = %+v, want one pair for 10 articles", ps)
	}
	if got := ratioSpread(ps[0].wall); got != "0.62 [0.50-0.75]" {
		t.Errorf("wall ratios %v: %s", ps[0].wall, got)
	}
	if got := ratioSpread(ps[0].rss); got != "0.50 [0.50-0.50]" {
		t.Errorf("rss ratios %v: %s", ps[0].rss, got)
	}
	if got := ratioSpread(ps[0].out); got != "0.25 [0.25-0.25]" {
		t.Errorf("output ratios %v: %s", ps[0].out, got)
	}
}

func TestThousands(t *testing.T) {
	for in, want := range map[int64]string{0: "0", 999: "999", 1000: "1,000", 19563: "19,563", 1234567: "1,234,567", -1000: "-1,000"} {
		if got := thousands(in); got != want {
			t.Errorf("thousands(%d) = %s, want %s", in, got, want)
		}
	}
}

func TestMarkdownCarriesBrowserFigures(t *testing.T) {
	c := config{runs: 1, search: true, browser: true, seed: 1, args: []string{"-n", "1000", "-browser", "-markdown"}}
	m := machine{cpu: "Xeon", cores: 2, os: "linux/amd64", date: time.Date(2026, 12, 1, 9, 5, 0, 0, time.UTC)}
	br := &browserResult{
		n: 1000,
		queries: []queryBytes{
			{q: "入館証 返さない", bytes: 68506, requests: 30, results: 12},
			{q: "a|b", bytes: 2150, requests: 2, results: 0},
		},
		latency: []time.Duration{9 * time.Millisecond, 3 * time.Millisecond, 4500 * time.Microsecond},
	}
	pf := &browserResult{n: 1000, tool: "Pagefind", queries: []queryBytes{{q: "入館証 返さない", bytes: 274024, requests: 19, results: 5}}}
	results := []result{{n: 1000, tool: "rensai", phase: "cold", samples: []sample{{wall: time.Second}}, browser: br},
		{n: 1000, tool: "Pagefind", phase: "index", samples: []sample{{wall: 2 * time.Second}}, browser: pf}}
	var b strings.Builder
	printMarkdown(&b, c, m, results)
	out := b.String()
	for _, want := range []string{
		"| 1,000 | rensai | first (page, scripts, index) | 入館証 返さない | 66.9 KB | 30 | 12 |\n",
		"| 1,000 | rensai | later | a\\|b | 2.1 KB | 2 | 0 |\n",
		"| 1,000 | Pagefind | first (page, scripts, index) | 入館証 返さない | 267.6 KB | 19 | 5 |\n",
		"- 1,000 articles: 0.25\n",
		"| 1,000 | 4.5 ms [3.0 ms–9.0 ms] | 3 |\n",
		"| 1,000 | Pagefind | index | 1 | 2s [2s-2s] |",
	} {
		if !strings.Contains(out, want) {
			t.Errorf("markdown lacks %q:\n%s", want, out)
		}
	}
	// Without -browser, no search table.
	b.Reset()
	results = results[:1]
	results[0].browser = nil
	printMarkdown(&b, c, m, results)
	if strings.Contains(b.String(), "Chromium") {
		t.Errorf("markdown without browser figures mentions Chromium:\n%s", b.String())
	}
}

func TestStepMedians(t *testing.T) {
	samples := []sample{
		{steps: "config 3ms, load 83ms, markdown 2.561s, assets 0s"},
		{steps: "config 5ms, load 90ms, markdown 4.698s, assets 0s"},
		{steps: "config 4ms, load 70ms, markdown 2.4s, search 1.2s"},
		{}, // a build that printed no steps
	}
	want := "config 4ms, load 83ms, markdown 2.561s, assets 0s, search 1.2s"
	if got := stepMedians(samples); got != want {
		t.Errorf("stepMedians = %q, want %q", got, want)
	}
	if got := stepMedians([]sample{{}, {steps: "garbled"}}); got != "" {
		t.Errorf("stepMedians without steps = %q, want none", got)
	}
}
