package generator

import (
	"slices"
	"strings"

	"github.com/rensai-ssg/rensai/generator/site"
)

// claimant is what wants to write an output file, and where the author can
// see why: a file and, when known, a line. Its strings are made only for a
// message, since every output of every build has one.
type claimant struct {
	kind  string // "the article", "the alias", "the page of tags"
	name  string // "/old/" for an alias, "C++" for a term
	quote bool   // name is shown as 「name」
	feed  bool   // the feed of what the rest describes
	file  string // "static/index.html"; "" for rensai itself or when a is set
	a     *site.Article
	key   string // the front-matter key of a to blame
	// content marks an article's page or alias: the author chose its URL,
	// so rensai's reserved folders are closed to it.
	content bool
	// static marks a file of static/ or of the theme's assets/.
	static bool
}

// position is the claimant's file and line (0 when unknown).
func (c claimant) position() (string, int) {
	if c.a == nil {
		return c.file, 0
	}
	return "content/" + c.a.Source, max(c.a.Input().Lines[c.key], 1)
}

func (c claimant) String() string { return c.describe().String() }

// rensaiClaim is an output rensai writes on its own account.
func rensaiClaim(what string) claimant { return claimant{kind: what} }

// articleClaim is an article's claim on a URL, blamed on the line of key
// in its front matter (line 1 without it).
func articleClaim(kind string, a *site.Article, key string) claimant {
	return claimant{kind: kind, a: a, key: key}
}

// claimTable is the one owner of every output path of a build: pages,
// aliases, feeds, the sitemap, assets and static files. A second claim on
// a path is an error naming both claimants.
type claimTable struct {
	owner map[string]claimant // by foldPath
	dirs  map[string]claimant // folders the owned files need, by foldPath
	errs  []error
}

func newClaimTable(n int) *claimTable {
	return &claimTable{owner: make(map[string]claimant, n), dirs: make(map[string]claimant, n)}
}

// claim gives out to c, or records an error if another claimant has it,
// or if out is a folder another claimant's file needs, or needs a folder
// that is another claimant's file (an alias /robots.txt/ is the folder
// robots.txt/).
func (t *claimTable) claim(out string, c claimant) {
	key := foldPath(out)
	url := "/" + strings.TrimSuffix(out, "index.html")
	if prev, ok := t.owner[key]; ok {
		t.errs = append(t.errs, c.errT("claims.taken", url, prev.describe()))
		return
	}
	if prev, ok := t.dirs[key]; ok {
		t.errs = append(t.errs, c.errT("claims.folderOf", out, prev.describe()))
		return
	}
	for dir := key; ; {
		i := strings.LastIndexByte(dir, '/')
		if i < 0 {
			break
		}
		dir = dir[:i]
		if prev, ok := t.owner[dir]; ok {
			t.errs = append(t.errs, c.errT("claims.inside", url, out[:len(dir)], prev.describe()))
			return
		}
		if _, ok := t.dirs[dir]; ok {
			break // its parents are recorded too
		}
		t.dirs[dir] = c
	}
	t.owner[key] = c
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
	return strings.ToLower(strings.TrimPrefix(out, "/"))
}

// sortedErrs returns the errors in a stable order.
func (t *claimTable) sortedErrs() []error {
	errs := slices.Clone(t.errs)
	slices.SortStableFunc(errs, func(a, b error) int { return strings.Compare(a.Error(), b.Error()) })
	return errs
}

// seriesClaim blames a series page on its metadata file, else on the
// first part that gives its series_slug, else on the series key of its
// first part.
func seriesClaim(sr *site.Series) claimant {
	c := claimant{kind: "the page of series", name: sr.Title, quote: true, a: sr.First, key: "series"}
	if sr.Meta() != nil {
		c.a, c.key = sr.Meta(), "slug"
		return c
	}
	for _, p := range sr.Parts {
		if p.Input().SeriesSlug != "" {
			c.a, c.key = p, "series_slug"
			break
		}
	}
	return c
}

// termClaim blames a term's pages on the newest article that has the term.
func termClaim(tx *site.Taxonomy, t *site.Term) claimant {
	return claimant{kind: "the page of " + tx.Key, name: t.Name, quote: true, a: t.Articles[0], key: tx.Key}
}

// aliasClaim blames an alias on its article's aliases line.
func aliasClaim(a *site.Article, alias string) claimant {
	c := claimant{kind: "the alias", name: alias, a: a, key: "aliases"}
	c.content = true
	return c
}

// pageClaim is an article's claim on its own URL.
func pageClaim(a *site.Article) claimant {
	c := articleClaim("the article", a, "slug")
	c.content = true
	return c
}
