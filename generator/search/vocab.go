package search

import (
	"maps"
	"math"
	"slices"
	"strconv"
	"strings"
)

// vocabLine is one vocabulary entry: key, cost, flag ("s" stop, "" one
// morpheme, "2".."6" parts of a compound), then each term ("" = the key
// itself) and its posting shard.
func (b *builder) vocabLines(shardOf map[string]int) map[string]string {
	if b.counting {
		// The keys this adds and the terms it gives other keys are the
		// vocabulary's, not the index's: a kept index (see delta.go)
		// stays as merged.
		kept := b.keys
		b.keys = maps.Clone(kept)
		defer func() { b.keys = kept }()
	}
	// Forms of verbs and adjectives the corpus never shows.
	termNames := slices.Sorted(maps.Keys(b.terms))
	for _, term := range termNames {
		t := b.terms[term]
		if t.infl == "" {
			continue
		}
		for _, form := range conjugate(t.base, t.infl) {
			k := Fold(form)
			if runeLen(k) < 2 {
				continue
			}
			if _, seen := b.keys[k]; seen {
				continue
			}
			s := b.key(k)
			s.addTerm(term)
			s.single = true
		}
	}
	b.addVariants()
	b.addReadings(termNames)
	lines := map[string]string{}
	for _, k := range slices.Sorted(maps.Keys(b.keys)) {
		s := b.keys[k]
		if runeLen(k) > maxKeyRunes {
			continue
		}
		cost := int(math.Round(10*math.Log2(float64(b.total+1)/(float64(s.count)+0.5)))) + 10
		var sb strings.Builder
		sb.WriteString(k + "\t" + strconv.Itoa(cost) + "\t")
		if s.stop*2 > s.count {
			sb.WriteString("s")
		} else {
			if !s.single && s.span > 1 {
				sb.WriteString(strconv.Itoa(s.span))
			}
			terms := s.terms
			if !slices.IsSorted(terms) {
				terms = slices.Sorted(slices.Values(terms)) // s.termN follows s.terms
			}
			for _, term := range terms {
				sh := shardOf[term]
				if term == k {
					term = ""
				}
				sb.WriteString("\t" + term + "\t")
				sb.Write(appendBase36(nil, sh))
			}
		}
		lines[k] = sb.String()
	}
	return lines
}

// addVariants adds the okurigana variants of every content key (see
// okuriVariants) that the site does not use itself, for the key's terms;
// variants of a verb or adjective keep the kana after the last kanji.
func (b *builder) addVariants() {
	type add struct {
		key   string
		terms []string
	}
	// each calls f with every content key, its variants and their class.
	each := func(f func(k string, s *keyStat, v string)) {
		for _, k := range slices.Sorted(maps.Keys(b.keys)) {
			s := b.keys[k]
			if s.stop*2 > s.count || len(s.terms) == 0 {
				continue
			}
			tail := tailDrop
			for _, t := range s.terms {
				if ti := b.terms[t]; ti != nil && ti.infl != "" {
					tail = tailKeep
				}
			}
			for _, v := range okuriVariants(k, tail) {
				f(k, s, v)
			}
		}
	}
	// First, spellings the site uses both (問い合わせ and 問合せ) meet when
	// the dictionary reads them alike, so 生き物 and 生物 stay apart.
	var merges []add
	each(func(k string, s *keyStat, v string) {
		vs, used := b.keys[v]
		if !used {
			return
		}
		for _, t := range s.terms {
			for _, u := range vs.terms {
				if t != u && b.sameReading(t, u) {
					merges = append(merges, add{k, []string{u}}, add{v, []string{t}})
				}
			}
		}
	})
	for _, a := range merges {
		// A copy, as the key's own stat may be a kept index's.
		s := *b.keys[a.key]
		s.terms, s.termN = slices.Clone(s.terms), nil
		for _, t := range a.terms {
			s.addTerm(t)
		}
		b.keys[a.key] = &s
	}
	// Then spellings the site does not use stand for the word's terms.
	var adds []add
	each(func(k string, s *keyStat, v string) {
		if _, used := b.keys[v]; !used {
			adds = append(adds, add{v, slices.Clone(s.terms)})
		}
	})
	for _, a := range adds {
		s := b.key(a.key)
		s.single = true
		for _, t := range a.terms {
			s.addTerm(t)
		}
	}
}

// maxReadingTerms is the most words one reading stands for in the
// vocabulary: the commonest, so that a short reading (しょう: 証, 章, 賞,
// 性 ...) does not make a query fetch the postings of dozens of words.
const maxReadingTerms = 8

// addReadings lets a query typed in kana find the words the site writes in
// kanji (ほうこく 報告, にゅうかんしょう 入館 + 証, へんじ 返事 and 変事, かえさない
// 返さない): the dictionary reading of every word that holds a kanji, and of
// every form of a verb or adjective, becomes a key for the word. A reading the site also writes in kana (すごい
// beside 凄い) adds the word to that key when it has three kana or more, so
// that both spellings are found; a shorter one, and a particle or ending
// (ない, こと), keeps its own meaning. A key the site never writes, a form
// the conjugation table added, takes the reading at any length.
func (b *builder) addReadings(termNames []string) {
	byKey := map[string][]string{}
	for _, term := range termNames {
		t := b.terms[term]
		if t.reading == "" || t.df == 0 || strings.IndexFunc(term, isKanji) < 0 {
			continue
		}
		forms := []string{t.reading}
		if t.infl != "" {
			// Every form of a verb or adjective, in kana (かえさ, かえし,
			// かえす ... for 返す), and the volitional whole (かえそう).
			forms = conjugate(hiragana(t.reading), t.infl)
			forms = append(forms, volitional(hiragana(t.reading), t.infl)...)
		}
		for _, f := range forms {
			k := Fold(Normalize(f))
			if runeLen(k) < 2 || runeLen(k) > maxKeyRunes || strings.IndexFunc(k, func(r rune) bool { return !isKana(r) }) >= 0 {
				continue
			}
			if ts := byKey[k]; len(ts) == 0 || ts[len(ts)-1] != term {
				byKey[k] = append(byKey[k], term)
			}
		}
	}
	for _, k := range slices.Sorted(maps.Keys(byKey)) {
		terms := byKey[k]
		if len(terms) > maxReadingTerms {
			slices.SortStableFunc(terms, func(x, y string) int { return int(b.terms[y].df - b.terms[x].df) })
			terms = terms[:maxReadingTerms]
		}
		s, used := b.keys[k]
		if !used {
			// As common as its words are, at half their count (a cost of
			// 10 more): ハケン+サキ, two common words, is cheaper than
			// は+ケンサ+キ, but the site's own spelling of a word wins.
			count := 0
			for _, t := range terms {
				n := int(b.terms[t].df) // a verb's base form may never occur
				if ts := b.keys[t]; ts != nil {
					n = max(n, ts.count)
				}
				count += n
			}
			s = b.key(k)
			s.single, s.count = true, count/2
		} else {
			// A key the site never writes (a form of a verb in kana that
			// the conjugation table added: いれ of いる) takes any reading
			// (いれ of 入れる); a key the site writes, three kana or more.
			if s.stop*2 > s.count || len(s.terms) == 0 || (runeLen(k) < 3 && s.count > 0) {
				continue
			}
			// A copy, as the key's own stat may be a kept index's.
			c := *s
			c.terms, c.termN = slices.Clone(s.terms), nil
			s = &c
			b.keys[k] = s
		}
		for _, t := range terms {
			s.addTerm(t)
		}
	}
}

// sameReading reports whether two terms are words the dictionary reads
// alike.
func (b *builder) sameReading(t, u string) bool {
	a, c := b.terms[t], b.terms[u]
	return a != nil && c != nil && a.reading != "" && a.reading == c.reading
}

// unknownCost is the cost of one query character the vocabulary does not
// cover: dearer than any known key, so known words always win.
func (b *builder) unknownCost() int {
	return int(math.Round(10*math.Log2(float64(2*b.total+2)))) + 30
}

// hiragana spells the katakana of s in hiragana (conjugate's endings are
// hiragana).
func hiragana(s string) string {
	rs := []rune(s)
	for i, r := range rs {
		if r >= 0x30A1 && r <= 0x30F6 {
			rs[i] = r - 0x60
		}
	}
	return string(rs)
}
