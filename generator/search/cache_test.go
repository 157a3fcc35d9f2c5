package search

import (
	"fmt"
	"os"
	"path/filepath"
	"reflect"
	"slices"
	"strconv"
	"strings"
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
	want := aggregate(&cacheSample)
	if len(want.fallback) != 1 || len(want.terms) == 0 {
		t.Fatalf("sample aggregate: %+v", want)
	}
	got, ok := decodeAgg(string(encodeAgg(want)))
	if !ok {
		t.Fatal("decode of a fresh encoding failed")
	}
	if !reflect.DeepEqual(nilEmpty(got), nilEmpty(want)) {
		t.Errorf("round trip:\n got %+v\nwant %+v", got, want)
	}
}

func TestCacheDamagedIsMiss(t *testing.T) {
	data := string(encodeAgg(aggregate(&cacheSample)))
	for n := range len(data) {
		if _, ok := decodeAgg(data[:n]); ok {
			t.Errorf("truncated to %d of %d bytes: decoded as valid", n, len(data))
		}
	}
	if _, ok := decodeAgg(data + "\x00"); ok {
		t.Error("trailing byte: decoded as valid")
	}
}

// denseSample is text with many tokens per entry byte: one stop key
// counted far more often than the entry has bytes.
func denseSample(n int) *[3]analysis {
	var a [3]analysis
	for range n {
		a[fBody].morphs = append(a[fBody].morphs, Morpheme{Surface: "。", Kind: Stop})
	}
	a[fBody].morphs = append(a[fBody].morphs, Morpheme{Surface: "謎", Kind: Noun})
	for f := range a {
		a[f].derive()
	}
	return &a
}

func TestCacheEncodingRoundTripsDenseText(t *testing.T) {
	for _, n := range []int{1, 127, 128, 1000, 100000} {
		t.Run(strconv.Itoa(n), func(t *testing.T) {
			want := aggregate(denseSample(n))
			data := encodeAgg(want)
			got, ok := decodeAgg(string(data))
			if !ok {
				t.Fatalf("%d stop tokens in an entry of %d bytes: decode failed", n, len(data))
			}
			if !reflect.DeepEqual(nilEmpty(got), nilEmpty(want)) {
				t.Errorf("round trip:\n got %+v\nwant %+v", got, want)
			}
		})
	}
}

func TestCacheHitsWhateverTheTokenDensity(t *testing.T) {
	dir := t.TempDir()
	tok := newFake()
	docs := slices.Clone(fakeDocs)
	docs[0].Body = strings.Repeat("。", 5000) + "クレーム"
	docs[1].Body = strings.Repeat("が", 300)
	buildFake(t, tok, Options{CacheDir: dir}, docs)
	calls := tok.calls.Load()
	if _, c := buildFake(t, tok, Options{CacheDir: dir}, docs); c.Analysed != 0 || c.Cached != len(docs) || tok.calls.Load() != calls {
		t.Errorf("second build: %+v, want all %d documents from the cache", c, len(docs))
	}
}

func FuzzDecodeAgg(f *testing.F) {
	f.Add(string(encodeAgg(aggregate(&cacheSample))))
	f.Add(string(encodeAgg(aggregate(denseSample(300)))))
	f.Add("\x00\x00\x00\x01\x00\x00\x00")
	f.Add("\x00\x00\x00\x02\x00\x00\x01\x01a\x01\x00\x00\x01\x01\x03\x7f\x00\x00")
	f.Add("\xff\xff\xff\xff\xff\xff\xff\xff\xff\xff\x01")
	f.Fuzz(func(t *testing.T, data string) {
		d, ok := decodeAgg(data)
		if !ok {
			return
		}
		again, ok := decodeAgg(string(encodeAgg(d)))
		if !ok {
			t.Fatal("re-encoding of a decoded entry does not decode")
		}
		if !reflect.DeepEqual(nilEmpty(d), nilEmpty(again)) {
			t.Fatalf("re-encoding changed the entry:\n%+v\n%+v", d, again)
		}
	})
}

// nilEmpty makes empty slices nil, so that DeepEqual compares contents.
func nilEmpty(d *docAgg) *docAgg {
	c := *d
	if len(c.fallback) == 0 {
		c.fallback = nil
	}
	c.keys = slices.Clone(c.keys)
	for i := range c.keys {
		if len(c.keys[i].terms) == 0 {
			c.keys[i].terms = nil
		}
	}
	return &c
}

func TestCachePackDamageKeepsEarlierEntries(t *testing.T) {
	c := analysisCache{dir: t.TempDir(), id: "test"}
	e := string(encodeAgg(aggregate(&cacheSample)))
	k1, k2 := c.key(&[3]string{"a"}, nil), c.key(&[3]string{"b"}, nil)
	w := c.newPackWriter(cachePacks{}, 2)
	w.add(cacheEntry{k1, e, true})
	w.add(cacheEntry{k2, e, true})
	if err := w.finish(); err != nil {
		t.Fatal(err)
	}
	packs, _ := filepath.Glob(filepath.Join(c.packDir(), "pack-*.tok"))
	if len(packs) != 1 {
		t.Fatalf("packs after one save: %q, want one", packs)
	}
	data, err := os.ReadFile(packs[0])
	if err != nil {
		t.Fatal(err)
	}
	first := k1 // entries are written in the order added
	refs := map[cacheKey]packRef{}
	truncated := strings.NewReader(string(data[:len(data)-1]))
	if n := scanPack(truncated, truncated.Size(), 0, refs); n != 1 || len(refs) != 1 {
		t.Fatalf("truncated pack: %d entries, want only the first whole one", n)
	}
	f, err := os.Open(packs[0])
	if err != nil {
		t.Fatal(err)
	}
	p := cachePacks{refs: refs, packs: []*os.File{f}}
	defer p.close()
	if _, got, ok := p.load(first); !ok || got != e {
		t.Errorf("the first entry of the truncated pack: ok %v, %d bytes, want the entry (%d bytes)", ok, len(got), len(e))
	}
	if _, _, ok := p.load(k2); ok {
		t.Error("the damaged entry loaded")
	}
	refs = map[cacheKey]packRef{}
	other := strings.NewReader("rensai-search-pack 0\n" + string(data[len(cacheVersion)+1:]))
	if n := scanPack(other, other.Size(), 0, refs); n != 0 || len(refs) != 0 {
		t.Errorf("pack of another version: %d entries, want none", n)
	}
}

func TestCachePacksAreCompacted(t *testing.T) {
	dir := t.TempDir()
	tok := newFake()
	docs := slices.Clone(fakeDocs)
	for i := range maxPacks + 3 {
		docs[0].Body = fmt.Sprintf("クレームの電話が%d回来た。", i)
		buildFake(t, tok, Options{CacheDir: dir}, docs)
		packs, _ := filepath.Glob(filepath.Join(dir, "search", "pack-*.tok"))
		if len(packs) > maxPacks {
			t.Fatalf("build %d: %d packs, want at most %d", i, len(packs), maxPacks)
		}
	}
	calls := tok.calls.Load()
	if _, c := buildFake(t, tok, Options{CacheDir: dir}, docs); c.Analysed != 0 || tok.calls.Load() != calls {
		t.Errorf("after compaction: %+v, want every document from the cache", c)
	}
}

func TestAppendBase36MatchesStrconv(t *testing.T) {
	for _, n := range []int{0, 1, 35, 36, 37, 1295, 1296, 123456789, -1, -36, -40000} {
		if got, want := string(appendBase36(nil, n)), strconv.FormatInt(int64(n), 36); got != want {
			t.Errorf("appendBase36(%d) = %q, want %q", n, got, want)
		}
	}
}
