package series

import (
	"sort"
	"strings"
	"unicode"

	"golang.org/x/text/cases"
	"golang.org/x/text/unicode/norm"
	"golang.org/x/text/width"
)

// This file finds "ghost serials": two series that are one serial typed
// two ways (a full-width Ｙ, 件 written 案件). The build should group
// series by NormalizeTitle (titles equal after folding are one series) and
// make FindGhosts' problems errors. It is pure, like the rest of the
// package.

var folder = cases.Fold()

// NormalizeTitle folds a series title for comparison: NFKC (ｸﾚｰﾑ →
// クレーム, Ｙ → Y), the remaining width variants to their canonical width,
// case folding (Y and y compare equal here, though slugs keep the case),
// and every white space removed. Two titles with the same NormalizeTitle
// name one series.
func NormalizeTitle(title string) string {
	s := norm.NFKC.String(title)
	s = width.Fold.String(s)
	s = folder.String(s)
	return strings.Map(func(r rune) rune {
		if unicode.IsSpace(r) {
			return -1
		}
		return r
	}, s)
}

// SameTitle reports whether a and b are one series title written two ways.
func SameTitle(a, b string) bool {
	return NormalizeTitle(a) == NormalizeTitle(b)
}

// CloseTitles reports whether a and b, which differ after NormalizeTitle,
// are close enough to be one title mistyped: their edit distance (on the
// normalised text, in characters) is at most a fifth of the shorter title,
// and at least 1, and the difference is not only a letter or digit
// replaced by another. That exception keeps apart titles that differ in a
// name or a number, the way a staffing agency's cases do: 「…Kさんの件」 and
// 「…Wさんの件」 are two serials, and so are 「第2期」 and 「第3期」.
func CloseTitles(a, b string) bool {
	x, y := []rune(NormalizeTitle(a)), []rune(NormalizeTitle(b))
	if string(x) == string(y) {
		return false
	}
	d, onlyNames := titleDistance(x, y)
	limit := max(1, min(len(x), len(y))/5)
	return d <= limit && !onlyNames
}

// titleDistance returns the Levenshtein distance of x and y and whether
// one optimal alignment changes nothing but ASCII letters and digits into
// other ASCII letters and digits (so the titles differ only in a name or a
// number of the same length).
func titleDistance(x, y []rune) (int, bool) {
	n, m := len(x), len(y)
	d := make([][]int, n+1)
	for i := range d {
		d[i] = make([]int, m+1)
		d[i][0] = i
	}
	for j := 0; j <= m; j++ {
		d[0][j] = j
	}
	for i := 1; i <= n; i++ {
		for j := 1; j <= m; j++ {
			cost := 1
			if x[i-1] == y[j-1] {
				cost = 0
			}
			d[i][j] = min(d[i-1][j]+1, d[i][j-1]+1, d[i-1][j-1]+cost)
		}
	}
	// Walk one optimal path back, preferring substitutions.
	onlyNames := true
	for i, j := n, m; i > 0 || j > 0; {
		switch {
		case i > 0 && j > 0 && x[i-1] == y[j-1] && d[i][j] == d[i-1][j-1]:
			i, j = i-1, j-1
		case i > 0 && j > 0 && d[i][j] == d[i-1][j-1]+1:
			if !nameRune(x[i-1]) || !nameRune(y[j-1]) {
				onlyNames = false
			}
			i, j = i-1, j-1
		case i > 0 && d[i][j] == d[i-1][j]+1:
			onlyNames = false
			i--
		default:
			onlyNames = false
			j--
		}
	}
	return d[n][m], onlyNames
}

// nameRune reports whether r is an ASCII letter or digit, the characters
// of initials (Kさん) and numbers (第2期) that tell cases apart.
func nameRune(r rune) bool {
	return r < unicode.MaxASCII && (unicode.IsLetter(r) || unicode.IsDigit(r))
}

// FindGhosts returns an error for each series that looks like a ghost of
// another: it has only one part, or no part 1, and its title is the same
// after NormalizeTitle as another series' or close to it (CloseTitles).
// declared reports the series the author declared on purpose (a metadata
// file or an explicit series_slug); they are never ghosts. Each problem is
// at the ghost's first part and names the other series' first part with
// 「もしかして」; problems are sorted by path and line.
func FindGhosts(all []*Series, declared func(key string) bool) []Problem {
	var out []Problem
	for _, s := range all {
		if len(s.Parts) == 0 || (declared != nil && declared(s.Key)) {
			continue
		}
		first := s.Parts[0]
		var key string
		switch {
		case len(s.Parts) == 1:
			key = "series.ghost.one"
		case first.Part > 1:
			key = "series.ghost.noFirst"
		default:
			continue
		}
		other := likelySeries(s, all)
		if other == nil {
			continue
		}
		o := other.Parts[0]
		out = append(out, problemT(first.Path, first.Line, key, s.Key, first.Part, other.Key, o.Path, o.Line))
	}
	sort.Slice(out, func(i, j int) bool {
		if out[i].Path != out[j].Path {
			return out[i].Path < out[j].Path
		}
		return out[i].Line < out[j].Line
	})
	return out
}

// likelySeries returns the series s was most likely meant to be: one with
// the same or a close title, preferring the one with more parts, then the
// smaller key; nil when there is none.
func likelySeries(s *Series, all []*Series) *Series {
	var best *Series
	for _, o := range all {
		if o == s || len(o.Parts) == 0 || !(SameTitle(s.Key, o.Key) || CloseTitles(s.Key, o.Key)) {
			continue
		}
		if best == nil || len(o.Parts) > len(best.Parts) || (len(o.Parts) == len(best.Parts) && o.Key < best.Key) {
			best = o
		}
	}
	return best
}
