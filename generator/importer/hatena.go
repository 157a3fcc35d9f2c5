package importer

import (
	"fmt"
	"io/fs"
	"regexp"
	"strings"
	"unicode"
	"unicode/utf8"
)

// readHatena reads a はてなブログ export (Movable Type format). Bodies are
// HTML, or はてな記法 when they have no HTML block tags.
func (r *reader) readHatena(fsys fs.FS, name, display string) {
	text, ok := r.readDecoded(fsys, name, display)
	if !ok {
		// An export that is empty or undecodable is no export at all.
		r.warn.markBroken(display)
		return
	}
	entries, problems := parseMT(text)
	for _, p := range problems {
		r.warn.AddT("malformed", display, p.Line, "import.w.text", p.Msg)
	}
	if len(entries) == 0 {
		r.warn.Broke("unreadable", display, 0, "import.w.noMTEntries")
		return
	}
	conv := newHTMLConverter(nil, nil)
	loc := r.opts.location()
	for i, e := range entries {
		p := &Post{Source: display, Line: e.Line, Kind: "hatena", ID: fmt.Sprintf("entry %d", i+1)}
		p.Ref = display + " " + p.ID
		p.Title = cleanSpace(e.Fields["TITLE"])
		p.Author = e.Fields["AUTHOR"]
		p.Categories = e.Categories
		p.Cover = e.Fields["IMAGE"]
		if d, ok := parseMTDate(e.Fields["DATE"], loc); ok {
			p.Date = d
		} else {
			r.warn.AddT("date", display, e.Line, "import.w.mtDate", i+1, e.Fields["DATE"])
			continue
		}
		r.mtStatus(p, e.Fields["STATUS"])
		if base := strings.Trim(e.Fields["BASENAME"], "/ "); base != "" {
			p.Slug = strings.ReplaceAll(base, "/", "-")
			if !p.Draft {
				p.OldURLs = append(p.OldURLs, "/entry/"+base)
			}
		}
		body := e.Sections["BODY"]
		if p.Title == "" {
			// A short post without a title (はてなハイク, a tweet-like note):
			// its first words name it.
			if p.Title = firstWords(htmlToText(body), 30); p.Title == "" {
				r.warn.AddT("title", display, e.Line, "import.w.mtTitle", i+1)
				continue
			}
			r.warn.AddT("title", display, e.Line, "import.w.noTitleBody", i+1, p.Title)
		}
		if ext := e.Sections["EXTENDED BODY"]; ext != "" {
			body += "\n<!--more-->\n" + ext
		}
		p.Summary = htmlToText(e.Sections["EXCERPT"])
		switch {
		case looksLikeHTML(body):
			p.Body, p.Nav = conv.convert(body, p, r.cleaner, r.warn)
		case strings.EqualFold(strings.TrimSpace(e.Fields["CONVERT BREAKS"]), "markdown") || looksLikeMarkdown(body):
			cleaned := r.cleaner.CleanMarkup(p.Title, hatenaMarkdown(body))
			p.Body, p.Nav = cleaned.Markdown, cleaned.Nav
		default:
			md := hatenaToMarkdown(body)
			cleaned := r.cleaner.Clean(p.Title, md, false)
			p.Body, p.Nav = cleaned.Markdown, cleaned.Nav
		}
		r.add(p)
	}
}

// firstWords returns the first sentence of text, cut to at most n
// characters with "…", or "" for text without letters.
func firstWords(text string, n int) string {
	text = cleanSpace(text)
	if i := strings.IndexAny(text, "。！？!?\n"); i >= 0 {
		_, size := utf8.DecodeRuneInString(text[i:])
		text = text[:i+size]
	}
	if r := []rune(text); len(r) > n {
		text = string(r[:n]) + "…"
	}
	if !strings.ContainsFunc(text, unicode.IsLetter) {
		return ""
	}
	return text
}

var htmlBlockRE = regexp.MustCompile(`(?i)<(p|div|h[1-6]|ul|ol|table|blockquote|pre|figure|br)[\s>/]`)

func looksLikeHTML(s string) bool { return htmlBlockRE.MatchString(s) }

// markdownSignRE is what only a body of はてな's Markdown mode has: an ATX
// heading, a fence, a [text](url) link or **bold**.
var markdownSignRE = regexp.MustCompile("(?m)^#{1,6} \\S|^```|\\]\\([^)\\s]+\\)|\\*\\*[^*\\n]+\\*\\*")

// looksLikeMarkdown reports whether a body without HTML is Markdown rather
// than はてな記法, whose * heading and - list would misread it.
func looksLikeMarkdown(s string) bool { return markdownSignRE.MatchString(s) }

// hatenaMarkdown keeps a body of はてな's Markdown mode as it is, but for
// the notations that mode also has ([f:id:...], [url:title], ((notes))),
// outside code.
func hatenaMarkdown(src string) string {
	var out, notes []string
	inCode := false
	for _, line := range strings.Split(strings.ReplaceAll(src, "\r\n", "\n"), "\n") {
		if strings.HasPrefix(strings.TrimSpace(line), "```") {
			inCode = !inCode
		}
		if !inCode {
			line = hatenaInline(line, &notes)
		}
		out = append(out, line)
	}
	return strings.Join(append(out, footnoteLines(notes)...), "\n")
}

// hatenaInline converts the inline notations of one line: fotolife images
// (an image at their address, which the image step downloads), [url:title]
// links and ((footnotes)), whose texts are appended to notes.
func hatenaInline(t string, notes *[]string) string {
	t = hatenaFotolifeRE.ReplaceAllStringFunc(t, func(s string) string {
		m := hatenaFotolifeRE.FindStringSubmatch(s)
		ext := map[string]string{"p": "png", "j": "jpg", "g": "gif", "": "jpg"}[m[4]]
		u := fmt.Sprintf("https://cdn-ak.st-hatena.com/images/fotolife/%s/%s/%s/%s%s.%s", m[1][:1], m[1], m[2], m[2], m[3], ext)
		return "![](" + u + ")"
	})
	t = hatenaLinkRE.ReplaceAllStringFunc(t, func(s string) string {
		m := hatenaLinkRE.FindStringSubmatch(s)
		text := m[3]
		if text == "" {
			text = m[1]
		}
		return "[" + text + "](" + m[1] + ")"
	})
	return hatenaFootnoteRE.ReplaceAllStringFunc(t, func(s string) string {
		*notes = append(*notes, s[2:len(s)-2])
		return fmt.Sprintf("[^%d]", len(*notes))
	})
}

// footnoteLines writes the footnotes' definitions after a blank line.
func footnoteLines(notes []string) []string {
	if len(notes) == 0 {
		return nil
	}
	out := []string{""}
	for i, n := range notes {
		out = append(out, fmt.Sprintf("[^%d]: %s", i+1, n))
	}
	return out
}

var (
	hatenaHeadingRE  = regexp.MustCompile(`^(\*{1,3})(?:\d{9,}\*|[A-Za-z0-9_-]+\*)?\s*(.+)$`)
	hatenaLinkRE     = regexp.MustCompile(`\[(https?://[^\s\]:]+(?::\d+)?[^\s\]]*?)(?::(title|embed|bookmark|barcode)(?:=([^\]]*))?)?\]`)
	hatenaFotolifeRE = regexp.MustCompile(`\[f:id:([A-Za-z0-9_-]+):(\d{8})(\d{6})([pjg]?)(?::(plain|image|movie))?[^\]]*\]`)
	hatenaFootnoteRE = regexp.MustCompile(`\(\(([^()]+)\)\)`)
	hatenaListRE     = regexp.MustCompile(`^([-+]{1,3})\s*(.+)$`)
)

// hatenaToMarkdown converts the common はてな記法: *見出し, [url:title],
// >> quotes <<, >|lang| code ||<, - and + lists, ((footnotes)), ====
// (the summary break), [:contents] (dropped) and [f:id:...] fotolife images
// (an image at their address on はてな's image host).
func hatenaToMarkdown(src string) string {
	var out []string
	var notes []string
	inQuote, inCode := false, false
	for _, line := range strings.Split(src, "\n") {
		t := strings.TrimRight(line, " \t")
		if inCode {
			if t == "||<" {
				out = append(out, "```")
				inCode = false
			} else {
				out = append(out, line)
			}
			continue
		}
		switch {
		case strings.HasPrefix(t, ">|") && strings.HasSuffix(t, "|") && len(t) >= 3:
			out = append(out, "```"+strings.Trim(t[2:], "|"))
			inCode = true
			continue
		case t == ">>":
			inQuote = true
			continue
		case t == "====" || t == "=====":
			out = append(out, "", moreMark, "") // 続きを読む
			continue
		case t == "[:contents]":
			continue // rensai writes the table of contents itself
		case t == "<<":
			inQuote = false
			out = append(out, "")
			continue
		}
		if m := hatenaHeadingRE.FindStringSubmatch(t); m != nil {
			out = append(out, "", strings.Repeat("#", len(m[1])+1)+" "+m[2], "")
			continue
		}
		if m := hatenaListRE.FindStringSubmatch(t); m != nil && strings.Trim(m[1], m[1][:1]) == "" {
			indent := strings.Repeat("  ", len(m[1])-1)
			marker := "-"
			if m[1][0] == '+' {
				marker = "1."
			}
			t = indent + marker + " " + m[2]
		}
		t = hatenaInline(t, &notes)
		if inQuote {
			t = "> " + t
		}
		out = append(out, t)
	}
	if inCode {
		out = append(out, "```")
	}
	return strings.Join(append(out, footnoteLines(notes)...), "\n")
}

// mtStatus reads an MT-format entry's STATUS. Publish (or none) is
// published; Future, Movable Type's scheduled entry, stays scheduled while
// its date is to come (rensai leaves it out until then) and is otherwise a
// draft with a warning, like WordPress's missed schedule; Draft is a draft;
// any other value (Review, Unpublish ...) is a draft with a warning, so
// that what the old blog did not show is not published here.
func (r *reader) mtStatus(p *Post, status string) {
	switch strings.ToLower(strings.TrimSpace(status)) {
	case "publish", "":
	case "draft":
		p.Draft = true
	case "future":
		r.keepScheduled(p, p.Source, p.Line, p.ID)
	default:
		p.Draft = true
		r.warn.AddT("status", p.Source, p.Line, "import.w.status", p.ID, status)
	}
}
