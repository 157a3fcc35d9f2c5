package search

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"html/template"
	"io/fs"
	"net/http"
	"net/http/httptest"
	"os"
	"reflect"
	"regexp"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"
	"github.com/chromedp/chromedp/kb"
)

const (
	themeDir = "../../themes/default"
	testBase = "/repo/"
)

// themeStrings reads the search_ keys of the theme's strings file.
func themeStrings(t *testing.T) map[string]string {
	t.Helper()
	data, err := os.ReadFile(themeDir + "/strings.toml")
	if err != nil {
		t.Fatal(err)
	}
	out := map[string]string{}
	re := regexp.MustCompile(`(?m)^(search_[a-z_]+) = "((?:[^"\\]|\\.)*)"$`)
	for _, m := range re.FindAllStringSubmatch(string(data), -1) {
		out[m[1]] = strings.ReplaceAll(m[2], `\"`, `"`)
	}
	return out
}

// searchPage renders layouts/search.html inside a minimal base layout, the
// way the theme does.
func searchPage(t *testing.T) []byte {
	t.Helper()
	strs := themeStrings(t)
	funcs := template.FuncMap{
		"T": func(key string) (string, error) {
			v, ok := strs[key]
			if !ok {
				return "", fmt.Errorf("strings.toml has no %s", key)
			}
			return v, nil
		},
		"relURL": func(p string) string { return testBase + p },
	}
	// Like the theme's baseof.html, which loads the search client on every
	// page.
	base := `<!DOCTYPE html><html lang="ja" data-base="{{ .Site.BasePath }}"><head><meta charset="utf-8"><title>検索</title>` +
		`<link rel="stylesheet" href="{{ relURL "assets/css/style.css" }}">` +
		`<link rel="stylesheet" id="rensai-search-strings" href="{{ relURL "assets/css/search.css" }}" data-msg-count="{{ T "search_count" }}" data-msg-others="{{ T "search_others" }}" data-msg-absent="{{ T "search_absent" }}">` +
		`<script src="{{ relURL "assets/js/search.js" }}" defer></script></head><body>` +
		`<form class="site-search" action="{{ relURL "search/" }}" role="search"><input type="search" name="q"></form>` +
		`<main>{{ block "main" . }}{{ end }}</main></body></html>`
	tmpl := template.Must(template.New("base").Funcs(funcs).Parse(base))
	src, err := os.ReadFile(themeDir + "/layouts/search.html")
	if err != nil {
		t.Fatal(err)
	}
	template.Must(tmpl.New("search.html").Parse(string(src)))
	var b bytes.Buffer
	data := map[string]any{"Site": map[string]any{"BasePath": testBase, "Taxonomies": []map[string]string{
		{"Key": "tags", "Name": "タグ"}, {"Key": "clients", "Name": "派遣先"}}}}
	if err := tmpl.ExecuteTemplate(&b, "base", data); err != nil {
		t.Fatal(err)
	}
	return b.Bytes()
}

// serveSite serves the index in fsys, the client script, a blank page that
// only loads the script, and the search page, all under testBase.
func serveSite(t *testing.T, fsys fs.FS) *httptest.Server {
	t.Helper()
	js := map[string][]byte{}
	for _, name := range []string{"js/search.js", "js/search-text.js", "js/search-store.js", "js/search-engine.js", "css/search.css", "css/style.css"} {
		b, err := os.ReadFile(themeDir + "/assets/" + name)
		if err != nil {
			t.Fatal(err)
		}
		js["assets/"+name] = b
	}
	page := searchPage(t)
	blank := []byte(`<!DOCTYPE html><html lang="ja" data-base="` + testBase + `"><head><meta charset="utf-8"><title>空</title>` +
		`<script src="` + testBase + `assets/js/search.js"></script></head><body></body></html>`)
	mux := http.NewServeMux()
	mux.HandleFunc("/", func(w http.ResponseWriter, r *http.Request) {
		p, ok := strings.CutPrefix(r.URL.Path, testBase)
		switch {
		case !ok:
			http.NotFound(w, r)
		case js[p] != nil && strings.HasSuffix(p, ".css"):
			w.Header().Set("Content-Type", "text/css; charset=utf-8")
			w.Write(js[p])
		case js[p] != nil:
			w.Header().Set("Content-Type", "text/javascript; charset=utf-8")
			w.Write(js[p])
		case p == "blank/":
			w.Header().Set("Content-Type", "text/html; charset=utf-8")
			w.Write(blank)
		case p == "search/":
			w.Header().Set("Content-Type", "text/html; charset=utf-8")
			w.Write(page)
		default:
			b, err := fs.ReadFile(fsys, p)
			if err != nil {
				http.NotFound(w, r)
				return
			}
			w.Header().Set("Content-Type", "text/plain; charset=utf-8")
			w.Write(b)
		}
	})
	srv := httptest.NewServer(mux)
	t.Cleanup(srv.Close)
	return srv
}

func jsQuery(t *testing.T, ctx context.Context, q string, opts QueryOptions) Response {
	t.Helper()
	arg, _ := json.Marshal(q)
	o, _ := json.Marshal(map[string]any{"series": opts.Series, "tag": opts.Tag, "limit": opts.Limit, "others": opts.Others})
	rs, err := chromedp.Run(withTimeout(t, ctx, 30*time.Second),
		chromedp.Evaluate[Response](fmt.Sprintf("window.rensaiSearch.query(%s, %s)", arg, o), chromedp.EvalAwaitPromise))
	if err != nil {
		t.Fatalf("query %q in the browser: %v", clip(q, 30), err)
	}
	return rs
}

func TestQueryMatchesBrowser(t *testing.T) {
	fsys := corpusIndex(t)
	ctx := startBrowser(t)
	srv := serveSite(t, fsys)
	if err := chromedp.Do(withTimeout(t, ctx, 30*time.Second), chromedp.Navigate(srv.URL+testBase+"blank/")); err != nil {
		t.Fatal(err)
	}
	// The fixture cases of the shared case file, and what only a browser
	// could get wrong: its own Unicode tables, very long input, markup.
	type query struct {
		name, q string
		opts    QueryOptions
	}
	var qs []query
	for _, c := range loadCases(t) {
		if c.corpus == "fixture" {
			qs = append(qs, query{c.name, c.q, c.opts})
		}
	}
	qs = append(qs, query{"emoji only", "😀🙏", QueryOptions{}}, query{"punctuation only", "、。！？…", QueryOptions{}},
		query{"img onerror", `<img src=x onerror="window.pwned=7">`, QueryOptions{}},
		query{"very long query", strings.Repeat("入館証を返さない派遣社員、", 100), QueryOptions{}},
		query{"katakana dash look-alike", "コンピュ−タ−", QueryOptions{}}, query{"vu and iteration mark", "ヴァイオリン 時々", QueryOptions{}})
	for _, tt := range qs {
		t.Run(tt.name, func(t *testing.T) {
			want, err := Query(fsys, tt.q, tt.opts)
			if err != nil {
				t.Fatal(err)
			}
			got := jsQuery(t, ctx, tt.q, tt.opts)
			if w := canon(t, want); !reflect.DeepEqual(got, w) {
				t.Errorf("browser and Go differ:\n browser %+v\n      go %+v", got, w)
			}
		})
	}
}

func TestNormalizeMatchesBrowser(t *testing.T) {
	ctx := startBrowser(t)
	srv := serveSite(t, corpusIndex(t))
	if err := chromedp.Do(withTimeout(t, ctx, 30*time.Second), chromedp.Navigate(srv.URL+testBase+"blank/")); err != nil {
		t.Fatal(err)
	}
	inputs := []string{
		"ｸﾚｰﾑ", "ＰＣ", "Ｗｉｎｄｏｗｓ１０", "⑥", "㈱", "セキュリティー", "コンピューター", "ルー", "コンピュ−タ−", "ク-ラ", "ア‐イ―ウ",
		"全角　空白\tと\n改行", "ÀÉÎ", "İstanbul", "ﾊﾟｿｺﾝ", "ガ", "くれーむ", "ありがとー", "ヴァイオリン", "ヽヾゝゞ", "𠮷野家",
		"😀👨‍👩‍👧", "\u00a0\u2028\ufeff", "①②③", "ｱｲｳｴｵｰ", "Ⅻ", "ｶﾞｷﾞｸﾞ", "〜～", "2,000円",
	}
	type pair struct{ N, F string }
	var want []pair
	for _, s := range inputs {
		n := Normalize(s)
		want = append(want, pair{n, Fold(n)})
	}
	arg, _ := json.Marshal(inputs)
	got, err := chromedp.Run(withTimeout(t, ctx, 30*time.Second), chromedp.Evaluate[[]pair](
		fmt.Sprintf("rensaiSearch.ready.then(function () { return %s.map(function (s) { var n = rensaiSearch.normalize(s); return {N: n, F: rensaiSearch.fold(n)}; }); })", arg), chromedp.EvalAwaitPromise))
	if err != nil {
		t.Fatal(err)
	}
	for i := range inputs {
		if got[i] != want[i] {
			t.Errorf("%q: browser %+q, Go %+q", inputs[i], got[i], want[i])
		}
	}
}

// TestBrowserFetchesSameFiles checks that the browser reads exactly the
// files the Go query path reads, for a first and a second query.
func TestBrowserFetchesSameFiles(t *testing.T) {
	fsys := corpusIndex(t)
	ctx := startBrowser(t)
	srv := serveSite(t, fsys)
	if err := chromedp.Do(withTimeout(t, ctx, 30*time.Second), chromedp.Navigate(srv.URL+testBase+"blank/")); err != nil {
		t.Fatal(err)
	}
	s := NewSearcher(fsys)
	for _, q := range []string{"入館証 返す", "派遣社員 クレーム", `"入館証を返さない"`} {
		if _, err := s.Query(q, QueryOptions{}); err != nil {
			t.Fatal(err)
		}
		jsQuery(t, ctx, q, QueryOptions{})
		got, err := chromedp.Run(withTimeout(t, ctx, 10*time.Second), chromedp.Evaluate[[]string]("rensaiSearch.fetched()"))
		if err != nil {
			t.Fatal(err)
		}
		want := s.Fetched()
		slices.Sort(got)
		slices.Sort(want)
		if !slices.Equal(got, want) {
			t.Errorf("after %q the browser fetched\n %v\nGo read\n %v", q, got, want)
		}
	}
}

// TestSearchPageRunsNoInjectedScript indexes an article holding <script>
// and <img onerror> text, searches for it on the search page, and types the
// same markup as a query: nothing may run, and the text must show as text.
func TestSearchPageRunsNoInjectedScript(t *testing.T) {
	fsys := corpusIndex(t)
	ctx := startBrowser(t)
	srv := serveSite(t, fsys)
	c := withTimeout(t, ctx, 60*time.Second)
	err := chromedp.Do(c,
		chromedp.Navigate(srv.URL+testBase+"search/?q="+"%3Cscript%3E"),
		chromedp.WaitVisible(".search-results li mark"),
	)
	if err != nil {
		t.Fatal(err)
	}
	check := func(when string) {
		t.Helper()
		type state struct {
			Pwned    bool   `json:"pwned"`
			Elements int    `json:"elements"`
			Text     string `json:"text"`
			Href     string `json:"href"`
		}
		st, err := chromedp.Run(c, chromedp.Evaluate[state](`({
			pwned: window.pwned !== undefined,
			elements: document.querySelectorAll('#rensai-search script, #rensai-search img, .site-search-results img').length,
			text: document.querySelector('.search-results').textContent,
			href: document.querySelector('.search-results a').getAttribute('href')})`))
		if err != nil {
			t.Fatal(err)
		}
		if st.Pwned || st.Elements != 0 {
			t.Errorf("%s: injected markup ran or was inserted: %+v", when, st)
		}
		if !strings.Contains(st.Text, "<script>window.pwned=1</script>") {
			t.Errorf("%s: the snippet does not show the markup as text: %q", when, st.Text)
		}
		if st.Href != testBase+"posts/script-01/" {
			t.Errorf("%s: result links to %q, want the base path %q", when, st.Href, testBase+"posts/script-01/")
		}
	}
	check("after ?q=<script>")
	if _, err := chromedp.Run(c, chromedp.Evaluate[string](`document.querySelector('#search-q').value = ''`)); err != nil {
		t.Fatal(err)
	}
	err = chromedp.Do(c,
		chromedp.SendKeys("#search-q", `<img src=x onerror="window.pwned=9"> 日報`),
	)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := chromedp.Run(c, chromedp.Poll[bool](`location.search.indexOf('onerror') >= 0 && document.querySelectorAll('.search-results li').length > 0`)); err != nil {
		t.Fatal(err)
	}
	check("after typing markup")
	// The header box shows results as you type too.
	err = chromedp.Do(c,
		chromedp.SendKeys(".site-search input", "<script>window.pwned=5</script>"),
		chromedp.WaitVisible(".site-search-results li a"),
	)
	if err != nil {
		t.Fatal(err)
	}
	check("after typing in the header box")
}

// TestSearchPageStrings checks that every string key the search page uses
// is in the theme's strings file.
func TestSearchPageStrings(t *testing.T) {
	src, err := os.ReadFile(themeDir + "/layouts/search.html")
	if err != nil {
		t.Fatal(err)
	}
	strs := themeStrings(t)
	for _, m := range regexp.MustCompile(`T "([a-z_]+)"`).FindAllStringSubmatch(string(src), -1) {
		if _, ok := strs[m[1]]; !ok {
			t.Errorf("search.html uses %s, missing from strings.toml", m[1])
		}
	}
}

// TestSearchPageFilterLists: the series and tag lists are fetched only when
// the address names a filter or a list is first used, and then hold every
// series.
func TestSearchPageFilterLists(t *testing.T) {
	fsys := corpusIndex(t)
	ctx := startBrowser(t)
	srv := serveSite(t, fsys)
	c := withTimeout(t, ctx, 60*time.Second)
	type state struct {
		Options  int    `json:"options"`
		Value    string `json:"value"`
		Filters  bool   `json:"filters"`
		Results  int    `json:"results"`
		Finished bool   `json:"finished"`
	}
	read := func() state {
		t.Helper()
		st, err := chromedp.Run(c, chromedp.Evaluate[state](`({
			options: document.querySelectorAll('#search-series option').length,
			value: document.querySelector('#search-series').value,
			filters: rensaiSearch.fetched().some(function (p) { return /^search\/[0-9a-f]+\/f\//.test(p); }),
			results: document.querySelectorAll('.search-results li.search-result').length,
			finished: /件/.test(document.querySelector('.search-status').textContent)})`))
		if err != nil {
			t.Fatal(err)
		}
		return st
	}
	// Wait for the new document by a DOM query before polling a script in
	// it: a poll right after navigating may run in the old page's context.
	if err := chromedp.Do(c, chromedp.Navigate(srv.URL+testBase+"search/?q="+"%E8%BF%94%E3%81%99"), chromedp.WaitReady(".search-status")); err != nil {
		t.Fatal(err)
	}
	if _, err := chromedp.Run(c, chromedp.Poll[bool](`/件/.test(document.querySelector('.search-status').textContent)`)); err != nil {
		t.Fatal(err)
	}
	if st := read(); st.Filters || st.Options != 1 {
		t.Errorf("plain query: %+v, want no filter file fetched and only the \"all\" option", st)
	}
	if err := chromedp.Do(c, chromedp.Click("#search-series")); err != nil {
		t.Fatal(err)
	}
	if _, err := chromedp.Run(c, chromedp.Poll[bool](`document.querySelectorAll('#search-series option').length > 1`)); err != nil {
		t.Fatal(err)
	}
	if st := read(); !st.Filters || st.Value != "" {
		t.Errorf("after opening the series list: %+v, want the lists filled and nothing chosen", st)
	}
	// The terms stand under their taxonomy's name; a taxonomy without
	// terms in the index (clients, here) has no group.
	type groups struct {
		Labels  []string `json:"labels"`
		Outside int      `json:"outside"`
		Wrong   int      `json:"wrong"`
		Inside  int      `json:"inside"`
	}
	g, err := chromedp.Run(c, chromedp.Evaluate[groups](`(function () {
		var sel = document.querySelector('#search-tag'), gs = sel.querySelectorAll('optgroup');
		var r = {labels: Array.prototype.map.call(gs, function (g) { return g.label; }), outside: 0, wrong: 0, inside: 0};
		Array.prototype.forEach.call(sel.options, function (o) {
			if (!o.value) return;
			var g = o.parentNode;
			if (g.tagName !== 'OPTGROUP') r.outside++;
			else if (o.value.indexOf(g.getAttribute('data-tax') + ':') !== 0) r.wrong++;
			else r.inside++;
		});
		return r;
	})()`))
	if err != nil {
		t.Fatal(err)
	}
	if len(g.Labels) != 1 || g.Labels[0] != "タグ" || g.Outside != 0 || g.Wrong != 0 || g.Inside == 0 {
		t.Errorf("terms of the tag list: %+v, want every term in the one group タグ", g)
	}
	// Wait for the new document by a DOM query before polling a script in
	// it: a poll right after navigating may run in the old page's context.
	if err := chromedp.Do(c, chromedp.Navigate(srv.URL+testBase+"search/?q="+"%E8%BF%94%E3%81%99&series=nyukan"), chromedp.WaitReady(".search-status")); err != nil {
		t.Fatal(err)
	}
	if _, err := chromedp.Run(c, chromedp.Poll[bool](`/件/.test(document.querySelector('.search-status').textContent)`)); err != nil {
		t.Fatal(err)
	}
	want, err := Query(fsys, "返す", QueryOptions{Series: "nyukan", Limit: DefaultLimit})
	if err != nil {
		t.Fatal(err)
	}
	if st := read(); st.Value != "nyukan" || st.Results != len(want.Results) {
		t.Errorf("?series=nyukan: %+v, want nyukan chosen and %d results", st, len(want.Results))
	}
}

// TestHeaderBoxIsAKeyboardCombobox types into the header box: its results
// come as an ARIA listbox that arrows move through and Escape closes,
// grouped by serial, and showing them never changes the header's layout.
func TestHeaderBoxIsAKeyboardCombobox(t *testing.T) {
	fsys := corpusIndex(t)
	ctx := startBrowser(t)
	srv := serveSite(t, fsys)
	c := withTimeout(t, ctx, 60*time.Second)
	type state struct {
		Role, Expanded, Active, Selected, Others string
		Options                                  int
		FormHeight, MainTop                      float64
	}
	read := func() state {
		t.Helper()
		st, err := chromedp.Run(c, chromedp.Evaluate[state](`(function () {
			var in_ = document.querySelector('.site-search input'), sel = document.querySelector('.site-search-results [aria-selected=true]');
			var others = document.querySelector('.site-search-results .search-result-others');
			return {Role: in_.getAttribute('role'), Expanded: in_.getAttribute('aria-expanded'),
				Active: in_.getAttribute('aria-activedescendant') || '', Selected: sel ? sel.id : '',
				Others: others ? others.textContent : '',
				Options: document.querySelectorAll('.site-search-results [role=option]').length,
				FormHeight: document.querySelector('.site-search').getBoundingClientRect().height,
				MainTop: document.querySelector('main').getBoundingClientRect().top};
		})()`))
		if err != nil {
			t.Fatal(err)
		}
		return st
	}
	if err := chromedp.Do(c, chromedp.Navigate(srv.URL+testBase+"search/"), chromedp.WaitReady(".site-search input")); err != nil {
		t.Fatal(err)
	}
	if err := chromedp.Do(c, chromedp.SendKeys(".site-search input", "入館証"), chromedp.WaitVisible(".site-search-results [role=option]")); err != nil {
		t.Fatal(err)
	}
	open := read()
	if open.Role != "combobox" || open.Expanded != "true" || open.Options == 0 || open.Active != "" {
		t.Errorf("results shown: %+v, want an expanded combobox with options and none chosen", open)
	}
	if !strings.Contains(open.Others, "この連載の他の話") {
		t.Errorf("a serial's result does not say how many other parts match: %+v", open)
	}
	if err := chromedp.Do(c, chromedp.KeyEvent(kb.ArrowDown)); err != nil {
		t.Fatal(err)
	}
	if st := read(); st.Selected == "" || st.Active != st.Selected {
		t.Errorf("after ArrowDown: %+v, want the first option chosen and named by aria-activedescendant", st)
	}
	if err := chromedp.Do(c, chromedp.KeyEvent(kb.Escape)); err != nil {
		t.Fatal(err)
	}
	closed := read()
	if closed.Expanded != "false" || closed.Options != 0 {
		t.Errorf("after Escape: %+v, want the list closed", closed)
	}
	if open.FormHeight != closed.FormHeight || open.MainTop != closed.MainTop {
		t.Errorf("the header moved: with results %+v, without %+v", open, closed)
	}
}
