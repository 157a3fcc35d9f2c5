package generator

import (
	"bufio"
	"crypto/sha256"
	"encoding/binary"
	"errors"
	"fmt"
	"hash/crc32"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"sync"
	"time"
)

// The render cache's files (rendercache.go) are packs under
// CacheDir/render/, each named pack-*.rc:
//
//	magic (8 bytes) | payload ... | index | trailer (24 bytes)
//	index:   count, then per entry: key (32 bytes), offset, length (uvarints), CRC-32C of the payload (4 bytes)
//	trailer: index offset, index length (8 bytes each), CRC-32C of the index (4 bytes), "RCPK"
//
// A pack is written under a temporary name and renamed when complete, so
// a reader sees whole packs only; one whose magic, trailer or index
// checksum is wrong (truncated, damaged, or not a pack) is ignored, and a
// payload whose checksum is wrong is a miss.
const (
	packMagic    = "RCPACK1\n"
	packTail     = "RCPK"
	trailerBytes = 24
	packPattern  = "pack-*.rc"
	// maxRenderPacks is how many packs may pile up (one per build that
	// rendered something) before a build rewrites the cache into one.
	maxRenderPacks = 8
	// maxIndexBytes bounds the index a pack may claim (about 45 bytes an
	// entry: 20 million articles).
	maxIndexBytes = 1 << 30
)

var castagnoli = crc32.MakeTable(crc32.Castagnoli)

type packKey [sha256.Size]byte

// packRef is where one entry is: its pack, offset, length and checksum.
type packRef struct {
	pack int
	off  int64
	n    int
	sum  uint32
}

// packSet is the packs one build found: every entry's place, the packs
// open for the build's reads.
type packSet struct {
	refs  map[packKey]packRef
	files []*os.File
	paths []string // of files, by pack
	sizes []int64  // payload bytes of each pack in files
	names []string // every pack found, whole or not, to delete after a compaction
	total int64    // payload bytes of every entry, duplicates included
}

// openPacks reads the index of every pack in dir. Anything unreadable is
// left out; it never fails.
func openPacks(dir string) *packSet {
	p := &packSet{refs: map[packKey]packRef{}}
	names, _ := filepath.Glob(filepath.Join(dir, packPattern))
	slices.Sort(names)
	for _, name := range names {
		f, err := os.Open(name)
		if err != nil {
			continue
		}
		p.names = append(p.names, name)
		refs, total, err := readPackIndex(f)
		if err != nil {
			f.Close()
			continue
		}
		id := len(p.files)
		p.files = append(p.files, f)
		p.paths = append(p.paths, name)
		p.sizes = append(p.sizes, total)
		p.total += total
		for _, r := range refs {
			// A later pack is a newer one (packName), whose entry is
			// the one to read: one written again after the older copy
			// was found damaged.
			r.ref.pack = id
			p.refs[r.key] = r.ref
		}
	}
	return p
}

type keyedRef struct {
	key packKey
	ref packRef
}

var errBadPack = errors.New("render cache: not a whole pack")

// readPackIndex reads the index of the pack f.
func readPackIndex(f *os.File) ([]keyedRef, int64, error) {
	fi, err := f.Stat()
	if err != nil {
		return nil, 0, err
	}
	size := fi.Size()
	if size < int64(len(packMagic))+trailerBytes {
		return nil, 0, errBadPack
	}
	var magic [len(packMagic)]byte
	if _, err := f.ReadAt(magic[:], 0); err != nil || string(magic[:]) != packMagic {
		return nil, 0, errBadPack
	}
	var tr [trailerBytes]byte
	if _, err := f.ReadAt(tr[:], size-trailerBytes); err != nil || string(tr[20:]) != packTail {
		return nil, 0, errBadPack
	}
	off, n := binary.LittleEndian.Uint64(tr[0:]), binary.LittleEndian.Uint64(tr[8:])
	end := uint64(size - trailerBytes)
	if off < uint64(len(packMagic)) || off > end || n != end-off || n > maxIndexBytes {
		return nil, 0, errBadPack
	}
	index := make([]byte, n)
	if _, err := f.ReadAt(index, int64(off)); err != nil || crc32.Checksum(index, castagnoli) != binary.LittleEndian.Uint32(tr[16:]) {
		return nil, 0, errBadPack
	}
	return parsePackIndex(index, off)
}

// parsePackIndex decodes an index whose payloads end at dataEnd.
func parsePackIndex(index []byte, dataEnd uint64) ([]keyedRef, int64, error) {
	d := decoder{b: index}
	count := d.uvarint()
	if count > uint64(len(index))/(sha256.Size+6) {
		return nil, 0, errBadPack
	}
	refs := make([]keyedRef, 0, count)
	var total int64
	for range count {
		var r keyedRef
		copy(r.key[:], d.bytes(sha256.Size))
		off, n := d.uvarint(), d.uvarint()
		sum := d.fixed32()
		if d.err != nil || off < uint64(len(packMagic)) || off > dataEnd || n > dataEnd-off {
			return nil, 0, errBadPack
		}
		r.ref = packRef{off: int64(off), n: int(n), sum: sum}
		total += int64(n)
		refs = append(refs, r)
	}
	if d.err != nil || len(d.b) != 0 {
		return nil, 0, errBadPack
	}
	return refs, total, nil
}

// read reads the payload of ref into buf, and reports false if it cannot
// be read whole or its checksum is wrong.
func (p *packSet) read(ref packRef, buf *[]byte) bool {
	*buf = slices.Grow((*buf)[:0], ref.n)[:ref.n]
	if _, err := p.files[ref.pack].ReadAt(*buf, ref.off); err != nil {
		return false
	}
	return crc32.Checksum(*buf, castagnoli) == ref.sum
}

// entryBufs holds the buffers entries are encoded into and read into.
// Every byte is copied out of them (into the pack's writer, or into the
// strings of a Result), so they go back for the next entry instead of
// leaving the collector 180 MB of garbage at 10,000 articles.
var entryBufs = sync.Pool{New: func() any { return new([]byte) }}

func getBuf() *[]byte { return entryBufs.Get().(*[]byte) }

func putBuf(b *[]byte) {
	if cap(*b) <= 4<<20 { // one huge article must not pin its buffer
		*b = (*b)[:0]
		entryBufs.Put(b)
	}
}

func (p *packSet) close() {
	for _, f := range p.files {
		f.Close()
	}
	p.files = nil
}

// packWriter writes one new pack under a temporary name. It is safe for
// concurrent use; errors make it drop the pack, never fail a build.
type packWriter struct {
	dir  string
	f    *os.File
	w    *bufio.Writer
	off  int64
	refs []keyedRef
	seen map[packKey]bool
	err  error
}

// cacheFileMode is the mode of a render cache pack, as of the manifest
// beside it: os.CreateTemp makes 0600, which breaks a cache folder shared
// between users.
const cacheFileMode = 0o644

func newPackWriter(dir string) *packWriter {
	return &packWriter{dir: dir, seen: map[packKey]bool{}}
}

// add appends one entry; a key already written is skipped.
func (w *packWriter) add(key packKey, payload []byte) {
	if w.err != nil || w.seen[key] {
		return
	}
	if w.f == nil {
		if w.err = os.MkdirAll(w.dir, 0o755); w.err != nil {
			return
		}
		if w.f, w.err = os.CreateTemp(w.dir, ".pack-*"); w.err != nil {
			return
		}
		if w.err = w.f.Chmod(cacheFileMode); w.err != nil {
			w.abort()
			return
		}
		w.w = bufio.NewWriterSize(w.f, 1<<16)
		_, w.err = w.w.WriteString(packMagic)
		w.off = int64(len(packMagic))
	}
	w.seen[key] = true
	if _, w.err = w.w.Write(payload); w.err != nil {
		return
	}
	w.refs = append(w.refs, keyedRef{key: key, ref: packRef{off: w.off, n: len(payload), sum: crc32.Checksum(payload, castagnoli)}})
	w.off += int64(len(payload))
}

// finish writes the index and trailer and renames the pack into place.
// A writer that wrote nothing leaves nothing.
func (w *packWriter) finish() error {
	if w.f == nil {
		return w.err
	}
	if w.err != nil {
		w.abort()
		return w.err
	}
	var index []byte
	index = binary.AppendUvarint(index, uint64(len(w.refs)))
	for _, r := range w.refs {
		index = append(index, r.key[:]...)
		index = binary.AppendUvarint(index, uint64(r.ref.off))
		index = binary.AppendUvarint(index, uint64(r.ref.n))
		index = binary.LittleEndian.AppendUint32(index, r.ref.sum)
	}
	var tr [trailerBytes]byte
	binary.LittleEndian.PutUint64(tr[0:], uint64(w.off))
	binary.LittleEndian.PutUint64(tr[8:], uint64(len(index)))
	binary.LittleEndian.PutUint32(tr[16:], crc32.Checksum(index, castagnoli))
	copy(tr[20:], packTail)
	_, err := w.w.Write(index)
	if err == nil {
		_, err = w.w.Write(tr[:])
	}
	if err == nil {
		err = w.w.Flush()
	}
	if cerr := w.f.Close(); err == nil {
		err = cerr
	}
	tmp := w.f.Name()
	if err == nil {
		err = os.Rename(tmp, filepath.Join(w.dir, packName(tmp)))
	}
	if err != nil {
		os.Remove(tmp)
	}
	w.f = nil
	return err
}

// packName is the name of the pack written as tmp: the time, so that
// packs sort from the oldest, and the random part of tmp's name, so that
// two builds finishing at once cannot take one name.
func packName(tmp string) string {
	return fmt.Sprintf("pack-%016x-%s.rc", time.Now().UnixNano(), strings.TrimPrefix(filepath.Base(tmp), ".pack-"))
}

// abort drops the pack under way.
func (w *packWriter) abort() {
	if w.f != nil {
		w.f.Close()
		os.Remove(w.f.Name())
		w.f = nil
	}
}

// decoder reads what encoder writes; a read past the end or a length
// that does not fit sets err and returns zero values from then on.
type decoder struct {
	b   []byte
	err error
}

var errShort = errors.New("render cache: entry cut short")

func (d *decoder) fail() {
	if d.err == nil {
		d.err = errShort
	}
	d.b = nil
}

func (d *decoder) uvarint() uint64 {
	if d.err != nil {
		return 0
	}
	v, n := binary.Uvarint(d.b)
	if n <= 0 {
		d.fail()
		return 0
	}
	d.b = d.b[n:]
	return v
}

func (d *decoder) varint() int64 {
	if d.err != nil {
		return 0
	}
	v, n := binary.Varint(d.b)
	if n <= 0 {
		d.fail()
		return 0
	}
	d.b = d.b[n:]
	return v
}

func (d *decoder) bytes(n int) []byte {
	if d.err != nil || n < 0 || n > len(d.b) {
		d.fail()
		return nil
	}
	v := d.b[:n:n]
	d.b = d.b[n:]
	return v
}

func (d *decoder) fixed32() uint32 {
	b := d.bytes(4)
	if b == nil {
		return 0
	}
	return binary.LittleEndian.Uint32(b)
}

func (d *decoder) string() string {
	n := d.uvarint()
	if n > uint64(len(d.b)) {
		d.fail()
		return ""
	}
	return string(d.bytes(int(n)))
}

// count reads a number of items of at least min bytes each, refusing one
// the rest of the input cannot hold.
func (d *decoder) count(min int) int {
	n := d.uvarint()
	if n > uint64(len(d.b)/min) {
		d.fail()
		return 0
	}
	return int(n)
}

// encoder appends values to a byte slice.
type encoder struct{ b []byte }

func (e *encoder) uvarint(v uint64) { e.b = binary.AppendUvarint(e.b, v) }
func (e *encoder) varint(v int64)   { e.b = binary.AppendVarint(e.b, v) }
func (e *encoder) string(s string) {
	e.uvarint(uint64(len(s)))
	e.b = append(e.b, s...)
}

// copyTo writes the payloads of refs from p into w (a compaction).
func (p *packSet) copyTo(w *packWriter, refs []keyedRef) {
	buf := getBuf()
	defer putBuf(buf)
	for _, r := range refs {
		if p.read(r.ref, buf) {
			w.add(r.key, *buf)
		}
	}
}

// removeAll deletes the packs p found but keep; errors are ignored (a
// pack another build removed first, or one still open elsewhere on
// Windows).
func (p *packSet) removeAll(keep string) {
	for _, name := range p.names {
		if name != keep {
			_ = os.Remove(name)
		}
	}
}

// largest is the pack holding the most payload bytes, -1 for none.
func (p *packSet) largest() int {
	best := -1
	for i, n := range p.sizes {
		if best < 0 || n > p.sizes[best] {
			best = i
		}
	}
	return best
}
