package check

import (
	"cmp"
	"fmt"
	"slices"
	"strconv"
	"strings"
)

// part is one published part of a series, as its page declares it.
type part struct {
	page *page
	nav  *seriesNav
	n    int
}

// checkSeries rebuilds every series from the .series-nav elements and
// checks prev/next links, the series pages' tables of contents and the
// parts lists against it.
func (s *site) checkSeries(pages []*page) []Problem {
	var out []Problem
	report := func(file string, line int, format string, args ...any) {
		out = append(out, Problem{file, line, fmt.Sprintf(format, args...)})
	}

	// Group the parts by the series page they name. pages is sorted by
	// path, so each group starts in path order.
	groups := map[string][]part{}
	for _, p := range pages {
		if len(p.navs) == 0 {
			continue
		}
		nav := p.navs[0]
		n, ok := partNumber(nav.part)
		if !ok {
			report(p.path, nav.line, "series-nav has data-part=%q; want a part number such as 1", nav.part)
			continue
		}
		if strings.TrimSpace(nav.seriesURL) == "" {
			report(p.path, nav.line, "series-nav has no data-series-url")
			continue
		}
		// data-series-url is a data attribute, not a link: the conventions
		// write it relative to the base path ("/series/slug/"), and the
		// full path ("/repo/series/slug/") is accepted too.
		surl := strings.TrimSpace(nav.seriesURL)
		if strings.HasPrefix(surl, "/") && !strings.HasPrefix(surl, "//") && !strings.HasPrefix(surl, s.basePath) {
			surl = s.basePath + surl[1:]
		}
		t, msg := s.resolve(s.from(p), surl)
		if msg != "" {
			report(p.path, nav.line, "data-series-url: %s", msg)
			continue
		}
		if t.external {
			report(p.path, nav.line, "data-series-url %q is not on this site", nav.seriesURL)
			continue
		}
		groups[t.file] = append(groups[t.file], part{p, nav, n})
	}

	keys := make([]string, 0, len(groups))
	for k := range groups {
		keys = append(keys, k)
	}
	slices.Sort(keys)
	for _, key := range keys {
		parts := groups[key]
		slices.SortStableFunc(parts, func(a, b part) int { return cmp.Compare(a.n, b.n) })
		series := s.display(key)

		// A part number published twice leaves the order undefined: report
		// it and keep the first page (by path) for the checks below.
		uniq := parts[:0:0]
		for i, pt := range parts {
			if i > 0 && pt.n == parts[i-1].n {
				report(pt.page.path, pt.nav.line, "part %d of series %s is also published at %s", pt.n, series, s.display(parts[i-1].page.path))
				continue
			}
			uniq = append(uniq, pt)
		}
		parts = uniq
		byFile := make(map[string]int, len(parts)) // output file -> index in parts
		for i, pt := range parts {
			byFile[pt.page.path] = i
		}

		if !s.files[key] {
			first := parts[0]
			report(first.page.path, first.nav.line, "data-series-url %q: no series page %s in the output", first.nav.seriesURL, key)
		} else if sp := s.pages[key]; sp != nil && len(sp.tocs) == 0 {
			report(key, 1, `series page has no <ol class="series-toc">`)
		}

		for i, pt := range parts {
			from := s.from(pt.page)
			check := func(rel string, link *ref, want int) {
				var wantDesc string
				if want >= 0 {
					wantDesc = fmt.Sprintf("part %d (%s)", parts[want].n, s.display(parts[want].page.path))
				}
				if link == nil {
					if want >= 0 {
						adj := map[string]string{"prev": "previous", "next": "next"}[rel]
						report(pt.page.path, pt.nav.line, `series-nav has no rel="%s" link; the %s part is %s`, rel, adj, wantDesc)
					}
					return
				}
				t, msg := s.resolve(from, link.ref)
				if msg != "" || t.external {
					return // reported by the link check
				}
				if want >= 0 && t.file == parts[want].page.path {
					return
				}
				got := s.display(t.file)
				if j, ok := byFile[t.file]; ok {
					got = fmt.Sprintf("part %d (%s)", parts[j].n, got)
				} else if want >= 0 {
					got += ", which is not a part of " + series
				}
				if want < 0 {
					pos := map[string]string{"prev": "first", "next": "last"}[rel]
					report(pt.page.path, link.line, `rel="%s" goes to %s, but part %d is the %s published part of %s`, rel, got, pt.n, pos, series)
					return
				}
				report(pt.page.path, link.line, `rel="%s" goes to %s; want %s`, rel, got, wantDesc)
			}
			prev, next := i-1, i+1
			if next == len(parts) {
				next = -1
			}
			check("prev", pt.nav.prev, prev)
			check("next", pt.nav.next, next)
			for _, l := range pt.page.parts {
				out = append(out, s.checkList(pt.page, "series-parts", l, parts, series)...)
			}
		}
		if sp := s.pages[key]; sp != nil {
			for _, l := range sp.tocs {
				out = append(out, s.checkList(sp, "series-toc", l, parts, series)...)
			}
		}
	}

	// A series page no part points to must not list anything.
	for _, p := range pages {
		if _, ok := groups[p.path]; ok {
			continue
		}
		for _, l := range p.tocs {
			out = append(out, s.checkList(p, "series-toc", l, nil, s.display(p.path))...)
		}
	}
	return out
}

// checkList checks that list links to every part, once each, in part order.
func (s *site) checkList(p *page, name string, list *refList, parts []part, series string) []Problem {
	var out []Problem
	report := func(line int, format string, args ...any) {
		out = append(out, Problem{p.path, line, fmt.Sprintf(format, args...)})
	}
	idx := make(map[string]int, len(parts))
	for i, pt := range parts {
		idx[pt.page.path] = i
	}
	from := s.from(p)
	seen := map[int]bool{}
	var order []int
	for _, l := range list.refs {
		t, msg := s.resolve(from, l.ref)
		if msg != "" || t.external {
			continue // reported by the link check
		}
		i, ok := idx[t.file]
		switch {
		case !ok:
			report(l.line, "%s links to %s, which is not a published part of %s", name, s.display(t.file), series)
		case seen[i]:
			report(l.line, "%s lists part %d (%s) twice", name, parts[i].n, s.display(t.file))
		default:
			seen[i] = true
			order = append(order, i)
		}
	}
	for i, pt := range parts {
		if !seen[i] {
			report(list.line, "%s is missing part %d (%s)", name, pt.n, s.display(pt.page.path))
		}
	}
	if !slices.IsSorted(order) {
		got := make([]string, len(order))
		for k, i := range order {
			got[k] = strconv.Itoa(parts[i].n)
		}
		report(list.line, "%s lists the parts out of order: %s", name, strings.Join(got, ", "))
	}
	return out
}
