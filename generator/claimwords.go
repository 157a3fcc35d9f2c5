package generator

import (
	"strings"

	"github.com/rensai-ssg/rensai/generator/diag"
)

// claimKinds are the catalog's words for the kinds of claimant the build
// names (claimant.kind): a kind equal to en, or, for an en ending in a
// space, a kind starting with en and followed by a name or number ("the
// page of tags", "home page 2"), which is the phrase's argument.
var claimKinds = []struct{ en, key string }{
	{"the article", "claims.kind.article"},
	{"the alias", "claims.kind.alias"},
	{"the static file", "claims.kind.static"},
	{"the theme's asset", "claims.kind.asset"},
	{"the file beside an article", "claims.kind.bundle"},
	{"the page of series", "claims.kind.seriesPage"},
	{"the site", "claims.kind.site"},
	{"the sitemap", "claims.kind.sitemap"},
	{"robots.txt", "claims.kind.robots"},
	{"the home page", "claims.kind.home"},
	{"the series index", "claims.kind.seriesIndex"},
	{"the archive index", "claims.kind.archiveIndex"},
	{"the search page", "claims.kind.search"},
	{"the 404 page", "claims.kind.notFound"},
	{"the page of ", "claims.kind.termPage"},
	{"home page ", "claims.kind.homePage"},
	{"the index of ", "claims.kind.termIndex"},
	{"the archive of ", "claims.kind.archive"},
}

// kindPhrase is kind in the catalog's words; a kind the table does not
// know keeps its own text.
func kindPhrase(kind string) diag.Phrase {
	for _, k := range claimKinds {
		if kind == k.en {
			return diag.P(k.key)
		}
		if rest, ok := strings.CutPrefix(kind, k.en); ok && strings.HasSuffix(k.en, " ") {
			return diag.P(k.key, rest)
		}
	}
	return diag.P("claims.kind.other", kind)
}

// what describes the claimant: "the page of tags “C++”".
func (c claimant) what() diag.Phrase {
	w := kindPhrase(c.kind)
	switch {
	case c.quote:
		w = diag.P("claims.what.quoted", w, c.name)
	case c.name != "":
		w = diag.P("claims.what.named", w, c.name)
	}
	if c.feed {
		w = diag.P("claims.what.feed", w)
	}
	return w
}

// describe is the claimant with its place: "the article
// (content/posts/a.md:1)", "the home page (written by rensai)".
func (c claimant) describe() diag.Phrase {
	file, line := c.position()
	switch {
	case file == "":
		return diag.P("claims.who.rensai", c.what())
	case line > 0:
		return diag.P("claims.who.at", c.what(), diag.Phrase{Key: "claims.place.line", Args: []any{file, line}})
	}
	return diag.P("claims.who.at", c.what(), file)
}

// errT is an error at the claimant's place, worded by the catalog's key
// with the claimant's description first among args.
func (c claimant) errT(key string, args ...any) *diag.Error {
	file, line := c.position()
	return diag.T(file, line, key, append([]any{c.what()}, args...)...)
}
