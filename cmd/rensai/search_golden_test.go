package main

import (
	"bytes"
	"context"
	"fmt"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"

	"github.com/rensai-ssg/rensai/internal/testlane"
)

// goldenQuery is a search of the example site (content/ and rensai.toml
// at the repository root) with its expected first results, in order: the
// "example" cases of the search package's shared case file,
// generator/search/testdata/relevance.txt. TestSearchGoldenCLI runs them
// through `rensai search`, TestSearchGoldenBrowser through the site's
// search client in Chromium.
type goldenQuery struct {
	name, q, series, tag string
	want                 []string // URLs of the first results, in order; nil = no result
}

func goldenQueries(t *testing.T) []goldenQuery {
	t.Helper()
	data, err := os.ReadFile(filepath.Join("..", "..", "generator", "search", "testdata", "relevance.txt"))
	if err != nil {
		t.Fatal(err)
	}
	var out []goldenQuery
	for i, line := range strings.Split(string(data), "\n") {
		f := strings.Split(line, " | ")
		if len(f) != 5 || f[0] != "example" {
			continue
		}
		g := goldenQuery{name: f[1], q: f[2]}
		for _, o := range strings.Fields(f[3]) {
			if v, ok := strings.CutPrefix(o, "series="); ok {
				g.series = v
			} else if v, ok := strings.CutPrefix(o, "tag="); ok {
				g.tag = v
			}
		}
		switch e := f[4]; {
		case e == "none":
		case strings.HasPrefix(e, "top="):
			g.want = strings.Split(strings.TrimPrefix(e, "top="), ",")
		default:
			t.Fatalf("relevance.txt:%d: example cases take none or top=, not %q", i+1, e)
		}
		out = append(out, g)
	}
	if len(out) < 20 {
		t.Fatalf("only %d example cases in relevance.txt", len(out))
	}
	return out
}

// buildExampleSite copies the example site to a temporary directory (so
// that no cache or output lands in the repository) and builds it.
func buildExampleSite(t *testing.T) string {
	t.Helper()
	dir := t.TempDir()
	for _, p := range []string{"content", filepath.Join("themes", "default")} {
		if err := copyDir(filepath.Join("..", "..", p), filepath.Join(dir, p)); err != nil {
			t.Fatal(err)
		}
	}
	cfg, err := os.ReadFile(filepath.Join("..", "..", "rensai.toml"))
	if err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(dir, "rensai.toml"), cfg, 0o644); err != nil {
		t.Fatal(err)
	}
	var stdout, stderr bytes.Buffer
	if code := run([]string{"build", "--source", dir}, &stdout, &stderr); code != exitOK {
		t.Fatalf("build of the example site: exit %d\n%s%s", code, stdout.String(), stderr.String())
	}
	return dir
}

// cliSearch runs rensai search and returns the URLs it printed, in order,
// and its whole output.
func cliSearch(t *testing.T, dir, q, series, tag string) ([]string, string) {
	t.Helper()
	args := []string{"search", "--source", dir, "--limit", "10"}
	if series != "" {
		args = append(args, "--series", series)
	}
	if tag != "" {
		args = append(args, "--tag", tag)
	}
	var stdout, stderr bytes.Buffer
	if code := run(append(args, q), &stdout, &stderr); code != exitOK {
		t.Fatalf("rensai search %q: exit %d: %s", q, code, stderr.String())
	}
	var got []string
	for line := range strings.Lines(stdout.String()) {
		// A result's URL, or one of its serial's other parts.
		if u := strings.TrimSpace(line); strings.HasPrefix(u, "/") && strings.HasPrefix(line, "   ") {
			got = append(got, u)
		}
	}
	if !strings.HasPrefix(stdout.String(), fmt.Sprintf("%d件\n", len(got))) {
		t.Fatalf("rensai search %q: count line does not match %d results:\n%s", q, len(got), stdout.String())
	}
	return got, stdout.String()
}

// checkTop reports whether got starts with want (and is empty when want is).
func checkTop(got, want []string) bool {
	if len(want) == 0 {
		return len(got) == 0
	}
	return len(got) >= len(want) && slices.Equal(got[:len(want)], want)
}

// TestSearchCLINotices checks what `rensai search` says besides the
// results: true totals whatever the limit, and the words that matched
// nothing, in the theme's words.
func TestSearchCLINotices(t *testing.T) {
	dir := buildExampleSite(t)
	tests := []struct {
		name, q, limit string
		want           []string // lines the output must hold
	}{
		{"total is not the limit", "返す", "1", []string{"7件\n", "この連載の他の話: 6件"}},
		{"absent word alone", "ワクチン", "10", []string{"0件\n", "『ワクチン』を含む記事は見つかりませんでした\n"}},
		{"absent compound of known parts", "公開鍵", "10", []string{"0件\n", "『公開鍵』を含む記事は見つかりませんでした\n"}},
		{"absent word beside a present one", "タイムカード 入館証", "10",
			[]string{"7件\n", "『タイムカード』を含む記事はありません。『入館証』を含む記事: 7件\n"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var stdout, stderr bytes.Buffer
			if code := run([]string{"search", "--source", dir, "--limit", tt.limit, tt.q}, &stdout, &stderr); code != exitOK {
				t.Fatalf("exit %d: %s", code, stderr.String())
			}
			for _, w := range tt.want {
				if !strings.Contains(stdout.String(), w) {
					t.Errorf("rensai search --limit %s %q: output lacks %q:\n%s", tt.limit, tt.q, w, stdout.String())
				}
			}
			if n := strings.Count(stdout.String(), "\n   /"); tt.limit == "1" && n != 1 {
				t.Errorf("--limit 1 printed %d results", n)
			}
		})
	}
}

func TestSearchGoldenCLI(t *testing.T) {
	testlane.SkipDictionary(t)
	dir := buildExampleSite(t)
	withResults, marked := 0, 0
	for _, tt := range goldenQueries(t) {
		t.Run(tt.name, func(t *testing.T) {
			got, out := cliSearch(t, dir, tt.q, tt.series, tt.tag)
			if want := tt.want; !checkTop(got, want) {
				t.Errorf("rensai search %q = %v, want first %v\n%s", tt.q, got, want, out)
			}
			if len(got) > 0 {
				withResults++
				if snippetMarks(out) {
					marked++
				}
			}
		})
	}
	// The index keeps three windows of each article, not its text (see
	// the search package's "Snippets: the trade-off"): a word used only
	// elsewhere finds the article but cannot be marked. Most queries must
	// still show their words marked (【…】) in a snippet.
	if marked*3 < withResults*2 {
		t.Errorf("only %d of %d queries with results mark a word in a snippet", marked, withResults)
	}
}

// snippetMarks reports whether a snippet line (the line after a result's
// URL) of rensai search's output marks a word.
func snippetMarks(out string) bool {
	lines := strings.Split(out, "\n")
	for i := 1; i < len(lines); i++ {
		if strings.HasPrefix(lines[i-1], "   /") && strings.Contains(lines[i], "【") {
			return true
		}
	}
	return false
}

// TestSearchGoldenBrowser runs the golden queries through the search client
// in Chromium on the built example site, served under its base path, and
// checks that it returns the expected top results and the very list
// `rensai search` prints.
func TestSearchGoldenBrowser(t *testing.T) {
	tab := newChromium(t)
	dir := buildExampleSite(t)
	const base = "/rensai/" // the path of baseURL in rensai.toml
	files := http.StripPrefix(strings.TrimSuffix(base, "/"), http.FileServer(http.Dir(filepath.Join(dir, "public"))))
	srv := httptest.NewServer(files)
	t.Cleanup(srv.Close)
	if err := chromedp.Do(tab, chromedp.Navigate(srv.URL+base+"search/")); err != nil {
		t.Fatal(err)
	}
	waitForJS(t, tab, "window.rensaiSearch !== undefined", "the search client")
	for _, tt := range goldenQueries(t) {
		t.Run(tt.name, func(t *testing.T) {
			expr := fmt.Sprintf("rensaiSearch.query(%s, {series: %s, tag: %s, limit: 10, others: true}).then(function (resp) { var out = []; (resp.results || []).forEach(function (r) { out.push(r.url); (r.others || []).forEach(function (o) { out.push(o.url); }); }); return out; })",
				strconvQuote(tt.q), strconvQuote(tt.series), strconvQuote(tt.tag))
			ctx, cancel := context.WithTimeout(tab, 30*time.Second)
			defer cancel()
			got, err := chromedp.Run(ctx, chromedp.Evaluate[[]string](expr, chromedp.EvalAwaitPromise))
			if err != nil {
				t.Fatalf("query %q in the browser: %v", tt.q, err)
			}
			if want := tt.want; !checkTop(got, want) {
				t.Errorf("browser query %q = %v, want first %v", tt.q, got, want)
			}
			cli, _ := cliSearch(t, dir, tt.q, tt.series, tt.tag)
			if !slices.Equal(got, cli) {
				t.Errorf("query %q: browser %v, rensai search %v", tt.q, got, cli)
			}
		})
	}
}
