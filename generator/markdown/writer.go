package markdown

import (
	"encoding/binary"
	"math/bits"

	"github.com/yuin/goldmark/renderer/html"
	"github.com/yuin/goldmark/util"
)

// fastWriter is goldmark's HTML text writer with a fast path: text with
// no byte that the writer would change (a backslash or an entity to
// resolve, a NUL to replace, or <, >, & and " to escape) is copied as it
// is, found with a scan of eight bytes at a time. Japanese prose is almost
// all such text, and goldmark's writer looks at it one byte at a time,
// twice (once for escapes and entities, once for HTML). Anything else
// goes to the writer it wraps, so the output is the same byte for byte.
type fastWriter struct {
	html.Writer
}

var _ html.Writer = fastWriter{}

// Write implements html.Writer.
func (w fastWriter) Write(out util.BufWriter, source []byte) {
	if plainBytes(source) {
		_, _ = out.Write(source)
		return
	}
	w.Writer.Write(out, source)
}

// RawWrite implements html.Writer.
func (w fastWriter) RawWrite(out util.BufWriter, source []byte) {
	if plainBytes(source) {
		_, _ = out.Write(source)
		return
	}
	w.Writer.RawWrite(out, source)
}

// Word-at-a-time constants: every byte 0x01, every byte 0x80.
const (
	ones  = 0x0101010101010101
	highs = 0x8080808080808080
)

// countRunes is utf8.RuneCount for valid UTF-8, eight bytes at a time:
// the count of bytes that do not continue a character (10xxxxxx).
// Render's text is valid UTF-8, since its source is (dropControls).
func countRunes(b []byte) int {
	n := len(b)
	for len(b) >= 8 {
		x := binary.LittleEndian.Uint64(b)
		n -= bits.OnesCount64(x &^ (x << 1) & highs)
		b = b[8:]
	}
	for _, c := range b {
		if c&0xc0 == 0x80 {
			n--
		}
	}
	return n
}

// hasByte reports whether some byte of the word x equals c (the classic
// zero-byte test on x XOR c, exact as a yes or no).
func hasByte(x uint64, c byte) bool {
	y := x ^ (ones * uint64(c))
	return (y-ones)&^y&highs != 0
}

// plainBytes reports whether b has none of the bytes \x00, ", &, <, > and
// \ (the bytes goldmark's writer may change).
func plainBytes(b []byte) bool {
	for len(b) >= 8 {
		x := binary.LittleEndian.Uint64(b)
		if hasByte(x, 0) || hasByte(x, '"') || hasByte(x, '&') || hasByte(x, '<') || hasByte(x, '>') || hasByte(x, '\\') {
			return false
		}
		b = b[8:]
	}
	for _, c := range b {
		switch c {
		case 0, '"', '&', '<', '>', '\\':
			return false
		}
	}
	return true
}
