package importer

import (
	"fmt"
	"slices"
	"strconv"
	"strings"
	"testing"
	"testing/fstest"
	"time"

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
	}
	for _, a := range importedArticles(t, res) {
		drafts[strings.TrimSpace(string(a.Body))] = a.Draft
	}
	if len(drafts) != 2 || drafts["本文1"] || !drafts["本文2"] {
		t.Errorf("draft by body %v, want only the protected 本文2", drafts)
	}
	protected := warningsOf(res, "protected")
	if len(protected) != 1 || !strings.HasPrefix(protected[0], "export.xml:4: post 2 was password-protected") {
		t.Errorf("protected warnings %q", protected)
	}
}

// A Hugo post that Hugo keeps off the site although it is no draft (its
// expiryDate has passed, its build options say render: never, it is a
// headless bundle) is imported as a draft with a warning, so that its
// text does not appear where the author took it down; an expiryDate still
// to come is only a warning.
func TestHugoUnpublishedPostsBecomeDrafts(t *testing.T) {
	fm := func(extra string) *fstest.MapFile {
		return &fstest.MapFile{Data: []byte("---\ntitle: 題\ndate: 2024-01-02\n" + extra + "---\n本文\n")}
	}
	fsys := fstest.MapFS{
		"content/posts/expired.md":       fm("expiryDate: 2025-01-01\n"),
		"content/posts/render-never.md":  fm("build:\n  render: never\n  list: never\n"),
		"content/posts/old-build.md":     fm("_build:\n  render: false\n"),
		"content/posts/bundle/index.md":  fm("headless: true\n"),
		"content/posts/expires-later.md": fm("expiryDate: 2030-01-01\n"),
		"content/posts/plain.md":         fm(""),
		"content/posts/draft-expired.md": fm("draft: true\nexpiryDate: 2025-01-01\n"),
		"content/posts/publish-later.md": fm("publishDate: 2027-03-04\n"),
	}
	opts := testOptions()
	opts.Now = time.Date(2026, 6, 1, 0, 0, 0, 0, time.UTC)
	res, err := Import(t.Context(), "hugo", []Input{{FS: fsys, Path: ".", Display: "old"}}, opts)
	if err != nil {
		t.Fatal(err)
	}
	drafts := map[string]bool{}
	for path, a := range importedArticles(t, res) {
		from, _ := a.Params["imported_from"].(string)
		if strings.HasSuffix(from, "/publish-later.md") && a.Date.Format("2006-01-02") != "2027-03-04" {
			t.Errorf("a post to be published later is dated %v, not its publishDate", a.Date)
		}
		drafts[strings.TrimPrefix(from, "hugo: old/content/posts/")] = a.Draft
		if strings.HasSuffix(from, "/expired.md") && !slices.ContainsFunc(a.Aliases, func(u string) bool { return strings.HasSuffix(u, "/posts/expired/") }) {
			t.Errorf("the expired post lost its old address: aliases %q", a.Aliases)
		}
		for _, k := range []string{"build", "_build", "headless"} {
			if _, kept := a.Params[k]; kept {
				t.Errorf("%s keeps Hugo's %s under params", path, k)
			}
		}
	}
	want := map[string]bool{"expired.md": true, "render-never.md": true, "old-build.md": true, "bundle/index.md": true,
		"expires-later.md": false, "plain.md": false, "draft-expired.md": true, "publish-later.md": false}
	for name, draft := range want {
		if got, ok := drafts[name]; !ok || got != draft {
			t.Errorf("%s: draft %v (imported %v), want %v", name, got, ok, draft)
		}
	}
	warnings := warningsOf(res, "unpublished")
	wantWarnings := []string{
		"old/content/posts/bundle/index.md:1: Hugo does not publish this post (headless: true)",
		"old/content/posts/expired.md:1: Hugo does not publish this post (expiryDate: 2025-01-01)",
		"old/content/posts/expires-later.md:1: its expiryDate 2030-01-01 is still to come",
		"old/content/posts/old-build.md:1: Hugo does not publish this post (_build.render: false)",
		"old/content/posts/publish-later.md:1: its publishDate 2027-03-04 00:00 +09:00 is still to come",
		"old/content/posts/render-never.md:1: Hugo does not publish this post (build.render: never)",
	}
	if len(warnings) != len(wantWarnings) {
		t.Fatalf("warnings %q, want %d", warnings, len(wantWarnings))
	}
	for i, w := range wantWarnings {
		if !strings.HasPrefix(warnings[i], w) {
			t.Errorf("warning %q, want it to start %q", warnings[i], w)
		}
	}
}

// A scheduled WordPress post (status future) stays scheduled: it is no
// draft, dated later, so every build leaves it out until its time and the
// next one after publishes it. One whose time has passed unpublished (a
// missed schedule) is a draft with a warning.
func TestScheduledWordPressPosts(t *testing.T) {
	item := func(id int, date string) string {
		return fmt.Sprintf("<item><title>予約%d</title><link>https://old.example.jp/?p=%d</link>"+
			"<content:encoded><![CDATA[<p>本文%d</p>]]></content:encoded><wp:post_id>%d</wp:post_id>"+
			"<wp:post_date_gmt>%s</wp:post_date_gmt><wp:post_name>p%d</wp:post_name>"+
			"<wp:status>future</wp:status><wp:post_type>post</wp:post_type></item>\n", id, id, id, id, date, id)
	}
	doc := `<?xml version="1.0" encoding="UTF-8"?>` + "\n" +
		`<rss version="2.0" xmlns:content="http://purl.org/rss/1.0/modules/content/" xmlns:wp="http://wordpress.org/export/1.2/"><channel><title>t</title>` + "\n" +
		item(1, "2030-01-07 00:00:00") + item(2, "2025-01-07 00:00:00") + "</channel></rss>\n"
	opts := testOptions()
	opts.Now = time.Date(2026, 6, 1, 0, 0, 0, 0, time.UTC)
	res, err := Import(t.Context(), "wxr", []Input{{FS: fstest.MapFS{"export.xml": {Data: []byte(doc)}}, Path: "export.xml", Display: "export.xml"}}, opts)
	if err != nil {
		t.Fatal(err)
	}
	got := map[string]string{}
	for _, a := range importedArticles(t, res) {
		got[strings.TrimSpace(string(a.Body))] = fmt.Sprintf("draft %v, %s, aliases %q", a.Draft, a.Date.UTC().Format("2006-01-02"), a.Aliases)
	}
	want := map[string]string{
		"本文1": "draft false, 2030-01-07, aliases []",
		"本文2": "draft true, 2025-01-07, aliases []",
	}
	for body, w := range want {
		if got[body] != w {
			t.Errorf("%s: %s, want %s", body, got[body], w)
		}
	}
	missed := warningsOf(res, "status")
	if len(missed) != 1 || !strings.HasPrefix(missed[0], "export.xml:4: post 2 was scheduled for 2025-01-07 09:00 +09:00, but WordPress never published it") {
		t.Errorf("status warnings %q", missed)
	}
}

// An MT-format (はてな) entry is published only when its STATUS says so:
// Future stays scheduled while its date is to come, and any status the
// import does not know is a draft with a warning, so that what the old
// blog did not show is not published here.
func TestMTStatuses(t *testing.T) {
	var src strings.Builder
	for i, e := range []struct{ status, date string }{
		{"Publish", "01/02/2025 09:00:00"}, {"Draft", "01/03/2025 09:00:00"}, {"Future", "01/04/2030 09:00:00"},
		{"Future", "01/05/2025 09:00:00"}, {"Unpublish", "01/06/2025 09:00:00"}, {"", "01/07/2025 09:00:00"},
	} {
		fmt.Fprintf(&src, "AUTHOR: eigyo\nTITLE: 記事%d\nBASENAME: 2025/01/0%d/090000\n", i+1, i+1)
		if e.status != "" {
			fmt.Fprintf(&src, "STATUS: %s\n", e.status)
		}
		fmt.Fprintf(&src, "DATE: %s\n-----\nBODY:\n<p>本文%d</p>\n-----\n--------\n", e.date, i+1)
	}
	opts := testOptions()
	opts.Now = time.Date(2026, 6, 1, 0, 0, 0, 0, time.UTC)
	res, err := Import(t.Context(), "hatena", []Input{{FS: fstest.MapFS{"blog.export.txt": {Data: []byte(src.String())}}, Path: "blog.export.txt", Display: "blog.export.txt"}}, opts)
	if err != nil {
		t.Fatal(err)
	}
	drafts := map[string]bool{}
	for _, a := range importedArticles(t, res) {
		drafts[strings.TrimSpace(string(a.Body))] = a.Draft
	}
	want := map[string]bool{"本文1": false, "本文2": true, "本文3": false, "本文4": true, "本文5": true, "本文6": false}
	if len(drafts) != len(want) {
		t.Fatalf("drafts %v", drafts)
	}
	for body, d := range want {
		if drafts[body] != d {
			t.Errorf("%s: draft %v, want %v", body, drafts[body], d)
		}
	}
	status := warningsOf(res, "status")
	if len(status) != 2 || !strings.HasPrefix(status[0], "blog.export.txt:") || !strings.Contains(status[0], ": entry 4 was scheduled for 2025-01-05 09:00 +09:00") || !strings.Contains(status[1], `: entry 5 has status "Unpublish"`) {
		t.Errorf("status warnings %q", status)
	}
}

// warningsOf returns the warnings of one kind an import gave, each as
// path[:line]: message in English, sorted.
func warningsOf(res *Result, kind string) []string {
	var out []string
	for _, w := range res.Warnings {
		if w.Kind == kind {
			where := w.Path
			if w.Line > 0 {
				where += ":" + strconv.Itoa(w.Line)
			}
			out = append(out, where+": "+w.Text(i18n.English))
		}
	}
	slices.Sort(out)
	return out
}
