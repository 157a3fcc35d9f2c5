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
	// Series is the title without its part label, subtitle and bracketed
	// labels ("辞めたのに入館証を返さないKさんのクレーム対応").
	Series string
	// Subtitle is the text after a part label in the middle of the title
	// ("面談の日" of "入館証の件 第3話：面談の日"), or "".
	Subtitle string
	// Brackets are the other bracketed texts at the start or end of the
	// title (【派遣会社営業担当のクレーム対応報告】), in order, without the
	// brackets. Whether one is the blog's running category is decided across
	// all titles (see Group).
	Brackets []string
	// Part is the part number, or 0 when the title has none.
	Part int
	// Label is the part label as written ("続編⑥", "その3", "(3)"), or "".
	Label string
	// Word is the label word: 前編, 中編, 後編 (also for 前篇, 上, 上巻 ...),
	// 続編, 完結編, 最終回, 第, その, Part ..., or "". For an extra
	// (番外編, 総集編) it is the extra's word.
	Word string
	// Final is true for 完結編, 最終回/最終話, 【完】, （終） and an
	// unnumbered 後編.
	Final bool
	// Extra is true for a 番外編, 総集編, 特別編 or 外伝: a post of the
	// series that is not one of its numbered parts.
	Extra bool
	// Doubled is a second part label at the end of a title whose bracket
	// already gave one and disagrees with it (the ③ of 【続編②】鍵の件③),
	// or "". It is left out of Series; Part stays the bracket's. A
	// trailing label that agrees (【続編②】鍵の件②) is dropped silently.
	Doubled string
	// Leading is true when the label starts the title (第1話 入館証の件):
	// the text after it may be the series or the part's own title, so
	// only a text that other posts share makes a series (see Group).
	Leading bool
}

// numberPattern matches one part number: a circled or otherwise enclosed
// digit (①-㊿, ⑴, ⒈, ❶, ➀, ⓵), a Roman numeral glyph (Ⅲ), ASCII or
// full-width digits, kanji numerals up to 百 (daiji 壱弐参 included), or
// Latin Roman numerals (accepted after Part, Vol, Episode or Chapter only).
const numberPattern = `[①-⑳㉑-㉟㊱-㊿⑴-⒇⒈-⒛❶-❿➀-➉➊-➓⓫-⓴⓵-⓾Ⅰ-Ⅻⅰ-ⅻ]|[0-9０-９]{1,3}|[〇一二三四五六七八九十百壱弐参肆伍陸漆捌玖拾]{1,4}|[IVX]{1,5}`

// labelWords are the words that name a part; the order matters for the
// alternation (longest first).
const labelWords = `完結編|完結篇|最終回|最終話|最終章|前編|前篇|中編|中篇|後編|後篇|続編|続篇|上巻|中巻|下巻|上編|下編|番外編|番外篇|総集編|総集篇|特別編|特別篇|外伝|其の|その|第|[Pp]art\.?|PART|[Vv]ol\.?|VOL\.?|No\.?|[Ee]pisode\.?|EPISODE|[Ee][Pp]\.?|[Cc]hapter\.?|CHAPTER|#|＃`

// innerWords are the label words that may start a label before a
// subtitle or at the start of a title: not No. (業界No.1 is no part).
const innerWords = `完結編|最終回|最終話|前編|中編|後編|続編|其の|その|第|[Pp]art\.?|PART|[Vv]ol\.?|VOL\.?|[Ee]pisode\.?|EPISODE|[Ee][Pp]\.?|[Cc]hapter\.?|CHAPTER|#|＃`

// counters follow a number: 第3話, 第2回, 3回目.
const counters = `回目|話目|話|回|章|弾|幕|部|夜`

// separators may stand between a title and its label; subtitleSeps between
// a label and a subtitle after it.
const (
	separators   = `[\s　・：:～〜\-－–—―]`
	subtitleSeps = `[\s　：:～〜\-－–—―「『]`
)

var (
	// bracketLabelRE is a whole bracket's text that is a part label.
	bracketLabelRE = regexp.MustCompile(`^(` + labelWords + `)?\s*(` + numberPattern + `)?(?:\s*[/／]\s*[0-9０-９]{1,3})?\s*(` + counters + `)?$`)
	// trailingLabelRE is a part label at the end of a title.
	trailingLabelRE = regexp.MustCompile(`(?:^|` + separators + `*)(` + labelWords + `)?\s*(` + numberPattern + `)(` + counters + `|\s*[/／]\s*[0-9０-９]{1,3})?$`)
	// trailingWordRE is a label word without a number at the end.
	trailingWordRE = regexp.MustCompile(separators + `*(完結編|完結篇|最終回|最終話|最終章|前編|前篇|中編|中篇|後編|後篇|上巻|中巻|下巻|上編|下編|番外編|番外篇|総集編|総集篇|特別編|特別篇|外伝)$`)
	// spacedWordRE is 上, 中 or 下 alone after a separator at the end.
	spacedWordRE = regexp.MustCompile(separators + `+([上中下])$`)
	// enclosedLabelRE is a label between wave dashes or dashes at the end:
	// 〜最終回〜, -後編-, ―第3話―.
	enclosedLabelRE = regexp.MustCompile(`\s*[～〜\-－–—―]\s*([^～〜\-－–—―]{1,12}?)\s*[～〜\-－–—―]$`)
	// parenLabelRE is a label in parentheses at the end: (3), （その3）, （後編）.
	parenLabelRE = regexp.MustCompile(`\s*[（(]([^（()）]{1,12})[）)]$`)
	// finalMarkRE is a mark of the last part after its label: 【完】,
	// （終）, (完結), (おわり).
	finalMarkRE = regexp.MustCompile(`\s*[【（(\[［〔]\s*(完|終|完結|おわり|終わり|END|end|Fin|fin)\s*[】）)\]］〕]$`)
	// middleLabelRE is a part label with a subtitle after it:
	// 入館証の件 第3話：面談の日, 入館証の件 #3 - 面談の日, 入館証の件（3）― 面談.
	middleLabelRE = regexp.MustCompile(`^(.+?)` + separators + `*(?:((?:` + innerWords + `)\s*(?:` + numberPattern + `)(?:` + counters + `)?)|[（(]((?:` + numberPattern + `))[）)])` + subtitleSeps + `+(.+)$`)
	// leadingLabelRE is a part label that starts the title: 第1話 入館証の件.
	leadingLabelRE = regexp.MustCompile(`^((?:` + innerWords + `)\s*(?:` + numberPattern + `)(?:` + counters + `)?)` + separators + `+(.+)$`)
)

// bracketPairs are the brackets whose text may be a label or a category.
var bracketPairs = [][2]string{{"【", "】"}, {"[", "]"}, {"［", "］"}, {"〔", "〕"}, {"《", "》"}}

// ParseTitle splits an article title into the series (case) title, its
// part label, a subtitle after the label, and its bracketed tags. It is
// pure and never panics; a title with no recognisable part has Part 0 and
// Word "".
func ParseTitle(s string) Title {
	var t Title
	s = cleanSpace(s)
	final := ""
	if m := finalMarkRE.FindStringSubmatchIndex(s); m != nil && m[0] > 0 {
		final, s = strings.TrimSpace(s[m[0]:]), s[:m[0]]
	}
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
	if t.Part > 0 {
		s = t.secondLabel(s)
	}
	s = t.trailingLabel(s)
	if !t.found() {
		s = t.labelWithSubtitle(s)
	}
	t.Series = strings.TrimFunc(s, isSeparator)
	if final != "" {
		t.markFinal(final)
	}
	return t
}

// secondLabel drops a numbered label at the end of s, a title whose
// bracket gave the part already, recording it in Doubled when its number
// is another.
func (t *Title) secondLabel(s string) string {
	var tail Title
	rest := tail.trailingLabel(s)
	if tail.Part == 0 || rest == s || strings.TrimFunc(rest, isSeparator) == "" {
		return s
	}
	if tail.Part != t.Part {
		t.Doubled = tail.Label
	}
	return rest
}

// found reports whether a part label was read.
func (t *Title) found() bool { return t.Part > 0 || t.Word != "" }

// trailingLabel reads a label at the end of s (in parentheses, between
// dashes, or after the title) and returns s without it.
func (t *Title) trailingLabel(s string) string {
	for _, re := range []*regexp.Regexp{parenLabelRE, enclosedLabelRE} {
		if t.found() {
			return s
		}
		if m := re.FindStringSubmatchIndex(s); m != nil && m[0] > 0 && t.setLabel(s[m[2]:m[3]], true) {
			s = s[:m[0]]
		}
	}
	if t.found() {
		return s
	}
	if m := trailingLabelRE.FindStringSubmatchIndex(s); m != nil && m[0] > 0 && latinStart(s, m[2]) {
		word, num, after := "", s[m[4]:m[5]], ""
		if m[2] >= 0 {
			word = s[m[2]:m[3]]
		}
		if m[6] >= 0 {
			after = s[m[6]:m[7]]
		}
		// Plain digits at the end need a label word ("その3", not
		// "2019"), a counter of parts ("3話", "2回目", not "3回") or a
		// total ("3/5"); a circled number stands alone ("対応①").
		fraction := strings.ContainsAny(after, "/／")
		counted := after == "話" || after == "回目" || after == "話目"
		if (word != "" || isCircled(num) || fraction || counted) && t.setLabel(strings.TrimFunc(s[m[0]:m[1]], isSeparator), fraction) {
			return s[:m[0]]
		}
	}
	for _, re := range []*regexp.Regexp{trailingWordRE, spacedWordRE} {
		if m := re.FindStringSubmatchIndex(s); m != nil && m[0] > 0 && t.setLabel(s[m[2]:m[3]], true) {
			return s[:m[0]]
		}
	}
	return s
}

// labelWithSubtitle reads a label followed by a subtitle, in the middle of
// s or at its start, and returns the series title around it.
func (t *Title) labelWithSubtitle(s string) string {
	if m := middleLabelRE.FindStringSubmatchIndex(s); m != nil {
		ok := false
		if m[4] >= 0 {
			ok = latinStart(s, m[4]) && t.setLabel(s[m[4]:m[5]], false)
		} else {
			ok = t.setLabel(s[m[6]:m[7]], true)
		}
		if ok {
			t.Subtitle = subtitle(s[m[8]:m[9]])
			return s[m[2]:m[3]]
		}
	}
	if m := leadingLabelRE.FindStringSubmatchIndex(s); m != nil && t.setLabel(s[m[2]:m[3]], false) {
		t.Leading = true
		return s[m[4]:m[5]]
	}
	return s
}

// subtitle trims a subtitle and the quotation brackets around it:
// 「面談の日」 -> 面談の日.
func subtitle(s string) string {
	s = strings.TrimFunc(s, isSeparator)
	for _, q := range [][2]string{{"「", "」"}, {"『", "』"}} {
		// The opening bracket was taken for the separator.
		if strings.HasSuffix(s, q[1]) && !strings.Contains(s, q[0]) {
			s = strings.TrimSuffix(s, q[1])
		}
	}
	for _, q := range [][2]string{{"「", "」"}, {"『", "』"}} {
		if strings.HasPrefix(s, q[0]) && strings.HasSuffix(s, q[1]) && strings.Count(s, q[0]) == 1 {
			s = s[len(q[0]) : len(s)-len(q[1])]
		}
	}
	return strings.TrimSpace(s)
}

// latinStart reports whether the label starting at i does not begin in the
// middle of a Latin word ("Sleep 2" is no Episode, "Counterpart 2" no Part).
func latinStart(s string, i int) bool {
	if i <= 0 || i >= len(s) || !isASCIILetter(s[i]) {
		return true
	}
	return !isASCIILetter(s[i-1])
}

func isASCIILetter(b byte) bool { return b|0x20 >= 'a' && b|0x20 <= 'z' }

// markFinal records a final mark (【完】) read apart from the label.
func (t *Title) markFinal(mark string) {
	if t.Extra {
		return
	}
	t.Final = true
	if !t.found() {
		t.Word = "完結編"
		t.Label = mark
		return
	}
	t.Label = strings.TrimSpace(t.Label + " " + mark)
}

// addBracket records one bracket's text as the label or as a tag.
func (t *Title) addBracket(inner string) {
	inner = strings.TrimSpace(inner)
	if inner == "" {
		return
	}
	if !t.found() && t.setLabel(inner, true) {
		return
	}
	t.Brackets = append(t.Brackets, inner)
}

// positionWords maps the words of a position in a short series to 前編,
// 中編 and 後編.
var positionWords = map[string]string{
	"前編": "前編", "前篇": "前編", "上": "前編", "上巻": "前編", "上編": "前編",
	"中編": "中編", "中篇": "中編", "中": "中編", "中巻": "中編",
	"後編": "後編", "後篇": "後編", "下": "後編", "下巻": "後編", "下編": "後編",
}

// finalWords name the last part; extraWords a post beside the parts.
var (
	finalWords = map[string]bool{"完結編": true, "完結篇": true, "最終回": true, "最終話": true, "最終章": true}
	extraWords = map[string]bool{"番外編": true, "番外篇": true, "総集編": true, "総集篇": true, "特別編": true, "特別篇": true, "外伝": true}
)

// setLabel sets the part from a label text if it is one. Plain digits
// without a label word count only inside brackets or parentheses.
func (t *Title) setLabel(text string, bracketed bool) bool {
	text = strings.TrimSpace(text)
	word, num, counter := "", "", ""
	if w, ok := positionWords[text]; ok && (bracketed || len(text) > len("上")) {
		word = w
	} else {
		m := bracketLabelRE.FindStringSubmatch(text)
		if m == nil || (m[1] == "" && m[2] == "") {
			return false
		}
		word, num, counter = m[1], m[2], m[3]
	}
	if w, ok := positionWords[word]; ok {
		word = w
	}
	latin := word != "" && isASCIILetter(word[0])
	if isLatinRoman(num) && !latin {
		return false
	}
	if word == "" && counter == "" && !isCircled(num) && !bracketed {
		return false
	}
	final, extra := finalWords[word], extraWords[word]
	if num == "" && !isPositionWord(word) && !final && !extra {
		return false
	}
	n := 0
	if num != "" && !extra {
		if n = parseNumber(num); n <= 0 {
			return false
		}
	}
	t.Part = n
	t.Word = strings.TrimRight(word, ".")
	t.Label = text
	t.Final = final || (word == "後編" && n == 0)
	t.Extra = extra
	return true
}

func isPositionWord(w string) bool { return w == "前編" || w == "中編" || w == "後編" }

func isLatinRoman(s string) bool {
	return s != "" && strings.Trim(s, "IVX") == ""
}

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
	r, size := utf8.DecodeRuneInString(s)
	return size == len(s) && glyphValue(r) > 0
}

// glyphRanges are the runs of single characters that stand for 1, 2, 3 ...:
// circled digits, parenthesized and full-stop digits, dingbats, double
// circled digits and Roman numerals.
var glyphRanges = []struct {
	first, last rune
	from        int
}{
	{'①', '⑳', 1}, {'㉑', '㉟', 21}, {'㊱', '㊿', 36},
	{'⑴', '⒇', 1}, {'⒈', '⒛', 1}, {'❶', '❿', 1}, {'➀', '➉', 1}, {'➊', '➓', 1},
	{'⓫', '⓴', 11}, {'⓵', '⓾', 1}, {'Ⅰ', 'Ⅻ', 1}, {'ⅰ', 'ⅻ', 1},
}

// glyphValue returns the number a single character stands for (① = 1 ...
// ㊿ = 50, ⑴ = 1, Ⅳ = 4), or 0.
func glyphValue(r rune) int {
	for _, g := range glyphRanges {
		if r >= g.first && r <= g.last {
			return int(r-g.first) + g.from
		}
	}
	return 0
}

// parseNumber reads a glyph, ASCII, full-width, kanji or Latin Roman
// number; 0 if it is none of them.
func parseNumber(s string) int {
	if r, size := utf8.DecodeRuneInString(s); size == len(s) {
		if n := glyphValue(r); n > 0 {
			return n
		}
	}
	if n, err := strconv.Atoi(norm.NFKC.String(s)); err == nil {
		return n
	}
	if isLatinRoman(s) {
		return romanNumber(s)
	}
	return kanjiNumber(s)
}

// romanNumber reads I ... XXXIX; 0 for anything else.
func romanNumber(s string) int {
	value := map[byte]int{'I': 1, 'V': 5, 'X': 10}
	n := 0
	for i := 0; i < len(s); i++ {
		v := value[s[i]]
		if i+1 < len(s) && value[s[i+1]] > v {
			n -= v
		} else {
			n += v
		}
	}
	if n <= 0 || n >= 40 {
		return 0
	}
	return n
}

// kanjiDigits maps kanji and daiji digits to their values.
var kanjiDigits = map[rune]int{'〇': 0, '一': 1, '二': 2, '三': 3, '四': 4, '五': 5, '六': 6, '七': 7, '八': 8, '九': 9,
	'壱': 1, '弐': 2, '参': 3, '肆': 4, '伍': 5, '陸': 6, '漆': 7, '捌': 8, '玖': 9}

// kanjiNumber reads 一 ... 九百九十九 (十 and 拾 for ten, 百 for a
// hundred), or digits written one by one (二〇 = 20); 0 for anything else.
func kanjiNumber(s string) int {
	n, cur, positional := 0, 0, 0
	seenUnit, digits := false, 0
	for _, r := range s {
		switch r {
		case '十', '拾', '百':
			unit := 10
			if r == '百' {
				unit = 100
			}
			if cur == 0 {
				cur = 1
			}
			n += cur * unit
			cur, seenUnit = 0, true
			continue
		}
		d, ok := kanjiDigits[r]
		if !ok {
			return 0
		}
		cur = d
		positional = positional*10 + d
		digits++
	}
	if !seenUnit && digits > 1 {
		return positional
	}
	return n + cur
}
