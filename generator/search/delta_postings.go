package search

import (
	"encoding/binary"
	"strings"
)

// rewrite renumbers t's postings and positions by remap and applies e
// (nil for none), the documents before upto keeping their ids and
// postings: postings of documents taken out go, those of documents
// put in come in their place in id order. The base form and reading stay
// with their document, renumbered; when it went, inflDoc or readDoc is
// -2 and resolveProviders finds the next.
func (t *termInfo) rewrite(remap []int32, e *termEdit, upto int32, sc *scratch) {
	w := &postingWriter{post: sc.post[:0], pos: sc.pos[:0]}
	if e != nil {
		w.ins = e.in
	}
	// The postings before upto keep their ids and bytes: copied as they
	// are.
	at, rest := t.prefix(upto)
	w.post, w.pos = append(w.post, t.post[:at]...), append(w.pos, t.pos[:len(t.pos)-len(rest)]...)
	w.df, w.last = countPostings(t.post[:at]) // the gaps after count from its last document
	w.renumber(t.post[at:], rest, remap)
	w.flush(1<<31 - 1)
	// Back into t's own slices when they have room, so that an edit
	// leaves little garbage: the scratch slices are reused.
	t.post, t.pos = append(t.post[:0], w.post...), append(t.pos[:0], w.pos...)
	sc.post, sc.pos = w.post, w.pos
	t.df, t.last = w.df, w.last
	t.inflDoc, t.readDoc = moveProvider(t.inflDoc, remap), moveProvider(t.readDoc, remap)
	if e != nil {
		t.takeProviders(e.in)
	}
}

// postingWriter writes a term's postings and positions anew, merging in
// those of the documents put in (ins, in id order).
type postingWriter struct {
	post, pos []byte
	df, last  int32 // postings written, and the last one's document
	ins       []termIn
}

// emit writes the posting of doc with the term frequencies tf; its
// positions are the caller's to append.
func (w *postingWriter) emit(doc int32, tf [3]int) {
	w.post = appendPosting(w.post, doc, w.last, tf)
	w.df++
	w.last = doc
}

// flush writes the postings and positions of the documents put in whose
// ids come before before.
func (w *postingWriter) flush(before int32) {
	for len(w.ins) > 0 && w.ins[0].doc < before {
		w.emit(w.ins[0].doc, w.ins[0].ta.tf)
		w.pos = append(w.pos, w.ins[0].ta.pos...)
		w.ins = w.ins[1:]
	}
}

// renumber writes the postings post, whose gaps count from w.last, with
// their positions rest, renumbered by remap: those of documents that went
// are dropped, and the documents put in come before the first posting
// with a larger id.
func (w *postingWriter) renumber(post, rest []byte, remap []int32) {
	for doc := w.last; len(post) > 0; {
		gap, tf, next := readPosting(post)
		post = next
		doc += int32(gap)
		n := positionsLen(rest)
		rec := rest[:n]
		rest = rest[n:]
		to := remap[doc]
		if to < 0 {
			continue
		}
		w.flush(to)
		w.emit(to, [3]int{int(tf[0]), int(tf[1]), int(tf[2])})
		w.pos = append(w.pos, rec...)
	}
}

// takeProviders lets a document put in give t its base form and reading
// when it comes first; when the one that gave them went (-2),
// resolveProviders looks from the start.
func (t *termInfo) takeProviders(ins []termIn) {
	for _, in := range ins {
		ta := in.ta
		if ta.infl != "" && (t.inflDoc == -1 || (t.inflDoc >= 0 && in.doc < t.inflDoc)) {
			t.base, t.infl, t.inflDoc = strings.Clone(ta.base), strings.Clone(ta.infl), in.doc
		}
		if ta.reading != "" && (t.readDoc == -1 || (t.readDoc >= 0 && in.doc < t.readDoc)) {
			t.reading, t.readDoc = strings.Clone(ta.reading), in.doc
		}
	}
}

// moveProvider renumbers the document a term's base form or reading came
// from: -1 stays none, a document that went makes -2 (to be found).
func moveProvider(doc int32, remap []int32) int32 {
	if doc < 0 {
		return doc
	}
	if n := remap[doc]; n >= 0 {
		return n
	}
	return -2
}

// countPostings returns the number of postings in post and the last
// one's document.
func countPostings(post []byte) (df, last int32) {
	var doc uint64
	for len(post) > 0 {
		gap, _, next := readPosting(post)
		doc += gap
		post = next
		df++
	}
	return df, int32(doc)
}

// scratch is rewrite's buffers, reused from term to term.
type scratch struct{ post, pos []byte }

// prefix returns the length of the postings of documents before upto
// in t.post, and t.pos after their positions.
func (t *termInfo) prefix(upto int32) (int, []byte) {
	b, rest, doc := t.post, t.pos, int32(0)
	for len(b) > 0 {
		gap, _, next := readPosting(b)
		if doc += int32(gap); doc >= upto {
			break
		}
		b = next
		rest = rest[positionsLen(rest):]
	}
	return len(t.post) - len(b), rest
}

// positionsLen is the length of the positions record (count, then gaps)
// at the start of b.
func positionsLen(b []byte) int {
	c, n := binary.Uvarint(b)
	at := n
	for range c {
		_, m := binary.Uvarint(b[at:])
		at += m
	}
	return at
}
