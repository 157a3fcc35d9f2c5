package search

// Okurigana, the kana written after or between the kanji of a word, is
// not fixed: 問い合わせ, 問合わせ and 問合せ are one word, as are 受け付け,
// 受付け and 受付. okuriVariants lists the other spellings of a key by
// dropping kana between kanji and shortening kana after the last kanji;
// the indexer adds them to the vocabulary for the word's own term (never
// over a key the site uses), and the query side tries them for a piece of
// the query the vocabulary lacks. Readings are not used, so homophones
// (返事, 変事) never meet.

// maxOkuriRuns bounds the kana runs between kanji that are varied.
const maxOkuriRuns = 3

// okuriVariants returns the spellings of s other than s, in a fixed order.
// A run of kana is varied only between two kanji, or (when trailing is
// set, for nouns) after the last kanji: kept, cut to its last character,
// or dropped. ケ between kanji counts as kana (霞ケ関 = 霞関).
func okuriVariants(s string, trailing bool) []string {
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
	tail := rs[last+1:]
	tailAll := len(tail) > 0
	for _, r := range tail {
		if !isHiragana(r) {
			tailAll = false
		}
	}
	tails := [][]rune{tail}
	if trailing && tailAll {
		if len(tail) >= 2 {
			tails = append(tails, tail[len(tail)-1:])
		}
		tails = append(tails, nil)
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
