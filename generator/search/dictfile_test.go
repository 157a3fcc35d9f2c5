package search

import (
	"encoding/binary"
	"errors"
	"hash/crc32"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/ikawaha/kagome-dict/dict"
	"github.com/ikawaha/kagome-dict/dict/trie"
	"github.com/ikawaha/kagome-dict/ipa"
	"github.com/ikawaha/kagome/v2/tokenizer"
	"github.com/rensai-ssg/rensai/internal/corpus"
	"github.com/rensai-ssg/rensai/internal/testlane"
)

var (
	flatOnce sync.Once
	flatData []byte
	flatErr  error
)

// sharedFlat encodes the IPA dictionary's flat form once per test binary.
func sharedFlat(t testing.TB) []byte {
	t.Helper()
	testlane.SkipDictionary(t)
	flatOnce.Do(func() { flatData, flatErr = encodeFlatDict(ipa.Dict()) })
	if flatErr != nil {
		t.Fatal(flatErr)
	}
	return flatData
}

// variedText is a large text of every kind the tokenizer meets: the search
// fixtures, the example site, 120 articles of the benchmark corpus, and
// characters of every class the dictionary knows (Latin, digits, symbols,
// kana, kanji, Hangul, Cyrillic, emoji, controls, a broken UTF-8 byte).
func variedText(t *testing.T) []string {
	t.Helper()
	var files []string
	for _, pat := range []string{"testdata/*.txt", "../../content/*/*.md", "../../content/*/*/*.md"} {
		m, _ := filepath.Glob(pat)
		files = append(files, m...)
	}
	dir := t.TempDir()
	if err := corpus.Write(dir, 120, corpus.Options{Seed: 7}); err != nil {
		t.Fatal(err)
	}
	m, _ := filepath.Glob(filepath.Join(dir, "content", "*", "*.md"))
	files = append(files, m...)
	var lines []string
	for _, f := range files {
		data, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		lines = append(lines, strings.Split(string(data), "\n")...)
	}
	var soup strings.Builder
	for _, r := range [][2]rune{{0x01, 0x7f}, {0xa0, 0x2ff}, {0x391, 0x3c9}, {0x410, 0x44f}, {0x2000, 0x206f},
		{0x2460, 0x24ff}, {0x3000, 0x30ff}, {0x4e00, 0x4fff}, {0x9f00, 0x9fff}, {0xac00, 0xac80},
		{0xf900, 0xf9ff}, {0xff00, 0xffef}, {0x1f300, 0x1f3ff}, {0x20000, 0x20100}} {
		for c := r[0]; c <= r[1]; c++ {
			soup.WriteRune(c)
			if c%37 == 0 {
				lines = append(lines, soup.String())
				soup.Reset()
			}
		}
	}
	return append(lines, soup.String(), "壊れた\xffバイト", strings.Repeat("ー", 300), strings.Repeat("東京都", 200))
}

// TestFlatDictAnalysesLikeEmbedded tokenizes a large varied text with
// kagome's embedded dictionary and with the flat form, and compares every
// token: surface, morph id, class and the feature columns rensai reads,
// then the morphemes the index is made of.
func TestFlatDictAnalysesLikeEmbedded(t *testing.T) {
	data := append([]byte(nil), sharedFlat(t)...)
	f, err := parseFlatDict(data)
	if err != nil {
		t.Fatal(err)
	}
	flat, err := flatKagome(f)
	if err != nil {
		t.Fatal(err)
	}
	emb, err := embeddedKagome()
	if err != nil {
		t.Fatal(err)
	}
	tokens := 0
	for _, line := range variedText(t) {
		a, b := emb.t.Tokenize(line), flat.t.Tokenize(line)
		if len(a) != len(b) {
			t.Fatalf("%q: %d tokens embedded, %d flat", line, len(a), len(b))
		}
		for i := range a {
			fa := tokenFeatures(&a[i])
			var fb features
			if b[i].Class == tokenizer.KNOWN {
				fb = f.features(b[i].ID)
			} else {
				fb = tokenFeatures(&b[i])
			}
			if a[i].Surface != b[i].Surface || a[i].ID != b[i].ID || a[i].Class != b[i].Class || fa != fb {
				t.Fatalf("%q token %d: embedded %v %+v, flat %v %+v", line, i, a[i], fa, b[i], fb)
			}
		}
		tokens += len(a)
		ma, _ := emb.Tokenize(line)
		mb, _ := flat.Tokenize(line)
		if len(ma) != len(mb) {
			t.Fatalf("%q: morphemes differ in number", line)
		}
		for i := range ma {
			if ma[i] != mb[i] {
				t.Fatalf("%q morpheme %d: embedded %+v, flat %+v", line, i, ma[i], mb[i])
			}
		}
	}
	if tokens < 200000 {
		t.Fatalf("only %d tokens compared; the text is too small to trust", tokens)
	}
}

// TestLazyKagomeKeepsFlatDict follows the flat file through three builds'
// loads: the first writes it, the second reads it, and a damaged one is
// replaced after a load from the embedded form.
func TestLazyKagomeKeepsFlatDict(t *testing.T) {
	testlane.SkipDictionary(t)
	dir := t.TempDir()
	load := func() *kagomeTokenizer {
		t.Helper()
		l := newLazyKagome(dir, "test")
		l.Preload()
		if _, err := l.Tokenize("東京都に行った"); err != nil {
			t.Fatal(err)
		}
		return l.tok.(*kagomeTokenizer)
	}
	path := filepath.Join(dir, "dict", "ipa-test."+dictVersion)
	stale := filepath.Join(dir, "dict", "ipa-older."+dictVersion)
	if err := os.MkdirAll(filepath.Dir(stale), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(stale, []byte("an older kagome's file"), 0o644); err != nil {
		t.Fatal(err)
	}
	if k := load(); k.flat != nil {
		t.Fatal("first load: flat dictionary before one was written")
	}
	good, err := os.ReadFile(path)
	if err != nil {
		t.Fatalf("first load wrote no flat dictionary: %v", err)
	}
	if _, err := os.Stat(stale); !os.IsNotExist(err) {
		t.Fatalf("the file of another kagome version is still there (%v)", err)
	}
	if k := load(); k.flat == nil {
		t.Fatal("second load: the flat dictionary was not used")
	}
	bad := append([]byte(nil), good...)
	bad[len(bad)/2] ^= 0x40
	if err := os.WriteFile(path, bad, 0o644); err != nil {
		t.Fatal(err)
	}
	if k := load(); k.flat != nil {
		t.Fatal("damaged file: used anyway")
	}
	again, err := os.ReadFile(path)
	if err != nil || string(again) != string(good) {
		t.Fatalf("damaged file not rewritten (%v)", err)
	}
	if newLazyKagome("", "test").path != "" || newLazyKagome(dir, "").path != "" {
		t.Fatal("a flat file without a cache folder or a key")
	}
}

// TestLazyKagomeAsksItsWriter: with a DictWriter, a missing flat file is
// written by the writer and then read (the process never decodes the
// embedded form for the tokenizer); a writer that fails, or writes a file
// that cannot be used, leaves the tokenizer to load the embedded form.
func TestLazyKagomeAsksItsWriter(t *testing.T) {
	testlane.SkipDictionary(t)
	for _, tt := range []struct {
		name     string
		write    func(path string) error
		wantFlat bool
	}{
		{"writes the file", func(path string) error { return writeFlatDict(path, ipa.Dict()) }, true},
		{"fails", func(string) error { return errors.New("no helper") }, false},
		{"writes a damaged file", func(path string) error {
			if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
				return err
			}
			return os.WriteFile(path, []byte(dictMagic+"damaged"), 0o644)
		}, false},
	} {
		t.Run(tt.name, func(t *testing.T) {
			dir := t.TempDir()
			calls := 0
			load := func() *kagomeTokenizer {
				t.Helper()
				l := newLazyKagome(dir, "test")
				l.write = func(path string) error { calls++; return tt.write(path) }
				ms, err := l.Tokenize("東京都に行った")
				if err != nil || len(ms) == 0 {
					t.Fatalf("tokenize: %v, %d morphemes", err, len(ms))
				}
				return l.tok.(*kagomeTokenizer)
			}
			if k := load(); (k.flat != nil) != tt.wantFlat {
				t.Errorf("first load: flat dictionary %v, want %v", k.flat != nil, tt.wantFlat)
			}
			// Written by the writer or, after it failed, in this process.
			if k := load(); k.flat == nil || calls != 1 {
				t.Errorf("second load: flat dictionary %v, writer called %d times, want true and once", k.flat != nil, calls)
			}
		})
	}
}

func TestWriteFlatDictionaryRefusesOtherNames(t *testing.T) {
	dir := t.TempDir()
	for _, name := range []string{"ipa-0123456789abcdef." + dictVersion, "ipa-" + dictKey() + ".flat-0", "sources"} {
		path := filepath.Join(dir, name)
		if err := WriteFlatDictionary(path); err == nil {
			t.Errorf("%s: written", name)
		}
		if _, err := os.Stat(path); !os.IsNotExist(err) {
			t.Errorf("%s: a file is there (%v)", name, err)
		}
	}
}

// tinyDict is a small valid dictionary: two words, one unknown-word class.
func tinyDict(t testing.TB) *dict.Dict {
	t.Helper()
	da, err := trie.BuildWithIDs([]string{"あ", "あい"}, []int{0, 1})
	if err != nil {
		t.Fatal(err)
	}
	return &dict.Dict{
		Morphs:       dict.Morphs{{LeftID: 0, RightID: 1, Weight: 10}, {LeftID: 1, RightID: 0, Weight: 5}},
		POSTable:     dict.POSTable{POSs: []dict.POS{{1, 2}, {1, 3}}, NameList: []string{"", "名詞", "一般", "固有名詞"}},
		ContentsMeta: dict.ContentsMeta{dict.BaseFormIndex: 3, dict.ReadingIndex: 4, dict.InflectionalType: 2},
		Contents:     [][]string{{"*", "あ", "ア"}, {"*", "*", "アイ"}},
		Connection:   dict.ConnectionTable{Row: 2, Col: 2, Vec: []int16{1, 2, 3, 4}},
		Index:        dict.IndexTable{Da: da, Dup: map[int32]int32{1: 0}},
		CharClass:    dict.CharClass{"DEFAULT"},
		CharCategory: dict.CharCategory{0, 0},
		InvokeList:   dict.InvokeList{true},
		GroupList:    dict.GroupList{true},
		UnkDict: dict.UnkDict{
			Morphs: dict.Morphs{{LeftID: 1, RightID: 1, Weight: 100}}, Index: map[int32]int32{0: 0}, IndexDup: map[int32]int32{0: 0},
			ContentsMeta: dict.ContentsMeta{dict.POSHierarchy: 2}, Contents: [][]string{{"名詞", "一般"}},
		},
	}
}

// resum rewrites the checksum, so that damage reaches the bounds checks.
func resum(b []byte) {
	if len(b) >= dictHeader {
		binary.LittleEndian.PutUint32(b[8:], crc32.Checksum(b[dictHeader:], castagnoli))
	}
}

// TestFlatDictRefusesDamage: every kind of damage is an error, never a
// panic and never a dictionary.
func TestFlatDictRefusesDamage(t *testing.T) {
	good, err := encodeFlatDict(tinyDict(t))
	if err != nil {
		t.Fatal(err)
	}
	if _, err := parseFlatDict(good); err != nil {
		t.Fatalf("valid file refused: %v", err)
	}
	// The first morph's LeftID is at header + section length.
	leftID := dictHeader + 8
	for _, tc := range []struct {
		name  string
		edit  func([]byte) []byte
		fixed bool // checksum rewritten after the edit
	}{
		{"empty", func([]byte) []byte { return nil }, false},
		{"other magic", func(b []byte) []byte { b[0] = 'x'; return b }, false},
		{"flipped byte", func(b []byte) []byte { b[len(b)/2] ^= 1; return b }, false},
		{"truncated", func(b []byte) []byte { return b[:len(b)-9] }, false},
		{"truncated, checksum fixed", func(b []byte) []byte { return b[:len(b)-9] }, true},
		{"connection id out of range", func(b []byte) []byte { b[leftID] = 9; return b }, true},
		{"negative connection id", func(b []byte) []byte { b[leftID+1] = 0x80; return b }, true},
		{"huge section length", func(b []byte) []byte { b[dictHeader+7] = 0x7f; return b }, true},
	} {
		t.Run(tc.name, func(t *testing.T) {
			b := tc.edit(append([]byte(nil), good...))
			if tc.fixed {
				resum(b)
			}
			if _, err := parseFlatDict(b); err == nil {
				t.Fatal("damaged file accepted")
			}
		})
	}
	path := filepath.Join(t.TempDir(), "d")
	if err := os.WriteFile(path, good[:20], 0o644); err != nil {
		t.Fatal(err)
	}
	if _, err := loadFlatDict(path); !errors.Is(err, errDictFile) || !strings.Contains(err.Error(), path) {
		t.Fatalf("error %v: want errDictFile naming %s", err, path)
	}
}

// FuzzFlatDict: a file that passes the checks can be used to tokenize
// anything without panicking. The checksum is rewritten so that the fuzzer
// reaches the structure.
func FuzzFlatDict(f *testing.F) {
	good, err := encodeFlatDict(tinyDict(f))
	if err != nil {
		f.Fatal(err)
	}
	f.Add(good)
	f.Fuzz(func(t *testing.T, b []byte) {
		b = append([]byte(nil), b...)
		resum(b)
		d, err := parseFlatDict(b)
		if err != nil {
			return
		}
		k, err := flatKagome(d)
		if err != nil {
			return
		}
		for _, s := range []string{"あい", "ああいあ", "いう漢字abc", ""} {
			if _, err := k.Tokenize(s); err != nil {
				t.Fatal(err)
			}
		}
	})
}

// BenchmarkLoadFlatDict reads and checks the flat dictionary from a file,
// as a build does when the cache folder has it.
func BenchmarkLoadFlatDict(b *testing.B) {
	path := filepath.Join(b.TempDir(), "ipa")
	if err := os.WriteFile(path, sharedFlat(b), 0o644); err != nil {
		b.Fatal(err)
	}
	b.SetBytes(int64(len(flatData)))
	for b.Loop() {
		if _, err := loadFlatDict(path); err != nil {
			b.Fatal(err)
		}
	}
}

// TestRemoveOtherDictsSparesWritesUnderWay: another process's temporary
// file, written a moment ago, stays; one left by a write interrupted long
// ago goes, as do other versions' files.
func TestRemoveOtherDictsSparesWritesUnderWay(t *testing.T) {
	dir := t.TempDir()
	path := filepath.Join(dir, "ipa-new."+dictVersion)
	for _, name := range []string{"ipa-new." + dictVersion, "ipa-old." + dictVersion, ".dict-fresh", ".dict-stale"} {
		if err := os.WriteFile(filepath.Join(dir, name), []byte("x"), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	long := time.Now().Add(-2 * staleTemp)
	if err := os.Chtimes(filepath.Join(dir, ".dict-stale"), long, long); err != nil {
		t.Fatal(err)
	}
	removeOtherDicts(path)
	for name, want := range map[string]bool{"ipa-new." + dictVersion: true, "ipa-old." + dictVersion: false, ".dict-fresh": true, ".dict-stale": false} {
		_, err := os.Stat(filepath.Join(dir, name))
		if got := err == nil; got != want {
			t.Errorf("%s: there %v, want %v", name, got, want)
		}
	}
}
