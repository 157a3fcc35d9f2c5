package site

import (
	"maps"
	"slices"
	"sort"
	"strings"

	"github.com/rensai-ssg/rensai/generator/content"
	"github.com/rensai-ssg/rensai/generator/diag"
)

// taxonomy gathers the terms of the taxonomy key from the published
// articles and links each article to its terms.
//
// Names equal after Unicode normalisation (NFKC) and case folding are one
// term, shown as first written ("ＰＣ" and "pc" join "PC"). Other names are
// other terms even when their slugs are equal: "C++" and "C#" both slugify
// to "c", so one keeps it and the other gets a suffix made from its name,
// which stays the same whatever other terms come and go, and a warning
// says so.
func (m *Model) taxonomy(key string) (*Taxonomy, diag.List) {
	tx := &Taxonomy{Key: key, Name: m.Config.Taxonomies[key], Path: "/" + key + "/"}
	tx.RelPermalink = m.RelURL(tx.Path)
	byFold := map[string]*Term{}
	folds := map[string]string{} // by name: names repeat across thousands of articles
	fold := func(name string) string {
		f, ok := folds[name]
		if !ok {
			f = content.TermFold(name)
			folds[name] = f
		}
		return f
	}
	for _, a := range m.Articles {
		for _, name := range a.src.Taxonomies[key] {
			fold := fold(name)
			t := byFold[fold]
			if t == nil {
				t = &Term{Taxonomy: tx, Name: name}
				byFold[fold] = t
				tx.Terms = append(tx.Terms, t)
			}
			if len(t.Articles) == 0 || t.Articles[len(t.Articles)-1] != a {
				t.Articles = append(t.Articles, a)
			}
		}
	}
	warns := assignTermSlugs(tx)
	for _, t := range tx.Terms {
		t.oldSlug = LowerSlug(t.Slug)
		t.Path = tx.Path + t.Slug + "/"
		t.RelPermalink = m.RelURL(t.Path)
		t.FeedURL = m.RelURL(t.Path + "index.xml")
	}
	for _, a := range m.Articles {
		for _, name := range a.src.Taxonomies[key] {
			t := byFold[fold(name)]
			a.Terms = append(a.Terms, &TermRef{Taxonomy: tx.Name, Key: key, Name: t.Name, URL: t.RelPermalink})
		}
	}
	sort.Slice(tx.Terms, func(i, j int) bool {
		a, b := tx.Terms[i], tx.Terms[j]
		if len(a.Articles) != len(b.Articles) {
			return len(a.Articles) > len(b.Articles)
		}
		return a.Slug < b.Slug
	})
	return tx, warns
}

// assignTermSlugs gives every term of tx its slug. Terms whose slugs are
// equal (ignoring case, as a case-insensitive file system would) are
// sorted by name; the first keeps the slug, the others get "-" and eight
// hex digits of a hash of their name.
func assignTermSlugs(tx *Taxonomy) diag.List {
	bySlug := map[string][]*Term{}
	for _, t := range tx.Terms {
		t.Slug = Slugify(t.Name)
		k := strings.ToLower(t.Slug)
		bySlug[k] = append(bySlug[k], t)
	}
	var warns diag.List
	for _, k := range slices.Sorted(maps.Keys(bySlug)) {
		group := bySlug[k]
		if len(group) < 2 {
			continue
		}
		slices.SortFunc(group, func(a, b *Term) int { return strings.Compare(a.Name, b.Name) })
		names := make([]any, len(group))
		for i, t := range group {
			names[i] = diag.P("site.termName", t.Name)
			if i > 0 {
				t.Slug += "-" + shortHash(t.Name)
			}
		}
		var moved []any
		for _, t := range group[1:] {
			moved = append(moved, diag.P("site.termMoved", t.Name, "/"+tx.Key+"/"+t.Slug+"/"))
		}
		first := group[1].Articles[0]
		warns = append(warns, diag.WarnT("content/"+first.Source, max(first.src.Lines[tx.Key], 1), "site.termsShareURL",
			tx.Key, phraseList("site.termNames", names), "/"+tx.Key+"/"+group[0].Slug+"/", phraseList("site.termsMoved", moved)))
	}
	return warns
}

// phraseList joins phrases with the catalog's pair message key ("%s, %s"
// in English), so that each language writes its own list: [a b c] is
// key(a, key(b, c)).
func phraseList(key string, items []any) any {
	if len(items) == 1 {
		return items[0]
	}
	return diag.P(key, items[0], phraseList(key, items[1:]))
}
