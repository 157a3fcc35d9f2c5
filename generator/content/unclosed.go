package content

import "bytes"

// unclosedOpener finds the outermost quote or flow bracket that is still
// open at the end of YAML text, as go-yaml reports it only where it gives up
// (the end of the front matter, or the next key). It returns the 1-based line
// where it opened and the opening character, or 0 when everything is closed.
//
// It is a small scanner, not a YAML parser: a quote counts as opening only
// where a value starts (after ": ", "- ", "[", "{" or "," or at the start of
// a line), so the apostrophe of "it's" is text, and "#" after a space starts
// a comment outside quotes.
func unclosedOpener(text []byte) (line int, opener byte) {
	type open struct {
		line int
		ch   byte
	}
	var stack []open
	var quote byte // the quote we are in, or 0
	quoteLine := 0
	for i, raw := range bytes.Split(text, []byte("\n")) {
		n := i + 1
		prev := byte(' ') // the last non-space byte before this one on the line
		atStart := true
		for j := 0; j < len(raw); j++ {
			c := raw[j]
			if quote != 0 {
				switch {
				case quote == '"' && c == '\\':
					j++ // an escaped character
				case quote == '\'' && c == '\'' && j+1 < len(raw) && raw[j+1] == '\'':
					j++ // '' is a quote inside single quotes
				case c == quote:
					quote = 0
				}
				continue
			}
			switch {
			case c == '#' && (j == 0 || raw[j-1] == ' ' || raw[j-1] == '\t'):
				j = len(raw) // a comment
				continue
			case (c == '"' || c == '\'') && (atStart || bytes.IndexByte([]byte(":-[{,"), prev) >= 0):
				quote, quoteLine = c, n
			case c == '[' || c == '{':
				stack = append(stack, open{n, c})
			case (c == ']' || c == '}') && len(stack) > 0:
				stack = stack[:len(stack)-1]
			}
			if c != ' ' && c != '\t' {
				prev, atStart = c, false
			}
		}
	}
	switch {
	case len(stack) > 0 && (quote == 0 || stack[0].line <= quoteLine):
		return stack[0].line, stack[0].ch
	case quote != 0:
		return quoteLine, quote
	}
	return 0, 0
}
