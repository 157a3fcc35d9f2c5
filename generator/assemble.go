package generator

import (
	"errors"
	"fmt"
	"html/template"
	"net/url"
	"path"
	"sort"
	"strconv"
	"strings"
	"time"
	"unicode"

	"github.com/rensai-ssg/rensai/generator/config"
	"github.com/rensai-ssg/rensai/generator/content"
	"github.com/rensai-ssg/rensai/generator/markdown"
	"github.com/rensai-ssg/rensai/generator/series"
	"golang.org/x/text/unicode/norm"
)

// site is one build's assembled model.
type site struct {
	cfg      *config.Config
	labels   series.Labels
	now      time.Time
	updated  time.Time // newest date or lastmod among published articles
	data     *Site
	articles []*Article // published, newest first
	bySource map[string]*Article
	// sources maps every loaded article (published or not) to its URL, so a
	// link to a draft is told apart from a link to nothing.
	sources    map[string]string
	published  map[string]bool
	series     []*Series // by key
	taxonomies []*Taxonomy
	archive    *Archive
	warnings   []string
	files      int
}

// assemble turns loaded content into the site model: it selects what is
// published, computes URLs, groups series and taxonomies.
func (b *Builder) assemble() (*site, error) {
	cfg := b.cfg
	s := &site{
		cfg:       cfg,
		bySource:  map[string]*Article{},
		sources:   map[string]string{},
		published: map[string]bool{},
		labels: series.Labels{
			Style: series.Style(cfg.Series.Numerals), Earlier: cfg.Series.Earlier, Later: cfg.Series.Later,
			Final: cfg.Series.Final, First: cfg.Series.First, Pos: cfg.Series.Position,
		},
	}
	switch {
	case !b.opts.Now.IsZero():
		s.now = b.opts.Now
	case cfg.Now != "":
		s.now, _ = cfg.ParseNow()
	default:
		s.now = time.Now()
	}
	s.data = &Site{
		Title: cfg.Title, Description: cfg.Description, Author: cfg.Author,
		BaseURL: cfg.BaseURL, BasePath: cfg.BasePath(), LanguageCode: cfg.LanguageCode,
		Params: cfg.Params, Search: cfg.Search.Enabled(), Drafts: b.opts.Drafts || b.opts.Future,
	}

	var errs []error
	// URLs of every loaded article, then the published selection.
	for _, src := range b.set.Articles {
		p, err := s.permalink(src)
		if err != nil {
			errs = append(errs, err)
			continue
		}
		s.sources[src.Path] = p
		future := src.Date.After(s.now)
		if (src.Draft && !b.opts.Drafts) || (future && !b.opts.Future) {
			continue
		}
		a := &Article{
			src: src, Source: src.Path, Path: p, Title: src.Title, Date: src.Date, Lastmod: src.Lastmod,
			Draft: src.Draft, Future: future, Cover: src.Cover, Params: src.Params, Part: src.Part, Final: src.Final,
		}
		if a.Lastmod.IsZero() || a.Lastmod.Before(a.Date) {
			a.Lastmod = a.Date
		}
		s.setURLs(a)
		s.published[src.Path] = true
		s.bySource[src.Path] = a
		s.articles = append(s.articles, a)
		if a.Lastmod.After(s.updated) {
			s.updated = a.Lastmod
		}
	}
	sort.Slice(s.articles, func(i, j int) bool {
		a, b := s.articles[i], s.articles[j]
		if !a.Date.Equal(b.Date) {
			return a.Date.After(b.Date)
		}
		return a.Source < b.Source
	})

	// Series metadata files, by title and by slug.
	metas := map[string]*content.Article{}
	for _, m := range b.set.Series {
		slug := m.Slug
		if slug == "" {
			slug = strings.TrimSuffix(path.Base(m.Path), ".md")
		}
		for _, k := range []string{m.Title, slug} {
			if k == "" {
				continue
			}
			if prev, ok := metas[k]; ok && prev != m {
				errs = append(errs, fmt.Errorf("content/%s: series %q is also described by content/%s; keep one file per series", m.Path, k, prev.Path))
				continue
			}
			metas[k] = m
		}
	}

	// Group parts into series.
	var members []series.Member
	for i, a := range s.articles {
		if a.src.Series == "" {
			continue
		}
		key := a.src.Series
		if m := metas[key]; m != nil {
			key = m.Title
			if key == "" {
				key = a.src.Series
			}
		}
		members = append(members, series.Member{Series: key, Part: a.Part, Final: a.Final,
			Path: "content/" + a.Source, Line: a.src.Lines["part"], Index: i})
	}
	groups, serrs, swarns := series.Group(members)
	for _, e := range serrs {
		errs = append(errs, e)
	}
	for _, w := range swarns {
		s.warnings = append(s.warnings, w.Error())
	}
	for _, g := range groups {
		sr := &Series{Key: g.Key, Title: g.Key, Complete: g.Complete()}
		if m := metas[g.Key]; m != nil {
			sr.source = m.Path
			sr.Slug = m.Slug
			if sr.Slug == "" {
				sr.Slug = strings.TrimSuffix(path.Base(m.Path), ".md")
			}
			sr.Description = m.Description
			if sr.Description == "" {
				sr.Description = m.Summary
			}
			sr.Cover = m.Cover
			switch m.Status {
			case "complete":
				sr.Complete = true
			case "ongoing":
				sr.Complete = false
			}
			sr.meta = &Article{src: m, Source: m.Path, isMeta: true}
		}
		if sr.Slug == "" {
			sr.Slug = slugify(sr.Title)
			sr.oldSlug = lowerSlug(sr.Slug)
		}
		sr.StatusKey = "ongoing"
		if sr.Complete {
			sr.StatusKey = "complete"
		}
		sr.Path = "/series/" + sr.Slug + "/"
		sr.RelPermalink = s.relURL(sr.Path)
		sr.Permalink = s.absURL(sr.Path)
		sr.FeedURL = s.relURL(sr.Path + "index.xml")
		for _, m := range g.Parts {
			a := s.articles[m.Index]
			a.Series = sr
			sr.Parts = append(sr.Parts, a)
			if sr.Latest == nil || a.Date.After(sr.Latest.Date) || (a.Date.Equal(sr.Latest.Date) && a.Part > sr.Latest.Part) {
				sr.Latest = a
			}
			if a.Lastmod.After(sr.Updated) {
				sr.Updated = a.Lastmod
			}
		}
		sr.First = sr.Parts[0]
		if sr.Description == "" {
			sr.Description = fmt.Sprintf("%s（全%d話）", sr.Title, len(sr.Parts))
		}
		s.series = append(s.series, sr)
	}
	// Metadata files that no published part refers to are harmless but
	// worth a word: often a typo in a part's series: key.
	for _, m := range b.set.Series {
		used := false
		for _, sr := range s.series {
			if sr.source == m.Path {
				used = true
			}
		}
		if !used {
			s.warnings = append(s.warnings, fmt.Sprintf("content/%s: no published part has series: %q; check the series key of its parts", m.Path, m.Title))
		}
	}

	// Labels and display titles.
	for _, a := range s.articles {
		if a.Series == nil {
			a.DisplayTitle = a.Title
			if a.DisplayTitle == "" {
				errs = append(errs, fmt.Errorf("content/%s:1: the article has no title; add title: to its front matter", a.Source))
			}
			continue
		}
		m := series.Member{Part: a.Part, Final: a.Final}
		a.Label = s.labels.Own(m)
		a.Position = s.labels.Position(a.Part)
		tmpl := s.cfg.Series.Display
		if a.Title != "" {
			tmpl = s.cfg.Series.DisplayPart
		}
		a.DisplayTitle = expandDisplay(tmpl, a.Label, a.Series.Title, a.Title)
	}

	// Taxonomies.
	for _, key := range cfg.TaxonomyKeys() {
		tx, warns := s.taxonomy(key)
		s.warnings = append(s.warnings, warns...)
		s.taxonomies = append(s.taxonomies, tx)
		s.data.Taxonomies = append(s.data.Taxonomies, &TaxonomyRef{Key: tx.Key, Name: tx.Name, RelPermalink: tx.RelPermalink})
	}

	// Archive by year and month, newest first.
	s.archive = &Archive{}
	var year *ArchiveYear
	var month *ArchiveMonth
	for _, a := range s.articles {
		d := a.Date.In(cfg.Location())
		if year == nil || year.Year != d.Year() {
			year = &ArchiveYear{Year: d.Year(), RelPermalink: s.relURL(fmt.Sprintf("/archives/%04d/", d.Year()))}
			s.archive.Years = append(s.archive.Years, year)
			month = nil
		}
		if month == nil || month.Month != int(d.Month()) {
			month = &ArchiveMonth{Year: d.Year(), Month: int(d.Month()), RelPermalink: s.relURL(fmt.Sprintf("/archives/%04d/%02d/", d.Year(), d.Month()))}
			year.Months = append(year.Months, month)
		}
		month.Articles = append(month.Articles, a)
		year.Count++
	}

	if len(errs) > 0 {
		return nil, errors.Join(errs...)
	}
	if s.updated.IsZero() {
		s.updated = time.Date(2000, 1, 1, 0, 0, 0, 0, cfg.Location())
	}
	return s, nil
}

// finish completes articles once their Markdown is rendered: content,
// summaries, series navigation and the fingerprints of what lists show.
func (b *Builder) finish(s *site) error {
	for _, a := range s.articles {
		r := a.render
		a.Content = template.HTML(r.HTML)
		a.Summary = a.src.Summary
		if a.Summary == "" {
			a.Summary = r.Summary
		}
		a.Chars = r.Chars
		a.ReadMinutes = (a.Chars + 499) / 500
		if a.ReadMinutes < 1 {
			a.ReadMinutes = 1
		}
	}
	for _, sr := range s.series {
		if sr.meta != nil && sr.meta.render != nil {
			sr.Content = template.HTML(sr.meta.render.HTML)
		}
		b.seriesNav(s, sr)
	}
	b.inputKeys(s)
	return nil
}

// seriesNav gives every part of sr its navigation. The navigation depends
// only on the parts' numbers, titles, URLs and dates, so an unchanged series
// reuses the previous build's navigation (a series of n parts has n*n
// entries).
func (b *Builder) seriesNav(s *site, sr *Series) {
	var sig strings.Builder
	for _, p := range sr.Parts {
		sig.WriteString(strconv.Itoa(p.Part) + "\x00" + strconv.FormatBool(p.Final) + "\x00" + p.Title + "\x00" + p.RelPermalink + "\x00" + timeKey(p.Date) + "\x00" + p.Position + "\x01")
	}
	key := sig.String()
	navs := b.navs[key]
	if navs == nil {
		navs = make([]*SeriesNav, len(sr.Parts))
		total := s.labels.Position(len(sr.Parts))
		total = "全" + strings.TrimPrefix(strings.TrimSuffix(total, "話"), "第") + "話"
		for i, a := range sr.Parts {
			nav := &SeriesNav{Position: a.Position, Total: total}
			for j, p := range sr.Parts {
				item := &NavItem{
					Label: s.labels.Relative(series.Member{Part: p.Part, Final: p.Final}, a.Part),
					Title: p.Title, URL: p.RelPermalink, Part: p.Part, Date: p.Date, Current: i == j,
				}
				nav.Items = append(nav.Items, item)
				switch j {
				case i - 1:
					nav.Prev = item
				case i + 1:
					nav.Next = item
				}
			}
			navs[i] = nav
		}
	}
	b.nextNavs[key] = navs
	for i, a := range sr.Parts {
		a.Nav = navs[i]
	}
}

// tocEntries is an article's table of contents for templates.
func tocEntries(r *markdown.Result) []TOCEntry {
	toc := make([]TOCEntry, len(r.TOC))
	for i, h := range r.TOC {
		toc[i] = TOCEntry{Level: h.Level, ID: h.ID, Text: h.Text, Href: template.URL("#" + escapeURLPart(h.ID))}
	}
	return toc
}

// escapeURLPart percent-encodes every byte but the unreserved ones, with
// lower-case hex: the bytes html/template writes for {{ . }} inside a URL.
func escapeURLPart(s string) string {
	const hex = "0123456789abcdef"
	var b strings.Builder
	for i := 0; i < len(s); i++ {
		c := s[i]
		if 'a' <= c && c <= 'z' || 'A' <= c && c <= 'Z' || '0' <= c && c <= '9' || c == '-' || c == '.' || c == '_' || c == '~' {
			b.WriteByte(c)
			continue
		}
		b.WriteByte('%')
		b.WriteByte(hex[c>>4])
		b.WriteByte(hex[c&15])
	}
	return b.String()
}

// permalink computes an article's site-relative path from its section's
// pattern.
func (s *site) permalink(a *content.Article) (string, error) {
	slug := a.Slug
	if slug == "" {
		base := path.Base(a.Path)
		slug = strings.TrimSuffix(base, ".md")
		if slug == "index" || slug == "_index" {
			slug = path.Base(path.Dir(a.Path))
		}
	}
	pattern := s.cfg.Permalinks[a.Section]
	if pattern == "" {
		pattern = "/:section/:slug/"
		if a.Section == "" {
			pattern = "/:slug/"
		}
	}
	d := a.Date.In(s.cfg.Location())
	p := expandPermalink(pattern, a.Section, slug, d)
	p = "/" + strings.Trim(p, "/") + "/"
	clean := path.Clean(p)
	if p == "//" || clean == "/" || strings.Contains(p, "/../") || strings.Contains(p, "/./") || strings.Contains(p, "//") || strings.ContainsAny(p, "\\?#") {
		line := a.Lines["slug"]
		return "", fmt.Errorf("content/%s:%d: URL %q would leave the output folder or is not a clean path; use a slug of letters, digits and hyphens", a.Path, line, p)
	}
	return p, nil
}

// expandPermalink fills the :section, :slug, :year, :month and :day
// placeholders of a permalink pattern.
func expandPermalink(pattern, section, slug string, d time.Time) string {
	return expand(pattern, ':', ":section", section, ":slug", slug,
		":year", pad(d.Year(), 4), ":month", pad(int(d.Month()), 2), ":day", pad(d.Day(), 2))
}

// expandDisplay fills the {label}, {series} and {title} placeholders of a
// display-title template.
func expandDisplay(tmpl, label, series, title string) string {
	return expand(tmpl, '{', "{label}", label, "{series}", series, "{title}", title)
}

// expand replaces placeholders in tmpl, given as name, value pairs, where
// every name starts with the byte start; anything else is kept as written.
// It does in one pass what a strings.Replacer would, without building one
// per article.
func expand(tmpl string, start byte, pairs ...string) string {
	var b strings.Builder
	for {
		i := strings.IndexByte(tmpl, start)
		if i < 0 {
			b.WriteString(tmpl)
			return b.String()
		}
		b.WriteString(tmpl[:i])
		tmpl = tmpl[i:]
		name, value := tmpl[:1], tmpl[:1] // not a placeholder: keep the byte
		for k := 0; k < len(pairs); k += 2 {
			if strings.HasPrefix(tmpl, pairs[k]) {
				name, value = pairs[k], pairs[k+1]
				break
			}
		}
		b.WriteString(value)
		tmpl = tmpl[len(name):]
	}
}

// pad writes n with at least width digits.
func pad(n, width int) string {
	s := strconv.Itoa(n)
	for len(s) < width {
		s = "0" + s
	}
	return s
}

func (s *site) setURLs(a *Article) {
	a.RelPermalink = s.relURL(a.Path)
	a.Permalink = s.absURL(a.Path)
}

// relURL prefixes a site-relative path with the base path.
func (s *site) relURL(p string) string {
	if strings.Contains(p, "://") {
		return p
	}
	return s.cfg.BasePath() + strings.TrimPrefix(p, "/")
}

// absURL makes a site-relative path absolute.
func (s *site) absURL(p string) string {
	if strings.Contains(p, "://") {
		return p
	}
	return s.cfg.BaseURL + strings.TrimPrefix(p, "/")
}

// outputFile is the file that serves a directory URL.
func outputFile(p string) string {
	return strings.TrimPrefix(p, "/") + "index.html"
}

// resolveLink finds the URL of a Markdown link to another article.
func (s *site) resolveLink(from, dest string) (string, error) {
	target, frag, _ := strings.Cut(dest, "#")
	if u, err := url.PathUnescape(target); err == nil {
		target = u
	}
	var p string
	if strings.HasPrefix(target, "/") {
		p = path.Clean(strings.TrimPrefix(target, "/"))
		p = strings.TrimPrefix(p, "content/")
	} else {
		p = path.Join(path.Dir(from), target)
	}
	u, ok := s.sources[p]
	if !ok {
		return "", fmt.Errorf("link to %s, but there is no content/%s; check the file name", dest, p)
	}
	if !s.published[p] {
		return "", fmt.Errorf("link to content/%s, which is a draft or dated in the future; publish it or remove the link", p)
	}
	if frag != "" {
		frag = "#" + frag
	}
	return s.relURL(u) + frag, nil
}

// slugify makes a URL segment from a title or term, keeping Japanese text:
// letters and digits stay, everything else becomes a single hyphen. Latin
// letters keep their case in a text that has Japanese in it (「Yさんの件」
// gives "Yさんの件": the initial is a person) and are lower-cased in one
// that has none ("Go Tips" gives "go-tips").
func slugify(title string) string {
	var b strings.Builder
	dash := false
	text := norm.NFKC.String(title)
	lower := !hasJapanese(text)
	for _, r := range text {
		if unicode.IsLetter(r) || unicode.IsDigit(r) || unicode.Is(unicode.Mn, r) || r == 'ー' {
			if dash && b.Len() > 0 {
				b.WriteByte('-')
			}
			dash = false
			if lower {
				r = unicode.ToLower(r)
			}
			b.WriteRune(r)
			continue
		}
		dash = true
	}
	if b.Len() == 0 {
		return "x-" + fingerprint(title)[:8]
	}
	return b.String()
}

// hasJapanese reports whether s has a kana or kanji.
func hasJapanese(s string) bool {
	for _, r := range s {
		if unicode.In(r, unicode.Hiragana, unicode.Katakana, unicode.Han) || r == 'ー' {
			return true
		}
	}
	return false
}

// lowerSlug is the lower-case form earlier versions of rensai gave slug,
// or "" if that is slug itself. Pages at a slug made from a title or term
// are also written at this form, so the URLs readers saved keep working.
func lowerSlug(slug string) string {
	old := strings.Map(unicode.ToLower, slug)
	if old == slug {
		return ""
	}
	return old
}
