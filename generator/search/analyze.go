package search

import (
	"encoding/binary"
	"slices"
	"strings"
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
// words by the rules in split, the rest by tok.
func analyze(tok Tokenizer, text string) analysis {
	var a analysis
	for _, r := range split(Normalize(text)) {
		switch r.kind {
		case runSpace:
			a.morphs = append(a.morphs, Morpheme{Surface: r.text, Kind: Stop})
		case runNumber:
			a.morphs = append(a.morphs, Morpheme{Surface: r.text, Base: numberTerm(r.text), Kind: Word})
		case runLatin:
			a.morphs = append(a.morphs, Morpheme{Surface: r.text, Kind: Word})
		default:
			ms, ok := tokenizeSafe(tok, r.text)
			if !ok {
				a.fallback = append(a.fallback, r.text)
				ms = byCharacter(r.text)
			}
			a.morphs = append(a.morphs, ms...)
		}
	}
	a.derive()
	return a
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

// One cache entry is binary: for each of the three fields, all unsigned
// varints:
//
//	fallbacks, then each: length, bytes
//	strings (base forms and conjugation classes), then each: length, bytes
//	morphemes, then each: surface length, kind, base (string number + 1,
//	0 = none), class (likewise), key and term (string number + 1, 0 =
//	the surface)
//	compounds, then each: first morpheme, parts, key (string number + 1)
//	the surfaces, concatenated (their lengths above cut them apart)
//
// Decoding cuts every surface and base form out of the pack's string, so a
// warm build allocates little per morpheme.
func encodeAnalyses(as *[3]analysis) []byte {
	var b []byte
	for f := range as {
		a := &as[f]
		b = binary.AppendUvarint(b, uint64(len(a.fallback)))
		for _, s := range a.fallback {
			b = binary.AppendUvarint(b, uint64(len(s)))
			b = append(b, s...)
		}
		ids := map[string]int{}
		var strs []string
		id := func(s string) int {
			if s == "" {
				return 0
			}
			n, ok := ids[s]
			if !ok {
				strs = append(strs, s)
				n = len(strs)
				ids[s] = n
			}
			return n
		}
		same := func(s, surface string) int {
			if s == surface {
				return 0
			}
			return id(s)
		}
		refs := make([][4]int, len(a.morphs))
		for i, m := range a.morphs {
			refs[i] = [4]int{id(m.Base), id(m.Infl), same(a.keys[i], m.Surface), same(a.terms[i], m.Surface)}
		}
		comps := make([]int, len(a.comps))
		for i, c := range a.comps {
			comps[i] = id(c.key)
		}
		b = binary.AppendUvarint(b, uint64(len(strs)))
		for _, s := range strs {
			b = binary.AppendUvarint(b, uint64(len(s)))
			b = append(b, s...)
		}
		b = binary.AppendUvarint(b, uint64(len(a.morphs)))
		for i, m := range a.morphs {
			b = binary.AppendUvarint(b, uint64(len(m.Surface)))
			b = append(b, byte(m.Kind))
			for _, r := range refs[i] {
				b = binary.AppendUvarint(b, uint64(r))
			}
		}
		b = binary.AppendUvarint(b, uint64(len(a.comps)))
		for i, c := range a.comps {
			b = binary.AppendUvarint(b, uint64(c.at))
			b = binary.AppendUvarint(b, uint64(c.n))
			b = binary.AppendUvarint(b, uint64(comps[i]))
		}
		for _, m := range a.morphs {
			b = append(b, m.Surface...)
		}
	}
	return b
}

// cacheReader reads the varints and strings of one cache file; the first
// error sticks and every later read returns zero.
type cacheReader struct {
	s   string
	i   int
	bad bool
}

func (r *cacheReader) uvarint() int {
	if r.bad {
		return 0
	}
	var x uint64
	for shift := 0; shift < 64; shift += 7 {
		if r.i >= len(r.s) {
			break
		}
		c := r.s[r.i]
		r.i++
		x |= uint64(c&0x7f) << shift
		if c < 0x80 {
			if x > uint64(len(r.s)) {
				break // no count or length can exceed the file
			}
			return int(x)
		}
	}
	r.bad = true
	return 0
}

func (r *cacheReader) str(n int) string {
	if r.bad || n > len(r.s)-r.i {
		r.bad = true
		return ""
	}
	s := r.s[r.i : r.i+n]
	r.i += n
	return s
}

func decodeAnalyses(data string) ([3]analysis, bool) {
	var as [3]analysis
	r := &cacheReader{s: data}
	var lens, keys, terms []int
	for f := range as {
		a := &as[f]
		for n := r.uvarint(); n > 0 && !r.bad; n-- {
			a.fallback = append(a.fallback, r.str(r.uvarint()))
		}
		ns := r.uvarint()
		if r.bad {
			return as, false
		}
		strs := make([]string, 1, ns+1)
		for range ns {
			strs = append(strs, r.str(r.uvarint()))
		}
		nm := r.uvarint()
		if r.bad {
			return as, false
		}
		a.morphs = make([]Morpheme, nm)
		lens, keys, terms = slices.Grow(lens[:0], nm), slices.Grow(keys[:0], nm), slices.Grow(terms[:0], nm)
		for i := range a.morphs {
			m := &a.morphs[i]
			l := r.uvarint()
			k := r.str(1)
			base, infl, key, term := r.uvarint(), r.uvarint(), r.uvarint(), r.uvarint()
			if r.bad || l == 0 || k[0] > byte(Word) || base >= len(strs) || infl >= len(strs) || key >= len(strs) || term >= len(strs) {
				return as, false
			}
			m.Kind, m.Base, m.Infl = Kind(k[0]), strs[base], strs[infl]
			lens, keys, terms = append(lens, l), append(keys, key), append(terms, term)
		}
		nc := r.uvarint()
		if r.bad || nc > nm {
			return as, false
		}
		a.comps = make([]compound, nc)
		for i := range a.comps {
			c := &a.comps[i]
			c.at, c.n = r.uvarint(), r.uvarint()
			key := r.uvarint()
			if r.bad || c.n < 2 || c.n > maxCompound || c.at+c.n > nm || key == 0 || key >= len(strs) {
				return as, false
			}
			c.key = strs[key]
		}
		a.keys, a.terms = make([]string, nm), make([]string, nm)
		for i, l := range lens {
			sf := r.str(l)
			a.morphs[i].Surface = sf
			a.keys[i], a.terms[i] = sf, sf
			if keys[i] > 0 {
				a.keys[i] = strs[keys[i]]
			}
			if terms[i] > 0 {
				a.terms[i] = strs[terms[i]]
			}
		}
		if r.bad {
			return as, false
		}
	}
	return as, r.i == len(r.s)
}
