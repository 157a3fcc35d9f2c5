package generator

import (
	"cmp"
	"context"
	"errors"
	"fmt"
	"maps"
	"os"
	"path/filepath"
	"slices"
	"sort"
	"strings"
	"time"

	"github.com/rensai-ssg/rensai/generator/diag"
	"github.com/rensai-ssg/rensai/generator/markdown"
	"github.com/rensai-ssg/rensai/generator/output"
	"github.com/rensai-ssg/rensai/generator/search"
	"github.com/rensai-ssg/rensai/generator/site"
	"github.com/rensai-ssg/rensai/internal/pool"
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
	b.releasePages(s)
	again, err := b.textsAgain(ctx, s)
	if err != nil {
		return err
	}
	docs := make([]search.Document, 0, len(s.Articles))
	digests := make(map[*markdown.Result]*search.Prepared, len(b.digests))
	var key []string
	for _, a := range s.Articles {
		if err := ctx.Err(); err != nil {
			return err
		}
		r := a.Rendered()
		d := searchDoc(s, a, r.Text)
		if text, ok := again[a]; ok {
			d.Body = text
			if b.digests != nil {
				digests[r] = b.indexer.Fingerprint(d)
			}
		}
		d.Prepared = b.prepared[a.Source]
		if p := b.digests[r]; p != nil && r.Text == "" {
			d.Prepared, digests[r] = p, p
		}
		if d.Prepared != nil {
			d.Reload = func() (string, error) { return b.renderText(a) }
		}
		docs = append(docs, d)
		key = append(key, docKey(&d, a.InputKey()))
	}
	sort.Slice(docs, func(i, j int) bool { return docs[i].URL < docs[j].URL })
	b.prepared = nil
	if b.digests != nil {
		b.digests = digests // those of articles gone or rendered again go
	}
	slices.Sort(key)
	k := fingerprint(key...)
	if b.search == nil || b.search.key != k {
		b.searchIndexer()
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
		b.saveSourcesKey()
	}
	for _, name := range slices.Sorted(maps.Keys(b.search.files)) {
		if err := w.WriteFile(name, b.search.files[name]); err != nil {
			return err
		}
		b.files++
	}
	return nil
}

// docKey is the key of what the index makes of document d, whose body
// (as rendered, dropped or not) is keyed by body: every field of d, so
// that a change the articles' page keys leave to the configuration (the
// labels of parts, the time zone of dates) builds the index again.
func docKey(d *search.Document, body string) string {
	parts := []string{d.URL, d.Title, d.Series, d.SeriesSlug, d.PartLabel, d.Date, body}
	for _, tax := range slices.Sorted(maps.Keys(d.Taxonomies)) {
		parts = append(parts, tax, strings.Join(d.Taxonomies[tax], "\x1f"))
	}
	for _, r := range d.Readings {
		parts = append(parts, r.Base, r.Ruby)
	}
	return fingerprint(parts...)
}

// searchDoc is article a as the index sees it, with body as its text.
func searchDoc(s *site.Model, a *site.Article, body string) search.Document {
	d := searchHead(a)
	d.Date = siteDate(a.Date.In(s.Config.Location()))
	d.Body = body
	d.Taxonomies = termNames(a)
	d.Readings = readings(a.Rendered().Readings)
	return d
}

// termNames is a's terms by taxonomy key, each as its term page names it
// (the first spelling the site has of it), so that the index's term
// filters and the term pages agree on "Edge Case" and "edge case".
func termNames(a *site.Article) map[string][]string {
	if len(a.Terms) == 0 {
		return nil
	}
	out := map[string][]string{}
	for _, t := range a.Terms {
		out[t.Key] = append(out[t.Key], t.Name)
	}
	return out
}

// startSearchStream makes a one-shot build with search analyse each
// article's text as soon as it is rendered (prepareSearch) and merge it
// into the index, instead of holding every text until the search step:
// at 10,000 articles the texts are 169 MB. The dev server keeps its texts
// for the next build and analyses them in the search step. It sorts todo,
// the articles to render, in the order of the index, so that each
// analysis is merged almost as soon as it is made.
func (b *Builder) startSearchStream(s *site.Model, todo []*site.Article) {
	b.prepared = nil
	if b.cache != nil && b.cfg.Search.Enabled() {
		b.searchIndexer() // for digestText, on the Markdown workers
		if b.digests == nil {
			b.digests = map[*markdown.Result]*search.Prepared{}
		}
	}
	if b.cache != nil || !b.cfg.Search.Enabled() || b.deferSearch() {
		return
	}
	var n int64
	docs := make([]search.Document, len(s.Articles))
	for i, a := range s.Articles {
		n += int64(len(a.Input().Body))
		docs[i] = searchHead(a)
	}
	b.prepared = make(map[string]*search.Prepared, len(s.Articles))
	b.searchIndexer().StartPrepare(docs, n)
	slices.SortStableFunc(todo, func(x, y *site.Article) int {
		if x.IsMeta() || y.IsMeta() {
			return cmp.Compare(boolInt(x.IsMeta()), boolInt(y.IsMeta()))
		}
		return cmp.Or(cmp.Compare(seriesSlug(x), seriesSlug(y)), cmp.Compare(x.Path, y.Path))
	})
}

func seriesSlug(a *site.Article) string {
	if a.Series == nil {
		return ""
	}
	return a.Series.Slug
}

func boolInt(v bool) int {
	if v {
		return 1
	}
	return 0
}

// searchHead is article a as the index sees it before it is rendered: no
// body, no readings. A part of a serial is shown by its label and own
// title, the serial's title once beside it (and indexed once, as the
// series field, so that it cannot outweigh the body). A part without a
// title of its own has an empty title: its display title (【前編①】 and
// the serial's title) would show the label and the serial's title twice,
// and index both twice; the result shows them once each.
func searchHead(a *site.Article) search.Document {
	d := search.Document{URL: a.Path, Title: a.DisplayTitle}
	if a.Series != nil {
		d.Series, d.SeriesSlug = a.Series.Title, a.Series.Slug
		d.PartLabel = a.Label
		d.Title = a.Title
	}
	return d
}

// prepareSearch analyses the text of article a, just rendered, for the
// search index and drops it; on failure the text stays for the search
// step, which meets the same failure and reports it. A Builder with a
// cache fingerprints the text instead (digestText).
func (b *Builder) prepareSearch(ctx context.Context, s *site.Model, a *site.Article) {
	r := a.Rendered()
	if a.IsMeta() || r == nil {
		return
	}
	if b.prepared == nil {
		if b.digests != nil && b.cfg.Search.Enabled() {
			b.digestText(s, a, r)
		}
		return
	}
	p, err := b.indexer.Prepare(ctx, searchDoc(s, a, r.Text))
	if err != nil {
		return
	}
	b.searchMu.Lock()
	b.prepared[a.Source] = p
	b.searchMu.Unlock()
	r.Text = ""
}

// digestText drops the plain text of article a, just rendered as r, and
// keeps its search fingerprint (search.Indexer.Fingerprint) in its place,
// for a Builder with a cache: the dev server keeps every article's
// rendering from one build to the next, and the texts, which only the
// search index reads, were as large as the HTML (150 MB at 10,000
// articles). The index takes each article's analysis from the analysis
// cache under its fingerprint; an article the cache does not have (a cold
// cache: every article, once) is rendered again for its text while the
// index is built (renderText), which costs a small part of analysing it.
func (b *Builder) digestText(s *site.Model, a *site.Article, r *markdown.Result) {
	p := b.indexer.Fingerprint(searchDoc(s, a, r.Text))
	b.searchMu.Lock()
	b.digests[r] = p
	b.searchMu.Unlock()
	r.Text = ""
}

// textsAgain renders again, on all cores, the texts of the articles of s
// that have neither a text nor a fingerprint but a body: those rendered
// while the search index was off (render.go drops their texts), before
// the configuration turned it on. The texts are returned, not kept.
func (b *Builder) textsAgain(ctx context.Context, s *site.Model) (map[*site.Article]string, error) {
	var todo []*site.Article
	for _, a := range s.Articles {
		if r := a.Rendered(); r != nil && r.Text == "" && r.Chars > 0 && b.digests[r] == nil && b.prepared[a.Source] == nil {
			todo = append(todo, a)
		}
	}
	if len(todo) == 0 {
		return nil, nil
	}
	texts := make([]string, len(todo))
	errs := make([]error, len(todo))
	err := pool.Each(ctx, len(todo), func(i int) { texts[i], errs[i] = b.renderText(todo[i]) })
	if err := errors.Join(append(errs, err)...); err != nil {
		return nil, err
	}
	again := make(map[*site.Article]string, len(todo))
	for i, a := range todo {
		again[a] = texts[i]
	}
	return again, nil
}

// renderText renders article a again for its text, when the index needs
// a text prepareSearch dropped.
func (b *Builder) renderText(a *site.Article) (string, error) {
	body, err := b.body(a)
	if err != nil {
		return "", err
	}
	res, err := b.md.Render("content/"+a.Source, body, a.Input().BodyLine)
	if err != nil {
		return "", err
	}
	return res.Text, nil
}

// releasePages drops the articles' HTML before a one-shot build (one
// that keeps no cache for a next build) makes its search index: every page
// and feed is written by then and nothing reads the HTML again, while the
// index is the build's largest working set. At 10,000 articles the HTML is
// about 170 MB of the 930 MB live at the peak.
func (b *Builder) releasePages(s *site.Model) {
	if b.cache != nil {
		return
	}
	for _, a := range s.Articles {
		a.Content = ""
		if r := a.Rendered(); r != nil {
			r.HTML = ""
		}
	}
	for _, sr := range s.Series {
		sr.Content = ""
		if m := sr.Meta(); m != nil && m.Rendered() != nil {
			m.Rendered().HTML = ""
		}
	}
}

// searchIndexer returns the Builder's Indexer, made on first use.
func (b *Builder) searchIndexer() *search.Indexer {
	if b.indexer == nil {
		tok := b.opts.Tokenizer
		if tok == nil {
			// Loaded only when a text is missing from the cache.
			tok = search.NewLazyKagomeTokenizerWriting(b.opts.CacheDir, b.opts.WriteDictionary)
		}
		// A Builder with a cache (the dev server's) keeps the merged
		// index, so that the index after an edit costs what changed.
		b.indexer = search.NewIndexer(tok, search.Options{CacheDir: b.opts.CacheDir, Keep: b.cache != nil, Warn: func(msg string) {
			b.searchMu.Lock()
			b.searchWarn = append(b.searchWarn, msg)
			b.searchMu.Unlock()
		}})
	}
	return b.indexer
}

// preloadDictionary starts loading the search tokenizer's dictionary in
// the background when the content just loaded differs from the content of
// the last search index built with this cache folder, so that the load
// overlaps the markdown, pages and feeds steps instead of waiting in the
// search step. Content that differs may still hit the analysis cache (a
// changed date, say), and then the load was only spent off the critical
// path; content that matches never starts it. With DeferSearch, a
// Builder that has built no index yet leaves the load to Result.Later,
// which follows the pages anyway: loading it while the dev server's first
// build renders every page would only take cores from the pages and raise
// that build's peak (kagome's embedded form is 88 MB, the flat form of a
// warm cache folder 30 MB).
func (b *Builder) preloadDictionary() {
	if !b.cfg.Search.Enabled() || (b.deferSearch() && b.search == nil) {
		return
	}
	if prev, err := os.ReadFile(b.sourcesKeyPath()); err == nil && string(prev) == b.sourcesKey() {
		return
	}
	b.searchIndexer().Preload()
}

func (b *Builder) sourcesKeyPath() string {
	return filepath.Join(b.opts.CacheDir, "dict", "sources")
}

// saveSourcesKey records the content the search index was just built
// from, for preloadDictionary. Best effort: without it the next build
// preloads the dictionary.
func (b *Builder) saveSourcesKey() {
	path := b.sourcesKeyPath()
	if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
		return
	}
	_ = os.WriteFile(path, []byte(b.sourcesKey()), 0o644)
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
