package site

import (
	"cmp"
	"slices"

	"github.com/rensai-ssg/rensai/generator/content"
	"github.com/rensai-ssg/rensai/generator/diag"
	"github.com/rensai-ssg/rensai/internal/spell"
)

// keyTypos warns of each front-matter key rensai does not read that is one
// slip away from a key it does ("serie", "Tags", "draf"): such a key only
// reaches templates, so the article would quietly lose its series, its
// terms or its draft state. Drafts are checked too, for rensai serve shows
// them. Keys under params: are meant for templates and never warn. Keys
// repeat from article to article, so each is matched once.
func keyTypos(in Input) diag.List {
	known := append(content.KnownKeys(), in.Config.TaxonomyKeys()...)
	meant := map[string]string{}
	var ws diag.List
	for _, set := range [][]*content.Article{in.Content.Articles, in.Content.Series} {
		for _, a := range set {
			var odd []string
			for k := range a.Params {
				if _, top := a.Lines[k]; !top {
					continue // under params:, meant for templates
				}
				m, seen := meant[k]
				if !seen {
					m = spell.Suggest(k, known)
					meant[k] = m
				}
				if m != "" && m != k {
					odd = append(odd, k)
				}
			}
			slices.SortFunc(odd, func(x, y string) int { return cmp.Or(cmp.Compare(a.Lines[x], a.Lines[y]), cmp.Compare(x, y)) })
			for _, k := range odd {
				ws = append(ws, diag.WarnT("content/"+a.Path, max(a.Lines[k], 1), "site.keyTypo", k, meant[k], k))
			}
		}
	}
	return ws
}
