package search

import (
	"encoding/binary"
	"errors"
	"fmt"
	"hash/crc32"
	"maps"
	"slices"

	"github.com/ikawaha/kagome-dict/dict"
)

// encodeFlatDict lays d out as a flat dictionary file (see dictMagic).
func encodeFlatDict(d *dict.Dict) ([]byte, error) {
	if !hostLittleEndian {
		return nil, errors.New("search: flat dictionary: big-endian host")
	}
	var w sectionWriter
	// About the size of the file: the double array and the features are
	// most of it.
	w.buf.Grow(len(d.Index.Da)*8 + len(d.Morphs)*32 + len(d.Connection.Vec)*2 + 8<<20)
	w.buf.WriteString(dictMagic)
	w.buf.Write(make([]byte, 8)) // checksum and padding, filled in below
	values(&w, d.Morphs)
	values(&w, []int64{d.Connection.Row, d.Connection.Col})
	values(&w, d.Connection.Vec)
	values(&w, []struct{ Base, Check int32 }(d.Index.Da))
	values(&w, sortedPairs(d.Index.Dup))
	w.section(d.CharCategory)
	w.section(boolBytes(d.InvokeList))
	w.section(boolBytes(d.GroupList))
	w.strings(d.CharClass)
	u := &d.UnkDict
	values(&w, sortedPairs(u.Index))
	values(&w, sortedPairs(u.IndexDup))
	values(&w, u.Morphs)
	var meta []string
	for _, k := range slices.Sorted(maps.Keys(u.ContentsMeta)) {
		meta = append(meta, k, string([]byte{byte(u.ContentsMeta[k])}))
	}
	w.strings(meta)
	var rows []string
	for _, row := range u.Contents {
		for _, c := range row {
			if c == "\x00" {
				return nil, errors.New("search: flat dictionary: unknown-word feature is a NUL byte")
			}
		}
		rows = append(append(rows, row...), "\x00")
	}
	w.strings(rows)
	offs, blob, feats, err := flatFeatures(d)
	if err != nil {
		return nil, err
	}
	values(&w, offs)
	w.section(blob)
	values(&w, feats)
	data := w.buf.Bytes()
	binary.LittleEndian.PutUint32(data[8:], crc32.Checksum(data[dictHeader:], castagnoli))
	return data, nil
}

// flatFeatures collects the feature columns rensai reads of every known
// morph, as kagome's Token methods would return them, into a string table.
func flatFeatures(d *dict.Dict) (offs []uint32, blob []byte, feats []flatFeature, err error) {
	if len(d.POSTable.POSs) < len(d.Morphs) || len(d.Contents) < len(d.Morphs) {
		return nil, nil, nil, errors.New("search: flat dictionary: the dictionary has no features")
	}
	ids := make(map[string]uint32, len(d.Morphs))
	ids[""] = 0
	offs = make([]uint32, 2, len(d.Morphs))
	intern := func(s string) uint32 {
		if id, ok := ids[s]; ok {
			return id
		}
		id := uint32(len(offs) - 1)
		ids[s] = id
		blob = append(blob, s...)
		offs = append(offs, uint32(len(blob)))
		return id
	}
	// The column of each feature, or -1 when the dictionary has none. A
	// missing or "*" base form or reading is "".
	column := func(key string) int {
		if i, ok := d.ContentsMeta[key]; ok {
			return int(i)
		}
		return -1
	}
	inflCol, baseCol, readCol := column(dict.InflectionalType), column(dict.BaseFormIndex), column(dict.ReadingIndex)
	pick := func(id, col int, star bool) string {
		if col < 0 {
			return ""
		}
		v, _ := knownFeature(d, id, col)
		if star && v == "*" {
			return ""
		}
		return v
	}
	// The POS columns are names of the POS table: interned by POS id,
	// without hashing. Neighbouring morphs often share the other columns.
	posIDs := make([]uint32, len(d.POSTable.NameList))
	pos := func(id, i int) uint32 {
		p := d.POSTable.POSs[id]
		if i >= len(p) || int(p[i]) >= len(posIDs) {
			v, _ := knownFeature(d, id, i)
			return intern(v)
		}
		if posIDs[p[i]] == 0 {
			posIDs[p[i]] = intern(d.POSTable.NameList[p[i]]) + 1
		}
		return posIDs[p[i]] - 1
	}
	var last [3]struct {
		s  string
		id uint32
	}
	cached := func(col int, v string) uint32 {
		if c := &last[col]; c.s != v || c.id == 0 {
			c.s, c.id = v, intern(v)+1
		}
		return last[col].id - 1
	}
	feats = make([]flatFeature, len(d.Morphs))
	for id := range feats {
		feats[id] = flatFeature{
			Pos0: pos(id, 0), Pos1: pos(id, 1), Infl: cached(0, pick(id, inflCol, false)),
			Base: cached(1, pick(id, baseCol, true)), Reading: cached(2, pick(id, readCol, true)),
		}
	}
	if len(blob) > 1<<32-1 {
		return nil, nil, nil, errors.New("search: flat dictionary: string table over 4 GB")
	}
	return offs, blob, feats, nil
}

// knownFeature is kagome's Token.FeatureAt for a known morph: the POS
// levels, then the contents columns.
func knownFeature(d *dict.Dict, id, i int) (string, bool) {
	pos := d.POSTable.POSs[id]
	if i < len(pos) {
		if int(pos[i]) >= len(d.POSTable.NameList) {
			return "", false
		}
		return d.POSTable.NameList[pos[i]], true
	}
	i -= len(pos)
	if c := d.Contents[id]; i < len(c) {
		return c[i], true
	}
	return "", false
}

func sortedPairs(m map[int32]int32) [][2]int32 {
	out := make([][2]int32, 0, len(m))
	for _, k := range slices.Sorted(maps.Keys(m)) {
		out = append(out, [2]int32{k, m[k]})
	}
	return out
}

func boolBytes(list []bool) []byte {
	out := make([]byte, len(list))
	for i, v := range list {
		if v {
			out[i] = 1
		}
	}
	return out
}

// validate checks every index the tokenizer follows through the
// dictionary, so that a damaged file that passes the checksum is refused
// instead of making the analysis panic.
func (f *flatDict) validate() error {
	d := f.d
	c := &d.Connection
	if c.Row <= 0 || c.Col <= 0 || c.Row > 1<<15 || c.Col > 1<<15 || c.Row*c.Col != int64(len(c.Vec)) {
		return errors.New("connection matrix: bad size")
	}
	for _, ms := range [][]dict.Morph{d.Morphs, d.UnkDict.Morphs} {
		for _, m := range ms {
			if m.LeftID < 0 || int64(m.LeftID) >= c.Col || m.RightID < 0 || int64(m.RightID) >= c.Row {
				return errors.New("morph: connection id out of range")
			}
		}
	}
	if len(f.feats) != len(d.Morphs) {
		return errors.New("features: not one per morph")
	}
	if err := f.validateStrings(); err != nil {
		return err
	}
	if err := validateIndex(d); err != nil {
		return err
	}
	return validateChars(d)
}

func (f *flatDict) validateStrings() error {
	if len(f.offs) < 2 || f.offs[0] != 0 || f.offs[len(f.offs)-1] > uint32(len(f.blob)) {
		return errors.New("strings: bad offsets")
	}
	for i := 1; i < len(f.offs); i++ {
		if f.offs[i] < f.offs[i-1] {
			return errors.New("strings: offsets out of order")
		}
	}
	n := uint32(len(f.offs) - 1)
	for _, r := range f.feats {
		if r.Pos0 >= n || r.Pos1 >= n || r.Infl >= n || r.Base >= n || r.Reading >= n {
			return errors.New("features: string id out of range")
		}
	}
	return nil
}

// validateIndex checks the double array the way CommonPrefixSearchCallback
// walks it: a node reached by a byte other than the terminator must have a
// base of at least 0, and a terminal node's morph ids (with duplicates)
// must exist.
func validateIndex(d *dict.Dict) error {
	for id, dup := range d.Index.Dup {
		if id < 0 || dup < 0 || int64(id)+int64(dup) >= int64(len(d.Morphs)) {
			return fmt.Errorf("index: duplicates of morph %d out of range", id)
		}
	}
	da := d.Index.Da
	if len(da) == 0 || da[0].Base < 0 {
		return errors.New("index: bad root")
	}
	for q, n := range da {
		p := int(n.Check)
		if p < 0 || p >= len(da) {
			continue // free, or never reached
		}
		if int(da[p].Base) != q { // reached by a byte other than the terminator
			if n.Base < 0 {
				return fmt.Errorf("index: node %d has a negative base", q)
			}
			continue
		}
		// A terminal node: a morph id (its duplicates were checked above).
		if n.Base <= 0 && -int64(n.Base) >= int64(len(d.Morphs)) {
			return fmt.Errorf("index: node %d names a missing morph", q)
		}
	}
	return nil
}

// validateChars checks that every character class has its flags and
// unknown-word entries.
func validateChars(d *dict.Dict) error {
	if len(d.CharCategory) == 0 {
		return errors.New("char categories: empty")
	}
	u := &d.UnkDict
	for _, class := range d.CharCategory {
		if int(class) >= len(d.InvokeList) || int(class) >= len(d.GroupList) {
			return errors.New("char categories: class without flags")
		}
		id, dup := int64(u.Index[int32(class)]), int64(u.IndexDup[int32(class)])
		if id < 0 || dup < 0 || id+dup >= int64(len(u.Morphs)) {
			return errors.New("unknown words: class without entries")
		}
	}
	return nil
}
