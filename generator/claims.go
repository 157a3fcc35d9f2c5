package generator

import (
	"fmt"
	"path"
	"slices"
	"strconv"
	"strings"

	"github.com/rensai-ssg/rensai/generator/site"
)

// claimant is what wants to write an output file, and where the author can
// see why: a file and, when known, a line.
type claimant struct {
	what string // "the article", "the alias /old/", "the page of tags 「C++」"
	file string // "content/posts/a.md", "static/index.html"; "" for rensai itself
	line int
	// content marks an article's page or alias: the author chose its URL,
	// so rensai's reserved folders are closed to it.
	content bool
	// static marks a file of static/ or of the theme's assets/.
	static bool
}

func (c claimant) String() string {
	switch {
	case c.file == "":
		return c.what + " (written by rensai)"
	case c.line > 0:
		return c.what + " (" + c.file + ":" + strconv.Itoa(c.line) + ")"
	}
	return c.what + " (" + c.file + ")"
}

// where is the claimant's position for the start of an error message.
func (c claimant) where() string {
	switch {
	case c.file == "":
		return "rensai"
	case c.line > 0:
		return c.file + ":" + strconv.Itoa(c.line)
	}
	return c.file
}

// rensaiClaim is an output rensai writes on its own account.
func rensaiClaim(what string) claimant { return claimant{what: what} }

// articleClaim is an article's claim on a URL, blamed on its slug line
// when it has one.
func articleClaim(what string, a *site.Article, key string) claimant {
	line := a.Input().Lines[key]
	if line == 0 {
		line = 1
	}
	return claimant{what: what, file: "content/" + a.Source, line: line}
}

// claimTable is the one owner of every output path of a build: pages,
// aliases, feeds, the sitemap, assets and static files. A second claim on
// a path is an error naming both claimants.
type claimTable struct {
	owner map[string]claimant
	errs  []error
}

func newClaimTable() *claimTable { return &claimTable{owner: map[string]claimant{}} }

// claim gives out to c, or records an error if another claimant has it.
func (t *claimTable) claim(out string, c claimant) {
	key := foldPath(out)
	prev, ok := t.owner[key]
	if !ok {
		t.owner[key] = c
		return
	}
	url := "/" + strings.TrimSuffix(out, "index.html")
	t.errs = append(t.errs, fmt.Errorf("%s: %s would be written at %s, which is already %s; give one of them another URL (slug, aliases, or the file name)",
		c.where(), c.what, url, prev))
}

// owned reports the claimant of out.
func (t *claimTable) owned(out string) (claimant, bool) {
	c, ok := t.owner[foldPath(out)]
	return c, ok
}

// foldPath is the form in which two output paths are the same file: on a
// case-insensitive file system (macOS, Windows) "A/index.html" and
// "a/index.html" are one file.
func foldPath(out string) string {
	return strings.ToLower(path.Clean("/" + out))
}

// sortedErrs returns the errors in a stable order.
func (t *claimTable) sortedErrs() []error {
	errs := slices.Clone(t.errs)
	slices.SortStableFunc(errs, func(a, b error) int { return strings.Compare(a.Error(), b.Error()) })
	return errs
}

// seriesClaim blames a series page on its metadata file, or else on the
// series key of its first part.
func seriesClaim(sr *site.Series) claimant {
	what := "the page of series 「" + sr.Title + "」"
	if sr.Meta() != nil {
		return articleClaim(what, sr.Meta(), "slug")
	}
	return articleClaim(what, sr.First, "series")
}

// termClaim blames a term's pages on the newest article that has the term.
func termClaim(tx *site.Taxonomy, t *site.Term) claimant {
	return articleClaim("the page of "+tx.Key+" 「"+t.Name+"」", t.Articles[0], tx.Key)
}

// aliasClaim blames an alias on its article's aliases line.
func aliasClaim(a *site.Article, alias string) claimant {
	c := articleClaim("the alias "+alias, a, "aliases")
	c.content = true
	return c
}

// pageClaim is an article's claim on its own URL.
func pageClaim(a *site.Article) claimant {
	c := articleClaim("the article", a, "slug")
	c.content = true
	return c
}
