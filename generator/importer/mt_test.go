package importer

import (
	"slices"
	"strings"
	"testing"
)

func TestParseMT(t *testing.T) {
	src := "AUTHOR: a\nTITLE: 題: コロン入り\nDATE: 08/29/2019 11:22:33\nCATEGORY: x\nCATEGORY: y\n-----\nBODY:\n<p>本文</p>\n-----\nEXTENDED BODY:\n続き\n-----\n--------\nTITLE: 二件目\nBODY:\n本文2\n-----\n--------\n"
	entries, problems := parseMT(src)
	if len(problems) != 0 {
		t.Errorf("problems %v", problems)
	}
	if len(entries) != 2 {
		t.Fatalf("%d entries", len(entries))
	}
	e := entries[0]
	if e.Fields["TITLE"] != "題: コロン入り" || !slices.Equal(e.Categories, []string{"x", "y"}) || e.Sections["BODY"] != "<p>本文</p>" || e.Sections["EXTENDED BODY"] != "続き" || e.BodyLine != 8 || e.Line != 1 {
		t.Errorf("entry 1 %+v", e)
	}
	if entries[1].Line != 14 || entries[1].Sections["BODY"] != "本文2" {
		t.Errorf("entry 2 %+v", entries[1])
	}
}

func TestParseMTTruncated(t *testing.T) {
	tests := []struct{ name, src string }{
		{"cut inside the body", "TITLE: a\nDATE: 01/02/2020 00:00:00\n-----\nBODY:\n途中"},
		{"cut after the header", "TITLE: a\nDATE: 01/02/2020 00:00:00\n"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			entries, problems := parseMT(tt.src)
			if len(entries) != 1 || len(problems) != 1 || !strings.Contains(problems[0].Msg, "cut off") {
				t.Errorf("entries %v problems %v", entries, problems)
			}
		})
	}
}

func TestHatenaToMarkdown(t *testing.T) {
	src := "[:contents]\n====\n*t1234567890*見出し\n**小見出し\n>>\n引用です。\n<<\n- 一\n-- 二\n+ 三\n[http://example.jp/a:title=リンク]と[http://example.jp/b]\n注((脚注です))\n[f:id:eigyo:20190830093000p:plain]\n>|go|\nx := 1\n||<"
	got := hatenaToMarkdown(src)
	want := "\n<!--more-->\n\n\n## 見出し\n\n\n### 小見出し\n\n> 引用です。\n\n- 一\n  - 二\n1. 三\n[リンク](http://example.jp/a)と[http://example.jp/b](http://example.jp/b)\n注[^1]\n![](https://cdn-ak.st-hatena.com/images/fotolife/e/eigyo/20190830/20190830093000.png)\n```go\nx := 1\n```\n\n[^1]: 脚注です"
	if got != want {
		t.Errorf("got:\n%s\nwant:\n%s", got, want)
	}
}

func FuzzParseMT(f *testing.F) {
	f.Add("TITLE: a\nBODY:\nb\n-----\n--------\n")
	f.Add("-----\n--------\nBODY:\n")
	f.Add("CATEGORY:\nTITLE\n:\n")
	f.Fuzz(func(t *testing.T, src string) {
		entries, problems := parseMT(src)
		lines := strings.Count(strings.ReplaceAll(src, "\r\n", "\n"), "\n") + strings.Count(strings.ReplaceAll(src, "\r\n", "\n"), "\r") + 2
		for _, e := range entries {
			if e.Line < 1 || e.Line > lines {
				t.Errorf("entry line %d outside 1..%d", e.Line, lines)
			}
		}
		for _, p := range problems {
			if p.Line < 1 || p.Line > lines {
				t.Errorf("problem line %d outside 1..%d", p.Line, lines)
			}
		}
		// The converter never panics on any body either.
		for _, e := range entries {
			hatenaToMarkdown(e.Sections["BODY"])
		}
	})
}
