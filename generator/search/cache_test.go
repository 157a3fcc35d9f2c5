package search

import (
	"reflect"
	"testing"
)

var cacheSample = [3]analysis{
	{morphs: []Morpheme{{Surface: "入館証", Kind: Noun}, {Surface: "を", Kind: Stop}, {Surface: "返さ", Base: "返す", Kind: Word, Infl: "godan:サ行"}, {Surface: "ない", Kind: Stop}}},
	{},
	{morphs: []Morpheme{{Surface: "謎", Kind: Noun}, {Surface: "文字", Kind: Noun}}, fallback: []string{"謎文字"}},
}

func init() {
	for f := range cacheSample {
		cacheSample[f].derive()
	}
}

func TestCacheEncodingRoundTrip(t *testing.T) {
	got, ok := decodeAnalyses(encodeAnalyses(&cacheSample))
	if !ok {
		t.Fatal("decode of a fresh encoding failed")
	}
	want := cacheSample
	if len(want[2].comps) != 1 {
		t.Fatal("the sample's third field should hold one compound")
	}
	for f := range got {
		got[f], want[f] = nilEmpty(got[f]), nilEmpty(want[f])
	}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("round trip:\n got %+v\nwant %+v", got, want)
	}
}

func TestCacheDamagedIsMiss(t *testing.T) {
	data := encodeAnalyses(&cacheSample)
	for n := range len(data) {
		if _, ok := decodeAnalyses(data[:n]); ok {
			t.Errorf("truncated to %d of %d bytes: decoded as valid", n, len(data))
		}
	}
	extra := append(append([]byte(nil), data...), 0)
	if _, ok := decodeAnalyses(extra); ok {
		t.Error("trailing byte: decoded as valid")
	}
}

func FuzzDecodeAnalyses(f *testing.F) {
	f.Add(encodeAnalyses(&cacheSample))
	f.Add([]byte(cacheVersion + "\n\x00\x00\x01\x05\x09\x00\x00"))
	f.Add([]byte(cacheVersion + "\n\xff\xff\xff\xff\xff\xff\xff\xff\xff\xff\x01"))
	f.Fuzz(func(t *testing.T, data []byte) {
		as, ok := decodeAnalyses(data)
		if !ok {
			return
		}
		again, ok := decodeAnalyses(encodeAnalyses(&as))
		if !ok {
			t.Fatal("re-encoding of a decoded file does not decode")
		}
		for f := range as {
			if len(as[f].morphs) != len(again[f].morphs) {
				t.Fatalf("field %d: %d morphemes, then %d", f, len(as[f].morphs), len(again[f].morphs))
			}
		}
	})
}

// nilEmpty makes empty slices nil, so that DeepEqual compares contents.
func nilEmpty(a analysis) analysis {
	if len(a.morphs) == 0 {
		a.morphs, a.keys, a.terms = nil, nil, nil
	}
	if len(a.fallback) == 0 {
		a.fallback = nil
	}
	if len(a.comps) == 0 {
		a.comps = nil
	}
	return a
}
