package generator

import (
	"context"
	"fmt"
	"maps"
	"slices"
	"sort"
	"strings"
	"time"

	"github.com/rensai-ssg/rensai/generator/diag"
	"github.com/rensai-ssg/rensai/generator/markdown"
	"github.com/rensai-ssg/rensai/generator/output"
	"github.com/rensai-ssg/rensai/generator/search"
	"github.com/rensai-ssg/rensai/generator/site"
)

// siteDate writes a date as pages show it (2025年10月6日): the theme's date
// function and the search results both use it, so they read alike. The
// zero time is "".
func siteDate(t time.Time) string {
	if t.IsZero() {
		return ""
	}
	return fmt.Sprintf("%d年%d月%d日", t.Year(), t.Month(), t.Day())
}

// writeSearch builds the full-text index of the published articles.
func (b *Builder) writeSearch(ctx context.Context, s *site.Model, w output.Writer, rep *Report) error {
	docs := make([]search.Document, 0, len(s.Articles))
	var key strings.Builder
	for _, a := range s.Articles {
		if err := ctx.Err(); err != nil {
			return err
		}
		// A part of a serial is shown by its label and own title, the
		// serial's title once beside it (and indexed once, as the series
		// field, so that it cannot outweigh the body).
		r := a.Rendered()
		d := search.Document{
			URL: a.Path, Title: a.DisplayTitle,
			Date: siteDate(a.Date.In(s.Config.Location())), Body: r.Text,
			Taxonomies: a.Input().Taxonomies,
			Readings:   readings(r.Readings),
		}
		if a.Series != nil {
			d.Series, d.SeriesSlug = a.Series.Title, a.Series.Slug
			d.PartLabel = a.Label
			if a.Title != "" {
				d.Title = a.Title // else the display title, as the page shows it
			}
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
		for _, w := range warns {
			rep.Warnings = append(rep.Warnings, &diag.Error{Msg: w, Severity: diag.SevWarning})
		}
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

// readings hands an article's ruby annotations to the index, which indexes
// each reading where its base text occurs (かんじ finds 漢字《かんじ》).
func readings(list []markdown.Reading) []search.Reading {
	if len(list) == 0 {
		return nil
	}
	out := make([]search.Reading, len(list))
	for i, r := range list {
		out[i] = search.Reading{Base: r.Base, Ruby: r.Ruby}
	}
	return out
}
