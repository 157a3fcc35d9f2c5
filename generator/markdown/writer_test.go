package markdown

import (
	"bufio"
	"bytes"
	"strings"
	"testing"
	"unicode/utf8"

	"github.com/yuin/goldmark/renderer/html"
)

// writeBoth writes src with fastWriter and with the writer it wraps, by
// Write and by RawWrite, and returns the four outputs.
func writeBoth(src []byte) (fast, slow [2]string) {
	inner := html.NewWriter(html.WithEscapedSpace())
	run := func(w html.Writer) [2]string {
		var out [2]string
		for i, f := range []func(*bufio.Writer){
			func(bw *bufio.Writer) { w.Write(bw, src) },
			func(bw *bufio.Writer) { w.RawWrite(bw, src) },
		} {
			var buf bytes.Buffer
			bw := bufio.NewWriter(&buf)
			f(bw)
			_ = bw.Flush()
			out[i] = buf.String()
		}
		return out
	}
	return run(fastWriter{inner}), run(inner)
}

var writerCases = []string{
	"", "本文です。", "12345678", "1234567&", "&amp; と &#x41; と &#65;", "a\\*b", "a\\ b",
	"<b>", `"引用"`, "\x00", "長い日本語の段落のなかに、ひとつだけ<が入っている。", "ちょうど八バイ>",
}

// TestFastWriterMatchesGoldmark: fastWriter writes what goldmark's
// writer writes, for text with and without the bytes it changes, at
// every place within a word of eight bytes.
func TestFastWriterMatchesGoldmark(t *testing.T) {
	cases := append([]string(nil), writerCases...)
	for _, c := range []byte{0, '"', '&', '<', '>', '\\'} {
		for at := range 17 {
			b := bytes.Repeat([]byte{'a'}, 17)
			b[at] = c
			cases = append(cases, string(b))
		}
	}
	for _, src := range cases {
		fast, slow := writeBoth([]byte(src))
		if fast != slow {
			t.Errorf("%q: fastWriter wrote %q, goldmark's writer %q", src, fast, slow)
		}
	}
	if !plainBytes([]byte("日本語の本文、句読点。 abc 123")) {
		t.Error("plainBytes refused text without a byte to change")
	}
}

// FuzzFastWriter: for any input, fastWriter writes what goldmark's writer
// writes.
func FuzzFastWriter(f *testing.F) {
	for _, c := range writerCases {
		f.Add([]byte(c))
	}
	f.Fuzz(func(t *testing.T, src []byte) {
		fast, slow := writeBoth(src)
		if fast != slow {
			t.Fatalf("%q: fastWriter wrote %q, goldmark's writer %q", src, fast, slow)
		}
	})
}

// TestWordAtATime: hasControl and countRunes, which look at eight bytes
// at a time, agree with a byte-by-byte look at every place in a word.
func TestWordAtATime(t *testing.T) {
	naiveControl := func(b []byte) bool {
		for _, c := range b {
			if isControl(c) {
				return true
			}
		}
		return false
	}
	for _, c := range []byte{0, 1, '\t', '\n', '\r', 0x1f, ' ', 0x7f, 0x80, 0xff} {
		for at := range 17 {
			b := []byte("日本語の本文です。ab")[:17]
			b[at] = c
			if got, want := hasControl(b), naiveControl(b); got != want {
				t.Errorf("hasControl(%q) = %v, want %v", b, got, want)
			}
		}
	}
	for _, s := range []string{"", "a", "日本語", "日本語の本文、句読点。 abc 123 𠮷野家", "abcdefgh日本語abcdefgh"} {
		for cut := 0; cut <= len(s); cut++ {
			if !utf8.ValidString(s[cut:]) {
				continue
			}
			if got, want := countRunes([]byte(s[cut:])), utf8.RuneCountInString(s[cut:]); got != want {
				t.Errorf("countRunes(%q) = %d, want %d", s[cut:], got, want)
			}
		}
	}
}

func BenchmarkWordAtATime(b *testing.B) {
	text := strings.Repeat("在宅勤務の可否の相談は、私が担当する派遣先の中でも年に何度かあります。\n", 200)
	bytes := []byte(text)
	b.Run("countRunes", func(b *testing.B) {
		b.SetBytes(int64(len(text)))
		for b.Loop() {
			countRunes(bytes)
		}
	})
	b.Run("utf8.RuneCountInString", func(b *testing.B) {
		b.SetBytes(int64(len(text)))
		for b.Loop() {
			utf8.RuneCountInString(text)
		}
	})
	b.Run("hasControl", func(b *testing.B) {
		b.SetBytes(int64(len(text)))
		for b.Loop() {
			hasControl(bytes)
		}
	})
}
