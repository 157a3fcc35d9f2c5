package search

import (
	"strings"
	"sync/atomic"
	"unicode/utf8"
)

// fakeTokenizer cuts text by longest match against a small lexicon, one
// character at a time elsewhere (as nouns), so unit tests need no
// dictionary.
type fakeTokenizer struct {
	lex   map[string]Morpheme
	fail  string        // text containing this is refused
	calls *atomic.Int64 // Tokenize runs on several workers at once
}

var _ Tokenizer = fakeTokenizer{}

func newFake() fakeTokenizer {
	lex := map[string]Morpheme{}
	for _, m := range []Morpheme{
		{Surface: "入館", Kind: Noun}, {Surface: "証", Kind: Noun}, {Surface: "派遣", Kind: Noun}, {Surface: "社員", Kind: Noun},
		{Surface: "返さ", Base: "返す", Kind: Word, Infl: "godan:サ行"}, {Surface: "返し", Base: "返す", Kind: Word, Infl: "godan:サ行"},
		{Surface: "ない", Kind: Stop}, {Surface: "を", Kind: Stop}, {Surface: "が", Kind: Stop}, {Surface: "た", Kind: Stop},
		{Surface: "。", Kind: Stop}, {Surface: "クレーム", Kind: Noun}, {Surface: "電話", Kind: Noun},
	} {
		lex[m.Surface] = m
	}
	return fakeTokenizer{lex: lex, calls: new(atomic.Int64)}
}

func (f fakeTokenizer) Tokenize(text string) ([]Morpheme, error) {
	f.calls.Add(1)
	if f.fail != "" && strings.Contains(text, f.fail) {
		return []Morpheme{{Surface: "?", Kind: Noun}}, nil // does not cover the text
	}
	var out []Morpheme
	for text != "" {
		best := ""
		for s := range f.lex {
			if strings.HasPrefix(text, s) && len(s) > len(best) {
				best = s
			}
		}
		if best == "" {
			_, n := utf8.DecodeRuneInString(text)
			best = text[:n]
			k := Stop
			if hasWordRune(best) {
				k = Noun
			}
			out = append(out, Morpheme{Surface: best, Kind: k})
		} else {
			out = append(out, f.lex[best])
		}
		text = text[len(best):]
	}
	return out, nil
}
