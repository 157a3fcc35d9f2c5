package importer

import (
	"regexp"
	"strings"
	"unicode"
	"unicode/utf8"
)

// DefaultBoilerplate are the lines an old blog repeats in every article
// that are not the author's text: a platform's header-image placeholder,
// its support footer, a "follow us" line. Each is matched against a whole
// trimmed line.
var DefaultBoilerplate = []string{
	`^更新情報は.{1,20}(で|に)配信(して|し)(い|お)ります?.{0,6}$`,
	`^更新情報は.{1,20}(で|に)配信しています.{0,6}$`,
	`^見出し画像$`,
	`^この記事が気に入ったら(、)?(サポート|チップ)を(して|送って)みませんか[?？]?$`,
	`^(この記事|記事)をシェアする$`,
}

// maxBoilerplateLine is the longest line (in bytes) checked against the
// boilerplate patterns: boilerplate is a short line, and prose is long.
const maxBoilerplateLine = 400

// Cleaner turns an old article body into Markdown: it removes the
// hand-written navigation blocks (rensai writes its own), the repeated title
// line and boilerplate lines, and, in plain text, turns bullet lines into
// lists and short standalone lines into ## headings. Every other line of the
// author's text is kept.
type Cleaner struct {
	// Boilerplate are regular expressions matched against each trimmed
	// line; a matching line is dropped.
	Boilerplate []*regexp.Regexp
}

// NewCleaner compiles boilerplate patterns (DefaultBoilerplate when nil).
func NewCleaner(patterns []string) (*Cleaner, error) {
	if patterns == nil {
		patterns = DefaultBoilerplate
	}
	c := &Cleaner{}
	for _, p := range patterns {
		re, err := regexp.Compile(p)
		if err != nil {
			return nil, err
		}
		c.Boilerplate = append(c.Boilerplate, re)
	}
	return c, nil
}

// Cleaned is the result of cleaning one body.
type Cleaned struct {
	Markdown string
	Nav      Nav
	// Dropped counts the lines removed, by kind ("nav", "title",
	// "boilerplate").
	Dropped map[string]int
}

// Nav is the evidence of an article's hand-written navigation blocks: the
// part numbers they point to before and after the article itself.
type Nav struct {
	Earlier []int // parts listed as 前編N (or with ←)
	Later   []int // parts listed as 続編N / 完結編N (or with →)
	Final   int   // the number of the 完結編 entry, 0 if none
}

// Empty reports whether the article had no numbered navigation entry.
func (n Nav) Empty() bool { return len(n.Earlier) == 0 && len(n.Later) == 0 }

// Own returns the part number the navigation leaves for the article itself
// (the one number between the earlier and later entries), or 0 when the
// blocks do not say.
func (n Nav) Own() int {
	hi := 0
	for _, p := range n.Earlier {
		hi = max(hi, p)
	}
	lo := 0
	for _, p := range n.Later {
		if lo == 0 || p < lo {
			lo = p
		}
	}
	switch {
	case hi > 0 && lo > 0:
		if lo == hi+2 {
			return hi + 1
		}
		return 0
	case hi > 0:
		return hi + 1
	case lo > 1:
		return lo - 1
	}
	return 0
}

// Total returns the highest part number the navigation mentions.
func (n Nav) Total() int {
	t := 0
	for _, p := range append(append([]int(nil), n.Earlier...), n.Later...) {
		t = max(t, p)
	}
	return t
}

// Clean cleans a body. title is the article's full title (its repeated
// line is dropped); plain is true for plain text (bullets become lists,
// Markdown characters are escaped) and false for Markdown converted from
// HTML. Either way a short standalone line becomes a heading: text from
// an editor without headings (a saved page, WordPress's classic editor)
// has its headings in that form.
func (c *Cleaner) Clean(title, body string, plain bool) Cleaned {
	return c.clean(title, body, plain, true)
}

// CleanMarkup cleans a body whose author marked its headings (Markdown
// written as Markdown, a WordPress block-editor post): like Clean with
// plain false, but no line becomes a heading, so a short paragraph
// ("次回に続く", "Paragraph block") stays one.
func (c *Cleaner) CleanMarkup(title, body string) Cleaned {
	return c.clean(title, body, false, false)
}

func (c *Cleaner) clean(title, body string, plain, headings bool) Cleaned {
	out := Cleaned{Dropped: map[string]int{}}
	title = cleanSpace(title)
	var blocks [][]string
	var cur []string
	flush := func() {
		if len(cur) > 0 {
			blocks = append(blocks, cur)
			cur = nil
		}
	}
	inFence := false
	for _, line := range strings.Split(strings.ReplaceAll(body, "\r\n", "\n"), "\n") {
		if !plain && strings.HasPrefix(strings.TrimSpace(line), "```") {
			inFence = !inFence
		}
		if inFence || strings.HasPrefix(strings.TrimSpace(line), "```") {
			cur = append(cur, line)
			continue
		}
		trimmed := cleanSpace(line)
		if trimmed == "" {
			flush()
			continue
		}
		text := stripLinks(trimmed)
		switch {
		case title != "" && (trimmed == title || text == title):
			out.Dropped["title"]++
			continue
		case c.boilerplate(text):
			out.Dropped["boilerplate"]++
			continue
		case parseNavLine(text, &out.Nav):
			out.Dropped["nav"]++
			continue
		}
		if plain {
			line = trimmed
		} else if !strings.HasSuffix(line, "  ") {
			// Keep Markdown's hard line break (two trailing spaces).
			line = strings.TrimRight(line, " \t\u00a0\u3000")
		}
		cur = append(cur, line)
	}
	flush()
	out.Markdown = renderBlocks(blocks, plain, headings)
	return out
}

func (c *Cleaner) boilerplate(line string) bool {
	if len(line) > maxBoilerplateLine {
		return false
	}
	for _, re := range c.Boilerplate {
		if re.MatchString(line) {
			return true
		}
	}
	return false
}

// renderBlocks writes blocks as Markdown, one blank line between blocks and
// consecutive list items joined into one list; with headings, a short
// standalone line that reads as one (isHeadingLine) becomes a ## heading.
func renderBlocks(blocks [][]string, plain, headings bool) string {
	var b strings.Builder
	prevList := false
	for i, blk := range blocks {
		list := isListBlock(blk, plain)
		if i > 0 {
			if list && prevList {
				b.WriteString("\n")
			} else {
				b.WriteString("\n\n")
			}
		}
		prevList = list
		switch {
		case list:
			for j, l := range blk {
				if j > 0 {
					b.WriteString("\n")
				}
				b.WriteString(listItem(l, plain))
			}
		case headings && len(blk) == 1 && i < len(blocks)-1 && isHeadingLine(blk[0], plain):
			b.WriteString("## ")
			b.WriteString(escapeLine(blk[0], plain))
		default:
			for j, l := range blk {
				if j > 0 {
					b.WriteString("\n")
				}
				b.WriteString(escapeLine(l, plain))
			}
		}
	}
	if b.Len() > 0 {
		b.WriteString("\n")
	}
	return b.String()
}

// bulletMarks start a list line in an old blog's text.
var bulletMarks = []string{"•", "●", "・", "○", "◆", "■", "- ", "-\u3000", "※"}

func bulletOf(line string) (mark, rest string, ok bool) {
	l := strings.TrimLeft(line, " \t\u00a0\u3000")
	for _, m := range bulletMarks {
		if strings.HasPrefix(l, m) {
			return strings.TrimSpace(m), strings.TrimFunc(l[len(m):], unicode.IsSpace), true
		}
	}
	return "", "", false
}

func isListBlock(blk []string, plain bool) bool {
	for _, l := range blk {
		if !plain && (strings.HasPrefix(l, "-") || strings.HasPrefix(l, " ")) {
			return false // already Markdown
		}
		if _, rest, ok := bulletOf(l); !ok || rest == "" {
			return false
		}
	}
	return true
}

// listItem turns one bullet line into a Markdown list item; a ※ note
// keeps its mark.
func listItem(line string, plain bool) string {
	mark, rest, _ := bulletOf(line)
	if mark == "※" {
		rest = "※" + rest
	}
	return "- " + escapeLine(rest, plain)
}

// politeEndings end sentences, never headings.
var politeEndings = []string{"です", "ます", "でした", "ました", "ません", "ください", "だ", "った", "よね", "ね"}

// isHeadingLine reports whether a standalone line reads as a heading:
// short, no sentence punctuation or sentence ending, not dialogue, not a
// list item. (The last block of an article is never made a heading.)
func isHeadingLine(line string, plain bool) bool {
	if !plain && strings.IndexFunc(line, isASCIIPunct) >= 0 {
		return false // Markdown of its own, or a list item or rule
	}
	if plain && (orderedStartRE.MatchString(line+" ") || ruleLineRE.MatchString(line)) {
		return false
	}
	n := utf8.RuneCountInString(line)
	if n == 0 || n > 24 {
		return false
	}
	if strings.ContainsAny(line, "。、，,「」『』！!？?…") {
		return false
	}
	for _, end := range politeEndings {
		if strings.HasSuffix(line, end) {
			return false // a sentence without its 。
		}
	}
	last, _ := utf8.DecodeLastRuneInString(line)
	if strings.ContainsRune(".．:：)）]］>", last) {
		return false
	}
	if strings.HasPrefix(line, "[") || strings.HasPrefix(line, "!") || strings.HasPrefix(line, "<") || strings.HasPrefix(line, "|") {
		return false
	}
	_, _, bullet := bulletOf(line)
	return !bullet
}

func isASCIIPunct(r rune) bool {
	return r < utf8.RuneSelf && (unicode.IsPunct(r) || unicode.IsSymbol(r))
}

var (
	ruleLineRE        = regexp.MustCompile(`^[-=+*_]{3,}$`)
	markdownSpecialRE = regexp.MustCompile("([\\\\`*_\\[\\]<>~|])")
	orderedStartRE    = regexp.MustCompile(`^(\d+)([.)])(\s)`)
)

// escapeLine escapes a plain-text line so that Markdown shows it as it is.
func escapeLine(line string, plain bool) string {
	if !plain {
		return line
	}
	line = markdownSpecialRE.ReplaceAllString(line, `\$1`)
	line = orderedStartRE.ReplaceAllString(line, `$1\$2$3`)
	if strings.HasPrefix(line, "#") || strings.HasPrefix(line, "+ ") || strings.HasPrefix(line, "- ") || strings.HasPrefix(line, "=") {
		line = `\` + line
	}
	return line
}

// linkRE is a Markdown link or image; stripLinks keeps its text.
var linkRE = regexp.MustCompile(`!?\[([^\]]*)\]\([^)]*\)`)

func stripLinks(s string) string {
	if !strings.Contains(s, "](") {
		return s
	}
	return cleanSpace(linkRE.ReplaceAllString(s, "$1"))
}
