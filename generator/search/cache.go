package search

import (
	"bytes"
	"crypto/sha256"
	"encoding/binary"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"slices"
	"strings"
)

// cacheVersion changes whenever analysis output for the same text changes.
const cacheVersion = "rensai-search-pack 3"

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
// varint), entry (see encodeAnalyses). A damaged pack yields the entries
// before the damage.
type analysisCache struct {
	dir string // "" disables the cache
	id  string
}

func (c analysisCache) key(texts *[3]string) cacheKey {
	h := sha256.New()
	io.WriteString(h, cacheVersion+"\x00"+c.id+"\x00")
	var n [binary.MaxVarintLen64]byte
	for _, t := range texts {
		// Length-prefixed, so the three texts cannot run into each other.
		h.Write(n[:binary.PutUvarint(n[:], uint64(len(t)))])
		io.WriteString(h, t)
	}
	var k cacheKey
	h.Sum(k[:0])
	return k
}

func (c analysisCache) packDir() string { return filepath.Join(c.dir, "search") }

// cachePacks is what one build read from the cache.
type cachePacks struct {
	entries map[cacheKey]string
	files   []string // pack paths read
}

// open reads every pack. Read errors make misses, never failures.
func (c analysisCache) open() cachePacks {
	p := cachePacks{entries: map[cacheKey]string{}}
	if c.dir == "" {
		return p
	}
	names, _ := filepath.Glob(filepath.Join(c.packDir(), "pack-*.tok"))
	slices.Sort(names)
	for _, name := range names {
		data, err := os.ReadFile(name)
		if err != nil {
			continue
		}
		p.files = append(p.files, name)
		parsePack(string(data), p.entries)
	}
	return p
}

// parsePack adds the entries of one pack to m, stopping at damage.
func parsePack(s string, m map[cacheKey]string) {
	if !strings.HasPrefix(s, cacheVersion+"\n") {
		return
	}
	r := &cacheReader{s: s, i: len(cacheVersion) + 1}
	for r.i < len(r.s) {
		k := r.str(len(cacheKey{}))
		e := r.str(r.uvarint())
		if r.bad {
			return
		}
		m[cacheKey([]byte(k))] = e
	}
}

// load returns the cached analyses under k; a missing or damaged entry is a
// miss.
func (p cachePacks) load(k cacheKey) ([3]analysis, bool) {
	e, ok := p.entries[k]
	if !ok {
		return [3]analysis{}, false
	}
	return decodeAnalyses(e)
}

// save writes the entries analysed in this build (fresh) as one new pack,
// or, when the cache needs it, every entry of this build (fresh and live,
// the entries it loaded) as one pack replacing all others.
func (c analysisCache) save(p cachePacks, fresh, live map[cacheKey]string) error {
	if c.dir == "" {
		return nil
	}
	compact := len(p.files)+1 > maxPacks || len(p.entries) > 2*(len(fresh)+len(live))
	if len(fresh) == 0 && !compact {
		return nil
	}
	all := fresh
	if compact {
		all = make(map[cacheKey]string, len(fresh)+len(live))
		for k, e := range live {
			all[k] = e
		}
		for k, e := range fresh {
			all[k] = e
		}
	}
	keys := make([]cacheKey, 0, len(all))
	size := len(cacheVersion) + 1
	for k, e := range all {
		keys = append(keys, k)
		size += len(k) + binary.MaxVarintLen64 + len(e)
	}
	slices.SortFunc(keys, func(a, b cacheKey) int { return bytes.Compare(a[:], b[:]) })
	b := make([]byte, 0, size)
	b = append(b, cacheVersion+"\n"...)
	for _, k := range keys {
		b = append(b, k[:]...)
		b = binary.AppendUvarint(b, uint64(len(all[k])))
		b = append(b, all[k]...)
	}
	dir := c.packDir()
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return err
	}
	tmp, err := os.CreateTemp(dir, ".pack-*")
	if err != nil {
		return err
	}
	_, werr := tmp.Write(b)
	cerr := tmp.Close()
	if werr != nil || cerr != nil {
		os.Remove(tmp.Name())
		return fmt.Errorf("write %s: %v %v", tmp.Name(), werr, cerr)
	}
	sum := sha256.Sum256(b)
	name := filepath.Join(dir, fmt.Sprintf("pack-%x.tok", sum[:8]))
	if err := os.Rename(tmp.Name(), name); err != nil {
		os.Remove(tmp.Name())
		return err
	}
	if compact {
		for _, f := range p.files {
			if f != name {
				os.Remove(f)
			}
		}
	}
	return nil
}
