package importer

import (
	"maps"
	"slices"
)

// The front-matter keys of a Hugo or Jekyll post that the import turns
// into rensai's own (title, date, tags ...) or that are the old
// generator's machinery with no meaning here once read (Jekyll's layout,
// Hugo's build options and headless). Every
// other key is kept under params:, where templates read it as
// .Article.Params and where no future rensai key can take its name.
var (
	hugoMapped = []string{"title", "date", "publishDate", "lastmod", "update", "updated", "modified",
		"draft", "slug", "summary", "image", "tags", "categories", "author", "url", "aliases", "series", "part",
		"build", "_build", "headless"}
	jekyllMapped = []string{"title", "date", "last_modified_at", "slug", "published", "excerpt", "image",
		"tags", "categories", "category", "author", "permalink", "redirect_from", "series", "part", "layout"}
)

// keepParams adds to p.Extra, as one params: table, the keys of m that are
// neither in mapped nor in used (the keys whose use depends on the post:
// description when it became the summary, weight when it became the part).
// The keys of a params: table in m (Hugo's own place for them) join the
// others; one set in both places keeps the table's value, as Hugo does.
func keepParams(p *Post, m map[string]any, mapped []string, used ...string) {
	kept := map[string]any{}
	for k, v := range m {
		if k != "params" && !slices.Contains(mapped, k) && !slices.Contains(used, k) {
			kept[k] = v
		}
	}
	if nested, ok := m["params"].(map[string]any); ok {
		for k, v := range nested {
			kept[k] = v
		}
	} else if v, ok := m["params"]; ok && v != nil {
		kept["params"] = v // not a table: kept as it was, under its own name
	}
	if len(kept) > 0 {
		p.Extra = append(p.Extra, Field{Key: "params", Value: kept})
	}
}

// params returns the params: table of an imported file: the keys the
// source kept there (keepParams) and the import's own notes, which rensai
// does not read but templates may: the author, WordPress's sticky flag, a
// part's whole title on the old blog (original_title) and the item it came
// from (imported_from). With every such key under params:, none can clash
// with a key a later rensai reads. A note the old post already had under
// params keeps the old post's value, except imported_from, which always
// names this import's source.
func (e *entry) params() map[string]any {
	table := map[string]any{}
	if kept, ok := e.fields.Get("params").(map[string]any); ok {
		maps.Copy(table, kept)
	}
	note := func(key string, value any, set bool) {
		if _, had := table[key]; set && !had {
			table[key] = value
		}
	}
	p := e.post
	note("author", p.Author, p.Author != "")
	note("sticky", true, p.Sticky)
	note("original_title", e.oldTitle, e.oldTitle != "")
	table["imported_from"] = p.Kind + ": " + p.Ref
	return table
}
