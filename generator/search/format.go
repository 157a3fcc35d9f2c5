package search

import (
	"bytes"
	"compress/gzip"
	"context"
	"crypto/sha256"
	"encoding/binary"
	"encoding/hex"
	"encoding/json"
	"maps"
	"slices"
	"sort"
	"strconv"
	"strings"
	"sync"
)

// manifest is the one file with a fixed name; it names every other file.
type manifest struct {
	Version     int `json:"v"`
	Docs        int `json:"docs"`
	Unknown     int `json:"unk"`
	MaxKey      int `json:"maxKey"`
	MaxCompound int `json:"maxCompound"`
	DocBlock    int `json:"docBlock"`
	HashPost    int `json:"hashPost"` // posting shards chosen by hash (see hashedTerm)
	// Query constants, so that both engines take them from one place:
	// characters of a query read, units matched, other parts of a serial
	// listed, and the divisor from integer scores to Result.Score.
	MaxQuery  int `json:"maxQuery"`
	MaxUnits  int `json:"maxUnits"`
	MaxOthers int `json:"maxOthers"`
	// LeadCandidates is how many of a serial's best parts are read whole
	// to choose the one whose snippet shows most of the query.
	LeadCandidates int `json:"leadCandidates"`
	ScoreScale     int `json:"scoreScale"`
	// Root names the directory of every other file: a hash of all of
	// them (see rootHash), so that a new index is a new directory and no
	// reader mixes files of two builds. Files are named by number in it,
	// so the manifest stays small whatever the number of files.
	Root  string `json:"root"`
	Vocab int    `json:"vocab"` // vocabulary shards, v/0.txt ...
	Post  int    `json:"post"`  // posting shards, p/0.bin ...
	// Document files d/0.txt ... hold DocBlock documents each; metadata
	// files m/0.txt ... hold the metadata alone (URL, title, part label,
	// date), MetaBlock documents each, for the other parts of a serial:
	// one small file covers most of a serial, as its documents are
	// numbered together.
	MetaBlock int `json:"metaBlock"`
	// Series lists the first document of each series (id gaps in base
	// 36): documents are ordered standalone first, then series by slug,
	// so a series is a run of ids and results group without a lookup.
	Series string `json:"series"`
	// Text is 1 when every document's body text is in t/N.bin (N the
	// document), for snippets around any match (see maxTextBytes).
	Text int `json:"text,omitempty"`
	// A snippet is SnippetTokens tokens from SnippetBefore tokens before
	// the match it is cut around.
	SnippetTokens int `json:"snipTokens"`
	SnippetBefore int `json:"snipBefore"`
}

// filterFile names the series and taxonomy terms (for the search page's
// lists); filterIDs holds their documents, in the same order, read only
// when a query is filtered.
type filterFile struct {
	Series [][2]string `json:"series"` // slug, title
	Tax    [][2]string `json:"tax"`    // taxonomy, term
}

type filterIDs struct {
	Series []string `json:"series"`
	Tax    []string `json:"tax"`
}

// Snippets come from a few windows of each body, chosen at build time:
// the first snippetTokens tokens, then windows around the first use of the
// body's most telling words (see chooseWindows). A query shows the window
// holding most of its words.
const (
	snippetWindows = 3
	snippetTokens  = 32
	snippetBefore  = 6
)

// window is snippetTokens body tokens from token start, or, with start
// titleWindow, the title's tokens: a query's words a result's title shows
// count as shown when a serial's lead is chosen (groupResult), matched
// token by token as a window is (折り返し does not show 返す).
type window struct {
	start int
	toks  string // surfaces joined by U+001F
}

// titleWindow is the start of the title's window, after the snippet
// windows of a document line.
const titleWindow = -1

// chooseWindows picks the snippet windows of a body from its morphemes
// and the document's terms: the opening, then, for the content words of
// two or more characters ranked by count times length, a window around
// their first use outside the windows already taken. The choice depends on
// the document alone, so it is cached with its analysis.
// A window's tokens are cut from the text as written, so that a snippet
// shows the author's characters (前編①, ｸﾚｰﾑ, （）), not their normalised
// forms.
func chooseWindows(a *analysis, terms []termAgg) []window {
	ms := a.morphs
	if len(ms) == 0 {
		return nil
	}
	starts := []int{0}
	type cand struct{ score, first, term int }
	var cs []cand
	for i := range terms {
		t := &terms[i]
		if t.tf[fBody] == 0 || len(t.raw) == 0 || !t.morph {
			continue
		}
		n := runeLen(t.term)
		if n < 2 {
			continue
		}
		cs = append(cs, cand{t.tf[fBody] * n, slices.Min(t.raw), i})
	}
	sort.Slice(cs, func(i, j int) bool {
		if cs[i].score != cs[j].score {
			return cs[i].score > cs[j].score
		}
		if cs[i].first != cs[j].first {
			return cs[i].first < cs[j].first
		}
		return terms[cs[i].term].term < terms[cs[j].term].term
	})
	free := func(st int) bool {
		for _, s := range starts {
			if st < s+snippetTokens && s < st+snippetTokens {
				return false
			}
		}
		return true
	}
	for _, c := range cs {
		if len(starts) == snippetWindows || len(ms) <= snippetTokens*len(starts) {
			break
		}
		pos := slices.Clone(terms[c.term].raw)
		slices.Sort(pos)
		for _, p := range pos {
			if p >= len(ms) {
				break // the title's and series title's positions follow the body's
			}
			st := max(0, min(p-snippetBefore, len(ms)-snippetTokens))
			if free(st) {
				starts = append(starts, st)
				break
			}
		}
	}
	slices.Sort(starts)
	source := sourceTokens(a)
	out := make([]window, len(starts))
	for i, st := range starts {
		out[i] = window{start: st, toks: strings.Join(source[st:min(len(ms), st+snippetTokens)], "\x1f")}
	}
	return out
}

// sourceTokens cuts the text as written at the morphemes' boundaries
// (normalizeMap keeps the source offset of every normalised character).
// Line breaks, tabs and U+001F become spaces, so that a token stays on its
// line of a document file and between its separators.
func sourceTokens(a *analysis) []string {
	ms := a.morphs
	// The normalised rune offset of each morpheme, then of the end.
	off := make([]int, len(ms)+1)
	for i, m := range ms {
		off[i+1] = off[i] + runeLen(m.Surface)
	}
	out := make([]string, len(ms))
	for i, m := range ms {
		if len(a.at) != off[len(ms)]+1 {
			out[i] = m.Surface // no map (a hand-made analysis)
			continue
		}
		out[i] = clean(a.src[a.at[off[i]]:a.at[off[i+1]]])
	}
	return out
}

// bodyText is the text of a body file (t/N.bin): its tokens as written,
// separated by U+001F, so that a snippet can be cut around any match.
func bodyText(a *analysis) string { return strings.Join(sourceTokens(a), "\x1f") }

// hashedTerm reports whether term's posting shard is chosen by hash (FNV-1a
// mod manifest.HashPost) rather than named by the vocabulary: numbers and
// Latin words, which a query takes as they are.
func hashedTerm(term string) bool {
	r := firstRune(term)
	return isDigit(r) || isLatin(r)
}

// metaBlock is the number of documents per metadata file: 32, or more to
// keep the file count at most maxDocFiles/8.
func metaBlock(n int) int {
	b := 32
	for (n+b-1)/b > maxDocFiles/8 {
		b *= 2
	}
	return b
}

// docBlock is the number of documents per document file: the smallest
// power of two that keeps the file count at most maxDocFiles.
//
// At least 4, so that a serial's neighbouring parts usually share a file
// and can be considered to lead its group at no extra read.
func docBlock(n int) int {
	b := 4
	for (n+b-1)/b > maxDocFiles {
		b *= 2
	}
	return b
}

func idList(ids []int) string { return string(appendIDList(nil, ids)) }

const digits36 = "0123456789abcdefghijklmnopqrstuvwxyz"

// appendBase36 appends n in base 36.
func appendBase36(b []byte, n int) []byte {
	if n < 0 {
		return strconv.AppendInt(b, int64(n), 36)
	}
	if n < 36 {
		return append(b, digits36[n])
	}
	var buf [16]byte
	i := len(buf)
	for n > 0 {
		i--
		buf[i] = digits36[n%36]
		n /= 36
	}
	return append(b, buf[i:]...)
}

// appendIDList appends ids as comma-separated base-36 gaps.
func appendIDList(b []byte, ids []int) []byte {
	prev := 0
	for i, id := range ids {
		if i > 0 {
			b = append(b, ',')
		}
		b = appendBase36(b, id-prev)
		prev = id
	}
	return b
}

func appendUvarint(b []byte, n int) []byte { return binary.AppendUvarint(b, uint64(n)) }

func appendStr(b []byte, s string) []byte {
	b = appendUvarint(b, len(s))
	return append(b, s...)
}

// gzipBytes compresses data; the same data always gives the same bytes
// (no name, no time in the header).
func gzipBytes(data []byte) []byte {
	var buf bytes.Buffer
	buf.Grow(len(data)/2 + 64)
	w := gzipWriters.Get().(*gzip.Writer)
	w.Reset(&buf)
	w.Write(data)
	w.Close()
	gzipWriters.Put(w)
	return buf.Bytes()
}

// gzipBest compresses data as gzipBytes does, harder: for body files,
// which are a fifth smaller so.
func gzipBest(data []byte) []byte {
	var buf bytes.Buffer
	w := gzipBestWriters.Get().(*gzip.Writer)
	w.Reset(&buf)
	w.Write(data)
	w.Close()
	gzipBestWriters.Put(w)
	return buf.Bytes()
}

var gzipBestWriters = sync.Pool{New: func() any {
	w, _ := gzip.NewWriterLevel(nil, gzip.BestCompression)
	return w
}}

// gzipWriters saves allocating a compressor (about 1 MB) per file.
var gzipWriters = sync.Pool{New: func() any {
	w, _ := gzip.NewWriterLevel(nil, gzip.BestSpeed)
	return w
}}

// clean keeps a metadata field on its line: control characters become
// spaces.
func clean(s string) string {
	return strings.Map(func(r rune) rune {
		if r < 0x20 || r == 0x7f {
			return ' '
		}
		return r
	}, s)
}

// surfaces lists, for every term, the vocabulary keys that stand for it
// in the text (返さ, 返し and 返す for 返す), so that the client can find a
// query's words in a snippet without positions. Called before vocabLines
// adds forms the text never shows.
func (b *builder) surfaces() map[string][]string {
	out := map[string][]string{}
	for _, k := range slices.Sorted(maps.Keys(b.keys)) {
		s := b.keys[k]
		if s.stop*2 > s.count {
			continue
		}
		for _, t := range s.terms {
			out[t] = append(out[t], k)
		}
	}
	// The bases of ruby readings, for the readings' terms.
	for _, t := range slices.Sorted(maps.Keys(b.readings)) {
		for _, base := range slices.Sorted(slices.Values(b.readings[t])) {
			if !slices.Contains(out[t], base) {
				out[t] = append(out[t], base)
			}
		}
	}
	return out
}

// write encodes the index (see the package documentation for the layout).
// It checks ctx every few hundred terms and between steps, so that a
// cancelled build stops here within a fraction of a second.
func (b *builder) write(ctx context.Context, docs []Document) (map[string][]byte, error) {
	files := map[string][]byte{}
	put := func(path string, data []byte) { files[path] = data }
	b.union()
	m := manifest{Version: indexVersion, Docs: b.n, Unknown: b.unknownCost(), MaxCompound: maxCompound, DocBlock: docBlock(b.n),
		MetaBlock: metaBlock(b.n), LeadCandidates: leadCandidates, SnippetTokens: snippetTokens, SnippetBefore: snippetBefore,
		MaxQuery: maxQueryRunes, MaxUnits: maxUnits, MaxOthers: maxOthers, ScoreScale: idfScale * weightScale}
	surf := b.surfaces()

	// Postings and positions, sharded by term hash.
	terms := slices.Sorted(maps.Keys(b.terms))
	postRecs, posRecs := b.encodeTerms(ctx, terms, surf)
	if err := ctx.Err(); err != nil {
		return nil, err
	}
	shardOf, shardTerms := b.shardTerms(terms, postRecs, &m)
	b.writeVocab(shardOf, &m, put)
	b.gz.start()
	if err := b.writePostings(ctx, shardTerms, postRecs, posRecs, &m, put); err != nil {
		return nil, err
	}
	b.gz.done()

	b.writeDocs(docs, &m, put)
	if !b.noText {
		for i, t := range b.texts {
			put("t/"+strconv.Itoa(i)+".bin", []byte(t))
		}
		m.Text = 1
	}
	if err := writeFilters(docs, &m, put); err != nil {
		return nil, err
	}
	m.Root = rootHash(files)
	out := make(map[string][]byte, len(files)+1)
	for p, data := range files {
		out["search/"+m.Root+"/"+p] = data
	}
	data, err := json.Marshal(m)
	if err != nil {
		return nil, err
	}
	out[manifestPath] = append(data, '\n')
	return out, nil
}

// rootHash hashes the paths and contents of all index files but the
// manifest, in path order: the name of the directory that holds them.
func rootHash(files map[string][]byte) string {
	h := sha256.New()
	var n [binary.MaxVarintLen64]byte
	for _, p := range slices.Sorted(maps.Keys(files)) {
		h.Write(n[:binary.PutUvarint(n[:], uint64(len(p)))])
		h.Write([]byte(p))
		h.Write(n[:binary.PutUvarint(n[:], uint64(len(files[p])))])
		h.Write(files[p])
	}
	return hex.EncodeToString(h.Sum(nil)[:rootBytes])
}

// encodeTerms encodes the posting and positions record of every term, in
// parallel, each worker taking a contiguous run of the sorted terms into
// its own buffers. It stops early when ctx is done.
func (b *builder) encodeTerms(ctx context.Context, terms []string, surf map[string][]string) (postRecs, posRecs [][]byte) {
	bm := b.bm25()
	norms := bm.norms(b.lens)
	postRecs, posRecs = make([][]byte, len(terms)), make([][]byte, len(terms))
	workers := max(1, min(b.workers, len(terms)/256+1))
	var wg sync.WaitGroup
	for w := range workers {
		lo, hi := w*len(terms)/workers, (w+1)*len(terms)/workers
		wg.Go(func() {
			var postBuf, posBuf []byte
			var ps []posting // one term's, decoded once
			var gaps []int
			postEnd := make([]int, hi-lo)
			posEnd := make([]int, hi-lo)
			for i, term := range terms[lo:hi] {
				if i%512 == 0 && ctx.Err() != nil {
					return
				}
				t := b.terms[term]
				postBuf = appendStr(postBuf, term)
				postBuf = appendUvarint(postBuf, bm.idf(t))
				postBuf = appendUvarint(postBuf, int(t.df))
				ps, gaps = ps[:0], gaps[:0]
				for p, gap := range t.postings() {
					ps, gaps = append(ps, p), append(gaps, gap)
				}
				for _, gap := range gaps {
					postBuf = appendUvarint(postBuf, gap)
				}
				for i := range ps {
					postBuf = append(postBuf, byte(bm.weightNorm(&ps[i], &norms[ps[i].doc])))
				}
				ss := surf[term]
				postBuf = appendUvarint(postBuf, len(ss))
				for _, s := range ss {
					if s == term {
						s = ""
					}
					postBuf = appendStr(postBuf, s)
				}
				posBuf = append(posBuf, t.pos...)
				postEnd[i], posEnd[i] = len(postBuf), len(posBuf)
			}
			s, x := 0, 0
			for i := range postEnd {
				postRecs[lo+i], posRecs[lo+i] = postBuf[s:postEnd[i]], posBuf[x:posEnd[i]]
				s, x = postEnd[i], posEnd[i]
			}
		})
	}
	wg.Wait()
	return postRecs, posRecs
}

// writeDocs writes the document files and the metadata files.
func (b *builder) writeDocs(docs []Document, m *manifest, put func(path string, data []byte)) {
	// Document files: metadata and snippet windows, one line per document:
	// url, title, series, series slug, part label, date, body length in
	// tokens, then start and tokens of each window, separated by tabs; the
	// title's tokens last, as a window at -1 (titleWindow).
	for start := 0; start < b.n; start += m.DocBlock {
		end := min(start+m.DocBlock, b.n)
		var db []byte
		for i := start; i < end; i++ {
			d := &docs[i]
			if i > start {
				db = append(db, '\n')
			}
			for _, f := range []string{d.URL, d.Title, d.Series, d.SeriesSlug, d.PartLabel, d.Date} {
				db = append(db, clean(f)...)
				db = append(db, '\t')
			}
			db = strconv.AppendInt(db, int64(b.lens[i][fBody]), 10)
			for _, w := range b.windows[i] {
				db = append(db, '\t')
				db = strconv.AppendInt(db, int64(w.start), 10)
				db = append(db, '\t')
				db = append(db, w.toks...)
			}
		}
		put("d/"+strconv.Itoa(start/m.DocBlock)+".txt", db)
	}
	for start := 0; start < b.n; start += m.MetaBlock {
		var mb []byte
		for i := start; i < min(start+m.MetaBlock, b.n); i++ {
			d := &docs[i]
			if i > start {
				mb = append(mb, '\n')
			}
			mb = append(mb, clean(d.URL)+"\t"+clean(d.Title)+"\t"+clean(d.PartLabel)+"\t"+clean(d.Date)...)
		}
		put("m/"+strconv.Itoa(start/m.MetaBlock)+".txt", mb)
	}

}

// writeFilters writes which documents belong to each series and taxonomy
// term, and the first document of each series.
func writeFilters(docs []Document, m *manifest, put func(path string, data []byte)) error {
	// Filters: which documents belong to each series and taxonomy term.
	var ff filterFile
	var fi filterIDs
	series := map[string][]int{}
	seriesTitle := map[string]string{}
	tax := map[string][]int{}
	for i, d := range docs {
		if d.SeriesSlug != "" {
			series[d.SeriesSlug] = append(series[d.SeriesSlug], i)
			if _, ok := seriesTitle[d.SeriesSlug]; !ok {
				seriesTitle[d.SeriesSlug] = d.Series
			}
		}
		for _, name := range slices.Sorted(maps.Keys(d.Taxonomies)) {
			seen := map[string]bool{}
			for _, term := range d.Taxonomies[name] {
				k := name + "\x00" + term
				if !seen[k] {
					seen[k] = true
					tax[k] = append(tax[k], i)
				}
			}
		}
	}
	var starts []int
	for _, slug := range slices.Sorted(maps.Keys(series)) {
		starts = append(starts, series[slug][0])
		ff.Series = append(ff.Series, [2]string{slug, seriesTitle[slug]})
		fi.Series = append(fi.Series, idList(series[slug]))
	}
	for _, k := range slices.Sorted(maps.Keys(tax)) {
		name, term, _ := strings.Cut(k, "\x00")
		ff.Tax = append(ff.Tax, [2]string{name, term})
		fi.Tax = append(fi.Tax, idList(tax[k]))
	}
	data, err := json.Marshal(ff)
	if err != nil {
		return err
	}
	put(filterNames, data)
	m.Series = idList(starts)
	if data, err = json.Marshal(fi); err != nil {
		return err
	}
	put(filterIDsFile, data)
	return nil

}
