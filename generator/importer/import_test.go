package importer

import (
	"archive/zip"
	"bytes"
	"context"
	"errors"
	"flag"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"testing/fstest"
	"time"

	"github.com/rensai-ssg/rensai/generator/content"
	"github.com/rensai-ssg/rensai/generator/i18n"
	"golang.org/x/text/encoding/japanese"
)

var update = flag.Bool("update", false, "rewrite the golden files in testdata/golden")

var tokyo = time.FixedZone("Asia/Tokyo", 9*3600)

func testOptions() Options {
	// The fixtures' images are on hosts a test does not reach; the image
	// step has tests of its own (images_test.go).
	return Options{Location: tokyo, Taxonomies: []string{"tags"}, Images: Images{Mode: KeepImages}}
}

// importDir imports testdata/<dir> as one input named <dir>.
func importDir(t *testing.T, kind, dir string) *Result {
	t.Helper()
	res, err := Import(t.Context(), kind, []Input{{FS: os.DirFS("testdata"), Path: dir, Display: dir}}, testOptions())
	if err != nil {
		t.Fatal(err)
	}
	return res
}

// TestGolden imports each fixture folder and compares every planned file
// and the report with testdata/golden/<case>/ (refresh with -update).
func TestGolden(t *testing.T) {
	tests := []struct{ name, kind, dir string }{
		{"text", "text", "text"},
		{"wxr", "wxr", "wxr"},
		{"hatena", "hatena", "hatena"},
		{"hugo", "hugo", "hugo"},
		{"jekyll", "jekyll", "jekyll"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			res := importDir(t, tt.kind, tt.dir)
			var report bytes.Buffer
			res.WriteReport(&report, nil, i18n.New(i18n.English))
			res.WriteWarnings(&report, i18n.New(i18n.English))
			files := append([]File{{Path: "report.txt", Data: report.Bytes()}}, res.Plan.Files...)
			golden := filepath.Join("testdata", "golden", tt.name)
			if *update {
				if err := os.RemoveAll(golden); err != nil {
					t.Fatal(err)
				}
				for _, f := range files {
					p := filepath.Join(golden, filepath.FromSlash(f.Path))
					if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
						t.Fatal(err)
					}
					if err := os.WriteFile(p, f.Data, 0o644); err != nil {
						t.Fatal(err)
					}
				}
			}
			want := map[string]bool{}
			if err := filepath.WalkDir(golden, func(p string, d os.DirEntry, err error) error {
				if err == nil && !d.IsDir() {
					rel, _ := filepath.Rel(golden, p)
					want[filepath.ToSlash(rel)] = true
				}
				return nil
			}); err != nil {
				t.Fatal(err)
			}
			for _, f := range files {
				data, err := os.ReadFile(filepath.Join(golden, filepath.FromSlash(f.Path)))
				if err != nil {
					t.Errorf("%s: not in the golden files (run go test -update): %v", f.Path, err)
					continue
				}
				delete(want, f.Path)
				if !bytes.Equal(data, f.Data) {
					t.Errorf("%s differs from the golden file:\n%s\nwant:\n%s", f.Path, f.Data, data)
				}
			}
			for p := range want {
				t.Errorf("%s: golden file no longer produced", p)
			}
			// Every article reads back through content.Parse.
			for _, f := range res.Plan.Files {
				if !strings.HasSuffix(f.Path, ".md") {
					continue
				}
				name := strings.TrimPrefix(f.Path, "content/")
				if _, err := content.Parse(name, f.Data, content.LoadOptions{Location: tokyo, Taxonomies: []string{"tags"}}); err != nil {
					t.Errorf("%s does not parse: %v", f.Path, err)
				}
			}
		})
	}
}

func TestTextSeries(t *testing.T) {
	res := importDir(t, "text", "text")
	var s *Series
	for _, x := range res.Grouping.Series {
		if x.Title == "社員証を返さないSさんの件" {
			s = x
		}
	}
	if s == nil {
		t.Fatalf("series not found in %+v", res.Grouping.Series)
	}
	if len(s.Parts) != 4 || len(s.Missing) != 1 || s.Missing[0] != 4 || len(s.Conflicts) != 1 || !s.Parts[3].Final || !s.Complete {
		t.Errorf("series %+v, missing %v, conflicts %d", s, s.Missing, len(s.Conflicts))
	}
	if got := res.Grouping.Categories; len(got) != 1 || got[0] != "営業日報" {
		t.Errorf("categories %q, want [営業日報]", got)
	}
}

// wxrItemXML is a minimal WXR item.
func wxrItemXML(ns, title, slug, body string) string {
	return `<item><title>` + title + `</title><link>https://old.example.jp/` + slug + `/</link>` +
		`<content:encoded><![CDATA[` + body + `]]></content:encoded>` +
		`<wp:post_id>1</wp:post_id><wp:post_date>2025-01-02 03:04:05</wp:post_date><wp:post_name>` + slug + `</wp:post_name>` +
		`<wp:status>publish</wp:status><wp:post_type>post</wp:post_type></item>`
}

func wxrDoc(ns string, items ...string) string {
	return `<?xml version="1.0" encoding="UTF-8"?><rss version="2.0" xmlns:content="http://purl.org/rss/1.0/modules/content/" xmlns:wp="` + ns + `"><channel><title>t</title>` +
		strings.Join(items, "") + `</channel></rss>`
}

func TestWXRNamespacesAndBadFiles(t *testing.T) {
	item := wxrItemXML("", "派遣先への年始挨拶", "nenshi", "<p>本文です。</p>")
	tests := []struct {
		name     string
		data     string
		posts    int
		warnKind string
		warnText string
	}{
		{"WXR 1.0 over http", wxrDoc("http://wordpress.org/export/1.0/", item), 1, "", ""},
		{"WXR 1.1", wxrDoc("http://wordpress.org/export/1.1/", item), 1, "", ""},
		{"WXR 1.2 over https", wxrDoc("https://wordpress.org/export/1.2/", item), 1, "", ""},
		{"prefix rebound to another URI", wxrDoc("https://example.com/export/1.2/", item), 0, "malformed", "no WordPress export namespace"},
		{"empty file", "", 0, "unreadable", "empty"},
		{"truncated file", wxrDoc("https://wordpress.org/export/1.2/", item)[:300], 0, "malformed", "1:"},
		{"binary file", "\x00\x01\x02PNG", 0, "malformed", ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			warn := &Warnings{}
			fsys := fstest.MapFS{"export.xml": {Data: []byte(tt.data)}}
			b, err := Read(t.Context(), "wxr", []Input{{FS: fsys, Path: "export.xml", Display: "export.xml"}}, testOptions(), warn)
			if err != nil {
				t.Fatal(err)
			}
			if len(b.Posts) != tt.posts {
				t.Errorf("%d posts, want %d", len(b.Posts), tt.posts)
			}
			if tt.warnKind == "" {
				if len(warn.List) > 0 || len(warn.Broken) > 0 {
					t.Errorf("unexpected warnings %v, broken %v", warn.List, warn.Broken)
				}
				return
			}
			if !slices.Equal(warn.Broken, []string{"export.xml"}) {
				t.Errorf("broken sources %v, want export.xml: an import must not go on without it", warn.Broken)
			}
			if len(warn.List) != 1 || warn.List[0].Kind != tt.warnKind || !strings.Contains(warn.List[0].Error.Error(), tt.warnText) {
				t.Errorf("warnings %v, want one %s containing %q", warn.List, tt.warnKind, tt.warnText)
			}
		})
	}
}

func TestMalformedXMLHasLineAndColumn(t *testing.T) {
	src := "<?xml version=\"1.0\"?>\n<rss xmlns:wp=\"http://wordpress.org/export/1.2/\">\n<channel>\n<item><title>a</title>\n<wp:status>publish</wp:statu>\n</item></channel></rss>\n"
	warn := &Warnings{}
	fsys := fstest.MapFS{"bad.xml": {Data: []byte(src)}}
	if _, err := Read(t.Context(), "wxr", []Input{{FS: fsys, Path: "bad.xml", Display: "bad.xml"}}, testOptions(), warn); err != nil {
		t.Fatal(err)
	}
	if len(warn.List) != 1 {
		t.Fatalf("warnings %v", warn.List)
	}
	w := warn.List[0]
	if w.Line != 5 || !strings.Contains(w.Msg, "column ") || !strings.HasPrefix(w.Error.Error(), "bad.xml:5:") {
		t.Errorf("warning %q at line %d, want bad.xml:5 with a column", w.Error.Error(), w.Line)
	}
}

func TestNoteZipWithAssets(t *testing.T) {
	var buf bytes.Buffer
	zw := zip.NewWriter(&buf)
	xmlDoc := wxrDoc("https://wordpress.org/export/1.2/",
		wxrItemXML("", "食堂の席取りの件②", "n1234", `<p>見出し画像</p><p><img src="https://assets.example.net/production/uploads/images/123/shokudo.png" alt="食堂"></p><p>席の話です。</p><p>この記事が気に入ったらサポートをしてみませんか?</p>`))
	for name, data := range map[string]string{"note-export.xml": xmlDoc, "assets/shokudo.png": "PNGDATA"} {
		w, err := zw.Create(name)
		if err != nil {
			t.Fatal(err)
		}
		if _, err := w.Write([]byte(data)); err != nil {
			t.Fatal(err)
		}
	}
	zw.Close()
	warn := &Warnings{}
	fsys := fstest.MapFS{"note.zip": {Data: buf.Bytes()}}
	b, err := Read(t.Context(), "wxr", []Input{{FS: fsys, Path: "note.zip", Display: "note.zip"}}, testOptions(), warn)
	if err != nil {
		t.Fatal(err)
	}
	if len(b.Posts) != 1 {
		t.Fatalf("%d posts, warnings %v", len(b.Posts), warn.List)
	}
	body := b.Posts[0].Body
	if body != "![食堂](/images/imported/shokudo.png)\n\n席の話です。\n" {
		t.Errorf("body %q", body)
	}
	if string(b.Assets["static/images/imported/shokudo.png"]) != "PNGDATA" {
		t.Errorf("assets %v", b.Assets)
	}
}

func TestLegacyEncodings(t *testing.T) {
	text := "【続編②】丸数字①と波ダッシュ～の件\n\n2025年4月2日\n\n本文です。①～⑳\n"
	sjis, err := japanese.ShiftJIS.NewEncoder().String(text)
	if err != nil {
		t.Fatal(err)
	}
	eucText := "【続編②】日本語の件\n\n2025年4月2日\n\n本文です。\n"
	euc, err := japanese.EUCJP.NewEncoder().String(eucText)
	if err != nil {
		t.Fatal(err)
	}
	tests := []struct{ name, data, enc, title string }{
		{"Shift_JIS with circled digits and wave dash", sjis, "Shift_JIS", "【続編②】丸数字①と波ダッシュ～の件"},
		{"EUC-JP", euc, "EUC-JP", "【続編②】日本語の件"},
		{"UTF-8 with BOM", "\ufeff" + text, "", "【続編②】丸数字①と波ダッシュ～の件"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			warn := &Warnings{}
			fsys := fstest.MapFS{"a.txt": {Data: []byte(tt.data)}}
			b, err := Read(t.Context(), "text", []Input{{FS: fsys, Path: "a.txt", Display: "a.txt"}}, testOptions(), warn)
			if err != nil {
				t.Fatal(err)
			}
			if len(b.Posts) != 1 || b.Posts[0].Title != tt.title {
				t.Fatalf("posts %+v", b.Posts)
			}
			if tt.enc != "" && (len(warn.List) != 1 || !strings.Contains(warn.List[0].Msg, tt.enc)) {
				t.Errorf("warnings %v, want one naming %s", warn.List, tt.enc)
			}
		})
	}
}

func TestBadTextFilesAreSkipped(t *testing.T) {
	fsys := fstest.MapFS{
		"empty.txt":  {Data: nil},
		"blank.txt":  {Data: []byte(" \n\u3000\n")},
		"binary.txt": {Data: []byte("GIF89a\x00\x00\x01")},
		"ok.txt":     {Data: []byte("題名\n\n2025-01-02\n\n本文。\n")},
	}
	warn := &Warnings{}
	b, err := Read(t.Context(), "text", []Input{{FS: fsys, Path: ".", Display: "in"}}, testOptions(), warn)
	if err != nil {
		t.Fatal(err)
	}
	if len(b.Posts) != 1 || b.Posts[0].Source != "in/ok.txt" {
		t.Errorf("posts %+v", b.Posts)
	}
	var got []string
	for _, w := range warn.Sorted() {
		got = append(got, w.Error.Error())
	}
	want := []string{"in/binary.txt: the file is binary", "in/blank.txt: the file is empty", "in/empty.txt: the file is empty"}
	if len(got) != len(want) {
		t.Fatalf("warnings %q", got)
	}
	for i := range want {
		if !strings.HasPrefix(got[i], want[i]) {
			t.Errorf("warning %q, want it to start with %q", got[i], want[i])
		}
	}
}

func TestApplyIdempotentForceAndDryRun(t *testing.T) {
	res := importDir(t, "text", "text")
	site := t.TempDir()
	w, err := Apply(res.Plan, site, false, true)
	if err != nil || w.Created != len(res.Plan.Files) {
		t.Fatalf("dry run: %+v %v", w, err)
	}
	if entries, _ := os.ReadDir(site); len(entries) != 0 {
		t.Fatalf("dry run wrote %d entries", len(entries))
	}
	if w, err = Apply(res.Plan, site, false, false); err != nil || w.Created != len(res.Plan.Files) {
		t.Fatalf("first run: %+v %v", w, err)
	}
	again := importDir(t, "text", "text")
	if w, err = Apply(again.Plan, site, false, false); err != nil || w.Unchanged != len(res.Plan.Files) || w.Created+w.Replaced != 0 {
		t.Fatalf("second run changed something: %+v %v", w, err)
	}
	edited := filepath.Join(site, filepath.FromSlash(res.Plan.Files[0].Path))
	if err := os.WriteFile(edited, []byte("edited by hand\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	if w, err = Apply(again.Plan, site, false, false); err == nil || len(w.Blocked) != 1 || !strings.Contains(err.Error(), "--force") {
		t.Fatalf("an edited file was not protected: %+v %v", w, err)
	}
	if data, _ := os.ReadFile(edited); string(data) != "edited by hand\n" {
		t.Fatalf("edited file replaced without --force")
	}
	if w, err = Apply(again.Plan, site, true, false); err != nil || w.Replaced != 1 {
		t.Fatalf("--force: %+v %v", w, err)
	}
}

// FuzzReadWXR: no input makes the WXR reader (XML, shortcodes, HTML
// conversion, cleaning) panic.
func FuzzReadWXR(f *testing.F) {
	f.Add(wxrDoc("https://wordpress.org/export/1.2/", wxrItemXML("", "【続編②】件", "a", `[caption]<img src="x">c[/caption][gallery ids="1"][[x]][x/][/y]<!--more--><!--nextpage--><figure><figcaption>f</figcaption></figure><a href="#z">z</a>`)))
	f.Add(wxrDoc("http://wordpress.org/export/1.0/", wxrItemXML("", "t", "%e5", "line\n\nline2\n[embed]u[/embed]")))
	f.Fuzz(func(t *testing.T, doc string) {
		fsys := fstest.MapFS{"e.xml": {Data: []byte(doc)}}
		warn := &Warnings{}
		b, err := Read(t.Context(), "wxr", []Input{{FS: fsys, Path: "e.xml", Display: "e.xml"}}, testOptions(), warn)
		if err != nil {
			t.Fatal(err)
		}
		g := Group(b.Posts, warn)
		if _, err := MakePlan(g, b, testOptions(), warn); err != nil {
			t.Fatal(err)
		}
	})
}

// TestReportInJapanese: the report's headings and counts come from the
// catalog, so a Japanese author reads them in Japanese; the titles and
// paths stay as they are.
func TestReportInJapanese(t *testing.T) {
	res := importDir(t, "text", "text")
	var report bytes.Buffer
	res.WriteReport(&report, &Written{Created: 2, Unchanged: 1}, i18n.New(i18n.Japanese))
	out := report.String()
	for _, want := range []string{"連載  ", "見つかった回", "連載に入らない記事", "古いアドレスはパス（aliases）として残します", "ファイル: 新規 2、変更なし 1、置換 0"} {
		if !strings.Contains(out, want) {
			t.Errorf("report lacks %q:\n%s", want, out)
		}
	}
	for _, english := range []string{"parts found", "articles in no series", "files:", "!import."} {
		if strings.Contains(out, english) {
			t.Errorf("report holds %q:\n%s", english, out)
		}
	}
}

// TestImportCancelled: a cancelled context stops an import with its error
// instead of a partial result.
func TestImportCancelled(t *testing.T) {
	for _, kind := range []string{"text", "wxr", "hatena", "hugo", "jekyll"} {
		t.Run(kind, func(t *testing.T) {
			ctx, cancel := context.WithCancel(t.Context())
			cancel()
			res, err := Import(ctx, kind, []Input{{FS: os.DirFS("testdata"), Path: kind, Display: kind}}, testOptions())
			if !errors.Is(err, context.Canceled) || res != nil {
				t.Errorf("Import with a cancelled context = %v, %v; want nil, context.Canceled", res, err)
			}
		})
	}
}

// TestWXRTitleAsText: WordPress shows a post's title as HTML; rensai's
// titles are text, so tags are dropped (with a warning) and character
// references decoded, while a lone <, > or & is kept as written.
func TestWXRTitleAsText(t *testing.T) {
	tests := []struct{ title, want string }{
		{"<![CDATA[Markup: Title <em>With</em> <b>Mark<sup>up</sup></b>]]>", "Markup: Title With Markup"},
		{"<![CDATA[鍵の件<br/>その後]]>", "鍵の件その後"},
		{`<![CDATA[<span class="x">入館証</span>の返却]]>`, "入館証の返却"},
		{"<![CDATA[Q&amp;Aと&#8220;引用&#8221;]]>", "Q&Aと“引用”"},
		{"<![CDATA[1<2 と 3>2 と AT&T]]>", "1<2 と 3>2 と AT&T"},
		{"派遣先 &lt;A社&gt; の件", "派遣先 <A社> の件"},
	}
	for _, tt := range tests {
		t.Run(tt.want, func(t *testing.T) {
			item := wxrItemXML("", tt.title, "kagi", "<p>本文です。</p>")
			warn := &Warnings{}
			fsys := fstest.MapFS{"export.xml": {Data: []byte(wxrDoc("http://wordpress.org/export/1.2/", item))}}
			b, err := Read(t.Context(), "wxr", []Input{{FS: fsys, Path: "export.xml", Display: "export.xml"}}, testOptions(), warn)
			if err != nil {
				t.Fatal(err)
			}
			if len(b.Posts) != 1 || b.Posts[0].Title != tt.want {
				t.Fatalf("posts %v, want one titled %q", b.Posts, tt.want)
			}
			warned := len(warn.List) == 1 && warn.List[0].Kind == "title"
			if wantWarn := strings.Contains(tt.title, "</") || strings.Contains(tt.title, "/>"); warned != wantWarn {
				t.Errorf("warnings %v; want a title warning: %v", warn.List, wantWarn)
			}
		})
	}
}

// TestHeadingsOnlyWhereTheEditorHadNone: a short standalone line becomes a
// heading where the old blog's editor had no headings (WordPress's classic
// editor, plain text), never where the author marked them: a block-editor
// post's short paragraphs and a Markdown post's short lines stay as
// written (WordPress's test data had "Paragraph block" turned into a
// heading).
func TestHeadingsOnlyWhereTheEditorHadNone(t *testing.T) {
	classic := "前置きです。\n\n対応経緯\n\n鍵は一本しかないと言われました。"
	blocks := "<!-- wp:paragraph -->\n<p>前置きです。</p>\n<!-- /wp:paragraph -->\n\n" +
		"<!-- wp:heading -->\n<h2 class=\"wp-block-heading\">対応経緯</h2>\n<!-- /wp:heading -->\n\n" +
		"<!-- wp:paragraph -->\n<p>次回に続く</p>\n<!-- /wp:paragraph -->\n\n" +
		"<!-- wp:details -->\n<details class=\"wp-block-details\"><summary>経緯を見る</summary><!-- wp:paragraph -->\n<p>隠れていた段落</p>\n<!-- /wp:paragraph --></details>\n<!-- /wp:details -->\n\n" +
		"<!-- wp:paragraph -->\n<p>鍵は一本しかないと言われました。</p>\n<!-- /wp:paragraph -->"
	read := func(kind string, fsys fstest.MapFS, name string) string {
		t.Helper()
		b, err := Read(t.Context(), kind, []Input{{FS: fsys, Path: name, Display: name}}, testOptions(), &Warnings{})
		if err != nil {
			t.Fatal(err)
		}
		if len(b.Posts) != 1 {
			t.Fatalf("%d posts, want 1", len(b.Posts))
		}
		return b.Posts[0].Body
	}
	wxr := func(body string) fstest.MapFS {
		return fstest.MapFS{"export.xml": {Data: []byte(wxrDoc("http://wordpress.org/export/1.2/", wxrItemXML("", "鍵の件", "kagi", body)))}}
	}
	if got := read("wxr", wxr(classic), "export.xml"); !strings.Contains(got, "\n## 対応経緯\n") {
		t.Errorf("classic editor: the short line is no heading:\n%s", got)
	}
	got := read("wxr", wxr(blocks), "export.xml")
	if !strings.Contains(got, "\n## 対応経緯\n") || strings.Contains(got, "## 次回に続く") || !strings.Contains(got, "\n次回に続く\n") {
		t.Errorf("block editor: want its own heading and the short paragraph kept as one:\n%s", got)
	}
	// A <details> block's summary is its bold lead-in, its text a paragraph.
	if !strings.Contains(got, "\n**経緯を見る**\n\n隠れていた段落\n") {
		t.Errorf("block editor: <details> not kept as a bold summary and its text:\n%s", got)
	}
	md := fstest.MapFS{"posts/kagi.md": {Data: []byte("---\ntitle: 鍵の件\ndate: 2025-01-02\n---\n\n前置きです。\n\n次回に続く\n\n鍵は一本しかないと言われました。\n")}}
	if got := read("hugo", md, "posts"); strings.Contains(got, "## ") {
		t.Errorf("Markdown source: a short line became a heading:\n%s", got)
	}
	page := fstest.MapFS{"_posts/2025-01-02-kagi.html": {Data: []byte("---\ntitle: 鍵の件\n---\n<p>前置きです。</p>\n<h2>対応経緯</h2>\n<p>次回に続く</p>\n<p>鍵は一本しかないと言われました。</p>\n")}}
	if got := read("jekyll", page, "."); !strings.Contains(got, "## 対応経緯") || strings.Contains(got, "## 次回に続く") {
		t.Errorf("Jekyll HTML post: want its own heading and the short paragraph kept as one:\n%s", got)
	}
}

// TestModTimeDateNamesItsZone: a text file or saved page without a date
// line is dated by its modification time, read in the site's zone; the
// warning shows that time with its UTC offset, so an author elsewhere can
// tell which clock it is.
func TestModTimeDateNamesItsZone(t *testing.T) {
	mod := time.Date(2019, 8, 29, 2, 22, 33, 0, time.UTC) // 11:22 in Tokyo
	fsys := fstest.MapFS{
		"kagi.txt":  {Data: []byte("鍵を返さない件\n\n本文です。\n"), ModTime: mod},
		"kagi.html": {Data: []byte("<html><head><title>入館証の件</title></head><body><article><h1>入館証の件</h1><p>本文です。</p></article></body></html>"), ModTime: mod},
	}
	warn := &Warnings{}
	b, err := Read(t.Context(), "text", []Input{{FS: fsys, Path: ".", Display: "in"}}, testOptions(), warn)
	if err != nil {
		t.Fatal(err)
	}
	if len(b.Posts) != 2 || !b.Posts[0].Date.Equal(mod) || !b.Posts[1].Date.Equal(mod) {
		t.Fatalf("posts %+v; want two dated %v", b.Posts, mod)
	}
	var got []string
	for _, w := range warn.Sorted() {
		got = append(got, w.Error.Error())
	}
	if len(got) != 2 {
		t.Fatalf("warnings %q; want one for each file", got)
	}
	for _, w := range got {
		if !strings.Contains(w, "modification time 2019-08-29 11:22 +09:00 is used") {
			t.Errorf("warning %q; want the modification time with its offset", w)
		}
	}
}
