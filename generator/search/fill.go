package search

import (
	"cmp"
	"context"
	"fmt"
	"os"
	"slices"
	"unsafe"

	"golang.org/x/sync/errgroup"
)

// fillKey is the cache key of one document's entry, as fillCache found
// it; filled says that fillCache analysed the document and wrote the
// entry itself.
type fillKey struct {
	key    cacheKey
	filled bool
}

// fillCache analyses, on all workers, the documents of docs that the
// analysis cache lacks and writes their entries to the cache as one new
// pack, which packs gains, before Build merges anything. It returns, for
// each document, the key of its entry when it found one (nil where it did
// not), so that the merge takes every document from the cache without
// reading or hashing its body again, and counts what it analysed.
//
// A Build cancelled while it fills keeps the pack of the documents
// analysed by then: the next Build of the same documents analyses only the
// others. The dev server's first index of a site whose cache is empty
// analyses every article (about a minute of CPU at 10,000 articles), and
// every save cancels it; without this, an author who saves every few
// seconds never saw a search index. A document cut off in the middle of
// its analysis is analysed again; a finished one never is.
//
// Without a cache folder, or when the cache cannot be written, it does
// nothing and the merge analyses the documents as they come.
func (ix *Indexer) fillCache(ctx context.Context, packs *cachePacks, docs []Document, wantText bool) ([]*fillKey, Counters, error) {
	keys := make([]*fillKey, len(docs))
	var c Counters
	if ix.cache.dir == "" {
		return keys, c, nil
	}
	if len(packs.files) >= 2*maxPacks {
		ix.cache.consolidate(packs)
	}
	// Documents prepared ahead are looked up here, without a worker: in
	// the dev server, every article but the edited ones.
	var todo []int
	for i := range docs {
		d := &docs[i]
		if p := d.Prepared; d.Body == "" && p != nil && p.matches(d) && packs.has(p.key) {
			keys[i] = &fillKey{key: p.key}
		} else {
			todo = append(todo, i)
		}
	}
	if len(todo) == 0 {
		return keys, c, nil
	}
	pw := ix.cache.newPackWriter(*packs, len(docs))
	pw.compact = false // this pack holds what this Build analyses
	if pw.create() != nil {
		return keys, c, nil
	}
	var err error
	for start := 0; start < len(todo) && err == nil; start += chunkDocs {
		var enc []cacheEntry
		enc, err = ix.fillChunk(ctx, *packs, docs, todo[start:min(start+chunkDocs, len(todo))], keys, wantText)
		for _, e := range enc {
			if e.fresh {
				pw.add(e)
				c.Analysed++
			}
		}
	}
	if ferr := pw.finish(); ferr != nil || pw.name == "" {
		if ferr != nil {
			ix.warn(fmt.Sprintf("search: analysis cache: %v (the build goes on without it)", ferr))
		}
		// Nothing was kept: the merge analyses these documents.
		for i, k := range keys {
			if k != nil && k.filled {
				keys[i] = nil
			}
		}
		return keys, Counters{}, err
	}
	packs.add(pw.name)
	return keys, c, err
}

// fillChunk finds each document docs[i] of chunk in the cache, or
// analyses it, on all workers, setting keys[i] for every document whose
// key it learnt. On an error (a cancel) it returns the entries of the
// documents analysed by then with the error.
func (ix *Indexer) fillChunk(ctx context.Context, packs cachePacks, docs []Document, chunk []int, keys []*fillKey, wantText bool) ([]cacheEntry, error) {
	enc := make([]cacheEntry, len(chunk))
	g, gctx := errgroup.WithContext(ctx)
	g.SetLimit(ix.opts.Workers)
	for j, i := range chunk {
		if gctx.Err() != nil {
			break
		}
		g.Go(func() error {
			if err := gctx.Err(); err != nil {
				return err
			}
			var err error
			keys[i], enc[j], err = ix.fillOne(gctx, packs, &docs[i], wantText)
			return err
		})
	}
	err := g.Wait()
	if err == nil {
		err = ctx.Err()
	}
	return enc, err
}

// fillOne returns the key of doc's entry if the cache has it, or
// analyses doc and returns its new entry; a document prepared ahead is
// looked up as analyseOne would, and its body reloaded only when its
// Prepared's key is no use.
func (ix *Indexer) fillOne(ctx context.Context, packs cachePacks, doc *Document, wantText bool) (*fillKey, cacheEntry, error) {
	texts := docTexts(doc)
	if p := doc.Prepared; doc.Body == "" && p != nil {
		if p.matches(doc) && packs.has(p.key) {
			return &fillKey{key: p.key}, cacheEntry{}, nil
		}
		if doc.Reload != nil {
			body, err := doc.Reload()
			if err != nil {
				return nil, cacheEntry{}, err
			}
			texts[fBody] = body
		}
	}
	k := ix.cache.key(&texts, doc.Readings)
	if packs.has(k) {
		return &fillKey{key: k}, cacheEntry{}, nil
	}
	d, err := ix.analyseDoc(ctx, &texts, doc.Readings, wantText)
	if err != nil {
		return nil, cacheEntry{}, err
	}
	return &fillKey{key: k, filled: true}, cacheEntry{key: k, data: string(encodeAgg(d)), fresh: true}, nil
}

// consolidate copies the entries of every pack but the largest into one
// new pack and deletes the packs it copied. Each cancelled fill leaves a
// pack, and a Build whose merge is cancelled too never compacts them
// (packWriter), while every Build opens every pack: a dev server saved
// every few seconds on an empty cache would pile up hundreds. It does not
// stop for a cancel, which would stop it at every save: it copies at most
// half the cache (the largest pack stays), and the packs a cancelled fill
// leaves are small. Best effort: on an error the packs stay as they were.
func (c analysisCache) consolidate(p *cachePacks) {
	size := make([]int, len(p.packs))
	for _, r := range p.refs {
		if r.pack < len(p.packs) {
			size[r.pack] += r.n
		}
	}
	keep := 0
	for i := range size {
		if size[i] > size[keep] {
			keep = i
		}
	}
	type entryAt struct {
		key cacheKey
		ref packRef
	}
	var list []entryAt
	for k, r := range p.refs {
		if r.pack < len(p.packs) && r.pack != keep {
			list = append(list, entryAt{k, r})
		}
	}
	// In the order of the files, for sequential reads.
	slices.SortFunc(list, func(a, b entryAt) int {
		return cmp.Or(cmp.Compare(a.ref.pack, b.ref.pack), cmp.Compare(a.ref.off, b.ref.off))
	})
	pw := &packWriter{c: c, seen: map[cacheKey]bool{}}
	for _, e := range list {
		buf := make([]byte, e.ref.n)
		if n, _ := p.packs[e.ref.pack].ReadAt(buf, e.ref.off); n == e.ref.n {
			pw.add(cacheEntry{key: e.key, data: unsafe.String(unsafe.SliceData(buf), len(buf)), fresh: true})
		}
	}
	if pw.finish() != nil {
		return
	}
	var kept string
	if keep < len(p.packs) {
		kept = p.packs[keep].Name()
	}
	old := p.files
	p.close()
	for _, f := range old {
		if f != pw.name && f != kept {
			os.Remove(f)
		}
	}
	*p = c.open()
}
