package importer

import (
	"bytes"
	"cmp"
	"fmt"
	"regexp"
	"slices"
	"strings"
	"unicode/utf8"
)

// WordPress writes a post's text into its export as it was stored, and a
// text pasted from a word processor or a mail often carries control
// characters (a vertical tab for a soft line break, U+0008, U+001F) that
// XML 1.0 does not allow; an old database converted from another
// character set may hold bytes that are not UTF-8. Either makes the whole
// export unreadable to an XML parser, and exporting again gives the same
// file. So before a UTF-8 export is parsed, those characters are removed
// (the bytes that are not UTF-8 become U+FFFD), and each post that had
// any gets a warning at its line.

// xmlCharFix is one place where cleanXMLChars changed an export.
type xmlCharFix struct {
	line, col int    // 1-based; col counts characters, as an editor does
	r         rune   // the character removed, or -1 for bytes that are not UTF-8
	b         byte   // the first such byte when r is -1
	ref       string // the character reference that named r (&#11;), if any
}

func (f xmlCharFix) String() string {
	if f.r < 0 {
		return fmt.Sprintf(`\x%02X`, f.b)
	}
	if f.ref != "" {
		return f.ref
	}
	return fmt.Sprintf("U+%04X", f.r)
}

// legalXMLChar reports whether XML 1.0 allows r.
func legalXMLChar(r rune) bool {
	switch {
	case r < 0x20:
		return r == '\t' || r == '\n' || r == '\r'
	case r < 0xD800:
		return true
	case r < 0xE000:
		return false // surrogates
	case r < 0xFFFE:
		return true
	}
	return r >= 0x10000 && r <= utf8.MaxRune
}

// badCharRef returns the code point and the length of the character
// reference that src starts with (&#11; or &#x0B;) when it names a
// character XML does not allow; n is 0 for anything else.
func badCharRef(src []byte) (r rune, n int) {
	if len(src) < 4 || src[0] != '&' || src[1] != '#' {
		return 0, 0
	}
	i, base := 2, rune(10)
	if src[2] == 'x' || src[2] == 'X' {
		i, base = 3, 16
	}
	start := i
	for ; i < len(src) && i-start < 12; i++ {
		d := rune(-1)
		switch c := src[i]; {
		case c >= '0' && c <= '9':
			d = rune(c - '0')
		case base == 16 && c >= 'a' && c <= 'f':
			d = rune(c-'a') + 10
		case base == 16 && c >= 'A' && c <= 'F':
			d = rune(c-'A') + 10
		}
		if d < 0 {
			break
		}
		r = min(r*base+d, utf8.MaxRune+1) // beyond Unicode: not allowed either
	}
	if i == start || i >= len(src) || src[i] != ';' || i-start >= 12 || legalXMLChar(r) {
		return 0, 0
	}
	return r, i + 1
}

// needsXMLClean reports whether src holds a byte cleanXMLChars would change,
// without decoding it: the common case, a clean export, costs one pass.
func needsXMLClean(src []byte) bool {
	for _, c := range src {
		if c < 0x20 && !legalXMLChar(rune(c)) {
			return true
		}
	}
	if !utf8.Valid(src) || bytes.Contains(src, []byte("\uFFFE")) || bytes.Contains(src, []byte("\uFFFF")) {
		return true
	}
	for rest := src; ; {
		i := bytes.Index(rest, []byte("&#"))
		if i < 0 {
			return false
		}
		if c := bytes.Index(rest[:i], cdataStart); c >= 0 {
			// A reference in CDATA is text to XML: the HTML of a post,
			// read later as HTML reads it.
			end := bytes.Index(rest[c:], cdataEnd)
			if end < 0 {
				return false
			}
			rest = rest[c+end+len(cdataEnd):]
			continue
		}
		if _, n := badCharRef(rest[i:]); n > 0 {
			return true
		}
		rest = rest[i+2:]
	}
}

var cdataStart, cdataEnd = []byte("<![CDATA["), []byte("]]>")

// cleanXMLChars returns src without the characters XML 1.0 does not allow
// (C0 controls other than tab, line feed and carriage return; U+FFFE and
// U+FFFF) and without the character references that name one (&#11;; not
// in CDATA, where a reference is text, the HTML of a post), with each run of
// bytes that are not UTF-8 replaced by one U+FFFD, and the places it
// changed. Line breaks are never touched, so a line of the result is the
// same line of src. A clean src is returned as it is.
func cleanXMLChars(src []byte) ([]byte, []xmlCharFix) {
	if !needsXMLClean(src) {
		return src, nil
	}
	out, fixes := cleanXMLPass(src)
	for needsXMLClean(out) {
		// Removing a character joined a reference ("&\x12#0;"): each such
		// pass removes one more, so this ends; its columns are those of
		// the text the last pass left, its lines the same.
		var more []xmlCharFix
		out, more = cleanXMLPass(out)
		fixes = append(fixes, more...)
	}
	slices.SortStableFunc(fixes, func(a, b xmlCharFix) int { return cmp.Or(cmp.Compare(a.line, b.line), cmp.Compare(a.col, b.col)) })
	return out, fixes
}

// cleanXMLPass is one pass of cleanXMLChars.
func cleanXMLPass(src []byte) ([]byte, []xmlCharFix) {
	out := make([]byte, 0, len(src))
	var fixes []xmlCharFix
	line, col := 1, 0
	inCDATA := false
	for i := 0; i < len(src); {
		c := src[i]
		col++
		if c < utf8.RuneSelf {
			switch {
			case c == '\n':
				line, col = line+1, 0
			case c < 0x20 && !legalXMLChar(rune(c)):
				fixes = append(fixes, xmlCharFix{line: line, col: col, r: rune(c)})
				i++
				continue
			case c == '<' && !inCDATA:
				inCDATA = bytes.HasPrefix(src[i:], cdataStart)
			case c == ']' && inCDATA:
				inCDATA = !bytes.HasPrefix(src[i:], cdataEnd)
			case c == '&' && !inCDATA:
				if r, n := badCharRef(src[i:]); n > 0 {
					fixes = append(fixes, xmlCharFix{line: line, col: col, r: r, ref: string(src[i : i+n])})
					i += n
					col += n - 1
					continue
				}
			}
			out = append(out, c)
			i++
			continue
		}
		r, size := utf8.DecodeRune(src[i:])
		switch {
		case r == utf8.RuneError && size == 1:
			fixes = append(fixes, xmlCharFix{line: line, col: col, r: -1, b: c})
			for i++; i < len(src); i++ { // one U+FFFD for the whole run
				if r, size := utf8.DecodeRune(src[i:]); r != utf8.RuneError || size != 1 {
					break
				}
			}
			out = utf8.AppendRune(out, utf8.RuneError)
			continue
		case !legalXMLChar(r):
			fixes = append(fixes, xmlCharFix{line: line, col: col, r: r})
		default:
			out = append(out, src[i:i+size]...)
		}
		i += size
	}
	return out, fixes
}

// xmlEncodingRE finds the encoding of an XML declaration.
var xmlEncodingRE = regexp.MustCompile(`^\s*<\?xml[^>]*?\bencoding\s*=\s*["']([^"']+)["']`)

// isUTF8XML reports whether src starts as an XML document does and is
// declared UTF-8, or not declared at all (XML's default): the only
// documents whose bytes cleanXMLChars may change (in ISO-2022-JP an escape
// byte is part of the text, UTF-16 is full of zero bytes, and a file that
// does not start with "<" is no export to mend).
func isUTF8XML(src []byte) bool {
	head := bytes.TrimLeft(bytes.TrimPrefix(src[:min(len(src), 512)], []byte("\uFEFF")), " \t\r\n")
	if !bytes.HasPrefix(head, []byte("<")) {
		return false
	}
	m := xmlEncodingRE.FindSubmatch(head)
	if m == nil {
		return true
	}
	enc := strings.ToLower(string(m[1]))
	return enc == "utf-8" || enc == "utf8"
}

// warnXMLFixes warns once for each item of f that cleanXMLChars changed,
// at its first change, naming the item and the characters; changes
// outside any item get one warning for the file.
func (r *reader) warnXMLFixes(f *wxrFile, display string, fixes []xmlCharFix) {
	if len(fixes) == 0 {
		return
	}
	byItem := map[int][]xmlCharFix{} // item index in f.items, or -1
	for _, fx := range fixes {
		i, found := slices.BinarySearchFunc(f.items, fx.line, func(it wxrItem, line int) int {
			switch {
			case it.endLine < line:
				return -1
			case it.line > line:
				return 1
			}
			return 0
		})
		if !found {
			i = -1
		}
		byItem[i] = append(byItem[i], fx)
	}
	keys := make([]int, 0, len(byItem))
	for i := range byItem {
		keys = append(keys, i)
	}
	slices.Sort(keys)
	for _, i := range keys {
		fx := byItem[i]
		if i < 0 {
			r.warn.AddT("encoding", display, fx[0].line, "import.w.xmlCharsFile", len(fx), fx[0].col, xmlFixNames(fx))
			continue
		}
		r.warn.AddT("encoding", display, fx[0].line, "import.w.xmlChars", itemID(&f.items[i]), len(fx), fx[0].col, xmlFixNames(fx))
	}
}

// xmlFixNames names the distinct characters of fixes, up to four:
// "U+000B, U+001F".
func xmlFixNames(fixes []xmlCharFix) string {
	var names []string
	for _, fx := range fixes {
		if s := fx.String(); !slices.Contains(names, s) && len(names) < 4 {
			names = append(names, s)
		}
	}
	return strings.Join(names, ", ")
}
