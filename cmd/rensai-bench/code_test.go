package main

import (
	"bytes"
	"math/rand/v2"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"github.com/rensai-ssg/rensai/internal/corpus"
)

var fenceOpen = regexp.MustCompile("(?m)^```([a-z]+)$")

func TestWithCode(t *testing.T) {
	fm := "---\ntitle: x\nsummary: \"## not a heading\"\n---\n"
	tests := []struct {
		name, body string
	}{
		{"before headings", "前置き\n\n## 一\n\n本文\n\n## 二\n\n本文\n\n## 三\n\n本文\n\n## 四\n\n## 五\n\n## 六\n"},
		{"no headings: appended", "本文だけです。\n"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			in := []byte(fm + tt.body)
			out := withCode(in, rand.New(rand.NewPCG(1, 2)))
			if !bytes.Equal(out, withCode(in, rand.New(rand.NewPCG(1, 2)))) {
				t.Error("same seed, different bytes")
			}
			if !bytes.HasPrefix(out, []byte(fm)) {
				t.Errorf("front matter changed:\n%s", out)
			}
			blocks := fenceOpen.FindAllSubmatch(out, -1)
			if len(blocks) < 2 || len(blocks) > 5 {
				t.Errorf("%d code blocks, want 2 to 5:\n%s", len(blocks), out)
			}
			if n := strings.Count(string(out), "```"); n != 2*len(blocks) {
				t.Errorf("%d fences for %d blocks: a block is not closed", n, len(blocks))
			}
			// Every heading and line of the input survives, in order.
			rest := string(out)
			for _, line := range strings.Split(tt.body, "\n") {
				k := strings.Index(rest, line)
				if k < 0 {
					t.Fatalf("line %q lost or out of order:\n%s", line, out)
				}
				rest = rest[k+len(line):]
			}
			if strings.Contains(string(out), "%!") {
				t.Errorf("a snippet was formatted with the wrong arguments:\n%s", out)
			}
		})
	}
}

func TestAddCodeBlocksUsesManyLanguages(t *testing.T) {
	dir := t.TempDir()
	if err := corpus.Write(dir, 30, corpus.Options{Seed: 1}); err != nil {
		t.Fatal(err)
	}
	if err := addCodeBlocks(dir, 1); err != nil {
		t.Fatal(err)
	}
	langs := map[string]bool{}
	posts, _ := filepath.Glob(filepath.Join(dir, "content", "posts", "*.md"))
	for _, p := range posts {
		b, err := os.ReadFile(p)
		if err != nil {
			t.Fatal(err)
		}
		blocks := fenceOpen.FindAllSubmatch(b, -1)
		if len(blocks) < 2 {
			t.Errorf("%s has %d code blocks, want at least 2", filepath.Base(p), len(blocks))
		}
		for _, m := range blocks {
			langs[string(m[1])] = true
		}
	}
	if len(langs) < 8 {
		t.Errorf("languages used: %v, want at least 8 of the %d", langs, len(codeSnippets))
	}
}
