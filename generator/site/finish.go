package site

import (
	"fmt"
	"html/template"
	"strconv"
	"strings"

	"github.com/rensai-ssg/rensai/generator/markdown"
	"github.com/rensai-ssg/rensai/generator/series"
	"github.com/rensai-ssg/rensai/generator/urlpath"
)

// NavCache keeps series navigation from one build to the next. A series
// of n parts has n*n navigation entries, and its navigation is a pure
// function of its signature, so an unchanged series can reuse it.
type NavCache interface {
	// Navs returns the navigation of the series whose signature is sig,
	// calling build if it has none.
	Navs(sig string, build func() []*SeriesNav) []*SeriesNav
}

// Finish completes the model once every article's Markdown is rendered
// (SetRendered): content, summaries, reading time, series content and
// navigation. navs may be nil.
func (m *Model) Finish(navs NavCache) {
	m.FinishBodies()
	for _, sr := range m.Series {
		m.navigate(sr, navs)
	}
}

// FinishBodies is Finish without the series navigation, which it leaves
// as the last Finish set it: for a model whose parts' numbers, titles,
// URLs and dates, and whose labels, are those of that Finish (one
// patched by ReplaceInputs), whose navigation is the same.
func (m *Model) FinishBodies() {
	for _, a := range m.Articles {
		r := a.render
		a.Content = template.HTML(r.HTML)
		a.HasCode = r.Code
		a.Summary = a.src.Summary
		if a.Summary == "" {
			a.Summary = r.Summary
		}
		a.Chars = r.Chars
		a.ReadMinutes = max((a.Chars+499)/500, 1)
	}
	for _, sr := range m.Series {
		if sr.meta != nil && sr.meta.render != nil {
			sr.Content = template.HTML(sr.meta.render.HTML)
			sr.HasCode = sr.meta.render.Code
		}
	}
}

// navigate gives every part of sr its navigation.
func (m *Model) navigate(sr *Series, cache NavCache) {
	parts := make([]series.NavPart, len(sr.Parts))
	var sig strings.Builder
	fmt.Fprintf(&sig, "%+v\x02", m.Labels) // the labels come from the configuration
	for i, p := range sr.Parts {
		parts[i] = series.NavPart{Part: p.Part, Final: p.Final, Title: p.Title, URL: p.RelPermalink, Date: p.Date}
		_, off := p.Date.Zone()
		sig.WriteString(strconv.Itoa(p.Part) + "\x00" + strconv.FormatBool(p.Final) + "\x00" + p.Title + "\x00" + p.RelPermalink +
			"\x00" + strconv.FormatInt(p.Date.UnixNano(), 10) + "@" + strconv.Itoa(off) + "\x01")
	}
	build := func() []*SeriesNav { return m.Labels.Navigation(parts) }
	var navs []*SeriesNav
	if cache != nil {
		navs = cache.Navs(sig.String(), build)
	} else {
		navs = build()
	}
	for i, a := range sr.Parts {
		a.Nav = navs[i]
	}
}

// TOCEntries is an article's table of contents for templates.
func TOCEntries(r *markdown.Result) []TOCEntry {
	toc := make([]TOCEntry, len(r.TOC))
	for i, h := range r.TOC {
		toc[i] = TOCEntry{Level: h.Level, ID: h.ID, Text: h.Text, Href: template.URL("#" + escapeURLPart(h.ID))}
	}
	return toc
}

// escapeURLPart percent-encodes every byte but the unreserved ones, with
// lower-case hex: the bytes html/template writes for {{ . }} inside a URL.
func escapeURLPart(s string) string {
	return urlpath.Escape(s, unreserved, urlpath.Lower)
}

// unreserved reports whether c is one of RFC 3986's unreserved bytes.
func unreserved(c byte) bool {
	return 'a' <= c && c <= 'z' || 'A' <= c && c <= 'Z' || '0' <= c && c <= '9' || c == '-' || c == '.' || c == '_' || c == '~'
}
