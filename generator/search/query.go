package search

import (
	"bytes"
	"compress/gzip"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"math"
	"slices"
	"sort"
	"strconv"
	"strings"
)

// The query path below is mirrored step by step by
// themes/default/assets/js/search.js; the browser tests check that both
// return the same ranked list and fetch the same files.

// QueryOptions narrow and bound a query.
type QueryOptions struct {
	Series string // series slug; "" = all
	Tag    string // "taxonomy:term", or a term of "tags"; "" = all
	Limit  int    // 0 = 10
}

// Result is one ranked document.
type Result struct {
	URL, Title, Series, PartLabel, Date, Snippet string
	Score                                        float64
	// Segments is Snippet cut into runs, Mark set on matched words.
	Segments []Segment
}

// Segment is a piece of a snippet.
type Segment struct {
	Text string
	Mark bool
}

// DefaultLimit is the number of results when QueryOptions.Limit is 0.
const DefaultLimit = 10

// Query runs q against the index under fsys (rooted at the site output root,
// so the manifest is at search/manifest.json).
func Query(fsys fs.FS, q string, opts QueryOptions) ([]Result, error) {
	return NewSearcher(fsys).Query(q, opts)
}

// Searcher runs queries against one index, keeping every file it has read,
// as the browser does.
type Searcher struct {
	fsys    fs.FS
	files   map[string][]byte
	fetched []string
	man     *manifest
	vocab   map[int]map[string]vocabEntry
	post    map[int]map[string]*postingList
	pos     map[int]map[string][][]int
	xh      map[int]string   // positions file of each posting shard
	xsec    map[int][2]int   // offset and length of its section there
	shardOf map[string]int   // posting shard of each term the vocabulary named
	order   map[int][]string // terms of each posting shard, in file order
}

// NewSearcher returns a Searcher over the index under fsys.
func NewSearcher(fsys fs.FS) *Searcher {
	return &Searcher{fsys: fsys, files: map[string][]byte{},
		vocab: map[int]map[string]vocabEntry{}, post: map[int]map[string]*postingList{}, pos: map[int]map[string][][]int{},
		xh: map[int]string{}, xsec: map[int][2]int{}, shardOf: map[string]int{}, order: map[int][]string{}}
}

// Fetched lists the index files read so far, in the order first read.
func (s *Searcher) Fetched() []string { return slices.Clone(s.fetched) }

func (s *Searcher) read(path string) ([]byte, error) {
	if b, ok := s.files[path]; ok {
		return b, nil
	}
	b, err := fs.ReadFile(s.fsys, path)
	if err != nil {
		if errors.Is(err, fs.ErrNotExist) && path == manifestPath {
			return nil, fmt.Errorf("search: no index at %s: build the site first", path)
		}
		return nil, fmt.Errorf("search: %w (the index is damaged: rebuild the site)", err)
	}
	if strings.HasSuffix(path, ".bin") {
		if b, err = gunzip(b); err != nil {
			return nil, fmt.Errorf("search: %s: %v (the index is damaged: rebuild the site)", path, err)
		}
	}
	s.files[path] = b
	s.fetched = append(s.fetched, path)
	return b, nil
}

// gunzip decompresses a .bin file. A file that does not start like gzip
// is taken as already decompressed (a server may have decoded it).
func gunzip(b []byte) ([]byte, error) {
	if len(b) < 2 || b[0] != 0x1f || b[1] != 0x8b {
		return b, nil
	}
	r, err := gzip.NewReader(bytes.NewReader(b))
	if err != nil {
		return nil, err
	}
	return io.ReadAll(r)
}

func (s *Searcher) manifest() (*manifest, error) {
	if s.man != nil {
		return s.man, nil
	}
	b, err := s.read(manifestPath)
	if err != nil {
		return nil, err
	}
	var m manifest
	if err := json.Unmarshal(b, &m); err != nil {
		return nil, fmt.Errorf("search: %s: %v (rebuild the site)", manifestPath, err)
	}
	if m.Version != indexVersion || len(m.Vocab) == 0 || len(m.Post) == 0 || m.DocBlock <= 0 || m.MaxCompound <= 0 ||
		m.HashPost <= 0 || m.HashPost > len(m.Post) ||
		len(m.DocFiles) != (m.Docs+m.DocBlock-1)/m.DocBlock {
		return nil, fmt.Errorf("search: %s: unsupported index (rebuild the site)", manifestPath)
	}
	s.man = &m
	return &m, nil
}

type vocabEntry struct {
	cost  int
	stop  bool
	span  int
	terms []string
}

func (s *Searcher) vocabShard(i int) (map[string]vocabEntry, error) {
	if v, ok := s.vocab[i]; ok {
		return v, nil
	}
	v := map[string]vocabEntry{}
	if h := s.man.Vocab[i]; h != "" {
		b, err := s.read("search/v/" + h + ".txt")
		if err != nil {
			return nil, err
		}
		for _, line := range strings.Split(string(b), "\n") {
			f := strings.Split(line, "\t")
			if len(f) < 3 {
				continue
			}
			cost, _ := strconv.Atoi(f[1])
			e := vocabEntry{cost: cost, stop: f[2] == "s", span: 1}
			if n, err := strconv.Atoi(f[2]); err == nil && n > 1 {
				e.span = n
			}
			for k := 3; k+1 < len(f); k += 2 {
				t := f[k]
				if t == "" {
					t = f[0]
				}
				sh, err := strconv.ParseInt(f[k+1], 36, 32)
				if err != nil || sh < 0 || int(sh) >= len(s.man.Post) {
					return nil, fmt.Errorf("search: vocabulary file %s is damaged (rebuild the site)", h)
				}
				e.terms = append(e.terms, t)
				s.shardOf[t] = int(sh)
			}
			v[f[0]] = e
		}
	}
	s.vocab[i] = v
	return v, nil
}

type postingList struct {
	idf      int
	docs     []int
	w        []int
	surfaces []string // keys standing for the term in the text
	at       int      // index of the term in its shard
}

// postShard reads posting shard i: the name of its positions file and the
// offset and length of its section there, then
// per term: term, idf, document count, document gaps, one weight byte per
// document, and the term's surfaces ("" = the term itself). Numbers are
// unsigned varints, strings length-prefixed.
func (s *Searcher) postShard(i int) (map[string]*postingList, error) {
	if p, ok := s.post[i]; ok {
		return p, nil
	}
	p := map[string]*postingList{}
	if h := s.man.Post[i]; h != "" {
		b, err := s.read("search/p/" + h + ".bin")
		if err != nil {
			return nil, err
		}
		r := &cacheReader{s: string(b)}
		xh := r.text()
		s.xsec[i] = [2]int{r.num(), r.num()}
		n := r.uvarint()
		order := make([]string, 0, n)
		for at := 0; at < n && !r.bad; at++ {
			term := r.text()
			pl := &postingList{idf: r.num(), at: at}
			df := r.uvarint()
			if df > len(r.s)-r.i {
				r.bad = true
				break
			}
			pl.docs, pl.w = make([]int, df), make([]int, df)
			doc := 0
			for k := range pl.docs {
				doc += r.num()
				pl.docs[k] = doc
			}
			for k, c := range []byte(r.str(df)) {
				pl.w[k] = int(c)
			}
			ns := r.uvarint()
			for range min(ns, len(r.s)-r.i) {
				sf := r.text()
				if sf == "" {
					sf = term
				}
				pl.surfaces = append(pl.surfaces, sf)
			}
			p[term] = pl
			order = append(order, term)
		}
		if r.bad {
			return nil, fmt.Errorf("search: posting file %s is damaged (rebuild the site)", h)
		}
		s.xh[i], s.order[i] = xh, order
	}
	s.post[i] = p
	return p, nil
}

// posShard reads the positions of shard i: per term in shard order, per
// document: count, then position gaps.
func (s *Searcher) posShard(i int) (map[string][][]int, error) {
	if x, ok := s.pos[i]; ok {
		return x, nil
	}
	ps, err := s.postShard(i)
	if err != nil {
		return nil, err
	}
	x := map[string][][]int{}
	if s.man.Post[i] != "" {
		b, err := s.read("search/x/" + s.xh[i] + ".bin")
		if err != nil {
			return nil, err
		}
		off, n := s.xsec[i][0], s.xsec[i][1]
		if off > len(b) || n > len(b)-off {
			return nil, fmt.Errorf("search: positions file %s is damaged (rebuild the site)", s.xh[i])
		}
		r := &cacheReader{s: string(b[off : off+n])}
		for _, term := range s.order[i] {
			lists := make([][]int, len(ps[term].docs))
			for k := range lists {
				n := r.uvarint()
				if n > len(r.s)-r.i {
					r.bad = true
				}
				if r.bad {
					return nil, fmt.Errorf("search: positions file %s is damaged (rebuild the site)", s.xh[i])
				}
				l := make([]int, n)
				p := 0
				for j := range l {
					p += r.num()
					l[j] = p
				}
				lists[k] = l
			}
			x[term] = lists
		}
	}
	s.pos[i] = x
	return x, nil
}

// postBucket returns the posting shard of term: by hash for numbers and
// Latin words, else as the vocabulary said; -1 when no vocabulary read so
// far names the term.
func (s *Searcher) postBucket(term string) int {
	if hashedTerm(term) {
		return int(fnv32(term) % uint32(s.man.HashPost))
	}
	if sh, ok := s.shardOf[term]; ok {
		return sh
	}
	return -1
}

// positions returns the body positions of term in doc.
func (s *Searcher) positions(term string, doc int) ([]int, error) {
	b := s.postBucket(term)
	if b < 0 {
		return nil, nil
	}
	ps, err := s.postShard(b)
	if err != nil {
		return nil, err
	}
	pl := ps[term]
	if pl == nil {
		return nil, nil
	}
	i, ok := slices.BinarySearch(pl.docs, doc)
	if !ok {
		return nil, nil
	}
	xs, err := s.posShard(b)
	if err != nil {
		return nil, err
	}
	return xs[term][i], nil
}

func decodeIDs(s string) []int {
	if s == "" {
		return nil
	}
	var out []int
	prev := 0
	for _, p := range strings.Split(s, ",") {
		d, _ := strconv.ParseInt(p, 36, 64)
		prev += int(d)
		out = append(out, prev)
	}
	return out
}

// qtok is one token of a segmented query.
type qtok struct {
	text    string
	terms   []string
	stop    bool
	missing bool // a word the index does not know
	weak    bool // a single character: too vague to match on its own
	span    int
}

type chunk struct {
	text   string
	phrase bool
}

// parseQuery cuts normalised q at spaces, keeping "…" and 「…」 as phrases.
func parseQuery(q string) []chunk {
	var out []chunk
	add := func(text string, phrase bool) {
		for _, c := range strings.Split(text, " ") {
			if c != "" {
				out = append(out, chunk{c, phrase})
			}
		}
	}
	rs := []rune(q)
	start := 0
	for i := 0; i < len(rs); i++ {
		var end rune
		switch rs[i] {
		case '"':
			end = '"'
		case '「':
			end = '」'
		default:
			continue
		}
		add(string(rs[start:i]), false)
		j := i + 1
		for j < len(rs) && rs[j] != end {
			j++
		}
		add(string(rs[i+1:j]), true)
		i = j
		start = j + 1
	}
	if start < len(rs) {
		add(string(rs[start:]), false)
	}
	return out
}

// vocabBuckets lists the vocabulary shards segmenting chunk can consult.
func (s *Searcher) vocabBuckets(c string, set map[int]bool) {
	n := len(s.man.Vocab)
	for _, r := range c {
		if isDigit(r) || isLatin(r) || r == ' ' {
			continue
		}
		set[int(r)%n] = true
		if isHiragana(r) {
			set[int(r+0x60)%n] = true
		}
	}
}

func (s *Searcher) lookup(key string) (vocabEntry, bool, error) {
	v, err := s.vocabShard(int(firstRune(key)) % len(s.man.Vocab))
	if err != nil {
		return vocabEntry{}, false, err
	}
	e, ok := v[key]
	return e, ok, nil
}

// segment cuts one chunk into query tokens: numbers and Latin words as the
// indexer cuts them, the rest by the cheapest path over the vocabulary.
func (s *Searcher) segment(c string) ([]qtok, error) {
	var out []qtok
	for _, r := range split(c) {
		switch r.kind {
		case runSpace:
		case runNumber:
			out = append(out, qtok{text: r.text, terms: []string{numberTerm(r.text)}, span: 1, weak: runeLen(r.text) == 1})
		case runLatin:
			out = append(out, qtok{text: r.text, terms: []string{Fold(r.text)}, span: 1, weak: runeLen(r.text) == 1})
		default:
			ts, err := s.viterbi(r.text)
			if err != nil {
				return nil, err
			}
			out = append(out, ts...)
		}
	}
	return out, nil
}

type seg struct {
	start, end int
	e          *vocabEntry
	key        string
}

func (s *Searcher) viterbi(text string) ([]qtok, error) {
	rs := []rune(text)
	n := len(rs)
	best := make([]int, n+1)
	back := make([]seg, n+1)
	for i := 1; i <= n; i++ {
		best[i] = math.MaxInt
	}
	for i := 0; i < n; i++ {
		if best[i] == math.MaxInt {
			continue
		}
		if c := best[i] + s.man.Unknown; c < best[i+1] {
			best[i+1], back[i+1] = c, seg{start: i, end: i + 1}
		}
		for l := 1; l <= s.man.MaxKey && i+l <= n; l++ {
			key := Fold(string(rs[i : i+l]))
			e, ok, err := s.lookup(key)
			if err != nil {
				return nil, err
			}
			if !ok {
				continue
			}
			if c := best[i] + e.cost; c < best[i+l] {
				best[i+l], back[i+l] = c, seg{start: i, end: i + l, e: &e, key: key}
			}
		}
	}
	var segs []seg
	for i := n; i > 0; i = back[i].start {
		segs = append(segs, back[i])
	}
	slices.Reverse(segs)
	// Unknown characters side by side form one unknown word; so does a run
	// of kanji that holds an unknown one (新幹線 is not 新 + 幹 + 線).
	var merged []seg
	for _, g := range segs {
		if k := len(merged); k > 0 && g.e == nil && merged[k-1].e == nil {
			merged[k-1].end = g.end
			continue
		}
		merged = append(merged, g)
	}
	segs = merged[:0:0]
	for i := 0; i < len(merged); {
		j, unknown := i, false
		for j < len(merged) && allKanji(string(rs[merged[j].start:merged[j].end])) {
			unknown = unknown || merged[j].e == nil
			j++
		}
		if j-i >= 2 && unknown {
			segs = append(segs, seg{start: merged[i].start, end: merged[j-1].end})
			i = j
			continue
		}
		if j == i {
			j = i + 1
		}
		segs = append(segs, merged[i:j]...)
		i = j
	}
	out := make([]qtok, 0, len(segs))
	for _, g := range segs {
		t := qtok{text: string(rs[g.start:g.end]), span: 1}
		t.weak = runeLen(t.text) == 1
		switch {
		case g.e == nil:
			t.stop = !hasWordRune(t.text)
			t.missing = !t.stop
		case g.e.stop:
			t.stop = true
		default:
			t.terms, t.span = g.e.terms, g.e.span
		}
		out = append(out, t)
	}
	return out, nil
}

// unit is one thing a document must match: a word (any of its analyses) or
// a quoted phrase (its words at their relative positions).
type unit struct {
	toks    []qtok
	offs    []int
	phrase  bool
	weak    bool
	missing bool
}

func (u unit) terms() []string {
	var ts []string
	for _, t := range u.toks {
		ts = append(ts, t.terms...)
	}
	return ts
}

const maxUnits = 16

func (s *Searcher) units(q string) ([]unit, error) {
	var us []unit
	seen := map[string]bool{}
	add := func(u unit) {
		var sig strings.Builder
		for i, t := range u.toks {
			fmt.Fprintf(&sig, "%d:%s|", u.offs[i], strings.Join(t.terms, ","))
		}
		if u.missing {
			sig.WriteString("?" + u.toks[0].text)
		}
		if seen[sig.String()] || len(us) >= maxUnits {
			return
		}
		seen[sig.String()] = true
		us = append(us, u)
	}
	for _, c := range parseQuery(q) {
		toks, err := s.segment(c.text)
		if err != nil {
			return nil, err
		}
		var ph unit
		off := 0
		for _, t := range toks {
			if !t.stop {
				if c.phrase {
					ph.toks = append(ph.toks, t)
					ph.offs = append(ph.offs, off)
					ph.missing = ph.missing || t.missing
				} else {
					add(unit{toks: []qtok{t}, offs: []int{0}, weak: t.weak, missing: t.missing})
				}
			}
			off += t.span
		}
		switch {
		case len(ph.toks) == 1:
			add(unit{toks: ph.toks, offs: []int{0}, weak: ph.toks[0].weak, missing: ph.missing})
		case len(ph.toks) > 1:
			ph.phrase = true
			add(ph)
		}
	}
	return us, nil
}

// Query runs q and returns at most opts.Limit results, best first.
func (s *Searcher) Query(q string, opts QueryOptions) ([]Result, error) {
	m, err := s.manifest()
	if err != nil {
		return nil, err
	}
	if opts.Limit <= 0 {
		opts.Limit = DefaultLimit
	}
	q = Normalize(q)
	if rs := []rune(q); len(rs) > maxQueryRunes {
		q = string(rs[:maxQueryRunes])
	}
	// 1. Vocabulary shards, then segmentation into units.
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
	// 2. Postings of every known term.
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
	allowed, err := s.filter(opts)
	if err != nil {
		return nil, err
	}
	// 3. Score each unit; phrases also check positions.
	scores := make([]map[int]int, len(us))
	for i, u := range us {
		if scores[i], err = s.unitScores(u, allowed); err != nil {
			return nil, err
		}
	}
	type hit struct{ doc, count, score int }
	var hits []hit
	collect := func(and bool) {
		sum := map[int]*hit{}
		for i, u := range us {
			if !and && (u.weak || u.missing) {
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
		for _, h := range sum {
			if !and || h.count == len(us) {
				hits = append(hits, *h)
			}
		}
	}
	collect(true)
	if len(hits) == 0 {
		collect(false)
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
	if len(hits) > opts.Limit {
		hits = hits[:opts.Limit]
	}
	if len(hits) == 0 {
		return nil, nil
	}
	// 4. Metadata and snippet windows.
	results := make([]Result, 0, len(hits))
	for _, h := range hits {
		r, err := s.result(h.doc, us, m)
		if err != nil {
			return nil, err
		}
		r.Score = float64(h.score) / (idfScale * weightScale)
		results = append(results, r)
	}
	return results, nil
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
	b, err := s.read("search/f/" + s.man.Filters + ".json")
	if err != nil {
		return nil, err
	}
	var ff filterFile
	if err := json.Unmarshal(b, &ff); err != nil {
		return nil, fmt.Errorf("search: filters: %v (rebuild the site)", err)
	}
	if b, err = s.read("search/f/" + s.man.FilterIDs + ".json"); err != nil {
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

// tokPositions is the union of the body positions of t's analyses in doc.
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

// docLine returns the fields of doc's line in its document file.
func (s *Searcher) docLine(doc int) ([]string, error) {
	m := s.man
	bad := fmt.Errorf("search: document %d is missing from the document files (rebuild the site)", doc)
	if doc < 0 || doc/m.DocBlock >= len(m.DocFiles) {
		return nil, bad
	}
	b, err := s.read("search/d/" + m.DocFiles[doc/m.DocBlock] + ".txt")
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
			k := Fold(key)
			for ui, set := range keys {
				if set[k] {
					out = append(out, snippetMark{i, i + l, ui})
				}
			}
		}
	}
	return out
}

func (s *Searcher) result(doc int, us []unit, m *manifest) (Result, error) {
	f, err := s.docLine(doc)
	if err != nil {
		return Result{}, err
	}
	r := Result{URL: f[0], Title: f[1], Series: f[2], PartLabel: f[4], Date: f[5]}
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
	return r, nil
}
