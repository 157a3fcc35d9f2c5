package search

import (
	"bufio"
	"crypto/sha256"
	"encoding/binary"
	"fmt"
	"hash"
	"io"
	"os"
	"path/filepath"
	"slices"
	"unsafe"
)

// cacheVersion changes whenever analysis output for the same text changes.
const cacheVersion = "rensai-search-pack 13"

// cacheFileMode is the mode of the cache's files, as of the build's other
// cache files (the manifest): readable by every user the folder lets in, so
// a cache folder shared between users works. os.CreateTemp makes 0600.
const cacheFileMode = 0o644

// maxPacks is how many pack files may pile up before a build rewrites the
// cache into one.
const maxPacks = 8

type cacheKey [sha256.Size]byte

// analysisCache keeps the token streams of documents (title, series title
// and body together) keyed by the hash of the three texts. Entries live in a
// few pack files under dir/search/: a build reads every pack once, with one
// read per file instead of one per document, and writes the documents it
// analysed as one new pack. When packs pile up, or hold mostly entries the
// build did not use, the build rewrites the live entries into one pack and
// deletes the others.
//
// A pack is the version line, then entries: 32-byte key, length (unsigned
// varint), entry (see encodeAgg). A damaged pack yields the entries
// before the damage.
type analysisCache struct {
	dir string // "" disables the cache
	id  string
}

func (c analysisCache) key(texts *[3]string, readings []Reading) cacheKey {
	h := sha256.New()
	io.WriteString(h, cacheVersion+"\x00"+c.id+"\x00")
	var n [binary.MaxVarintLen64]byte
	for _, t := range texts {
		// Length-prefixed, so the three texts cannot run into each other.
		h.Write(n[:binary.PutUvarint(n[:], uint64(len(t)))])
		io.WriteString(h, t)
	}
	for _, r := range readings {
		for _, t := range []string{r.Base, r.Ruby} {
			h.Write(n[:binary.PutUvarint(n[:], uint64(len(t)))])
			io.WriteString(h, t)
		}
	}
	var k cacheKey
	h.Sum(k[:0])
	return k
}

func (c analysisCache) packDir() string { return filepath.Join(c.dir, "search") }

// cachePacks is what one build found in the cache: where each entry is in
// the pack files, which stay open for the build. An entry is read when a
// document asks for it and dropped once merged, so a build never holds a
// pack in memory (the packs of 10,000 articles are a few hundred MB).
type cachePacks struct {
	refs  map[cacheKey]packRef
	packs []*os.File
	files []string // pack paths read
}

// packRef is where one entry is: its pack, offset and length.
type packRef struct {
	pack int
	off  int64
	n    int
}

// open finds every entry of every pack. Read errors make misses, never
// failures.
func (c analysisCache) open() cachePacks {
	p := cachePacks{refs: map[cacheKey]packRef{}}
	if c.dir == "" {
		return p
	}
	names, _ := filepath.Glob(filepath.Join(c.packDir(), "pack-*.tok"))
	slices.Sort(names)
	for _, name := range names {
		f, err := os.Open(name)
		if err != nil {
			continue
		}
		fi, err := f.Stat()
		if err != nil {
			f.Close()
			continue
		}
		p.files = append(p.files, name)
		if scanPack(f, fi.Size(), len(p.packs), p.refs) == 0 {
			f.Close()
			continue
		}
		p.packs = append(p.packs, f)
	}
	return p
}

// has reports whether the cache has an entry under k.
func (p cachePacks) has(k cacheKey) bool {
	ref, ok := p.refs[k]
	return ok && ref.pack < len(p.packs)
}

// add reads the keys of one more pack, written since open; an unreadable
// pack adds nothing.
func (p *cachePacks) add(name string) {
	f, err := os.Open(name)
	if err != nil {
		return
	}
	fi, err := f.Stat()
	if err != nil || scanPack(f, fi.Size(), len(p.packs), p.refs) == 0 {
		f.Close()
		return
	}
	p.files = append(p.files, name)
	p.packs = append(p.packs, f)
}

// close closes the pack files; entries cannot be read afterwards. It is
// safe to call more than once.
func (p *cachePacks) close() {
	for _, f := range p.packs {
		f.Close()
	}
	*p = cachePacks{}
}

// scanPack records in refs where each entry of the pack r (size bytes,
// numbered pack) is, reading only the keys and lengths, and returns how
// many it found; it stops at damage, so a damaged pack yields the entries
// before it.
func scanPack(r io.ReaderAt, size int64, pack int, refs map[cacheKey]packRef) int {
	head := make([]byte, len(cacheKey{})+binary.MaxVarintLen64)
	if n, _ := r.ReadAt(head[:len(cacheVersion)+1], 0); n != len(cacheVersion)+1 || string(head[:n]) != cacheVersion+"\n" {
		return 0
	}
	found := 0
	for off := int64(len(cacheVersion) + 1); off < size; {
		n, _ := r.ReadAt(head, off)
		if n <= len(cacheKey{}) {
			return found
		}
		l, vn := binary.Uvarint(head[len(cacheKey{}):n])
		start := off + int64(len(cacheKey{})+vn)
		if vn <= 0 || l > uint64(size-start) {
			return found
		}
		refs[cacheKey(head[:len(cacheKey{})])] = packRef{pack: pack, off: start, n: int(l)}
		found++
		off = start + int64(l)
	}
	return found
}

// load returns the cached aggregate under k and its entry; a missing,
// unreadable or damaged entry is a miss. It is safe for concurrent use.
func (p cachePacks) load(k cacheKey) (*docAgg, string, bool) {
	ref, ok := p.refs[k]
	if !ok || ref.pack >= len(p.packs) {
		return nil, "", false
	}
	buf := make([]byte, ref.n)
	if n, _ := p.packs[ref.pack].ReadAt(buf, ref.off); n != ref.n {
		return nil, "", false
	}
	// buf is never written again: the decoded strings may point into it.
	e := unsafe.String(unsafe.SliceData(buf), len(buf))
	d, ok := decodeAgg(e)
	return d, e, ok
}

// packWriter writes the entries of one build as a new pack while the
// build goes on: the documents analysed in this build, or, when the cache
// needs compacting (too many packs, or mostly entries this build did not
// use), every entry the build used, after which the other packs are
// deleted. Entries go in document order.
type packWriter struct {
	c       analysisCache
	old     []string // the packs read
	compact bool
	f       *os.File
	w       *bufio.Writer
	h       hash.Hash
	seen    map[cacheKey]bool
	n       int // entries written
	err     error
	name    string // the pack finish named, "" before or when empty
}

func (c analysisCache) newPackWriter(p cachePacks, docs int) *packWriter {
	return &packWriter{c: c, old: p.files, seen: map[cacheKey]bool{},
		compact: len(p.files)+1 > maxPacks || len(p.refs) > 2*docs}
}

func (w *packWriter) add(e cacheEntry) {
	if w.c.dir == "" || w.err != nil || (!e.fresh && !w.compact) || w.seen[e.key] {
		return
	}
	w.seen[e.key] = true
	if w.f == nil && w.create() != nil {
		return
	}
	var n [binary.MaxVarintLen64]byte
	w.w.Write(e.key[:])
	w.w.Write(n[:binary.PutUvarint(n[:], uint64(len(e.data)))])
	w.w.WriteString(e.data)
	w.n++
}

// create starts the pack's temporary file, which add does at the first
// entry; an error sticks.
func (w *packWriter) create() error {
	if w.f != nil || w.err != nil {
		return w.err
	}
	dir := w.c.packDir()
	if w.err = os.MkdirAll(dir, 0o755); w.err != nil {
		return w.err
	}
	if w.f, w.err = os.CreateTemp(dir, ".pack-*"); w.err != nil {
		return w.err
	}
	if w.err = w.f.Chmod(cacheFileMode); w.err != nil {
		w.abort()
		return w.err
	}
	w.h = sha256.New()
	w.w = bufio.NewWriterSize(io.MultiWriter(w.f, w.h), 1<<16)
	w.w.WriteString(cacheVersion + "\n")
	return nil
}

// abort drops the pack being written.
func (w *packWriter) abort() {
	if w.f != nil {
		w.f.Close()
		os.Remove(w.f.Name())
		w.f = nil
	}
}

// finish names the new pack by the hash of its bytes (w.name) and, when
// compacting, deletes the other packs. A pack without entries is dropped.
func (w *packWriter) finish() error {
	if w.f != nil && w.n == 0 && w.err == nil {
		w.abort()
	}
	if w.f == nil {
		return w.err
	}
	tmp := w.f.Name()
	err := w.err
	if err == nil {
		err = w.w.Flush()
	}
	if cerr := w.f.Close(); err == nil {
		err = cerr
	}
	w.f = nil
	if err != nil {
		os.Remove(tmp)
		return fmt.Errorf("write %s: %v", tmp, err)
	}
	name := filepath.Join(w.c.packDir(), fmt.Sprintf("pack-%x.tok", w.h.Sum(nil)[:8]))
	if err := os.Rename(tmp, name); err != nil {
		os.Remove(tmp)
		return err
	}
	w.name = name
	if w.compact {
		for _, f := range w.old {
			if f != name {
				os.Remove(f)
			}
		}
	}
	return nil
}

// cacheReader reads the varints and strings of one cache file; the first
// error sticks and every later read returns zero.
type cacheReader struct {
	s   string
	i   int
	bad bool
}

func (r *cacheReader) uvarint() int {
	if r.bad {
		return 0
	}
	var x uint64
	for shift := 0; shift < 64; shift += 7 {
		if r.i >= len(r.s) {
			break
		}
		c := r.s[r.i]
		r.i++
		x |= uint64(c&0x7f) << shift
		if c < 0x80 {
			if x > uint64(len(r.s)) {
				break // no count or length can exceed the file
			}
			return int(x)
		}
	}
	r.bad = true
	return 0
}

func (r *cacheReader) str(n int) string {
	if r.bad || n > len(r.s)-r.i {
		r.bad = true
		return ""
	}
	s := r.s[r.i : r.i+n]
	r.i += n
	return s
}

func (r *cacheReader) text() string { return r.str(r.uvarint()) }

// One cache entry is a document's aggregate (see docAgg), so a warm build
// does no per-morpheme work at all. All numbers are unsigned varints,
// strings are length-prefixed:
//
//	fallbacks, then each: text
//	three field lengths
//	windows, then each: start + 1 (the title's is titleWindow), tokens
//	the body's text, gzipped (see bodyText)
//	readings, then each: term, base (see docAgg.readings)
//	keys, then each: key, count, stop, single (0/1), span, terms, then
//	each: term
//	terms, then each: term, three term frequencies, positions (as a
//	posting stores them), base, class, reading
//
// Decoding cuts every string out of the pack's string without copying.
// Only lengths and item counts are bounded by the entry's size: a field
// length or a key's count is not (a body of 10,000 "。" has a count of
// 10,000 in an entry of a few bytes), so those are read with num.
func encodeAgg(d *docAgg) []byte {
	n := 0
	for _, w := range d.windows {
		n += len(w.toks) + 8
	}
	n += len(d.text)
	b := make([]byte, 0, n+8*len(d.terms)+4*len(d.keys)+64)
	u := func(n int) { b = binary.AppendUvarint(b, uint64(n)) }
	str := func(s string) { u(len(s)); b = append(b, s...) }
	u(len(d.fallback))
	for _, f := range d.fallback {
		str(f)
	}
	for _, l := range d.lens {
		u(l)
	}
	u(len(d.windows))
	for _, w := range d.windows {
		u(w.start + 1)
		str(w.toks)
	}
	str(d.text)
	u(len(d.readings))
	for _, rd := range d.readings {
		str(rd[0])
		str(rd[1])
	}
	u(len(d.keys))
	for i := range d.keys {
		k := &d.keys[i]
		str(k.key)
		u(k.count)
		u(k.stop)
		if k.single {
			u(1)
		} else {
			u(0)
		}
		u(k.span)
		u(len(k.terms))
		for _, t := range k.terms {
			str(t)
		}
	}
	u(len(d.terms))
	for i := range d.terms {
		t := &d.terms[i]
		str(t.term)
		for _, n := range t.tf {
			u(n)
		}
		str(t.pos)
		str(t.base)
		str(t.infl)
		str(t.reading)
	}
	return b
}

// num reads an unsigned varint that is not a length (a document id or a
// score), refusing values that do not fit an int32.
func (r *cacheReader) num() int {
	u := r.uvarintAny()
	if u > 1<<31-1 {
		r.bad = true
		return 0
	}
	return int(u)
}

func (r *cacheReader) varint() int {
	u := r.uvarintAny()
	return int(int64(u>>1) ^ -int64(u&1))
}

// uvarintAny reads an unsigned varint without the bound on its size.
func (r *cacheReader) uvarintAny() uint64 {
	if r.bad {
		return 0
	}
	x, n := binary.Uvarint([]byte(r.s[r.i:min(len(r.s), r.i+binary.MaxVarintLen64)]))
	if n <= 0 {
		r.bad = true
		return 0
	}
	r.i += n
	return x
}

// validPositions reports whether s is a well-formed positions record (see
// posting) of positions below n.
func validPositions(s string, n int) bool {
	r := &cacheReader{s: s}
	c := r.uvarint()
	if c > n {
		return false
	}
	p := 0
	for range c {
		p += r.num()
		if r.bad || p >= n {
			return false
		}
	}
	return !r.bad && r.i == len(s)
}

func decodeAgg(s string) (*docAgg, bool) {
	r := &cacheReader{s: s}
	d := &docAgg{}
	nf := r.uvarint()
	for range nf {
		d.fallback = append(d.fallback, r.text())
	}
	for f := range d.lens {
		d.lens[f] = r.num()
	}
	nw := r.uvarint()
	if r.bad || nw > snippetWindows+1 {
		return nil, false
	}
	d.windows = make([]window, nw)
	for i := range d.windows {
		d.windows[i] = window{start: r.num() - 1, toks: r.text()}
	}
	d.text = r.text()
	nr := r.uvarint()
	if r.bad || nr > len(r.s)-r.i {
		return nil, false
	}
	for range nr {
		d.readings = append(d.readings, [2]string{r.text(), r.text()})
	}
	nk := r.uvarint()
	if r.bad {
		return nil, false
	}
	d.keys = make([]keyAgg, nk)
	for i := range d.keys {
		k := &d.keys[i]
		k.key = r.text()
		k.h = fnv32(k.key)
		k.count, k.stop = r.num(), r.num()
		k.single = r.num() == 1
		k.span = r.num()
		nt := r.uvarint()
		if r.bad || nt > len(r.s)-r.i {
			return nil, false
		}
		k.terms = make([]string, nt)
		for j := range k.terms {
			k.terms[j] = r.text()
		}
	}
	nt := r.uvarint()
	if r.bad {
		return nil, false
	}
	d.terms = make([]termAgg, nt)
	for i := range d.terms {
		t := &d.terms[i]
		t.term = r.text()
		t.h = fnv32(t.term)
		for f := range t.tf {
			t.tf[f] = r.num()
		}
		t.pos = r.text()
		if r.bad || !validPositions(t.pos, positionSpan(d.lens)) {
			return nil, false
		}
		t.base, t.infl, t.reading = r.text(), r.text(), r.text()
	}
	if r.bad || r.i != len(r.s) {
		return nil, false
	}
	return d, true
}
