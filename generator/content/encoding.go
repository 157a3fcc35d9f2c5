package content

import (
	"bytes"
	"fmt"
	"path"
	"unicode"
	"unicode/utf8"

	"github.com/rensai-ssg/rensai/generator/diag"
	"golang.org/x/text/encoding"
	"golang.org/x/text/encoding/japanese"
	xunicode "golang.org/x/text/encoding/unicode"
)

// guess is an encoding a non-UTF-8 file might be in.
type guess struct {
	name  string // shown to the user
	iconv string // name for iconv -f
	enc   encoding.Encoding
}

// Japanese legacy encodings, in the order they are tried (ties go to the
// first).
var japaneseGuesses = []guess{
	{"Shift_JIS", "CP932", japanese.ShiftJIS}, // CP932 also knows ①, ～ and Ⅱ, which iconv's SHIFT_JIS stops at
	{"EUC-JP", "EUC-JP", japanese.EUCJP},
	{"ISO-2022-JP", "ISO-2022-JP", japanese.ISO2022JP},
}

var (
	utf16LE = guess{"UTF-16LE", "UTF-16LE", xunicode.UTF16(xunicode.LittleEndian, xunicode.IgnoreBOM)}
	utf16BE = guess{"UTF-16BE", "UTF-16BE", xunicode.UTF16(xunicode.BigEndian, xunicode.IgnoreBOM)}
)

// checkEncoding returns an *Error when src is not UTF-8 text, naming the
// encoding it looks like and how to convert it.
func checkEncoding(name string, src []byte) error {
	// The common case, settled with one pass over the bytes: UTF-8 without
	// the NUL bytes of UTF-16 or the escapes of ISO-2022-JP.
	if bytes.IndexByte(src, 0) < 0 && bytes.IndexByte(src, 0x1b) < 0 && utf8.Valid(src) {
		return nil
	}
	// A UTF-8 file with a stray byte or two (a paste from elsewhere) is not
	// in another encoding: point at the byte.
	if g, ok := detectEncoding(src); ok && !mostlyUTF8(src) {
		return diag.T(name, 0, "content.encoding", g.name, g.iconv, name, utf8Name(path.Base(name)))
	}
	if utf8.Valid(src) {
		return nil
	}
	// Unknown encoding: point at the first byte that is not UTF-8.
	off := 0
	for off < len(src) {
		r, size := utf8.DecodeRune(src[off:])
		if r == utf8.RuneError && size == 1 {
			break
		}
		off += size
	}
	return diag.T(name, 1+bytes.Count(src[:off], []byte("\n")), "content.notUTF8", fmt.Sprintf("0x%02X", src[off]))
}

// mostlyUTF8 reports whether src is UTF-8 text spoiled by a stray byte or
// two: at most two invalid bytes, or at least four valid multi-byte
// characters for each invalid byte. A Japanese file in Shift_JIS or EUC-JP
// has an invalid byte in almost every character, and forms valid UTF-8 ones
// only by accident.
func mostlyUTF8(src []byte) bool {
	var multi, invalid int
	for off := 0; off < len(src); {
		r, size := utf8.DecodeRune(src[off:])
		switch {
		case r == utf8.RuneError && size == 1:
			invalid++
		case size > 1:
			multi++
		}
		off += size
	}
	return invalid > 0 && (invalid <= 2 || multi >= 4*invalid)
}

// utf8Name turns "a.md" into "a.utf8.md".
func utf8Name(base string) string {
	ext := path.Ext(base)
	return base[:len(base)-len(ext)] + ".utf8" + ext
}

// detectEncoding reports which non-UTF-8 encoding src looks like. It answers
// only when src cleanly decodes in that encoding and is not plain UTF-8.
func detectEncoding(src []byte) (guess, bool) {
	// A UTF-16 byte order mark settles it.
	if len(src) >= 2 {
		switch {
		case src[0] == 0xFF && src[1] == 0xFE:
			if decodesCleanly(utf16LE.enc, src[2:]) {
				return utf16LE, true
			}
		case src[0] == 0xFE && src[1] == 0xFF:
			if decodesCleanly(utf16BE.enc, src[2:]) {
				return utf16BE, true
			}
		}
	}
	// UTF-16 without a BOM: mostly-ASCII text has a NUL in every other byte,
	// which is still valid UTF-8, so look for the NULs themselves.
	if bytes.IndexByte(src, 0) >= 0 {
		var even, odd int
		for i, b := range src {
			if b == 0 {
				if i%2 == 0 {
					even++
				} else {
					odd++
				}
			}
		}
		if len(src)%2 == 0 {
			switch {
			case odd*4 >= len(src) && odd > even && decodesCleanly(utf16LE.enc, src):
				return utf16LE, true
			case even*4 >= len(src) && even > odd && decodesCleanly(utf16BE.enc, src):
				return utf16BE, true
			}
		}
	}
	if utf8.Valid(src) {
		// ISO-2022-JP is 7-bit and so valid UTF-8; its escape sequences are
		// what give it away.
		if bytes.Contains(src, []byte("\x1b$B")) || bytes.Contains(src, []byte("\x1b$@")) {
			if _, ok := decodeScore(japanese.ISO2022JP, src); ok {
				return japaneseGuesses[2], true
			}
		}
		return guess{}, false
	}
	// Shift_JIS and EUC-JP overlap: EUC-JP text often also decodes as
	// Shift_JIS full of half-width katakana. Keep the candidate whose text
	// looks least odd.
	best, bestScore := -1, 0
	for i, g := range japaneseGuesses {
		score, ok := decodeScore(g.enc, src)
		if ok && (best < 0 || score < bestScore) {
			best, bestScore = i, score
		}
	}
	if best >= 0 {
		return japaneseGuesses[best], true
	}
	return guess{}, false
}

func decodesCleanly(enc encoding.Encoding, src []byte) bool {
	_, ok := decodeScore(enc, src)
	return ok
}

// decodeScore decodes src with enc. ok is false when a byte sequence is
// invalid in enc. score counts runes that are unlikely in a Japanese Markdown
// file (half-width katakana, private-use and control characters), so a lower
// score is a better guess.
func decodeScore(enc encoding.Encoding, src []byte) (score int, ok bool) {
	out, err := enc.NewDecoder().Bytes(src)
	if err != nil {
		return 0, false
	}
	for _, r := range string(out) {
		switch {
		case r == utf8.RuneError:
			return 0, false
		case r >= 0xFF61 && r <= 0xFF9F, unicode.Is(unicode.Co, r):
			score++
		case r < 0x20 && r != '\n' && r != '\r' && r != '\t':
			score++
		}
	}
	return score, true
}
