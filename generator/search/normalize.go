package search

import (
	"strings"
	"unicode/utf8"

	"golang.org/x/text/unicode/norm"
)

// The functions in this file are mirrored line for line by
// themes/default/assets/js/search.js. Any change here must be made there too;
// TestNormalizeMatchesBrowser checks that both agree.

// maxQueryRunes bounds the work one query can cause.
const maxQueryRunes = 256

const choon = 'ー' // U+30FC KATAKANA-HIRAGANA PROLONGED SOUND MARK

// Normalize returns s in the form both the index and the query see:
// NFKC, control characters and every kind of white space folded to one
// ASCII space, dash look-alikes between katakana turned into ー, and one
// trailing ー dropped from katakana words of four or more characters.
// Case is kept (for display); Fold lower-cases keys.
func Normalize(s string) string {
	s = strings.ToValidUTF8(s, "\uFFFD")
	s = norm.NFKC.String(s)
	rs := []rune(s)
	out := make([]rune, 0, len(rs))
	for i, r := range rs {
		if isSpace(r) {
			if len(out) > 0 && out[len(out)-1] == ' ' {
				continue
			}
			out = append(out, ' ')
			continue
		}
		if isDash(r) && len(out) > 0 && isKatakanaOrChoon(out[len(out)-1]) && i+1 < len(rs) && isKatakana(rs[i+1]) {
			r = choon
		}
		out = append(out, r)
	}
	return string(dropTrailingChoon(out))
}

// normalizeMap is Normalize that also says where each character of the
// result comes from: at[i] is the byte offset in src (s made valid UTF-8)
// of the text that became rune i, and at[len] = len(src). A snippet cut
// between at[i] and at[j] is the author's own text (前編① stays 前編①,
// ｸﾚｰﾑ stays ｸﾚｰﾑ) for the normalised runes i to j.
func normalizeMap(s string) (text, src string, at []int32) {
	src = strings.ToValidUTF8(s, "\uFFFD")
	var it norm.Iter
	it.InitString(norm.NFKC, src)
	rs := make([]rune, 0, len(src)/2)
	from := make([]int32, 0, len(src)/2)
	for !it.Done() {
		p := it.Pos()
		for _, r := range string(it.Next()) {
			rs = append(rs, r)
			from = append(from, int32(p))
		}
	}
	out := make([]rune, 0, len(rs))
	at = make([]int32, 0, len(rs)+1)
	for i, r := range rs {
		if isSpace(r) {
			if len(out) > 0 && out[len(out)-1] == ' ' {
				continue
			}
			out, at = append(out, ' '), append(at, from[i])
			continue
		}
		if isDash(r) && len(out) > 0 && isKatakanaOrChoon(out[len(out)-1]) && i+1 < len(rs) && isKatakana(rs[i+1]) {
			r = choon
		}
		out, at = append(out, r), append(at, from[i])
	}
	// One trailing ー of a long katakana run goes, as in dropTrailingChoon;
	// its source stays with the rune before it.
	keep := out[:0]
	kat := at[:0]
	start := -1
	for i := 0; i <= len(out); i++ {
		if i < len(out) && isKatakanaOrChoon(out[i]) {
			if start < 0 {
				start = i
			}
			continue
		}
		if start >= 0 {
			end := i
			if end-start >= 4 && out[end-1] == choon {
				end--
			}
			keep, kat = append(keep, out[start:end]...), append(kat, at[start:end]...)
			start = -1
		}
		if i < len(out) {
			keep, kat = append(keep, out[i]), append(kat, at[i])
		}
	}
	return string(keep), src, append(kat, int32(len(src)))
}

// dropTrailingChoon drops one ー from the end of every katakana run of four
// or more characters.
func dropTrailingChoon(rs []rune) []rune {
	out := rs[:0:0]
	start := -1
	flush := func(end int) {
		run := rs[start:end]
		if len(run) >= 4 && run[len(run)-1] == choon {
			run = run[:len(run)-1]
		}
		out = append(out, run...)
	}
	for i, r := range rs {
		if isKatakanaOrChoon(r) {
			if start < 0 {
				start = i
			}
			continue
		}
		if start >= 0 {
			flush(i)
			start = -1
		}
		out = append(out, r)
	}
	if start >= 0 {
		flush(len(rs))
	}
	return out
}

// foldSpelling unifies spellings of one word that NFKC keeps apart: 々
// repeats the kanji before it (時々 = 時時), ヶ and ヵ are ケ and カ (霞ヶ関 =
// 霞ケ関), and ヴァ ヴィ ヴ ヴェ ヴォ are バ ビ ブ ベ ボ (ヴァイオリン = バイオリン).
func foldSpelling(rs []rune) []rune {
	out := rs[:0]
	for i := 0; i < len(rs); i++ {
		r := rs[i]
		switch {
		case r == 0x3005 && len(out) > 0 && isKanji(out[len(out)-1]) && out[len(out)-1] != 0x3005:
			r = out[len(out)-1]
		case r == 0x30F6:
			r = 0x30B1
		case r == 0x30F5:
			r = 0x30AB
		case r == 0x30F4:
			r = 0x30D6 // ブ
			if i+1 < len(rs) {
				switch rs[i+1] {
				case 0x30A1:
					r, i = 0x30D0, i+1
				case 0x30A3:
					r, i = 0x30D3, i+1
				case 0x30A7:
					r, i = 0x30D9, i+1
				case 0x30A9:
					r, i = 0x30DC, i+1
				}
			}
		}
		out = append(out, r)
	}
	return out
}

// Fold turns a normalised surface into a lookup key: Latin letters are
// lower-cased, and a word written only in kana is written in katakana with
// one trailing ー dropped when it has four or more characters, so that
// くれーむ, クレーム and クレーム- meet.
func Fold(s string) string {
	rs := foldSpelling([]rune(s))
	kana := len(rs) > 0
	for i, r := range rs {
		rs[i] = lowerLatin(r)
		if !isKana(r) {
			kana = false
		}
	}
	if !kana {
		return string(rs)
	}
	for i, r := range rs {
		switch {
		case r >= 0x3041 && r <= 0x3096, r == 0x309D, r == 0x309E:
			rs[i] = r + 0x60
		}
	}
	if len(rs) >= 4 && rs[len(rs)-1] == choon {
		rs = rs[:len(rs)-1]
	}
	return string(rs)
}

func lowerLatin(r rune) rune {
	switch {
	case r >= 'A' && r <= 'Z':
		return r + 32
	case r >= 0xC0 && r <= 0xDE && r != 0xD7:
		return r + 32
	}
	return r
}

func isSpace(r rune) bool {
	return r <= 0x20 || (r >= 0x7F && r <= 0x9F) || r == 0x2028 || r == 0x2029 || r == 0xFEFF || r == 0x200B
}

func isDash(r rune) bool {
	switch r {
	case '-', 0x2010, 0x2011, 0x2012, 0x2013, 0x2014, 0x2015, 0x2212, 0xFF70:
		return true
	}
	return false
}

func isKatakana(r rune) bool        { return r >= 0x30A1 && r <= 0x30FA }
func isKatakanaOrChoon(r rune) bool { return isKatakana(r) || r == choon || r == 0x30FD || r == 0x30FE }
func isHiragana(r rune) bool        { return (r >= 0x3041 && r <= 0x3096) || r == 0x309D || r == 0x309E }
func isKana(r rune) bool            { return isHiragana(r) || isKatakanaOrChoon(r) }

func isKanji(r rune) bool {
	return (r >= 0x4E00 && r <= 0x9FFF) || (r >= 0x3400 && r <= 0x4DBF) || (r >= 0xF900 && r <= 0xFAFF) ||
		(r >= 0x20000 && r <= 0x3FFFF) || r == 0x3005 || r == 0x3006
}

func isLatin(r rune) bool {
	return (r >= 'a' && r <= 'z') || (r >= 'A' && r <= 'Z') || (r >= 0xC0 && r <= 0x24F && r != 0xD7 && r != 0xF7)
}

func isDigit(r rune) bool { return r >= '0' && r <= '9' }

// isWordRune reports whether r can be part of an indexed word; runs of other
// characters (punctuation, symbols, emoji) are never indexed.
func isWordRune(r rune) bool { return isKanji(r) || isKana(r) || isLatin(r) || isDigit(r) }

func hasWordRune(s string) bool {
	for _, r := range s {
		if isWordRune(r) {
			return true
		}
	}
	return false
}

func allKanji(s string) bool {
	for _, r := range s {
		if !isKanji(r) {
			return false
		}
	}
	return s != ""
}

// runKind classifies the pieces Split cuts a normalised text into.
type runKind uint8

const (
	runSpace  runKind = iota // one ASCII space
	runNumber                // 2,000 or 3.5: kept whole
	runLatin                 // PC, Windows
	runOther                 // everything else: analysed morphologically
)

type run struct {
	kind runKind
	text string
}

// split cuts normalised text into runs. Numbers with separators stay whole:
// a comma or point is part of a number only between two digits.
func split(s string) []run {
	var runs []run
	rs := []rune(s)
	kindOf := func(r rune) runKind {
		switch {
		case r == ' ':
			return runSpace
		case isDigit(r):
			return runNumber
		case isLatin(r):
			return runLatin
		}
		return runOther
	}
	for i := 0; i < len(rs); {
		k := kindOf(rs[i])
		j := i + 1
		for j < len(rs) {
			if k == runNumber && (rs[j] == ',' || rs[j] == '.') && j+1 < len(rs) && isDigit(rs[j+1]) {
				j += 2
				continue
			}
			if kindOf(rs[j]) != k || k == runSpace {
				break
			}
			j++
		}
		runs = append(runs, run{k, string(rs[i:j])})
		i = j
	}
	return runs
}

// numberTerm is the index term of a number run: separators dropped, so that
// 2,000 and 2000 meet.
func numberTerm(s string) string { return strings.ReplaceAll(s, ",", "") }

func runeLen(s string) int { return utf8.RuneCountInString(s) }
