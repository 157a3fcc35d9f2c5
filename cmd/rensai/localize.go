package main

import (
	"strings"

	"github.com/rensai-ssg/rensai/generator/diag"
	"github.com/rensai-ssg/rensai/generator/i18n"
)

// localize returns err's text in the author's language (msg): each error
// inside it that the catalog words (diag.T) is replaced by its words in
// that language; the rest of the text, and every file and line, stays as
// it is.
func localize(err error) string {
	text := err.Error()
	lang := msg.Lang()
	if lang == i18n.English {
		return text
	}
	for _, e := range diag.Collect(err) {
		if e.Key != "" {
			text = strings.ReplaceAll(text, e.Words(i18n.English), e.Words(lang))
		}
	}
	return text
}
