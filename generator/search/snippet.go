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

// snippetMark is a matched run of tokens, tagged with its unit.
type snippetMark struct{ start, end, unit int }

// unitKeys returns the surfaces of each unit's terms: the folded keys a
// snippet's tokens are compared with.
func (s *Searcher) unitKeys(us []unit) []map[string]bool {
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
	return keys
}

// markRunes bounds the runs windowMarks tries: a run of tokens longer
// than twice the longest surface (plus slack for what normalisation
// drops) cannot fold to it.
func markRunes(keys []map[string]bool) int {
	n := 0
	for _, set := range keys {
		for k := range set {
			n = max(n, runeLen(k))
		}
	}
	return 2*n + 4
}

// windowMarks finds the query's words in tokens by their surfaces: every
// run of up to maxComp tokens, of at most limit characters as written,
// whose folded text is a surface of a unit's term. Only runs whose first
// token, folded alone, is empty or starts as some surface does are tried
// (hiragana and katakana alike), so a whole body is scanned with one fold
// per token.
func windowMarks(toks []string, keys []map[string]bool, maxComp, limit int) []snippetMark {
	starts := map[rune]bool{}
	for _, set := range keys {
		for k := range set {
			starts[kataRune(firstRune(k))] = true
		}
	}
	var out []snippetMark
	for i := range toks {
		if f := Fold(Normalize(toks[i])); f != "" && !starts[kataRune(firstRune(f))] {
			continue
		}
		key := ""
		for l := 1; l <= maxComp && i+l <= len(toks); l++ {
			key += toks[i+l-1]
			if runeLen(key) > limit {
				break
			}
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

// kataRune is r in katakana if it is hiragana.
func kataRune(r rune) rune {
	if (r >= 0x3041 && r <= 0x3096) || r == 0x309D || r == 0x309E {
		return r + 0x60
	}
	return r
}

// unitCount is how many units marks mark.
func unitCount(marks []snippetMark) int {
	seen := map[int]bool{}
	for _, mk := range marks {
		seen[mk.unit] = true
	}
	return len(seen)
}

// segments cuts the snippet of toks (body tokens from start, of a body of
// bodyLen tokens) into marked and unmarked runs, with … where the body
// goes on.
func segments(toks []string, start, bodyLen int, marks []snippetMark) []Segment {
	var out []Segment
	add := func(text string, mark bool) {
		if n := len(out); n > 0 && out[n-1].Mark == mark {
			out[n-1].Text += text
			return
		}
		out = append(out, Segment{text, mark})
	}
	if start > 0 {
		add("…", false)
	}
	for i, tok := range toks {
		marked := false
		for _, mk := range marks {
			if i >= mk.start && i < mk.end {
				marked = true
				break
			}
		}
		add(tok, marked)
	}
	if start+len(toks) < bodyLen {
		add("…", false)
	}
	return out
}

// setSnippet fills in r's snippet from its segments.
func setSnippet(r *Result, segs []Segment) {
	r.Segments, r.Snippet = segs, ""
	for _, sg := range segs {
		r.Snippet += sg.Text
	}
}

// result returns doc's metadata and snippet, how many of the units the
// snippet and the title show (choosing a serial's lead), and how many the
// snippet marks (whether the body must give the snippet instead).
func (s *Searcher) result(doc int, us []unit, m *manifest) (Result, int, int, error) {
	f, err := s.docLine(doc)
	if err != nil {
		return Result{}, 0, 0, err
	}
	r := Result{URL: f[0], Title: f[1], Series: f[2], SeriesSlug: f[3], PartLabel: f[4], Date: f[5]}
	bodyLen, _ := strconv.Atoi(f[6])
	keys := s.unitKeys(us)
	limit := markRunes(keys)
	// The window holding most units; the first on a tie.
	var best []string
	var bestMarks, titleMarks []snippetMark
	bestStart, bestCount := 0, -1
	for w := 7; w+1 < len(f); w += 2 {
		start, _ := strconv.Atoi(f[w])
		toks := strings.Split(f[w+1], "\x1f")
		marks := windowMarks(toks, keys, m.MaxCompound, limit)
		if start == titleWindow {
			titleMarks = marks
			continue
		}
		if c := unitCount(marks); c > bestCount {
			best, bestMarks, bestStart, bestCount = toks, marks, start, c
		}
	}
	if best != nil {
		setSnippet(&r, segments(best, bestStart, bodyLen, bestMarks))
	}
	return r, unitCount(append(titleMarks, bestMarks...)), max(bestCount, 0), nil
}

// textSnippet cuts r's snippet from doc's whole body (its body file, read
// only when the index has them and the stored windows of the part shown
// mark none of the query's words): the SnippetTokens tokens
// from the start of the sentence of a match (at most SnippetBefore tokens
// before it; see snippetStart), the window holding most units, the first
// on a tie. r keeps its snippet unless the new one marks
// more than marked units.
func (s *Searcher) textSnippet(r *Result, doc int, us []unit, m *manifest, marked int) error {
	f, err := s.docLine(doc)
	if err != nil {
		return err
	}
	if bodyLen, _ := strconv.Atoi(f[6]); bodyLen == 0 {
		return nil
	}
	b, err := s.read(s.file("t", doc, ".bin"))
	if err != nil {
		return err
	}
	toks := strings.Split(string(b), "\x1f")
	keys := s.unitKeys(us)
	marks := windowMarks(toks, keys, m.MaxCompound, markRunes(keys))
	bestStart, bestCount := 0, marked
	for _, mk := range marks {
		st := snippetStart(toks, mk.start, m.SnippetBefore, m.SnippetTokens)
		if c := unitCount(inWindow(marks, st, m.SnippetTokens)); c > bestCount {
			bestStart, bestCount = st, c
		}
	}
	if bestCount == marked {
		return nil
	}
	end := min(len(toks), bestStart+m.SnippetTokens)
	var in []snippetMark
	for _, mk := range inWindow(marks, bestStart, m.SnippetTokens) {
		in = append(in, snippetMark{mk.start - bestStart, mk.end - bestStart, mk.unit})
	}
	setSnippet(r, segments(toks[bestStart:end], bestStart, len(toks), in))
	return nil
}

// snippetStart is where a snippet of n tokens around the match at token
// at begins: up to before tokens earlier, but after the end of the
// sentence before the match when it falls in those tokens, and early
// enough that the snippet ends with the body.
func snippetStart(toks []string, at, before, n int) int {
	st := max(0, at-before)
	for j := at - 1; j >= st; j-- {
		if sentenceEnd(toks[j]) {
			st = j + 1
			break
		}
	}
	return max(0, min(st, len(toks)-n))
}

// sentenceEnd reports whether a token ends a sentence or a line (line
// breaks are spaces in body files).
func sentenceEnd(tok string) bool {
	return strings.Trim(tok, " \u00a0\u3000") == "" || strings.HasSuffix(tok, "。") || strings.HasSuffix(tok, "！") ||
		strings.HasSuffix(tok, "？") || strings.HasSuffix(tok, "!") || strings.HasSuffix(tok, "?")
}

// inWindow returns the marks wholly inside the window of n tokens from st.
func inWindow(marks []snippetMark, st, n int) []snippetMark {
	var out []snippetMark
	for _, mk := range marks {
		if mk.start >= st && mk.end <= st+n {
			out = append(out, mk)
		}
	}
	return out
}
