package search

import (
	"context"
	"fmt"
	"runtime"
	"slices"
	"sort"

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
	// Prepared, when Indexer.Prepare analysed the document ahead, lets
	// Body be empty; Reload then gives the body again if Build needs it.
	Prepared *Prepared
	Reload   func() (string, error)
}

// Options tune an Indexer.
type Options struct {
	CacheDir string           // "" = no cache; token streams go to CacheDir/search/
	Workers  int              // 0 = GOMAXPROCS
	Warn     func(msg string) // nil = discard warnings
	// Keep keeps the merged index of each Build in memory, with a cache
	// folder, so that the next Build applies what changed as a delta
	// (see delta.go): for the dev server, which builds the index after
	// every pause in the author's saves.
	Keep bool
}

// Indexer builds the static search index. It is safe to reuse for several
// builds; each Build re-analyses only texts missing from the cache.
type Indexer struct {
	tok   Tokenizer
	opts  Options
	cache analysisCache
	// textBudget is maxTextSource but in tests.
	textBudget int
	stream     *stream // see StartPrepare; nil after Build
	last       *kept   // the last Build's merged index, with Options.Keep
	updates    int     // Builds applied as a delta (for tests)
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
	return &Indexer{tok: tok, opts: opts, cache: analysisCache{dir: opts.CacheDir, id: id}, textBudget: maxTextSource}
}

// Index layout constants, shared with the client through the manifest.
const (
	maxDocFiles = 4096 // documents are grouped so that there are at most this many document files
	// Body files (t/N.bin) are written when the bodies take at most this
	// many bytes of text (about 12 MB gzipped); a larger site has none.
	maxTextSource = 48 << 20
	maxKeyRunes   = 32       // longer surfaces are left out of the vocabulary
	maxCompound   = 6        // most nouns joined into one compound
	vocabTarget   = 4 << 10  // raw bytes per vocabulary shard
	postTarget    = 12 << 10 // raw bytes per posting shard
	maxShards     = 1024
	posGroup      = 4 // posting shards per positions file
	idfScale      = 1000
	weightScale   = 100 // BM25 term weights are at most 2.2: stored in one byte
	manifestPath  = "search/manifest.json"
	indexVersion  = 5
	rootBytes     = 8 // bytes of the hash naming the index directory (16 hex digits)
	// The filter files, under the index directory.
	filterNames   = "f/names.json"
	filterIDsFile = "f/ids.json"
)

// Field weights and BM25 parameters.
// The series title is in every part of a serial: weighted like the body,
// it cannot make a part whose body lacks the words outrank one that has
// them.
var fieldWeight = [3]float64{3, 1, 1} // title, series title, body

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
// analysed and how many were taken whole from the cache. Filled counts,
// within Cached, the entries the same Build analysed and wrote to the
// cache before merging them (see fillCache); Build's own total leaves
// them out.
type Counters struct{ Analysed, Cached, Filled int }

// Build analyses docs and returns the index files, keyed by path relative to
// the site root (all under "search/"). Two builds of the same documents
// return identical bytes.
func (ix *Indexer) Build(ctx context.Context, docs []Document) (map[string][]byte, error) {
	files, _, err := ix.build(ctx, docs)
	return files, err
}

func (ix *Indexer) build(ctx context.Context, docs []Document) (map[string][]byte, Counters, error) {
	if st := ix.stream; st != nil {
		ix.stream = nil
		if files, c, ok, err := ix.finishStream(ctx, st, docs); ok {
			return files, c, err
		}
	}
	docs = append([]Document(nil), docs...)
	// Standalone articles first, then each series as a run of ids (see
	// manifest.Series).
	sort.SliceStable(docs, func(i, j int) bool { return indexLess(&docs[i], &docs[j]) })
	if last := ix.last; last != nil {
		ix.last = nil // update puts it back unless it fails half-way
		if files, c, ok, err := ix.update(ctx, last, docs); ok {
			return files, c, err
		}
		ix.last = nil
	}
	b := newBuilder(len(docs))
	b.workers = ix.opts.Workers
	b.noText = !textsWanted(docs, ix.textBudget)
	if ix.keeping() {
		b.counting, b.readingN, b.fallbacks = true, map[[2]string]int32{}, make([][]string, len(docs))
		b.gz = &gzipMemo{}
	}
	var kept []cacheKey
	if b.counting {
		kept = make([]cacheKey, len(docs))
	}
	packs := ix.cache.open()
	defer packs.close()
	keys, c, err := ix.fillCache(ctx, &packs, docs, !b.noText)
	if err != nil {
		return nil, c, err
	}
	pw := ix.cache.newPackWriter(packs, len(docs))
	// Documents go through in chunks: a chunk is analysed (or taken from
	// the cache) on all workers, written to the cache, merged into the
	// index on all workers, and dropped, so that memory holds the merged
	// index and one chunk rather than every document's analysis.
	for start := 0; start < len(docs); start += chunkDocs {
		chunk := docs[start:min(start+chunkDocs, len(docs))]
		aggs, enc, cc, err := ix.analyseChunk(ctx, packs, chunk, keys[start:], !b.noText)
		if err != nil {
			pw.abort()
			return nil, c, err
		}
		c.Analysed += cc.Analysed
		c.Cached += cc.Cached - cc.Filled
		for i, a := range aggs {
			for _, f := range a.fallback {
				ix.warn(fallbackWarning(chunk[i].URL, f))
			}
			pw.add(enc[i])
			if kept != nil {
				kept[start+i] = enc[i].key
			}
		}
		if err := ctx.Err(); err != nil {
			pw.abort()
			return nil, c, err
		}
		b.merge(aggs, start)
	}
	packs.close() // merged: the packs can go (before pw.finish deletes any)
	if err := pw.finish(); err != nil {
		ix.warn(fmt.Sprintf("search: analysis cache: %v (the build goes on without it)", err))
	}
	if b.counting {
		ix.keep(b, docs, kept)
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

// fallbackWarning is the warning for text of the page at url that kagome
// could not analyse and the index took in character by character.
func fallbackWarning(url, text string) string {
	return fmt.Sprintf("search: %s: kagome could not analyse %q; indexed it by character", url, clip(text, 40))
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

// textsWanted reports whether the bodies of docs take at most budget
// bytes, so that the index has body files.
func textsWanted(docs []Document, budget int) bool {
	n := 0
	for i := range docs {
		n += bodyLen(&docs[i])
	}
	return n <= budget
}

// analyseChunk analyses the title, series title and body of every
// document on all workers, taking what it can from the cache; with
// wantText, each body's text for its body file too (an entry cached without one is
// analysed again).
func (ix *Indexer) analyseChunk(ctx context.Context, packs cachePacks, docs []Document, keys []*fillKey, wantText bool) ([]*docAgg, []cacheEntry, Counters, error) {
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
			var err error
			aggs[i], enc[i], err = ix.analyseOne(gctx, packs, &docs[i], keys[i], wantText)
			return err
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
	for i, e := range enc {
		switch {
		case e.fresh:
			c.Analysed++
		case keys[i] != nil && keys[i].filled:
			c.Cached++
			c.Filled++
		default:
			c.Cached++
		}
	}
	return aggs, enc, c, nil
}

// analyseOne analyses one document, or takes it from the cache: under
// pre, its key as fillCache found it, if not nil. A document prepared
// ahead (Body empty, Prepared set) is taken from the cache under its
// Prepared's key while its title, series and readings are the ones it was
// prepared with; else its body comes from its Reload.
func (ix *Indexer) analyseOne(ctx context.Context, packs cachePacks, doc *Document, pre *fillKey, wantText bool) (*docAgg, cacheEntry, error) {
	var e cacheEntry
	usable := func(d *docAgg) bool { return !wantText || d.text != "" || d.lens[fBody] == 0 }
	if pre != nil {
		if d, data, ok := packs.load(pre.key); ok && usable(d) {
			return d, cacheEntry{key: pre.key, data: data}, nil
		}
	}
	texts := docTexts(doc)
	if p := doc.Prepared; doc.Body == "" && p != nil {
		if ix.cache.dir != "" && p.matches(doc) {
			if d, data, ok := packs.load(p.key); ok && usable(d) {
				return d, cacheEntry{key: p.key, data: data}, nil
			}
		}
		if doc.Reload != nil {
			body, err := doc.Reload()
			if err != nil {
				return nil, e, err
			}
			texts[fBody] = body
		}
	}
	if ix.cache.dir != "" {
		e.key = ix.cache.key(&texts, doc.Readings)
		if d, data, ok := packs.load(e.key); ok && usable(d) {
			e.data = data
			return d, e, nil
		}
	}
	d, err := ix.analyseDoc(ctx, &texts, doc.Readings, wantText)
	if err != nil {
		return nil, e, err
	}
	e.fresh = true
	if ix.cache.dir != "" {
		e.data = string(encodeAgg(d))
	}
	return d, e, nil
}

// analyseDoc analyses the three texts of a document (see docTexts), with
// wantText the body's text for its body file too.
func (ix *Indexer) analyseDoc(ctx context.Context, texts *[3]string, readings []Reading, wantText bool) (*docAgg, error) {
	if l, ok := ix.tok.(interface{ ready() error }); ok {
		if err := l.ready(); err != nil {
			return nil, err
		}
	}
	var fields [3]analysis
	for f, text := range texts {
		if err := ctx.Err(); err != nil {
			return nil, err
		}
		var err error
		if fields[f], err = analyze(ctx, ix.tok, text, readings); err != nil {
			return nil, err
		}
	}
	d := aggregate(&fields)
	// An empty body's text is kept always (a few bytes), since an entry
	// with no body is taken whether or not texts are wanted.
	if wantText || d.lens[fBody] == 0 {
		d.text = string(gzipBest([]byte(bodyText(&fields[fBody]))))
	}
	return d, nil
}

// keyStat gathers how one vocabulary key was analysed across the corpus.
type keyStat struct {
	count, stop int
	terms       []string // distinct terms (a set: few per key)
	single      bool     // seen as one morpheme
	span        int      // parts, when seen as a compound
	// When the index is kept for an update in place (see delta.go):
	// how many documents use each of terms, saw the key as one
	// morpheme, and saw it as a compound of each span.
	termN   []int32
	singles int32
	spans   []spanCount
}

// spanCount is how many documents saw a key as a compound of span parts.
type spanCount struct{ span, n int32 }

// posting is one document of a term and its term frequency per field.
type posting struct {
	doc int32
	tf  [3]int32
}

type termInfo struct {
	// post holds the postings in document order, compact while the index
	// is built (16 bytes a posting as structs; 4-5 here): per posting the
	// gap from the previous document (the first from 0), then the three
	// term frequencies, unsigned varints.
	post []byte
	df   int32 // postings
	last int32 // document of the last posting
	// pos holds the positions (see fieldBase) of every posting, in order, as the
	// positions file stores them (per posting: count, then gaps of the
	// sorted positions, unsigned varints).
	pos     []byte
	base    string // normalised dictionary form, for conjugation
	infl    string
	reading string // of the base form, in katakana (addVariants, addReadings)
	// inflDoc and readDoc are the documents base and infl, and reading,
	// came from (the first that had them), when the index is kept for an
	// update in place; -1 for none.
	inflDoc, readDoc int32
}

type builder struct {
	n       int
	workers int
	keys    map[string]*keyStat
	terms   map[string]*termInfo
	lens    [][3]int
	total   int
	windows [][]window
	// texts holds each body's gzipped text (see bodyText), unless noText:
	// the site is over the budget (see textsWanted), and its snippets come
	// from the windows.
	texts    []string
	noText   bool
	readings map[string][]string // term of a ruby reading -> its bases (see docAgg)
	shards   []mergeShard        // see merge
	// counting keeps what an update in place needs to take a document
	// out again (see delta.go): the counts of keyStat and termInfo, and
	// how many documents gave each reading its base.
	counting  bool
	readingN  map[[2]string]int32
	fallbacks [][]string // per document, its text indexed by character
	gz        *gzipMemo  // a kept index's compressed files; nil otherwise
}

// mergeShard holds the keys and terms whose hash falls to one merger.
type mergeShard struct {
	keys  map[string]*keyStat
	terms map[string]*termInfo
}

func newBuilder(n int) *builder {
	return &builder{n: n, keys: map[string]*keyStat{}, terms: map[string]*termInfo{}, lens: make([][3]int, n), windows: make([][]window, n), texts: make([]string, n), readings: map[string][]string{}}
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
