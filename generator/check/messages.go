package check

import "strings"

// Every problem check reports is a message of the shared catalog (package
// i18n, its check.* keys), in the language of Options.Lang; English when
// it is empty. What a file's parser finds before the language is known is
// kept as a note and worded when the tree is checked.

// note is a message of the catalog, its key and arguments.
type note struct {
	key  string
	args []any
}

// say words n in the language of the check.
func (s *site) say(n note) string { return s.p.T(n.key, n.args...) }

// t words the message key with args in the language of the check.
func (s *site) t(key string, args ...any) string { return s.p.T(key, args...) }

// kindName words a URL's kind ("link", "feed link"): the catalog's
// check.kind.* entry, its spaces written as hyphens.
func (s *site) kindName(kind string) string {
	return s.t("check.kind." + strings.ReplaceAll(kind, " ", "-"))
}

// kinds lists every URL kind the parsers give (ref.kind), so a test can
// hold the catalog complete.
var kinds = []string{"link", "image", "media", "frame", "script", "stylesheet",
	"feed link", "canonical URL", "redirect", "page-data URL", "script file", "URL"}
