package search

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"math"
	"runtime"
	"slices"
	"sort"
	"strconv"
	"strings"
	"sync"

	"golang.org/x/sync/errgroup"
)

// Document is one published article as the indexer sees it.
type Document struct {
	URL        string              // site-relative, no base path: "/posts/nyukan-06/"
	Title      string              // display title
	Series     string              // series title ("" for standalone)
	SeriesSlug string              // "" for standalone
	PartLabel  string              // e.g. "第6話"
	Date       string              // "2026-03-04"
	Taxonomies map[string][]string // "tags" -> terms (filters)
	Body       string              // plain text (Markdown already stripped)
	// Readings are the ruby of the text (base as it appears in the plain
	// text, and its kana); a query in the reading finds the base.
	Readings []Reading
}

// Options tune an Indexer.
type Options struct {
	CacheDir string           // "" = no cache; token streams go to CacheDir/search/
	Workers  int              // 0 = GOMAXPROCS
	Warn     func(msg string) // nil = discard warnings
}

// Indexer builds the static search index. It is safe to reuse for several
// builds; each Build re-analyses only texts missing from the cache.
type Indexer struct {
	tok   Tokenizer
	opts  Options
	cache analysisCache
}

// NewIndexer returns an Indexer that analyses text with tok.
func NewIndexer(tok Tokenizer, opts Options) *Indexer {
	id := fmt.Sprintf("%T", tok)
	if i, ok := tok.(identifier); ok {
		id = i.ID()
	}
	if opts.Workers <= 0 {
		opts.Workers = runtime.GOMAXPROCS(0)
	}
	return &Indexer{tok: tok, opts: opts, cache: analysisCache{dir: opts.CacheDir, id: id}}
}

// Index layout constants, shared with the client through the manifest.
const (
	maxDocFiles  = 4096     // documents are grouped so that there are at most this many document files
	maxKeyRunes  = 32       // longer surfaces are left out of the vocabulary
	maxCompound  = 6        // most nouns joined into one compound
	vocabTarget  = 4 << 10  // raw bytes per vocabulary shard
	postTarget   = 12 << 10 // raw bytes per posting shard
	maxShards    = 1024
	posGroup     = 4 // posting shards per positions file
	idfScale     = 1000
	weightScale  = 100 // BM25 term weights are at most 2.2: stored in one byte
	manifestPath = "search/manifest.json"
	indexVersion = 3
)

// Field weights and BM25 parameters.
var fieldWeight = [3]float64{3, 2, 1} // title, series title, body

const (
	bm25K1 = 1.2
	bm25B  = 0.75
)

const (
	fTitle = iota
	fSeries
	fBody
)

// Counters reports what the last Build did, in documents: how many were
// analysed and how many were taken whole from the cache.
type Counters struct{ Analysed, Cached int }

// Build analyses docs and returns the index files, keyed by path relative to
// the site root (all under "search/"). Two builds of the same documents
// return identical bytes.
func (ix *Indexer) Build(ctx context.Context, docs []Document) (map[string][]byte, error) {
	files, _, err := ix.build(ctx, docs)
	return files, err
}

func (ix *Indexer) build(ctx context.Context, docs []Document) (map[string][]byte, Counters, error) {
	docs = append([]Document(nil), docs...)
	// Standalone articles first, then each series as a run of ids (see
	// manifest.Series).
	sort.SliceStable(docs, func(i, j int) bool {
		if docs[i].SeriesSlug != docs[j].SeriesSlug {
			return docs[i].SeriesSlug < docs[j].SeriesSlug
		}
		return docs[i].URL < docs[j].URL
	})
	b := newBuilder(len(docs))
	b.workers = ix.opts.Workers
	packs := ix.cache.open()
	pw := ix.cache.newPackWriter(packs, len(docs))
	var c Counters
	// Documents go through in chunks: a chunk is analysed (or taken from
	// the cache) on all workers, written to the cache, merged into the
	// index on all workers, and dropped, so that memory holds the merged
	// index and one chunk rather than every document's analysis.
	for start := 0; start < len(docs); start += chunkDocs {
		chunk := docs[start:min(start+chunkDocs, len(docs))]
		aggs, enc, cc, err := ix.analyseChunk(ctx, packs, chunk)
		if err != nil {
			pw.abort()
			return nil, c, err
		}
		c.Analysed += cc.Analysed
		c.Cached += cc.Cached
		for i, a := range aggs {
			for _, f := range a.fallback {
				ix.warn(fmt.Sprintf("search: %s: kagome could not analyse %q; indexed it by character", chunk[i].URL, clip(f, 40)))
			}
			pw.add(enc[i])
		}
		if err := ctx.Err(); err != nil {
			pw.abort()
			return nil, c, err
		}
		b.merge(aggs, start)
	}
	packs = cachePacks{} // merged: the packs can go
	if err := pw.finish(); err != nil {
		ix.warn(fmt.Sprintf("search: analysis cache: %v (the build goes on without it)", err))
	}
	files, err := b.write(ctx, docs)
	return files, c, err
}

// chunkDocs is how many documents are analysed before they are merged.
const chunkDocs = 256

func (ix *Indexer) warn(msg string) {
	if ix.opts.Warn != nil {
		ix.opts.Warn(msg)
	}
}

func clip(s string, n int) string {
	rs := []rune(s)
	if len(rs) <= n {
		return s
	}
	return string(rs[:n]) + "…"
}

// cacheEntry is one document's cache entry, and whether it was analysed
// in this build (fresh) or read from the cache.
type cacheEntry struct {
	key   cacheKey
	data  string
	fresh bool
}

// analyseChunk analyses the title, series title and body of every
// document on all workers, taking what it can from the cache.
func (ix *Indexer) analyseChunk(ctx context.Context, packs cachePacks, docs []Document) ([]*docAgg, []cacheEntry, Counters, error) {
	aggs := make([]*docAgg, len(docs))
	enc := make([]cacheEntry, len(docs))
	// Each worker writes only its own document's slots.
	g, gctx := errgroup.WithContext(ctx)
	g.SetLimit(ix.opts.Workers)
	for i := range docs {
		if gctx.Err() != nil {
			break
		}
		g.Go(func() error {
			if err := gctx.Err(); err != nil {
				return err
			}
			texts := [3]string{docs[i].Title, docs[i].Series, docs[i].Body}
			if ix.cache.dir != "" {
				enc[i].key = ix.cache.key(&texts, docs[i].Readings)
				if d, ok := packs.load(enc[i].key); ok {
					aggs[i] = d
					enc[i].data = packs.entries[enc[i].key]
					return nil
				}
			}
			if l, ok := ix.tok.(interface{ ready() error }); ok {
				if err := l.ready(); err != nil {
					return err
				}
			}
			var fields [3]analysis
			for f, text := range texts {
				if err := gctx.Err(); err != nil {
					return err
				}
				var err error
				if fields[f], err = analyze(gctx, ix.tok, text, docs[i].Readings); err != nil {
					return err
				}
			}
			aggs[i] = aggregate(&fields)
			enc[i].fresh = true
			if ix.cache.dir != "" {
				enc[i].data = string(encodeAgg(aggs[i]))
			}
			return nil
		})
	}
	err := g.Wait()
	if err == nil {
		err = ctx.Err()
	}
	if err != nil {
		return nil, nil, Counters{}, err
	}
	var c Counters
	for _, e := range enc {
		if e.fresh {
			c.Analysed++
		} else {
			c.Cached++
		}
	}
	return aggs, enc, c, nil
}

// keyStat gathers how one vocabulary key was analysed across the corpus.
type keyStat struct {
	count, stop int
	terms       []string // distinct terms (a set: few per key)
	single      bool     // seen as one morpheme
	span        int      // parts, when seen as a compound
}

// posting is one document of a term and its term frequency per field.
type posting struct {
	doc int32
	tf  [3]int32
}

type termInfo struct {
	postings []posting
	// pos holds the body positions of every posting, in order, as the
	// positions file stores them (per posting: count, then gaps of the
	// sorted positions, unsigned varints).
	pos  []byte
	base string // normalised dictionary form, for conjugation
	infl string
}

type builder struct {
	n       int
	workers int
	keys    map[string]*keyStat
	terms   map[string]*termInfo
	lens    [][3]int
	total   int
	windows [][]window
	shards  []mergeShard // see merge
}

// mergeShard holds the keys and terms whose hash falls to one merger.
type mergeShard struct {
	keys  map[string]*keyStat
	terms map[string]*termInfo
}

func newBuilder(n int) *builder {
	return &builder{n: n, keys: map[string]*keyStat{}, terms: map[string]*termInfo{}, lens: make([][3]int, n), windows: make([][]window, n)}
}

func (s *keyStat) addTerm(t string) {
	if !slices.Contains(s.terms, t) {
		s.terms = append(s.terms, t)
	}
}

func (b *builder) key(k string) *keyStat {
	s := b.keys[k]
	if s == nil {
		s = &keyStat{}
		b.keys[k] = s
	}
	return s
}

// docAgg is one document's contribution to the index, gathered on the
// worker that analysed it so that the single-threaded merge touches each
// distinct key and term of a document once instead of every morpheme.
type docAgg struct {
	fallback []string // text indexed by character (see analysis)
	lens     [3]int
	windows  []window // snippet text (see chooseWindows)
	keys     []keyAgg
	terms    []termAgg
}

type keyAgg struct {
	h           uint32 // fnv32(key), to pick the merge shard
	key         string
	count, stop int
	single      bool
	span        int
	terms       []string // distinct terms, in order of first use
}

type termAgg struct {
	h          uint32 // fnv32(term), to pick the merge shard
	term       string
	tf         [3]int
	raw        []int  // body positions, while aggregating
	pos        string // body positions encoded (see posting)
	base, infl string // from the first inflecting occurrence
}

// aggMaps are the lookup tables of one aggregate call, reused across
// documents (each worker takes its own from the pool).
type aggMaps struct{ keys, terms map[string]int }

var aggScratch = sync.Pool{New: func() any { return &aggMaps{map[string]int{}, map[string]int{}} }}

// aggregate gathers fields in the order the index has always used: per
// field, morphemes first, then compounds.
func aggregate(fields *[3]analysis) *docAgg {
	n := 0
	for f := range fields {
		n += len(fields[f].morphs)
	}
	d := &docAgg{keys: make([]keyAgg, 0, n/3+1), terms: make([]termAgg, 0, n/4+1)}
	sc := aggScratch.Get().(*aggMaps)
	defer aggScratch.Put(sc)
	keyAt, termAt := sc.keys, sc.terms
	clear(keyAt)
	clear(termAt)
	key := func(k string) *keyAgg {
		i, ok := keyAt[k]
		if !ok {
			i = len(d.keys)
			keyAt[k] = i
			d.keys = append(d.keys, keyAgg{key: k, h: fnv32(k)})
		}
		return &d.keys[i]
	}
	hit := func(term string, f, pos int) *termAgg {
		i, ok := termAt[term]
		if !ok {
			i = len(d.terms)
			termAt[term] = i
			d.terms = append(d.terms, termAgg{term: term, h: fnv32(term)})
		}
		t := &d.terms[i]
		t.tf[f]++
		if f == fBody {
			t.raw = append(t.raw, pos)
		}
		return t
	}
	useTerm := func(s *keyAgg, term string) {
		if !slices.Contains(s.terms, term) {
			s.terms = append(s.terms, term)
		}
	}
	for f := range fields {
		a := &fields[f]
		d.fallback = append(d.fallback, a.fallback...)
		ms := a.morphs
		d.lens[f] = len(ms)
		for i, m := range ms {
			s := key(a.keys[i])
			s.count++
			s.single = true
			if m.Kind == Stop {
				s.stop++
				continue
			}
			term := a.terms[i]
			useTerm(s, term)
			t := hit(term, f, i)
			if m.Infl != "" && t.infl == "" {
				t.base, t.infl = Normalize(m.Base), m.Infl
				if m.Base == "" {
					t.base = m.Surface
				}
			}
		}
		// Compounds: runs of two or more nouns, as extra terms at the
		// position of their first part.
		for _, c := range a.comps {
			s := key(c.key)
			s.count++
			useTerm(s, c.key)
			if s.span == 0 || c.n < s.span {
				s.span = c.n
			}
			hit(c.key, f, c.at)
		}
	}
	d.windows = chooseWindows(fields[fBody].morphs, d.terms)
	var buf []byte
	for i := range d.terms {
		t := &d.terms[i]
		buf = appendPositions(buf[:0], t.raw)
		t.pos, t.raw = string(buf), nil
	}
	return d
}

// appendPositions appends positions as a posting stores them: count, then
// gaps of the sorted positions without repeats (compound positions follow
// the morphemes', and one term may be both).
func appendPositions(b []byte, ps []int) []byte {
	slices.Sort(ps)
	ps = slices.Compact(ps)
	b = appendUvarint(b, len(ps))
	prev := 0
	for _, p := range ps {
		b = appendUvarint(b, p-prev)
		prev = p
	}
	return b
}

// merge adds the aggregates of documents base, base+1, ... to the index.
// Keys and terms are split by hash among the workers, each merging its
// share of every document in document order, so postings come out in the
// same order as from a single merger.
func (b *builder) merge(aggs []*docAgg, base int) {
	for i, d := range aggs {
		doc := base + i
		b.lens[doc] = d.lens
		for _, l := range d.lens {
			b.total += l
		}
		ws := make([]window, len(d.windows))
		for j, w := range d.windows {
			ws[j] = window{w.start, strings.Clone(w.toks)}
		}
		b.windows[doc] = ws
	}
	n := uint32(max(1, b.workers))
	if b.shards == nil {
		b.shards = make([]mergeShard, n)
		for w := range b.shards {
			b.shards[w] = mergeShard{map[string]*keyStat{}, map[string]*termInfo{}}
		}
	}
	var wg sync.WaitGroup
	for w := range b.shards {
		wg.Go(func() {
			keys, terms := b.shards[w].keys, b.shards[w].terms
			for i, d := range aggs {
				doc := int32(base + i)
				for i := range d.keys {
					ka := &d.keys[i]
					if ka.h%n != uint32(w) {
						continue
					}
					s := keys[ka.key]
					if s == nil {
						// Strings of cached entries point into the
						// cache packs: copy what the index keeps, so
						// the packs can go once merged.
						s = &keyStat{}
						keys[strings.Clone(ka.key)] = s
					}
					s.count += ka.count
					s.stop += ka.stop
					if ka.single {
						s.single = true
					}
					if ka.span > 0 && (s.span == 0 || ka.span < s.span) {
						s.span = ka.span
					}
					for _, t := range ka.terms {
						if !slices.Contains(s.terms, t) {
							s.terms = append(s.terms, strings.Clone(t))
						}
					}
				}
				for i := range d.terms {
					ta := &d.terms[i]
					if ta.h%n != uint32(w) {
						continue
					}
					t := terms[ta.term]
					if t == nil {
						t = &termInfo{}
						terms[strings.Clone(ta.term)] = t
					}
					t.postings = append(t.postings, posting{doc: doc, tf: [3]int32{int32(ta.tf[0]), int32(ta.tf[1]), int32(ta.tf[2])}})
					t.pos = append(t.pos, ta.pos...)
					if ta.infl != "" && t.infl == "" {
						t.base, t.infl = strings.Clone(ta.base), strings.Clone(ta.infl)
					}
				}
			}
		})
	}
	wg.Wait()
}

// union gathers the merge shards into b.keys and b.terms.
func (b *builder) union() {
	nk, nt := 0, 0
	for _, sh := range b.shards {
		nk, nt = nk+len(sh.keys), nt+len(sh.terms)
	}
	b.keys, b.terms = make(map[string]*keyStat, nk), make(map[string]*termInfo, nt)
	for _, sh := range b.shards {
		for k, s := range sh.keys {
			b.keys[k] = s
		}
		for t, ti := range sh.terms {
			b.terms[t] = ti
		}
	}
	b.shards = nil
}

// vocabLine is one vocabulary entry: key, cost, flag ("s" stop, "" one
// morpheme, "2".."6" parts of a compound), then each term ("" = the key
// itself) and its posting shard.
func (b *builder) vocabLines(shardOf map[string]int) map[string]string {
	// Forms of verbs and adjectives the corpus never shows.
	termNames := sortedKeys(b.terms)
	for _, term := range termNames {
		t := b.terms[term]
		if t.infl == "" {
			continue
		}
		for _, form := range conjugate(t.base, t.infl) {
			k := Fold(form)
			if runeLen(k) < 2 {
				continue
			}
			if _, seen := b.keys[k]; seen {
				continue
			}
			s := b.key(k)
			s.addTerm(term)
			s.single = true
		}
	}
	lines := map[string]string{}
	for _, k := range sortedKeys(b.keys) {
		s := b.keys[k]
		if runeLen(k) > maxKeyRunes {
			continue
		}
		cost := int(math.Round(10*math.Log2(float64(b.total+1)/(float64(s.count)+0.5)))) + 10
		var sb strings.Builder
		sb.WriteString(k + "\t" + strconv.Itoa(cost) + "\t")
		if s.stop*2 > s.count {
			sb.WriteString("s")
		} else {
			if !s.single && s.span > 1 {
				sb.WriteString(strconv.Itoa(s.span))
			}
			slices.Sort(s.terms)
			for _, term := range s.terms {
				sh := shardOf[term]
				if term == k {
					term = ""
				}
				sb.WriteString("\t" + term + "\t")
				sb.Write(appendBase36(nil, sh))
			}
		}
		lines[k] = sb.String()
	}
	return lines
}

// unknownCost is the cost of one query character the vocabulary does not
// cover: dearer than any known key, so known words always win.
func (b *builder) unknownCost() int {
	return int(math.Round(10*math.Log2(float64(2*b.total+2)))) + 30
}

func sortedKeys[V any](m map[string]V) []string {
	ks := make([]string, 0, len(m))
	for k := range m {
		ks = append(ks, k)
	}
	sort.Strings(ks)
	return ks
}

// bm25 turns term frequencies into BM25F term weights (scaled integers,
// so the Go and JavaScript scorers add exactly the same numbers).
type bm25 struct {
	n   int
	avg [3]float64
}

func (b *builder) bm25() bm25 {
	var avg [3]float64
	for _, l := range b.lens {
		for f := range avg {
			avg[f] += float64(l[f])
		}
	}
	for f := range avg {
		avg[f] /= math.Max(1, float64(b.n))
	}
	return bm25{n: b.n, avg: avg}
}

func (m bm25) idf(t *termInfo) int {
	df := float64(len(t.postings))
	return int(math.Round(idfScale * math.Log(1+(float64(m.n)-df+0.5)/(df+0.5))))
}

func (m bm25) weight(p *posting, lens [3]int) int {
	// (tf is at most the field length: no overflow)
	var tf float64
	for f := range p.tf {
		if p.tf[f] == 0 || m.avg[f] == 0 {
			continue
		}
		norm := 1 - bm25B + bm25B*float64(lens[f])/m.avg[f]
		tf += fieldWeight[f] * float64(p.tf[f]) / norm
	}
	return int(math.Round(weightScale * tf * (bm25K1 + 1) / (tf + bm25K1)))
}

func contentName(dir, ext string, data []byte) string {
	h := sha256.Sum256(data)
	return "search/" + dir + "/" + hex.EncodeToString(h[:5]) + ext
}

func hashOf(path string) string {
	base := path[strings.LastIndexByte(path, '/')+1:]
	return base[:strings.IndexByte(base, '.')]
}

func shardCount(total, target int) int {
	n := 1
	for n < maxShards && n*target < total {
		n *= 2
	}
	return n
}

// fnv32 is FNV-1a over the UTF-8 bytes of s; the client computes the same.
func fnv32(s string) uint32 {
	h := uint32(2166136261)
	for i := 0; i < len(s); i++ {
		h ^= uint32(s[i])
		h *= 16777619
	}
	return h
}

func firstRune(s string) rune {
	for _, r := range s {
		return r
	}
	return 0
}
