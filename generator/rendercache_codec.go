package generator

import (
	"errors"
	"slices"

	"github.com/rensai-ssg/rensai/generator/diag"
	"github.com/rensai-ssg/rensai/generator/markdown"
)

// An entry's payload, every string a uvarint length and its bytes, every
// list a uvarint count and its items:
//
//	flags (uvarint: 1 excerpt, 2 text kept, 4 highlighted code)
//	links (dest, url, err)   reads (name, size, mtime as varints, width, height)   missed (name)
//	HTML, Text (if kept), Summary, Chars
//	TOC (level, id, text)   Images (dest)   Readings (base, ruby)   Files (name, data)
//	Warnings (path, line, column, key, args: each a tag, 0 string or 1 int, and its value)
//
// Reads of the Result are the names of reads. A warning is stored as its
// catalog key and arguments, and worded again when decoded, so a cached
// rendering shows its warnings in the author's language at the same
// file:line; a rendering with a warning that has no key, or an argument
// other than a string or an int, is not stored (storable).
const (
	flagExcerpt = 1 << iota
	flagText
	flagCode
	flagsKnown = flagExcerpt | flagText | flagCode
)

var errBadEntry = errors.New("render cache: entry does not decode")

// encode appends e's payload to buf, with the rendering's plain text if
// text.
func (e *renderEntry) encode(text bool, buf []byte) []byte {
	r := e.res
	enc := encoder{b: slices.Grow(buf, len(r.HTML)+len(r.Summary)+256+len(r.Text)*boolInt(text))}
	var flags uint64
	if r.Excerpt {
		flags |= flagExcerpt
	}
	if text {
		flags |= flagText
	}
	if r.Code {
		flags |= flagCode
	}
	enc.uvarint(flags)
	enc.uvarint(uint64(len(e.links)))
	for _, l := range e.links {
		enc.string(l.dest)
		enc.string(l.url)
		enc.string(l.err)
	}
	enc.uvarint(uint64(len(e.reads)))
	for _, st := range e.reads {
		enc.string(st.name)
		enc.varint(st.size)
		enc.varint(st.mtime)
		enc.uvarint(uint64(st.w))
		enc.uvarint(uint64(st.h))
	}
	enc.uvarint(uint64(len(e.missed)))
	for _, m := range e.missed {
		enc.string(m)
	}
	enc.string(r.HTML)
	if text {
		enc.string(r.Text)
	}
	enc.string(r.Summary)
	enc.uvarint(uint64(r.Chars))
	enc.uvarint(uint64(len(r.TOC)))
	for _, h := range r.TOC {
		enc.uvarint(uint64(h.Level))
		enc.string(h.ID)
		enc.string(h.Text)
	}
	enc.uvarint(uint64(len(r.Images)))
	for _, im := range r.Images {
		enc.string(im)
	}
	enc.uvarint(uint64(len(r.Readings)))
	for _, rd := range r.Readings {
		enc.string(rd.Base)
		enc.string(rd.Ruby)
	}
	enc.uvarint(uint64(len(r.Files)))
	for _, f := range r.Files {
		enc.string(f.Name)
		enc.string(string(f.Data))
	}
	enc.uvarint(uint64(len(r.Warnings)))
	for _, w := range r.Warnings {
		enc.warning(w)
	}
	return enc.b
}

// Tags of a warning's arguments in an entry.
const (
	argString = iota
	argInt
)

// storable reports whether every warning of res can be stored: it has a
// catalog key and only string and int arguments.
func storable(res *markdown.Result) bool {
	for _, w := range res.Warnings {
		if w.Key == "" || w.Severity != diag.SevWarning {
			return false
		}
		for _, a := range w.Args {
			switch a.(type) {
			case string, int:
			default:
				return false
			}
		}
	}
	return true
}

// warning appends w, one that storable accepts.
func (e *encoder) warning(w *diag.Error) {
	e.string(w.Path)
	e.uvarint(uint64(w.Line))
	e.uvarint(uint64(w.Column))
	e.string(w.Key)
	e.uvarint(uint64(len(w.Args)))
	for _, a := range w.Args {
		switch v := a.(type) {
		case string:
			e.uvarint(argString)
			e.string(v)
		case int:
			e.uvarint(argInt)
			e.varint(int64(v))
		}
	}
}

// warning reads a warning encoder.warning wrote and words it again.
func (d *decoder) warning() *diag.Error {
	path, line, column, key := d.string(), d.int(), d.int(), d.string()
	var args []any
	for range d.count(2) {
		switch d.uvarint() {
		case argString:
			args = append(args, d.string())
		case argInt:
			args = append(args, int(d.varint()))
		default:
			d.fail()
		}
	}
	if d.err != nil {
		return nil
	}
	w := diag.WarnT(path, line, key, args...)
	w.Column = column
	return w
}

// decodeEntry decodes a payload encode wrote; anything else is an error,
// never a panic.
func decodeEntry(data []byte) (*renderEntry, error) {
	d := decoder{b: data}
	flags := d.uvarint()
	if flags&^flagsKnown != 0 {
		return nil, errBadEntry
	}
	e := &renderEntry{res: &markdown.Result{Excerpt: flags&flagExcerpt != 0, Code: flags&flagCode != 0}}
	r := e.res
	for range d.count(3) {
		e.links = append(e.links, resolvedLink{dest: d.string(), url: d.string(), err: d.string()})
	}
	for range d.count(5) {
		st := fileStamp{name: d.string(), size: d.varint(), mtime: d.varint(), w: d.int(), h: d.int()}
		e.reads = append(e.reads, st)
		r.Reads = append(r.Reads, st.name)
	}
	for range d.count(1) {
		e.missed = append(e.missed, d.string())
	}
	r.Missed = e.missed
	r.HTML = d.string()
	if flags&flagText != 0 {
		r.Text = d.string()
	}
	r.Summary = d.string()
	r.Chars = d.int()
	for range d.count(3) {
		r.TOC = append(r.TOC, markdown.Heading{Level: d.int(), ID: d.string(), Text: d.string()})
	}
	for range d.count(1) {
		r.Images = append(r.Images, d.string())
	}
	for range d.count(2) {
		r.Readings = append(r.Readings, markdown.Reading{Base: d.string(), Ruby: d.string()})
	}
	for range d.count(2) {
		name := d.string()
		r.Files = append(r.Files, markdown.File{Name: name, Data: []byte(d.string())})
	}
	for range d.count(5) {
		if w := d.warning(); w != nil {
			r.Warnings = append(r.Warnings, w)
		}
	}
	if d.err != nil || len(d.b) != 0 {
		return nil, errBadEntry
	}
	return e, nil
}

// int reads a uvarint that must fit an int.
func (d *decoder) int() int {
	v := d.uvarint()
	if v > 1<<40 {
		d.fail()
		return 0
	}
	return int(v)
}
