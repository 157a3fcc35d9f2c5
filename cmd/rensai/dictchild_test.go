package main

import (
	"bytes"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/rensai-ssg/rensai/generator/i18n"
	"github.com/rensai-ssg/rensai/generator/search"
	"github.com/rensai-ssg/rensai/internal/testlane"
)

// TestDictionaryHelper: the hidden mode, run as a child of this process
// (the test binary runs it as the rensai command), writes the flat
// dictionary this binary's tokenizer reads; a child that fails is
// reported in the author's language, and its reason with it.
func TestDictionaryHelper(t *testing.T) {
	testlane.SkipDictionary(t)
	dir := t.TempDir()
	path := search.FlatDictionaryPath(dir)
	if path == "" {
		t.Fatal("the test binary records no dictionary versions: no flat dictionary file")
	}
	var warn bytes.Buffer
	write := childDictWriter(&warn)
	if write == nil {
		t.Fatal("no helper for this executable")
	}
	if err := write(path); err != nil || warn.Len() > 0 {
		t.Fatalf("helper: %v, warned %q", err, warn.String())
	}
	if fi, err := os.Stat(path); err != nil || fi.Size() < 1<<20 {
		t.Fatalf("no flat dictionary written: %v", err)
	}
	if tok, err := search.NewLazyKagomeTokenizer(dir).Tokenize("東京都に行った"); err != nil || len(tok) == 0 {
		t.Fatalf("the written file: %v, %d morphemes", err, len(tok))
	}

	defer func(m i18n.Printer) { msg = m }(msg)
	for lang, want := range map[i18n.Lang]string{i18n.English: "a helper process could not write", i18n.Japanese: "補助プロセスが辞書ファイル"} {
		msg = i18n.New(lang)
		warn.Reset()
		other := filepath.Join(dir, "dict", "ipa-other.flat-1")
		if err := write(other); err == nil {
			t.Fatalf("%v: a file under another version's name was written", lang)
		}
		if got := warn.String(); !strings.Contains(got, want) || !strings.Contains(got, "not this binary's dictionary file") {
			t.Errorf("%v: warned %q, want %q and the helper's reason", lang, got, want)
		}
	}
}
