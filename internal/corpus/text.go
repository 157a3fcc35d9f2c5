package corpus

import (
	"fmt"
	"math/rand/v2"
	"strings"
	"unicode/utf8"
)

// Body length bounds, in characters (runes) of the Markdown after the front
// matter.
const (
	MinBodyChars = 3000
	MaxBodyChars = 8000

	// minTarget and maxTarget bound the length the body loop aims for;
	// the body may end a little past its target.
	minTarget = 3200
	// maxTarget is the largest length the body loop aims for; the headroom
	// up to MaxBodyChars is left for the closing paragraph and footnote.
	maxTarget = 7600
	// loopCap is the length a subsection may not push the body past.
	loopCap = 7780
)

// slot identifies one placeholder of a template.
type slot uint8

const (
	slotNone slot = iota
	slotStaff
	slotStaff2
	slotClient
	slotBoss
	slotBoss2
	slotDept
	slotItem
	slotKata
	slotNum
	slotSpan
	slotMoney
	slotTime
	slotDay
	slotPlace
	slotNoun
	slotProblem
	slotVNai
	slotVTe
	slotVTa
	slotVMasen
	slotVMashita
	slotVBa
	slotAdjI
	slotAdjKu
	slotAdjKatta
	slotFence
)

var slotNames = map[string]slot{
	"staff": slotStaff, "staff2": slotStaff2, "client": slotClient, "boss": slotBoss,
	"boss2": slotBoss2, "dept": slotDept, "item": slotItem, "kata": slotKata, "num": slotNum, "span": slotSpan, "money": slotMoney,
	"time": slotTime, "day": slotDay, "place": slotPlace, "noun": slotNoun, "problem": slotProblem,
	"vnai": slotVNai, "vte": slotVTe, "vta": slotVTa, "vmasen": slotVMasen,
	"vmashita": slotVMashita, "vba": slotVBa, "adji": slotAdjI, "adjku": slotAdjKu,
	"adjkatta": slotAdjKatta, "{fence}": slotFence,
}

// piece is a literal followed by an optional slot.
type piece struct {
	lit  string
	slot slot
}

// tmpl is a compiled template.
type tmpl []piece

// compile turns "a{staff}b" into pieces. "{{fence}}" stands for a Markdown
// code fence (Go raw strings cannot hold backquotes).
func compile(s string) (tmpl, error) {
	var t tmpl
	for {
		i := strings.IndexByte(s, '{')
		if i < 0 {
			if s != "" {
				t = append(t, piece{lit: s})
			}
			return t, nil
		}
		end := strings.IndexByte(s[i+1:], '}')
		if end < 0 {
			return nil, fmt.Errorf("unclosed slot in %q", s)
		}
		name := s[i+1 : i+1+end]
		rest := s[i+1+end+1:]
		if name == "{fence" && strings.HasPrefix(rest, "}") {
			name = "{fence}"
			rest = rest[1:]
		}
		sl, ok := slotNames[name]
		if !ok {
			return nil, fmt.Errorf("unknown slot {%s} in %q", name, s)
		}
		t = append(t, piece{lit: s[:i], slot: sl})
		s = rest
	}
}

func mustCompileAll(list []string) []tmpl {
	out := make([]tmpl, len(list))
	for i, s := range list {
		t, err := compile(s)
		if err != nil {
			// The templates are constants of this package; a bad one is a
			// programming error caught by the package's tests.
			panic(err)
		}
		out[i] = t
	}
	return out
}

// Compiled templates.
var (
	tSeriesTitles   = mustCompileAll(seriesTitles)
	tSubtitles      = mustCompileAll(subtitles)
	tIntros         = mustCompileAll(intros)
	tOpenings       = mustCompileAll(openings(intros))
	tGrievances     = mustCompileAll(grievances)
	tPoints         = mustCompileAll(points)
	tChecks         = mustCompileAll(checks)
	tSubheads       = mustCompileAll(subheads)
	tNarratives     = mustCompileAll(narratives)
	tDialogues      = mustCompileAll(dialogues)
	tClosingsNext   = mustCompileAll(closingsNext)
	tClosingsFinal  = mustCompileAll(closingsFinal)
	tClosingsSingle = mustCompileAll(closingsSingle)
	tSummaries      = mustCompileAll(summaries)
	tCode           = mustCompileAll([]string{strings.TrimSuffix(codeYAML, "\n"), strings.TrimSuffix(codeText, "\n")})
	tFootnotes      = mustCompileAll(footnotes)
)

// openings returns the intros that do not refer to an earlier part
// (前回), for first parts and standalone articles.
func openings(list []string) []string {
	var out []string
	for _, s := range list {
		if !strings.Contains(s, "前回") && !strings.Contains(s, "続き") {
			out = append(out, s)
		}
	}
	return out
}

// cast holds the fixed people and things of one series (or standalone
// article): every template of its articles refers to the same ones.
type cast struct {
	staff, staff2 string
	client        string
	boss, boss2   string
	dept          string
	item          string
	problem       string
}

// newCast draws a cast.
func newCast(r *rand.Rand) cast {
	letters := r.Perm(26)
	c := cast{
		staff:   string(rune('A'+letters[0])) + "さん",
		staff2:  string(rune('A'+letters[1])) + "さん",
		boss:    string(rune('A'+letters[2])) + pick(r, roles),
		boss2:   string(rune('A'+letters[3])) + pick(r, roles),
		dept:    pick(r, depts),
		item:    pick(r, items),
		problem: pick(r, problems),
	}
	head, tail := pick(r, companyHeads), pick(r, companyTails)
	if r.IntN(3) == 0 {
		c.client = head + tail + "株式会社"
	} else {
		c.client = "株式会社" + head + tail
	}
	return c
}

func pick[T any](r *rand.Rand, list []T) T { return list[r.IntN(len(list))] }

// writer expands templates for one article into buf.
type writer struct {
	r   *rand.Rand
	c   *cast
	buf []byte
}

// deck deals templates without repeats until every one has been dealt,
// then reshuffles, so an article does not say the same thing twice in a row.
type deck struct {
	list  []tmpl
	order []int
}

func (w *writer) draw(d *deck) tmpl {
	if len(d.order) == 0 {
		d.order = w.r.Perm(len(d.list))
	}
	t := d.list[d.order[0]]
	d.order = d.order[1:]
	return t
}

func (w *writer) expand(t tmpl) {
	for _, p := range t {
		w.buf = append(w.buf, p.lit...)
		switch p.slot {
		case slotNone:
		case slotStaff:
			w.buf = append(w.buf, w.c.staff...)
		case slotStaff2:
			w.buf = append(w.buf, w.c.staff2...)
		case slotClient:
			w.buf = append(w.buf, w.c.client...)
		case slotBoss:
			w.buf = append(w.buf, w.c.boss...)
		case slotBoss2:
			w.buf = append(w.buf, w.c.boss2...)
		case slotDept:
			w.buf = append(w.buf, w.c.dept...)
		case slotItem:
			// Mostly the case's own item, sometimes another one.
			if w.r.IntN(4) == 0 {
				w.buf = append(w.buf, pick(w.r, items)...)
			} else {
				w.buf = append(w.buf, w.c.item...)
			}
		case slotProblem:
			w.buf = append(w.buf, w.c.problem...)
		case slotKata:
			w.buf = append(w.buf, pick(w.r, katakana)...)
		case slotNum:
			w.buf = append(w.buf, pick(w.r, nums)...)
		case slotSpan:
			w.buf = append(w.buf, pick(w.r, spans)...)
		case slotMoney:
			w.buf = append(w.buf, pick(w.r, money)...)
		case slotTime:
			w.buf = append(w.buf, pick(w.r, times)...)
		case slotDay:
			w.buf = append(w.buf, pick(w.r, days)...)
		case slotPlace:
			w.buf = append(w.buf, pick(w.r, places)...)
		case slotNoun:
			w.buf = append(w.buf, pick(w.r, nouns)...)
		case slotVNai:
			w.buf = append(w.buf, pick(w.r, verbs).nai...)
		case slotVTe:
			w.buf = append(w.buf, pick(w.r, verbs).te...)
		case slotVTa:
			w.buf = append(w.buf, pick(w.r, verbs).ta...)
		case slotVMasen:
			w.buf = append(w.buf, pick(w.r, verbs).masen...)
		case slotVMashita:
			w.buf = append(w.buf, pick(w.r, verbs).mashita...)
		case slotVBa:
			w.buf = append(w.buf, pick(w.r, verbs).ba...)
		case slotAdjI:
			w.buf = append(w.buf, pick(w.r, adjs).i...)
		case slotAdjKu:
			w.buf = append(w.buf, pick(w.r, adjs).ku...)
		case slotAdjKatta:
			w.buf = append(w.buf, pick(w.r, adjs).katta...)
		case slotFence:
			w.buf = append(w.buf, "```"...)
		}
	}
}

// str expands t into a new string (for front matter values).
func (w *writer) str(t tmpl) string {
	n := len(w.buf)
	w.expand(t)
	s := string(w.buf[n:])
	w.buf = w.buf[:n]
	return s
}

func (w *writer) para(t tmpl) {
	w.expand(t)
	w.buf = append(w.buf, "\n\n"...)
}

// bullets writes k list items dealt from d.
func (w *writer) bullets(d *deck, k int) {
	for ; k > 0; k-- {
		w.buf = append(w.buf, "- "...)
		w.expand(w.draw(d))
		w.buf = append(w.buf, '\n')
	}
	w.buf = append(w.buf, '\n')
}

// ending says how an article closes.
type ending int

const (
	endNext   ending = iota // a part with more to come
	endFinal                // the last part of a complete series
	endSingle               // a standalone article
)

// body writes the Markdown body of one article, aiming at target characters
// (minTarget <= target <= maxTarget). A first part or standalone article
// (first) does not open by referring to an earlier part.
func (w *writer) body(target int, first bool, end ending) {
	start := len(w.buf)
	intro := &deck{list: tIntros}
	if first {
		intro.list = tOpenings
	}
	griev := &deck{list: tGrievances}
	check := &deck{list: tChecks}

	for i := 1 + w.r.IntN(2); i > 0; i-- {
		w.para(w.draw(intro))
	}

	w.buf = append(w.buf, "## クレーム経緯\n\n"...)
	w.bullets(griev, 4+w.r.IntN(4))

	w.buf = append(w.buf, "## 対応のポイント\n\n"...)
	footnote := w.r.IntN(12) == 0
	for i, k := range w.r.Perm(len(tPoints))[:1+w.r.IntN(2)] {
		w.expand(tPoints[k])
		if i == 0 && footnote {
			w.buf = append(w.buf, "[^1]"...)
		}
		w.buf = append(w.buf, "\n\n"...)
	}
	w.buf = append(w.buf, "この時点で確かめておきたいことを整理しました。\n\n"...)
	w.bullets(check, 3+w.r.IntN(3))

	w.course(start, target, griev)

	switch end {
	case endNext:
		w.para(pick(w.r, tClosingsNext))
	case endFinal:
		w.para(pick(w.r, tClosingsFinal))
	case endSingle:
		w.para(pick(w.r, tClosingsSingle))
	}
	if footnote {
		w.buf = append(w.buf, "[^1]: "...)
		w.para(pick(w.r, tFootnotes))
	}
	// One trailing newline, not two.
	w.buf = w.buf[:len(w.buf)-1]
}

// course writes the 対応経緯 section: subsections of dialogue and narrative
// until the body, which began at w.buf[start], has target characters (a
// subsection that passes loopCap is taken back), with at most one code
// block or table.
func (w *writer) course(start, target int, griev *deck) {
	// runes counts the body's characters so far, incrementally.
	counted, count := start, 0
	runes := func() int {
		count += utf8.RuneCount(w.buf[counted:])
		counted = len(w.buf)
		return count
	}
	narr := &deck{list: tNarratives}
	dial := &deck{list: tDialogues}

	w.buf = append(w.buf, "## 対応経緯\n\n"...)
	extra := w.r.IntN(10) // 0: code block, 1: table, else nothing
	extraDone := false
	order := w.r.Perm(len(tSubheads))
	for n := 0; runes() < target; n++ {
		mark := len(w.buf)
		w.buf = append(w.buf, "### "...)
		w.expand(tSubheads[order[n%len(order)]])
		w.buf = append(w.buf, "\n\n"...)
		if w.r.IntN(4) == 0 {
			w.buf = append(w.buf, "確認できたことを書き出しておきます。\n\n"...)
			w.bullets(griev, 3+w.r.IntN(3))
		}
		for i := 4 + w.r.IntN(6); i > 0; i-- {
			if w.r.IntN(5) < 2 {
				w.para(w.draw(dial))
			} else {
				w.para(w.draw(narr))
			}
		}
		if !extraDone && extra < 2 {
			extraDone = true
			if extra == 0 {
				w.buf = append(w.buf, "社内の共有フォルダには、次の形で残しています。\n\n"...)
				w.para(pick(w.r, tCode))
			} else {
				w.buf = append(w.buf, "記録を突き合わせると、次のようになりました。\n\n"...)
				w.table()
			}
		}
		if runes() > loopCap {
			w.buf = w.buf[:mark]
			break
		}
	}
}

// table writes a small GFM table of times.
func (w *writer) table() {
	w.buf = append(w.buf, tableHead...)
	for i := 2 + w.r.IntN(4); i > 0; i-- {
		m, d := 1+w.r.IntN(12), 1+w.r.IntN(28)
		h1, m1 := 20+w.r.IntN(3), w.r.IntN(60)
		diff := (h1-19)*60 + m1
		w.buf = fmt.Appendf(w.buf, "| %d月%d日 | %d:%02d退社 | 19:00退社 | %d時間%d分 |\n", m, d, h1, m1, diff/60, diff%60)
	}
	w.buf = append(w.buf, '\n')
}
