package generator

import (
	"context"
	"maps"
	"slices"
	"sort"
	"strings"

	"github.com/rensai-ssg/rensai/generator/output"
	"github.com/rensai-ssg/rensai/generator/search"
	"github.com/rensai-ssg/rensai/generator/site"
)

// writeSearch builds the full-text index of the published articles.
func (b *Builder) writeSearch(ctx context.Context, s *site.Model, w output.Writer, rep *Report) error {
	docs := make([]search.Document, 0, len(s.Articles))
	var key strings.Builder
	for _, a := range s.Articles {
		d := search.Document{
			URL: a.Path, Title: a.DisplayTitle, PartLabel: a.Position,
			Date: a.Date.In(s.Config.Location()).Format("2006-01-02"), Body: a.Rendered().Text,
			Taxonomies: a.Input().Taxonomies,
		}
		if a.Series != nil {
			d.Series, d.SeriesSlug = a.Series.Title, a.Series.Slug
		}
		docs = append(docs, d)
		key.WriteString(a.InputKey())
	}
	sort.Slice(docs, func(i, j int) bool { return docs[i].URL < docs[j].URL })
	k := fingerprint(key.String())
	if b.search == nil || b.search.key != k {
		if b.indexer == nil {
			tok := b.opts.Tokenizer
			if tok == nil {
				// Loaded only when a text is missing from the cache.
				tok = search.NewLazyKagomeTokenizer()
			}
			b.indexer = search.NewIndexer(tok, search.Options{CacheDir: b.opts.CacheDir, Warn: func(msg string) {
				b.searchMu.Lock()
				b.searchWarn = append(b.searchWarn, msg)
				b.searchMu.Unlock()
			}})
		}
		b.searchWarn = nil
		files, err := b.indexer.Build(ctx, docs)
		if err != nil {
			return err
		}
		warns := append([]string(nil), b.searchWarn...)
		sort.Strings(warns)
		rep.Warnings = append(rep.Warnings, warns...)
		b.search = &searchMemo{key: k, files: files}
	}
	for _, name := range slices.Sorted(maps.Keys(b.search.files)) {
		if err := w.WriteFile(name, b.search.files[name]); err != nil {
			return err
		}
		b.files++
	}
	return nil
}
