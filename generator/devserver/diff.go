package devserver

import (
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

// diffFiles compares two complete outputs the way the server does: old is
// stored as a build, cur is stored after it, and the files that storeFiles
// finds different make the Change.
func diffFiles(old, cur map[string][]byte, base string) Change {
	prev, _, _ := storeFiles(nil, old, nil, base)
	_, d, _ := storeFiles(prev, cur, nil, base)
	c, _ := changeOf(d, base)
	return c
}

// changeOf is what the files that differ between two builds mean for open
// pages, and how many HTML pages changed or appeared.
func changeOf(d fileDiff, base string) (Change, int) {
	var c Change
	for _, name := range d.changed {
		switch fileKind(name) {
		case kindHTML:
			c.Pages = append(c.Pages, pageURL(base, name))
		case kindCSS:
			c.CSS = append(c.CSS, pageURL(base, name))
		case kindAsset:
			c.All = true
		}
	}
	for _, name := range d.added {
		if fileKind(name) == kindHTML {
			c.Pages = append(c.Pages, pageURL(base, name))
		}
	}
	for _, name := range d.removed {
		if fileKind(name) == kindHTML {
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
func countPages[V any](files map[string]V) int {
	n := 0
	for name := range files {
		if fileKind(name) == kindHTML {
			n++
		}
	}
	return n
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
