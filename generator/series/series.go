// Package series assembles the parts of each serial: it groups members by
// series, orders them by part number, reports duplicates, gaps and misplaced
// final parts, and produces the labels readers know (前編①, 続編⑥, 完結編15).
//
// Package series is pure: no I/O, no other rensai package but the shared
// vocabularies (diag, i18n).
package series

import (
	"fmt"
	"sort"
	"strconv"
	"strings"

	"github.com/rensai-ssg/rensai/generator/diag"
)

// Member is one article that declares a series.
type Member struct {
	Series string // the series key (title or slug, as written)
	Part   int
	Final  bool
	Path   string // source path, for messages
	Line   int    // line of the part key, for messages
	Index  int    // caller's index of the article
}

// Series is one assembled serial.
type Series struct {
	Key   string
	Parts []Member // ordered by Part
}

// Complete reports whether the series has a final part.
func (s *Series) Complete() bool {
	return len(s.Parts) > 0 && s.Parts[len(s.Parts)-1].Final
}

// Problem is an error or warning found while grouping.
type Problem struct {
	Path string
	Line int
	Msg  string
	// Key and Args, when Key is set, are the message in the catalog of
	// package i18n; Msg is its English text (see diag.T).
	Key  string
	Args []any
}

// problemT is a Problem worded by the catalog's message key.
func problemT(path string, line int, key string, args ...any) Problem {
	e := diag.T(path, line, key, args...)
	return Problem{Path: path, Line: line, Msg: e.Msg, Key: key, Args: args}
}

// Warning returns the problem as a diag warning, worded as Diag.
func (p Problem) Warning() *diag.Error {
	e := p.Diag()
	e.Severity = diag.SevWarning
	return e
}

// Diag returns the problem as a diag.Error, which the author reads in
// their language when the problem has a Key.
func (p Problem) Diag() *diag.Error {
	if p.Key != "" {
		return diag.T(p.Path, p.Line, p.Key, p.Args...)
	}
	return diag.Errorf(p.Path, p.Line, "%s", p.Msg)
}

func (p Problem) Error() string {
	if p.Line > 0 {
		return fmt.Sprintf("%s:%d: %s", p.Path, p.Line, p.Msg)
	}
	return fmt.Sprintf("%s: %s", p.Path, p.Msg)
}

// Group assembles members into series, sorted by key. Errors are problems
// that must stop a build (duplicate part numbers, a final part that is not the
// last); warnings are gaps in the numbering.
func Group(members []Member) (all []*Series, errs, warnings []Problem) {
	byKey := map[string]*Series{}
	for _, m := range members {
		s := byKey[m.Series]
		if s == nil {
			s = &Series{Key: m.Series}
			byKey[m.Series] = s
			all = append(all, s)
		}
		s.Parts = append(s.Parts, m)
	}
	sort.Slice(all, func(i, j int) bool { return all[i].Key < all[j].Key })
	for _, s := range all {
		sort.Slice(s.Parts, func(i, j int) bool {
			a, b := s.Parts[i], s.Parts[j]
			if a.Part != b.Part {
				return a.Part < b.Part
			}
			return a.Path < b.Path
		})
		for i := 1; i < len(s.Parts); i++ {
			prev, cur := s.Parts[i-1], s.Parts[i]
			switch {
			case cur.Part == prev.Part:
				errs = append(errs, problemT(cur.Path, cur.Line, "series.twice", cur.Part, s.Key, prev.Path))
			case cur.Part == prev.Part+2:
				warnings = append(warnings, problemT(cur.Path, cur.Line, "series.gap", s.Key, prev.Part+1, prev.Part, cur.Part))
			case cur.Part > prev.Part+2:
				// One warning per gap, naming every missing part.
				warnings = append(warnings, problemT(cur.Path, cur.Line, "series.gaps", s.Key, prev.Part+1, cur.Part-1, prev.Part, cur.Part))
			}
		}
		if first := s.Parts[0]; first.Part > 1 {
			warnings = append(warnings, problemT(first.Path, first.Line, "series.lateStart", s.Key, first.Part))
		}
		for i, p := range s.Parts {
			if p.Final && i != len(s.Parts)-1 {
				last := s.Parts[len(s.Parts)-1]
				errs = append(errs, problemT(p.Path, p.Line, "series.finalNotLast", p.Part, s.Key, last.Part, last.Path))
			}
		}
	}
	return all, errs, warnings
}

// Style is a numeral style.
type Style string

// Numeral styles.
const (
	Circled Style = "circled" // ①-⑳, ㉑-㊿, then digits
	Digits  Style = "digits"
	Kanji   Style = "kanji" // 一, 十二, 百三
)

// Numeral writes n in the given style.
func Numeral(n int, style Style) string {
	switch style {
	case Kanji:
		return KanjiNumber(n)
	case Digits:
		return strconv.Itoa(n)
	}
	switch {
	case n >= 1 && n <= 20:
		return string(rune(0x2460 + n - 1))
	case n >= 21 && n <= 35:
		return string(rune(0x3251 + n - 21))
	case n >= 36 && n <= 50:
		return string(rune(0x32B1 + n - 36))
	}
	return strconv.Itoa(n)
}

// KanjiNumber writes n (0 < n < 10000) in kanji numerals: 6 -> 六,
// 10 -> 十, 21 -> 二十一, 105 -> 百五. Other values are written in digits.
func KanjiNumber(n int) string {
	if n <= 0 || n >= 10000 {
		return strconv.Itoa(n)
	}
	digits := []string{"", "一", "二", "三", "四", "五", "六", "七", "八", "九"}
	units := []struct {
		value int
		name  string
	}{{1000, "千"}, {100, "百"}, {10, "十"}}
	var b strings.Builder
	for _, u := range units {
		d := n / u.value
		n %= u.value
		if d == 0 {
			continue
		}
		if d > 1 {
			b.WriteString(digits[d])
		}
		b.WriteString(u.name)
	}
	b.WriteString(digits[n])
	return b.String()
}

// Labels renders part labels from templates in which {n} stands for the
// part's numeral.
type Labels struct {
	Style   Style
	Earlier string // 前編{n}
	Later   string // 続編{n}
	Final   string // 完結編{n}
	First   string // part 1's own label; Earlier when empty
	Pos     string // 第{n}話
}

// DefaultLabels are the author's conventions.
var DefaultLabels = Labels{Style: Circled, Earlier: "前編{n}", Later: "続編{n}", Final: "完結編{n}", Pos: "第{n}話"}

func (l Labels) fill(tmpl string, n int) string {
	return strings.ReplaceAll(tmpl, "{n}", Numeral(n, l.Style))
}

// Relative labels part p as seen from the part being read (current): earlier
// parts are Earlier, later parts Later, the final part Final.
func (l Labels) Relative(p Member, current int) string {
	switch {
	case p.Final:
		return l.fill(l.Final, p.Part)
	case p.Part == current:
		return l.Own(p)
	case p.Part < current:
		return l.fill(l.Earlier, p.Part)
	default:
		return l.fill(l.Later, p.Part)
	}
}

// Own is a part's label in its own title: 前編① for part 1, 続編⑥ for later
// parts, 完結編15 for the final part.
func (l Labels) Own(p Member) string {
	switch {
	case p.Final:
		return l.fill(l.Final, p.Part)
	case p.Part == 1:
		first := l.First
		if first == "" {
			first = l.Earlier
		}
		return l.fill(first, 1)
	default:
		return l.fill(l.Later, p.Part)
	}
}

// Position is the part's place as 第6話 (kanji style: 第六話; the circled
// style uses digits here, since 第⑥話 is not how anyone writes it).
func (l Labels) Position(n int) string {
	style := l.Style
	if style == Circled {
		style = Digits
	}
	return strings.ReplaceAll(l.Pos, "{n}", Numeral(n, style))
}
