package site

import (
	"fmt"
	"path"
	"strings"

	"github.com/rensai-ssg/rensai/generator/content"
	"github.com/rensai-ssg/rensai/generator/series"
)

// groupSeries groups the published parts into series, applying their
// metadata files (content/series/<slug>.md).
func (m *Model) groupSeries(metaFiles []*content.Article) []error {
	metas, errs := seriesMetas(metaFiles)
	var members []series.Member
	for i, a := range m.Articles {
		if a.src.Series == "" {
			continue
		}
		key := a.src.Series
		if meta := metas[key]; meta != nil {
			key = meta.Title
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
		m.Warnings = append(m.Warnings, w.Error())
	}
	for _, g := range groups {
		m.Series = append(m.Series, m.newSeries(g, metas[g.Key]))
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
		if !used {
			m.Warnings = append(m.Warnings, fmt.Sprintf("content/%s: no published part has series: %q; check the series key of its parts", meta.Path, meta.Title))
		}
	}
	return errs
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
				errs = append(errs, fmt.Errorf("content/%s: series %q is also described by content/%s; keep one file per series", meta.Path, k, prev.Path))
				continue
			}
			metas[k] = meta
		}
	}
	return metas, errs
}

// newSeries makes the series of group g, described by meta if not nil.
func (m *Model) newSeries(g *series.Series, meta *content.Article) *Series {
	sr := &Series{Key: g.Key, Title: g.Key, Complete: g.Complete()}
	if meta != nil {
		sr.source = meta.Path
		sr.Slug = meta.Slug
		if sr.Slug == "" {
			sr.Slug = strings.TrimSuffix(path.Base(meta.Path), ".md")
		}
		sr.Description = meta.Description
		if sr.Description == "" {
			sr.Description = meta.Summary
		}
		sr.Cover = meta.Cover
		switch meta.Status {
		case "complete":
			sr.Complete = true
		case "ongoing":
			sr.Complete = false
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
	sr.JSONFeedURL = m.RelURL(sr.Path + "feed.json")
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
				errs = append(errs, fmt.Errorf("content/%s:1: the article has no title; add title: to its front matter", a.Source))
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
