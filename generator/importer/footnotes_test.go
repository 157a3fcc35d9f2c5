package importer

import (
	"strings"
	"testing"
	"testing/fstest"
)

// TestWordPressFootnotes: the block editor's footnotes (references in the
// text, texts in the post meta) become Markdown footnotes; their texts
// were lost and the numbers ran into the text ("A paragraph1").
func TestWordPressFootnotes(t *testing.T) {
	body := `<!-- wp:paragraph --><p>鍵は戻りました<sup data-fn="aa-1" class="fn"><a href="#aa-1" id="aa-1-link">1</a></sup>。翌日です<sup data-fn="bb-2" class="fn"><a href="#bb-2" id="bb-2-link">2</a></sup>。</p><!-- /wp:paragraph --><!-- wp:footnotes /-->`
	item := strings.Replace(wxrItemXML("", "鍵の件", "kagi", body), "</item>",
		`<wp:postmeta><wp:meta_key>footnotes</wp:meta_key><wp:meta_value><![CDATA[[{"id":"aa-1","content":"受付で<em>確認</em>"},{"id":"bb-2","content":"月曜日"}]]]></wp:meta_value></wp:postmeta></item>`, 1)
	fsys := fstest.MapFS{"export.xml": {Data: []byte(wxrDoc("https://wordpress.org/export/1.2/", item))}}
	warn := &Warnings{}
	b, err := Read(t.Context(), "wxr", []Input{{FS: fsys, Path: "export.xml", Display: "export.xml"}}, testOptions(), warn)
	if err != nil || len(b.Posts) != 1 {
		t.Fatalf("posts %v, err %v", b.Posts, err)
	}
	got := b.Posts[0].Body
	for _, want := range []string{"鍵は戻りました[^1]。翌日です[^2]。", "[^1]: 受付で*確認*", "[^2]: 月曜日"} {
		if !strings.Contains(got, want) {
			t.Errorf("no %q in:\n%s", want, got)
		}
	}
	if strings.Contains(got, footnoteToken) || len(warn.List) != 0 {
		t.Errorf("body %q, warnings %v", got, warn.List)
	}
}

// TestPlaceholderLinkIsQuiet: a link to "#" alone (a button or icon that
// goes nowhere) keeps its text without a warning; a link to an id warns
// that the target is lost.
func TestPlaceholderLinkIsQuiet(t *testing.T) {
	c := newHTMLConverter(nil, nil)
	cleaner, _ := NewCleaner(nil)
	warn := &Warnings{}
	md, _ := c.convert(`<p><a href="#">ボタン</a>と<a href="#keika">経緯</a></p>`, &Post{Title: "x"}, cleaner, warn)
	if !strings.Contains(md, "ボタンと経緯") || len(warn.List) != 1 || !strings.Contains(warn.List[0].Error.Error(), "#keika") {
		t.Errorf("Markdown %q, warnings %v; want the texts and one warning for #keika", md, warn.List)
	}
}
