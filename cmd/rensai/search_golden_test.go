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
)

// goldenQueries are searches of the example site (content/ and rensai.toml
// at the repository root) with their expected top results, best first.
// TestSearchGoldenCLI runs them through `rensai search`,
// TestSearchGoldenBrowser through the site's search client in Chromium.
var goldenQueries = []struct {
	name   string
	q      string
	series string
	tag    string
	want   []string // the first results, in order; nil = no result
}{
	{name: "verb in dictionary form finds its inflections", q: "返す",
		want: []string{"nyukan-06", "nyukan-01", "nyukan-03", "nyukan-02", "nyukan-05", "nyukan-04", "nyukan-07"}},
	{name: "negative form finds the same pages", q: "返さない",
		want: []string{"nyukan-06", "nyukan-01", "nyukan-03", "nyukan-02", "nyukan-05", "nyukan-04", "nyukan-07"}},
	{name: "te form", q: "返して",
		want: []string{"nyukan-06", "nyukan-01", "nyukan-03", "nyukan-02", "nyukan-05", "nyukan-04", "nyukan-07"}},
	{name: "polite negative", q: "返しません",
		want: []string{"nyukan-06", "nyukan-01", "nyukan-03", "nyukan-02", "nyukan-05", "nyukan-04", "nyukan-07"}},
	{name: "volitional form the site never uses", q: "返そう",
		want: []string{"nyukan-06", "nyukan-01", "nyukan-03", "nyukan-02", "nyukan-05", "nyukan-04", "nyukan-07"}},
	{name: "adjective finds past and adverbial forms", q: "厳しい", want: []string{"nyukan-03", "nyukan-07", "chikoku-densha"}},
	{name: "adjective past form", q: "厳しかった", want: []string{"nyukan-03", "nyukan-07", "chikoku-densha"}},
	{name: "compound ranks only pages with the compound", q: "入館証",
		want: []string{"nyukan-05", "nyukan-01", "nyukan-06", "nyukan-02", "nyukan-07", "nyukan-03", "nyukan-04"}},
	{name: "part of a compound finds the compound and the part alone", q: "入館",
		want: []string{"nyukan-05", "nyukan-01", "nyukan-06", "nyukan-02", "nyukan-07", "nyukan-03", "nyukan-04", "shokudo-02"}},
	{name: "katakana with trailing long vowel", q: "セキュリティー", want: []string{"nyukan-01", "keijiban-mojiretsu"}},
	{name: "katakana without trailing long vowel", q: "セキュリティ", want: []string{"nyukan-01", "keijiban-mojiretsu"}},
	{name: "half-width katakana", q: "ｾｷｭﾘﾃｨｰ", want: []string{"nyukan-01", "keijiban-mojiretsu"}},
	{name: "long vowel written", q: "コンピューター", want: []string{"zangyo-02", "keijiban-mojiretsu"}},
	{name: "long vowel dropped", q: "コンピュータ", want: []string{"zangyo-02", "keijiban-mojiretsu"}},
	{name: "full-width latin", q: "ＰＣ", want: []string{"zangyo-02"}},
	{name: "lower-case latin", q: "pc", want: []string{"zangyo-02"}},
	{name: "hiragana for a katakana word", q: "くれーむ", want: []string{"shokudo-01", "shokudo-05", "shokudo-04", "shokudo-02", "shokudo-03", "keijiban-mojiretsu"}},
	{name: "word absent from the site", q: "新幹線", want: nil},
	{name: "word only in a draft", q: "年始", want: nil},
	{name: "two words must both match", q: "残業 申請", want: []string{"zangyo-03", "zangyo-04"}},
	{name: "quoted phrase", q: `"入館証を返して"`, want: []string{"nyukan-06", "nyukan-02"}},
	{name: "bracketed phrase matches any inflection in order", q: "「入館証を返さない」", want: []string{"nyukan-06", "nyukan-02"}},
	{name: "number with separator", q: "2,000円", want: []string{"nyukan-03"}},
	{name: "number without separator", q: "2000円", want: []string{"nyukan-03"}},
	{name: "series filter", q: "定食", series: "shokudo", want: []string{"shokudo-05", "shokudo-01"}},
	{name: "tag filter", q: "返す", tag: "貸与品", want: []string{"nyukan-06", "nyukan-01"}},
	{name: "compound noun of three parts", q: "返却箱", want: []string{"nyukan-05", "nyukan-06", "nyukan-04", "nyukan-07"}},
	{name: "title word", q: "給与明細", want: []string{"zangyo-01"}},
	{name: "unknown word falls back to the known one", q: "入館証 宇宙人",
		want: []string{"nyukan-05", "nyukan-01", "nyukan-06", "nyukan-02", "nyukan-07", "nyukan-03", "nyukan-04"}},
	{name: "compound in one title", q: "日替わり定食", want: []string{"shokudo-05"}},
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

func postURLs(names []string) []string {
	var out []string
	for _, n := range names {
		out = append(out, "/posts/"+n+"/")
	}
	return out
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
	dir := buildExampleSite(t)
	withResults, marked := 0, 0
	for _, tt := range goldenQueries {
		t.Run(tt.name, func(t *testing.T) {
			got, out := cliSearch(t, dir, tt.q, tt.series, tt.tag)
			if want := postURLs(tt.want); !checkTop(got, want) {
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
	for _, tt := range goldenQueries {
		t.Run(tt.name, func(t *testing.T) {
			expr := fmt.Sprintf("rensaiSearch.query(%s, {series: %s, tag: %s, limit: 10}).then(function (resp) { var out = []; (resp.results || []).forEach(function (r) { out.push(r.url); (r.others || []).forEach(function (o) { out.push(o.url); }); }); return out; })",
				strconvQuote(tt.q), strconvQuote(tt.series), strconvQuote(tt.tag))
			ctx, cancel := context.WithTimeout(tab, 30*time.Second)
			defer cancel()
			got, err := chromedp.Run(ctx, chromedp.Evaluate[[]string](expr, chromedp.EvalAwaitPromise))
			if err != nil {
				t.Fatalf("query %q in the browser: %v", tt.q, err)
			}
			if want := postURLs(tt.want); !checkTop(got, want) {
				t.Errorf("browser query %q = %v, want first %v", tt.q, got, want)
			}
			cli, _ := cliSearch(t, dir, tt.q, tt.series, tt.tag)
			if !slices.Equal(got, cli) {
				t.Errorf("query %q: browser %v, rensai search %v", tt.q, got, cli)
			}
		})
	}
}
