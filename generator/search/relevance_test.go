package search

import (
	"slices"
	"strings"
	"testing"
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

// TestRelevance runs the fixture corpus through kagome and checks the
// matches the issue asks for.
func TestRelevance(t *testing.T) {
	fsys := corpusIndex(t)
	tests := []struct {
		name string
		q    string
		want []string // must all be found
		not  []string // must not be found
		none bool     // no results at all
	}{
		{name: "verb finds its inflections", q: "返す", want: []string{"/posts/nyukan-01/", "/posts/nyukan-02/", "/posts/nyukan-03/", "/posts/lock-01/"}, not: []string{"/posts/reply-01/"}},
		{name: "inflected query finds the verb", q: "返さない", want: []string{"/posts/nyukan-02/", "/posts/nyukan-03/"}},
		{name: "inflection unseen in corpus", q: "返そう", want: []string{"/posts/nyukan-01/", "/posts/lock-01/"}},
		{name: "adjective finds past form", q: "厳しい", want: []string{"/posts/nyukan-02/", "/posts/strict-01/"}},
		{name: "adjective past finds plain form", q: "厳しかった", want: []string{"/posts/strict-01/", "/posts/nyukan-02/"}},
		{name: "compound finds compound", q: "入館証", want: []string{"/posts/nyukan-01/", "/posts/nyukan-05/"}, not: []string{"/posts/badge-01/"}},
		{name: "part finds compound", q: "入館", want: []string{"/posts/nyukan-01/", "/posts/nyukan-05/", "/posts/nyukan-04/"}},
		{name: "katakana trailing long vowel", q: "セキュリティー", want: []string{"/posts/security-01/", "/posts/security-02/"}},
		{name: "katakana without long vowel", q: "セキュリティ", want: []string{"/posts/security-01/", "/posts/security-02/"}},
		{name: "hiragana for katakana", q: "くれーむ", want: []string{"/posts/claim-01/", "/posts/claim-02/"}},
		{name: "half-width katakana", q: "ｸﾚｰﾑ", want: []string{"/posts/claim-01/", "/posts/claim-02/"}},
		{name: "full-width latin", q: "ＰＣ", want: []string{"/posts/pc-01/"}},
		{name: "number with separator", q: "2,000円", want: []string{"/posts/money-01/", "/posts/money-02/"}},
		{name: "long vowel in indexed compound", q: "コンピュータ", want: []string{"/posts/pc-02/"}},
		{name: "word not in corpus", q: "新幹線", none: true},
		{name: "word not in corpus beside single kanji", q: "新証", none: true},
		{name: "only particles", q: "を", none: true},
		{name: "phrase", q: `"鍵を返さない"`, want: []string{"/posts/lock-01/"}, not: []string{"/posts/nyukan-01/"}},
		{name: "or fallback", q: "入館証 宇宙人", want: []string{"/posts/nyukan-01/"}},
		{name: "html text", q: "<script>", want: []string{"/posts/script-01/"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			rs, err := Query(fsys, tt.q, QueryOptions{Limit: 50})
			if err != nil {
				t.Fatal(err)
			}
			got := urls(rs)
			if tt.none && len(got) != 0 {
				t.Errorf("%q found %v, want nothing", tt.q, got)
			}
			for _, u := range tt.want {
				if !slices.Contains(got, u) {
					t.Errorf("%q found %v, missing %s", tt.q, got, u)
				}
			}
			for _, u := range tt.not {
				if slices.Contains(got, u) {
					t.Errorf("%q found %v, must not find %s", tt.q, got, u)
				}
			}
		})
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

func TestQueryEquivalenceCasesFindSomething(t *testing.T) {
	// The browser comparison is only meaningful when most cases have results.
	fsys := corpusIndex(t)
	found := 0
	for _, tt := range equivalenceQueries {
		rs, err := Query(fsys, tt.q, tt.opts)
		if err != nil {
			t.Fatal(err)
		}
		if rs.Total > 0 {
			found++
		}
	}
	if found < 20 {
		t.Errorf("only %d of %d comparison queries find anything; the comparison would prove little", found, len(equivalenceQueries))
	}
}
