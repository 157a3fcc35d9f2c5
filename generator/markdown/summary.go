package markdown

import (
	"strings"
	"unicode"
)

// DefaultSummaryLength is the length of a summary, in characters, when
// Summary is given a limit of 0 or less.
const DefaultSummaryLength = 120

// ellipsis ends a summary that had to be cut inside a sentence.
const ellipsis = "…"

// Summary returns the beginning of text for list pages and feeds: white
// space collapsed to single spaces, then, if it is longer than limit runes
// (DefaultSummaryLength when limit <= 0), cut after the last sentence end
// (。！？!?, with the 」 or 』 that closes it) within the first limit runes,
// or, when there is none, after limit runes with "…" appended.
func Summary(text string, limit int) string {
	if limit <= 0 {
		limit = DefaultSummaryLength
	}
	// One rune more than fits tells whether a cut is needed and what
	// follows the last rune that fits.
	rs := collapsedPrefix(text, limit+1)
	if len(rs) <= limit {
		return string(rs)
	}
	cut := 0
	afterEnd := false // rs[i] ends a sentence, possibly with closing brackets
	for i := range limit {
		switch r := rs[i]; {
		case isSentenceEnd(r):
			afterEnd = true
		case isClosing(r) && afterEnd:
		default:
			afterEnd = false
			continue
		}
		// Never cut between a sentence end and its closing bracket.
		if !isClosing(rs[i+1]) {
			cut = i + 1
		}
	}
	if cut > 0 {
		return strings.TrimSpace(string(rs[:cut]))
	}
	return strings.TrimSpace(string(rs[:limit])) + ellipsis
}

func isClosing(r rune) bool { return r == '」' || r == '』' }

func isSentenceEnd(r rune) bool {
	switch r {
	case '。', '！', '？', '!', '?':
		return true
	}
	return false
}

// collapsedPrefix returns the first n runes of s trimmed, with every run of
// white space inside it replaced by one space. Invalid UTF-8 becomes U+FFFD.
func collapsedPrefix(s string, n int) []rune {
	rs := make([]rune, 0, min(n, len(s)))
	space := false
	for _, r := range s {
		if unicode.IsSpace(r) {
			space = len(rs) > 0
			continue
		}
		if len(rs) == n {
			return rs
		}
		if space {
			rs = append(rs, ' ')
			space = false
			if len(rs) == n {
				return rs
			}
		}
		rs = append(rs, r)
	}
	return rs
}
