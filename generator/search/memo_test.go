package search

import (
	"slices"
	"strings"
	"testing"
)

// TestRunMemo: a remembered text returns the morphemes put, with surfaces
// that spell it; results that do not spell their text, and texts too big
// for the budget, are not remembered; a full memo starts over.
func TestRunMemo(t *testing.T) {
	ms := []Morpheme{{Surface: "入館", Kind: Noun, Reading: "ニュウカン"}, {Surface: "証", Kind: Noun}, {Surface: "を", Kind: Stop}}
	for _, tc := range []struct {
		name string
		text string
		ms   []Morpheme
		want bool
	}{
		{"surfaces spell the text", "入館証を", ms, true},
		{"surfaces fall short", "入館証を返す", ms, false},
		{"surfaces differ", "入館書を", ms, false},
		{"too big", strings.Repeat("あ", memoBudget/64), []Morpheme{{Surface: strings.Repeat("あ", memoBudget/64)}}, false},
	} {
		t.Run(tc.name, func(t *testing.T) {
			var m runMemo
			m.put(tc.text, tc.ms)
			got, ok := m.get(tc.text)
			if ok != tc.want {
				t.Fatalf("remembered = %v, want %v", ok, tc.want)
			}
			if ok && !slices.Equal(got, tc.ms) {
				t.Fatalf("got %+v, want %+v", got, tc.ms)
			}
			if ok {
				got[0].Surface = "x" // a copy: the memo keeps its own
				if again, _ := m.get(tc.text); again[0].Surface != "入館" {
					t.Fatal("the caller's change reached the memo")
				}
			}
		})
	}
	var m runMemo
	one := strings.Repeat("か", 1000)
	m.put(one, []Morpheme{{Surface: one}})
	for i := 0; m.size+3000 <= memoBudget; i++ {
		s := strings.Repeat("き", 1000) + strings.Repeat("く", i%100+1) + strings.Repeat("け", i/100+1)
		m.put(s, []Morpheme{{Surface: s}})
	}
	m.put("最後", []Morpheme{{Surface: "最後"}})
	m.put("もう一つ"+strings.Repeat("こ", 3000), []Morpheme{{Surface: "もう一つ" + strings.Repeat("こ", 3000)}})
	if _, ok := m.get(one); ok {
		t.Fatal("a full memo kept its oldest text")
	}
	if m.size > memoBudget {
		t.Fatalf("memo over its budget: %d bytes", m.size)
	}
}

// TestMemoAnalysesLikeTokenizer: every line of a large varied text,
// tokenized twice through the memo, gives what the tokenizer gives.
func TestMemoAnalysesLikeTokenizer(t *testing.T) {
	f, err := parseFlatDict(append([]byte(nil), sharedFlat(t)...))
	if err != nil {
		t.Fatal(err)
	}
	k, err := flatKagome(f)
	if err != nil {
		t.Fatal(err)
	}
	hits := 0
	for _, line := range variedText(t) {
		want := k.analyse(line)
		if _, ok := k.memo.get(line); ok {
			hits++
		}
		for range 2 {
			got, _ := k.Tokenize(line)
			if !slices.Equal(got, want) {
				t.Fatalf("%q: memo %+v, tokenizer %+v", line, got, want)
			}
		}
	}
	if hits == 0 {
		t.Fatal("no line was repeated: the memo was never read")
	}
}
