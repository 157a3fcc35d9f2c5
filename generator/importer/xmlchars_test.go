package importer

import (
	"bytes"
	"fmt"
	"strings"
	"testing"
	"testing/fstest"
	"unicode/utf8"

	"github.com/rensai-ssg/rensai/generator/i18n"
	"golang.org/x/text/encoding"
	"golang.org/x/text/encoding/japanese"
)

func TestCleanXMLChars(t *testing.T) {
	tests := []struct {
		name, in, want string
		fixes          []string // line:col what
	}{
		{"clean text", "<p>本文です。&#8217;&#x1F600;\t\r\n</p>", "<p>本文です。&#8217;&#x1F600;\t\r\n</p>", nil},
		{"vertical tab", "a\vb", "ab", []string{"1:2 U+000B"}},
		{"controls on a later line", "一行目\n二\x08行\x1f目", "一行目\n二行目", []string{"2:2 U+0008", "2:4 U+001F"}},
		{"a run of bytes that are not UTF-8 is one U+FFFD", "あ\x93\x94い\xff", "あ\uFFFDい\uFFFD", []string{"1:2 \\x93", "1:4 \\xFF"}},
		{"non-characters", "x\uFFFEy\uFFFF", "xy", []string{"1:2 U+FFFE", "1:4 U+FFFF"}},
		{"references to characters XML does not allow", "a&#11;b&#x0b;c&#X1F;d&#xD800;e", "abcde", []string{"1:2 &#11;", "1:8 &#x0b;", "1:15 &#X1F;", "1:22 &#xD800;"}},
		{"a reference beyond Unicode, even one that would wrap round to A", "x&#4294967361;y", "xy", []string{"1:2 &#4294967361;"}},
		{"references in CDATA are text (a post's HTML reads them)", "<a>&#11;<![CDATA[&#11; &#xD800;]]>&#11;</a>", "<a><![CDATA[&#11; &#xD800;]]></a>", []string{"1:4 &#11;", "1:35 &#11;"}},
		{"references that are not one are left to the parser", "&#; &#x; &#11 &#99999999999999;", "&#; &#x; &#11 &#99999999999999;", nil},
		{"a real U+FFFD stays", "壊れ\uFFFDた", "壊れ\uFFFDた", nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, fixes := cleanXMLChars([]byte(tt.in))
			if string(got) != tt.want {
				t.Errorf("cleanXMLChars(%q) = %q, want %q", tt.in, got, tt.want)
			}
			var where []string
			for _, f := range fixes {
				where = append(where, fmt.Sprintf("%d:%d %s", f.line, f.col, f))
			}
			if strings.Join(where, "|") != strings.Join(tt.fixes, "|") {
				t.Errorf("fixes %q, want %q", where, tt.fixes)
			}
		})
	}
}

// A clean export is returned as it is, without a copy.
func TestCleanXMLCharsKeepsCleanInput(t *testing.T) {
	src := []byte(`<?xml version="1.0"?><rss><title>&#8217;本文</title></rss>`)
	got, fixes := cleanXMLChars(src)
	if fixes != nil || &got[0] != &src[0] {
		t.Errorf("clean input changed or copied: %q, %v", got, fixes)
	}
}

func TestIsUTF8XML(t *testing.T) {
	for in, want := range map[string]bool{
		`<?xml version="1.0"?><rss/>`:                       true,
		`<?xml version="1.0" encoding="UTF-8"?><rss/>`:      true,
		"\uFEFF<?xml version='1.0' encoding='utf8'?><rss/>": true,
		`<rss/>`: true,
		`<?xml version="1.0" encoding="Shift_JIS"?><rss/>`:   false,
		`<?xml version="1.0" encoding="ISO-2022-JP"?><rss/>`: false,
		"\xff\xfe<\x00?\x00": false,
	} {
		if got := isUTF8XML([]byte(in)); got != want {
			t.Errorf("isUTF8XML(%q) = %v, want %v", in, got, want)
		}
	}
}

// An export whose posts hold characters XML does not allow (pasted from a
// word processor, or an old database's broken bytes) is imported: the
// characters are removed or replaced, and every post that had any, and
// the file for those outside any post, gets a warning at the line.
func TestImportCleansXMLChars(t *testing.T) {
	item := func(id int, title, body string) string {
		return fmt.Sprintf("<item><title>%s</title><link>https://old.example.jp/p%d/</link>\n"+
			"<content:encoded><![CDATA[%s]]></content:encoded>\n"+
			"<wp:post_id>%d</wp:post_id><wp:post_date>2025-01-0%d 03:04:05</wp:post_date><wp:post_name>p%d</wp:post_name>"+
			"<wp:status>publish</wp:status><wp:post_type>post</wp:post_type></item>\n", title, id, body, id, id, id)
	}
	doc := `<?xml version="1.0" encoding="UTF-8"?>` + "\n" +
		`<rss version="2.0" xmlns:content="http://purl.org/rss/1.0/modules/content/" xmlns:wp="http://wordpress.org/export/1.2/"><channel><title>日報&#11;</title>` + "\n" +
		item(1, "貼り付けた\v題", "<p>改行\vのつもり\x1fでした。</p>") + // lines 3-5
		item(2, "古い文字コードの件", "<p>壊れた\x93\x94バイト</p>") + // lines 6-8
		"</channel></rss>\n"
	fsys := fstest.MapFS{"export.xml": {Data: []byte(doc)}}
	res, err := Import(t.Context(), "wxr", []Input{{FS: fsys, Path: "export.xml", Display: "export.xml"}}, testOptions())
	if err != nil {
		t.Fatal(err)
	}
	if len(res.Broken) > 0 {
		t.Fatalf("export not read: %v", res.Warnings)
	}
	var bodies []string
	for _, f := range res.Plan.Files {
		if strings.HasSuffix(f.Path, ".md") {
			bodies = append(bodies, string(f.Data))
			if !utf8.Valid(f.Data) || bytes.ContainsAny(f.Data, "\v\x1f\x08") {
				t.Errorf("%s keeps a character XML does not allow:\n%q", f.Path, f.Data)
			}
		}
	}
	all := strings.Join(bodies, "\n")
	for _, want := range []string{"title: 貼り付けた題", "改行のつもりでした。", "壊れた\uFFFDバイト"} {
		if !strings.Contains(all, want) {
			t.Errorf("the files lack %q:\n%s", want, all)
		}
	}
	got := map[string]bool{}
	for _, w := range res.Warnings {
		if w.Kind == "encoding" {
			got[fmt.Sprintf("%s:%d: %s", w.Path, w.Line, w.Text(i18n.English))] = true
		}
	}
	for _, want := range []string{
		"export.xml:2: 1 character(s) that XML does not allow outside any post (the first at column 139: &#11;)",
		"export.xml:3: post 1: 3 character(s) that XML does not allow (the first at column 19: U+000B, U+001F)",
		"export.xml:7: post 2: 1 character(s) that XML does not allow (the first at column 33: \\x93)",
	} {
		found := false
		for w := range got {
			found = found || strings.HasPrefix(w, want)
		}
		if !found {
			t.Errorf("no warning %q among %v", want, got)
		}
	}
	if len(got) != 3 {
		t.Errorf("%d encoding warnings, want 3: %v", len(got), got)
	}
}

// FuzzCleanXMLChars: whatever the input, the result is UTF-8 that holds
// no character XML does not allow, has the same lines, and a clean input
// comes back unchanged.
func FuzzCleanXMLChars(f *testing.F) {
	f.Add([]byte("a\vb\n\x93\x94&#11;&#x1F600;\uFFFE"))
	f.Add([]byte("<title>本文&#8217;</title>\r\n"))
	f.Fuzz(func(t *testing.T, in []byte) {
		out, fixes := cleanXMLChars(in)
		if needsXMLClean(out) {
			t.Fatalf("cleanXMLChars(%q) = %q still needs cleaning", in, out)
		}
		if bytes.Count(out, []byte("\n")) != bytes.Count(in, []byte("\n")) {
			t.Fatalf("lines changed: %q -> %q", in, out)
		}
		if (len(fixes) == 0) != bytes.Equal(in, out) {
			t.Fatalf("%d fixes but input %q and output %q", len(fixes), in, out)
		}
	})
}

// A title with HTML's named entities (written by other tools than
// WordPress, which writes &#8230;) reads as the characters they name.
func TestWXRHTMLEntities(t *testing.T) {
	doc := `<?xml version="1.0" encoding="UTF-8"?><rss version="2.0" xmlns:content="http://purl.org/rss/1.0/modules/content/" xmlns:wp="http://wordpress.org/export/1.2/"><channel><title>t</title>` +
		`<item><title>続き&hellip;&nbsp;その&frac12;</title><link>https://old.example.jp/c/</link><content:encoded><![CDATA[<p>本文</p>]]></content:encoded>` +
		`<wp:post_id>3</wp:post_id><wp:post_date>2025-01-02 03:04:05</wp:post_date><wp:post_name>c</wp:post_name><wp:status>publish</wp:status><wp:post_type>post</wp:post_type></item></channel></rss>`
	warn := &Warnings{}
	b, err := Read(t.Context(), "wxr", []Input{{FS: fstest.MapFS{"export.xml": {Data: []byte(doc)}}, Path: "export.xml", Display: "export.xml"}}, testOptions(), warn)
	if err != nil {
		t.Fatal(err)
	}
	if len(b.Posts) != 1 || b.Posts[0].Title != "続き…\u00a0その½" {
		t.Fatalf("posts %d, warnings %v", len(b.Posts), warn.List)
	}
}

// An export saved again in Shift_JIS or EUC-JP by an editor that left its
// declaration saying UTF-8 is read in what it is, with a warning, rather
// than every Japanese character becoming U+FFFD.
func TestWXRMislabelledEncoding(t *testing.T) {
	doc := `<?xml version="1.0" encoding="UTF-8"?>` + "\n" +
		`<rss version="2.0" xmlns:content="http://purl.org/rss/1.0/modules/content/" xmlns:wp="http://wordpress.org/export/1.2/"><channel><title>営業日報</title>` + "\n" +
		`<item><title>入館証が戻らない件（１）経緯</title><link>https://old.example.jp/a/</link><content:encoded><![CDATA[<p>派遣先の総務課から、入館証の件で連絡がありました。</p>]]></content:encoded>` +
		`<wp:post_id>1</wp:post_id><wp:post_date>2025-01-02 03:04:05</wp:post_date><wp:post_name>a</wp:post_name><wp:status>publish</wp:status><wp:post_type>post</wp:post_type></item>` + "\n" +
		"</channel></rss>\n"
	for _, tt := range []struct {
		name string
		enc  encoding.Encoding
		want string
	}{
		{"Shift_JIS", japanese.ShiftJIS, "Shift_JIS (CP932)"},
		{"EUC-JP", japanese.EUCJP, "EUC-JP"},
	} {
		t.Run(tt.name, func(t *testing.T) {
			data, err := tt.enc.NewEncoder().Bytes([]byte(doc))
			if err != nil {
				t.Fatal(err)
			}
			warn := &Warnings{}
			b, err := Read(t.Context(), "wxr", []Input{{FS: fstest.MapFS{"export.xml": {Data: data}}, Path: "export.xml", Display: "export.xml"}}, testOptions(), warn)
			if err != nil {
				t.Fatal(err)
			}
			if len(b.Posts) != 1 || !strings.HasPrefix(b.Posts[0].Title, "入館証が戻らない件") || !strings.Contains(b.Posts[0].Body, "派遣先の総務課から") {
				t.Fatalf("posts %+v, warnings %v", b.Posts, warn.List)
			}
			var got []string
			for _, w := range warn.List {
				got = append(got, w.Kind+": "+w.Text(i18n.English))
			}
			if len(got) != 1 || got[0] != "encoding: the export says it is UTF-8 (or names no encoding), but its bytes are "+tt.want+": it was read as that" {
				t.Errorf("warnings %q", got)
			}
		})
	}
}
