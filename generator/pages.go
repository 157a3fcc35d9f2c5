package generator

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"html/template"
	"io/fs"
	"strconv"
	"strings"
	"sync/atomic"
	"time"

	"github.com/rensai-ssg/rensai/generator/markdown"
	"github.com/rensai-ssg/rensai/generator/output"
)

// pageKey is the fingerprint of a page's inputs (parts, then what key
// returns), by which the dev server knows which pages to render again. A
// one-shot build renders every page once, so it skips computing them.
func (b *Builder) pageKey(key func() string, parts ...string) string {
	if !b.keep {
		return ""
	}
	return fingerprint(append(parts, key())...)
}

// job is one output file: its path, a key that changes whenever its bytes
// would, and how to produce it.
type job struct {
	out    string
	key    string
	render func() ([]byte, error)
}

// funcs are the template functions besides T. They depend only on the
// configuration.
func (s *site) funcs() template.FuncMap {
	loc := s.cfg.Location()
	return template.FuncMap{
		"relURL": s.relURL,
		"absURL": s.absURL,
		"date": func(t time.Time) string {
			if t.IsZero() {
				return ""
			}
			t = t.In(loc)
			return fmt.Sprintf("%d年%d月%d日", t.Year(), t.Month(), t.Day())
		},
		"isoDate": func(t time.Time) string { return t.In(loc).Format("2006-01-02") },
		"rfc3339": func(t time.Time) string { return t.In(loc).Format(time.RFC3339) },
		"add":     func(a, b int) int { return a + b },
		"yearMonth": func(y, m int) string {
			if m == 0 {
				return strconv.Itoa(y) + "年"
			}
			return fmt.Sprintf("%d年%d月", y, m)
		},
	}
}

// pages lists every HTML page of the site as jobs.
func (b *Builder) pageJobs(s *site) []job {
	g := b.global(s)
	var jobs []job
	page := func(kind, p, title, desc string) *Page {
		return &Page{Site: s.data, Kind: kind, Title: title, Description: desc, Path: p,
			RelPermalink: s.relURL(p), Permalink: s.absURL(p)}
	}
	add := func(out string, key func() string, pg *Page) {
		kind := pg.Kind
		jobs = append(jobs, job{out: out, key: b.pageKey(key, g, kind), render: func() ([]byte, error) {
			if pg.prepare != nil {
				pg.prepare()
			}
			return b.thm.ExecuteBytes(kind, pg)
		}})
	}
	cards := func(list []*Article) string {
		var sb strings.Builder
		for _, a := range list {
			sb.WriteString(a.cardKey)
		}
		return sb.String()
	}
	desc := s.cfg.Description

	// Articles.
	for _, a := range s.articles {
		pg := page("article", a.Path, a.DisplayTitle, a.Summary)
		pg.Article = a
		if a.Cover != "" {
			pg.Image = s.absURL(a.Cover)
		}
		pg.prepare = func() { pg.JSONLD = s.articleJSONLD(a) } // only for pages that are rendered
		add(outputFile(a.Path), func() string { return fingerprint(a.cardKey, b.rendered[a.Source].key, navKey(a)) }, pg)
	}

	// Home, paginated, with the ongoing series on every page.
	var ongoing []*Series
	for _, sr := range s.seriesByUpdate() {
		if !sr.Complete {
			ongoing = append(ongoing, sr)
		}
	}
	ongoingKey := fingerprint(seriesListKey(ongoing)) // hashed once: every home page includes it
	b.paginate(s, "/", s.articles, func(p string, list []*Article, pag *Paginator) {
		pg := page("home", p, "", desc)
		if pag.Number > 1 {
			pg.Title = s.data.Title + " " + strconv.Itoa(pag.Number) + "ページ目"
		}
		pg.Articles, pg.Paginator, pg.Ongoing = list, pag, ongoing
		add(outputFile(p), func() string { return fingerprint(cards(list), pag.key(), ongoingKey) }, pg)
	})

	// Series pages and the series index.
	for _, sr := range s.series {
		pg := page("series", sr.Path, sr.Title, sr.Description)
		pg.Series = sr
		if sr.Cover != "" {
			pg.Image = s.absURL(sr.Cover)
		}
		pg.JSONLD = s.seriesJSONLD(sr)
		metaKey := ""
		if sr.meta != nil {
			metaKey = sr.meta.src.Hash
		}
		add(outputFile(sr.Path), func() string {
			return fingerprint(seriesListKey([]*Series{sr}), cards(sr.Parts), metaKey, sr.Description)
		}, pg)
	}
	all := s.seriesByUpdate()
	pg := page("seriesIndex", "/series/", b.thm.String("series_index_title"), desc)
	pg.SeriesList = all
	add("series/index.html", func() string { return seriesListKey(all) }, pg)

	// Taxonomies and terms.
	for _, tx := range s.taxonomies {
		var key strings.Builder
		for _, t := range tx.Terms {
			fmt.Fprintf(&key, "%s\x00%s\x00%d\x00", t.Name, t.RelPermalink, len(t.Articles))
		}
		pg := page("taxonomy", tx.Path, tx.Name, desc)
		pg.Taxonomy = tx
		add(outputFile(tx.Path), func() string { return key.String() }, pg)
		for _, t := range tx.Terms {
			t := t
			b.paginate(s, t.Path, t.Articles, func(p string, list []*Article, pag *Paginator) {
				pg := page("term", p, tx.Name+"「"+t.Name+"」", desc)
				pg.Taxonomy, pg.Term, pg.Articles, pg.Paginator = tx, t, list, pag
				add(outputFile(p), func() string { return fingerprint(t.Name, cards(list), pag.key()) }, pg)
			})
		}
	}

	// Archives.
	{
		var key strings.Builder
		for _, y := range s.archive.Years {
			for _, m := range y.Months {
				fmt.Fprintf(&key, "%d-%d:%d,", y.Year, m.Month, len(m.Articles))
			}
		}
		pg := page("archive", "/archives/", b.thm.String("archive_title"), desc)
		pg.Archive = s.archive
		add("archives/index.html", func() string { return key.String() }, pg)
		for _, y := range s.archive.Years {
			var list []*Article
			for _, m := range y.Months {
				list = append(list, m.Articles...)
			}
			p := fmt.Sprintf("/archives/%04d/", y.Year)
			pg := page("archive", p, strconv.Itoa(y.Year)+"年", desc)
			pg.Archive = &Archive{Year: y.Year, Years: []*ArchiveYear{y}, Articles: list}
			add(outputFile(p), func() string { return cards(list) }, pg)
			for _, m := range y.Months {
				p := fmt.Sprintf("/archives/%04d/%02d/", y.Year, m.Month)
				pg := page("archive", p, fmt.Sprintf("%d年%d月", y.Year, m.Month), desc)
				pg.Archive = &Archive{Year: y.Year, Month: m.Month, Articles: m.Articles}
				add(outputFile(p), func() string { return cards(m.Articles) }, pg)
			}
		}
	}

	// Search page, 404, aliases.
	if s.data.Search && b.thm.Has("search") {
		pg := page("search", "/search/", b.thm.String("search_title"), desc)
		pg.NoIndex = true
		add("search/index.html", func() string { return "" }, pg)
	}
	nf := page("404", "/404.html", b.thm.String("notfound_title"), desc)
	nf.NoIndex = true
	add("404.html", func() string { return "" }, nf)
	for _, a := range s.articles {
		for _, alias := range a.src.Aliases {
			out := outputFile(strings.TrimSuffix(alias, "/") + "/")
			if strings.HasSuffix(alias, ".html") {
				out = strings.TrimPrefix(alias, "/")
			}
			out = strings.TrimPrefix(out, "/")
			pg := page("alias", "/"+strings.TrimSuffix(out, "index.html"), a.DisplayTitle, "")
			pg.Target = a.Permalink
			pg.NoIndex = true
			add(out, func() string { return a.Permalink + a.DisplayTitle }, pg)
		}
	}
	return jobs
}

// paginate splits list into pages of the configured size at p, p/page/2/...
func (b *Builder) paginate(s *site, p string, list []*Article, fn func(p string, list []*Article, pag *Paginator)) {
	size := s.cfg.Paginate
	total := (len(list) + size - 1) / size
	if total == 0 {
		total = 1
	}
	url := func(n int) string {
		if n == 1 {
			return p
		}
		return p + "page/" + strconv.Itoa(n) + "/"
	}
	for n := 1; n <= total; n++ {
		lo, hi := (n-1)*size, n*size
		if hi > len(list) {
			hi = len(list)
		}
		pag := &Paginator{Number: n, Total: total, First: s.relURL(url(1)), Last: s.relURL(url(total))}
		if n > 1 {
			pag.Prev = s.relURL(url(n - 1))
		}
		if n < total {
			pag.Next = s.relURL(url(n + 1))
		}
		fn(url(n), list[lo:hi], pag)
	}
}

func (s *site) seriesByUpdate() []*Series {
	out := append([]*Series(nil), s.series...)
	sortSeries(out)
	return out
}

func navKey(a *Article) string {
	if a.Nav == nil {
		return ""
	}
	return a.Nav.key
}

// timeKey is an instant as a key: the time and its zone offset.
func timeKey(t time.Time) string {
	_, off := t.Zone()
	return strconv.FormatInt(t.UnixNano(), 10) + "@" + strconv.Itoa(off)
}

func (p *Paginator) key() string {
	return strconv.Itoa(p.Number) + "/" + strconv.Itoa(p.Total) + "\x00" + p.Prev + "\x00" + p.Next + "\x00" + p.First + "\x00" + p.Last
}

func seriesListKey(list []*Series) string {
	var sb strings.Builder
	for _, sr := range list {
		sb.WriteString(seriesRef(sr) + "\x00" + sr.Description + "\x00" + timeKey(sr.Updated) + "\x00" + strconv.Itoa(len(sr.Parts)) +
			"\x00" + sr.Cover + "\x00" + sr.First.cardKey + "\x00")
		sb.WriteString(sr.Latest.cardKey)
	}
	return sb.String()
}

// global fingerprints everything every page depends on.
func (b *Builder) global(s *site) string {
	cfg, _ := json.Marshal(s.cfg)
	return fingerprint(b.thm.Hash(), string(cfg), fmt.Sprint(s.data.Drafts))
}

// renderPages runs every job on all cores, reusing the bytes of a page whose
// key did not change since the previous build.
func (b *Builder) renderPages(ctx context.Context, s *site, w output.Writer) (int, error) {
	jobs := b.pageJobs(s)
	n, err := b.runJobs(ctx, jobs, w, "pages")
	s.files += n
	return len(jobs), err
}

func (b *Builder) runJobs(ctx context.Context, jobs []job, w output.Writer, label string) (int, error) {
	errs := make([]error, len(jobs))
	// A one-shot build keeps nothing: each page is written and dropped.
	var memo []*pageMemo
	if b.keep {
		memo = make([]*pageMemo, len(jobs))
	}
	var done, rendered atomic.Int64
	progress := b.opts.Progress
	parallel(ctx, len(jobs), func(i int) {
		j := jobs[i]
		m := b.pages[j.out]
		if m == nil || m.key != j.key {
			data, err := j.render()
			if err != nil {
				errs[i] = err
				return
			}
			m = &pageMemo{key: j.key, data: data}
			rendered.Add(1)
		}
		if memo != nil {
			memo[i] = m
		}
		if err := w.WriteFile(j.out, m.data); err != nil {
			errs[i] = err
		}
		if d := done.Add(1); progress != nil && d%500 == 0 {
			fmt.Fprintf(progress, "\r%s %d/%d", label, d, len(jobs))
		}
	})
	if progress != nil && len(jobs) >= 500 {
		fmt.Fprintf(progress, "\r%s %d/%d\n", label, len(jobs), len(jobs))
	}
	if err := ctx.Err(); err != nil {
		return 0, err
	}
	if err := firstErrors(errs); err != nil {
		return 0, err
	}
	if memo != nil {
		for i, j := range jobs {
			b.next[j.out] = memo[i]
		}
	}
	b.renderCount += int(rendered.Load())
	return len(jobs), nil
}

// firstErrors joins distinct errors, at most 20 of them: a template error
// repeats on every page, and one copy says it all.
func firstErrors(errs []error) error {
	seen := map[string]bool{}
	var out []error
	for _, e := range errs {
		if e == nil || seen[e.Error()] {
			continue
		}
		seen[e.Error()] = true
		out = append(out, e)
		if len(out) == 20 {
			break
		}
	}
	return errors.Join(out...)
}

// writeAssets copies the theme's assets and the site's static files, and
// writes the syntax-highlighting stylesheet and the files GitHub Pages wants.
func (b *Builder) writeAssets(s *site, w output.Writer) error {
	files := map[string][]byte{
		"assets/css/syntax.css": markdown.SyntaxCSS(),
		".nojekyll":             {},
	}
	if s.cfg.CNAME != "" {
		files["CNAME"] = []byte(s.cfg.CNAME + "\n")
	}
	site := b.siteFS()
	for _, a := range b.thm.Assets() {
		data, err := fs.ReadFile(site, a.Source)
		if err != nil {
			return err
		}
		files[a.Out] = data
	}
	for _, name := range sortedKeys(files) {
		if err := w.WriteFile(name, files[name]); err != nil {
			return err
		}
		s.files++
	}
	return nil
}
