package search

import (
	"context"
	"slices"
	"strings"
	"sync"
)

// Prepared is a document analysed ahead of Build by Indexer.Prepare. A
// Document that carries it may leave Body empty: Build takes the analysis
// kept for it, and calls the Document's Reload only if it needs the text
// again (its title or series changed since, or the index wants body files
// and the analysis was kept without the body's text).
type Prepared struct {
	head     [2]string // title with part label, series title
	readings []Reading
	key      cacheKey
	bodyLen  int
}

// prepared holds what Prepare analysed until the next Build merges it.
type prepared struct {
	once     sync.Once
	packs    cachePacks
	wantText bool
	mu       sync.Mutex
	entries  map[cacheKey]*preEntry
}

// preEntry is an aggregate Prepare analysed, encoded (see encodeAgg), and
// how many prepared documents have its texts.
type preEntry struct {
	data string
	n    int
}

// StartPrepare readies the Indexer for Prepare calls before the next
// Build, for a site of markdownBytes bytes of Markdown: from them it
// guesses whether the index will have body files (see textsWanted), and
// keeps each body's text only if so. A wrong guess costs a Reload.
func (ix *Indexer) StartPrepare(markdownBytes int64) {
	ix.pre = &prepared{entries: map[cacheKey]*preEntry{}, wantText: markdownBytes <= 2*int64(ix.textBudget)}
}

// Prepare analyses doc now (unless the analysis cache has it), so that its
// body can be dropped until Build; the streamed analysis makes the same
// index as analysing every body in Build. It is safe for concurrent use
// and needs StartPrepare first.
func (ix *Indexer) Prepare(ctx context.Context, doc Document) (*Prepared, error) {
	pre := ix.pre
	texts := docTexts(&doc)
	p := &Prepared{head: [2]string{texts[0], texts[1]}, readings: doc.Readings,
		key: ix.cache.key(&texts, doc.Readings), bodyLen: len(doc.Body)}
	pre.once.Do(func() { pre.packs = ix.cache.open() })
	if d, ok := pre.packs.load(p.key); ok && (!pre.wantText || d.text != "" || d.lens[fBody] == 0) {
		return p, nil
	}
	if pre.count(p.key) {
		return p, nil // a document alike was analysed
	}
	d, err := ix.analyseDoc(ctx, &texts, doc.Readings, pre.wantText)
	if err != nil {
		return nil, err
	}
	e := string(encodeAgg(d))
	pre.mu.Lock()
	defer pre.mu.Unlock()
	if pe := pre.entries[p.key]; pe != nil {
		pe.n++ // analysed at the same time on another worker
	} else {
		pre.entries[p.key] = &preEntry{data: e, n: 1}
	}
	return p, nil
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

// count counts one more document under k if Prepare has its entry.
func (pre *prepared) count(k cacheKey) bool {
	pre.mu.Lock()
	defer pre.mu.Unlock()
	if pe := pre.entries[k]; pe != nil {
		pe.n++
		return true
	}
	return false
}

// take returns the entry Prepare kept under k, and forgets it once every
// document prepared with it has taken it, so that the entries go as the
// index grows.
func (pre *prepared) take(k cacheKey) (string, bool) {
	if pre == nil {
		return "", false
	}
	pre.mu.Lock()
	defer pre.mu.Unlock()
	pe := pre.entries[k]
	if pe == nil {
		return "", false
	}
	if pe.n--; pe.n <= 0 {
		delete(pre.entries, k)
	}
	return pe.data, true
}
