package content

import (
	"path"
	"strings"
)

// IsSource reports whether rel, a slash-separated path relative to the
// content folder, is a file Load reads: it ends in ".md", and no segment of
// it is hidden (".git", ".draft.md"), private ("_notes", "_memo.md") or an
// editor's leftover ("a.md~", "#a.md#", "a.swp"). A path ending in "/"
// names a directory, and IsSource reports whether files below it can be
// sources.
//
// The loader, the generator's incremental reload and the dev server's
// watcher all ask this one function, so they agree on what is content.
func IsSource(rel string) bool {
	dir := strings.HasSuffix(rel, "/")
	rel = strings.Trim(rel, "/")
	if rel == "" {
		return dir
	}
	for _, seg := range strings.Split(rel, "/") {
		if seg == "" || seg == "." || seg == ".." || skipName(seg) {
			return false
		}
	}
	return dir || path.Ext(rel) == ".md"
}

// SiteFolders are the folders of a site root that hold its sources (with
// rensai.toml beside them): what the dev server watches and what a build's
// destination must never be.
var SiteFolders = []string{"content", "layouts", "static", "themes"}
