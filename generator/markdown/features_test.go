package markdown

import (
	"bytes"
	"encoding/binary"
	"errors"
	"fmt"
	"image"
	"image/color"
	"image/gif"
	"image/jpeg"
	"image/png"
	"io/fs"
	"reflect"
	"strings"
	"testing"
	"testing/fstest"
	"unicode/utf8"

	"github.com/rensai-ssg/rensai/generator/diag"
	"github.com/rensai-ssg/rensai/generator/i18n"
	"github.com/yuin/goldmark"
	"github.com/yuin/goldmark/ast"
	"github.com/yuin/goldmark/parser"
	"github.com/yuin/goldmark/text"
	"github.com/yuin/goldmark/util"
)

func TestRubyPlainText(t *testing.T) {
	src := "# 苦情《くじょう》の記録\n\n## ｜派遣元《はけんもと》の対応\n\n" +
		"|山田《やまだ》さんは《《絶対》》に営業担当《えいぎょうたんとう》だ。\\《括弧》は残る。\n"
	res := render(t, Options{}, src)
	wantText := "苦情の記録\n派遣元の対応\n山田さんは絶対に営業担当だ。《括弧》は残る。"
	if res.Text != wantText {
		t.Errorf("Text = %q, want %q", res.Text, wantText)
	}
	if res.Summary != "山田さんは絶対に営業担当だ。《括弧》は残る。" {
		t.Errorf("Summary = %q, want the paragraph's bases without readings", res.Summary)
	}
	if len(res.TOC) != 1 || res.TOC[0].Text != "派遣元の対応" || res.TOC[0].ID != "派遣元の対応" {
		t.Errorf("TOC = %+v", res.TOC)
	}
	wantReadings := []Reading{
		{"苦情", "くじょう"}, {"派遣元", "はけんもと"}, {"山田", "やまだ"}, {"営業担当", "えいぎょうたんとう"},
	}
	if !reflect.DeepEqual(res.Readings, wantReadings) {
		t.Errorf("Readings = %v, want %v", res.Readings, wantReadings)
	}
}

func TestSummaryBreak(t *testing.T) {
	tests := []struct {
		name        string
		src         string
		wantSummary string
		wantExcerpt bool
	}{
		{"block break", "一段落目。\n\n二段落目。\n\n<!--more-->\n\n三段落目。", "一段落目。 二段落目。", true},
		{"break inside a paragraph", "前。<!--more-->後。\n\n次。", "前。後。", true},
		{"no break", "一文目。二文目。", "一文目。二文目。", false},
		{"break at the top", "<!--more-->\n\n本文。", "", true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			for _, unsafe := range []bool{false, true} {
				res := render(t, Options{Unsafe: unsafe}, tt.src)
				if res.Summary != tt.wantSummary || res.Excerpt != tt.wantExcerpt {
					t.Errorf("unsafe=%v: Summary %q, Excerpt %v; want %q, %v", unsafe, res.Summary, res.Excerpt, tt.wantSummary, tt.wantExcerpt)
				}
				if strings.Contains(res.HTML, "more") || strings.Contains(res.HTML, "omitted") {
					t.Errorf("unsafe=%v: the break is written: %s", unsafe, res.HTML)
				}
			}
		})
	}
}

// TestEmptyCommentIsNoBreak: <!--> and <!---> are whole comments whose
// opening and closing overlap; they are not a summary break, and reading
// them once panicked (found by FuzzRender).
func TestEmptyCommentIsNoBreak(t *testing.T) {
	for _, src := range []string{"前。<!-->more\n\n次。", "前。<!--->\n\n次。", "<!-->\n"} {
		for _, unsafe := range []bool{false, true} {
			res, err := New(Options{Unsafe: unsafe}).Render("posts/a.md", []byte(src), 1)
			if err != nil {
				t.Fatalf("%q unsafe=%v: %v", src, unsafe, err)
			}
			if res.Excerpt {
				t.Errorf("%q unsafe=%v: read as a summary break", src, unsafe)
			}
		}
	}
}

func TestControlCharacters(t *testing.T) {
	tests := []struct {
		name      string
		src       string
		wantHTML  string
		wantLines []int
	}{
		{"bell and escape", "一行目\x07\n\n二行目\x1b[0m\n", "<p>一行目</p>\n<p>二行目[0m</p>\n", []int{3, 5}},
		{"delete and nul on one line", "a\x7fb\x00c\n", "<p>abc</p>\n", []int{3}},
		{"lone surrogate", "絵\xed\xa0\xbd文字\n", "<p>絵文字</p>\n", []int{3}},
		{"tab, CR and LF stay", "a\tb\r\nc\n", "<p>a\tb\nc</p>\n", nil},
	}
	// CheckedUTF8 (the source is known to be UTF-8) changes nothing for
	// the sources that are.
	for _, tt := range tests {
		for _, checked := range []bool{false, true} {
			if checked && !utf8.ValidString(tt.src) {
				continue
			}
			testControlCharacters(t, tt.name, tt.src, tt.wantHTML, tt.wantLines, Options{CheckedUTF8: checked})
		}
	}
}

func testControlCharacters(t *testing.T, name, src, wantHTML string, wantLines []int, opts Options) {
	t.Run(fmt.Sprintf("%s, checked UTF-8 %v", name, opts.CheckedUTF8), func(t *testing.T) {
		res, err := New(opts).Render("content/posts/a.md", []byte(src), 3)
		if err != nil {
			t.Fatal(err)
		}
		if res.HTML != wantHTML {
			t.Errorf("HTML = %q, want %q", res.HTML, wantHTML)
		}
		var lines []int
		for _, w := range res.Warnings {
			if w.Severity != diag.SevWarning || w.Path != "content/posts/a.md" {
				t.Errorf("warning %v: want a warning in content/posts/a.md", w)
			}
			lines = append(lines, w.Line)
		}
		if !reflect.DeepEqual(lines, wantLines) {
			t.Errorf("warning lines %v, want %v", lines, wantLines)
		}
	})
}

func TestControlCharactersManyLines(t *testing.T) {
	src := strings.Repeat("x\x01\n", 25)
	res, err := New(Options{}).Render("content/posts/a.md", []byte(src), 1)
	if err != nil {
		t.Fatal(err)
	}
	if len(res.Warnings) != maxControlWarnings+1 || !strings.Contains(res.Warnings[maxControlWarnings].Msg, "15 more lines") {
		t.Errorf("got %d warnings, last %v; want %d and a count of 15 more", len(res.Warnings), res.Warnings[len(res.Warnings)-1], maxControlWarnings+1)
	}
}

// encodeImage returns a 3x2 image in the given format.
func encodeImage(t *testing.T, format string) []byte {
	t.Helper()
	img := image.NewPaletted(image.Rect(0, 0, 3, 2), color.Palette{color.Black, color.White})
	var b bytes.Buffer
	var err error
	switch format {
	case "png":
		err = png.Encode(&b, img)
	case "jpeg":
		err = jpeg.Encode(&b, img, nil)
	case "gif":
		err = gif.Encode(&b, img, nil)
	case "webp":
		// A lossless WebP header: Go has no WebP encoder.
		bits := uint32(3-1) | uint32(2-1)<<14
		chunk := append([]byte{0x2f}, binary.LittleEndian.AppendUint32(nil, bits)...)
		body := append([]byte("WEBPVP8L"), binary.LittleEndian.AppendUint32(nil, uint32(len(chunk)))...)
		body = append(body, chunk...)
		b.WriteString("RIFF")
		b.Write(binary.LittleEndian.AppendUint32(nil, uint32(len(body))))
		b.Write(body)
	}
	if err != nil {
		t.Fatal(err)
	}
	return b.Bytes()
}

func TestImageSizes(t *testing.T) {
	site := fstest.MapFS{
		"static/img/a.png":              {Data: encodeImage(t, "png")},
		"static/img/b.jpg":              {Data: encodeImage(t, "jpeg")},
		"content/posts/c.gif":           {Data: encodeImage(t, "gif")},
		"content/posts/x/d.webp":        {Data: encodeImage(t, "webp")},
		"content/posts/e.svg":           {Data: []byte(`<?xml version="1.0"?><svg xmlns="http://www.w3.org/2000/svg" width="30px" height="20"/>`)},
		"content/posts/f.svg":           {Data: []byte(`<svg xmlns="http://www.w3.org/2000/svg" width="100%" viewBox="0 0 64.4 48"></svg>`)},
		"content/posts/bundle/index.md": {Data: []byte("x")},
		"content/posts/bundle/g.png":    {Data: encodeImage(t, "png")},
		"content/posts/data.bin":        {Data: []byte("not an image")},
	}
	tests := []struct {
		name, article, src, want string
	}{
		{"png from static", "content/posts/x.md", "![](/img/a.png)", `<img src="/repo/img/a.png" alt="" width="3" height="2">`},
		{"bundle image by its URL", "content/posts/x.md", "![](/posts/bundle/g.png)", `<img src="/repo/posts/bundle/g.png" alt="" width="3" height="2">`},
		{"jpeg from static", "content/posts/x.md", "![](/img/b.jpg)", `width="3" height="2"`},
		{"gif beside the article", "content/posts/x.md", "![](c.gif)", `<img src="c.gif" alt="" width="3" height="2">`},
		{"webp in the article's folder", "content/posts/x.md", "![](d.webp)", `width="3" height="2"`},
		{"svg width and height", "content/posts/x.md", "![](e.svg)", `width="30" height="20"`},
		{"svg viewBox", "content/posts/x.md", "![](f.svg)", `width="64" height="48"`},
		{"bundle index", "content/posts/bundle/index.md", "![](g.png)", `width="3" height="2"`},
		{"escaped name", "content/posts/x.md", "![](%63.gif)", `width="3" height="2"`},
		{"unknown format has no size", "content/posts/x.md", "![](data.bin)", `<img src="data.bin" alt="">`},
		{"external image is not read", "content/posts/x.md", "![](https://example.com/a.png)", `<img src="https://example.com/a.png" alt="">`},
	}
	r := New(Options{BasePath: "/repo/", Files: site})
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			res, err := r.Render(tt.article, []byte(tt.src), 1)
			if err != nil {
				t.Fatal(err)
			}
			if !strings.Contains(res.HTML, tt.want) {
				t.Errorf("got %s, want %s", res.HTML, tt.want)
			}
		})
	}
}

func TestImageReads(t *testing.T) {
	site := fstest.MapFS{
		"static/b.png":        {Data: encodeImage(t, "png")},
		"content/posts/a.png": {Data: encodeImage(t, "png")},
	}
	res, err := New(Options{Files: site}).Render("content/posts/x.md", []byte("![](/b.png) ![](a.png) ![](/b.png) ![](https://example.com/c.png)"), 1)
	if err != nil {
		t.Fatal(err)
	}
	if want := []string{"content/posts/a.png", "static/b.png"}; !reflect.DeepEqual(res.Reads, want) {
		t.Errorf("Reads = %q, want %q", res.Reads, want)
	}
	if res.Missed != nil {
		t.Errorf("Missed = %q, want none (each image found in its first place)", res.Missed)
	}
}

// TestImageMissed: the places an image was looked for before the one it
// was found in are in Result.Missed, since an image put there later would
// be the one shown.
func TestImageMissed(t *testing.T) {
	site := fstest.MapFS{
		"content/b.png":         {Data: encodeImage(t, "png")},
		"content/posts/x/a.png": {Data: encodeImage(t, "png")},
	}
	res, err := New(Options{Files: site}).Render("content/posts/x.md", []byte("![](a.png) ![](/b.png)"), 1)
	if err != nil {
		t.Fatal(err)
	}
	if want := []string{"content/b.png", "content/posts/x/a.png"}; !reflect.DeepEqual(res.Reads, want) {
		t.Errorf("Reads = %q, want %q", res.Reads, want)
	}
	if want := []string{"content/posts/a.png", "static/b.png"}; !reflect.DeepEqual(res.Missed, want) {
		t.Errorf("Missed = %q, want %q", res.Missed, want)
	}
	if w, h, err := ImageSize(site, "content/b.png"); err != nil || w == 0 || h == 0 {
		t.Errorf("ImageSize = %d, %d, %v", w, h, err)
	}
	if _, _, err := ImageSize(site, "content/none.png"); !errors.Is(err, fs.ErrNotExist) {
		t.Errorf("ImageSize of a missing file: %v, want fs.ErrNotExist", err)
	}
}

func TestMissingImage(t *testing.T) {
	r := New(Options{Files: fstest.MapFS{}})
	_, err := r.Render("content/posts/x.md", []byte("本文\n\n![図](fig.png)\n\n![](/img/none.png)"), 4)
	list := diag.Collect(err)
	if len(list) != 2 {
		t.Fatalf("got %v, want two errors", err)
	}
	if list[0].Path != "content/posts/x.md" || list[0].Line != 6 ||
		!strings.Contains(list[0].Msg, "content/posts/fig.png, content/posts/x/fig.png") {
		t.Errorf("first error %v", list[0])
	}
	if list[1].Line != 8 || !strings.Contains(list[1].Msg, "static/img/none.png") {
		t.Errorf("second error %v", list[1])
	}
}

// fileMaker is an extender that adds one file per fenced block in the
// language "file", named by the block's first line.
type fileMaker struct{}

func (fileMaker) Extend(m goldmark.Markdown) {
	m.Parser().AddOptions(parser.WithASTTransformers(util.Prioritized(fileMaker{}, 900)))
}

func (fileMaker) Transform(doc *ast.Document, r text.Reader, pc parser.Context) {
	src := r.Source()
	_ = ast.Walk(doc, func(n ast.Node, entering bool) (ast.WalkStatus, error) {
		if f, ok := n.(*ast.FencedCodeBlock); ok && entering && string(f.Language(src)) == "file" {
			seg := f.Lines().At(0)
			AddFile(pc, strings.TrimSpace(string(seg.Value(src))), []byte("data"))
		}
		return ast.WalkContinue, nil
	})
}

func TestExtraExtenderAddsFiles(t *testing.T) {
	r := New(Options{}, fileMaker{})
	res, err := r.Render("content/posts/a.md", []byte("```file\nz.txt\n```\n\n```file\na.txt\n```\n\n```file\nz.txt\n```\n"), 1)
	if err != nil {
		t.Fatal(err)
	}
	want := []File{{"a.txt", []byte("data")}, {"z.txt", []byte("data")}}
	if !reflect.DeepEqual(res.Files, want) {
		t.Errorf("Files = %v, want %v", res.Files, want)
	}
	AddFile(parser.NewContext(), "x", nil) // outside Render: no effect, no panic
}

// TestRemoteImageWarning: an image of another host is warned of at its
// line, with the link that would make it local; the site's own host,
// local paths and data: URLs are not.
func TestRemoteImageWarning(t *testing.T) {
	r := New(Options{Host: "example.jp"})
	tests := []struct {
		name, article, src string
		want               []string // "line: message part", in order
	}{
		{"another host", "content/posts/x.md", "本文\n\n![鍵](https://img.example.org/up/photo.jpg)",
			[]string{"5: the image https://img.example.org/up/photo.jpg is on another host (img.example.org): readers' browsers will request it from there, and it breaks when that host goes; save it in the article's folder and link it as x/photo.jpg"}},
		{"protocol-relative", "content/posts/x.md", "![](//cdn.example.net/a.png)", []string{"3: the image //cdn.example.net/a.png is on another host (cdn.example.net)"}},
		{"a bundle links its own folder", "content/posts/b/index.md", "![](http://old.example.jp/a.gif)", []string{"link it as a.gif"}},
		{"the site's own host", "content/posts/x.md", "![](https://EXAMPLE.jp/img/a.png)", nil},
		{"local and data", "content/posts/x.md", "![](a.png) ![](/img/b.png) ![](data:image/png;base64,AAAA)", nil},
		{"a link is no image", "content/posts/x.md", "[写真](https://img.example.org/a.png)", nil},
		{"many", "content/posts/x.md", strings.Repeat("![](https://img.example.org/a.png)\n\n", 7),
			[]string{"3: ", "5: ", "7: ", "9: ", "11: ", "13: more images of other hosts follow in this article"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			res, err := r.Render(tt.article, []byte(tt.src), 3)
			if err != nil {
				t.Fatal(err)
			}
			if len(res.Warnings) != len(tt.want) {
				t.Fatalf("warnings %v, want %d", res.Warnings, len(tt.want))
			}
			for i, w := range res.Warnings {
				got := fmt.Sprintf("%d: %s", w.Line, w.Msg)
				if w.Path != tt.article || w.Key == "" || !strings.Contains(got, tt.want[i]) {
					t.Errorf("warning %d = %s:%s, want %q", i, w.Path, got, tt.want[i])
				}
			}
		})
	}
	res, err := r.Render("content/posts/x.md", []byte("![](https://img.example.org/a/b.png)"), 1)
	if err != nil || len(res.Warnings) != 1 {
		t.Fatalf("%v %v", res, err)
	}
	if got := res.Warnings[0].Text(i18n.Japanese); !strings.Contains(got, "画像 https://img.example.org/a/b.png は別のホスト（img.example.org）にあります。読者のブラウザーはそこへ取りに行き") || !strings.Contains(got, "x/b.png とリンクしてください") {
		t.Errorf("in Japanese: %s", got)
	}
}
