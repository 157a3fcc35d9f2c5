package search

import (
	"encoding/binary"
	"iter"
	"slices"
	"strings"
	"sync"
)

// docAgg is one document's contribution to the index, gathered on the
// worker that analysed it so that the single-threaded merge touches each
// distinct key and term of a document once instead of every morpheme.
type docAgg struct {
	fallback []string // text indexed by character (see analysis)
	lens     [3]int
	windows  []window // snippet text (see chooseWindows)
	text     string   // the body's tokens as written, gzipped (see bodyText); "" when the site is over the budget
	// readings pairs the term of each ruby reading with the folded text
	// of its base, which stands for it in snippets (かんじ marks 漢字).
	readings [][2]string
	keys     []keyAgg
	terms    []termAgg
}

type keyAgg struct {
	h           uint32 // fnv32(key), to pick the merge shard
	key         string
	count, stop int
	single      bool
	span        int
	terms       []string // distinct terms, in order of first use
}

type termAgg struct {
	h          uint32 // fnv32(term), to pick the merge shard
	term       string
	tf         [3]int
	raw        []int  // positions (see fieldBase), while aggregating
	morph      bool   // seen as one morpheme, while aggregating
	pos        string // positions in all fields, encoded (see posting and fieldBase)
	base, infl string // from the first inflecting occurrence
	reading    string // of the base form's first occurrence, from the dictionary
}

// aggMaps are the lookup tables of one aggregate call, reused across
// documents (each worker takes its own from the pool).
type aggMaps struct{ keys, terms map[string]int }

var aggScratch = sync.Pool{New: func() any { return &aggMaps{map[string]int{}, map[string]int{}} }}

// maxAggPrealloc bounds the keys and terms aggregate allocates ahead.
const maxAggPrealloc = 4096

// aggregate gathers fields in the order the index has always used: per
// field, morphemes first, then compounds.
func aggregate(fields *[3]analysis) *docAgg {
	n := 0
	for f := range fields {
		n += len(fields[f].morphs)
	}
	// Distinct keys and terms grow far slower than the text: a long
	// article's would be mostly empty capacity, kept until the merge.
	d := &docAgg{keys: make([]keyAgg, 0, min(n/3+1, maxAggPrealloc)), terms: make([]termAgg, 0, min(n/4+1, maxAggPrealloc))}
	sc := aggScratch.Get().(*aggMaps)
	defer aggScratch.Put(sc)
	keyAt, termAt := sc.keys, sc.terms
	clear(keyAt)
	clear(termAt)
	key := func(k string) *keyAgg {
		i, ok := keyAt[k]
		if !ok {
			i = len(d.keys)
			keyAt[k] = i
			d.keys = append(d.keys, keyAgg{key: k, h: fnv32(k)})
		}
		return &d.keys[i]
	}
	base := fieldBase(fields)
	hit := func(term string, f, pos int) *termAgg {
		i, ok := termAt[term]
		if !ok {
			i = len(d.terms)
			termAt[term] = i
			d.terms = append(d.terms, termAgg{term: term, h: fnv32(term)})
		}
		t := &d.terms[i]
		t.tf[f]++
		t.raw = append(t.raw, base[f]+pos)
		return t
	}
	for f := range fields {
		a := &fields[f]
		d.fallback = append(d.fallback, a.fallback...)
		ms := a.morphs
		d.lens[f] = len(ms)
		aggMorphs(a, f, key, hit)
		// Compounds: runs of two or more nouns, as extra terms at the
		// position of their first part.
		for _, c := range a.comps {
			s := key(c.key)
			s.count++
			s.use(c.key)
			if s.span == 0 || c.n < s.span {
				s.span = c.n
			}
			hit(c.key, f, c.at)
			if rd := [2]string{c.key, c.base}; c.base != "" && !slices.Contains(d.readings, rd) {
				d.readings = append(d.readings, rd)
			}
		}
	}
	d.windows = chooseWindows(&fields[fBody], d.terms)
	if ts := sourceTokens(&fields[fTitle]); len(ts) > 0 {
		d.windows = append(d.windows, window{start: titleWindow, toks: strings.Join(ts, "\x1f")})
	}
	d.packPositions()
	return d
}

// aggMorphs adds the morphemes of field f, through key and hit of
// aggregate: each a key, each that is not a stop word a term at its position.
func aggMorphs(a *analysis, f int, key func(string) *keyAgg, hit func(string, int, int) *termAgg) {
	for i, m := range a.morphs {
		s := key(a.keys[i])
		s.count++
		s.single = true
		if m.Kind == Stop {
			s.stop++
			continue
		}
		term := a.terms[i]
		s.use(term)
		t := hit(term, f, i)
		t.morph = true
		if t.reading == "" && m.Reading != "" {
			if m.Infl == "" {
				t.reading = m.Reading
			} else {
				t.reading = baseReading(m)
			}
		}
		if m.Infl != "" && t.infl == "" {
			t.base, t.infl = Normalize(m.Base), m.Infl
			if m.Base == "" {
				t.base = m.Surface
			}
		}
	}
}

// fieldGap separates the fields in a document's position space: more than
// the tokens of the longest query, so that no phrase spans two fields.
const fieldGap = maxQueryRunes + 1

// fieldBase returns where each field starts in the document's position
// space: the body first (so body positions are token indexes, as snippets
// use them), then the title, then the series title, each after fieldGap
// unused positions. Phrases are checked in all three fields alike.
func fieldBase(fields *[3]analysis) [3]int {
	var b [3]int
	b[fTitle] = len(fields[fBody].morphs) + fieldGap
	b[fSeries] = b[fTitle] + len(fields[fTitle].morphs) + fieldGap
	return b
}

// positionSpan is the end of a document's position space (see fieldBase)
// for its field lengths.
func positionSpan(lens [3]int) int {
	return lens[fBody] + fieldGap + lens[fTitle] + fieldGap + lens[fSeries]
}

// use lists term among the terms of the key, once.
func (s *keyAgg) use(term string) {
	if !slices.Contains(s.terms, term) {
		s.terms = append(s.terms, term)
	}
}

// packPositions stores each term's positions the way a posting holds
// them, and drops the raw lists.
func (d *docAgg) packPositions() {
	var buf []byte
	for i := range d.terms {
		t := &d.terms[i]
		buf = appendPositions(buf[:0], t.raw)
		t.pos, t.raw, t.morph = string(buf), nil, false
	}
}

// appendPositions appends positions as a posting stores them: count, then
// gaps of the sorted positions without repeats (compound positions follow
// the morphemes', and one term may be both).
func appendPositions(b []byte, ps []int) []byte {
	slices.Sort(ps)
	ps = slices.Compact(ps)
	b = appendUvarint(b, len(ps))
	prev := 0
	for _, p := range ps {
		b = appendUvarint(b, p-prev)
		prev = p
	}
	return b
}

// merge adds the aggregates of documents base, base+1, ... to the index.
// Keys and terms are split by hash among the workers, each merging its
// share of every document in document order, so postings come out in the
// same order as from a single merger.
func (b *builder) merge(aggs []*docAgg, base int) {
	for i, d := range aggs {
		b.keepDoc(base+i, d)
	}
	n := uint32(max(1, b.workers))
	if b.shards == nil {
		b.shards = make([]mergeShard, n)
		for w := range b.shards {
			b.shards[w] = mergeShard{map[string]*keyStat{}, map[string]*termInfo{}}
		}
	}
	var wg sync.WaitGroup
	for w := range b.shards {
		wg.Go(func() {
			keys, terms := b.shards[w].keys, b.shards[w].terms
			for i, d := range aggs {
				doc := int32(base + i)
				for i := range d.keys {
					ka := &d.keys[i]
					if ka.h%n != uint32(w) {
						continue
					}
					s := keys[ka.key]
					if s == nil {
						// Strings of cached entries point into the
						// cache packs: copy what the index keeps, so
						// the packs can go once merged.
						s = &keyStat{}
						keys[strings.Clone(ka.key)] = s
					}
					s.add(ka, b.counting)
				}
				for i := range d.terms {
					ta := &d.terms[i]
					if ta.h%n != uint32(w) {
						continue
					}
					t := terms[ta.term]
					if t == nil {
						t = newTermInfo()
						terms[strings.Clone(ta.term)] = t
					}
					t.addPosting(doc, ta.tf)
					t.pos = append(t.pos, ta.pos...)
					t.provide(ta, doc)
				}
			}
		})
	}
	wg.Wait()
}

// keepDoc keeps what the index writes of document doc but its keys and
// terms: field lengths, snippet windows, body text and readings' bases.
func (b *builder) keepDoc(doc int, d *docAgg) {
	b.lens[doc] = d.lens
	for _, l := range d.lens {
		b.total += l
	}
	ws := make([]window, len(d.windows))
	for j, w := range d.windows {
		ws[j] = window{w.start, strings.Clone(w.toks)}
	}
	b.windows[doc] = ws
	b.keepText(doc, d.text)
	for _, rd := range d.readings {
		if !slices.Contains(b.readings[rd[0]], rd[1]) {
			b.readings[strings.Clone(rd[0])] = append(b.readings[rd[0]], strings.Clone(rd[1]))
		}
		if b.counting {
			b.readingN[[2]string{strings.Clone(rd[0]), strings.Clone(rd[1])}]++
		}
	}
	if b.counting && len(d.fallback) > 0 {
		b.fallbacks[doc] = cloneStrings(d.fallback)
	}
}

func cloneStrings(ss []string) []string {
	out := make([]string, len(ss))
	for i, s := range ss {
		out[i] = strings.Clone(s)
	}
	return out
}

// add counts one document's use of the key; counting keeps what taking
// it out again needs (see delta.go).
func (s *keyStat) add(ka *keyAgg, counting bool) {
	s.count += ka.count
	s.stop += ka.stop
	if ka.single {
		s.single = true
		if counting {
			s.singles++
		}
	}
	if ka.span > 0 && (s.span == 0 || ka.span < s.span) {
		s.span = ka.span
	}
	if counting && ka.span > 0 {
		s.addSpan(int32(ka.span), 1)
	}
	for _, t := range ka.terms {
		j := slices.Index(s.terms, t)
		if j < 0 {
			s.terms = append(s.terms, strings.Clone(t))
			if counting {
				s.termN = append(s.termN, 0)
			}
			j = len(s.terms) - 1
		}
		if counting {
			s.termN[j]++
		}
	}
}

// addSpan adds n documents (n may be negative) that saw the key as a
// compound of span parts.
func (s *keyStat) addSpan(span, n int32) {
	for i := range s.spans {
		if s.spans[i].span == span {
			s.spans[i].n += n
			if s.spans[i].n == 0 {
				s.spans = slices.Delete(s.spans, i, i+1)
			}
			return
		}
	}
	s.spans = append(s.spans, spanCount{span, n})
}

func newTermInfo() *termInfo { return &termInfo{inflDoc: -1, readDoc: -1} }

// provide takes the base form, class and reading of ta, from document
// doc, where t has none yet: the first document to have them gives them.
func (t *termInfo) provide(ta *termAgg, doc int32) {
	if ta.infl != "" && t.infl == "" {
		t.base, t.infl = strings.Clone(ta.base), strings.Clone(ta.infl)
		t.inflDoc = doc
	}
	if ta.reading != "" && t.reading == "" {
		t.reading = strings.Clone(ta.reading)
		t.readDoc = doc
	}
}

// keepText keeps doc's gzipped body text for its body file, unless the
// site is over the budget (see textsWanted).
func (b *builder) keepText(doc int, text string) {
	if !b.noText {
		b.texts[doc] = strings.Clone(text)
	}
}

// union gathers the merge shards into b.keys and b.terms.
func (b *builder) union() {
	if b.shards == nil {
		return // gathered before (a kept index, see delta.go)
	}
	nk, nt := 0, 0
	for _, sh := range b.shards {
		nk, nt = nk+len(sh.keys), nt+len(sh.terms)
	}
	b.keys, b.terms = make(map[string]*keyStat, nk), make(map[string]*termInfo, nt)
	for _, sh := range b.shards {
		for k, s := range sh.keys {
			b.keys[k] = s
		}
		for t, ti := range sh.terms {
			b.terms[t] = ti
		}
	}
	b.shards = nil
}

// addPosting appends doc, after every document of t so far, with its
// term frequencies.
func (t *termInfo) addPosting(doc int32, tf [3]int) {
	t.post = appendPosting(t.post, doc, t.last, tf)
	t.df++
	t.last = doc
}

// appendPosting appends to post the posting of doc, which follows the
// document last, with its term frequencies tf: the gap, then each field's
// count, as uvarints.
func appendPosting(post []byte, doc, last int32, tf [3]int) []byte {
	post = binary.AppendUvarint(post, uint64(doc-last))
	for _, n := range tf {
		post = binary.AppendUvarint(post, uint64(n))
	}
	return post
}

// readPosting reads the posting at the start of post as appendPosting
// wrote it: the gap from the previous document and the term frequencies.
func readPosting(post []byte) (gap uint64, tf [3]uint64, rest []byte) {
	gap, n := binary.Uvarint(post)
	post = post[n:]
	for f := range tf {
		tf[f], n = binary.Uvarint(post)
		post = post[n:]
	}
	return gap, tf, post
}

// postings yields t's postings in document order, each with the gap from
// the previous document.
func (t *termInfo) postings() iter.Seq2[posting, int] {
	return func(yield func(posting, int) bool) {
		b, doc := t.post, 0
		for len(b) > 0 {
			gap, tf, rest := readPosting(b)
			b = rest
			doc += int(gap)
			p := posting{doc: int32(doc)}
			for f := range p.tf {
				p.tf[f] = int32(tf[f])
			}
			if !yield(p, int(gap)) {
				return
			}
		}
	}
}

// baseReading is the reading of an inflected morpheme's base form, in
// katakana, from the reading of its surface: the kana the surface ends
// with give way to the base's (返さ カエサ, base 返す: カエ + ス; 厳しかっ
// キビシカッ, base 厳しい: キビシ + イ). It is "" when the two do not share
// their kanji, when the reading does not end in the surface's kana, or for
// 来る, whose kanji reads differently by form.
func baseReading(m Morpheme) string {
	if m.Infl == "kuru-kanji" {
		return ""
	}
	surface, base := []rune(m.Surface), []rune(Normalize(m.Base))
	p := 0
	for p < len(surface) && p < len(base) && surface[p] == base[p] {
		p++
	}
	sTail, bTail := string(surface[p:]), string(base[p:])
	if p == 0 || !allKanaOrEmpty(sTail) || !allKanaOrEmpty(bTail) {
		return ""
	}
	head, ok := strings.CutSuffix(m.Reading, katakana(sTail))
	if !ok || head == "" {
		return ""
	}
	return head + katakana(bTail)
}

func allKanaOrEmpty(s string) bool {
	for _, r := range s {
		if !isKana(r) {
			return false
		}
	}
	return true
}

// katakana spells the hiragana of s in katakana.
func katakana(s string) string { return strings.Map(kataRune, s) }
