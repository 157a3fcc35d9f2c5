package markdown

import (
	"errors"
	"io/fs"
	"strings"
	"testing"
	"unicode/utf8"
)

func FuzzRender(f *testing.F) {
	for _, s := range []string{
		"",
		"# 題\n\n## 対応\n\n## 対応\n",
		"太郎は**「こんにちは」**と言った\n続き",
		"![図](/a.png \"題\")\n\n文中![b](b.png \"t\")\n",
		"[a](b.md#x) [c](/posts/d.md) [e](https://example.com/f.md)\n",
		"```go\nfunc main() {}\n```\n\n```nosuch {hl_lines=[1]}\nx\n```\n",
		"| a | b |\n|---|---|\n| 1 | 2 |\n\n- [x] 済\n\n用語\n: 説明\n\n本文[^1]\n\n[^1]: 注\n",
		"<div>生</div>\n\n&amp; \\* ***__~~x~~__*** _a_b_ *「*」*",
		"[](x.md)\n[ref]: missing.md\n\n[r][ref]",
		"> - ## 見出し\n>   ![x](/y \"z\")\n",
		"\x9f\n0", // invalid UTF-8 before a line break once panicked in goldmark
		"|漢字《かんじ》｜東京《とうきょう》営業《えいぎょう》\\《 |《 《《傍点》》《《|強《きょう》》》",
		"**漢字《かんじ**》 [苦情《くじょう》](x.md) ## 見《み》\n\n《《\n》》 漢字《》 a|b《",
		"## 見出し {#custom-id}\n\n## 見出し {#custom-id}\n\n前\n\n<!--more-->\n\n後<!-- more -->",
		"制御\x07文字\x00と\x7fと\xed\xa0\x80と\r\n",
		"[^a]と[^b][^a]\n\n[^b]: B [^a]\n[^a]: A\n",
		"```d2 {title=\"図\"}\n受付 -> 確認: はい\nx: {shape: diamond}\n```\n",
	} {
		f.Add([]byte(s))
	}
	r := New(Options{
		BasePath: "/repo/",
		ResolveLink: func(from, dest string) (string, error) {
			if strings.HasPrefix(dest, "missing") {
				return "", errors.New("link to missing article " + dest + "; check the file name")
			}
			return "/repo/posts/x/", nil
		},
	})
	f.Fuzz(func(t *testing.T, src []byte) {
		res, err := r.Render("posts/a.md", src, 3)
		if err != nil {
			if !strings.HasPrefix(err.Error(), "posts/a.md:") {
				t.Fatalf("error without file name: %v", err)
			}
			if strings.Contains(err.Error(), errInternal) {
				t.Fatalf("panic in a library: %v", err)
			}
			if utf8.Valid(src) && !strings.Contains(err.Error(), "link to missing article") && !strings.Contains(err.Error(), ": diagram") {
				t.Fatalf("unexpected error: %v", err)
			}
			return
		}
		again, err := r.Render("posts/a.md", src, 3)
		if err != nil || res.HTML != again.HTML || res.Text != again.Text {
			t.Fatalf("second render differs (err %v)", err)
		}
		if !utf8.ValidString(res.Text) || res.Chars != utf8.RuneCountInString(res.Text) {
			t.Fatalf("text %q: %d characters counted, want valid UTF-8 of %d", res.Text, res.Chars, utf8.RuneCountInString(res.Text))
		}
		if s := Summary(res.Text, 40); !utf8.ValidString(s) {
			t.Fatalf("invalid UTF-8 summary %q", s)
		}
		for _, rd := range res.Readings {
			if n := utf8.RuneCountInString(rd.Ruby); rd.Base == "" || n < 1 || n > maxReading {
				t.Fatalf("bad reading %+v", rd)
			}
		}
		if strings.Contains(res.Summary, "《") && !strings.Contains(string(src), "《") {
			t.Fatalf("summary %q has a bracket the source has not", res.Summary)
		}
		for _, h := range res.TOC {
			if h.ID == "" || h.Level < 2 || h.Level > 4 {
				t.Fatalf("bad TOC entry %+v", h)
			}
		}
	})
}

// FuzzImageFiles checks that reading an SVG size never fails or panics and
// that every file an image destination may name is under static/ or
// content/.
func FuzzImageFiles(f *testing.F) {
	for _, s := range []string{
		`<svg width="30" height="20"/>`, `<svg viewBox="0,0,1e9,-3">`, `<?xml?><!DOCTYPE svg><svg width="1px" height="100%">`,
		"/img/a.png", "../../../etc/passwd", "%2e%2e/x.png", "a.png?x#y", "//host/a.png", "data:image/png;base64,xx",
	} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		w, h, err := svgSize(strings.NewReader(s))
		if err != nil || w < 0 || h < 0 {
			t.Fatalf("svgSize(%q) = %d, %d, %v", s, w, h, err)
		}
		names, ok := imageCandidates("content/posts/x.md", s)
		if !ok {
			return
		}
		for _, n := range names {
			if !fs.ValidPath(n) || !strings.HasPrefix(n, "static/") && !strings.HasPrefix(n, "content/") {
				t.Fatalf("imageCandidates(%q) names %q, outside static/ and content/", s, n)
			}
		}
	})
}
