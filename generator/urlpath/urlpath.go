// Package urlpath says which names may become part of a URL path: the
// slugs of articles and terms, and the literal text of permalink patterns.
//
// A name is checked as written and again after percent-decoding, because a
// web server decodes a request before it looks for the file: "%2e%2e" is
// "..", and "a%00b" holds a NUL. Names may hold any letters (Japanese ones
// included); rensai percent-encodes URLs itself, so a "%" in a name is
// refused with the advice to write the characters themselves.
//
// The reasons are messages of the catalog (package i18n): Segment's error
// is a *diag.Error without a place, in English, and Reason gives it as an
// argument of the message that quotes it, worded in the author's language.
package urlpath

import (
	"errors"
	"net/url"
	"strconv"
	"strings"
	"unicode"

	"github.com/rensai-ssg/rensai/generator/diag"
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
			return diag.T("", 0, "urlpath.brokenEscape", s)
		}
		if err := plain(d); err != nil {
			return diag.T("", 0, "urlpath.decodes", s, d, Reason(err))
		}
		return diag.T("", 0, "urlpath.escape", s)
	}
	return nil
}

// Reason returns why err, an error of Segment, refused a name, as an
// argument of a catalog message (diag.T): a phrase worded in the language
// of the message around it. Any other error gives its text.
func Reason(err error) any {
	var d *diag.Error
	if errors.As(err, &d) && d.Key != "" {
		return diag.P(d.Key, d.Args...)
	}
	return err.Error()
}

// plain checks s as written.
func plain(s string) error {
	switch {
	case s == "":
		return diag.T("", 0, "urlpath.empty")
	case s == "." || s == "..":
		return diag.T("", 0, "urlpath.leaves", s)
	case strings.HasPrefix(s, "."):
		return diag.T("", 0, "urlpath.dot", s)
	case strings.ContainsAny(s, `/\`):
		return diag.T("", 0, "urlpath.slash", s)
	case strings.ContainsAny(s, "?#"):
		return diag.T("", 0, "urlpath.endsPath", s)
	}
	for _, r := range s {
		if Invisible(r) {
			return diag.T("", 0, "urlpath.control", s, r)
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
