// Package urlpath says which names may become part of a URL path: the
// slugs of articles and terms, and the literal text of permalink patterns.
//
// A name is checked as written and again after percent-decoding, because a
// web server decodes a request before it looks for the file: "%2e%2e" is
// "..", and "a%00b" holds a NUL. Names may hold any letters (Japanese ones
// included); rensai percent-encodes URLs itself, so a "%" in a name is
// refused with the advice to write the characters themselves.
package urlpath

import (
	"fmt"
	"net/url"
	"strconv"
	"strings"
	"unicode"
)

// Segment returns an error saying why s cannot be one segment of a URL path
// (a slug), or nil.
func Segment(s string) error {
	if err := plain(s); err != nil {
		return err
	}
	if strings.Contains(s, "%") {
		d, err := url.PathUnescape(s)
		if err != nil {
			return fmt.Errorf("%q holds a broken percent escape; write the characters themselves (入館証, not %%E5%%85%%A5)", s)
		}
		if err := plain(d); err != nil {
			return fmt.Errorf("%q decodes to %q, and %v", s, d, err)
		}
		return fmt.Errorf("%q holds a percent escape; write the characters themselves (入館証, not %%E5%%85%%A5): rensai encodes URLs", s)
	}
	return nil
}

// plain checks s as written.
func plain(s string) error {
	switch {
	case s == "":
		return fmt.Errorf("a URL part may not be empty")
	case s == "." || s == "..":
		return fmt.Errorf("%q would leave the output folder", s)
	case strings.HasPrefix(s, "."):
		return fmt.Errorf("%q starts with a dot: servers hide such files", s)
	case strings.ContainsAny(s, `/\`):
		return fmt.Errorf("%q holds a slash or backslash; use a plain name like nyukan-01", s)
	case strings.ContainsAny(s, "?#"):
		return fmt.Errorf("%q holds ? or #, which end a URL's path", s)
	}
	for _, r := range s {
		if Invisible(r) {
			return fmt.Errorf("%q holds the control character %U (a tab, newline or the like)", s, r)
		}
	}
	return nil
}

// Invisible reports whether r is a control character or an invisible
// separator that must never reach a URL or a file name in the output.
func Invisible(r rune) bool {
	return unicode.IsControl(r) || r == '\u2028' || r == '\u2029' || r == '\ufeff' || r == unicode.ReplacementChar
}

// HasInvisible reports whether s holds an Invisible rune.
func HasInvisible(s string) bool { return strings.IndexFunc(s, Invisible) >= 0 }

// Printable returns s with every Invisible rune written as a Go escape
// (\t, \n, \u2028), so a file name can be shown on one line of a message.
func Printable(s string) string {
	if !HasInvisible(s) {
		return s
	}
	var b strings.Builder
	for _, r := range s {
		if Invisible(r) {
			q := strconv.QuoteRune(r)
			b.WriteString(q[1 : len(q)-1])
			continue
		}
		b.WriteRune(r)
	}
	return b.String()
}
