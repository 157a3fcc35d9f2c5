package devserver

import (
	"bytes"
	"path"
	"slices"
	"strings"
)

// Change is what a new build means for open pages. Every list holds URL
// paths inside the site (with the base path, e.g. "/repo/posts/a/"),
// sorted.
type Change struct {
	// Pages are HTML pages that changed or appeared: open ones reload.
	Pages []string `json:"pages,omitempty"`
	// CSS are stylesheets that changed: open pages swap them in place.
	CSS []string `json:"css,omitempty"`
	// Removed are HTML pages that no longer exist: open ones move to their
	// series page or the home page.
	Removed []string `json:"removed,omitempty"`
	// All asks every page to reload: a script, image or font changed, which
	// any page may use.
	All bool `json:"all,omitempty"`
}

// Empty reports whether the change needs nothing from any page.
func (c Change) Empty() bool {
	return len(c.Pages) == 0 && len(c.CSS) == 0 && len(c.Removed) == 0 && !c.All
}

// diffFiles compares two complete outputs. A file whose slice is the same
// (same first element, same length) in both is unchanged without looking
// at its bytes, which keeps the diff cheap for large sites whose builder
// reuses unchanged outputs.
func diffFiles(old, cur map[string][]byte, base string) Change {
	c, _ := diffCount(old, cur, base)
	return c
}

// diffCount is diffFiles that also returns how many HTML pages changed or
// appeared, however many that is (Change stops listing them past
// maxListedPages).
func diffCount(old, cur map[string][]byte, base string) (Change, int) {
	var c Change
	for name, data := range cur {
		prev, ok := old[name]
		if ok && sameBytes(prev, data) {
			continue
		}
		switch kind := fileKind(name); {
		case kind == kindHTML:
			c.Pages = append(c.Pages, pageURL(base, name))
		case kind == kindCSS && ok:
			c.CSS = append(c.CSS, pageURL(base, name))
		case kind == kindAsset && ok:
			c.All = true
		}
	}
	for name := range old {
		if _, ok := cur[name]; !ok && fileKind(name) == kindHTML {
			c.Removed = append(c.Removed, pageURL(base, name))
		}
	}
	pages := len(c.Pages)
	if len(c.Pages) > maxListedPages {
		// Most of the site changed (a template edit): a list this long
		// would cost more than reloading every open page.
		c.Pages, c.All = nil, true
	}
	slices.Sort(c.Pages)
	slices.Sort(c.CSS)
	slices.Sort(c.Removed)
	return c, pages
}

// countPages is how many HTML pages files holds.
func countPages(files map[string][]byte) int {
	n := 0
	for name := range files {
		if fileKind(name) == kindHTML {
			n++
		}
	}
	return n
}

func sameBytes(a, b []byte) bool {
	if len(a) != len(b) {
		return false
	}
	if len(a) == 0 || &a[0] == &b[0] {
		return true
	}
	return bytes.Equal(a, b)
}

// maxListedPages is the most changed pages a Change names one by one.
const maxListedPages = 500

type kind int

const (
	kindData  kind = iota // feeds, sitemaps, search index: no page shows them
	kindHTML              // a page
	kindCSS               // a stylesheet
	kindAsset             // scripts, images, fonts: any page may use them
)

func fileKind(name string) kind {
	switch strings.ToLower(path.Ext(name)) {
	case ".html", ".htm":
		return kindHTML
	case ".css":
		return kindCSS
	case ".js", ".mjs", ".png", ".jpg", ".jpeg", ".gif", ".svg", ".webp", ".avif", ".ico",
		".woff", ".woff2", ".ttf", ".otf":
		return kindAsset
	}
	return kindData
}

// pageURL is the URL path a file is served at: "posts/a/index.html" is
// "/base/posts/a/", "404.html" is "/base/404.html".
func pageURL(base, name string) string {
	if name == "index.html" {
		return base
	}
	if dir, ok := strings.CutSuffix(name, "/index.html"); ok {
		return base + dir + "/"
	}
	return base + name
}
