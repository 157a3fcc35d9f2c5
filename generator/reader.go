package generator

import (
	"fmt"
	"html/template"
	"reflect"
	"strconv"

	"github.com/rensai-ssg/rensai/generator/site"
)

// This file holds the template data the default theme's reader features
// need beyond the model: lists organised by series (home, term pages, the
// end of a final part) and a few formatting helpers. Everything here is a
// pure function of its arguments so that a page's output depends only on
// the data it is given; the keys of the pages that use them are in keys.go
// (a listed article's key covers its whole series, so a list grouped by
// series and a part's series cover need no key of their own).

// SeriesGroup is one entry of a list organised by series: either a series
// with the listed parts that belong to it, or a standalone article.
type SeriesGroup struct {
	Series  *site.Series    // nil for a standalone article
	Parts   []*site.Article // the listed parts of Series, in part order
	Article *site.Article   // the standalone article when Series is nil
	// Whole: the list holds every part of Series, so a term page shows
	// the series as one card (its page lists the parts) instead of
	// repeating its table of contents.
	Whole bool
}

// addReaderFuncs adds the reader template functions to fm.
func addReaderFuncs(fm template.FuncMap) {
	fm["dict"] = dict
	fm["bySeries"] = groupBySeries
	fm["completedSeries"] = completedSeries
	fm["ongoingSeries"] = ongoingSeries
	fm["first"] = first
	fm["hasWholeSeries"] = hasWholeSeries
	fm["seriesChars"] = seriesChars
	fm["seriesMinutes"] = seriesMinutes
	fm["thousands"] = thousands
}

// dict builds a map from key, value pairs, to pass several values to a
// partial: {{ template "partials/x.html" (dict "S" . "H" 2) }}.
func dict(kv ...any) (map[string]any, error) {
	if len(kv)%2 != 0 {
		return nil, fmt.Errorf("dict needs key, value pairs; got %d arguments", len(kv))
	}
	m := make(map[string]any, len(kv)/2)
	for i := 0; i < len(kv); i += 2 {
		k, ok := kv[i].(string)
		if !ok {
			return nil, fmt.Errorf("dict: key %d is %T; keys are strings", i/2+1, kv[i])
		}
		m[k] = kv[i+1]
	}
	return m, nil
}

// groupBySeries groups list by series. A series appears once, where its
// first listed part appears in list (the newest, as lists are newest
// first), with its listed parts in part order, so a group never leads with
// the final part. Standalone articles stay where they are.
func groupBySeries(list []*site.Article) []*SeriesGroup {
	var out []*SeriesGroup
	index := map[*site.Series]*SeriesGroup{}
	for _, a := range list {
		if a.Series == nil {
			out = append(out, &SeriesGroup{Article: a})
			continue
		}
		g := index[a.Series]
		if g == nil {
			g = &SeriesGroup{Series: a.Series}
			index[a.Series] = g
			out = append(out, g)
		}
		// Insertion in part order; lists are short.
		i := len(g.Parts)
		for i > 0 && g.Parts[i-1].Part > a.Part {
			i--
		}
		g.Parts = append(g.Parts, nil)
		copy(g.Parts[i+1:], g.Parts[i:])
		g.Parts[i] = a
	}
	for _, g := range out {
		g.Whole = g.Series != nil && len(g.Parts) == len(g.Series.Parts)
	}
	return out
}

// hasWholeSeries reports whether list holds every part of some series: a
// term page then shows a series card, whose resume box needs the reader's
// resume strings.
func hasWholeSeries(list []*site.Article) bool {
	for _, g := range groupBySeries(list) {
		if g.Whole {
			return true
		}
	}
	return false
}

// first returns the first n elements of list, a slice, or all of it when
// it is shorter: {{ range first 10 .Ongoing }}. n may be any integer, as a
// number from [params] in rensai.toml is an int64.
func first(n any, list any) (any, error) {
	var k int64
	switch v := reflect.ValueOf(n); v.Kind() {
	case reflect.Int, reflect.Int8, reflect.Int16, reflect.Int32, reflect.Int64:
		k = v.Int()
	case reflect.Uint, reflect.Uint8, reflect.Uint16, reflect.Uint32, reflect.Uint64:
		k = int64(min(v.Uint(), 1<<62))
	case reflect.Float32, reflect.Float64:
		if f := v.Float(); f == float64(int64(f)) {
			k = int64(f)
		} else {
			return nil, fmt.Errorf("first: %v is not a whole number", n)
		}
	default:
		return nil, fmt.Errorf("first: the count is %T, not a number", n)
	}
	if k < 0 {
		return nil, fmt.Errorf("first: the count is %d; give 0 or more", k)
	}
	v := reflect.ValueOf(list)
	if !v.IsValid() {
		return list, nil
	}
	if v.Kind() != reflect.Slice && v.Kind() != reflect.Array {
		return nil, fmt.Errorf("first: %T is not a list", list)
	}
	return v.Slice(0, int(min(k, int64(v.Len())))).Interface(), nil
}

// completedSeries returns the first n complete series of list (n <= 0: all).
func completedSeries(list []*site.Series, n int) []*site.Series {
	var out []*site.Series
	for _, sr := range list {
		if sr.Complete && (n <= 0 || len(out) < n) {
			out = append(out, sr)
		}
	}
	return out
}

// ongoingSeries returns the series of list that are not complete.
func ongoingSeries(list []*site.Series) []*site.Series {
	var out []*site.Series
	for _, sr := range list {
		if !sr.Complete {
			out = append(out, sr)
		}
	}
	return out
}

// seriesChars is the length of every part of sr, in characters.
func seriesChars(sr *site.Series) int {
	n := 0
	for _, a := range sr.Parts {
		n += a.Chars
	}
	return n
}

// seriesMinutes is the reading time of every part of sr, in minutes.
func seriesMinutes(sr *site.Series) int {
	n := 0
	for _, a := range sr.Parts {
		n += a.ReadMinutes
	}
	return n
}

// thousands writes n with a comma every three digits: 12,345.
func thousands(n int) string {
	s := strconv.Itoa(n)
	neg := n < 0
	if neg {
		s = s[1:]
	}
	var b []byte
	for i := range len(s) {
		if i > 0 && (len(s)-i)%3 == 0 {
			b = append(b, ',')
		}
		b = append(b, s[i])
	}
	if neg {
		return "-" + string(b)
	}
	return string(b)
}

// standaloneArticles are the articles of list that belong to no series:
// the home page paginates them below the series.
func standaloneArticles(list []*site.Article) []*site.Article {
	var out []*site.Article
	for _, a := range list {
		if a.Series == nil {
			out = append(out, a)
		}
	}
	return out
}

// otherSeries is what the end of part a lists besides its navigation: on
// the final part of a complete series, up to three other series of
// byUpdate (newest update first); nil on every other part.
func otherSeries(a *site.Article, byUpdate []*site.Series) []*site.Series {
	if a.Series == nil || !a.Series.Complete || a.Nav == nil || a.Nav.Next != nil {
		return nil
	}
	var out []*site.Series
	for _, sr := range byUpdate {
		if sr != a.Series && len(out) < 3 {
			out = append(out, sr)
		}
	}
	return out
}

// bySeriesOrder is list with the listed parts of each series together, in
// part order, where the series' newest listed part was: paginated in this
// order, a term page shows each series once, split only at a page break.
func bySeriesOrder(list []*site.Article) []*site.Article {
	out := make([]*site.Article, 0, len(list))
	for _, g := range groupBySeries(list) {
		if g.Series == nil {
			out = append(out, g.Article)
			continue
		}
		out = append(out, g.Parts...)
	}
	return out
}
