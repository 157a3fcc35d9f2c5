package importer

import (
	"regexp"
	"strings"
	"unicode"

	"golang.org/x/net/html"
	"golang.org/x/net/html/atom"
)

// The marks of ruby made from <ruby> while a body is converted, kept apart
// from the author's own 《 until finishRuby.
const (
	rubyBar   = "\uE001"
	rubyOpen  = "\uE002"
	rubyClose = "\uE003"
)

// rubyNotation writes a <ruby> element in rensai's notation, one
// ｜base《reading》 per <rt> (<rp> parentheses dropped), in tokens that
// finishRuby turns into the marks; a ruby without any reading gives its
// text.
func rubyNotation(ruby *html.Node) string {
	var b, base strings.Builder
	for ch := ruby.FirstChild; ch != nil; ch = ch.NextSibling {
		switch ch.DataAtom {
		case atom.Rp:
		case atom.Rt:
			if reading := strings.TrimSpace(nodeText(ch)); base.Len() > 0 && reading != "" {
				b.WriteString(rubyBar + strings.TrimSpace(base.String()) + rubyOpen + reading + rubyClose)
			} else {
				b.WriteString(base.String())
			}
			base.Reset()
		default:
			base.WriteString(nodeText(ch))
		}
	}
	b.WriteString(base.String())
	return b.String()
}

// rubyHTMLRE is a <ruby> element written inside Markdown.
var rubyHTMLRE = regexp.MustCompile(`(?is)<ruby[\s>].*?</ruby>`)

// rubyInMarkdown writes the <ruby> elements of a Markdown body in rensai's
// notation; the build drops their tags, which left 漢字かんじ.
func rubyInMarkdown(body string) string {
	if !strings.Contains(body, "<ruby") && !strings.Contains(body, "<RUBY") {
		return body
	}
	return rubyHTMLRE.ReplaceAllStringFunc(body, func(s string) string {
		nodes, err := html.ParseFragment(strings.NewReader(s), &html.Node{Type: html.ElementNode, Data: "p", DataAtom: atom.P})
		if err != nil || len(nodes) != 1 || nodes[0].DataAtom != atom.Ruby {
			return s
		}
		return rubyNotation(nodes[0])
	})
}

// rubyMarks writes the tokens of converted ruby as ｜《》.
var rubyMarks = strings.NewReplacer(rubyBar, "｜", rubyOpen, "《", rubyClose, "》")

// finishRuby escapes the 《 of the old text that the build would read as
// ruby (after a kanji: 小説《雪国》 was no ruby on the old blog), outside
// code, and writes the converted ruby's marks. A 《 after a bar (｜漢字《かんじ》,
// the notation of novel sites and their plugins) or doubled (《《傍点》》) is
// taken as meant.
func finishRuby(md string) string {
	if strings.Contains(md, "《") {
		md = escapeRubyMarks(md)
	}
	return rubyMarks.Replace(md)
}

// barRubyRE is ruby written with a bar: ｜漢字《かんじ》 or |漢字《かんじ》.
var barRubyRE = regexp.MustCompile(`[|｜][^|｜《》\n]{1,20}《[^《》\n]{1,20}》`)

// escapeRubyMarks writes \《 for each 《 after a kanji outside fenced and
// inline code, but for bar ruby and 《《.
func escapeRubyMarks(md string) string {
	lines := strings.Split(md, "\n")
	fence := ""
	for i, line := range lines {
		t := strings.TrimSpace(line)
		if fence != "" {
			if strings.HasPrefix(t, fence) {
				fence = ""
			}
			continue
		}
		if strings.HasPrefix(t, "```") || strings.HasPrefix(t, "~~~") {
			fence = t[:3]
			continue
		}
		if strings.HasPrefix(line, "    ") || strings.HasPrefix(line, "\t") || !strings.Contains(line, "《") {
			continue // indented code, or nothing to do
		}
		lines[i] = escapeRubyLine(line)
	}
	return strings.Join(lines, "\n")
}

// escapeRubyLine escapes the line's 《 outside `code` spans.
func escapeRubyLine(line string) string {
	keep := map[int]bool{} // byte offsets of 《 that bar ruby uses
	for _, m := range barRubyRE.FindAllStringIndex(line, -1) {
		keep[m[0]+strings.Index(line[m[0]:m[1]], "《")] = true
	}
	var b strings.Builder
	inCode := false
	var prev rune
	for i, r := range line {
		if r == '`' {
			inCode = !inCode
		}
		next := line[i+len(string(r)):]
		if r == '《' && !inCode && !keep[i] && unicode.Is(unicode.Han, prev) && !strings.HasPrefix(next, "《") && !strings.HasSuffix(b.String(), "\\") {
			b.WriteByte('\\')
		}
		b.WriteRune(r)
		prev = r
	}
	return b.String()
}
