package search

import (
	"bytes"
	"compress/gzip"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"slices"
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
	// Others fills Result.Others; without it a result names the other
	// parts of its serial only by id (Result.OtherIDs, see Searcher.Others).
	Others bool
	// NoText leaves snippets to the stored windows and reads no body file
	// (the header box shows no snippet).
	NoText bool
}

// Result is one ranked document.
// Its JSON form is the one the browser engine returns.
type Result struct {
	URL        string  `json:"url"`
	Title      string  `json:"title"`
	Series     string  `json:"series,omitempty"`
	SeriesSlug string  `json:"seriesSlug,omitempty"`
	PartLabel  string  `json:"partLabel,omitempty"`
	Date       string  `json:"date,omitempty"`
	Snippet    string  `json:"snippet,omitempty"`
	Score      float64 `json:"score"`
	// Segments is Snippet cut into runs, Mark set on matched words.
	Segments []Segment `json:"segments,omitempty"`
	// Others are the other matching parts of the same serial, best first
	// (at most maxOthers, without snippets); OthersTotal counts them all.
	Others      []Result `json:"others,omitempty"`
	OthersTotal int      `json:"othersTotal,omitempty"`
	OtherIDs    []int    `json:"otherIds,omitempty"`
}

// Segment is a piece of a snippet.
type Segment struct {
	Text string `json:"text"`
	Mark bool   `json:"mark,omitempty"`
}

// DefaultLimit is the number of results when QueryOptions.Limit is 0.
const DefaultLimit = 10

// Query runs q against the index under fsys (rooted at the site output root,
// so the manifest is at search/manifest.json).
func Query(fsys fs.FS, q string, opts QueryOptions) (Response, error) {
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
	if m.Version != indexVersion || m.Vocab <= 0 || m.Post <= 0 || m.DocBlock <= 0 || m.MaxCompound <= 0 ||
		m.MaxQuery <= 0 || m.MaxUnits <= 0 || m.MaxOthers < 0 || m.ScoreScale <= 0 || m.LeadCandidates <= 0 ||
		m.MetaBlock <= 0 || m.SnippetTokens <= 0 || m.SnippetBefore < 0 || m.HashPost <= 0 || m.HashPost > m.Post || !validRoot(m.Root) {
		return nil, fmt.Errorf("search: %s: unsupported index (rebuild the site)", manifestPath)
	}
	s.man = &m
	return &m, nil
}

// validRoot reports whether root can name the index directory: hex
// digits only, so a manifest cannot point outside search/.
func validRoot(root string) bool {
	if len(root) != 2*rootBytes {
		return false
	}
	for _, c := range root {
		if (c < '0' || c > '9') && (c < 'a' || c > 'f') {
			return false
		}
	}
	return true
}

// file is the path of file n of dir (v, p, x, d, m) of the index.
func (s *Searcher) file(dir string, n int, ext string) string {
	return "search/" + s.man.Root + "/" + dir + "/" + strconv.Itoa(n) + ext
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
	h := s.file("v", i, ".txt")
	b, err := s.read(h)
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
			if err != nil || sh < 0 || int(sh) >= s.man.Post {
				return nil, fmt.Errorf("search: vocabulary file %s is damaged (rebuild the site)", h)
			}
			e.terms = append(e.terms, t)
			s.shardOf[t] = int(sh)
		}
		v[f[0]] = e
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
	h := s.file("p", i, ".bin")
	b, err := s.read(h)
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
	b, err := s.read("search/" + s.man.Root + "/x/" + s.xh[i] + ".bin")
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

// positions returns the positions of term in doc, in all fields (see
// fieldBase).
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
