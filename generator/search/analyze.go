package search

import (
	"context"
	"strings"
	"unicode/utf8"
)

// analysis is the token stream of one normalised text.
type analysis struct {
	morphs []Morpheme
	// fallback holds text the tokenizer could not analyse; it was indexed
	// by character instead.
	fallback []string
	// Derived once at analysis time and cached, so that a warm build never
	// folds or normalises: the lookup key of each morpheme, its index term
	// (unused for stop morphemes), and the noun compounds.
	keys, terms []string
	comps       []compound
}

// compound is a run of n (2..maxCompound) nouns starting at morpheme at,
// indexed as one extra term, key.
type compound struct {
	at, n int
	key   string
}

// termOf is the index term of a morpheme.
func termOf(m Morpheme) string {
	if m.Base != "" {
		return Fold(Normalize(m.Base))
	}
	return Fold(m.Surface)
}

// derive fills in keys, terms and comps from morphs.
func (a *analysis) derive() {
	ms := a.morphs
	a.keys, a.terms, a.comps = make([]string, len(ms)), make([]string, len(ms)), nil
	for i, m := range ms {
		a.keys[i] = Fold(m.Surface)
		if m.Kind == Stop {
			a.terms[i] = a.keys[i]
		} else if m.Base == "" {
			a.terms[i] = a.keys[i]
		} else {
			a.terms[i] = termOf(m)
		}
	}
	for i := 0; i < len(ms); {
		j := i
		for j < len(ms) && ms[j].Kind == Noun {
			j++
		}
		if j-i >= 2 && j-i <= maxCompound {
			var sb strings.Builder
			for _, m := range ms[i:j] {
				sb.WriteString(m.Surface)
			}
			a.comps = append(a.comps, compound{at: i, n: j - i, key: Fold(sb.String())})
		}
		if j == i {
			j++
		}
		i = j
	}
}

// analyze normalises text and cuts it into morphemes: numbers and Latin
// words by the rules in split, the rest by tok. Long runs go to tok in
// pieces cut after sentence ends (see pieces), and ctx is checked between
// pieces, so a cancelled build stops within one piece.
func analyze(ctx context.Context, tok Tokenizer, text string) (analysis, error) {
	var a analysis
	text = Normalize(text)
	// About one morpheme per two characters: size the slice once instead
	// of growing it (this is most of the indexer's allocation).
	a.morphs = make([]Morpheme, 0, utf8.RuneCountInString(text)/2+8)
	for _, r := range split(text) {
		switch r.kind {
		case runSpace:
			a.morphs = append(a.morphs, Morpheme{Surface: r.text, Kind: Stop})
		case runNumber:
			a.morphs = append(a.morphs, Morpheme{Surface: r.text, Base: numberTerm(r.text), Kind: Word})
		case runLatin:
			a.morphs = append(a.morphs, Morpheme{Surface: r.text, Kind: Word})
		default:
			for _, p := range pieces(r.text, pieceRunes) {
				if err := ctx.Err(); err != nil {
					return analysis{}, err
				}
				ms, ok := tokenizeSafe(tok, p)
				if !ok {
					a.fallback = append(a.fallback, p)
					ms = byCharacter(p)
				}
				a.morphs = append(a.morphs, ms...)
			}
		}
	}
	a.derive()
	return a, nil
}

// pieceRunes is about how many characters go to the tokenizer at once
// (kagome takes some milliseconds for this much).
const pieceRunes = 2048

// pieces cuts text into runs of at least n characters that end after a
// sentence end (。, ! or ?), or of 2n characters when none comes.
func pieces(text string, n int) []string {
	var out []string
	count, start := 0, 0
	for i, r := range text {
		count++
		end := i + utf8.RuneLen(r)
		if (count >= n && (r == '。' || r == '!' || r == '?')) || count >= 2*n {
			if end < len(text) {
				out = append(out, text[start:end])
				start, count = end, 0
			}
		}
	}
	return append(out, text[start:])
}

// tokenizeSafe runs tok and checks that its morphemes cover text exactly.
func tokenizeSafe(tok Tokenizer, text string) (ms []Morpheme, ok bool) {
	defer func() {
		if recover() != nil {
			ms, ok = nil, false
		}
	}()
	ms, err := tok.Tokenize(text)
	if err != nil {
		return nil, false
	}
	var b strings.Builder
	for _, m := range ms {
		if m.Surface == "" {
			return nil, false
		}
		b.WriteString(m.Surface)
	}
	return ms, b.String() == text
}

// byCharacter indexes text one character at a time.
func byCharacter(text string) []Morpheme {
	var ms []Morpheme
	for _, r := range text {
		k := Stop
		if isWordRune(r) {
			k = Word
		}
		ms = append(ms, Morpheme{Surface: string(r), Kind: k})
	}
	return ms
}
