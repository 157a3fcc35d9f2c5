package generator

import (
	"encoding/binary"
	"hash/crc32"
	"os"
	"path/filepath"
	"reflect"
	"testing"

	"github.com/rensai-ssg/rensai/generator/diag"
	"github.com/rensai-ssg/rensai/generator/markdown"
)

// sampleEntry is an entry with every field set.
func sampleEntry() *renderEntry {
	return &renderEntry{
		links:  []resolvedLink{{dest: "b.md#x", url: "/posts/b/#x"}, {dest: "gone.md", err: "content/a.md:3: no such article"}},
		reads:  []fileStamp{{name: "static/a.png", size: 120, mtime: -5, w: 12, h: 8}},
		missed: []string{"content/posts/a.png"},
		res: &markdown.Result{
			HTML: "<p>本文<a href=\"/posts/b/#x\">b</a>\n", Text: "本文 b", Summary: "本文", Excerpt: true, Chars: 4,
			TOC:      []markdown.Heading{{Level: 2, ID: "見出し", Text: "見出し"}},
			Images:   []string{"/a.png"},
			Readings: []markdown.Reading{{Base: "漢字", Ruby: "かんじ"}},
			Files:    []markdown.File{{Name: "x.svg", Data: []byte("<svg/>")}},
			Reads:    []string{"static/a.png"},
			Missed:   []string{"content/posts/a.png"},
			Warnings: []*diag.Error{
				diag.WarnT("content/posts/a.md", 7, "markdown.remoteImage", "https://cdn.example.com/a.png", "cdn.example.com", "a.png"),
				diag.WarnT("content/posts/a.md", 9, "markdown.controlMore", 3),
			},
		},
	}
}

// TestRenderEntryRoundTrip: an entry decodes to what was encoded, with
// or without its text.
func TestRenderEntryRoundTrip(t *testing.T) {
	for _, text := range []bool{true, false} {
		e := sampleEntry()
		got, err := decodeEntry(e.encode(text, nil))
		if err != nil {
			t.Fatal(err)
		}
		if !text {
			e.res.Text = ""
		}
		if !reflect.DeepEqual(got, e) {
			t.Errorf("text %v: decoded\n%#v\nwant\n%#v", text, got.res, e.res)
		}
	}
}

// FuzzDecodeEntry: any payload decodes to an entry or an error, never a
// panic, and what decodes encodes to bytes that decode to it again.
func FuzzDecodeEntry(f *testing.F) {
	f.Add(sampleEntry().encode(true, nil))
	f.Add(sampleEntry().encode(false, nil))
	f.Add([]byte{0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0})
	f.Add([]byte{2, 0xff, 0xff, 0xff, 0xff, 0x0f})
	f.Fuzz(func(t *testing.T, data []byte) {
		e, err := decodeEntry(data)
		if err != nil {
			return
		}
		again, err := decodeEntry(e.encode(true, nil))
		if err != nil {
			t.Fatalf("a decoded entry, encoded again, does not decode: %v", err)
		}
		if !reflect.DeepEqual(again, e) {
			t.Fatalf("a decoded entry, encoded again, decodes to another")
		}
	})
}

// FuzzPackIndex: any index reads as entries that lie inside the pack, or
// as an error, never a panic.
func FuzzPackIndex(f *testing.F) {
	w := newPackWriter(f.TempDir())
	w.add(packKey{1}, []byte("abc"))
	w.add(packKey{2}, []byte("defg"))
	if err := w.finish(); err != nil {
		f.Fatal(err)
	}
	names, _ := filepath.Glob(filepath.Join(w.dir, packPattern))
	good, err := os.ReadFile(names[0])
	if err != nil {
		f.Fatal(err)
	}
	f.Add(good)
	f.Add(good[:len(good)-1])
	f.Add([]byte(packMagic))
	f.Fuzz(func(t *testing.T, data []byte) {
		end := uint64(len(packMagic) + 16)
		refs, _, err := parsePackIndex(data, end)
		if err == nil {
			for _, r := range refs {
				if r.ref.off < int64(len(packMagic)) || uint64(r.ref.off)+uint64(r.ref.n) > end {
					t.Fatalf("entry at %d+%d outside the pack", r.ref.off, r.ref.n)
				}
			}
		}
		// A whole file: its index checksum made right, so the index is read.
		if len(data) >= len(packMagic)+trailerBytes {
			fixed := append([]byte(nil), data...)
			copy(fixed, packMagic)
			tr := fixed[len(fixed)-trailerBytes:]
			off := binary.LittleEndian.Uint64(tr[0:])
			if n := binary.LittleEndian.Uint64(tr[8:]); off <= uint64(len(fixed)-trailerBytes) && n == uint64(len(fixed)-trailerBytes)-off {
				binary.LittleEndian.PutUint32(tr[16:], crc32.Checksum(fixed[off:len(fixed)-trailerBytes], castagnoli))
			}
			name := filepath.Join(t.TempDir(), "pack-x.rc")
			if err := os.WriteFile(name, fixed, 0o644); err != nil {
				t.Fatal(err)
			}
			p := openPacks(filepath.Dir(name))
			for _, ref := range p.refs {
				p.read(ref, new([]byte))
			}
			p.close()
		}
	})
}
