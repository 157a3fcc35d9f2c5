package devserver

import (
	"bytes"
	"compress/gzip"
	"context"
	"encoding/binary"
	"fmt"
	"hash/crc32"
	"hash/maphash"
	"io"
	"maps"
	"path"
	"runtime"
	"strings"
	"sync"
	"sync/atomic"
	"time"
	"weak"

	"github.com/klauspost/compress/flate"
)

// The server keeps every built file once, in the form it is served in:
// gzip-compressed at the fastest level of klauspost/compress (4.4x smaller
// than the Japanese HTML and feeds of the benchmark corpus, at 4x the speed
// of compress/flate's fastest level, whose output is larger), or as built
// when compression does not pay (images, fonts, tiny files). A Result's map is dropped as soon as its files are
// stored, so the server holds no uncompressed copy of a file it compressed.
//
// A rebuild compresses only the files whose bytes changed. The builder hands
// back the same slice for an unchanged file; the store recognises it through
// a weak pointer to the slice's first byte, which does not keep the builder's
// bytes alive (and is nil once they are collected, so a new slice at the
// same address is never taken for the old one). A new slice is hashed and compared with the stored file's
// hash, so a file the builder regenerates with the same bytes (a feed) is
// not compressed again, nor is one the previous build had under another
// name (the search index's files, named under a new directory by every
// index). Files are compressed on all cores.

// entry is one stored file. It is immutable once stored, so requests read
// it without locks and a rebuild reuses it for an unchanged file.
type entry struct {
	// src points weakly at the first byte of the builder's slice.
	src weak.Pointer[byte]
	// size is the length of the built file; sum its hash.
	size int
	sum  uint64
	// raw is the built file, when it is kept uncompressed.
	raw []byte
	// gz is the compressed file: a complete gzip stream, except for an
	// HTML page, where it is the gzip header and the page up to the
	// reload script's place (before the last </body>) as a flushed,
	// unfinished deflate stream; see htmlGzip.
	gz []byte
	// ctype is the file's Content-Type.
	ctype string
	// html marks a page, which is served with the reload script.
	html bool
	// crc is the CRC-32 of the page up to the script's place; tail is the
	// rest of the page (usually "</body></html>"), kept uncompressed, and
	// newline says the page has no </body>, so a newline follows the
	// script at its end.
	crc     uint32
	tail    []byte
	newline bool
}

// siteFiles is one good build as the server keeps it.
type siteFiles struct {
	files map[string]*entry
	base  string
	// seed keys the hashes; it is the same in every build of one server.
	seed maphash.Seed
}

// minCompress is the smallest file worth compressing.
const minCompress = 256

// storedRaw lists the extensions of files that are compressed already.
var storedRaw = map[string]bool{
	".png": true, ".jpg": true, ".jpeg": true, ".gif": true, ".webp": true, ".avif": true,
	".woff": true, ".woff2": true, ".gz": true, ".zip": true, ".br": true, ".zst": true,
	".mp3": true, ".mp4": true, ".webm": true, ".ogg": true, ".pdf": true,
}

// fileDiff names the files of a new build that differ from the previous
// one: changed existed before, added did not, removed are gone.
type fileDiff struct {
	changed, added, removed []string
}

// storeFiles stores the files of a new build, reusing the entries of prev
// (nil before the first build) for files whose bytes did not change and
// for the unchanged ones the builder left out (Result.Unchanged), and says
// which files differ. It compresses the rest on all cores.
func storeFiles(prev *siteFiles, files map[string][]byte, unchanged []string, base string) (*siteFiles, fileDiff, error) {
	st := newStoring(prev)
	names := make([]string, 0, len(files))
	for name := range files {
		names = append(names, name)
	}
	parallel(len(names), func(i int) { st.add(names[i], files[names[i]]) })
	return st.finish(unchanged, base)
}

// storing is one build's files on their way into the store: a streaming
// builder hands each file over as it writes it (Sink), from any goroutine,
// so that it is compressed at once and the build never holds the whole
// site uncompressed; finish completes the site.
type storing struct {
	old  map[string]*entry // the previous build's, read only
	seed maphash.Seed
	mu   sync.Mutex
	cur  map[string]*entry
	kind map[string]byte // 'c'hanged, 'a'dded or '=' the same, per name added
	// first, set before the build, names the files open in browsers:
	// onFirst is called with each one as soon as it is stored changed.
	first   map[string]bool
	onFirst func(name string, e *entry)
	shown   atomic.Bool // onFirst was called
	// held, set before onFirst is first called, is closed when a page
	// says it shows what onFirst served (FirstWritten waits for it).
	held     <-chan struct{}
	holdOnce sync.Once
	hold     func() <-chan struct{}
	// holdFor bounds FirstWritten's wait.
	holdFor time.Duration
	// bySum finds the previous build's files by hash (see moved).
	bySumOnce sync.Once
	bySum     map[uint64]movedEntry
}

// FirstWritten is called by a builder once it has written the files open
// in browsers, before it renders any other: when one of them was shown
// early, it waits until a page says it shows it (live.js reports the frame
// after its update, or the page reconnects after reloading), for at most
// holdFor, or until ctx is done, so that the rest of the build does not
// take the CPU from the browser while it shows the edit. It reports
// whether a page was shown early, and returns at once when none was.
func (st *storing) FirstWritten(ctx context.Context) bool {
	if !st.shown.Load() || st.held == nil {
		return false
	}
	t := time.NewTimer(st.holdFor)
	defer t.Stop()
	select {
	case <-st.held:
	case <-t.C:
	case <-ctx.Done():
	}
	return true
}

var _ FirstSink = (*storing)(nil)

func newStoring(prev *siteFiles) *storing {
	st := &storing{kind: map[string]byte{}}
	if prev != nil {
		// Start from the previous build's entries (a copy of the map is
		// much cheaper than inserting every file again) and replace what
		// differs.
		st.old, st.seed, st.cur = prev.files, prev.seed, maps.Clone(prev.files)
	} else {
		st.seed, st.cur = maphash.MakeSeed(), map[string]*entry{}
	}
	return st
}

// WriteFile stores one file of the build under way (Sink).
func (st *storing) WriteFile(name string, data []byte) error {
	st.add(name, data)
	return nil
}

// add stores one file: the previous entry when its bytes are the same,
// else a new one, compressed outside the lock.
func (st *storing) add(name string, data []byte) {
	e, existed := st.old[name]
	if existed && e.size == len(data) && (len(data) == 0 || e.src.Value() == &data[0]) {
		// The same slice (Value is a load, where making a weak pointer to
		// compare would look the object up): the entry stays.
		st.put(name, e, '=')
		return
	}
	src := firstByte(data)
	sum := maphash.Bytes(st.seed, data)
	if existed && e.size == len(data) && e.sum == sum {
		// The same bytes in a new slice: keep the stored form, and
		// remember the new slice, which the builder may reuse next.
		same := *e
		same.src = src
		st.put(name, &same, '=')
		return
	}
	kind := byte('a')
	if existed {
		kind = 'c'
	}
	if e := st.moved(name, len(data), sum); e != nil {
		// A file the previous build had under another name (the search
		// index's files, renamed with every index): stored as it was.
		same := *e
		same.src = src
		st.put(name, &same, kind)
		return
	}
	ne := newEntry(name, data, src, sum)
	st.put(name, ne, kind)
	if kind == 'c' && st.first[name] && st.onFirst != nil {
		if st.hold != nil {
			// Before the page is told: its answer must not be missed.
			st.holdOnce.Do(func() { st.held = st.hold() })
		}
		st.shown.Store(true)
		st.onFirst(name, ne)
	}
}

// moved returns the previous build's entry of a file (not a page) of the
// same extension, size and hash as name's new bytes, or nil.
func (st *storing) moved(name string, size int, sum uint64) *entry {
	st.bySumOnce.Do(func() {
		st.bySum = map[uint64]movedEntry{}
		for n, e := range st.old {
			if !e.html {
				st.bySum[e.sum] = movedEntry{path.Ext(n), e}
			}
		}
	})
	if m, ok := st.bySum[sum]; ok && m.e.size == size && m.ext == path.Ext(name) {
		return m.e
	}
	return nil
}

// movedEntry is an entry of the previous build and its name's extension.
type movedEntry struct {
	ext string
	e   *entry
}

func (st *storing) put(name string, e *entry, kind byte) {
	st.mu.Lock()
	st.cur[name] = e
	st.kind[name] = kind
	st.mu.Unlock()
}

// finish completes the site once every file is added: the unchanged files
// the builder named keep their entries, the previous build's files neither
// added nor named are removed, and the diff says what differs.
func (st *storing) finish(unchanged []string, base string) (*siteFiles, fileDiff, error) {
	st.mu.Lock()
	defer st.mu.Unlock()
	kept := make(map[string]bool, len(unchanged))
	for _, name := range unchanged {
		_, ok := st.old[name]
		if _, built := st.kind[name]; !ok || built {
			return nil, fileDiff{}, fmt.Errorf("devserver: the builder says %s is unchanged, but the previous build had no such file or this one built it too; this is a bug in the builder", name)
		}
		kept[name] = true
	}
	var d fileDiff
	for name, k := range st.kind {
		switch k {
		case 'c':
			d.changed = append(d.changed, name)
		case 'a':
			d.added = append(d.added, name)
		}
	}
	for name := range st.old {
		if _, built := st.kind[name]; !built && !kept[name] {
			d.removed = append(d.removed, name)
			delete(st.cur, name)
		}
	}
	return &siteFiles{files: st.cur, base: base, seed: st.seed}, d, nil
}

// parallel calls f(0) to f(n-1) on all cores.
func parallel(n int, f func(i int)) {
	workers := min(runtime.GOMAXPROCS(0), n)
	var (
		wg   sync.WaitGroup
		mu   sync.Mutex
		next int
	)
	for range workers {
		wg.Go(func() {
			for {
				mu.Lock()
				i := next
				next++
				mu.Unlock()
				if i >= n {
					return
				}
				f(i)
			}
		})
	}
	wg.Wait()
}

// firstByte is the weak pointer that identifies a slice; none for an empty
// one.
func firstByte(data []byte) weak.Pointer[byte] {
	if len(data) == 0 {
		return weak.Pointer[byte]{}
	}
	return weak.Make(&data[0])
}

// newEntry stores one file: compressed unless that does not pay.
func newEntry(name string, data []byte, src weak.Pointer[byte], sum uint64) *entry {
	e := &entry{src: src, size: len(data), sum: sum, ctype: contentType(name, data)}
	if e.html = strings.HasPrefix(e.ctype, "text/html"); e.html {
		at := lastIndexFold(data, "</body")
		if at < 0 {
			at, e.newline = len(data), true
		}
		e.gz = htmlGzip(data[:at])
		e.crc = crc32.ChecksumIEEE(data[:at])
		e.tail = bytes.Clone(data[at:])
		return e
	}
	if len(data) >= minCompress && !storedRaw[strings.ToLower(path.Ext(name))] {
		if gz := gzipBytes(data); len(gz) < len(data)-len(data)/10 {
			e.gz = gz
			return e
		}
	}
	e.raw = data
	return e
}

// gzipHeader is the 10-byte gzip header the store writes: deflate, no name,
// no time, unknown OS.
var gzipHeader = []byte{0x1f, 0x8b, 8, 0, 0, 0, 0, 0, 0, 0xff}

// compressor is one worker's reusable compression state: a deflate
// writer holds about a megabyte, too much to allocate per file.
type compressor struct {
	buf bytes.Buffer
	fw  *flate.Writer
}

var compressors = sync.Pool{New: func() any {
	c := &compressor{}
	c.fw, _ = flate.NewWriter(&c.buf, flate.BestSpeed) // the level is valid
	return c
}}

// gzipBytes compresses data into one gzip stream.
func gzipBytes(data []byte) []byte {
	c := compressors.Get().(*compressor)
	defer compressors.Put(c)
	c.buf.Reset()
	c.buf.Write(gzipHeader)
	c.fw.Reset(&c.buf)
	_, _ = c.fw.Write(data) // into a bytes.Buffer, which cannot fail
	c.fw.Close()
	c.buf.Write(binary.LittleEndian.AppendUint32(nil, crc32.ChecksumIEEE(data)))
	c.buf.Write(binary.LittleEndian.AppendUint32(nil, uint32(len(data))))
	return bytes.Clone(c.buf.Bytes())
}

// htmlGzip is the gzip header followed by head compressed as a deflate
// stream that is flushed (byte-aligned) but not finished, so that the
// reload script and the rest of the page can follow it as a stored block.
func htmlGzip(head []byte) []byte {
	c := compressors.Get().(*compressor)
	defer compressors.Put(c)
	c.buf.Reset()
	c.buf.Write(gzipHeader)
	c.fw.Reset(&c.buf)
	_, _ = c.fw.Write(head) // into a bytes.Buffer, which cannot fail
	c.fw.Flush()
	return bytes.Clone(c.buf.Bytes())
}

// pageSize is the length of the page e serves with script injected.
func (e *entry) pageSize(script string) int {
	n := e.size + len(script)
	if e.newline && script != "" {
		n++
	}
	return n
}

// suffix is what follows the page head in a served page: the script, the
// newline for a page without </body>, and the tail.
func (e *entry) suffix(script string) []byte {
	out := make([]byte, 0, len(script)+1+len(e.tail))
	out = append(out, script...)
	if e.newline && script != "" {
		out = append(out, '\n')
	}
	return append(out, e.tail...)
}

// gzipPage returns the compressed page with script injected: the stored
// head, the suffix as stored deflate blocks (the last one final), and the
// gzip trailer (CRC-32 and length of the whole page). Only the suffix and
// trailer are new bytes; the head is written as stored.
func (e *entry) gzipPage(script string) (head, rest []byte) {
	suf := e.suffix(script)
	crc := crc32.Update(e.crc, crc32.IEEETable, suf)
	rest = make([]byte, 0, len(suf)+5*(len(suf)/0xffff+1)+8)
	for first := true; first || len(suf) > 0; first = false {
		n := min(len(suf), 0xffff)
		final := byte(0)
		if n == len(suf) {
			final = 1
		}
		rest = append(rest, final)
		rest = binary.LittleEndian.AppendUint16(rest, uint16(n))
		rest = binary.LittleEndian.AppendUint16(rest, ^uint16(n))
		rest = append(rest, suf[:n]...)
		suf = suf[n:]
	}
	rest = binary.LittleEndian.AppendUint32(rest, crc)
	rest = binary.LittleEndian.AppendUint32(rest, uint32(e.pageSize(script)))
	return e.gz, rest
}

// bytes returns the file as built (for a page: with script injected, ""
// for the page as built), decompressing it when it is stored compressed.
func (e *entry) bytes(script string) ([]byte, error) {
	if e.gz == nil {
		return e.raw, nil
	}
	var r io.Reader
	if e.html {
		head, rest := e.gzipPage(script)
		r = io.MultiReader(bytes.NewReader(head), bytes.NewReader(rest))
	} else {
		r = bytes.NewReader(e.gz)
	}
	zr, err := gzip.NewReader(r)
	if err != nil {
		return nil, err
	}
	out := make([]byte, 0, e.pageSize(script))
	buf := bytes.NewBuffer(out)
	if _, err := io.Copy(buf, zr); err != nil {
		return nil, err
	}
	return buf.Bytes(), zr.Close()
}

// storedBytes is how many bytes the store holds for its files' contents.
func (s *siteFiles) storedBytes() int {
	n := 0
	for _, e := range s.files {
		n += len(e.raw) + len(e.gz) + len(e.tail)
	}
	return n
}
