package site

import (
	"cmp"
	"fmt"
	"path"
	"slices"
	"strings"

	"github.com/rensai-ssg/rensai/generator/content"
	"github.com/rensai-ssg/rensai/generator/diag"
	"github.com/rensai-ssg/rensai/generator/series"
)

// groupSeries groups the published parts into series, applying their
// metadata files (content/series/<slug>.md).
func (m *Model) groupSeries(metaFiles []*content.Article) []error {
	metas, errs := seriesMetas(metaFiles)
	index := newMetaIndex(metas, metaFiles)
	var members []series.Member
	for i, a := range m.Articles {
		if a.src.Series == "" {
			continue
		}
		key := a.src.Series
		if meta := index.find(key); meta != nil {
			key = meta.Title
			if key == "" {
				key = a.src.Series
			}
		}
		members = append(members, series.Member{Series: key, Part: a.Part, Final: a.Final,
			Path: "content/" + a.Source, Line: a.src.Lines["part"], Index: i})
	}
	oneSpelling(members)
	slugs, slugErrs := m.declaredSlugs(members)
	errs = append(errs, slugErrs...)
	groups, serrs, swarns := series.Group(members)
	for _, e := range serrs {
		errs = append(errs, e.Diag())
	}
	// A ghost serial (a typo in series: that made a second series) stops
	// the build; a series with a metadata file or a series_slug: is
	// declared on purpose.
	declared := func(key string) bool { return index.find(key) != nil || slugs[key].slug != "" }
	for _, e := range series.FindGhosts(groups, declared) {
		errs = append(errs, e.Diag())
	}
	for _, w := range swarns {
		m.Warnings = append(m.Warnings, w.Warning())
	}
	for _, g := range groups {
		meta, d := index.find(g.Key), slugs[g.Key]
		if meta != nil && d.slug != "" && d.slug != meta.MetaSlug() {
			errs = append(errs, diag.T(d.path, d.line, "series.slugMeta", d.slug, meta.MetaSlug(), meta.Path))
		}
		m.Series = append(m.Series, m.newSeries(g, meta, d.slug))
	}
	// Metadata files that no published part refers to are harmless but
	// worth a word: often a typo in a part's series: key.
	for _, meta := range metaFiles {
		used := false
		for _, sr := range m.Series {
			if sr.source == meta.Path {
				used = true
			}
		}
		if used {
			continue
		}
		// A series whose parts are all drafts (or dated later) is one
		// being written, not a typo: say so, and how it appears.
		waiting := 0
		for _, u := range m.unpublished {
			if u.series != "" && index.find(u.series) == meta {
				waiting++
			}
		}
		if waiting > 0 {
			m.Warnings = append(m.Warnings, diag.WarnT("content/"+meta.Path, 0, "series.notYet", meta.Title, waiting))
		} else {
			m.Warnings = append(m.Warnings, diag.WarnT("content/"+meta.Path, 0, "series.unusedMeta", meta.Title))
		}
	}
	return errs
}

// declaredSlug is the series_slug: a series' parts give, and the first
// part that gives it.
type declaredSlug struct {
	slug, path string
	line       int
}

// declaredSlugs collects the series_slug: of each series (by the members'
// keys, after oneSpelling). A part that gives another value than the
// series' first part with one (by part number, then path) is an error
// naming both.
func (m *Model) declaredSlugs(members []series.Member) (map[string]declaredSlug, []error) {
	var given []series.Member
	for _, mb := range members {
		if m.Articles[mb.Index].src.SeriesSlug != "" {
			given = append(given, mb)
		}
	}
	slices.SortFunc(given, func(a, b series.Member) int {
		return cmp.Or(cmp.Compare(a.Part, b.Part), cmp.Compare(a.Path, b.Path))
	})
	out := map[string]declaredSlug{}
	var errs []error
	for _, mb := range given {
		src := m.Articles[mb.Index].src
		d := declaredSlug{slug: src.SeriesSlug, path: mb.Path, line: src.Lines["series_slug"]}
		prev, seen := out[mb.Series]
		switch {
		case !seen:
			out[mb.Series] = d
		case prev.slug != d.slug:
			errs = append(errs, diag.T(d.path, d.line, "series.slugTwice", d.slug, prev.path, prev.line, mb.Series, prev.slug))
		}
	}
	return out, errs
}

// metaIndex finds a series' metadata file: by title or slug as written,
// else by a title equal after series.NormalizeTitle.
type metaIndex struct {
	exact, folded map[string]*content.Article
}

func newMetaIndex(exact map[string]*content.Article, files []*content.Article) metaIndex {
	folded := map[string]*content.Article{}
	for _, meta := range files { // sorted by path: the first one wins
		if n := series.NormalizeTitle(meta.Title); meta.Title != "" && folded[n] == nil {
			folded[n] = meta
		}
	}
	return metaIndex{exact, folded}
}

func (x metaIndex) find(key string) *content.Article {
	if meta := x.exact[key]; meta != nil {
		return meta
	}
	return x.folded[series.NormalizeTitle(key)]
}

// oneSpelling gives the members whose series titles are equal after
// series.NormalizeTitle (ｸﾚｰﾑ and クレーム, Ｙ and Y) one key: the spelling
// most of them use, then the smallest, so that they form one series.
func oneSpelling(members []series.Member) {
	// Every part repeats its serial's title: normalise each spelling once.
	normal := map[string]string{}
	normalize := func(title string) string {
		n, ok := normal[title]
		if !ok {
			n = series.NormalizeTitle(title)
			normal[title] = n
		}
		return n
	}
	counts := map[string]map[string]int{} // normalised -> spelling -> parts
	for _, mb := range members {
		n := normalize(mb.Series)
		if counts[n] == nil {
			counts[n] = map[string]int{}
		}
		counts[n][mb.Series]++
	}
	chosen := make(map[string]string, len(counts))
	for n, spellings := range counts {
		best := ""
		for sp, c := range spellings {
			if best == "" || c > spellings[best] || (c == spellings[best] && sp < best) {
				best = sp
			}
		}
		chosen[n] = best
	}
	for i := range members {
		members[i].Series = chosen[normalize(members[i].Series)]
	}
}

// seriesMetas indexes the series metadata files by title and by slug.
func seriesMetas(files []*content.Article) (map[string]*content.Article, []error) {
	var errs []error
	metas := map[string]*content.Article{}
	for _, meta := range files {
		slug := meta.Slug
		if slug == "" {
			slug = strings.TrimSuffix(path.Base(meta.Path), ".md")
		}
		for _, k := range []string{meta.Title, slug} {
			if k == "" {
				continue
			}
			if prev, ok := metas[k]; ok && prev != meta {
				errs = append(errs, diag.T("content/"+meta.Path, 0, "series.metaTwice", k, prev.Path))
				continue
			}
			metas[k] = meta
		}
	}
	return metas, errs
}

// newSeries makes the series of group g, described by meta if not nil;
// declared is the series_slug: its parts give, if any.
func (m *Model) newSeries(g *series.Series, meta *content.Article, declared string) *Series {
	sr := &Series{Key: g.Key, Title: g.Key, Complete: g.Complete()}
	if meta == nil {
		sr.Slug = declared
	}
	if meta != nil {
		sr.source = meta.Path
		sr.Slug = meta.MetaSlug()
		sr.Description = meta.Description
		if sr.Description == "" {
			sr.Description = meta.Summary
		}
		sr.Cover = meta.Cover
		switch meta.Status {
		case "complete":
			sr.Complete = true
		case "ongoing":
			// A final part ends the serial whatever the metadata file
			// says: 完結編 above 「次回の更新をお待ちください」 would
			// contradict itself. The file's status: ongoing (written by
			// the archetype of rensai new series) is worth a word.
			if sr.Complete {
				last := m.Articles[g.Parts[len(g.Parts)-1].Index]
				m.Warnings = append(m.Warnings, diag.WarnT("content/"+meta.Path, max(meta.Lines["status"], 1),
					"series.ongoingFinal", last.Part, "content/"+last.Source))
			}
		}
		sr.meta = &Article{src: meta, Source: meta.Path, isMeta: true}
	}
	if sr.Slug == "" {
		sr.Slug = Slugify(sr.Title)
		sr.oldSlug = LowerSlug(sr.Slug)
	}
	sr.StatusKey = "ongoing"
	if sr.Complete {
		sr.StatusKey = "complete"
	}
	sr.Path = "/series/" + sr.Slug + "/"
	sr.RelPermalink = m.RelURL(sr.Path)
	sr.Permalink = m.AbsURL(sr.Path)
	sr.FeedURL = m.RelURL(sr.Path + "index.xml")
	for _, p := range g.Parts {
		a := m.Articles[p.Index]
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
	sr.Described = sr.Description != ""
	if sr.Description == "" {
		sr.Description = fmt.Sprintf("%s（全%d話）", sr.Title, len(sr.Parts))
	}
	return sr
}

// label gives every article its label, position and display title.
func (m *Model) label() []error {
	var errs []error
	for _, a := range m.Articles {
		if a.Series == nil {
			a.DisplayTitle = a.Title
			if a.DisplayTitle == "" {
				errs = append(errs, diag.T("content/"+a.Source, 1, "site.noTitle"))
			}
			continue
		}
		a.Label = m.Labels.Own(series.Member{Part: a.Part, Final: a.Final})
		a.Position = m.Labels.Position(a.Part)
		tmpl := m.Config.Series.Display
		if a.Title != "" {
			tmpl = m.Config.Series.DisplayPart
		}
		a.DisplayTitle = ExpandDisplay(tmpl, a.Label, a.Series.Title, a.Title)
	}
	return errs
}
