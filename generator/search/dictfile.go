package search

import (
	"bytes"
	"encoding/binary"
	"errors"
	"fmt"
	"hash/crc32"
	"os"
	"path/filepath"
	"unsafe"

	"github.com/ikawaha/kagome-dict/dict"
	"github.com/ikawaha/kagome-dict/dict/trie"
)

// The flat dictionary file is what the tokenizer needs of kagome's IPA
// dictionary, laid out so that a build reads it in one call and uses the
// bytes in place: the morph costs, the connection matrix and the
// double-array index are slices over the buffer, and the five feature
// columns rensai reads (two POS levels, inflection type, base form,
// reading) are string ids into one string table. Loading it costs one
// read, a checksum and one pass of bounds checks, where kagome's own
// embedded form is unzipped and decoded entry by entry (about 0.7 s and
// 90 MB).
//
// Layout, little-endian: the 8-byte magic, the CRC-32C of everything after
// the first 16 bytes, 4 bytes of zero, then sections in a fixed order,
// each a uint64 byte length and its bytes, padded to 8 bytes so that every
// section starts aligned for its element type.
const (
	dictMagic   = "rsdict\x00\x01"
	dictHeader  = 16
	dictVersion = "flat-1" // part of the file name; change with the layout
)

// The sections of the file, in order.
const (
	secMorphs = iota
	secConnDims
	secConnVec
	secDA
	secDup
	secCharCategory
	secInvoke
	secGroup
	secCharClass
	secUnkIndex
	secUnkDup
	secUnkMorphs
	secUnkMeta
	secUnkContents
	secStrOffsets
	secStrBlob
	secFeatures
	numSections
)

// flatFeature is one known morph's feature columns, as ids into the
// string table; 0 is the empty string, which stands for a missing or "*"
// base form or reading.
type flatFeature struct{ Pos0, Pos1, Infl, Base, Reading uint32 }

// flatDict is a loaded flat dictionary: a kagome Dict without the feature
// tables (POSTable and Contents are empty), and the features rensai uses.
type flatDict struct {
	d     *dict.Dict
	feats []flatFeature
	offs  []uint32 // string i is blob[offs[i]:offs[i+1]]
	blob  string
}

// str returns string i of the table.
func (f *flatDict) str(i uint32) string { return f.blob[f.offs[i]:f.offs[i+1]] }

// features returns the columns of known morph id.
func (f *flatDict) features(id int) features {
	r := &f.feats[id]
	return features{pos0: f.str(r.Pos0), pos1: f.str(r.Pos1), infl: f.str(r.Infl), base: f.str(r.Base), reading: f.str(r.Reading)}
}

// hostLittleEndian says whether the buffer's numbers can be used in place.
var hostLittleEndian = binary.NativeEndian.Uint16([]byte{1, 0}) == 1

// errDictFile marks a flat dictionary file that cannot be used; the caller
// falls back to the embedded dictionary.
var errDictFile = errors.New("flat dictionary unusable")

// loadFlatDict reads the flat dictionary at path. Any damage is an error
// wrapping errDictFile.
func loadFlatDict(path string) (*flatDict, error) {
	if !hostLittleEndian {
		return nil, fmt.Errorf("%w: big-endian host", errDictFile)
	}
	data, err := os.ReadFile(path)
	if err != nil {
		return nil, fmt.Errorf("%w: %v", errDictFile, err)
	}
	f, err := parseFlatDict(data)
	if err != nil {
		return nil, fmt.Errorf("%w: %s: %v", errDictFile, path, err)
	}
	return f, nil
}

// parseFlatDict checks data and builds the dictionary over it; data must
// not change afterwards.
func parseFlatDict(data []byte) (*flatDict, error) {
	if len(data) < dictHeader || string(data[:8]) != dictMagic {
		return nil, errors.New("not a flat dictionary")
	}
	if crc32.Checksum(data[dictHeader:], castagnoli) != binary.LittleEndian.Uint32(data[8:]) {
		return nil, errors.New("checksum mismatch")
	}
	var secs [numSections][]byte
	rest := data[dictHeader:]
	for i := range secs {
		if len(rest) < 8 {
			return nil, fmt.Errorf("section %d missing", i)
		}
		n := binary.LittleEndian.Uint64(rest)
		rest = rest[8:]
		if n > uint64(len(rest)) {
			return nil, fmt.Errorf("section %d truncated", i)
		}
		secs[i] = rest[:n]
		rest = rest[min(pad8(int(n)), len(rest)):]
	}
	return buildFlatDict(&secs)
}

var castagnoli = crc32.MakeTable(crc32.Castagnoli)

func pad8(n int) int { return (n + 7) &^ 7 }

// view returns b as a slice of T without copying; b's length must be a
// multiple of T's size and b must be aligned for T.
func view[T any](b []byte) ([]T, error) {
	var zero T
	size := int(unsafe.Sizeof(zero))
	if len(b)%size != 0 {
		return nil, errors.New("section size is not a whole number of entries")
	}
	if len(b) == 0 {
		return nil, nil
	}
	if uintptr(unsafe.Pointer(&b[0]))%unsafe.Alignof(zero) != 0 {
		return nil, errors.New("section misaligned")
	}
	return unsafe.Slice((*T)(unsafe.Pointer(&b[0])), len(b)/size), nil
}

// buildFlatDict assembles the dictionary from its sections and checks
// every index the tokenizer will follow.
func buildFlatDict(s *[numSections][]byte) (*flatDict, error) {
	d := &dict.Dict{}
	var err error
	if d.Morphs, err = view[dict.Morph](s[secMorphs]); err != nil {
		return nil, fmt.Errorf("morphs: %w", err)
	}
	dims, err := view[int64](s[secConnDims])
	if err != nil || len(dims) != 2 {
		return nil, errors.New("connection: bad dimensions")
	}
	d.Connection.Row, d.Connection.Col = dims[0], dims[1]
	if d.Connection.Vec, err = view[int16](s[secConnVec]); err != nil {
		return nil, fmt.Errorf("connection: %w", err)
	}
	da, err := view[struct{ Base, Check int32 }](s[secDA])
	if err != nil {
		return nil, fmt.Errorf("index: %w", err)
	}
	d.Index.Da = trie.DoubleArray(da)
	if d.Index.Dup, err = int32Map(s[secDup]); err != nil {
		return nil, fmt.Errorf("index duplicates: %w", err)
	}
	d.CharCategory = dict.CharCategory(s[secCharCategory])
	d.InvokeList = boolList(s[secInvoke])
	d.GroupList = boolList(s[secGroup])
	cc, err := readStrings(s[secCharClass])
	if err != nil {
		return nil, fmt.Errorf("char classes: %w", err)
	}
	d.CharClass = cc
	if err := buildUnk(d, s); err != nil {
		return nil, fmt.Errorf("unknown words: %w", err)
	}
	f := &flatDict{d: d}
	if f.offs, err = view[uint32](s[secStrOffsets]); err != nil {
		return nil, fmt.Errorf("strings: %w", err)
	}
	f.blob = unsafe.String(unsafe.SliceData(s[secStrBlob]), len(s[secStrBlob]))
	if f.feats, err = view[flatFeature](s[secFeatures]); err != nil {
		return nil, fmt.Errorf("features: %w", err)
	}
	if err := f.validate(); err != nil {
		return nil, err
	}
	return f, nil
}

func buildUnk(d *dict.Dict, s *[numSections][]byte) error {
	u := &d.UnkDict
	var err error
	if u.Index, err = int32Map(s[secUnkIndex]); err != nil {
		return err
	}
	if u.IndexDup, err = int32Map(s[secUnkDup]); err != nil {
		return err
	}
	if u.Morphs, err = view[dict.Morph](s[secUnkMorphs]); err != nil {
		return err
	}
	meta, err := readStrings(s[secUnkMeta])
	if err != nil || len(meta)%2 != 0 {
		return errors.New("bad contents meta")
	}
	u.ContentsMeta = make(dict.ContentsMeta, len(meta)/2)
	for i := 0; i < len(meta); i += 2 {
		if len(meta[i+1]) != 1 {
			return errors.New("bad contents meta value")
		}
		u.ContentsMeta[meta[i]] = int8(meta[i+1][0])
	}
	rows, err := readStrings(s[secUnkContents])
	if err != nil {
		return err
	}
	// Rows are separated by an entry holding one NUL byte.
	var row []string
	for _, c := range rows {
		if c == "\x00" {
			u.Contents = append(u.Contents, row)
			row = nil
			continue
		}
		row = append(row, c)
	}
	if row != nil {
		return errors.New("unterminated contents row")
	}
	return nil
}

// int32Map reads pairs of int32 (key, value).
func int32Map(b []byte) (map[int32]int32, error) {
	pairs, err := view[[2]int32](b)
	if err != nil {
		return nil, err
	}
	m := make(map[int32]int32, len(pairs))
	for _, p := range pairs {
		m[p[0]] = p[1]
	}
	return m, nil
}

func boolList(b []byte) []bool {
	out := make([]bool, len(b))
	for i, c := range b {
		out[i] = c != 0
	}
	return out
}

// readStrings reads a list of strings, each a uint32 length and its bytes,
// copied out of b (they are few).
func readStrings(b []byte) ([]string, error) {
	var out []string
	for len(b) > 0 {
		if len(b) < 4 {
			return nil, errors.New("truncated string list")
		}
		n := binary.LittleEndian.Uint32(b)
		b = b[4:]
		if uint64(n) > uint64(len(b)) {
			return nil, errors.New("truncated string list")
		}
		out = append(out, string(b[:n]))
		b = b[n:]
	}
	return out, nil
}

// writeFlatDict writes d's flat form to path, atomically (a temporary
// file renamed into place), creating its folder.
func writeFlatDict(path string, d *dict.Dict) error {
	data, err := encodeFlatDict(d)
	if err != nil {
		return err
	}
	if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
		return err
	}
	tmp, err := os.CreateTemp(filepath.Dir(path), ".dict-*")
	if err != nil {
		return err
	}
	if err = tmp.Chmod(cacheFileMode); err == nil {
		_, err = tmp.Write(data)
	}
	if cerr := tmp.Close(); err == nil {
		err = cerr
	}
	if err == nil {
		err = os.Rename(tmp.Name(), path)
	}
	if err != nil {
		os.Remove(tmp.Name())
	}
	return err
}

// sectionWriter appends length-prefixed, padded sections.
type sectionWriter struct{ buf bytes.Buffer }

func (w *sectionWriter) section(b []byte) {
	_ = binary.Write(&w.buf, binary.LittleEndian, uint64(len(b)))
	w.buf.Write(b)
	w.buf.Write(make([]byte, pad8(len(b))-len(b)))
}

// values writes v, a slice of fixed-size values, as one section: its
// memory as it is, which is the file's little-endian layout on the only
// hosts that read the file (see loadFlatDict).
func values[T any](w *sectionWriter, v []T) {
	if len(v) == 0 {
		w.section(nil)
		return
	}
	w.section(unsafe.Slice((*byte)(unsafe.Pointer(unsafe.SliceData(v))), len(v)*int(unsafe.Sizeof(v[0]))))
}

func (w *sectionWriter) strings(list []string) {
	var b bytes.Buffer
	for _, s := range list {
		_ = binary.Write(&b, binary.LittleEndian, uint32(len(s)))
		b.WriteString(s)
	}
	w.section(b.Bytes())
}
