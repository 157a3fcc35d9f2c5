package search

// Okurigana, the kana written after or between the kanji of a word, is
// not fixed: 問い合わせ, 問合わせ and 問合せ are one word, as are 受け付け,
// 受付け and 受付. okuriVariants lists the other spellings of a key by
// dropping kana between kanji and shortening kana after the last kanji;
// the indexer adds them to the vocabulary for the word's own term (never
// over a key the site uses), and the query side tries them for a piece of
// the query the vocabulary lacks; two spellings the site both uses meet
// only when the dictionary reads them alike (addVariants). A reading alone
// never makes words meet, so homophones (返事, 変事) stay apart.

// maxOkuriRuns bounds the kana runs between kanji that are varied.
const maxOkuriRuns = 3

// Ways to vary the kana after the last kanji (okuriVariants).
const (
	tailKeep  = iota // verbs and adjectives: it is their inflection
	tailShort        // the query: cut to its last character (問い合わせ → 問合せ), never dropped, as it may be a particle (入館証を)
	tailDrop         // nouns in the index: also dropped (受け付け → 受付)
)

// okuriVariants returns the spellings of s other than s, in a fixed order.
// A run of kana is varied only between two kanji, or after the last kanji
// as tail says. ケ between kanji counts as kana (霞ケ関 = 霞関).
func okuriVariants(s string, tail int) []string {
	rs := []rune(s)
	if len(rs) < 2 || len(rs) > maxKeyRunes || !isKanji(rs[0]) {
		return nil
	}
	type span struct{ start, end int }
	var inner []span
	last := -1
	for i, r := range rs {
		if isKanji(r) {
			last = i
		}
	}
	for i := 1; i < last; {
		if !okuriRune(rs[i]) || !isKanji(rs[i-1]) {
			i++
			continue
		}
		j := i
		for j < last && okuriRune(rs[j]) {
			j++
		}
		if j < len(rs) && isKanji(rs[j]) {
			inner = append(inner, span{i, j})
		}
		i = j
	}
	if len(inner) > maxOkuriRuns {
		return nil
	}
	end := rs[last+1:]
	kana := len(end) > 0
	for _, r := range end {
		if !isHiragana(r) {
			kana = false
		}
	}
	tails := [][]rune{end}
	if tail != tailKeep && kana {
		if len(end) >= 2 {
			tails = append(tails, end[len(end)-1:])
		}
		if tail == tailDrop {
			tails = append(tails, nil)
		}
	}
	var out []string
	seen := map[string]bool{s: true}
	for mask := 0; mask < 1<<len(inner); mask++ {
		var head []rune
		at := 0
		for k, sp := range inner {
			head = append(head, rs[at:sp.start]...)
			if mask&(1<<k) == 0 {
				head = append(head, rs[sp.start:sp.end]...)
			}
			at = sp.end
		}
		head = append(head, rs[at:last+1]...)
		for _, t := range tails {
			v := string(append(head[:len(head):len(head)], t...))
			if runeLen(v) >= 2 && !seen[v] {
				seen[v] = true
				out = append(out, v)
			}
		}
	}
	return out
}

func okuriRune(r rune) bool { return isHiragana(r) || r == 0x30B1 || r == 0x30F6 }
