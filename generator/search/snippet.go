package search

import (
	"fmt"
	"strconv"
	"strings"
)

// docLine returns the fields of doc's line in its document file.
func (s *Searcher) docLine(doc int) ([]string, error) {
	m := s.man
	bad := fmt.Errorf("search: document %d is missing from the document files (rebuild the site)", doc)
	if doc < 0 || doc >= m.Docs {
		return nil, bad
	}
	b, err := s.read(s.file("d", doc/m.DocBlock, ".txt"))
	if err != nil {
		return nil, err
	}
	lines := strings.Split(string(b), "\n")
	if doc%m.DocBlock >= len(lines) {
		return nil, bad
	}
	f := strings.Split(lines[doc%m.DocBlock], "\t")
	if len(f) < 7 || len(f)%2 == 0 {
		return nil, bad
	}
	return f, nil
}

// metaLine returns doc's URL, title, part label and date from its
// metadata file.
func (s *Searcher) metaLine(doc int) (Result, error) {
	m := s.man
	bad := fmt.Errorf("search: document %d is missing from the metadata files (rebuild the site)", doc)
	if doc < 0 || doc >= m.Docs {
		return Result{}, bad
	}
	b, err := s.read(s.file("m", doc/m.MetaBlock, ".txt"))
	if err != nil {
		return Result{}, err
	}
	lines := strings.Split(string(b), "\n")
	if doc%m.MetaBlock >= len(lines) {
		return Result{}, bad
	}
	f := strings.Split(lines[doc%m.MetaBlock], "\t")
	if len(f) != 4 {
		return Result{}, bad
	}
	return Result{URL: f[0], Title: f[1], PartLabel: f[2], Date: f[3]}, nil
}

// snippetMark is a matched run of window tokens, tagged with its unit.
type snippetMark struct{ start, end, unit int }

// windowMarks finds the query's words in window tokens by their surfaces:
// every run of up to maxCompound tokens whose folded text is a surface of
// a unit's term.
func windowMarks(toks []string, keys []map[string]bool, maxComp int) []snippetMark {
	var out []snippetMark
	for i := range toks {
		key := ""
		for l := 1; l <= maxComp && i+l <= len(toks); l++ {
			key += toks[i+l-1]
			k := Fold(Normalize(key))
			for ui, set := range keys {
				if set[k] {
					out = append(out, snippetMark{i, i + l, ui})
				}
			}
		}
	}
	return out
}

// result returns doc's metadata and snippet, and how many of the units
// the snippet marks.
func (s *Searcher) result(doc int, us []unit, m *manifest) (Result, int, error) {
	f, err := s.docLine(doc)
	if err != nil {
		return Result{}, 0, err
	}
	r := Result{URL: f[0], Title: f[1], Series: f[2], SeriesSlug: f[3], PartLabel: f[4], Date: f[5]}
	bodyLen, _ := strconv.Atoi(f[6])
	// The surfaces of each unit's terms.
	keys := make([]map[string]bool, len(us))
	for ui, u := range us {
		keys[ui] = map[string]bool{}
		if u.missing {
			continue
		}
		for _, term := range u.terms() {
			if pl := s.post[s.postBucket(term)][term]; pl != nil {
				for _, sf := range pl.surfaces {
					keys[ui][sf] = true
				}
			}
		}
	}
	// The window holding most units; the first on a tie.
	var best []string
	var bestMarks []snippetMark
	bestStart, bestCount := 0, -1
	for w := 7; w+1 < len(f); w += 2 {
		start, _ := strconv.Atoi(f[w])
		toks := strings.Split(f[w+1], "\x1f")
		marks := windowMarks(toks, keys, m.MaxCompound)
		seen := map[int]bool{}
		for _, mk := range marks {
			seen[mk.unit] = true
		}
		if len(seen) > bestCount {
			best, bestMarks, bestStart, bestCount = toks, marks, start, len(seen)
		}
	}
	addSeg := func(text string, mark bool) {
		if n := len(r.Segments); n > 0 && r.Segments[n-1].Mark == mark {
			r.Segments[n-1].Text += text
			return
		}
		r.Segments = append(r.Segments, Segment{text, mark})
	}
	if best != nil {
		if bestStart > 0 {
			addSeg("…", false)
		}
		for i, tok := range best {
			marked := false
			for _, mk := range bestMarks {
				if i >= mk.start && i < mk.end {
					marked = true
					break
				}
			}
			addSeg(tok, marked)
		}
		if bestStart+len(best) < bodyLen {
			addSeg("…", false)
		}
	}
	for _, sg := range r.Segments {
		r.Snippet += sg.Text
	}
	return r, max(bestCount, 0), nil
}
