package check

import (
	"cmp"
	"maps"
	"slices"
	"strings"
)

// Series is one series as the site model has it (Options.Series): the
// truth the pages are compared with.
type Series struct {
	// URL is the series page, site-relative with the base path
	// ("/repo/series/kujou/").
	URL string
	// Parts are the URLs of its published parts, in part order.
	Parts []string
}

// part is one published part of a series.
type part struct {
	file string // output file of its page
	n    int    // part number, 0 when only the model knows the part
}

// seriesTruth is every series by the output file of its page.
type seriesTruth map[string][]part

// checkSeries checks every page's series data against the truth: the site
// model when known (model), else the parts' own page-data blocks grouped
// by series and sorted by part number. Each part's previous and next part,
// its list of parts and each series page's list must be the truth; its
// rel=prev and rel=next links, where the theme writes them, must lead there.
func (s *site) checkSeries(pages []*page, model []Series) []Problem {
	var out []Problem
	report := func(file string, line int, key string, args ...any) {
		out = append(out, Problem{file, line, s.t(key, args...)})
	}
	truth := s.truthFromModel(model, report)
	if model == nil {
		truth = s.truthFromPages(pages, report)
	}
	for _, key := range slices.Sorted(maps.Keys(truth)) {
		if !s.files[key] {
			report(key, 1, "check.seriesNoPage", s.display(key))
		}
	}
	for _, p := range pages {
		d := p.data
		if d == nil {
			continue
		}
		if d.Kind == "series" {
			parts, ok := truth[p.path]
			if !ok && model != nil {
				report(p.path, p.dataLine, "check.seriesPageOfNone")
			}
			out = append(out, s.checkParts(p, d.Parts, parts, s.display(p.path))...)
			continue
		}
		if d.Series == nil {
			continue
		}
		out = append(out, s.checkPart(p, truth, report)...)
	}
	return out
}

// checkPart checks one part's page against the truth.
func (s *site) checkPart(p *page, truth seriesTruth, report func(string, int, string, ...any)) []Problem {
	d := p.data
	key, ok := s.fileOf(p, d.Series.URL)
	if !ok {
		return nil // reported by the link check
	}
	parts := truth[key]
	series := s.display(key)
	i := slices.IndexFunc(parts, func(pt part) bool { return pt.file == p.path })
	if i < 0 {
		report(p.path, p.dataLine, "check.notAPart", series, s.display(p.path))
		return nil
	}
	if d.Series.Total != len(parts) {
		report(p.path, p.dataLine, "check.total", series, d.Series.Total, len(parts))
	}
	want := func(j int) string {
		if j < 0 || j >= len(parts) {
			return ""
		}
		return parts[j].file
	}
	s.checkNeighbour(p, "prev", d.Prev, p.prev, want(i-1), parts, series, report)
	s.checkNeighbour(p, "next", d.Next, p.next, want(i+1), parts, series, report)
	if d.Parts == nil {
		return nil // a part may leave the list to its series page
	}
	return s.checkParts(p, d.Parts, parts, series)
}

// checkNeighbour checks a part's neighbour in its page data and, if the
// page has one, its rel link: both must lead to want ("" for none).
func (s *site) checkNeighbour(p *page, rel string, data *dataLink, link *ref, want string, parts []part, series string, report func(string, int, string, ...any)) {
	desc := func(file string) string {
		if file == "" {
			return s.t("check.none")
		}
		if j := slices.IndexFunc(parts, func(pt part) bool { return pt.file == file }); j >= 0 && parts[j].n > 0 {
			return s.t("check.partAt", parts[j].n, s.display(file))
		}
		return s.display(file)
	}
	got := ""
	if data != nil {
		var ok bool
		if got, ok = s.fileOf(p, data.URL); !ok {
			return // reported by the link check
		}
	}
	if got != want {
		report(p.path, p.dataLine, "check.neighbour", rel, desc(got), series, desc(want))
	}
	if link == nil {
		return
	}
	t, ok := s.fileOf(p, link.ref)
	if ok && t != want {
		report(p.path, link.line, "check.relLink", rel, desc(t), series, desc(want))
	}
}

// checkParts checks that a page's list of parts is every part, once each,
// in part order.
func (s *site) checkParts(p *page, list []dataLink, parts []part, series string) []Problem {
	var got, want []string
	for _, l := range list {
		if f, ok := s.fileOf(p, l.URL); ok {
			got = append(got, f)
		}
	}
	for _, pt := range parts {
		want = append(want, pt.file)
	}
	if slices.Equal(got, want) {
		return nil
	}
	show := func(files []string) string {
		var b []string
		for _, f := range files {
			b = append(b, s.display(f))
		}
		return "[" + strings.Join(b, " ") + "]"
	}
	return []Problem{{p.path, p.dataLine, s.t("check.partsList", series, show(got), show(want))}}
}

// fileOf resolves a page-data or link URL of p to an output file; false
// when it does not resolve to one on this site.
func (s *site) fileOf(p *page, raw string) (string, bool) {
	t, msg := s.resolve(s.from(p), raw)
	if msg != "" || t.external {
		return "", false
	}
	return t.file, true
}

// truthFromModel is the truth of Options.Series, or nil without it.
func (s *site) truthFromModel(model []Series, report func(string, int, string, ...any)) seriesTruth {
	if model == nil {
		return nil
	}
	truth := seriesTruth{}
	root := s.pageURL("index.html")
	for _, sr := range model {
		t, msg := s.resolve(root, sr.URL)
		if msg != "" || t.external {
			report("index.html", 1, "check.modelSeries", sr.URL, msg)
			continue
		}
		var parts []part
		for _, u := range sr.Parts {
			pt, msg := s.resolve(root, u)
			if msg != "" || pt.external {
				report(t.file, 1, "check.modelPart", u, s.display(t.file), msg)
				continue
			}
			parts = append(parts, part{file: pt.file})
		}
		truth[t.file] = parts
	}
	return truth
}

// truthFromPages groups the parts' page-data blocks by series and sorts
// them by part number; a number published twice is a problem.
func (s *site) truthFromPages(pages []*page, report func(string, int, string, ...any)) seriesTruth {
	truth := seriesTruth{}
	for _, p := range pages {
		d := p.data
		if d == nil || d.Kind == "series" || d.Series == nil {
			continue
		}
		if d.Part <= 0 {
			report(p.path, p.dataLine, "check.partNumber", d.Part)
			continue
		}
		key, ok := s.fileOf(p, d.Series.URL)
		if !ok {
			continue
		}
		truth[key] = append(truth[key], part{file: p.path, n: d.Part})
	}
	for key, parts := range truth {
		slices.SortStableFunc(parts, func(a, b part) int { return cmp.Compare(a.n, b.n) })
		uniq := parts[:0:0]
		for i, pt := range parts {
			if i > 0 && pt.n == parts[i-1].n {
				report(pt.file, s.pages[pt.file].dataLine, "check.partTwice", pt.n, s.display(key), s.display(parts[i-1].file))
				continue
			}
			uniq = append(uniq, pt)
		}
		truth[key] = uniq
	}
	return truth
}
