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
	// src is the text as written (valid UTF-8) and at the source offset
	// of each normalised rune (see normalizeMap), for snippets in the
	// author's own text.
	src string
	at  []int32
}

// compound is a run of n (2..maxCompound) nouns starting at morpheme at,
// indexed as one extra term, key; or, with base set, the kana of a ruby
// reading over the n morphemes that spell base (folded).
type compound struct {
	at, n     int
	key, base string
}

// termOf is the index term of a morpheme.
func termOf(m Morpheme) string {
	if m.Base != "" {
		return Fold(Normalize(m.Base))
	}
	return Fold(m.Surface)
}

// derive fills in keys, terms and comps from morphs.
func (a *analysis) derive() { a.deriveWith(nil) }

// deriveWith is derive that also indexes readings: each reading's kana as
// an extra term where its base text occurs (a run of morphemes whose
// surfaces spell it), so that a query in the reading finds the word.
func (a *analysis) deriveWith(readings []Reading) {
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
	// Compounds: every run of two or more nouns up to maxCompound parts,
	// and every contiguous sub-run of up to maxSubCompound parts of it
	// (疑似乱数生成器 also yields 乱数生成器, 疑似乱数, 乱数生成, 生成器 ...), so
	// that a query for a compound finds it inside longer ones.
	for i := 0; i < len(ms); {
		j := i
		for j < len(ms) && ms[j].Kind == Noun {
			j++
		}
		for s := i; j-i >= 2 && s < j; s++ {
			for e := s + 2; e <= j; e++ {
				if e-s > maxSubCompound && !(s == i && e == j && j-i <= maxCompound) {
					continue
				}
				var sb strings.Builder
				for _, m := range ms[s:e] {
					sb.WriteString(m.Surface)
				}
				a.comps = append(a.comps, compound{at: s, n: e - s, key: Fold(sb.String())})
			}
		}
		if j == i {
			j++
		}
		i = j
	}
	// A reading given many times (every 派遣《はけん》 of an article) is
	// indexed once at each occurrence of its base, not once per annotation.
	readings = distinctReadings(readings)
	for _, rd := range readings {
		base, kana := Normalize(rd.Base), Fold(Normalize(rd.Ruby))
		if base == "" || kana == "" || kana == Fold(base) {
			continue
		}
		for i := range ms {
			if !strings.HasPrefix(base, ms[i].Surface) {
				continue // no run starting here spells base
			}
			text := ""
			for e := i; e < len(ms) && len(text) < len(base); e++ {
				text += ms[e].Surface
				if text == base {
					a.comps = append(a.comps, compound{at: i, n: e - i + 1, key: kana, base: Fold(base)})
				}
			}
		}
	}
}

// distinctReadings returns readings without repeats, each kept at its
// first place.
func distinctReadings(readings []Reading) []Reading {
	seen := make(map[Reading]bool, len(readings))
	out := make([]Reading, 0, len(readings))
	for _, rd := range readings {
		if !seen[rd] {
			seen[rd] = true
			out = append(out, rd)
		}
	}
	return out
}

// maxSubCompound is the most parts of a compound indexed inside a longer
// one.
const maxSubCompound = 4

// Reading is the reading of a word as the author gave it in ruby: the
// plain text holds only Base; Ruby is its kana.
type Reading struct{ Base, Ruby string }

// analyze normalises text and cuts it into morphemes: numbers and Latin
// words by the rules in split, the rest by tok. Long runs go to tok in
// pieces cut after sentence ends (see pieces), and ctx is checked between
// pieces, so a cancelled build stops within one piece.
func analyze(ctx context.Context, tok Tokenizer, text string, readings []Reading) (analysis, error) {
	var a analysis
	text, a.src, a.at = normalizeMap(text)
	runs := split(text)
	// Size the slice once instead of growing it (this is most of the
	// indexer's allocation, and growing a 10 MB article's held both the
	// old and the new array).
	a.morphs = make([]Morpheme, 0, morphemeEstimate(runs))
	for i, r := range runs {
		switch r.kind {
		case runSpace:
			a.morphs = append(a.morphs, Morpheme{Surface: r.text, Kind: Stop})
		case runNumber:
			a.morphs = append(a.morphs, Morpheme{Surface: r.text, Base: numberTerm(r.text), Kind: Word})
		case runLatin:
			a.morphs = append(a.morphs, Morpheme{Surface: r.text, Kind: Word})
		default:
			for j, p := range pieces(r.text, pieceRunes) {
				if err := ctx.Err(); err != nil {
					return analysis{}, err
				}
				ms, ok := tokenizeSafe(tok, p)
				if !ok {
					a.fallback = append(a.fallback, p)
					ms = byCharacter(p)
				} else if j == 0 && i > 0 && runs[i-1].kind == runNumber {
					ms = splitCounter(tok, ms)
				}
				a.morphs = append(a.morphs, ms...)
			}
		}
	}
	a.deriveWith(readings)
	return a, nil
}

// counters are the counter words that follow a number (8時, 3日, 2回).
const counters = "時分秒日月年回件人円個本枚歳話度階号週"

// splitCounter splits the first of the morphemes after a number when it
// is a counter with kana after it: IPA reads 8時に as 8 + 時に (an adverb,
// "sometimes") and 8時には as 8 + 時には, so 8時 and 時 did not find the
// text. The counter becomes a word of its own and the kana are tokenized
// again (時 + に, 時 + に + は), as in 8時から.
func splitCounter(tok Tokenizer, ms []Morpheme) []Morpheme {
	first := ms[0].Surface
	c, size := utf8.DecodeRuneInString(first)
	rest := first[size:]
	if rest == "" || !strings.ContainsRune(counters, c) || strings.IndexFunc(rest, func(r rune) bool { return !isHiragana(r) }) >= 0 {
		return ms
	}
	tail, ok := tokenizeSafe(tok, rest)
	if !ok {
		return ms
	}
	out := make([]Morpheme, 0, len(ms)+len(tail))
	out = append(out, Morpheme{Surface: string(c), Kind: Word})
	out = append(out, tail...)
	return append(out, ms[1:]...)
}

// morphemeEstimate is about how many morphemes runs give: one for each
// space, number or Latin run, and for Japanese text about seven for every
// ten characters (kagome's rate on prose), a little more than most text
// needs, so that the slice is not grown.
func morphemeEstimate(runs []run) int {
	n := 8
	for _, r := range runs {
		switch r.kind {
		case runSpace, runNumber, runLatin:
			n++
		default:
			n += utf8.RuneCountInString(r.text)*7/10 + 1
		}
	}
	return n
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
