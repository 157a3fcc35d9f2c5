package search

import (
	"fmt"
	"math"
	"slices"
	"strings"
	"unicode/utf8"
)

// qtok is one token of a segmented query.
type qtok struct {
	text    string
	terms   []string
	stop    bool
	missing bool // a word the index does not know
	weak    bool // a single character: too vague to match on its own
	span    int
}

type chunk struct {
	text   string
	phrase bool
}

// parseQuery cuts normalised q at spaces, keeping "…" and 「…」 as phrases.
func parseQuery(q string) []chunk {
	var out []chunk
	add := func(text string, phrase bool) {
		for _, c := range strings.Split(text, " ") {
			if c != "" {
				out = append(out, chunk{c, phrase})
			}
		}
	}
	rs := []rune(q)
	start := 0
	for i := 0; i < len(rs); i++ {
		var end rune
		switch rs[i] {
		case '"':
			end = '"'
		case '「':
			end = '」'
		default:
			continue
		}
		add(string(rs[start:i]), false)
		j := i + 1
		for j < len(rs) && rs[j] != end {
			j++
		}
		add(string(rs[i+1:j]), true)
		i = j
		start = j + 1
	}
	if start < len(rs) {
		add(string(rs[start:]), false)
	}
	return out
}

// vocabBuckets lists the vocabulary shards segmenting chunk can consult.
func (s *Searcher) vocabBuckets(c string, set map[int]bool) {
	n := s.man.Vocab
	for _, r := range c {
		if isDigit(r) || isLatin(r) || r == ' ' {
			continue
		}
		set[int(r)%n] = true
		if isHiragana(r) {
			set[int(r+0x60)%n] = true
		}
	}
}

func (s *Searcher) lookup(key string) (vocabEntry, bool, error) {
	v, err := s.vocabShard(int(firstRune(key)) % s.man.Vocab)
	if err != nil {
		return vocabEntry{}, false, err
	}
	e, ok := v[key]
	return e, ok, nil
}

// segment cuts one chunk into query tokens: numbers and Latin words as the
// indexer cuts them, the rest by the cheapest path over the vocabulary.
func (s *Searcher) segment(c string) ([]qtok, error) {
	var out []qtok
	hira := allHiraganaOrChoon(c)
	runs := split(c)
	for i, r := range runs {
		switch r.kind {
		case runSpace:
		case runNumber:
			out = append(out, qtok{text: r.text, terms: []string{numberTerm(r.text)}, span: 1, weak: runeLen(r.text) == 1})
		case runLatin:
			out = append(out, qtok{text: r.text, terms: []string{Fold(r.text)}, span: 1, weak: runeLen(r.text) == 1})
		default:
			text := r.text
			if head, rest, ok := counterHead(text); ok && i > 0 && runs[i-1].kind == runNumber {
				// 9時には: the counter apart, as the indexer cuts it
				// (splitCounter).
				ts, err := s.viterbi(head, false)
				if err != nil {
					return nil, err
				}
				out, text = append(out, ts...), rest
			}
			ts, err := s.viterbi(text, hira)
			if err != nil {
				return nil, err
			}
			out = append(out, ts...)
		}
	}
	return out, nil
}

// voiced and plain pair each voiced katakana with its plain one.
const (
	voiced = "ガギグゲゴザジズゼゾダヂヅデドバビブベボパピプペポ"
	plain  = "カキクケコサシスセソタチツテトハヒフヘホハヒフヘホ"
)

// unvoiced is key, a folded key, with its first kana plain when it is
// katakana throughout and starts with a voiced one (バコ → ハコ), else key.
func unvoiced(key string) string {
	rs := []rune(key)
	i := strings.IndexRune(voiced, rs[0])
	if i < 0 || strings.IndexFunc(key, func(r rune) bool { return !isKatakanaOrChoon(r) }) >= 0 {
		return key
	}
	rs[0] = []rune(plain)[utf8.RuneCountInString(voiced[:i])]
	return string(rs)
}

// counterHead splits a counter with kana after it (時には) into the counter
// and the rest.
func counterHead(text string) (head, rest string, ok bool) {
	c, size := utf8.DecodeRuneInString(text)
	next, _ := utf8.DecodeRuneInString(text[size:])
	if !strings.ContainsRune(counters, c) || !isHiragana(next) {
		return "", "", false
	}
	return text[:size], text[size:], true
}

type seg struct {
	start, end int
	e          *vocabEntry
	key        string
}

// viterbi cuts text by the cheapest path over the vocabulary; hira is set
// when text is a whole chunk typed in hiragana.
func (s *Searcher) viterbi(text string, hira bool) ([]qtok, error) {
	rs := []rune(text)
	n := len(rs)
	best := make([]int, n+1)
	back := make([]seg, n+1)
	for i := 1; i <= n; i++ {
		best[i] = math.MaxInt
	}
	for i := 0; i < n; i++ {
		if best[i] == math.MaxInt {
			continue
		}
		// An unknown character takes the small kana after it along: no
		// word starts with ゅ (しゅっきん is not し + ゅっきん).
		u := i + 1
		for u < n && smallKana(rs[u]) {
			u++
		}
		if c := best[i] + s.man.Unknown; c < best[u] {
			best[u], back[u] = c, seg{start: i, end: u}
		}
		okuri := false // a kana of okurigana since rs[i], a kanji
		for l := 1; l <= s.man.MaxKey && i+l <= n; l++ {
			okuri = okuri || (l > 1 && isKanji(rs[i]) && okuriRune(rs[i+l-1]))
			if i+l < n && smallKana(rs[i+l]) {
				continue
			}
			sub := string(rs[i : i+l])
			key := Fold(sub)
			e, ok, err := s.lookup(key)
			if err != nil {
				return nil, err
			}
			extra := 0
			// A spelling the site does not use may be another okurigana
			// of one it does (問い合わせ for 問合せ).
			if !ok && okuri {
				for _, v := range okuriVariants(sub, tailShort) {
					if e, ok, err = s.lookup(Fold(v)); err != nil {
						return nil, err
					}
					if ok {
						extra = 1
						break
					}
				}
			}
			// Inside a compound a word's first kana is often voiced
			// (へんきゃくばこ is 返却 + はこ, 箱): a piece in kana after
			// another that the vocabulary lacks may be its plain reading.
			if !ok && i > 0 && l >= 2 {
				if plain := unvoiced(key); plain != key {
					if e, ok, err = s.lookup(plain); err != nil {
						return nil, err
					}
					ok = ok && !e.stop
					extra = 1
				}
			}
			// Typed in hiragana, a particle does not open the text: a
			// query starts with a word (ものがたり is not も + の + が + たり).
			if !ok || (e.stop && i == 0 && l < n && hira) {
				continue
			}
			if c := best[i] + e.cost + extra; c < best[i+l] {
				best[i+l], back[i+l] = c, seg{start: i, end: i + l, e: &e, key: key}
			}
		}
	}
	var segs []seg
	for i := n; i > 0; i = back[i].start {
		segs = append(segs, back[i])
	}
	slices.Reverse(segs)
	segs = mergeUnknown(rs, collapseKatakana(rs, segs))
	out := make([]qtok, 0, len(segs))
	for _, g := range segs {
		t := qtok{text: string(rs[g.start:g.end]), span: 1}
		t.weak = runeLen(t.text) == 1
		switch {
		case g.e == nil:
			// Unknown kana right after a word is an ending or a particle
			// the site never used (返そ+う), not a word of its own; after a
			// word typed in hiragana it is the rest of a word the site
			// lacks (ていしゅつ is not てい + しゅつ).
			n := len(out)
			t.stop = !hasWordRune(t.text) || (n > 0 && !out[n-1].stop && allHiragana(t.text) && !allHiraganaOrChoon(out[n-1].text))
			t.missing = !t.stop
		case g.e.stop:
			t.stop = true
		default:
			t.terms, t.span = g.e.terms, g.e.span
		}
		out = append(out, t)
	}
	return out, nil
}

// mergeUnknown joins unknown characters side by side into one unknown word,
// and makes a run of kanji that holds an unknown one a single unknown word
// (新幹線 is not 新 + 幹 + 線).
func mergeUnknown(rs []rune, segs []seg) []seg {
	// Unknown characters side by side form one unknown word; so does a run
	// of kanji that holds an unknown one (新幹線 is not 新 + 幹 + 線).
	var merged []seg
	for _, g := range segs {
		if k := len(merged); k > 0 && g.e == nil && merged[k-1].e == nil {
			merged[k-1].end = g.end
			continue
		}
		merged = append(merged, g)
	}
	segs = merged[:0:0]
	for i := 0; i < len(merged); {
		j, unknown := i, false
		for j < len(merged) && allKanji(string(rs[merged[j].start:merged[j].end])) {
			unknown = unknown || merged[j].e == nil
			j++
		}
		if j-i >= 2 && unknown {
			segs = append(segs, seg{start: merged[i].start, end: merged[j-1].end})
			i = j
			continue
		}
		if j == i {
			j = i + 1
		}
		segs = append(segs, merged[i:j]...)
		i = j
	}
	return segs
}

// collapseKatakana makes a katakana word one unknown word when the
// vocabulary could only cover it with a piece of one character: the
// indexer never cuts a katakana word so (ワクチン is not ワ+ク+チ+ン), so
// such a cut means that the site does not contain the word.
func collapseKatakana(rs []rune, segs []seg) []seg {
	var out []seg
	for i := 0; i < len(segs); {
		a := segs[i].start
		if !isKatakanaOrChoon(rs[a]) || (a > 0 && isKatakanaOrChoon(rs[a-1])) {
			out = append(out, segs[i])
			i++
			continue
		}
		b := a
		for b < len(rs) && isKatakanaOrChoon(rs[b]) {
			b++
		}
		j, single := i, false
		for j < len(segs) && segs[j].end <= b {
			single = single || segs[j].end-segs[j].start == 1
			j++
		}
		if j-i >= 2 && segs[j-1].end == b && single {
			out = append(out, seg{start: a, end: b})
			i = j
			continue
		}
		out = append(out, segs[i])
		i++
	}
	return out
}

// unit is one thing a document must match: a word (any of its analyses) or
// a quoted phrase (its words at their relative positions).
type unit struct {
	text    string // the query's words it stands for, for notices
	toks    []qtok
	offs    []int
	phrase  bool
	weak    bool
	missing bool
}

func (u unit) terms() []string {
	var ts []string
	for _, t := range u.toks {
		ts = append(ts, t.terms...)
	}
	return ts
}

const maxUnits = 16

func (s *Searcher) units(q string) ([]unit, error) {
	var us []unit
	seen := map[string]bool{}
	add := func(u unit) {
		var sig strings.Builder
		for i, t := range u.toks {
			fmt.Fprintf(&sig, "%d:%s|", u.offs[i], strings.Join(t.terms, ","))
		}
		if u.missing {
			sig.WriteString("?" + u.text)
		}
		if seen[sig.String()] || len(us) >= s.man.MaxUnits {
			return
		}
		seen[sig.String()] = true
		us = append(us, u)
	}
	for _, c := range parseQuery(q) {
		toks, err := s.segment(c.text)
		if err != nil {
			return nil, err
		}
		// Words written together without a particle between them must
		// stand together in the text (a compound the vocabulary lacks,
		// 公開鍵 = 公開+鍵, is found only where its parts are adjacent);
		// a quoted chunk is one phrase whatever it holds, and so is one
		// typed in hiragana alone, whose particles cannot be told from
		// pieces of words (しんかんせん is not し + かんせん, にゅうかんしょう is
		// 入館 + 証 side by side) but for the particles it can tell
		// (particleCuts).
		phrase := c.phrase || allHiraganaOrChoon(c.text)
		var cut map[int]bool
		if phrase && !c.phrase {
			cut = particleCuts(toks)
		}
		var group unit
		var mine []unit
		off := 0
		flush := func(text string) {
			switch {
			case len(group.toks) == 1:
				t := group.toks[0]
				mine = append(mine, unit{text: t.text, toks: group.toks, offs: []int{0}, weak: t.weak, missing: t.missing})
			case len(group.toks) > 1:
				group.phrase, group.text = true, text
				mine = append(mine, group)
			}
			group, off = unit{}, 0
		}
		// text holds a unit's words as typed, for notices; raw the same
		// with the particles and endings between them, which name a
		// phrase.
		var text, raw strings.Builder
		named := func() string {
			if phrase {
				return raw.String()
			}
			return text.String()
		}
		for k, t := range toks {
			if t.stop && (!phrase || cut[k]) {
				flush(named())
				text.Reset()
				raw.Reset()
				continue
			}
			raw.WriteString(t.text)
			if !t.stop {
				group.toks = append(group.toks, t)
				group.offs = append(group.offs, off)
				group.missing = group.missing || t.missing
				text.WriteString(t.text)
			}
			if len(group.toks) > 0 {
				off += t.span
			}
		}
		flush(named())
		// A word the site lacks is named as typed, endings and all
		// (ぽけもん, not ぽけ).
		if len(mine) == 1 && mine[0].missing {
			mine[0].text = c.text
		}
		for _, u := range mine {
			add(u)
		}
	}
	return us, nil
}

// particleCuts picks the particles at which a chunk typed in hiragana is
// cut into words that must each match, as the same words written in kanji
// are (にゅうかんしょうのへんきゃく is 入館証 and 返却, as 入館証の返却 is):
// a run of particles between two words, neither of them unknown, each of
// two kana or more and one of three or more. Shorter words beside a
// particle are as likely pieces of one word the site lacks (ものがたり).
func particleCuts(toks []qtok) map[int]bool {
	type word struct {
		start, end, runes int
		missing           bool
	}
	var words []word
	for k := 0; k < len(toks); {
		if toks[k].stop {
			k++
			continue
		}
		w := word{start: k}
		for ; k < len(toks) && !toks[k].stop; k++ {
			w.runes += runeLen(toks[k].text)
			w.missing = w.missing || toks[k].missing
		}
		w.end = k
		words = append(words, w)
	}
	cut := map[int]bool{}
	for i := 1; i < len(words); i++ {
		a, b := words[i-1], words[i]
		if a.missing || b.missing || min(a.runes, b.runes) < 2 || max(a.runes, b.runes) < 3 {
			continue
		}
		for k := a.end; k < b.start; k++ {
			cut[k] = true
		}
	}
	return cut
}

// smallKana reports whether r is a small kana that belongs to the kana
// before it (ゃ of しゃ, ィ of ティ); small つ is left out, as って is a
// particle of its own.
func smallKana(r rune) bool {
	switch r {
	case 'ぁ', 'ぃ', 'ぅ', 'ぇ', 'ぉ', 'ゃ', 'ゅ', 'ょ', 'ゎ', 'ァ', 'ィ', 'ゥ', 'ェ', 'ォ', 'ャ', 'ュ', 'ョ', 'ヮ':
		return true
	}
	return false
}

func allHiraganaOrChoon(s string) bool {
	for _, r := range s {
		if !isHiragana(r) && r != choon {
			return false
		}
	}
	return s != ""
}

func allHiragana(s string) bool {
	for _, r := range s {
		if !isHiragana(r) {
			return false
		}
	}
	return s != ""
}
