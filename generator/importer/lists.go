package importer

import (
	"regexp"
	"strings"
)

// listEndMark is what the HTML converter writes between two lists that
// follow each other, so that Markdown does not join them: an HTML comment,
// which the build can only show as "<!-- raw HTML omitted -->".
const listEndMark = "<!--THE END-->"

// listItemRE is a list item at the margin: its marker and the rest.
var listItemRE = regexp.MustCompile(`^(?:([-*+])|(\d{1,9})([.)]))( .*|)$`)

// separateLists keeps two lists apart the Markdown way instead of with the
// converter's comment: the second list takes the other bullet (- then *)
// or the other delimiter (1. then 1)), which starts a new list.
func separateLists(md string) string {
	if !strings.Contains(md, listEndMark) {
		return md
	}
	lines := strings.Split(md, "\n")
	out := make([]string, 0, len(lines))
	prevBullet, prevDelim := "-", "."
	for i := 0; i < len(lines); i++ {
		line := lines[i]
		if m := listItemRE.FindStringSubmatch(line); m != nil {
			prevBullet, prevDelim = orDefault(m[1], prevBullet), orDefault(m[3], prevDelim)
		}
		if strings.TrimSpace(line) != listEndMark {
			out = append(out, line)
			continue
		}
		bullet, delim := other(prevBullet, "-", "*"), other(prevDelim, ".", ")")
		// Re-mark the next list's items at the margin, up to the first
		// line at the margin that is not one of them.
		j := i + 1
		for ; j < len(lines); j++ {
			l := lines[j]
			if m := listItemRE.FindStringSubmatch(l); m != nil {
				if m[1] != "" {
					l, prevBullet = bullet+m[4], bullet
				} else {
					l, prevDelim = m[2]+delim+m[4], delim
				}
			} else if l != "" && !strings.HasPrefix(l, " ") && !strings.HasPrefix(l, "\t") {
				break
			}
			out = append(out, l)
		}
		i = j - 1
	}
	return strings.Join(out, "\n")
}

func orDefault(s, def string) string {
	if s == "" {
		return def
	}
	return s
}

// other returns b when s is a, else a.
func other(s, a, b string) string {
	if s == a {
		return b
	}
	return a
}
