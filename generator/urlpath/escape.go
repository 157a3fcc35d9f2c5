package urlpath

import "strings"

// Escape percent-encodes every byte of s for which keep is false, writing
// its hex digits from digits ("0123456789ABCDEF" as RFC 3986 recommends,
// or the lower-case ones html/template writes). The callers differ only in
// which bytes stay and in the case: a sitemap keeps every printable ASCII
// byte a URI allows, a fragment only the unreserved ones.
func Escape(s string, keep func(c byte) bool, digits string) string {
	var b strings.Builder
	b.Grow(len(s))
	for i := 0; i < len(s); i++ {
		c := s[i]
		if keep(c) {
			b.WriteByte(c)
			continue
		}
		b.WriteByte('%')
		b.WriteByte(digits[c>>4])
		b.WriteByte(digits[c&15])
	}
	return b.String()
}

// Upper and Lower are the hex digits of Escape.
const (
	Upper = "0123456789ABCDEF"
	Lower = "0123456789abcdef"
)
