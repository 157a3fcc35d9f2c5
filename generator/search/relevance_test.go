package search

import (
	"fmt"
	"os"
	"reflect"
	"slices"
	"sort"
	"strconv"
	"strings"
	"testing"
	"testing/fstest"
)

// urls lists every article a response found: each result, then the other
// parts of its serial.
func urls(resp Response) []string {
	var out []string
	for _, r := range resp.Results {
		out = append(out, r.URL)
		for _, o := range r.Others {
			out = append(out, o.URL)
		}
	}
	return out
}

// relCase is one line of testdata/relevance.txt (see its header).
type relCase struct {
	corpus, name, q string
	opts            QueryOptions
	expect          map[string]string
	line            int
}

// loadCases reads testdata/relevance.txt.
func loadCases(t testing.TB) []relCase {
	t.Helper()
	data, err := os.ReadFile("testdata/relevance.txt")
	if err != nil {
		t.Fatal(err)
	}
	var out []relCase
	for i, line := range strings.Split(string(data), "\n") {
		if line == "" || strings.HasPrefix(line, "#") {
			continue
		}
		f := strings.Split(line, " | ")
		if len(f) != 5 {
			t.Fatalf("testdata/relevance.txt:%d: want 5 fields separated by \" | \", got %d", i+1, len(f))
		}
		c := relCase{corpus: f[0], name: f[1], q: f[2], expect: map[string]string{}, line: i + 1}
		for _, o := range strings.Fields(f[3]) {
			k, v, _ := strings.Cut(o, "=")
			switch k {
			case "series":
				c.opts.Series = v
			case "tag":
				c.opts.Tag = v
			case "limit":
				c.opts.Limit, _ = strconv.Atoi(v)
			default:
				t.Fatalf("testdata/relevance.txt:%d: unknown option %q", i+1, o)
			}
		}
		for _, e := range strings.Fields(f[4]) {
			k, v, _ := strings.Cut(e, "=")
			c.expect[k] = v
		}
		out = append(out, c)
	}
	return out
}

func list(s string) []string {
	if s == "" {
		return nil
	}
	return strings.Split(s, ",")
}

// checkCase reports how resp fails c's expectations.
func checkCase(c relCase, resp Response) []string {
	got := urls(resp)
	var bad []string
	for k, v := range c.expect {
		switch k {
		case "none":
			if len(got) > 0 {
				bad = append(bad, fmt.Sprintf("found %v, want nothing", got))
			}
		case "all":
			want := list(v)
			g := slices.Sorted(slices.Values(got))
			slices.Sort(want)
			if !slices.Equal(g, want) {
				bad = append(bad, fmt.Sprintf("found %v, want exactly %v", got, want))
			}
		case "has":
			for _, u := range list(v) {
				if !slices.Contains(got, u) {
					bad = append(bad, fmt.Sprintf("found %v, missing %s", got, u))
				}
			}
		case "not":
			for _, u := range list(v) {
				if slices.Contains(got, u) {
					bad = append(bad, fmt.Sprintf("found %v, must not find %s", got, u))
				}
			}
		case "first":
			if len(got) == 0 || got[0] != v {
				bad = append(bad, fmt.Sprintf("found %v, want %s first", got, v))
			}
		case "top":
			if want := list(v); len(got) < len(want) || !slices.Equal(got[:len(want)], want) {
				bad = append(bad, fmt.Sprintf("found %v, want first %v", got, want))
			}
		case "missing":
			if !slices.Equal(resp.Missing, list(v)) {
				bad = append(bad, fmt.Sprintf("missing %q, want %q", resp.Missing, list(v)))
			}
		case "partial":
			if !resp.Partial {
				bad = append(bad, "not marked partial")
			}
		case "shown":
			if n, _ := strconv.Atoi(v); len(resp.Results) != n {
				bad = append(bad, fmt.Sprintf("%d results shown, want %d", len(resp.Results), n))
			}
		case "total":
			if n, _ := strconv.Atoi(v); resp.Total != n {
				bad = append(bad, fmt.Sprintf("total %d, want %d", resp.Total, n))
			}
		default:
			bad = append(bad, "unknown expectation "+k)
		}
	}
	if _, ok := c.expect["partial"]; !ok && resp.Partial {
		bad = append(bad, "marked partial")
	}
	if _, ok := c.expect["missing"]; !ok && len(resp.Missing) > 0 {
		bad = append(bad, fmt.Sprintf("reports %q missing", resp.Missing))
	}
	sort.Strings(bad)
	return bad
}

// TestRelevance runs the cases of testdata/relevance.txt over the two
// fixture corpora through the Go engine and the browser engine (in goja),
// which must give the same response.
func TestRelevance(t *testing.T) {
	indexes := map[string]fstest.MapFS{"fixture": corpusIndex(t), "second": corpus2Index(t)}
	engines := map[string]*jsEngine{}
	n := 0
	for _, c := range loadCases(t) {
		fsys, ok := indexes[c.corpus]
		if !ok {
			continue // another package's corpus
		}
		n++
		t.Run(c.corpus+"/"+c.name, func(t *testing.T) {
			opts := c.opts
			opts.Others = true
			if opts.Limit == 0 {
				opts.Limit = 50
			}
			resp, err := Query(fsys, c.q, opts)
			if err != nil {
				t.Fatal(err)
			}
			for _, b := range checkCase(c, resp) {
				t.Errorf("relevance.txt:%d: %q: %s", c.line, c.q, b)
			}
			if engines[c.corpus] == nil {
				engines[c.corpus] = newJSEngine(t, fsys)
			}
			js, err := engines[c.corpus].Query(c.q, opts)
			if err != nil {
				t.Fatal(err)
			}
			if w := canon(t, resp); !reflect.DeepEqual(js, w) {
				t.Errorf("relevance.txt:%d: %q: browser engine differs:\n js %+v\n go %+v", c.line, c.q, js, w)
			}
		})
	}
	if n < 40 {
		t.Errorf("only %d cases over the fixture corpora, want at least 40", n)
	}
}

// TestCompoundRanksAboveParts: a page with the compound 入館証 ranks above a
// page that has only 入館 and 証 apart, for the compound query.
func TestCompoundRanksAboveParts(t *testing.T) {
	docs := []Document{
		{URL: "/a/", Title: "記録", Body: "入館の手続きのあと、証を受け取った。入館の記録を残す。証の番号を控える。"},
		{URL: "/b/", Title: "返却", Body: "退職者から入館証を回収した。"},
		{URL: "/c/", Title: "無関係", Body: "今日は雨が降った。"},
	}
	fsys := buildFS(t, sharedKagome(t), docs)
	rs, err := Query(fsys, "入館証", QueryOptions{})
	if err != nil {
		t.Fatal(err)
	}
	if len(rs.Results) == 0 || rs.Results[0].URL != "/b/" {
		t.Fatalf("入館証 ranked %v, want /b/ first", urls(rs))
	}
	for i, r := range rs.Results {
		if r.URL == "/a/" && i == 0 {
			t.Errorf("page with only the parts ranked first: %v", urls(rs))
		}
	}
	rs, err = Query(fsys, "入館", QueryOptions{})
	if err != nil {
		t.Fatal(err)
	}
	if !slices.Contains(urls(rs), "/b/") {
		t.Errorf("入館 found %v, want the page with 入館証", urls(rs))
	}
}

func TestSnippetMarksMatches(t *testing.T) {
	fsys := corpusIndex(t)
	rs, err := Query(fsys, "返す", QueryOptions{Series: "nyukan"})
	if err != nil {
		t.Fatal(err)
	}
	if len(rs.Results) == 0 {
		t.Fatal("no results")
	}
	for _, r := range rs.Results {
		var marked []string
		for _, s := range r.Segments {
			if s.Mark {
				marked = append(marked, s.Text)
			}
		}
		if len(marked) == 0 {
			continue // a title or series-title match
		}
		for _, m := range marked {
			if !strings.HasPrefix(m, "返") {
				t.Errorf("%s: marked %q, want forms of 返す", r.URL, m)
			}
		}
		if r.Series != "入館証を返さない派遣社員" || r.PartLabel == "" || r.Date == "" {
			t.Errorf("%s: metadata missing: %+v", r.URL, r)
		}
	}
}
