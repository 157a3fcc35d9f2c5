package search

import (
	"context"
	"crypto/sha256"
	"maps"
	"slices"
	"strconv"
	"strings"
	"sync"
)

// shardTerms assigns each term to a posting shard. Terms that start with a
// digit or a Latin letter (numbers and Latin words, which the client does
// not look up in the vocabulary) go to the first m.HashPost shards by hash;
// the others are packed in term order into shards of about postTarget
// bytes, a large posting list alone, and the vocabulary gives each term's
// shard. It returns the shard of each term and the terms (as indexes into
// terms) of each shard.
func (b *builder) shardTerms(terms []string, postRecs [][]byte, m *manifest) (map[string]int, [][]int) {
	hashed := 0
	for i, term := range terms {
		if hashedTerm(term) {
			hashed += len(postRecs[i])
		}
	}
	m.HashPost = shardCount(hashed, postTarget)
	shardOf := make(map[string]int, len(terms))
	shardTerms := make([][]int, m.HashPost)
	cur := -1
	curSize := 0
	for i, term := range terms {
		if hashedTerm(term) {
			sh := int(fnv32(term) % uint32(m.HashPost))
			shardOf[term] = sh
			shardTerms[sh] = append(shardTerms[sh], i)
			continue
		}
		if cur < 0 || curSize+len(postRecs[i]) > postTarget {
			shardTerms = append(shardTerms, nil)
			cur, curSize = len(shardTerms)-1, 0
		}
		shardOf[term] = cur
		shardTerms[cur] = append(shardTerms[cur], i)
		curSize += len(postRecs[i])
	}
	return shardOf, shardTerms
}

// writeVocab writes the vocabulary, sharded by the first character of the
// key, and names its files in m.Vocab.
func (b *builder) writeVocab(shardOf map[string]int, m *manifest, put func(path string, data []byte)) {
	vl := b.vocabLines(shardOf)
	size := 0
	for k, l := range vl {
		size += len(l) + 1
		if r := runeLen(k); r > m.MaxKey {
			m.MaxKey = r
		}
	}
	nv := shardCount(size, vocabTarget)
	vshards := make([][]string, nv)
	for _, k := range slices.Sorted(maps.Keys(vl)) {
		i := int(firstRune(k)) % nv
		vshards[i] = append(vshards[i], vl[k])
	}
	m.Vocab = nv
	for i, s := range vshards {
		put("v/"+strconv.Itoa(i)+".txt", []byte(strings.Join(s, "\n")))
	}
}

// postGroup is one positions file and the posting shards that point into
// it.
type postGroup struct {
	pos  []byte
	post [][]byte
}

// writePostings writes the posting shards and the positions files, in
// parallel, and names the posting shards in m.Post. Each positions file
// holds the sections of posGroup posting shards; a posting shard names the
// file and the offset and length of its section.
func (b *builder) writePostings(ctx context.Context, shardTerms [][]int, postRecs, posRecs [][]byte, m *manifest, put func(path string, data []byte)) error {
	np := len(shardTerms)
	ng := (np + posGroup - 1) / posGroup
	outs := make([]postGroup, ng)
	var wg sync.WaitGroup
	var next sync.Mutex
	nextGroup := 0
	for range max(1, b.workers) {
		wg.Go(func() {
			for {
				next.Lock()
				g := nextGroup
				nextGroup++
				next.Unlock()
				if g >= ng || ctx.Err() != nil {
					return
				}
				outs[g] = encodeGroup(g, shardTerms, postRecs, posRecs, b.gz)
			}
		})
	}
	wg.Wait()
	if err := ctx.Err(); err != nil {
		return err
	}
	m.Post = np
	for g, o := range outs {
		for k, p := range o.post {
			if p != nil {
				put("p/"+strconv.Itoa(g*posGroup+k)+".bin", p)
			}
		}
		put("x/"+strconv.Itoa(g)+".bin", o.pos)
	}
	return nil
}

// encodeGroup encodes positions file g and its posting shards.
func encodeGroup(g int, shardTerms [][]int, postRecs, posRecs [][]byte, gz *gzipMemo) postGroup {
	np := len(shardTerms)
	var xs []byte
	type section struct{ off, n int }
	secs := make([]section, posGroup)
	for k := range posGroup {
		sh := g*posGroup + k
		if sh >= np {
			break
		}
		off := len(xs)
		for _, i := range shardTerms[sh] {
			xs = append(xs, posRecs[i]...)
		}
		secs[k] = section{off, len(xs) - off}
	}
	xs = gz.gzip(xs)
	xh := strconv.Itoa(g)
	out := postGroup{pos: xs, post: make([][]byte, posGroup)}
	for k := range posGroup {
		sh := g*posGroup + k
		if sh >= np {
			break
		}
		ps := appendStr(nil, xh)
		ps = appendUvarint(ps, secs[k].off)
		ps = appendUvarint(ps, secs[k].n)
		ps = appendUvarint(ps, len(shardTerms[sh]))
		for _, i := range shardTerms[sh] {
			ps = append(ps, postRecs[i]...)
		}
		out.post[k] = gz.gzip(ps)
	}
	return out
}

// gzipMemo keeps the gzipped posting and positions files of a kept
// index's last write by the SHA-256 of their bytes, so that the next write
// compresses only the files whose bytes changed: after an edit, most of
// them are the same. A nil gzipMemo compresses every file.
type gzipMemo struct {
	prev map[[sha256.Size]byte][]byte // the last complete write's
	mu   sync.Mutex
	next map[[sha256.Size]byte][]byte // the write under way's
}

func (m *gzipMemo) gzip(raw []byte) []byte {
	if m == nil {
		return gzipBytes(raw)
	}
	h := sha256.Sum256(raw)
	gz, ok := m.prev[h] // prev is only read while a write is under way
	if !ok {
		gz = gzipBytes(raw)
	}
	m.mu.Lock()
	m.next[h] = gz
	m.mu.Unlock()
	return gz
}

// start readies m for a write; done keeps what it compressed for the
// next, once it is complete.
func (m *gzipMemo) start() {
	if m != nil {
		m.next = make(map[[sha256.Size]byte][]byte, len(m.prev))
	}
}

func (m *gzipMemo) done() {
	if m != nil {
		m.prev, m.next = m.next, nil
	}
}
