package search

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"maps"
	"math/rand/v2"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"
)

// deltaTok is deltaFake that reads ひ as 火 in a text that has 夜, so
// that one key stands for two terms in different documents.
type deltaTok struct{ fakeTokenizer }

func (d deltaTok) Tokenize(text string) ([]Morpheme, error) {
	ms, err := d.fakeTokenizer.Tokenize(text)
	if strings.Contains(text, "夜") {
		for i := range ms {
			if ms[i].Surface == "ひ" {
				ms[i].Base = "火"
			}
		}
	}
	return ms, err
}

// deltaFake is the fake tokenizer with words whose base form, class or
// reading differs between spellings, so that which document gives a term
// its base form and reading (the first in index order) matters.
func deltaFake() fakeTokenizer {
	f := newFake()
	for _, m := range []Morpheme{
		{Surface: "返せ", Base: "返す", Kind: Word, Infl: "ichidan"},
		{Surface: "かえす", Base: "返す", Kind: Word},
		{Surface: "食べ", Base: "食べる", Kind: Word, Infl: "ichidan"},
		{Surface: "日", Kind: Noun, Reading: "ニチ"},
		{Surface: "ひ", Base: "日", Kind: Noun, Reading: "ヒ"},
		{Surface: "問い合わせ", Kind: Noun, Reading: "トイアワセ"},
		{Surface: "問合せ", Kind: Noun, Reading: "トイアワセ"},
		{Surface: "といあわせ", Base: "問合せ", Kind: Noun, Reading: "モンゴウセ"},
		{Surface: "入館", Kind: Noun, Reading: "ニュウカン"},
		{Surface: "の", Kind: Stop},
		{Surface: "にゅうかんしょう", Kind: Noun},
	} {
		f.lex[m.Surface] = m
	}
	return f
}

var deltaWords = []string{"入館", "証", "派遣", "社員", "返さ", "返し", "返せ", "かえす", "ない", "を", "が", "た", "。", "クレーム",
	"電話", "食べ", "日", "ひ", "問い合わせ", "問合せ", "といあわせ", "の", "漢字", "鍵", "倉庫", "PC", "2,000円", " ", "受付", "箱", "夜", "にゅうかんしょう", "入館証",
	// Kana runs that spell a ruby reading (かんじ over 漢字, かぎ over 鍵): a
	// compound of 3 or 2 one-kana nouns in one document, the reading over
	// 2 or 1 morphemes in another, so that a key's shortest compound span
	// depends on which documents the site has.
	"かんじ", "かぎ"}

// deltaSite is a site that a test edits at random.
type deltaSite struct {
	r      *rand.Rand
	docs   map[string]*Document // by URL
	drafts []*Document
	next   int
}

func (s *deltaSite) body() string {
	var b strings.Builder
	for range 3 + s.r.IntN(12) {
		b.WriteString(deltaWords[s.r.IntN(len(deltaWords))])
	}
	if s.r.IntN(4) == 0 {
		fmt.Fprintf(&b, "固有%d号", s.r.IntN(50))
	}
	return b.String()
}

func (s *deltaSite) series(d *Document) {
	if n := s.r.IntN(5); n < 4 {
		d.Series, d.SeriesSlug, d.PartLabel = fmt.Sprintf("連載%dの件", n), fmt.Sprintf("s%d", n), fmt.Sprintf("第%d話", 1+s.r.IntN(9))
	} else {
		d.Series, d.SeriesSlug, d.PartLabel = "", "", ""
	}
}

func (s *deltaSite) add() {
	d := &Document{URL: fmt.Sprintf("/posts/p%03d/", s.next), Title: s.body()[:0] + deltaWords[s.r.IntN(len(deltaWords))] + "の件",
		Date: fmt.Sprintf("2026-01-%02d", 1+s.r.IntN(28)), Body: s.body(),
		Taxonomies: map[string][]string{"tags": {deltaWords[s.r.IntN(5)]}}}
	s.next++
	s.series(d)
	s.readings(d)
	s.docs[d.URL] = d
}

func (s *deltaSite) readings(d *Document) {
	d.Readings = nil
	for _, rd := range []Reading{{Base: "漢字", Ruby: "かんじ"}, {Base: "鍵", Ruby: "かぎ"}, {Base: "入館証", Ruby: "にゅうかんしょう"}} {
		if strings.Contains(d.Body, rd.Base) && s.r.IntN(3) > 0 {
			d.Readings = append(d.Readings, rd)
		}
	}
}

func (s *deltaSite) pick() *Document {
	urls := slices.Sorted(maps.Keys(s.docs))
	return s.docs[urls[s.r.IntN(len(urls))]]
}

// change makes one random change and names it.
func (s *deltaSite) change() string {
	if len(s.docs) < 3 {
		s.add()
		return "add"
	}
	d := s.pick()
	switch s.r.IntN(11) {
	case 0, 1, 2:
		if s.r.IntN(2) == 0 {
			d.Body += s.body()
		} else {
			d.Body = s.body()
		}
		s.readings(d)
		return "edit " + d.URL
	case 3:
		s.add()
		return "add"
	case 4:
		delete(s.docs, d.URL)
		return "remove " + d.URL
	case 5:
		delete(s.docs, d.URL)
		d.URL = fmt.Sprintf("/posts/r%03d/", s.next)
		s.next++
		s.docs[d.URL] = d
		return "rename to " + d.URL
	case 6:
		s.series(d)
		return "series of " + d.URL
	case 7:
		d.Title = deltaWords[s.r.IntN(len(deltaWords))] + "と" + deltaWords[s.r.IntN(len(deltaWords))]
		return "title of " + d.URL
	case 8:
		if len(s.drafts) > 0 && s.r.IntN(2) == 0 {
			p := s.drafts[0]
			s.drafts = s.drafts[1:]
			s.docs[p.URL] = p
			return "draft made public " + p.URL
		}
		delete(s.docs, d.URL)
		s.drafts = append(s.drafts, d)
		return "made a draft " + d.URL
	case 9:
		d.Date = fmt.Sprintf("2026-02-%02d", 1+s.r.IntN(28))
		d.Taxonomies = map[string][]string{"tags": {deltaWords[s.r.IntN(5)]}, "staff": {"Kさん"}}
		return "date and tags of " + d.URL
	default:
		for _, u := range slices.Sorted(maps.Keys(s.docs)) {
			if e := s.docs[u]; s.r.IntN(3) == 0 {
				e.Body = s.body()
			}
		}
		return "edit a third"
	}
}

// list is the site's documents, each with its body, or, prepared, as
// the dev server gives them: a fingerprint and a Reload.
func (s *deltaSite) list(ix *Indexer, prepared bool) []Document {
	var out []Document
	for _, u := range slices.Sorted(maps.Keys(s.docs)) {
		d := *s.docs[u]
		if prepared {
			body := d.Body
			d.Prepared = ix.Fingerprint(d)
			d.Body = ""
			d.Reload = func() (string, error) { return body, nil }
		}
		out = append(out, d)
	}
	return out
}

// countCtx is cancelled at the n-th call of its Err, so that a build
// stops at another point each time.
type countCtx struct {
	context.Context
	n    atomic.Int64
	done chan struct{}
	once sync.Once
}

func newCountCtx(n int64) *countCtx {
	c := &countCtx{Context: context.Background(), done: make(chan struct{})}
	c.n.Store(n)
	return c
}

func (c *countCtx) Done() <-chan struct{} { return c.done }

func (c *countCtx) Err() error {
	if c.n.Add(-1) <= 0 {
		c.once.Do(func() { close(c.done) })
		return context.Canceled
	}
	select {
	case <-c.done:
		return context.Canceled
	default:
		return nil
	}
}

func (c *countCtx) Deadline() (time.Time, bool) { return time.Time{}, false }

func sameAsScratch(t *testing.T, step string, got, want map[string][]byte) {
	t.Helper()
	for _, p := range slices.Sorted(maps.Keys(want)) {
		if g, ok := got[p]; !ok {
			t.Errorf("%s: %s missing from the updated index", step, p)
		} else if !bytes.Equal(g, want[p]) {
			t.Errorf("%s: %s differs from a build from scratch:\n got %q\nwant %q", step, p, clipBytes(g), clipBytes(want[p]))
		}
	}
	for p := range got {
		if _, ok := want[p]; !ok {
			t.Errorf("%s: %s is not in a build from scratch", step, p)
		}
	}
}

func clipBytes(b []byte) []byte { return b[:min(len(b), 300)] }

// TestDeltaMatchesScratch applies a random sequence of edits, additions,
// removals, renames, series and title changes, drafts going and coming
// back, with cancelled and failed builds and a lost cache in between, to
// an Indexer that keeps its index, and checks after every step that its
// files are byte for byte those of a build from scratch.
func TestDeltaMatchesScratch(t *testing.T) {
	spanMoves := 0
	for _, tc := range []struct {
		name   string
		seed   uint64
		budget int // textBudget: 0 = the default (body files)
		docs   int // at the start
	}{{"body files", 1, 0, 30}, {"no body files", 2, 1, 30}, {"body files again", 3, 0, 30},
		// Few documents: a word, flag or reading only one of them has
		// often goes with it.
		{"small site", 4, 0, 4}, {"small site again", 5, 0, 4}} {
		t.Run(tc.name, func(t *testing.T) {
			tok := deltaTok{deltaFake()}
			s := &deltaSite{r: rand.New(rand.NewPCG(tc.seed, 9)), docs: map[string]*Document{}}
			for range tc.docs {
				s.add()
			}
			cacheDir := t.TempDir()
			ix := NewIndexer(tok, Options{CacheDir: cacheDir, Keep: true, Workers: 2})
			if tc.budget > 0 {
				ix.textBudget = tc.budget
			}
			ctx := context.Background()
			var spans map[string]int
			moves := 0
			for step := range 80 {
				what := s.change()
				label := fmt.Sprintf("step %d (%s)", step, what)
				switch step % 9 {
				case 3: // a build cancelled at some point, then the real one
					if _, err := ix.Build(newCountCtx(int64(1+s.r.IntN(40))), s.list(ix, s.r.IntN(2) == 0)); err == nil {
						label += ", after a build that was not cancelled"
					}
				case 5: // a build whose edited article cannot be read again
					d := s.pick()
					d.Body += "追記"
					docs := s.list(ix, true)
					for i := range docs {
						if docs[i].URL == d.URL {
							docs[i].Reload = func() (string, error) { return "", errors.New("gone") }
						}
					}
					if _, err := ix.Build(ctx, docs); err == nil {
						t.Fatalf("%s: a build whose changed article could not be read succeeded", label)
					}
				case 7: // the cache folder lost between builds
					if err := os.RemoveAll(filepath.Join(cacheDir, "search")); err != nil {
						t.Fatal(err)
					}
				}
				got, err := ix.Build(ctx, s.list(ix, s.r.IntN(2) == 0))
				if err != nil {
					t.Fatalf("%s: %v", label, err)
				}
				scratch := NewIndexer(tok, Options{Workers: 1})
				scratch.textBudget = ix.textBudget
				want, err := scratch.Build(ctx, s.list(scratch, false))
				if err != nil {
					t.Fatal(err)
				}
				sameAsScratch(t, label, got, want)
				if t.Failed() {
					return
				}
				moves += shortestSpanMoves(spans, ix.last.b.keys)
				spans = shortestSpans(ix.last.b.keys)
			}
			t.Logf("%d moves of a key's shortest compound span", moves)
			spanMoves += moves
			// Most steps changed a few documents: they must have been
			// applied as deltas, or this test tests nothing.
			t.Logf("%d deltas", ix.updates)
			if ix.updates < 40 {
				t.Errorf("%d of 80 steps were applied as deltas, want most", ix.updates)
			}
		})
	}
	// A key's shortest compound span (its vocabulary line's part count)
	// must have moved with the documents, or its count goes untested.
	if spanMoves == 0 {
		t.Errorf("no key's shortest compound span changed in any step")
	}
}

// shortestSpans returns the shortest compound span of each key that is
// never one morpheme, whose vocabulary line carries it when over 1.
func shortestSpans(keys map[string]*keyStat) map[string]int {
	out := map[string]int{}
	for k, s := range keys {
		if !s.single && s.span > 0 {
			out[k] = s.span
		}
	}
	return out
}

// shortestSpanMoves counts the keys of before still written after whose
// shortest compound span changed.
func shortestSpanMoves(before map[string]int, keys map[string]*keyStat) int {
	n := 0
	for k, span := range shortestSpans(keys) {
		if b, ok := before[k]; ok && b != span {
			n++
		}
	}
	return n
}

// TestDeltaTakesOutTheLastUse removes, one step at a time, the only
// document that gives a key its flag (one morpheme, a compound's span),
// a key its term, or a reading its base, and checks each updated index
// against a build from scratch.
func TestDeltaTakesOutTheLastUse(t *testing.T) {
	tok := deltaTok{deltaFake()}
	reading := []Reading{{Base: "入館証", Ruby: "にゅうかんしょう"}}
	a := Document{URL: "/a/", Title: "件", Body: "入館証を返さない", Readings: reading}
	b := Document{URL: "/b/", Title: "件", Body: "にゅうかんしょうの日と鍵", Readings: []Reading{{Base: "鍵", Ruby: "かぎ"}}}
	c := Document{URL: "/c/", Title: "件", Body: "夜のひ、入館証を返せ。かぎ"}
	d := Document{URL: "/d/", Title: "件", Body: "ひの入館"}
	steps := []struct {
		name string
		docs []Document
	}{
		{"all", []Document{a, b, c, d}},
		{"without the one-morpheme use", []Document{a, c, d}},
		{"without the reading", []Document{{URL: "/a/", Title: "件", Body: "入館証を返さない"}, c, d}},
		{"without 火 for ひ", []Document{a, d}},
		{"back", []Document{a, b, c, d}},
		{"without 日 for ひ", []Document{a, b, c}},
		{"one left", []Document{c}},
	}
	// Documents that stay, so that the cache never holds twice as many
	// entries as the site has documents, which makes a Build compact it
	// from scratch.
	var stay []Document
	for i := range 8 {
		stay = append(stay, Document{URL: fmt.Sprintf("/e%d/", i), Title: "他", Body: "電話が鳴った"})
	}
	ix := NewIndexer(tok, Options{CacheDir: t.TempDir(), Keep: true})
	for i, st := range steps {
		st.docs = append(st.docs, stay...)
		got, err := ix.Build(context.Background(), st.docs)
		if err != nil {
			t.Fatal(err)
		}
		want, err := NewIndexer(tok, Options{}).Build(context.Background(), st.docs)
		if err != nil {
			t.Fatal(err)
		}
		sameAsScratch(t, st.name, got, want)
		if ix.updates != i {
			t.Errorf("%s: %d updates in place after %d builds, want %d", st.name, ix.updates, i+1, i)
		}
	}
}
