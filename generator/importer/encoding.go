package importer

import (
	"bytes"
	"fmt"
	"strings"
	"unicode"
	"unicode/utf8"

	"golang.org/x/text/encoding"
	"golang.org/x/text/encoding/japanese"
	xunicode "golang.org/x/text/encoding/unicode"
)

// legacyEncodings are the Japanese encodings tried on a file that is not
// UTF-8. japanese.ShiftJIS is Windows-31J (CP932): it has ① and ～.
var legacyEncodings = []struct {
	name string
	enc  encoding.Encoding
	jis  bool // decode JIS X 0208's own characters (see jisMapping)
}{
	{"Shift_JIS (CP932)", japanese.ShiftJIS, false},
	{"EUC-JP", japanese.EUCJP, true},
	{"ISO-2022-JP", japanese.ISO2022JP, true},
}

// jisMapping gives back the characters of JIS X 0208 that x/text decodes
// as Windows does (CP932): in EUC-JP and ISO-2022-JP text, 0xA1C1 is the
// WAVE DASH 〜, not the FULLWIDTH TILDE ～; likewise the minus sign −, the
// double vertical line ‖ and ¢ £ ¬.
var jisMapping = strings.NewReplacer("～", "〜", "－", "−", "∥", "‖", "￠", "¢", "￡", "£", "￢", "¬")

// decodeText returns src as UTF-8 text without a byte order mark and the
// name of the encoding it was in ("" for UTF-8). An empty, binary or
// undecodable file is an error saying so.
func decodeText(src []byte) (text, enc string, err error) {
	switch {
	case len(bytes.TrimSpace(src)) == 0:
		return "", "", fmt.Errorf("the file is empty; skipped")
	case bytes.HasPrefix(src, []byte{0xFF, 0xFE}) || bytes.HasPrefix(src, []byte{0xFE, 0xFF}):
		out, err := xunicode.UTF16(xunicode.LittleEndian, xunicode.UseBOM).NewDecoder().Bytes(src)
		if err != nil {
			return "", "", fmt.Errorf("the file starts like UTF-16 but does not decode: %v", err)
		}
		return string(out), "UTF-16", nil
	case bytes.IndexByte(src, 0) >= 0:
		return "", "", fmt.Errorf("the file is binary (it holds NUL bytes), not text; skipped")
	}
	src = bytes.TrimPrefix(src, []byte("\ufeff"))
	if utf8.Valid(src) && !isISO2022JP(src) {
		return string(src), "", nil
	}
	best, bestScore, bestName := "", -1, ""
	for _, e := range legacyEncodings {
		out, err := e.enc.NewDecoder().Bytes(src)
		if err != nil || bytes.ContainsRune(out, utf8.RuneError) {
			continue
		}
		if s := japaneseScore(out); s > bestScore {
			best, bestScore, bestName = string(out), s, e.name
			if e.jis {
				best = jisMapping.Replace(best)
			}
		}
	}
	if bestScore < 0 {
		return "", "", fmt.Errorf("the file is neither UTF-8 nor Shift_JIS, EUC-JP or ISO-2022-JP (it may be binary or cut off); convert it to UTF-8 and import it again")
	}
	return best, bestName, nil
}

// isISO2022JP reports whether 7-bit text switches to JIS X 0208 with
// ISO-2022-JP's escapes (ESC $ B, ESC $ @): it is valid UTF-8 too.
func isISO2022JP(src []byte) bool {
	if !bytes.Contains(src, []byte("\x1b$B")) && !bytes.Contains(src, []byte("\x1b$@")) {
		return false
	}
	for _, b := range src {
		if b >= 0x80 {
			return false
		}
	}
	return true
}

// japaneseScore counts kana and common kanji, so that the encoding that
// reads as Japanese wins over one that merely decodes.
func japaneseScore(b []byte) int {
	n := 0
	for _, r := range string(b) {
		switch {
		case unicode.In(r, unicode.Hiragana, unicode.Katakana):
			n += 2
		case unicode.Is(unicode.Han, r):
			n++
		case r >= 0xE000 && r <= 0xF8FF, r == 0xFFFD:
			n -= 5 // private use: a wrong guess
		}
	}
	return n
}
