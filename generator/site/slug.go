package site

import (
	"crypto/sha256"
	"encoding/hex"
	"strconv"
	"strings"
	"unicode"

	"golang.org/x/text/unicode/norm"
)

// Slugify makes a URL segment from a title or term, keeping Japanese text:
// letters and digits stay, everything else becomes a single hyphen. Latin
// letters keep their case in a text that has Japanese in it (「Yさんの件」
// gives "Yさんの件": the initial is a person) and are lower-cased in one
// that has none ("Go Tips" gives "go-tips").
func Slugify(title string) string {
	var b strings.Builder
	dash := false
	text := norm.NFKC.String(title)
	lower := !hasJapanese(text)
	for _, r := range text {
		if unicode.IsLetter(r) || unicode.IsDigit(r) || unicode.Is(unicode.Mn, r) || r == 'ー' {
			if dash && b.Len() > 0 {
				b.WriteByte('-')
			}
			dash = false
			if lower {
				r = unicode.ToLower(r)
			}
			b.WriteRune(r)
			continue
		}
		dash = true
	}
	if b.Len() == 0 {
		return "x-" + shortHash(title)
	}
	return b.String()
}

// hasJapanese reports whether s has a kana or kanji.
func hasJapanese(s string) bool {
	for _, r := range s {
		if unicode.In(r, unicode.Hiragana, unicode.Katakana, unicode.Han) || r == 'ー' {
			return true
		}
	}
	return false
}

// LowerSlug is the lower-case form earlier versions of rensai gave slug,
// or "" if that is slug itself. Pages at a slug made from a title or term
// are also written at this form, so the URLs readers saved keep working.
func LowerSlug(slug string) string {
	old := strings.Map(unicode.ToLower, slug)
	if old == slug {
		return ""
	}
	return old
}

// shortHash is eight hex digits of a hash of s, for slugs that need a
// stable suffix.
func shortHash(s string) string {
	sum := sha256.Sum256([]byte(strconv.Itoa(len(s)) + ":" + s))
	return hex.EncodeToString(sum[:4])
}
