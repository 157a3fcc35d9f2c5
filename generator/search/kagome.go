package search

import (
	"fmt"
	"strings"
	"sync"

	"github.com/ikawaha/kagome-dict/ipa"
	"github.com/ikawaha/kagome/v2/tokenizer"
)

// kagomeTokenizer analyses text with kagome v2 and the IPA dictionary.
type kagomeTokenizer struct{ t *tokenizer.Tokenizer }

var (
	_ Tokenizer  = (*kagomeTokenizer)(nil)
	_ identifier = (*kagomeTokenizer)(nil)
)

// NewKagomeTokenizer loads the IPA dictionary (about 0.7 s and 90 MB) and
// returns a Tokenizer that is safe for concurrent use. Load it once per
// process and keep it.
func NewKagomeTokenizer() (Tokenizer, error) {
	t, err := tokenizer.New(ipa.Dict(), tokenizer.OmitBosEos())
	if err != nil {
		return nil, fmt.Errorf("search: load IPA dictionary: %w", err)
	}
	return &kagomeTokenizer{t}, nil
}

func (k *kagomeTokenizer) ID() string { return "kagome-v2-ipa" }

func (k *kagomeTokenizer) Tokenize(text string) ([]Morpheme, error) {
	toks := k.t.Tokenize(text)
	ms := make([]Morpheme, 0, len(toks))
	for _, t := range toks {
		// The first two POS levels, read in place: Token.POS would allocate
		// a slice per token. (Unknown words are nouns whatever their POS.)
		pos0, _ := t.FeatureAt(0)
		pos1, _ := t.FeatureAt(1)
		m := Morpheme{Surface: t.Surface, Kind: ipaKind(pos0, pos1, t.Class == tokenizer.UNKNOWN, t.Surface)}
		if b, ok := t.BaseForm(); ok && b != "*" && b != t.Surface {
			m.Base = b
		}
		if m.Kind != Stop && t.Class != tokenizer.UNKNOWN {
			if r, ok := t.Reading(); ok && r != "*" {
				m.Reading = r
			}
		}
		if m.Kind == Word {
			if it, ok := t.InflectionalType(); ok {
				m.Infl = ipaInfl(it)
			}
		}
		ms = append(ms, m)
	}
	return ms, nil
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
// analysing, so that a build whose texts all come from the cache never
// pays for it.
type lazyKagome struct {
	once sync.Once
	tok  Tokenizer
	err  error
}

var (
	_ Tokenizer  = (*lazyKagome)(nil)
	_ identifier = (*lazyKagome)(nil)
)

// NewLazyKagomeTokenizer returns a Tokenizer like NewKagomeTokenizer's that
// loads the dictionary on first use. The Indexer loads it before analysing
// the first text that is not cached, and fails the build if that fails.
func NewLazyKagomeTokenizer() Tokenizer { return &lazyKagome{} }

func (l *lazyKagome) ID() string { return "kagome-v2-ipa" }

// ready loads the dictionary once.
func (l *lazyKagome) ready() error {
	l.once.Do(func() { l.tok, l.err = NewKagomeTokenizer() })
	return l.err
}

func (l *lazyKagome) Tokenize(text string) ([]Morpheme, error) {
	if err := l.ready(); err != nil {
		return nil, err
	}
	return l.tok.Tokenize(text)
}
