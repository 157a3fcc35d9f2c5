package search

import (
	"slices"
	"testing"
)

func urls(rs []Result) []string {
	var out []string
	for _, r := range rs {
		out = append(out, r.URL)
	}
	return out
}

func TestDebugQueries(t *testing.T) {
	fsys := corpusIndex(t)
	for _, q := range []string{"返す", "厳しい", "入館証", "入館", "証", "セキュリティー", "くれーむ", "ＰＣ", "2,000円", "新幹線", "返そう", "\"入館証を返さない\"", "派遣社員", "script"} {
		rs, err := Query(fsys, q, QueryOptions{})
		if err != nil {
			t.Fatal(err)
		}
		t.Logf("%s -> %v", q, urls(rs))
		if len(rs) > 0 {
			t.Logf("   %q", rs[0].Snippet)
		}
	}
	_ = slices.Contains[[]string]
}
