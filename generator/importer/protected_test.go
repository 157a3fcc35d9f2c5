package importer

import (
	"fmt"
	"strings"
	"testing"
	"testing/fstest"

	"github.com/rensai-ssg/rensai/generator/content"
	"github.com/rensai-ssg/rensai/generator/i18n"
)

// A post its author kept behind a password on WordPress is imported as a
// draft, since a static site cannot ask for the password and would show
// the text to anyone; the password is written nowhere, and the report
// says so.
func TestPasswordProtectedPostsBecomeDrafts(t *testing.T) {
	item := func(id int, password string) string {
		return fmt.Sprintf("<item><title>投稿%d</title><link>https://old.example.jp/p%d/</link>"+
			"<content:encoded><![CDATA[<p>本文%d</p>]]></content:encoded><wp:post_id>%d</wp:post_id>"+
			"<wp:post_date>2025-01-0%d 03:04:05</wp:post_date><wp:post_name>p%d</wp:post_name>"+
			"<wp:status>publish</wp:status><wp:post_type>post</wp:post_type><wp:post_password>%s</wp:post_password></item>\n", id, id, id, id, id, id, password)
	}
	doc := `<?xml version="1.0" encoding="UTF-8"?>` + "\n" +
		`<rss version="2.0" xmlns:content="http://purl.org/rss/1.0/modules/content/" xmlns:wp="http://wordpress.org/export/1.2/"><channel><title>t</title>` + "\n" +
		item(1, "") + item(2, "himitsu-123") + "</channel></rss>\n"
	fsys := fstest.MapFS{"export.xml": {Data: []byte(doc)}}
	res, err := Import(t.Context(), "wxr", []Input{{FS: fsys, Path: "export.xml", Display: "export.xml"}}, testOptions())
	if err != nil {
		t.Fatal(err)
	}
	drafts := map[string]bool{}
	for _, f := range res.Plan.Files {
		if strings.Contains(string(f.Data), "himitsu") {
			t.Errorf("%s holds the password:\n%s", f.Path, f.Data)
		}
		if !strings.HasSuffix(f.Path, ".md") || strings.HasPrefix(f.Path, "content/series/") {
			continue
		}
		a, err := content.Parse(strings.TrimPrefix(f.Path, "content/"), f.Data, content.LoadOptions{Taxonomies: []string{"tags"}})
		if err != nil {
			t.Fatal(err)
		}
		drafts[strings.TrimSpace(string(a.Body))] = a.Draft
	}
	if len(drafts) != 2 || drafts["本文1"] || !drafts["本文2"] {
		t.Errorf("draft by body %v, want only the protected 本文2", drafts)
	}
	var protected []string
	for _, w := range res.Warnings {
		if w.Kind == "protected" {
			protected = append(protected, fmt.Sprintf("%s:%d: %s", w.Path, w.Line, w.Text(i18n.English)))
		}
	}
	if len(protected) != 1 || !strings.HasPrefix(protected[0], "export.xml:4: post 2 was password-protected") {
		t.Errorf("protected warnings %q", protected)
	}
}
