package importer

import (
	"regexp"
	"strconv"
	"strings"
	"unicode"
	"unicode/utf8"

	"golang.org/x/text/unicode/norm"
)

// Title is what ParseTitle reads from one article title.
type Title struct {
	// Series is the title without its part label and without bracketed
	// labels ("辞めたのに入館証を返さないKさんのクレーム対応").
	Series string
	// Brackets are the other bracketed texts at the start or end of the
	// title (【派遣会社営業担当のクレーム対応報告】), in order, without the
	// brackets. Whether one is the blog's running category is decided across
	// all titles (see Group).
	Brackets []string
	// Part is the part number, or 0 when the title has none.
	Part int
	// Label is the part label as written ("続編⑥", "その3", "(3)"), or "".
	Label string
	// Word is the label word: 前編, 中編, 後編, 続編, 完結編, 最終回 ... or "".
	Word string
	// Final is true for 完結編, 最終回/最終話 and an unnumbered 後編.
	Final bool
}

// numberPattern matches one part number: circled (①-㊿), ASCII or
// full-width digits, or kanji numerals up to 99.
const numberPattern = `[①-⑳㉑-㉟㊱-㊿]|[0-9０-９]{1,3}|[一二三四五六七八九十]{1,3}`

// labelWords are the words that name a part; the order matters for the
// alternation (longest first).
const labelWords = `完結編|最終回|最終話|前編|中編|後編|続編|その|第|[Pp]art\.?|PART|[Vv]ol\.?|No\.?|#`

var (
	// bracketLabelRE is a whole bracket's text that is a part label.
	bracketLabelRE = regexp.MustCompile(`^(` + labelWords + `)?\s*(` + numberPattern + `)?\s*(話|回|章)?$`)
	// trailingLabelRE is a part label at the end of a title.
	trailingLabelRE = regexp.MustCompile(`(?:^|[\s　・：:～〜\-－–—]*)(` + labelWords + `)?\s*(` + numberPattern + `)(話|回|章)?$`)
	// trailingWordRE is a label word without a number at the end.
	trailingWordRE = regexp.MustCompile(`[\s　・：:～〜\-－–—]*(完結編|最終回|最終話|前編|中編|後編)$`)
	// parenLabelRE is a label in parentheses at the end: (3), （その3）, （後編）.
	parenLabelRE = regexp.MustCompile(`\s*[（(]([^（()）]{1,12})[）)]$`)
)

// bracketPairs are the brackets whose text may be a label or a category.
var bracketPairs = [][2]string{{"【", "】"}, {"[", "]"}, {"［", "］"}, {"〔", "〕"}, {"《", "》"}}

// ParseTitle splits an article title into the series (case) title, its
// part label and its bracketed tags. It is pure and never panics; a title
// with no recognisable part has Part 0 and Word "".
func ParseTitle(s string) Title {
	var t Title
	s = cleanSpace(s)
	for changed := true; changed; {
		changed = false
		for _, p := range bracketPairs {
			if inner, rest, ok := cutBracket(s, p, true); ok {
				t.addBracket(inner)
				s, changed = rest, true
			}
			if inner, rest, ok := cutBracket(s, p, false); ok {
				t.addBracket(inner)
				s, changed = rest, true
			}
		}
	}
	if t.Part == 0 && t.Word == "" {
		if m := parenLabelRE.FindStringSubmatchIndex(s); m != nil && t.setLabel(s[m[2]:m[3]], true) {
			s = s[:m[0]]
		}
	}
	if t.Part == 0 && t.Word == "" {
		if m := trailingLabelRE.FindStringSubmatchIndex(s); m != nil && m[0] > 0 {
			word := ""
			if m[2] >= 0 {
				word = s[m[2]:m[3]]
			}
			num := s[m[4]:m[5]]
			// Plain digits at the end need a label word ("その3", not
			// "2019"); a circled number stands alone ("対応①").
			if word != "" || isCircled(num) {
				t.setLabel(strings.TrimFunc(s[m[0]:m[1]], isSeparator), false)
				s = s[:m[0]]
			}
		}
	}
	if t.Part == 0 && t.Word == "" {
		if m := trailingWordRE.FindStringSubmatchIndex(s); m != nil && m[0] > 0 {
			t.setLabel(s[m[2]:m[3]], false)
			s = s[:m[0]]
		}
	}
	t.Series = strings.TrimFunc(s, isSeparator)
	return t
}

// addBracket records one bracket's text as the label or as a tag.
func (t *Title) addBracket(inner string) {
	inner = strings.TrimSpace(inner)
	if inner == "" {
		return
	}
	if t.Part == 0 && t.Word == "" && t.setLabel(inner, true) {
		return
	}
	t.Brackets = append(t.Brackets, inner)
}

// setLabel sets the part from a label text if it is one. Plain digits
// without a label word count only inside brackets or parentheses.
func (t *Title) setLabel(text string, bracketed bool) bool {
	m := bracketLabelRE.FindStringSubmatch(strings.TrimSpace(text))
	if m == nil || (m[1] == "" && m[2] == "") {
		return false
	}
	word, num, counter := m[1], m[2], m[3]
	if word == "" && counter == "" && !isCircled(num) && !bracketed {
		return false
	}
	final := word == "完結編" || word == "最終回" || word == "最終話"
	if num == "" && !isPositionWord(word) && !final {
		return false
	}
	n := 0
	if num != "" {
		if n = parseNumber(num); n <= 0 {
			return false
		}
	}
	t.Part = n
	t.Word = strings.TrimRight(word, ".")
	t.Label = strings.TrimSpace(text)
	t.Final = final || (word == "後編" && n == 0)
	return true
}

func isPositionWord(w string) bool { return w == "前編" || w == "中編" || w == "後編" }

// cutBracket removes a bracket pair at the start (or end) of s.
func cutBracket(s string, p [2]string, start bool) (inner, rest string, ok bool) {
	if start {
		if !strings.HasPrefix(s, p[0]) {
			return "", s, false
		}
		i := strings.Index(s[len(p[0]):], p[1])
		if i < 0 {
			return "", s, false
		}
		inner = s[len(p[0]) : len(p[0])+i]
		return inner, strings.TrimFunc(s[len(p[0])+i+len(p[1]):], isSeparator), true
	}
	if !strings.HasSuffix(s, p[1]) {
		return "", s, false
	}
	body := s[:len(s)-len(p[1])]
	i := strings.LastIndex(body, p[0])
	if i < 0 {
		return "", s, false
	}
	return body[i+len(p[0]):], strings.TrimFunc(body[:i], isSeparator), true
}

// isSeparator reports whether r may stand between a title and its label.
func isSeparator(r rune) bool {
	return unicode.IsSpace(r) || strings.ContainsRune("・：:～〜-－–—|｜/／", r)
}

// cleanSpace turns every run of white space (NO-BREAK and ideographic
// spaces included) into one ASCII space and trims the ends.
func cleanSpace(s string) string {
	if !utf8.ValidString(s) {
		s = strings.ToValidUTF8(s, "\uFFFD")
	}
	return strings.Join(strings.FieldsFunc(s, unicode.IsSpace), " ")
}

func isCircled(s string) bool {
	r, _ := utf8.DecodeRuneInString(s)
	return circledValue(r) > 0
}

// circledValue returns the number of a circled digit (① = 1 ... ㊿ = 50),
// or 0.
func circledValue(r rune) int {
	switch {
	case r >= '①' && r <= '⑳':
		return int(r-'①') + 1
	case r >= '㉑' && r <= '㉟':
		return int(r-'㉑') + 21
	case r >= '㊱' && r <= '㊿':
		return int(r-'㊱') + 36
	}
	return 0
}

// parseNumber reads a circled, ASCII, full-width or kanji number; 0 if it
// is none of them.
func parseNumber(s string) int {
	if r, size := utf8.DecodeRuneInString(s); size == len(s) {
		if n := circledValue(r); n > 0 {
			return n
		}
	}
	if n, err := strconv.Atoi(norm.NFKC.String(s)); err == nil {
		return n
	}
	return kanjiNumber(s)
}

// kanjiNumber reads 一 ... 九十九.
func kanjiNumber(s string) int {
	const digits = "〇一二三四五六七八九"
	n, cur := 0, 0
	for _, r := range s {
		if r == '十' {
			if cur == 0 {
				cur = 1
			}
			n += cur * 10
			cur = 0
			continue
		}
		i := strings.IndexRune(digits, r)
		if i < 0 {
			return 0
		}
		cur = i / len("一")
	}
	return n + cur
}
