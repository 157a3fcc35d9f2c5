package importer

import (
	"fmt"
	"reflect"
	"strings"
	"testing"
	"testing/fstest"
	"time"

	"github.com/rensai-ssg/rensai/generator/content"
)

// A Hugo or Jekyll post's front-matter keys that the import does not turn
// into rensai's own reach the new file under params:, where templates read
// them as before; nothing is dropped but Jekyll's layout.
func TestImportKeepsOtherKeysUnderParams(t *testing.T) {
	tests := []struct {
		name, kind, file, src string
		want                  map[string]any
		top                   map[string]bool // keys rensai reads that must (true) or must not (false) be set
	}{
		{"hugo custom keys and params", "hugo", "content/posts/a.md",
			"---\ntitle: 題\ndate: 2024-01-02\nmood: 晴れ\ntoc: true\nkeywords: [派遣, 営業]\nparams:\n  rating: 4\n  mood: 曇り\nsummary: 要約\ndescription: 説明\n---\n本文\n",
			map[string]any{"mood": "曇り", "toc": true, "keywords": []any{"派遣", "営業"}, "rating": 4, "description": "説明"},
			map[string]bool{"summary": true}},
		{"hugo description as the summary, weight as the part", "hugo", "content/posts/b.md",
			"+++\ntitle = \"題\"\ndate = 2024-01-02\ndescription = \"説明\"\nseries = [\"連載\"]\nweight = 2\nlinkTitle = \"短い題\"\ncount = 3\nvisited = 2024-05-06\n[params]\nsubtitle = \"副題\"\n+++\n本文\n",
			map[string]any{"linkTitle": "短い題", "subtitle": "副題", "count": 3, "visited": "2024-05-06"},
			map[string]bool{"summary": true, "part": true}},
		{"hugo nothing left", "hugo", "content/posts/c.md",
			"---\ntitle: 題\ndate: 2024-01-02\ntags: [a]\n---\n本文\n", nil, nil},
		{"jekyll custom keys, layout dropped", "jekyll", "_posts/2024-01-02-d.md",
			"---\nlayout: post\ntitle: 題\nmood: 晴れ\ncomments: false\nexcerpt: 要約\ndescription: 説明\n---\n本文\n",
			map[string]any{"mood": "晴れ", "comments": false, "description": "説明"},
			map[string]bool{"summary": true}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			fsys := fstest.MapFS{tt.file: {Data: []byte(tt.src)}}
			res, err := Import(t.Context(), tt.kind, []Input{{FS: fsys, Path: ".", Display: "old"}}, testOptions())
			if err != nil {
				t.Fatal(err)
			}
			var a *content.Article
			for _, f := range res.Plan.Files {
				if !strings.HasPrefix(f.Path, "content/series/") && strings.HasSuffix(f.Path, ".md") {
					if a, err = content.Parse(strings.TrimPrefix(f.Path, "content/"), f.Data, content.LoadOptions{Taxonomies: []string{"tags"}}); err != nil {
						t.Fatalf("%s: %v\n%s", f.Path, err, f.Data)
					}
					t.Logf("%s:\n%s", f.Path, f.Data)
				}
			}
			if a == nil {
				t.Fatalf("no article among %d files", len(res.Plan.Files))
			}
			got := map[string]any{}
			for k, v := range a.Params {
				if _, top := a.Lines[k]; !top {
					got[k] = v // the keys under params:
				}
			}
			delete(got, "imported_from") // the import's own note (TestImportNotesGoUnderParams)
			if len(tt.want) == 0 && len(got) == 0 {
				got = nil
			}
			if !reflect.DeepEqual(got, tt.want) {
				t.Errorf("under params: %#v, want %#v", got, tt.want)
			}
			for k, set := range tt.top {
				if _, ok := a.Lines[k]; ok != set {
					t.Errorf("top-level %s set: %v, want %v", k, ok, set)
				}
			}
			if _, ok := a.Params["layout"]; ok {
				t.Errorf("Jekyll's layout kept: %#v", a.Params["layout"])
			}
		})
	}
}

// FuzzHugoFrontMatter: whatever a Hugo post's front matter holds, the
// import does not panic, and every file it writes reads back with
// content.Parse.
func FuzzHugoFrontMatter(f *testing.F) {
	f.Add("title: 題\ndate: 2024-01-02\nmood: 晴れ\nparams:\n  a: [1, 2.5, {b: null}]\n")
	f.Add("title: 題\ndate: 2024-01-02\nx: .nan\ny: -.inf\n2025: 前年\n\"<<\": z\n")
	f.Add("title: 題\nparams: 3\nz: !!binary aGk=\n")
	f.Fuzz(func(t *testing.T, fm string) {
		// A post without a date takes its file's, as on a disk.
		fsys := fstest.MapFS{"posts/a.md": {Data: []byte("---\n" + fm + "\n---\n本文\n"), ModTime: time.Date(2024, 1, 2, 3, 4, 5, 0, time.UTC)}}
		res, err := Import(t.Context(), "hugo", []Input{{FS: fsys, Path: ".", Display: "old"}}, testOptions())
		if err != nil {
			return // an unreadable front matter is reported, not written
		}
		for _, file := range res.Plan.Files {
			if !strings.HasSuffix(file.Path, ".md") {
				continue
			}
			if _, err := content.Parse(strings.TrimPrefix(file.Path, "content/"), file.Data, content.LoadOptions{Taxonomies: []string{"tags"}}); err != nil {
				t.Errorf("%s does not read back: %v\n%s", file.Path, err, file.Data)
			}
		}
	})
}

// importedArticles parses every article file of an import's plan, as the
// build would read it.
func importedArticles(t *testing.T, res *Result) map[string]*content.Article {
	t.Helper()
	out := map[string]*content.Article{}
	for _, f := range res.Plan.Files {
		if strings.HasPrefix(f.Path, "content/series/") || !strings.HasSuffix(f.Path, ".md") {
			continue
		}
		a, err := content.Parse(strings.TrimPrefix(f.Path, "content/"), f.Data, content.LoadOptions{Taxonomies: []string{"tags"}})
		if err != nil {
			t.Fatalf("%s: %v\n%s", f.Path, err, f.Data)
		}
		t.Logf("%s:\n%s", f.Path, f.Data)
		out[f.Path] = a
	}
	return out
}

// What the import notes that rensai does not read itself (the author,
// WordPress's sticky flag, a part's whole old title, the item it came
// from) is written under params:, never at the top level, where a later
// rensai key could take its name; templates read it as .Article.Params.
func TestImportNotesGoUnderParams(t *testing.T) {
	item := func(id int, title, slug string) string {
		return fmt.Sprintf(`<item><title>%s</title><link>https://old.example.jp/%s/</link>`+
			`<dc:creator><![CDATA[eigyo]]></dc:creator><content:encoded><![CDATA[<p>本文です。</p>]]></content:encoded>`+
			`<wp:post_id>%d</wp:post_id><wp:post_date>2025-01-0%d 03:04:05</wp:post_date><wp:post_name>%s</wp:post_name>`+
			`<wp:status>publish</wp:status><wp:post_type>post</wp:post_type><wp:is_sticky>1</wp:is_sticky></item>`, title, slug, id, id, slug)
	}
	doc := `<?xml version="1.0" encoding="UTF-8"?><rss version="2.0" xmlns:content="http://purl.org/rss/1.0/modules/content/"` +
		` xmlns:dc="http://purl.org/dc/elements/1.1/" xmlns:wp="http://wordpress.org/export/1.2/"><channel><title>t</title>` +
		item(1, "入館証の件（1）", "nyukan-1") + item(2, "入館証の件（2）", "nyukan-2") + `</channel></rss>`
	res, err := Import(t.Context(), "wxr", []Input{{FS: fstest.MapFS{"export.xml": {Data: []byte(doc)}}, Path: "export.xml", Display: "export.xml"}}, testOptions())
	if err != nil {
		t.Fatal(err)
	}
	arts := importedArticles(t, res)
	if len(arts) != 2 {
		t.Fatalf("%d articles, want 2", len(arts))
	}
	titles := map[string]bool{}
	for path, a := range arts {
		if a.Series != "入館証の件" {
			t.Errorf("%s: series %q, want 入館証の件", path, a.Series)
		}
		for _, k := range []string{"author", "sticky", "original_title", "imported_from"} {
			if line, top := a.Lines[k]; top {
				t.Errorf("%s: %s at the top level (line %d), want it under params:", path, k, line)
			}
		}
		if a.Params["author"] != "eigyo" || a.Params["sticky"] != true {
			t.Errorf("%s: params author %#v, sticky %#v", path, a.Params["author"], a.Params["sticky"])
		}
		if from, _ := a.Params["imported_from"].(string); !strings.HasPrefix(from, "wxr: export.xml") {
			t.Errorf("%s: imported_from %#v", path, a.Params["imported_from"])
		}
		title, _ := a.Params["original_title"].(string)
		titles[title] = true
	}
	if !titles["入館証の件（1）"] || !titles["入館証の件（2）"] {
		t.Errorf("original titles %v", titles)
	}
}

// A note a Hugo post already had under params: keeps the post's value; only
// imported_from always names this import's source.
func TestImportNotesKeepTheOldParams(t *testing.T) {
	src := "---\ntitle: 題\ndate: 2024-01-02\nauthor: 新しい名前\nparams:\n  author: 前の名前\n  imported_from: 別の道具\n---\n本文\n"
	res, err := Import(t.Context(), "hugo", []Input{{FS: fstest.MapFS{"content/posts/a.md": {Data: []byte(src)}}, Path: ".", Display: "old"}}, testOptions())
	if err != nil {
		t.Fatal(err)
	}
	for path, a := range importedArticles(t, res) {
		if a.Params["author"] != "前の名前" {
			t.Errorf("%s: author %#v, want the params table's 前の名前", path, a.Params["author"])
		}
		if a.Params["imported_from"] != "hugo: old/content/posts/a.md" {
			t.Errorf("%s: imported_from %#v", path, a.Params["imported_from"])
		}
	}
}

// Hugo ignores the case of front-matter keys, and its older documentation
// wrote publishdate and expirydate: the import reads them in any case. A
// spelling beside the exact one is kept under params: and read by neither.
func TestHugoKeysInAnyCase(t *testing.T) {
	src := "---\nTitle: 大文字の題\nDate: 2024-01-02\nTags: [入館証]\nexpirydate: 2025-01-01\nSlug: kagi\nDRAFT: true\ndraft: false\n---\n本文\n"
	opts := testOptions()
	opts.Now = time.Date(2026, 6, 1, 0, 0, 0, 0, time.UTC)
	res, err := Import(t.Context(), "hugo", []Input{{FS: fstest.MapFS{"content/posts/a.md": {Data: []byte(src)}}, Path: ".", Display: "old"}}, opts)
	if err != nil {
		t.Fatal(err)
	}
	arts := importedArticles(t, res)
	if len(arts) != 1 {
		t.Fatalf("%d articles", len(arts))
	}
	for path, a := range arts {
		if a.Title != "大文字の題" || a.Slug != "kagi" || len(a.Taxonomies["tags"]) != 1 || a.Date.Year() != 2024 {
			t.Errorf("%s: title %q, slug %q, tags %v, date %v", path, a.Title, a.Slug, a.Taxonomies["tags"], a.Date)
		}
		if !a.Draft { // expired by expirydate, although draft: false
			t.Errorf("%s: not a draft, but its expirydate has passed", path)
		}
		if a.Params["DRAFT"] != true {
			t.Errorf("%s: the second spelling DRAFT is not kept under params: %#v", path, a.Params)
		}
		for _, k := range []string{"Title", "Date", "Tags", "expirydate", "Slug"} {
			if _, kept := a.Params[k]; kept {
				t.Errorf("%s: %s kept under params although it was read", path, k)
			}
		}
	}
}
