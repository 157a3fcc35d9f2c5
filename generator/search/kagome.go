package search

import (
	"crypto/sha256"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"runtime/debug"
	"slices"
	"strings"
	"sync"
	"time"

	"github.com/ikawaha/kagome-dict/ipa"
	"github.com/ikawaha/kagome/v2/tokenizer"
)

// kagomeTokenizer analyses text with kagome v2 and the IPA dictionary,
// either kagome's own embedded form or the flat form of the cache folder
// (flat != nil; see dictfile.go). Both give the same morphemes.
type kagomeTokenizer struct {
	t    *tokenizer.Tokenizer
	flat *flatDict
	memo runMemo
}

var (
	_ Tokenizer  = (*kagomeTokenizer)(nil)
	_ identifier = (*kagomeTokenizer)(nil)
)

// NewKagomeTokenizer loads the IPA dictionary embedded in kagome (about
// 0.7 s and 90 MB) and returns a Tokenizer that is safe for concurrent use.
// Load it once per process and keep it.
func NewKagomeTokenizer() (Tokenizer, error) { return embeddedKagome() }

func embeddedKagome() (*kagomeTokenizer, error) {
	t, err := tokenizer.New(ipa.Dict(), tokenizer.OmitBosEos())
	if err != nil {
		return nil, fmt.Errorf("search: load IPA dictionary: %w", err)
	}
	return &kagomeTokenizer{t: t}, nil
}

func flatKagome(f *flatDict) (*kagomeTokenizer, error) {
	t, err := tokenizer.New(f.d, tokenizer.OmitBosEos())
	if err != nil {
		return nil, fmt.Errorf("search: load IPA dictionary: %w", err)
	}
	return &kagomeTokenizer{t: t, flat: f}, nil
}

func (k *kagomeTokenizer) ID() string { return "kagome-v2-ipa" }

// Tokenize analyses text, or returns the remembered analysis of a text
// seen before (see runMemo).
func (k *kagomeTokenizer) Tokenize(text string) ([]Morpheme, error) {
	if ms, ok := k.memo.get(text); ok {
		return ms, nil
	}
	ms := k.analyse(text)
	k.memo.put(text, ms)
	return ms, nil
}

func (k *kagomeTokenizer) analyse(text string) []Morpheme {
	toks := k.t.Tokenize(text)
	ms := make([]Morpheme, 0, len(toks))
	for _, t := range toks {
		unknown := t.Class == tokenizer.UNKNOWN
		var f features
		if k.flat != nil && t.Class == tokenizer.KNOWN {
			f = k.flat.features(t.ID)
		} else {
			f = tokenFeatures(&t)
		}
		m := Morpheme{Surface: t.Surface, Kind: ipaKind(f.pos0, f.pos1, unknown, t.Surface)}
		if f.base != "" && f.base != t.Surface {
			m.Base = f.base
		}
		if m.Kind != Stop && !unknown {
			m.Reading = f.reading
		}
		if m.Kind == Word {
			m.Infl = ipaInfl(f.infl)
		}
		ms = append(ms, m)
	}
	return ms
}

// features are the dictionary columns a Morpheme is made of. A missing or
// "*" base form or reading is "".
type features struct{ pos0, pos1, infl, base, reading string }

// tokenFeatures reads the columns through kagome's Token methods, in
// place: Token.POS would allocate a slice per token.
func tokenFeatures(t *tokenizer.Token) features {
	var f features
	f.pos0, _ = t.FeatureAt(0)
	f.pos1, _ = t.FeatureAt(1)
	f.infl, _ = t.InflectionalType()
	if b, ok := t.BaseForm(); ok && b != "*" {
		f.base = b
	}
	if r, ok := t.Reading(); ok && r != "*" {
		f.reading = r
	}
	return f
}

// ipaKind maps IPA part-of-speech tags to a Kind: nouns (but not dependent
// nouns or pronouns), independent verbs and adjectives, adverbs and unknown
// words are indexed; everything else only keeps its position.
func ipaKind(pos0, pos1 string, unknown bool, surface string) Kind {
	if !hasWordRune(surface) {
		return Stop
	}
	if unknown {
		return Noun
	}
	switch pos0 {
	case "名詞":
		switch pos1 {
		case "非自立", "代名詞", "特殊":
			return Stop
		}
		return Noun
	case "動詞", "形容詞":
		if pos1 == "自立" {
			return Word
		}
	case "副詞":
		return Word
	}
	return Stop
}

// ipaInfl maps an IPA conjugation type to a conjugate class.
func ipaInfl(t string) string {
	switch {
	case strings.HasPrefix(t, "形容詞"):
		return "adj"
	case t == "一段" || t == "一段・クレル" || strings.HasPrefix(t, "一段・"):
		return "ichidan"
	case t == "サ変・スル":
		return "suru"
	case t == "サ変・－スル":
		return "xsuru"
	case t == "カ変・来ル":
		return "kuru-kanji"
	case t == "カ変・クル":
		return "kuru"
	case strings.HasPrefix(t, "五段・"):
		return "godan:" + strings.TrimPrefix(t, "五段・")
	}
	return ""
}

// lazyKagome loads the IPA dictionary the first time a text needs
// analysing, or in the background from Preload, so that a build whose
// texts all come from the cache never pays for it. With a cache folder it
// reads the flat form kept there (dictfile.go), and after loading kagome's
// embedded form, because the file was missing or damaged, writes it for
// the next build.
type lazyKagome struct {
	path  string     // the flat file; "" reads the embedded form only
	write DictWriter // nil: the embedded form is read in this process
	once  sync.Once
	tok   Tokenizer
	err   error
}

// DictWriter writes the flat dictionary at path elsewhere than in this
// process, as WriteFlatDictionary does: cmd/rensai runs itself in a hidden
// mode for it. kagome's embedded dictionary, once decoded, stays in kagome's
// package for the life of the process (88 MB of heap, which the collector
// marks at every cycle); a process that only reads the flat file never
// holds it. The writer reports its own failures to the author; the
// tokenizer then loads the embedded form in this process, as without one.
type DictWriter func(path string) error

var (
	_ Tokenizer  = (*lazyKagome)(nil)
	_ identifier = (*lazyKagome)(nil)
)

// NewLazyKagomeTokenizer returns a Tokenizer like NewKagomeTokenizer's that
// loads the dictionary on first use or when Preload is called. The Indexer
// loads it before analysing the first text that is not cached, and fails
// the build if that fails. With cacheDir, the flat dictionary is kept in
// cacheDir/dict/; a file that cannot be used is replaced, never an error.
func NewLazyKagomeTokenizer(cacheDir string) Tokenizer {
	return newLazyKagome(cacheDir, dictKey())
}

// NewLazyKagomeTokenizerWriting is NewLazyKagomeTokenizer whose flat
// dictionary, when cacheDir lacks it, is written by write (nil: in this
// process) and then read like one written before.
func NewLazyKagomeTokenizerWriting(cacheDir string, write DictWriter) Tokenizer {
	l := newLazyKagome(cacheDir, dictKey())
	l.write = write
	return l
}

// WriteFlatDictionary writes the flat form of the IPA dictionary built
// into this binary at path, atomically, and removes the flat files of
// other versions beside it: the work of a DictWriter's helper process.
// path must be a file name this binary's lazy tokenizer uses (it names
// the versions of kagome and its dictionary), so that a helper of another
// version refuses to write under that name.
func WriteFlatDictionary(path string) error {
	key := dictKey()
	if key == "" {
		return errors.New("this binary does not record the versions of its dictionary")
	}
	if want := filepath.Base(flatPath(".", key)); filepath.Base(path) != want {
		return fmt.Errorf("%s is not this binary's dictionary file (%s)", path, want)
	}
	if err := writeFlatDict(path, ipa.Dict()); err != nil {
		return err
	}
	removeOtherDicts(path)
	return nil
}

// newLazyKagome names the flat file by key (see dictKey); "" keeps none.
func newLazyKagome(cacheDir, key string) *lazyKagome {
	return &lazyKagome{path: flatPath(cacheDir, key)}
}

// FlatDictionaryPath is the flat dictionary file a lazy tokenizer of this
// binary keeps in cacheDir, or "" when it keeps none (see dictKey).
func FlatDictionaryPath(cacheDir string) string { return flatPath(cacheDir, dictKey()) }

func flatPath(cacheDir, key string) string {
	if cacheDir == "" || key == "" {
		return ""
	}
	return filepath.Join(cacheDir, "dict", "ipa-"+key+"."+dictVersion)
}

func (l *lazyKagome) ID() string { return "kagome-v2-ipa" }

// Preload starts loading the dictionary in the background, if it has not
// started yet; Tokenize waits for it.
func (l *lazyKagome) Preload() { go l.ready() } //nolint:errcheck // Tokenize returns the error

// ready loads the dictionary once.
func (l *lazyKagome) ready() error {
	l.once.Do(func() { l.tok, l.err = l.load() })
	return l.err
}

func (l *lazyKagome) load() (Tokenizer, error) {
	if l.path != "" {
		if f, err := loadFlatDict(l.path); err == nil {
			return flatKagome(f)
		}
		if l.write != nil && l.write(l.path) == nil {
			if f, err := loadFlatDict(l.path); err == nil {
				return flatKagome(f)
			}
		}
	}
	k, err := embeddedKagome()
	if err != nil || l.path == "" {
		return k, err
	}
	// Best effort: without the file, the next build loads the embedded
	// form again.
	if writeFlatDict(l.path, ipa.Dict()) == nil {
		removeOtherDicts(l.path)
	}
	return k, nil
}

// removeOtherDicts deletes the flat dictionaries of other kagome versions
// (and temporary files of interrupted writes) beside path, so that
// upgrades do not pile up 32 MB files in the cache folder. A temporary
// file is left for staleTemp after it was last written: another process
// (a second dev server, a build) may be writing it.
func removeOtherDicts(path string) {
	for _, pat := range []string{"ipa-*", ".dict-*"} {
		names, _ := filepath.Glob(filepath.Join(filepath.Dir(path), pat))
		for _, n := range names {
			if n == path {
				continue
			}
			if fi, err := os.Stat(n); err == nil && strings.HasPrefix(fi.Name(), ".dict-") && time.Since(fi.ModTime()) < staleTemp {
				continue
			}
			os.Remove(n)
		}
	}
}

// staleTemp is how long a flat dictionary's temporary file may go
// unwritten before it counts as left by an interrupted write.
const staleTemp = 10 * time.Minute

func (l *lazyKagome) Tokenize(text string) ([]Morpheme, error) {
	if err := l.ready(); err != nil {
		return nil, err
	}
	return l.tok.Tokenize(text)
}

// dictKey names the flat dictionary after the versions of kagome and its
// dictionary modules built into the binary, so that an upgrade never reads
// an old file. It is "" when the binary does not record them (test
// binaries), and then no file is kept.
func dictKey() string {
	bi, ok := debug.ReadBuildInfo()
	if !ok {
		return ""
	}
	want := []string{"github.com/ikawaha/kagome-dict", "github.com/ikawaha/kagome-dict/ipa", "github.com/ikawaha/kagome/v2"}
	h := sha256.New()
	found := 0
	for _, m := range bi.Deps {
		if !slices.Contains(want, m.Path) {
			continue
		}
		v := m
		if m.Replace != nil {
			v = m.Replace
		}
		fmt.Fprintf(h, "%s %s %s %s\n", m.Path, v.Path, v.Version, v.Sum)
		found++
	}
	if found != len(want) {
		return ""
	}
	return fmt.Sprintf("%x", h.Sum(nil)[:8])
}
