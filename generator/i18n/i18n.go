// Package i18n is the catalog of messages rensai prints to the author, in
// English and Japanese.
//
// Every message has a key ("new.created") and one text per language, written
// as a fmt format; the Japanese text may reorder its arguments with %[n]v.
// The language comes from the --lang flag or the locale: LC_ALL, then
// LC_MESSAGES, then LANG, the first that is set decides (POSIX order), and a
// value starting with "ja" (ja_JP.UTF-8, ja) gives Japanese. Anything else,
// including C and POSIX, gives English.
//
//	p := i18n.New(i18n.FromEnv(os.Getenv))
//	fmt.Fprintln(w, p.T("new.created", path))
//
// Package i18n is a leaf: it imports no other rensai package.
package i18n

import (
	"fmt"
	"strings"
)

// Lang is a language of the catalog.
type Lang string

// The catalog's languages.
const (
	English  Lang = "en"
	Japanese Lang = "ja"
)

// Langs lists the catalog's languages, English first.
var Langs = []Lang{English, Japanese}

// Parse reads a --lang value or a locale name: "ja", "ja_JP.UTF-8",
// "en_US.UTF-8", "C". It reports false for an empty value and for a
// language the catalog does not have.
func Parse(s string) (Lang, bool) {
	s = strings.ToLower(strings.TrimSpace(s))
	switch {
	case s == "":
		return "", false
	case s == "ja" || strings.HasPrefix(s, "ja_") || strings.HasPrefix(s, "ja-") || strings.HasPrefix(s, "ja."):
		return Japanese, true
	case s == "en" || strings.HasPrefix(s, "en_") || strings.HasPrefix(s, "en-") || strings.HasPrefix(s, "en."),
		s == "c" || strings.HasPrefix(s, "c.") || s == "posix":
		return English, true
	}
	return "", false
}

// FromEnv picks the language from the locale variables, looked up with
// getenv (os.Getenv): the first of LC_ALL, LC_MESSAGES and LANG that is set
// decides; Japanese for ja…, otherwise English.
func FromEnv(getenv func(string) string) Lang {
	for _, name := range []string{"LC_ALL", "LC_MESSAGES", "LANG"} {
		v := getenv(name)
		if v == "" {
			continue
		}
		if l, ok := Parse(v); ok {
			return l
		}
		return English
	}
	return English
}

// Printer formats the catalog's messages in one language.
type Printer struct {
	lang Lang
}

// New returns a Printer for lang; an unknown lang prints English.
func New(lang Lang) Printer {
	if lang != Japanese {
		lang = English
	}
	return Printer{lang: lang}
}

// Lang returns the printer's language.
func (p Printer) Lang() Lang {
	if p.lang == "" {
		return English
	}
	return p.lang
}

// T formats the message key with args. A key missing from the catalog
// prints as "!key" followed by its arguments, so a mistake shows in the
// output instead of stopping the program.
func (p Printer) T(key string, args ...any) string {
	m, ok := lookup(key)
	if !ok {
		return "!" + key + fmt.Sprint(args...)
	}
	text := m.en
	if p.Lang() == Japanese {
		text = m.ja
	}
	if len(args) == 0 {
		return text
	}
	return fmt.Sprintf(text, args...)
}

// Has reports whether the catalog has key.
func Has(key string) bool {
	_, ok := lookup(key)
	return ok
}

// catalogs are the parts of the catalog, one per area: the command line
// (catalog.go), the dev server (catalog_serve.go), rensai check's problems
// (catalog_check.go), the build's errors and warnings (catalog_build.go,
// catalog_content.go for the values of front matter)
// and where output goes (catalog_site.go), and rensai import's warnings
// (catalog_import.go). A key is in one of them only.
var catalogs = []map[string]message{catalog, serveCatalog, checkCatalog, buildCatalog, buildConfigCatalog, contentCatalog, siteCatalog, importCatalog}

// lookup finds key in the catalog.
func lookup(key string) (message, bool) {
	for _, c := range catalogs {
		if m, ok := c[key]; ok {
			return m, true
		}
	}
	return message{}, false
}

// message is one entry of the catalog.
type message struct {
	en, ja string
}
