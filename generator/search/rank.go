package search

import (
	"encoding/json"
	"fmt"
	"sort"
	"strings"
)

// Response is the answer to one query.
type Response struct {
	// Results are the first QueryOptions.Limit groups, best first: a
	// standalone article, or the best part of a serial with its other
	// matching parts in Others.
	Results []Result `json:"results,omitempty"`
	// Total is the number of matching articles, in all groups.
	Total int `json:"total"`
	// Missing lists the query's words that no article (within the
	// filters) contains; the results are for the others, named in Found.
	Missing []string `json:"missing,omitempty"`
	Found   []string `json:"found,omitempty"`
	// Partial is set when no article has every word of Found: the
	// results have some of them, most first.
	Partial bool `json:"partial,omitempty"`
}

// Query runs q and returns at most opts.Limit results, best first.
func (s *Searcher) Query(q string, opts QueryOptions) (Response, error) {
	m, err := s.manifest()
	if err != nil {
		return Response{}, err
	}
	if opts.Limit <= 0 {
		opts.Limit = DefaultLimit
	}
	us, err := s.plan(q)
	if err != nil || len(us) == 0 {
		return Response{}, err
	}
	allowed, err := s.filter(opts)
	if err != nil {
		return Response{}, err
	}
	// Score each unit (phrases also check positions). A unit no article
	// has is reported, and the others are matched without it.
	var present []unit
	var scores []map[int]int
	var resp Response
	for _, u := range us {
		sc, err := s.unitScores(u, allowed)
		if err != nil {
			return Response{}, err
		}
		if len(sc) == 0 {
			resp.Missing = append(resp.Missing, u.text)
			continue
		}
		present = append(present, u)
		scores = append(scores, sc)
	}
	if len(resp.Missing) > 0 {
		for _, u := range present {
			resp.Found = append(resp.Found, u.text)
		}
	}
	hits := collect(present, scores, true)
	if len(hits) == 0 && len(present) > 0 {
		hits = collect(present, scores, false)
		resp.Partial = len(hits) > 0
		if resp.Found == nil {
			for _, u := range present {
				resp.Found = append(resp.Found, u.text)
			}
		}
	}
	resp.Total = len(hits)
	groups := s.group(hits, m)
	if len(groups) > opts.Limit {
		groups = groups[:opts.Limit]
	}
	for _, g := range groups {
		r, err := s.groupResult(g[:min(len(g), m.MaxOthers+1)], present, m, opts)
		if err != nil {
			return Response{}, err
		}
		r.OthersTotal = len(g) - 1
		resp.Results = append(resp.Results, r)
	}
	return resp, nil
}

// groupResult shows the part of a serial that best shows the query: of
// the group's first LeadCandidates parts, the first whose snippet and
// title show the most of the query's words (reading no further once one
// shows them all); the
// others are named by id in OtherIDs and, when asked for, follow in rank
// order from the metadata files (a page reads them only when the reader
// opens the list).
func (s *Searcher) groupResult(g []hit, us []unit, m *manifest, opts QueryOptions) (Result, error) {
	var r Result
	lead, most, marked := 0, -1, 0
	for i, h := range g[:min(len(g), m.LeadCandidates)] {
		c, shown, snip, err := s.result(h.doc, us, m)
		if err != nil {
			return Result{}, err
		}
		if shown > most {
			r, lead, most, marked = c, i, shown, snip
		}
		if most == len(us) {
			break // it shows every word: no need to read further
		}
	}
	// A lead whose snippet windows mark none of the words (its title may
	// show them) takes its snippet from its body.
	if m.Text == 1 && marked == 0 && !opts.NoText {
		if err := s.textSnippet(&r, g[lead].doc, us, m, marked); err != nil {
			return Result{}, err
		}
	}
	r.Score = float64(g[lead].score) / float64(m.ScoreScale)
	for i, h := range g {
		if i != lead {
			r.OtherIDs = append(r.OtherIDs, h.doc)
		}
	}
	if !opts.Others {
		return r, nil
	}
	// Every part's metadata line is read, the lead's too, so that the
	// files read do not depend on which part leads (the browser fetches
	// them all at once).
	for i, h := range g {
		o, err := s.metaLine(h.doc)
		if err != nil {
			return Result{}, err
		}
		if i == lead {
			continue
		}
		o.Score = float64(h.score) / float64(m.ScoreScale)
		r.Others = append(r.Others, o)
	}
	return r, nil
}

// Others returns the metadata of documents (a result's OtherIDs), in the
// order given.
func (s *Searcher) Others(ids []int) ([]Result, error) {
	if _, err := s.manifest(); err != nil {
		return nil, err
	}
	out := make([]Result, 0, len(ids))
	for _, d := range ids {
		r, err := s.metaLine(d)
		if err != nil {
			return nil, err
		}
		out = append(out, r)
	}
	return out, nil
}

// maxOthers is how many other parts of a serial a result lists, and
// leadCandidates how many of its best parts may lead (the client reads
// both from the manifest).
const (
	maxOthers      = 20
	leadCandidates = 3
)

// plan normalises q, reads the vocabulary shards it needs, cuts it into
// units and reads the posting shards of their terms.
func (s *Searcher) plan(q string) ([]unit, error) {
	q = Normalize(q)
	if rs := []rune(q); len(rs) > s.man.MaxQuery {
		q = string(rs[:s.man.MaxQuery])
	}
	need := map[int]bool{}
	for _, c := range parseQuery(q) {
		for _, r := range split(c.text) {
			if r.kind == runOther {
				s.vocabBuckets(r.text, need)
			}
		}
	}
	for _, i := range sortedInts(need) {
		if _, err := s.vocabShard(i); err != nil {
			return nil, err
		}
	}
	us, err := s.units(q)
	if err != nil || len(us) == 0 {
		return nil, err
	}
	need = map[int]bool{}
	for _, u := range us {
		for _, t := range u.terms() {
			if b := s.postBucket(t); b >= 0 {
				need[b] = true
			}
		}
	}
	for _, i := range sortedInts(need) {
		if _, err := s.postShard(i); err != nil {
			return nil, err
		}
	}
	return us, nil
}

type hit struct{ doc, count, score int }

// collect sums the unit scores of each document: those with every unit
// (and), or, failing that, with any unit of more than one character,
// ranked by how many they have, then by score, then by document.
func collect(us []unit, scores []map[int]int, and bool) []hit {
	sum := map[int]*hit{}
	for i, u := range us {
		if !and && u.weak {
			continue
		}
		for d, sc := range scores[i] {
			h := sum[d]
			if h == nil {
				h = &hit{doc: d}
				sum[d] = h
			}
			h.count++
			h.score += sc
		}
	}
	var hits []hit
	for _, h := range sum {
		if !and || h.count == len(us) {
			hits = append(hits, *h)
		}
	}
	sort.Slice(hits, func(i, j int) bool {
		a, b := hits[i], hits[j]
		if a.count != b.count {
			return a.count > b.count
		}
		if a.score != b.score {
			return a.score > b.score
		}
		return a.doc < b.doc
	})
	return hits
}

// group gathers ranked hits by serial (the documents of a series have
// consecutive ids; the manifest lists where each series starts), in the
// order of each group's best hit; a standalone article is a group alone.
func (s *Searcher) group(hits []hit, m *manifest) [][]hit {
	starts := decodeIDs(m.Series)
	at := map[int]int{}
	var out [][]hit
	for _, h := range hits {
		g := sort.SearchInts(starts, h.doc+1) - 1
		if g < 0 {
			out = append(out, []hit{h})
			continue
		}
		if i, ok := at[g]; ok {
			out[i] = append(out[i], h)
			continue
		}
		at[g] = len(out)
		out = append(out, []hit{h})
	}
	return out
}

func sortedInts(set map[int]bool) []int {
	out := make([]int, 0, len(set))
	for i := range set {
		out = append(out, i)
	}
	sort.Ints(out)
	return out
}

// filter returns the documents opts allows, or nil when it allows all.
func (s *Searcher) filter(opts QueryOptions) (map[int]bool, error) {
	if opts.Series == "" && opts.Tag == "" {
		return nil, nil
	}
	b, err := s.read("search/" + s.man.Root + "/" + filterNames)
	if err != nil {
		return nil, err
	}
	var ff filterFile
	if err := json.Unmarshal(b, &ff); err != nil {
		return nil, fmt.Errorf("search: filters: %v (rebuild the site)", err)
	}
	if b, err = s.read("search/" + s.man.Root + "/" + filterIDsFile); err != nil {
		return nil, err
	}
	var fi filterIDs
	if err := json.Unmarshal(b, &fi); err != nil || len(fi.Series) != len(ff.Series) || len(fi.Tax) != len(ff.Tax) {
		return nil, fmt.Errorf("search: filters: damaged (rebuild the site)")
	}
	var sets [][]int
	if opts.Series != "" {
		var ids []int
		for i, sr := range ff.Series {
			if sr[0] == opts.Series {
				ids = decodeIDs(fi.Series[i])
			}
		}
		sets = append(sets, ids)
	}
	if opts.Tag != "" {
		name, term, ok := strings.Cut(opts.Tag, ":")
		if !ok {
			name, term = "tags", opts.Tag
		}
		var ids []int
		for i, t := range ff.Tax {
			if t[0] == name && t[1] == term {
				ids = decodeIDs(fi.Tax[i])
			}
		}
		sets = append(sets, ids)
	}
	allowed := map[int]bool{}
	for _, d := range sets[0] {
		allowed[d] = true
	}
	if len(sets) == 2 {
		keep := map[int]bool{}
		for _, d := range sets[1] {
			if allowed[d] {
				keep[d] = true
			}
		}
		allowed = keep
	}
	return allowed, nil
}

// tokScores maps each document holding any analysis of t to its best score.
func (s *Searcher) tokScores(t qtok, allowed map[int]bool) map[int]int {
	out := map[int]int{}
	for _, term := range t.terms {
		pl := s.post[s.postBucket(term)][term]
		if pl == nil {
			continue
		}
		for i, d := range pl.docs {
			if allowed != nil && !allowed[d] {
				continue
			}
			// A word in every document has an idf of 0: the document
			// still matches.
			if cur, ok := out[d]; !ok || pl.idf*pl.w[i] > cur {
				out[d] = pl.idf * pl.w[i]
			}
		}
	}
	return out
}

func (s *Searcher) unitScores(u unit, allowed map[int]bool) (map[int]int, error) {
	if u.missing {
		return map[int]int{}, nil
	}
	out := s.tokScores(u.toks[0], allowed)
	for _, t := range u.toks[1:] {
		next := s.tokScores(t, allowed)
		for d, sc := range out {
			if n, ok := next[d]; ok {
				out[d] = sc + n
			} else {
				delete(out, d)
			}
		}
	}
	if !u.phrase || len(out) == 0 {
		return out, nil
	}
	for _, d := range sortedInts(keysOf(out)) {
		ok, err := s.phraseAt(u, d)
		if err != nil {
			return nil, err
		}
		if !ok {
			delete(out, d)
		}
	}
	return out, nil
}

func keysOf(m map[int]int) map[int]bool {
	out := make(map[int]bool, len(m))
	for k := range m {
		out[k] = true
	}
	return out
}

// tokPositions is the union of the positions of t's analyses in doc.
func (s *Searcher) tokPositions(t qtok, doc int) (map[int]bool, error) {
	out := map[int]bool{}
	for _, term := range t.terms {
		ps, err := s.positions(term, doc)
		if err != nil {
			return nil, err
		}
		for _, p := range ps {
			out[p] = true
		}
	}
	return out, nil
}

// phraseAt reports whether the words of phrase u occur in doc's body at
// their relative positions.
func (s *Searcher) phraseAt(u unit, doc int) (bool, error) {
	sets := make([]map[int]bool, len(u.toks))
	for i, t := range u.toks {
		var err error
		if sets[i], err = s.tokPositions(t, doc); err != nil {
			return false, err
		}
	}
	for p := range sets[0] {
		ok := true
		for i := 1; i < len(u.toks) && ok; i++ {
			ok = sets[i][p-u.offs[0]+u.offs[i]]
		}
		if ok {
			return true, nil
		}
	}
	return false, nil
}
