package search

import (
	"context"
	"slices"
	"strings"
)

// An Indexer made with Options.Keep keeps the merged index of its last
// Build (every key's and term's statistics, postings and positions, each
// document's lengths, windows and body text) and the analysis key of each
// document, and the next Build applies the documents that changed, came
// or went as a delta instead of reading and merging every document's
// analysis again: in the dev server, after an edit of one article, it
// takes that article's old analysis out of the index (read from the cache
// under its old key) and puts the new one in.
//
// Everything the files take from the whole site is recomputed from the
// kept statistics exactly as a Build from scratch computes it: document
// ids (the index order; an article added or removed shifts the ids after
// it, and every posting list is renumbered), the document count and the
// field lengths behind idf and the BM25 weights, the token total behind
// the vocabulary's costs, the keys' flags (stop, one morpheme, the
// shortest compound, from counts per document), the terms each key
// stands for (counted per document), the readings' bases (counted), and
// the base form, class and reading of each term, which come from the
// first document in index order that has them: when the document that
// gave them goes, the next one is found by reading the analyses of the
// term's documents in order from the cache until one has them. The files
// are then written from the merged index as by a Build from scratch; a
// test holds them byte for byte to a cold Build's after every step of a
// random sequence of edits.
//
// A Build whose documents changed too much (more than an eighth), whose
// cache misses an analysis the delta needs, whose body-file choice
// changed, or whose cache holds mostly entries no document uses, builds
// from scratch (which compacts the cache) and keeps
// the result. A Build cancelled or failed before the delta is applied
// keeps the previous index; one that fails while applying it keeps
// nothing, so the next Build starts from scratch.

// kept is the merged index of the last Build, for an update in place.
type kept struct {
	b     *builder
	urls  []string   // documents in index order
	slugs []string   // their series slugs
	keys  []cacheKey // their analyses' cache keys
}

// maxDeltaShare bounds the documents a delta may change: beyond
// 1/maxDeltaShare of the site (and a few), a Build from scratch is as
// cheap.
const maxDeltaShare = 8

// keep records b, merged from docs (in index order) whose analyses are
// under keys, for the next Build.
func (ix *Indexer) keep(b *builder, docs []Document, keys []cacheKey) {
	k := &kept{b: b, urls: make([]string, len(docs)), slugs: make([]string, len(docs)), keys: keys}
	for i := range docs {
		k.urls[i], k.slugs[i] = docs[i].URL, docs[i].SeriesSlug
	}
	ix.last = k
}

// keeping reports whether Builds keep their merged index.
func (ix *Indexer) keeping() bool { return ix.opts.Keep && ix.cache.dir != "" }

// docChange is one document a delta takes out or puts in: its id (old
// for one taken out, new for one put in) and its analysis.
type docChange struct {
	id  int32
	agg *docAgg
}

// update applies docs (in index order) to the kept index last as a
// delta and writes the index; ok is false when it did not, and the
// caller builds from scratch. ix.last is last again when update gave up
// before changing it, and the updated index when it wrote one.
func (ix *Indexer) update(ctx context.Context, last *kept, docs []Document) (files map[string][]byte, c Counters, ok bool, err error) {
	b := last.b
	wantText := textsWanted(docs, ix.textBudget)
	if wantText == b.noText {
		return nil, c, false, nil
	}
	packs := ix.cache.open()
	defer packs.close()
	if len(packs.refs) > 2*len(docs) {
		// Mostly entries no document uses: a Build from scratch writes
		// the used ones into one pack and deletes the rest. (The small
		// packs each update leaves are gathered by fillCache.)
		return nil, c, false, nil
	}
	fkeys, c, err := ix.fillCache(ctx, &packs, docs, wantText)
	if err != nil {
		ix.last = last // nothing applied: the next Build goes on from it
		return nil, c, true, err
	}
	keys, found := filledKeys(fkeys)
	if !found {
		return nil, c, false, nil
	}
	remap, outs, ins, found := loadDelta(packs, last, docs, keys, wantText)
	if !found {
		return nil, c, false, nil
	}
	if err := ctx.Err(); err != nil {
		ix.last = last
		return nil, c, true, err
	}
	// From here on the kept index changes: it is kept again only once it
	// is the index of docs.
	b.apply(remap, outs, ins, len(docs))
	if !b.resolveProviders(packs, keys, ins) {
		return nil, c, false, nil
	}
	c.Cached = len(docs) - c.Analysed
	ix.warnFallbacks(docs, b.fallbacks)
	ix.keep(b, docs, keys)
	ix.updates++
	files, err = b.write(ctx, docs)
	return files, c, true, err
}

// warnFallbacks warns of the texts of each document of docs that kagome
// could not analyse, fallbacks[i] being those of docs[i].
func (ix *Indexer) warnFallbacks(docs []Document, fallbacks [][]string) {
	for i := range docs {
		for _, f := range fallbacks[i] {
			ix.warn(fallbackWarning(docs[i].URL, f))
		}
	}
}

// filledKeys returns the cache key of each document fillCache filled;
// ok is false when one has none.
func filledKeys(fkeys []*fillKey) (keys []cacheKey, ok bool) {
	keys = make([]cacheKey, len(fkeys))
	for i, k := range fkeys {
		if k == nil {
			return nil, false
		}
		keys[i] = k.key
	}
	return keys, true
}

// loadDelta works out the delta from the kept index last to docs, whose
// analyses are under keys (see diffDocs), and loads the analyses of the
// documents it takes out and puts in; ok is false when the delta is too
// large for an update, or when an analysis is missing from packs or, for
// a document put in, lacks the text the index wants.
func loadDelta(packs cachePacks, last *kept, docs []Document, keys []cacheKey, wantText bool) (remap []int32, outs, ins []docChange, ok bool) {
	remap, out, in := diffDocs(last, docs, keys)
	if len(out)+len(in) > len(docs)/maxDeltaShare+16 {
		return nil, nil, nil, false
	}
	if outs, ok = loadChanges(packs, last.keys, out, nil); !ok {
		return nil, nil, nil, false
	}
	usable := func(d *docAgg) bool { return !wantText || d.text != "" || d.lens[fBody] == 0 }
	if ins, ok = loadChanges(packs, keys, in, usable); !ok {
		return nil, nil, nil, false
	}
	return remap, outs, ins, true
}

// loadChanges loads from packs the analyses of the documents ids, each
// under keys[id]; ok is false when one is not in the cache, or when usable
// (if not nil) refuses one.
func loadChanges(packs cachePacks, keys []cacheKey, ids []int, usable func(*docAgg) bool) (changes []docChange, ok bool) {
	changes = make([]docChange, len(ids))
	for i, id := range ids {
		d, _, found := packs.load(keys[id])
		if !found || (usable != nil && !usable(d)) {
			return nil, false
		}
		changes[i] = docChange{int32(id), d}
	}
	return changes, true
}

// diffDocs compares the kept documents with docs, whose analyses are
// under keys: remap gives each kept document's new id (-1 for one that
// goes), out lists the old ids of the documents taken out (gone, or
// changed), in the new ids of those put in (new, or changed). A document
// stays when its URL, series slug and analysis are the same, so the
// documents that stay keep their order.
func diffDocs(last *kept, docs []Document, keys []cacheKey) (remap []int32, out, in []int) {
	old := make(map[string]int, len(last.urls))
	for i, u := range last.urls {
		old[u] = i
	}
	remap = make([]int32, len(last.urls))
	for i := range remap {
		remap[i] = -1
	}
	for i := range docs {
		j, found := old[docs[i].URL]
		if found && last.slugs[j] == docs[i].SeriesSlug && last.keys[j] == keys[i] {
			remap[j] = int32(i)
		} else {
			in = append(in, i)
		}
	}
	for j, n := range remap {
		if n < 0 {
			out = append(out, j)
		}
	}
	return remap, out, in
}

// apply takes the documents outs out of the index and puts ins in, the
// documents that stay taking their ids from remap, for n documents in
// all.
func (b *builder) apply(remap []int32, outs, ins []docChange, n int) {
	for _, o := range outs {
		b.takeKeys(o.agg)
		b.takeReadings(o.agg)
		for _, l := range o.agg.lens {
			b.total -= l
		}
	}
	for _, in := range ins {
		for i := range in.agg.keys {
			ka := &in.agg.keys[i]
			s := b.keys[ka.key]
			if s == nil {
				s = &keyStat{}
				b.keys[strings.Clone(ka.key)] = s
			}
			s.add(ka, true)
		}
	}
	// The per-document arrays, renumbered.
	lens, windows, texts, fallbacks := make([][3]int, n), make([][]window, n), make([]string, n), make([][]string, n)
	for j, i := range remap {
		if i >= 0 {
			lens[i], windows[i], texts[i], fallbacks[i] = b.lens[j], b.windows[j], b.texts[j], b.fallbacks[j]
		}
	}
	b.n, b.lens, b.windows, b.texts, b.fallbacks = n, lens, windows, texts, fallbacks
	for _, in := range ins {
		b.keepDoc(int(in.id), in.agg)
	}
	b.applyTerms(remap, outs, ins)
}

// takeKeys takes one document's keys out.
func (b *builder) takeKeys(d *docAgg) {
	for i := range d.keys {
		ka := &d.keys[i]
		s := b.keys[ka.key]
		if s == nil {
			continue
		}
		s.count -= ka.count
		s.stop -= ka.stop
		if s.count <= 0 {
			delete(b.keys, ka.key)
			continue
		}
		if ka.single {
			s.singles--
			s.single = s.singles > 0
		}
		if ka.span > 0 {
			s.addSpan(int32(ka.span), -1)
			s.span = 0
			for _, sc := range s.spans {
				if s.span == 0 || int(sc.span) < s.span {
					s.span = int(sc.span)
				}
			}
		}
		for _, t := range ka.terms {
			if j := slices.Index(s.terms, t); j >= 0 {
				if s.termN[j]--; s.termN[j] == 0 {
					s.terms = slices.Delete(s.terms, j, j+1)
					s.termN = slices.Delete(s.termN, j, j+1)
				}
			}
		}
	}
}

// takeReadings takes one document's readings out.
func (b *builder) takeReadings(d *docAgg) {
	for _, rd := range d.readings {
		if b.readingN[rd]--; b.readingN[rd] > 0 {
			continue
		}
		delete(b.readingN, rd)
		bases := b.readings[rd[0]]
		if j := slices.Index(bases, rd[1]); j >= 0 {
			bases = slices.Delete(bases, j, j+1)
		}
		if len(bases) == 0 {
			delete(b.readings, rd[0])
		} else {
			b.readings[rd[0]] = bases
		}
	}
}

// termEdit is what a delta does to one term: the old ids of the
// documents taken out, and the documents put in (in id order).
type termEdit struct {
	out []int32
	in  []termIn
}

type termIn struct {
	doc int32
	ta  *termAgg
}

// applyTerms rewrites the postings and positions of the terms of outs
// and ins, or of every term when ids moved, and marks the terms whose
// base form or reading came from a document taken out.
func (b *builder) applyTerms(remap []int32, outs, ins []docChange) {
	edits := termEdits(outs, ins)
	var sc scratch
	stable := firstMoved(remap)
	if int(stable) < len(remap) {
		for term, t := range b.terms {
			if edits[term] == nil {
				t.rewrite(remap, nil, stable, &sc)
			}
		}
	}
	for term, e := range edits {
		b.editTerm(term, e, remap, stable, &sc)
	}
}

// termEdits gathers, term by term, the documents outs takes out and ins
// puts in.
func termEdits(outs, ins []docChange) map[string]*termEdit {
	edits := map[string]*termEdit{}
	edit := func(term string) *termEdit {
		e := edits[term]
		if e == nil {
			e = &termEdit{}
			edits[term] = e
		}
		return e
	}
	for _, o := range outs {
		for i := range o.agg.terms {
			e := edit(o.agg.terms[i].term)
			e.out = append(e.out, o.id)
		}
	}
	for _, in := range ins {
		for i := range in.agg.terms {
			ta := &in.agg.terms[i]
			e := edit(ta.term)
			e.in = append(e.in, termIn{in.id, ta})
		}
	}
	return edits
}

// firstMoved returns stable, the first document that stays with another
// id (len(remap) when none does): the documents before it that stay keep
// their ids.
func firstMoved(remap []int32) (stable int32) {
	for j, i := range remap {
		if i >= 0 && int(i) != j {
			return int32(j)
		}
	}
	return int32(len(remap))
}

// editTerm applies e to the term, which it makes when a document put in
// brings it and drops when no document has it any more; the postings
// before the first document e or a move (stable) touches stay as they
// are.
func (b *builder) editTerm(term string, e *termEdit, remap []int32, stable int32, sc *scratch) {
	t := b.terms[term]
	if t == nil {
		if len(e.in) == 0 {
			return
		}
		t = newTermInfo()
		b.terms[strings.Clone(term)] = t
	}
	upto := stable
	for _, o := range e.out {
		upto = min(upto, o)
	}
	for _, in := range e.in {
		upto = min(upto, in.doc)
	}
	t.rewrite(remap, e, upto, sc)
	if t.df == 0 {
		delete(b.terms, term)
	}
}

// resolveProviders finds, for every term whose base form or reading came
// from a document taken out, the first document that has one now:
// reading the analyses of the term's documents from the cache (keys, in
// index order; those put in are ins) up to the first document put in
// that has one. It reports false when an analysis cannot be read.
func (b *builder) resolveProviders(packs cachePacks, keys []cacheKey, ins []docChange) bool {
	fresh := make(map[int32]*docAgg, len(ins))
	for _, in := range ins {
		fresh[in.id] = in.agg
	}
	read := map[int32]*docAgg{}
	agg := func(doc int32) *docAgg {
		if d := fresh[doc]; d != nil {
			return d
		}
		if d, ok := read[doc]; ok {
			return d
		}
		d, _, ok := packs.load(keys[doc])
		if !ok {
			d = nil
		}
		read[doc] = d
		return d
	}
	for term, t := range b.terms {
		if t.inflDoc != -2 && t.readDoc != -2 {
			continue
		}
		needInfl, needRead := t.inflDoc == -2, t.readDoc == -2
		if needInfl {
			t.base, t.infl, t.inflDoc = "", "", -1
		}
		if needRead {
			t.reading, t.readDoc = "", -1
		}
		for p := range t.postings() {
			if !needInfl && !needRead {
				break
			}
			d := agg(p.doc)
			if d == nil {
				return false
			}
			ta := d.term(term)
			if ta == nil {
				return false
			}
			if needInfl && ta.infl != "" {
				t.base, t.infl, t.inflDoc = strings.Clone(ta.base), strings.Clone(ta.infl), p.doc
				needInfl = false
			}
			if needRead && ta.reading != "" {
				t.reading, t.readDoc = strings.Clone(ta.reading), p.doc
				needRead = false
			}
		}
	}
	return true
}

// term returns d's aggregate of term, or nil.
func (d *docAgg) term(term string) *termAgg {
	for i := range d.terms {
		if d.terms[i].term == term {
			return &d.terms[i]
		}
	}
	return nil
}
