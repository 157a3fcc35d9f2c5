package search

import (
	"context"
	"fmt"
	"slices"
	"sort"
	"strings"
	"sync"
)

// Prepared is a document analysed ahead of Build by Indexer.Prepare, or
// fingerprinted by Indexer.Fingerprint. A Document that carries it may
// leave Body empty: Build takes the analysis already merged into the
// index, or else the one in the cache under the Prepared's key, and calls
// the Document's Reload only if it has neither (a title or series changed
// since, or the index wants body files the analysis was made without).
type Prepared struct {
	head     [2]string // title with part label, series title
	readings []Reading
	key      cacheKey
	bodyLen  int
	id       int // in the stream; -1 for a fingerprint
}

// Fingerprint returns what stands for doc's body in a later Build when
// the caller drops the body instead of keeping it: the key of the body's
// analysis in the cache, with the title, series title and readings that
// key was made with. Given a Document with an empty Body and this
// Prepared, Build takes the analysis from the cache while the title,
// series title and readings are the same, and otherwise, or when the
// cache does not have it (or there is no cache), calls the Document's
// Reload for the body. The dev server keeps a fingerprint of each article
// instead of its plain text. It is safe for concurrent use.
func (ix *Indexer) Fingerprint(doc Document) *Prepared {
	texts := docTexts(&doc)
	p := &Prepared{head: [2]string{texts[0], texts[1]}, readings: doc.Readings, bodyLen: len(doc.Body), id: -1}
	if ix.cache.dir != "" {
		p.key = ix.cache.key(&texts, doc.Readings)
	}
	return p
}

// stream is the index being built from documents as Prepare gets them:
// each analysis is merged in index order as soon as the documents before
// it are, and dropped.
type stream struct {
	order []string       // URLs in index order
	ids   map[string]int // URL -> index
	b     *builder
	packs cachePacks
	pw    *packWriter
	mu    sync.Mutex // guards what follows, and the merges
	aggs  []*docAgg  // analysed, not merged yet
	enc   []cacheEntry
	next  int // the first document not merged
	c     Counters
	err   error
	warns []string
}

// StartPrepare readies the Indexer for Prepare calls before the next
// Build of the documents docs (their bodies are not needed), for a site
// of markdownBytes bytes of Markdown: from them it guesses whether the
// index will have body files (see textsWanted), and keeps each body's
// text only if so. A wrong guess costs a Build from whole documents.
func (ix *Indexer) StartPrepare(docs []Document, markdownBytes int64) {
	order := make([]*Document, len(docs))
	for i := range docs {
		order[i] = &docs[i]
	}
	sort.SliceStable(order, func(i, j int) bool { return indexLess(order[i], order[j]) })
	st := &stream{order: make([]string, len(order)), ids: make(map[string]int, len(order)), b: newBuilder(len(order)),
		aggs: make([]*docAgg, len(order)), enc: make([]cacheEntry, len(order))}
	for i, d := range order {
		st.order[i], st.ids[d.URL] = d.URL, i
	}
	st.b.workers = ix.opts.Workers
	st.b.noText = markdownBytes > 2*int64(ix.textBudget)
	if ix.stream != nil {
		ix.stream.packs.close() // a stream no Build finished
	}
	st.packs = ix.cache.open()
	st.pw = ix.cache.newPackWriter(st.packs, len(order))
	ix.stream = st
}

// indexLess is the order of the index: standalone articles first, then
// each series as a run of ids (see manifest.Series), by URL.
func indexLess(a, b *Document) bool {
	if a.SeriesSlug != b.SeriesSlug {
		return a.SeriesSlug < b.SeriesSlug
	}
	return a.URL < b.URL
}

// Prepare analyses doc now (unless the analysis cache has it) and merges
// it into the index as soon as the documents before it are, so that its
// body can be dropped; the streamed index is the one Build makes from
// whole documents. It is safe for concurrent use and needs StartPrepare
// first; a document StartPrepare was not given is refused.
func (ix *Indexer) Prepare(ctx context.Context, doc Document) (*Prepared, error) {
	st := ix.stream
	id, ok := st.ids[doc.URL]
	if !ok {
		return nil, fmt.Errorf("search: %s was not among the documents to prepare", doc.URL)
	}
	texts := docTexts(&doc)
	p := &Prepared{head: [2]string{texts[0], texts[1]}, readings: doc.Readings, bodyLen: len(doc.Body), id: id}
	d, e, err := ix.analyseOne(ctx, st.packs, &doc, nil, !st.b.noText)
	if err != nil {
		st.fail(err)
		return nil, err
	}
	p.key = e.key
	st.mu.Lock()
	defer st.mu.Unlock()
	if st.aggs[id] != nil || id < st.next {
		return p, nil // prepared twice: the first counts
	}
	st.aggs[id], st.enc[id] = d, e
	st.mergeReady(ix)
	return p, nil
}

func (st *stream) fail(err error) {
	st.mu.Lock()
	defer st.mu.Unlock()
	if st.err == nil {
		st.err = err
	}
}

// mergeReady merges the run of analysed documents from st.next once it is
// a chunk long or reaches the last document. st.mu is held.
func (st *stream) mergeReady(ix *Indexer) {
	end := st.next
	for end < len(st.aggs) && st.aggs[end] != nil {
		end++
	}
	if end-st.next < chunkDocs && end < len(st.aggs) {
		return
	}
	for i := st.next; i < end; i++ {
		for _, f := range st.aggs[i].fallback {
			st.warns = append(st.warns, fallbackWarning(st.order[i], f))
		}
		st.pw.add(st.enc[i])
		if st.enc[i].fresh {
			st.c.Analysed++
		} else {
			st.c.Cached++
		}
		st.enc[i] = cacheEntry{}
	}
	st.b.merge(st.aggs[st.next:end], st.next)
	clear(st.aggs[st.next:end])
	st.next = end
}

// finishStream writes the index streamed by Prepare if docs are the
// documents it was started with, each prepared as it is now; ok is false
// when the index must be built from whole documents instead.
func (ix *Indexer) finishStream(ctx context.Context, st *stream, docs []Document) (files map[string][]byte, c Counters, ok bool, err error) {
	st.mu.Lock()
	defer st.mu.Unlock()
	defer st.packs.close()
	if st.err != nil || st.next != len(st.order) || len(docs) != len(st.order) {
		st.pw.abort()
		return nil, c, false, nil
	}
	sorted := make([]Document, len(docs))
	for i := range docs {
		p := docs[i].Prepared
		if docs[i].Body != "" || p == nil || p.id < 0 || p.id >= len(sorted) || st.order[p.id] != docs[i].URL || !p.matches(&docs[i]) {
			st.pw.abort()
			return nil, c, false, nil
		}
		sorted[p.id] = docs[i]
	}
	if wanted := textsWanted(docs, ix.textBudget); wanted && st.b.noText {
		st.pw.abort()
		return nil, c, false, nil // analysed without the bodies' texts
	} else if !wanted {
		st.b.noText, st.b.texts = true, nil
	}
	for _, w := range st.warns {
		ix.warn(w)
	}
	st.packs.close()
	if err := st.pw.finish(); err != nil {
		ix.warn(fmt.Sprintf("search: analysis cache: %v (the build goes on without it)", err))
	}
	files, err = st.b.write(ctx, sorted)
	return files, st.c, true, err
}

// matches reports whether doc has the texts p was analysed from, but its
// body, which p stands for.
func (p *Prepared) matches(doc *Document) bool {
	texts := docTexts(doc)
	return p.head == [2]string{texts[0], texts[1]} && slices.Equal(p.readings, doc.Readings)
}

// docTexts are the three texts of a document the index analyses: the part
// label (前編①) is searched with the title.
func docTexts(doc *Document) [3]string {
	return [3]string{strings.TrimSpace(doc.PartLabel + " " + doc.Title), doc.Series, doc.Body}
}

// bodyLen is the length of doc's body, dropped or not.
func bodyLen(doc *Document) int {
	if doc.Body == "" && doc.Prepared != nil {
		return doc.Prepared.bodyLen
	}
	return len(doc.Body)
}
