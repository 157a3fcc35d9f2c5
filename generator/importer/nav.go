package importer

import (
	"regexp"
	"strings"
)

// navEntryRE is one entry of a hand-written navigation block: an optional
// arrow or 前の記事/次の記事 (with a colon), a label word, a part number
// and an optional arrow after it (←前編②, →続編11, 完結編15, 前編④ », 続編⑦→,
// 次の記事：続編⑦).
var navEntryRE = regexp.MustCompile(`((?:` + navArrows + `|前の記事|次の記事|前回|次回)?)\s*[:：]?\s*(前編|中編|後編|続編|完結編|最終回|第|その)\s*(` + numberPattern + `)?(話|回)?(?:\s*(` + navArrows + `))?`)

// navArrows are the arrows an entry may carry before or after its label.
const navArrows = `[←→⇐⇒＜＞<>«»◀▶◁▷]`

// earlierMarks point back: an entry with one is an earlier part.
const earlierMarks = "←⇐＜<«◀◁"

// navTailRE is the sentence a navigation entry may stand in: 続編②続編③はこちら.
var navTailRE = regexp.MustCompile(`(は|も)?(こちら(から|です|へ)?|ご覧ください|どうぞ|を読む|を見る|へ続く|に続く|につづく|へつづく|を読んでね)[。!！]?`)

// parseNavLine reports whether line is only navigation entries (with
// spaces, NO-BREAK SPACEs, separators and an optional "はこちら" between
// or after them) and adds the numbered entries to nav. A line with a
// label but no number ("←前編") counts as navigation only next to arrows.
func parseNavLine(line string, nav *Nav) bool {
	line = strings.TrimSpace(line)
	if line == "" || !hasNavWord(line) {
		return false
	}
	matches := navEntryRE.FindAllStringSubmatchIndex(line, -1)
	if len(matches) == 0 {
		return false
	}
	var rest strings.Builder
	last := 0
	var earlier, later []int
	final := 0
	numbered, arrows := 0, 0
	arrowsOf := entryArrows(line, matches)
	for i, m := range matches {
		rest.WriteString(line[last:m[0]])
		last = m[1]
		arrow := arrowsOf[i]
		word := line[m[4]:m[5]]
		num := ""
		if m[6] >= 0 {
			num = line[m[6]:m[7]]
		}
		if arrow != "" {
			arrows++
		}
		if (word == "第" || word == "その") && (num == "" || arrow == "") {
			return false
		}
		if num == "" {
			continue
		}
		n := parseNumber(num)
		if n <= 0 {
			return false
		}
		numbered++
		// An arrow says the direction; without one, 前編 is earlier.
		back := strings.ContainsAny(arrow, earlierMarks) || arrow == "前の記事" || arrow == "前回"
		if back || arrow == "" && word == "前編" {
			earlier = append(earlier, n)
		} else {
			later = append(later, n)
		}
		if word == "完結編" || word == "最終回" {
			final = n
		}
	}
	rest.WriteString(line[last:])
	left := navTailRE.ReplaceAllString(strings.TrimSpace(rest.String()), "")
	left = strings.TrimFunc(left, func(r rune) bool { return isSeparator(r) || strings.ContainsRune("、,|｜/／", r) })
	if left != "" {
		return false
	}
	if numbered == 0 && arrows == 0 {
		return false
	}
	nav.Earlier = append(nav.Earlier, earlier...)
	nav.Later = append(nav.Later, later...)
	if final > 0 {
		nav.Final = final
	}
	return true
}

// entryArrows are the arrows of a line's entries. In a line whose first
// entry has its arrow in front (←前編① ←前編②), an arrow the regexp took as
// the one after an entry belongs to the next; an entry with no arrow on
// either side of it in front keeps the one after it (« 前編① | 前編④ »).
func entryArrows(line string, matches [][]int) []string {
	leading := matches[0][3] > matches[0][2]
	trail := func(m []int) string {
		if m[10] < 0 {
			return ""
		}
		return line[m[10]:m[11]]
	}
	out := make([]string, len(matches))
	owned := false // the previous entry's arrow after it was its own
	for i, m := range matches {
		out[i] = line[m[2]:m[3]]
		switch {
		case out[i] != "":
			owned = false
		case leading && i > 0 && !owned && trail(matches[i-1]) != "":
			out[i] = trail(matches[i-1])
		default: // an entry written with its arrow after it (前編④ »)
			out[i], owned = trail(m), true
		}
	}
	return out
}

// hasNavWord is a fast check that line holds a label word at all.
func hasNavWord(line string) bool {
	for _, w := range []string{"前編", "中編", "後編", "続編", "完結編", "最終回", "第", "その"} {
		if strings.Contains(line, w) {
			return true
		}
	}
	return false
}
