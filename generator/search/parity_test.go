package search

import (
	"math/rand/v2"
	"reflect"
	"slices"
	"sort"
	"strings"
	"testing"
	"testing/fstest"
)

// vocabKeys lists every key of the index's vocabulary, sorted.
func vocabKeys(t *testing.T, fsys fstest.MapFS) []string {
	t.Helper()
	var keys []string
	for p, f := range fsys {
		if !strings.HasPrefix(p, "search/") || !strings.Contains(p, "/v/") {
			continue
		}
		for _, line := range strings.Split(string(f.Data), "\n") {
			if k, _, ok := strings.Cut(line, "\t"); ok {
				keys = append(keys, k)
			}
		}
	}
	sort.Strings(keys)
	return keys
}

// genQueries makes n queries of every kind a reader might type: words of
// the site, words it lacks, random kana and kanji, inflections, quotes,
// spaces, Latin and numbers, in several widths.
func genQueries(keys []string, n int, seed uint64) []string {
	r := rand.New(rand.NewPCG(seed, 13))
	pick := func(xs []string) string { return xs[r.IntN(len(xs))] }
	runes := func(lo, hi rune, k int) string {
		var sb strings.Builder
		for range k {
			sb.WriteRune(lo + rune(r.IntN(int(hi-lo+1))))
		}
		return sb.String()
	}
	absent := []string{"ワクチン", "ポケモン", "ブロックチェーン", "公開鍵", "文字化け", "タイムカード", "新幹線", "宇宙人", "ぽけもん", "量子"}
	extra := []string{"を", "が", "ない", "ました", "て", "た", "ー", "・", "、", "ｸﾚｰﾑ", "ＰＣ", "2,000", "10", "abc", "😀", "々"}
	word := func() string {
		switch r.IntN(10) {
		case 0:
			return pick(absent)
		case 1:
			return runes('ぁ', 'ん', 1+r.IntN(4))
		case 2:
			return runes('ァ', 'ン', 1+r.IntN(5))
		case 3:
			return runes('一', '龥', 1+r.IntN(3))
		case 4:
			return pick(keys) + pick(extra)
		case 5:
			return pick(keys) + pick(keys)
		case 6:
			// A key in hiragana: a reading typed as a reader would
			// (ホウコク as ほうこく), alone, run into another, or after
			// another and a particle (particleCuts).
			switch r.IntN(3) {
			case 0:
				return hiragana(pick(keys))
			case 1:
				return hiragana(pick(keys)) + hiragana(pick(keys))
			}
			return hiragana(pick(keys)) + pick([]string{"の", "を", "に", "が", "は", "で", "と", "から"}) + hiragana(pick(keys))
		default:
			return pick(keys)
		}
	}
	out := make([]string, n)
	for i := range out {
		var parts []string
		for range 1 + r.IntN(3) {
			parts = append(parts, word())
		}
		q := strings.Join(parts, pick([]string{" ", "　", "", " "}))
		switch r.IntN(8) {
		case 0:
			q = `"` + q + `"`
		case 1:
			q = "「" + q + "」"
		case 2:
			q = `"` + q
		}
		out[i] = q
	}
	return out
}

// TestJSEngineMatchesGo runs thousands of generated queries through the
// Go engine and the browser engine (in goja) over the fixture corpus: the
// responses and the files read must be the same.
func TestJSEngineMatchesGo(t *testing.T) {
	fsys := corpusIndex(t)
	keys := vocabKeys(t, fsys)
	if len(keys) < 100 {
		t.Fatalf("only %d vocabulary keys", len(keys))
	}
	n := 2000
	if testing.Short() {
		n = 300
	}
	queries := genQueries(keys, n, 1)
	opts := []QueryOptions{{}, {Limit: 3, Others: true}, {Series: "nyukan"}, {Tag: "クレーム", Others: true}, {NoText: true}}
	found, differ := 0, 0
	var gs *Searcher
	var js *jsEngine
	for i, q := range queries {
		// A fresh pair every 50 queries: each pair keeps its files, as a
		// page does, and is compared on what it read.
		if i%50 == 0 {
			sameFiles(t, i, gs, js)
			gs, js = NewSearcher(fsys), newJSEngine(t, fsys)
		}
		o := opts[i%len(opts)]
		want, err := gs.Query(q, o)
		if err != nil {
			t.Fatalf("Go %q: %v", q, err)
		}
		got, err := js.Query(q, o)
		if err != nil {
			t.Fatalf("JS %q: %v", q, err)
		}
		if want.Total > 0 {
			found++
		}
		if w := canon(t, want); !reflect.DeepEqual(got, w) {
			if differ++; differ <= 5 {
				t.Errorf("query %q %+v:\n js %+v\n go %+v", q, o, got, w)
			}
		}
		// Opening a serial's list reads its other parts.
		if len(want.Results) > 0 && len(want.Results[0].OtherIDs) > 0 {
			ids := want.Results[0].OtherIDs
			wo, err := gs.Others(ids)
			if err != nil {
				t.Fatal(err)
			}
			jo, err := js.Others(ids)
			if err != nil {
				t.Fatal(err)
			}
			if len(wo) != len(ids) || !reflect.DeepEqual(jo, wo) {
				t.Errorf("others of %q: js %+v, go %+v", q, jo, wo)
			}
		}
	}
	sameFiles(t, len(queries), gs, js)
	if differ > 0 {
		t.Errorf("%d of %d queries differ", differ, len(queries))
	}
	if found < len(queries)/4 {
		t.Errorf("only %d of %d generated queries find anything; the comparison would prove little", found, len(queries))
	}
}

func sameFiles(t *testing.T, i int, gs *Searcher, js *jsEngine) {
	t.Helper()
	// The same files; the browser asks for a round of them at once, so
	// the order may differ.
	if gs != nil && !slices.Equal(slices.Sorted(slices.Values(gs.Fetched())), slices.Sorted(slices.Values(js.Fetched()))) {
		t.Errorf("after query %d the engines read different files:\n go %v\n js %v", i, gs.Fetched(), js.Fetched())
	}
}
