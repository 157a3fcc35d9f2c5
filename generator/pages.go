package generator

import (
	"context"
	"fmt"
	"html/template"
	"io/fs"
	"path"
	"strconv"
	"strings"
	"time"

	"github.com/rensai-ssg/rensai/generator/config"
	"github.com/rensai-ssg/rensai/generator/diag"
	"github.com/rensai-ssg/rensai/generator/feed"
	"github.com/rensai-ssg/rensai/generator/output"
	"github.com/rensai-ssg/rensai/generator/site"
	"github.com/rensai-ssg/rensai/generator/theme"
)

// job is one output file: its path, a key that changes whenever its bytes
// would, and how to produce it.
type job struct {
	out  string
	from claimant // who wants it, for the claim table
	twin string   // also written here, when set: the lower-case form of its URL
	key  string
	// keyFn, if set, computes key where it is needed: in runJobs, on the
	// rendering goroutines, and only with a cache.
	keyFn  func() string
	render func() ([]byte, error)
	// redirect, when set, renders what is written at twin instead of the
	// job's own bytes: a page's old URL gets a small redirect page.
	redirect func() ([]byte, error)
}

// inputKey is the job's key (keys.go).
func (j job) inputKey() string {
	if j.keyFn != nil {
		return j.keyFn()
	}
	return j.key
}

// templateFuncs are the template functions besides T. They depend only on
// the configuration.
func templateFuncs(cfg *config.Config) template.FuncMap {
	s := &site.Model{Config: cfg}
	loc := cfg.Location()
	fm := template.FuncMap{
		"relURL":   s.RelURL,
		"absURL":   s.AbsURL,
		"date":     func(t time.Time) string { return siteDate(t.In(loc)) },
		"isoDate":  func(t time.Time) string { return t.In(loc).Format("2006-01-02") },
		"rfc3339":  func(t time.Time) string { return t.In(loc).Format(time.RFC3339) },
		"add":      func(a, b int) int { return a + b },
		"href":     href,
		"pageData": func(pg *Page) (template.HTML, error) { return pageData(loc, pg) },
		"yearMonth": func(y, m int) string {
			if m == 0 {
				return strconv.Itoa(y) + "年"
			}
			return fmt.Sprintf("%d年%d月", y, m)
		},
	}
	addReaderFuncs(fm) // reader.go
	return fm
}

// pageList collects the HTML pages of one build as jobs.
type pageList struct {
	ctx    context.Context // the build's, ending a template that runs too long
	b      *Builder
	thm    *theme.Theme // b's, folded for this site (theme.Specialize)
	s      *site.Model
	global string
	desc   string
	jobs   []job
}

// page starts the data of a page at the site-relative path p.
func (l *pageList) page(kind, p, title, desc string) *Page {
	s := l.s
	return &Page{Site: s.Site, Kind: kind, Title: title, Description: desc, Path: p,
		RelPermalink: s.RelURL(p), Permalink: s.AbsURL(p)}
}

// title is the theme's string key with args, a title shown to readers;
// fallback, for a theme made before the key existed.
func (b *Builder) title(fallback, key string, args ...any) string {
	if t, err := b.thm.T(key, args...); err == nil {
		return t
	}
	return fallback
}

// add adds the page pg, written to out for from, whose inputs key returns
// (keys.go).
func (l *pageList) add(out string, from claimant, key func() string, pg *Page) {
	kind := pg.Kind
	thm := l.thm
	keyFn := func() string { return l.b.pageKey(key, l.global, kind) }
	l.jobs = append(l.jobs, job{out: out, from: from, keyFn: keyFn, render: func() ([]byte, error) {
		if pg.prepare != nil {
			pg.prepare()
		}
		return thm.ExecuteBytes(l.ctx, kind, out, pg)
	}})
}

// twin makes the last job also write a redirect page to it where its URL
// had the slug old instead of the last segment of dir (see lowerSlug), so
// the lower-case URLs of earlier versions keep working. Without an alias
// layout in the theme, the twin gets the page's own bytes.
func (l *pageList) twin(dir, old string, pg *Page) {
	j := &l.jobs[len(l.jobs)-1]
	j.twin = twinOut(j.out, dir, old)
	if j.twin == "" || !l.thm.Has("alias") {
		return
	}
	out, thm := j.twin, l.thm
	rd := l.page("alias", "/"+strings.TrimSuffix(out, "index.html"), pg.Title, "")
	rd.Target, rd.NoIndex = pg.Permalink, true
	j.redirect = func() ([]byte, error) { return thm.ExecuteBytes(l.ctx, "alias", out, rd) }
}

// twinOut is out, a file below the directory URL dir, with the last
// segment of dir replaced by old; "" if old is "".
func twinOut(out, dir, old string) string {
	if old == "" {
		return ""
	}
	d := strings.TrimPrefix(dir, "/")
	parent := path.Dir(strings.TrimSuffix(d, "/"))
	if parent == "." {
		parent = ""
	} else {
		parent += "/"
	}
	return parent + old + "/" + strings.TrimPrefix(out, d)
}

// pageJobs lists every HTML page of the site as jobs, and returns the
// theme specialized for s that they render with.
func (b *Builder) pageJobs(ctx context.Context, s *site.Model) ([]job, *theme.Theme) {
	l := &pageList{ctx: ctx, b: b, s: s, global: b.globalKey(s), desc: s.Config.Description}
	// Every page below has s.Site as its Site and its layout's kind as its
	// Kind (page), so the theme may fold both into its templates.
	// Term and archive pages list articles that other such pages list too.
	l.thm = b.thm.Specialize(ctx, siteKey(s.Site), func(kind string) any { return &Page{Site: s.Site, Kind: kind} }, "term", "archive")
	l.jobs = make([]job, 0, 2*len(s.Articles)+64) // articles, and about as many list pages
	l.articles()
	l.home()
	l.series()
	l.taxonomies()
	l.archives()
	l.fixed()
	l.aliases()
	return l.jobs, l.thm
}

func (l *pageList) articles() {
	s := l.s
	byUpdate := s.SeriesByUpdate()
	for _, a := range s.Articles {
		pg := l.page("article", a.Path, a.DisplayTitle, a.Summary)
		pg.Article = a
		if a.Cover != "" {
			pg.Image = s.AbsURL(a.Cover)
		}
		pg.prepare = func() { pg.JSONLD = feed.ArticleJSONLD(s, a) } // only for pages that are rendered
		pg.SeriesList = otherSeries(a, byUpdate)                     // reader.go: the other series at the end of a final part
		l.add(site.OutputFile(a.Path), pageClaim(a), func() string { return a.InputKey() + "\x00" + seriesKey(pg.SeriesList) }, pg)
	}
}

// home is the paginated list of the articles in no series (reader.go:
// the series have cards of their own); its first page also shows the
// ongoing series and, through .SeriesList, every series by update.
func (l *pageList) home() {
	s := l.s
	all := s.SeriesByUpdate()
	ongoing := ongoingSeries(all)
	idx := newSeriesIndex(s, all)
	l.b.paginate(s, "/", standaloneArticles(s.Articles), func(p string, list []*site.Article, pag *site.Paginator) {
		pg := l.page("home", p, "", l.desc)
		pg.Articles, pg.Paginator = list, pag
		pg.Ongoing, pg.SeriesList, pg.Index = ongoing, all, idx
		shown := all // ongoing is a part of all
		if pag.Number > 1 {
			pg.Title = l.b.title(s.Site.Title+" "+strconv.Itoa(pag.Number)+"ページ目", "title_home_page", pag.Number)
			pg.Ongoing, pg.SeriesList, pg.Index, shown = nil, nil, nil, nil
		}
		from := rensaiClaim("the home page")
		if pag.Number > 1 {
			from = rensaiClaim("home page " + strconv.Itoa(pag.Number))
		}
		l.add(site.OutputFile(p), from, func() string { return listKey(list, pag, shown) }, pg)
	})
}

// series are the series pages and the series index.
func (l *pageList) series() {
	s := l.s
	for _, sr := range s.Series {
		pg := l.page("series", sr.Path, sr.Title, sr.Description)
		pg.Series = sr
		if sr.Cover != "" {
			pg.Image = s.AbsURL(sr.Cover)
		}
		pg.prepare = func() { pg.JSONLD = feed.SeriesJSONLD(s, sr) } // only for pages that are rendered
		l.add(site.OutputFile(sr.Path), seriesClaim(sr), func() string { return sr.InputKey() }, pg)
		l.twin(sr.Path, sr.OldSlug(), pg)
		loc := s.Config.Location()
		l.jobs = append(l.jobs, job{out: strings.TrimPrefix(sr.Path, "/") + PartsFile, from: seriesClaim(sr),
			keyFn:  func() string { return l.b.pageKey(func() string { return sr.InputKey() }, l.global, "parts") },
			render: func() ([]byte, error) { return seriesParts(loc, sr) }})
	}
	// The series index: the ongoing series, then the complete ones, each
	// by last update, [series] paginate to a page, so that a blog of
	// hundreds of serials does not send a phone one page of all of them.
	all := s.SeriesByUpdate()
	idx := newSeriesIndex(s, all)
	order := append(ongoingSeries(all), completedSeries(all, 0)...)
	title := l.b.thm.String("series_index_title")
	pagesOf(s, "/series/", len(order), s.Config.Series.Paginate, func(p string, lo, hi int, pag *site.Paginator) {
		t := title
		if pag.Number > 1 {
			t = l.b.title(title+" "+strconv.Itoa(pag.Number)+"ページ目", "title_series_page", pag.Number)
		}
		pg := l.page("seriesIndex", p, t, l.desc)
		list := order[lo:hi]
		pg.SeriesList, pg.Paginator, pg.Index = list, pag, idx
		from := rensaiClaim("the series index")
		if pag.Number > 1 {
			from = rensaiClaim("series index page " + strconv.Itoa(pag.Number))
		}
		l.add(site.OutputFile(p), from, func() string { return seriesKey(list) + paginatorKey(pag) + idx.key() }, pg)
	})
}

// SeriesIndex is what a page knows of the whole series index, which is
// paginated: how many series are ongoing and complete, and where the
// complete ones start.
type SeriesIndex struct {
	Ongoing, Complete int
	// CompleteURL is the RelPermalink of the index page where the complete
	// series start, with the fragment of their heading; "" without any.
	CompleteURL string
}

// newSeriesIndex counts the series of all, in the order of the index.
func newSeriesIndex(s *site.Model, all []*site.Series) *SeriesIndex {
	idx := &SeriesIndex{}
	for _, sr := range all {
		if sr.Complete {
			idx.Complete++
		} else {
			idx.Ongoing++
		}
	}
	if idx.Complete > 0 {
		idx.CompleteURL = s.RelURL(pageURL("/series/", idx.Ongoing/s.Config.Series.Paginate+1)) + "#completed-heading"
	}
	return idx
}

func (x *SeriesIndex) key() string {
	return strconv.Itoa(x.Ongoing) + "/" + strconv.Itoa(x.Complete) + "\x00" + x.CompleteURL
}

// taxonomies are each taxonomy's index of terms and each term's paginated
// list of articles.
func (l *pageList) taxonomies() {
	s := l.s
	for _, tx := range s.Taxonomies {
		pg := l.page("taxonomy", tx.Path, tx.Name, l.desc)
		pg.Taxonomy = tx
		l.add(site.OutputFile(tx.Path), rensaiClaim("the index of "+tx.Key), func() string { return taxonomyKey(tx) }, pg)
		// A term page sees its taxonomy, not the other terms, also through
		// .Term.Taxonomy.
		ref := &site.Taxonomy{Key: tx.Key, Name: tx.Name, Path: tx.Path, RelPermalink: tx.RelPermalink}
		for _, t := range tx.Terms {
			term := *t
			term.Taxonomy = ref
			members := membersKey(t.Articles)
			from := termClaim(tx, t)
			order := bySeriesOrder(t.Articles) // reader.go: each series' parts together
			l.b.paginateEntries(s, t.Path, order, seriesStarts(order), func(p string, list []*site.Article, pag *site.Paginator) {
				title := l.b.title(tx.Name+"「"+t.Name+"」", "title_term", tx.Name, t.Name)
				if pag.Number > 1 {
					title = l.b.title(title, "title_term_page", tx.Name, t.Name, pag.Number)
				}
				pg := l.page("term", p, title, l.desc)
				pg.Taxonomy, pg.Term, pg.Articles, pg.Paginator = ref, &term, list, pag
				l.add(site.OutputFile(p), from, func() string { return t.Name + "\x00" + members + "\x00" + listKey(list, pag, nil) }, pg)
				l.twin(t.Path, t.OldSlug(), pg)
			})
		}
	}
}

// archives are the archive index and a page per year and per month.
func (l *pageList) archives() {
	s := l.s
	pg := l.page("archive", "/archives/", l.b.thm.String("archive_title"), l.desc)
	pg.Archive = s.Archive
	l.add("archives/index.html", rensaiClaim("the archive index"), func() string { return archiveKey(s.Archive) }, pg)
	for _, y := range s.Archive.Years {
		var list []*site.Article
		for _, m := range y.Months {
			list = append(list, m.Articles...)
		}
		p := fmt.Sprintf("/archives/%04d/", y.Year)
		pg := l.page("archive", p, strconv.Itoa(y.Year)+"年", l.desc)
		pg.Archive = &site.Archive{Year: y.Year, Years: []*site.ArchiveYear{y}, Articles: list}
		l.add(site.OutputFile(p), rensaiClaim("the archive of "+strconv.Itoa(y.Year)), func() string { return articlesKey(list) }, pg)
		for _, m := range y.Months {
			p := fmt.Sprintf("/archives/%04d/%02d/", y.Year, m.Month)
			pg := l.page("archive", p, fmt.Sprintf("%d年%d月", y.Year, m.Month), l.desc)
			pg.Archive = &site.Archive{Year: y.Year, Month: m.Month, Articles: m.Articles}
			l.add(site.OutputFile(p), articleClaim(fmt.Sprintf("the archive of %d-%02d", y.Year, m.Month), m.Articles[0], "date"), func() string { return articlesKey(m.Articles) }, pg)
		}
	}
}

// fixed are the pages that show no article: search, the settings panel
// and 404.
func (l *pageList) fixed() {
	none := func() string { return "" }
	if l.s.Site.Search && l.b.thm.Has("search") {
		pg := l.page("search", "/search/", l.b.thm.String("search_title"), l.desc)
		pg.NoIndex = true
		l.add("search/index.html", rensaiClaim("the search page"), none, pg)
	}
	// The reader's settings panel, one file every page loads when the
	// reader opens it, instead of the same form in every page.
	if l.b.thm.Has("settings") {
		pg := l.page("settings", "/assets/settings.html", l.b.thm.String("settings_title"), "")
		pg.NoIndex = true
		l.add("assets/settings.html", rensaiClaim("the reader settings panel"), none, pg)
	}
	nf := l.page("404", "/404.html", l.b.thm.String("notfound_title"), l.desc)
	nf.NoIndex = true
	l.add("404.html", rensaiClaim("the 404 page"), none, nf)
}

// aliases are the redirects from an article's old URLs.
func (l *pageList) aliases() {
	for _, a := range l.s.Articles {
		for _, alias := range a.Input().Aliases {
			out := site.OutputFile(strings.TrimSuffix(alias, "/") + "/")
			if strings.HasSuffix(alias, ".html") {
				out = strings.TrimPrefix(alias, "/")
			}
			out = strings.TrimPrefix(out, "/")
			pg := l.page("alias", "/"+strings.TrimSuffix(out, "index.html"), a.DisplayTitle, "")
			pg.Target = a.Permalink
			pg.NoIndex = true
			l.add(out, aliasClaim(a, alias), func() string { return a.InputKey() }, pg)
		}
	}
}

// paginate splits list into pages of the configured size at p, p/page/2/...
func (b *Builder) paginate(s *site.Model, p string, list []*site.Article, fn func(p string, list []*site.Article, pag *site.Paginator)) {
	b.paginateEntries(s, p, list, nil, fn)
}

// seriesStarts are the indexes in list, whose series' parts are together
// (bySeriesOrder), where an entry starts: a series or a standalone article.
func seriesStarts(list []*site.Article) []int {
	var starts []int
	for i, a := range list {
		if i == 0 || a.Series == nil || a.Series != list[i-1].Series {
			starts = append(starts, i)
		}
	}
	return starts
}

// paginateEntries is paginate for a list of entries of one or more
// articles each, starting at the indexes starts (nil: one article each):
// a page holds the configured number of entries, and an entry is never
// split across two pages, so a series on a term page is listed once.
func (b *Builder) paginateEntries(s *site.Model, p string, list []*site.Article, starts []int, fn func(p string, list []*site.Article, pag *site.Paginator)) {
	size := s.Config.Paginate
	entries := len(list)
	if starts != nil {
		entries = len(starts)
	}
	at := func(e int) int { // the index in list where entry e starts
		switch {
		case e >= entries:
			return len(list)
		case starts == nil:
			return e
		}
		return starts[e]
	}
	pagesOf(s, p, entries, size, func(url string, e0, e1 int, pag *site.Paginator) {
		fn(url, list[at(e0):at(e1)], pag)
	})
}

// pageURL is the site-relative path of page n of the list at p.
func pageURL(p string, n int) string {
	if n == 1 {
		return p
	}
	return p + "page/" + strconv.Itoa(n) + "/"
}

// pagesOf splits n entries into pages of size at p, p/page/2/... (one
// page when there is none), and calls fn with each page's path, the range
// of entries [lo, hi) it holds and its Paginator.
func pagesOf(s *site.Model, p string, n, size int, fn func(p string, lo, hi int, pag *site.Paginator)) {
	total := max(1, (n+size-1)/size)
	for k := 1; k <= total; k++ {
		pag := &site.Paginator{Number: k, Total: total, First: s.RelURL(pageURL(p, 1)), Last: s.RelURL(pageURL(p, total))}
		for _, w := range site.PageWindow(k, total) {
			l := site.PageLink{Number: w}
			if w > 0 {
				l.URL = s.RelURL(pageURL(p, w))
			}
			pag.Pages = append(pag.Pages, l)
		}
		if k > 1 {
			pag.Prev = s.RelURL(pageURL(p, k-1))
		}
		if k < total {
			pag.Next = s.RelURL(pageURL(p, k+1))
		}
		fn(pageURL(p, k), (k-1)*size, min(n, k*size), pag)
	}
}

// timeKey is an instant as a key: the time and its zone offset.
func timeKey(t time.Time) string {
	_, off := t.Zone()
	return strconv.FormatInt(t.UnixNano(), 10) + "@" + strconv.Itoa(off)
}

// writeAssets copies the theme's assets and the site's static files, and
// writes the syntax-highlighting stylesheet and the files GitHub Pages
// wants. The theme's scripts and stylesheets and the syntax stylesheet go
// out minified unless minify = false; a static file goes out as it is.
func (b *Builder) writeAssets(files []assetFile, w output.Writer) (diag.List, error) {
	sfs := b.siteFS()
	var warnings diag.List
	for _, f := range files {
		data := f.data
		if f.source != "" {
			var err error
			if data, err = fs.ReadFile(sfs, f.source); err != nil {
				return warnings, err
			}
		}
		if b.cfg.MinifyAssets() && !strings.HasPrefix(f.source, "static/") {
			var warn *diag.Error
			if data, warn = b.minifier.minify(f.source, f.out, data); warn != nil {
				warnings = append(warnings, warn)
			}
		}
		if err := w.WriteFile(f.out, data); err != nil {
			return warnings, err
		}
		b.files++
	}
	return warnings, nil
}
