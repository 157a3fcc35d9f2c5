package importer

import (
	"regexp"
	"strings"
)

// navEntryRE is one entry of a hand-written navigation block: an optional
// arrow, a label word and a part number (←前編②, →続編11, 完結編15).
var navEntryRE = regexp.MustCompile(`([←→⇐⇒＜＞<>«»◀▶◁▷]?)\s*(前編|中編|後編|続編|完結編|最終回|第|その)\s*(` + numberPattern + `)?(話|回)?`)

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
	for _, m := range matches {
		rest.WriteString(line[last:m[0]])
		last = m[1]
		arrow := line[m[2]:m[3]]
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
		switch {
		case word == "前編" || strings.ContainsAny(arrow, "←⇐＜<«◀◁"):
			earlier = append(earlier, n)
		default:
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

// hasNavWord is a fast check that line holds a label word at all.
func hasNavWord(line string) bool {
	for _, w := range []string{"前編", "中編", "後編", "続編", "完結編", "最終回", "第", "その"} {
		if strings.Contains(line, w) {
			return true
		}
	}
	return false
}
