// Package diag is rensai's one positioned-problem type: an error or a
// warning at a place in a file of the site, written "path:line:col: message"
// so that editors and terminals can jump to it.
//
// Every package that reads the author's files (content, config, theme,
// series, check, markdown, importer) reports problems as *Error values,
// combined with errors.Join or collected in a List. Collect recovers them
// from any error tree, sorted, so a caller can print them, count them, or
// send them to the dev server's overlay as JSON without parsing text.
//
// diag imports nothing of rensai's; it is the vocabulary the leaf packages
// share.
package diag

import (
	"cmp"
	"encoding/json"
	"fmt"
	"slices"
	"strconv"
	"strings"

	"github.com/rensai-ssg/rensai/generator/i18n"
)

// Severity says whether a problem stops the build.
type Severity int

const (
	// SevError stops the build.
	SevError Severity = iota
	// SevWarning is reported, and the build goes on.
	SevWarning
)

// String returns "error" or "warning".
func (s Severity) String() string {
	if s == SevWarning {
		return "warning"
	}
	return "error"
}

// Error is one problem at one place. Path is slash-separated and relative to
// the site root where the problem is in the author's files
// ("content/posts/a.md", "rensai.toml", "layouts/article.html"); Line and
// Column are 1-based, 0 when unknown or when the problem concerns the whole
// file. Msg says what is wrong and what to do about it.
type Error struct {
	Path     string
	Line     int
	Column   int
	Msg      string
	Severity Severity
	// Err is the underlying cause (a YAML, TOML, template or file-system
	// error), or nil. Its text is already part of Msg where it helps.
	Err error
	// Key, when set, names the message in the catalog of package i18n and
	// Args are its arguments (T): Msg is then its English text, and Text
	// words it in the author's language.
	Key  string
	Args []any
	// prefix is what Collect took into Msg from around the error, kept
	// in front of the message in every language.
	prefix string
}

// Key is the name of a message of the catalog, as an argument of T: it is
// worded in the language of the message around it (a hint inside an
// error).
type Key string

// Phrase is a message of the catalog with its arguments, as an argument of
// T: it is worded in the language of the message around it, like Key, and
// may itself hold Keys and Phrases ("the page of tags “C++”").
type Phrase struct {
	Key  string
	Args []any
}

// P returns the Phrase of key with args.
func P(key string, args ...any) Phrase { return Phrase{Key: key, Args: args} }

// In returns the phrase worded in lang.
func (p Phrase) In(lang i18n.Lang) string { return word(i18n.New(lang), p).(string) }

// String returns the phrase in English.
func (p Phrase) String() string { return p.In(i18n.English) }

// word returns a, or its words in p's language when a is a Key or Phrase.
func word(p i18n.Printer, a any) any {
	switch v := a.(type) {
	case Key:
		return p.T(string(v))
	case Phrase:
		args := make([]any, len(v.Args))
		for i, x := range v.Args {
			args[i] = word(p, x)
		}
		return p.T(v.Key, args...)
	}
	return a
}

// T returns an error at path:line whose message is the catalog's message
// key (package i18n) with args; Msg holds its English text.
func T(path string, line int, key string, args ...any) *Error {
	e := &Error{Path: path, Line: line, Key: key, Args: args}
	e.Msg = e.Text(i18n.English)
	return e
}

// WarnT returns a warning at path:line worded by the catalog's message key
// with args, as T does for errors.
func WarnT(path string, line int, key string, args ...any) *Error {
	e := T(path, line, key, args...)
	e.Severity = SevWarning
	return e
}

// Text returns the message in lang: the catalog's words for an error made
// by T, else Msg, which has only one language.
func (e *Error) Text(lang i18n.Lang) string {
	if e.Key == "" {
		return e.Msg
	}
	return e.prefix + e.Words(lang)
}

// Words returns the catalog's words of an error made by T in lang, without
// what Collect put in front of them; "" for an error without a Key.
func (e *Error) Words(lang i18n.Lang) string {
	if e.Key == "" {
		return ""
	}
	return word(i18n.New(lang), Phrase{Key: e.Key, Args: e.Args}).(string)
}

// In returns the error as Error writes it, its message in lang.
func (e *Error) In(lang i18n.Lang) string {
	c := *e
	c.Msg = e.Text(lang)
	return c.Error()
}

// Errorf returns an error at path:line built from a format.
func Errorf(path string, line int, format string, args ...any) *Error {
	return &Error{Path: path, Line: line, Msg: sprintf(format, args...)}
}

// Warningf returns a warning at path:line built from a format.
func Warningf(path string, line int, format string, args ...any) *Error {
	return &Error{Path: path, Line: line, Msg: sprintf(format, args...), Severity: SevWarning}
}

// Wrap returns an error at path:line whose cause is err and whose message is
// msg (err's own text when msg is empty). When msg is empty and err is an
// *Error made by T without a place, the result keeps its catalog key, so
// it is still worded in the author's language.
func Wrap(path string, line int, msg string, err error) *Error {
	if msg == "" && err != nil {
		if d, ok := err.(*Error); ok && d.Key != "" && d.Path == "" {
			return &Error{Path: path, Line: line, Msg: d.Msg, Err: err, Key: d.Key, Args: d.Args, Severity: d.Severity}
		}
		msg = err.Error()
	}
	return &Error{Path: path, Line: line, Msg: msg, Err: err}
}

// Error returns "path:line:col: msg", leaving out what is unknown:
// "path:line: msg", "path: msg", or msg alone.
func (e *Error) Error() string {
	var b strings.Builder
	b.Grow(len(e.Path) + len(e.Msg) + 16)
	if e.Path != "" {
		b.WriteString(e.Path)
		if e.Line > 0 {
			b.WriteByte(':')
			b.WriteString(strconv.Itoa(e.Line))
			if e.Column > 0 {
				b.WriteByte(':')
				b.WriteString(strconv.Itoa(e.Column))
			}
		}
		b.WriteString(": ")
	}
	b.WriteString(e.Msg)
	return b.String()
}

// Unwrap returns the underlying cause, if any.
func (e *Error) Unwrap() error { return e.Err }

// Position returns "path:line:col" as Error writes it, without the message.
func (e *Error) Position() string {
	s := (&Error{Path: e.Path, Line: e.Line, Column: e.Column}).Error()
	return strings.TrimSuffix(s, ": ")
}

// Collect returns every *Error inside err, sorted by Compare. err may be a
// single *Error, a List, an error with a Diag() *Error method, or a tree
// built with errors.Join or fmt.Errorf's %w. Errors in the tree that are not *Error are returned as an *Error with
// no position, so nothing is lost.
func Collect(err error) List {
	var out List
	var walk func(error)
	walk = func(err error) {
		if err == nil {
			return
		}
		switch u := err.(type) {
		case *Error:
			out = append(out, u)
			return
		case List:
			out = append(out, u...)
			return
		case interface{ Diag() *Error }:
			// An error of a leaf that words itself (a refused symbolic
			// link): its problem, at its place.
			out = append(out, u.Diag())
			return
		case interface{ Unwrap() []error }:
			for _, e := range u.Unwrap() {
				walk(e)
			}
			return
		case interface{ Unwrap() error }:
			inner := Collect(u.Unwrap())
			if len(inner) == 1 {
				// A prefix ("search: ...") around one problem: keep the
				// position, and the prefix in the message.
				c := *inner[0]
				if prefix, ok := strings.CutSuffix(err.Error(), c.Error()); ok {
					c.Msg = prefix + c.Msg
					c.prefix = prefix + c.prefix
				}
				out = append(out, &c)
				return
			}
			if len(inner) > 0 {
				out = append(out, inner...)
				return
			}
		}
		out = append(out, &Error{Msg: err.Error(), Err: err})
	}
	walk(err)
	out.Sort()
	return out
}

// Compare orders problems by path, line, column, then message.
func Compare(a, b *Error) int {
	return cmp.Or(
		cmp.Compare(a.Path, b.Path),
		cmp.Compare(a.Line, b.Line),
		cmp.Compare(a.Column, b.Column),
		cmp.Compare(a.Msg, b.Msg),
	)
}

// List is a list of problems. As an error it reads one problem a line.
type List []*Error

// Sort sorts the list by Compare, stably.
func (l List) Sort() { slices.SortStableFunc(l, Compare) }

// Error returns the problems one a line.
func (l List) Error() string {
	parts := make([]string, len(l))
	for i, e := range l {
		parts[i] = e.Error()
	}
	return strings.Join(parts, "\n")
}

// Unwrap returns the problems as errors, for errors.Is and errors.As.
func (l List) Unwrap() []error {
	out := make([]error, len(l))
	for i, e := range l {
		out[i] = e
	}
	return out
}

// Err returns nil for an empty list, the only problem of a one-problem list,
// and the sorted list otherwise.
func (l List) Err() error {
	switch len(l) {
	case 0:
		return nil
	case 1:
		return l[0]
	}
	l.Sort()
	return l
}

// Warnings returns the problems of the list that are warnings.
func (l List) Warnings() List { return l.filter(SevWarning) }

// Errors returns the problems of the list that stop the build.
func (l List) Errors() List { return l.filter(SevError) }

func (l List) filter(s Severity) List {
	var out List
	for _, e := range l {
		if e.Severity == s {
			out = append(out, e)
		}
	}
	return out
}

func sprintf(format string, args ...any) string {
	if len(args) == 0 {
		return format
	}
	return fmt.Sprintf(format, args...)
}

// jsonError is the form of an Error that the dev server sends to the page.
type jsonError struct {
	Path     string `json:"path,omitempty"`
	Line     int    `json:"line,omitempty"`
	Column   int    `json:"column,omitempty"`
	Message  string `json:"message"`
	Severity string `json:"severity"`
}

// MarshalJSON writes {"path","line","column","message","severity"}, so a
// script shows the parts of a problem without parsing its text.
func (e *Error) MarshalJSON() ([]byte, error) {
	return json.Marshal(jsonError{e.Path, e.Line, e.Column, e.Msg, e.Severity.String()})
}
