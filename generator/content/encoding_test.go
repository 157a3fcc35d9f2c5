package content

import (
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"golang.org/x/text/encoding"
	"golang.org/x/text/encoding/japanese"
	"golang.org/x/text/encoding/unicode"
)

// japaneseFile is a realistic article: kanji, hiragana, katakana, full-width
// punctuation and circled numbers, the characters a legacy editor would
// have saved in Shift_JIS or EUC-JP.
const japaneseFile = "---\ntitle: 入館証の件（前編①）\ndate: 2026-03-01\n---\n" +
	"派遣先の受付で、スタッフの入館証が発行されていないと連絡があった。\n" +
	"担当営業として急いで向かう。カードキーの申請書は先週提出済みのはず……\n"

func encode(t *testing.T, enc encoding.Encoding, s string) []byte {
	t.Helper()
	b, err := enc.NewEncoder().Bytes([]byte(s))
	if err != nil {
		t.Fatalf("encoding the test text: %v", err)
	}
	return b
}

func TestParseNotUTF8(t *testing.T) {
	const asciiFile = "---\ntitle: a\ndate: 2026-03-01\n---\nbody\n"
	tests := []struct {
		name string
		enc  encoding.Encoding // encodes text; nil means text is raw bytes
		text string
		want string
	}{
		{"shift-jis", japanese.ShiftJIS, japaneseFile,
			"posts/nyukan-01.md: file is not UTF-8 (it looks like Shift_JIS); save it as UTF-8, for example from the site folder (the converted copy is written outside content/, and replaces the file only if iconv succeeds): iconv -f CP932 -t UTF-8 content/posts/nyukan-01.md > nyukan-01.utf8.md && mv nyukan-01.utf8.md content/posts/nyukan-01.md"},
		{"euc-jp", japanese.EUCJP, japaneseFile,
			"posts/nyukan-01.md: file is not UTF-8 (it looks like EUC-JP); save it as UTF-8, for example from the site folder (the converted copy is written outside content/, and replaces the file only if iconv succeeds): iconv -f EUC-JP -t UTF-8 content/posts/nyukan-01.md > nyukan-01.utf8.md && mv nyukan-01.utf8.md content/posts/nyukan-01.md"},
		// Hiragana in EUC-JP also decodes cleanly as Shift_JIS half-width
		// katakana; the detector must still prefer EUC-JP.
		{"euc-jp-hiragana-only", japanese.EUCJP, "---\ntitle: あいうえお\n---\nかきくけこ\n",
			"posts/nyukan-01.md: file is not UTF-8 (it looks like EUC-JP); save it as UTF-8, for example from the site folder (the converted copy is written outside content/, and replaces the file only if iconv succeeds): iconv -f EUC-JP -t UTF-8 content/posts/nyukan-01.md > nyukan-01.utf8.md && mv nyukan-01.utf8.md content/posts/nyukan-01.md"},
		{"iso-2022-jp", japanese.ISO2022JP, japaneseFile,
			"posts/nyukan-01.md: file is not UTF-8 (it looks like ISO-2022-JP); save it as UTF-8, for example from the site folder (the converted copy is written outside content/, and replaces the file only if iconv succeeds): iconv -f ISO-2022-JP -t UTF-8 content/posts/nyukan-01.md > nyukan-01.utf8.md && mv nyukan-01.utf8.md content/posts/nyukan-01.md"},
		{"utf-16le-bom", unicode.UTF16(unicode.LittleEndian, unicode.UseBOM), japaneseFile,
			"posts/nyukan-01.md: file is not UTF-8 (it looks like UTF-16LE); save it as UTF-8, for example from the site folder (the converted copy is written outside content/, and replaces the file only if iconv succeeds): iconv -f UTF-16LE -t UTF-8 content/posts/nyukan-01.md > nyukan-01.utf8.md && mv nyukan-01.utf8.md content/posts/nyukan-01.md"},
		{"utf-16be-bom", unicode.UTF16(unicode.BigEndian, unicode.UseBOM), japaneseFile,
			"posts/nyukan-01.md: file is not UTF-8 (it looks like UTF-16BE); save it as UTF-8, for example from the site folder (the converted copy is written outside content/, and replaces the file only if iconv succeeds): iconv -f UTF-16BE -t UTF-8 content/posts/nyukan-01.md > nyukan-01.utf8.md && mv nyukan-01.utf8.md content/posts/nyukan-01.md"},
		{"utf-16le-ascii-no-bom", unicode.UTF16(unicode.LittleEndian, unicode.IgnoreBOM), asciiFile,
			"posts/nyukan-01.md: file is not UTF-8 (it looks like UTF-16LE); save it as UTF-8, for example from the site folder (the converted copy is written outside content/, and replaces the file only if iconv succeeds): iconv -f UTF-16LE -t UTF-8 content/posts/nyukan-01.md > nyukan-01.utf8.md && mv nyukan-01.utf8.md content/posts/nyukan-01.md"},
		{"unknown-stray-byte", nil, "---\ntitle: a\ndate: 2026-03-01\n---\ncaf\xe9 \xff\n",
			"posts/nyukan-01.md:5: file is not UTF-8 (byte 0xE9 is not valid here); save it as UTF-8 in your editor"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			src := []byte(tt.text)
			if tt.enc != nil {
				src = encode(t, tt.enc, tt.text)
			}
			a, err := Parse("posts/nyukan-01.md", src, testOpts)
			if err == nil {
				t.Fatalf("no error; parsed %+v", a)
			}
			if got := err.Error(); got != tt.want {
				t.Errorf("got  %s\nwant %s", got, tt.want)
			}
			if _, ok := err.(*Error); !ok {
				t.Errorf("error is %T, want *Error", err)
			}
		})
	}
}

func TestParseUTF8IsNotMistakenForLegacyEncoding(t *testing.T) {
	tests := []struct {
		name string
		src  string
	}{
		{"japanese", japaneseFile},
		{"escape-char-in-body", "---\ntitle: a\ndate: 2026-03-01\n---\n\x1b[31mred\x1b[0m\n"},
		{"half-width-katakana", "---\ntitle: ｶﾀｶﾅ\ndate: 2026-03-01\n---\nﾃｽﾄ\n"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if _, err := Parse("a.md", []byte(tt.src), testOpts); err != nil {
				t.Fatalf("Parse: %v", err)
			}
		})
	}
}

// TestShiftJISHintConverts runs the command that the Shift_JIS message
// suggests on a file holding characters that only CP932 has (①, ～, Ⅱ),
// and checks that the article comes back whole as UTF-8.
func TestShiftJISHintConverts(t *testing.T) {
	if _, err := exec.LookPath("iconv"); err != nil {
		t.Fatalf("iconv is needed to test the hint: %v", err)
	}
	want := "---\ntitle: 【前編①】入館証の件～Ⅱ\n---\n\n本文です。\n"
	sjis, err := japanese.ShiftJIS.NewEncoder().Bytes([]byte(want))
	if err != nil {
		t.Fatal(err)
	}
	site := t.TempDir()
	file := filepath.Join(site, "content", "posts", "a.md")
	if err := os.MkdirAll(filepath.Dir(file), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(file, sjis, 0o644); err != nil {
		t.Fatal(err)
	}
	e := checkEncoding("posts/a.md", sjis)
	if e == nil {
		t.Fatal("a Shift_JIS file passed the encoding check")
	}
	_, cmd, ok := strings.Cut(e.Error(), "succeeds): ")
	if !ok {
		t.Fatalf("no command in %q", e)
	}
	run := exec.Command("sh", "-c", cmd)
	run.Dir = site
	if out, err := run.CombinedOutput(); err != nil {
		t.Fatalf("%s: %v\n%s", cmd, err, out)
	}
	got, err := os.ReadFile(file)
	if err != nil {
		t.Fatal(err)
	}
	if string(got) != want {
		t.Fatalf("converted file = %q, want %q", got, want)
	}
	if entries, _ := os.ReadDir(filepath.Dir(file)); len(entries) != 1 {
		t.Fatalf("content/posts holds %d files after the conversion, want 1", len(entries))
	}
}
