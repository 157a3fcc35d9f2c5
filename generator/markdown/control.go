package markdown

import (
	"encoding/binary"
	"fmt"
	"unicode/utf8"

	"github.com/rensai-ssg/rensai/generator/diag"
)

// Control characters (U+0000-U+001F but tab, line feed and carriage
// return, U+007F) and lone surrogates (UTF-16 halves written as UTF-8,
// which Go does not accept as UTF-8) are invisible in an editor and
// invalid in HTML: Render drops them and returns a warning for each line
// that had one. Carriage returns stay: CommonMark reads them as line ends.

// maxControlWarnings is how many lines with control characters are named
// one by one; the rest are counted in one more warning.
const maxControlWarnings = 10

// dropControls returns src without control characters and lone
// surrogates, and a warning for each line that had one. Any other byte
// that is not UTF-8 is an error naming its line. checked says that src is
// known to be UTF-8.
func dropControls(path string, src []byte, bodyLine int, checked bool) ([]byte, []*diag.Error, error) {
	if (checked || utf8.Valid(src)) && !hasControl(src) {
		return src, nil, nil
	}
	out := make([]byte, 0, len(src))
	var warns []*diag.Error
	line, lastWarned, more := bodyLine, 0, 0
	for i := 0; i < len(src); {
		c := src[i]
		if c < utf8.RuneSelf {
			if c == '\n' {
				line++
			}
			if !isControl(c) {
				out = append(out, c)
				i++
				continue
			}
			if line != lastWarned {
				lastWarned = line
				if len(warns) < maxControlWarnings {
					warns = append(warns, diag.WarnT(path, line, "markdown.control", fmt.Sprintf("U+%04X", c)))
				} else {
					more++
				}
			}
			i++
			continue
		}
		r, size := utf8.DecodeRune(src[i:])
		if r == utf8.RuneError && size == 1 {
			if isSurrogate(src[i:]) {
				if line != lastWarned {
					lastWarned = line
					warns = append(warns, diag.WarnT(path, line, "markdown.surrogate"))
				}
				i += 3
				continue
			}
			return nil, nil, diag.T(path, line, "markdown.notUTF8")
		}
		out = append(out, src[i:i+size]...)
		i += size
	}
	if more > 0 {
		warns = append(warns, diag.WarnT(path, lastWarned, "markdown.controlMore", more))
	}
	return out, warns, nil
}

// hasControl reports whether src has a control character, looking at
// eight bytes at a time: only a word with a byte under 0x20 (most often a
// line feed) or a DEL is looked at byte by byte.
func hasControl(src []byte) bool {
	for len(src) >= 8 {
		x := binary.LittleEndian.Uint64(src)
		if (x-ones*0x20)&^x&highs != 0 || hasByte(x, 0x7f) {
			for _, c := range src[:8] {
				if isControl(c) {
					return true
				}
			}
		}
		src = src[8:]
	}
	for _, c := range src {
		if isControl(c) {
			return true
		}
	}
	return false
}

func isControl(c byte) bool {
	return c < 0x20 && c != '\t' && c != '\n' && c != '\r' || c == 0x7f
}

// isSurrogate reports whether b starts with a UTF-16 surrogate encoded as
// UTF-8 (ED A0..BF 80..BF).
func isSurrogate(b []byte) bool {
	return len(b) >= 3 && b[0] == 0xED && b[1] >= 0xA0 && b[1] <= 0xBF && b[2] >= 0x80 && b[2] <= 0xBF
}
