package generator

import (
	"bytes"
	"testing"

	"github.com/rensai-ssg/rensai/generator/feed"
)

func TestTwinOut(t *testing.T) {
	for _, tt := range []struct{ out, dir, old, want string }{
		{"staff/Kさん/index.html", "/staff/Kさん/", "kさん", "staff/kさん/index.html"},
		{"staff/Kさん/page/2/index.html", "/staff/Kさん/", "kさん", "staff/kさん/page/2/index.html"},
		{"series/Yさんの件/index.xml", "/series/Yさんの件/", "yさんの件", "series/yさんの件/index.xml"},
		{"tags/a/index.html", "/tags/a/", "", ""},
	} {
		if got := twinOut(tt.out, tt.dir, tt.old); got != tt.want {
			t.Errorf("twinOut(%q, %q, %q) = %q, want %q", tt.out, tt.dir, tt.old, got, tt.want)
		}
	}
}

// TestSlugsKeepCaseAndOldURLsWork: a series and a term named with a Latin
// initial keep it in their URL; at the lower-case URL of earlier versions
// a feed serves the same bytes and a page redirects to the new URL.
func TestSlugsKeepCaseAndOldURLsWork(t *testing.T) {
	dir := newSite(t, "title = \"t\"\nbaseURL = \"https://example.jp/\"\n[taxonomies]\nstaff = \"担当\"\n[search]\nenable = false\n", map[string]string{
		"posts/y-01.md": "---\ntitle: 発端\ndate: 2026-03-01\nseries: 入館証を返さないYさんの件\npart: 1\nstaff: [Kさん]\n---\n\n本文。\n",
	})
	files := buildMem(t, Options{Source: dir})
	for _, pair := range [][2]string{
		{"series/入館証を返さないYさんの件/index.xml", "series/入館証を返さないyさんの件/index.xml"},
		{"staff/Kさん/index.xml", "staff/kさん/index.xml"},
	} {
		page, ok := files[pair[0]]
		if !ok {
			t.Errorf("%s not written", pair[0])
			continue
		}
		if old := files[pair[1]]; !bytes.Equal(page, old) {
			t.Errorf("%s does not serve the bytes of %s", pair[1], pair[0])
		}
	}
	for _, tt := range [][3]string{
		{"series/入館証を返さないyさんの件/index.html", "series/入館証を返さないYさんの件/", "series/%e5%85%a5%e9%a4%a8%e8%a8%bc%e3%82%92%e8%bf%94%e3%81%95%e3%81%aa%e3%81%84Y%e3%81%95%e3%82%93%e3%81%ae%e4%bb%b6/"},
		{"staff/kさん/index.html", "staff/Kさん/", "staff/K%e3%81%95%e3%82%93/"},
	} {
		mustContain(t, files, tt[0], `<meta http-equiv="refresh" content="0; url=https://example.jp/`+tt[1]+`">`, `<link rel="canonical" href="https://example.jp/`+tt[2]+`">`)
	}
	// A page links the series at its new URL, in UTF-8 (the href function).
	mustContain(t, files, "posts/y-01/index.html", `href="/series/入館証を返さないYさんの件/"`)
	// The sitemap has the new URLs only, percent-encoded.
	mustContain(t, files, "sitemap.xml", feed.URI("/staff/Kさん/"), feed.URI("/series/入館証を返さないYさんの件/"))
	mustNotContain(t, files, "sitemap.xml", feed.URI("kさん"), feed.URI("yさん"), "さん")
}
