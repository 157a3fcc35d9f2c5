package importer

import (
	"strings"
	"testing"
	"testing/fstest"
)

// TestHatenaEditingModes: the bodies of the three editing modes of はてなブログ
// are each read as what they are. HTML (見たまま): はてな's <!-- more -->
// (with spaces) is the summary break, and a fotolife image's alt, which is
// only its notation, goes. Markdown: ** and * are bold and a list, not
// はてな記法 headings, while [f:id:...] still becomes an image. はてな記法:
// *見出し is a heading.
func TestHatenaEditingModes(t *testing.T) {
	entry := func(title, date, body string) string {
		return "AUTHOR: eigyo\r\nTITLE: " + title + "\r\nSTATUS: Publish\r\nCONVERT BREAKS: 0\r\nDATE: " + date + "\r\n-----\r\nBODY:\r\n" + body + "\r\n-----\r\n--------\r\n"
	}
	export := entry("見たままの記事", "08/29/2019 11:22:33",
		"<p>冒頭です。</p>\r\n<!-- more -->\r\n<p><img src=\"https://cdn-ak.st-hatena.com/images/fotolife/e/eigyo/20190829/20190829112233.jpg\" alt=\"f:id:eigyo:20190829112233j:plain\" class=\"hatena-fotolife\">続きです。</p>") +
		entry("Markdownの記事", "08/30/2019 09:00:00", "# 経緯\r\n\r\n**派遣先**から電話がありました。\r\n\r\n* 一つ目\r\n* 二つ目\r\n\r\n[f:id:eigyo:20190830090000p:plain:w300]") +
		entry("はてな記法の記事", "08/31/2019 09:00:00", "*経緯\r\n派遣先から電話がありました。")
	fsys := fstest.MapFS{"blog.export.txt": {Data: []byte(export)}}
	b, err := Read(t.Context(), "hatena", []Input{{FS: fsys, Path: "blog.export.txt", Display: "blog.export.txt"}}, testOptions(), &Warnings{})
	if err != nil || len(b.Posts) != 3 {
		t.Fatalf("posts %d, err %v", len(b.Posts), err)
	}
	tests := []struct {
		title      string
		want, none []string
	}{
		{"見たままの記事", []string{"冒頭です。\n\n<!--more-->\n\n", "![](https://cdn-ak.st-hatena.com/"}, []string{"f:id:"}},
		{"Markdownの記事", []string{"# 経緯\n", "**派遣先**から", "* 一つ目\n", "![](https://cdn-ak.st-hatena.com/images/fotolife/e/eigyo/20190830/20190830090000.png)"}, []string{"### ", "## 一つ目"}},
		{"はてな記法の記事", []string{"## 経緯\n"}, nil},
	}
	for i, tt := range tests {
		t.Run(tt.title, func(t *testing.T) {
			body := b.Posts[i].Body
			for _, w := range tt.want {
				if !strings.Contains(body, w) {
					t.Errorf("body lacks %q:\n%s", w, body)
				}
			}
			for _, w := range tt.none {
				if strings.Contains(body, w) {
					t.Errorf("body holds %q:\n%s", w, body)
				}
			}
		})
	}
}

// TestUntitledHatenaEntry: an entry without a TITLE (a short post in the
// way of はてなハイク) is imported, named by its first sentence, with a
// warning; it was skipped.
func TestUntitledHatenaEntry(t *testing.T) {
	export := "AUTHOR: eigyo\nTITLE: \nDATE: 08/29/2019 11:22:33\n-----\nBODY:\n<p>今日も派遣先から電話。鍵の件はまだ続く。</p>\n-----\n--------\n" +
		"AUTHOR: eigyo\nTITLE: \nDATE: 08/30/2019 11:22:33\n-----\nBODY:\n<p>　</p>\n-----\n--------\n"
	warn := &Warnings{}
	fsys := fstest.MapFS{"haiku.export.txt": {Data: []byte(export)}}
	b, err := Read(t.Context(), "hatena", []Input{{FS: fsys, Path: "haiku.export.txt", Display: "haiku.export.txt"}}, testOptions(), warn)
	if err != nil || len(b.Posts) != 1 || b.Posts[0].Title != "今日も派遣先から電話。" {
		t.Fatalf("posts %+v, err %v; want one titled 今日も派遣先から電話。", b.Posts, err)
	}
	if len(warn.List) != 2 {
		t.Errorf("warnings %v, want one for the title and one for the empty entry", warn.List)
	}
}
