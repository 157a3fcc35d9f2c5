package importer

import (
	"bytes"
	"context"
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"testing/fstest"

	"github.com/rensai-ssg/rensai/generator"
)

// attachmentXML is a WordPress attachment item (a media library entry).
func attachmentXML(id, parent int, url string) string {
	return fmt.Sprintf(`<item><title>img%d</title><wp:post_id>%d</wp:post_id><wp:post_parent>%d</wp:post_parent>
<wp:status><![CDATA[inherit]]></wp:status><wp:post_type><![CDATA[attachment]]></wp:post_type>
<wp:attachment_url><![CDATA[%s]]></wp:attachment_url></item>
`, id, id, parent, url)
}

// featuredPostXML is a published post whose featured image is the
// attachment thumb (the post meta _thumbnail_id WordPress writes).
func featuredPostXML(id int, slug, title, html string, thumb int) string {
	item := imagePostXML(id, slug, title, html)
	meta := fmt.Sprintf("<wp:postmeta><wp:meta_key><![CDATA[_thumbnail_id]]></wp:meta_key><wp:meta_value><![CDATA[%d]]></wp:meta_value></wp:postmeta>\n", thumb)
	return strings.Replace(item, "</item>", meta+"</item>", 1)
}

// coverExport is a WXR export of a post whose featured image is also in
// its text, a serial's part with a featured image of its own, and a post
// whose featured image is missing from the export.
func coverExport(srv string) fstest.MapFS {
	wxr := `<?xml version="1.0" encoding="UTF-8" ?>
<rss version="2.0" xmlns:content="http://purl.org/rss/1.0/modules/content/" xmlns:wp="http://wordpress.org/export/1.2/"><channel><title>t</title>
` + attachmentXML(10, 1, srv+"/img/a.png") + attachmentXML(11, 2, srv+"/img/a-1024x768.png") +
		featuredPostXML(1, "kagi", "鍵の写真", `<p>鍵です。<img src="`+srv+`/img/a.png" alt="鍵"></p>`, 10) +
		featuredPostXML(2, "mendan-1", "【前編①】面談の件", "<p>面談の日です。</p>", 11) +
		imagePostXML(3, "mendan-2", "【後編②】面談の件", "<p>面談の翌日です。</p>") +
		featuredPostXML(4, "nashi", "写真のない話", "<p>写真はありません。</p>", 99) +
		"</channel></rss>\n"
	return fstest.MapFS{"export.xml": {Data: []byte(wxr)}}
}

func importCovers(t *testing.T, srv *imageServer, mode ImageMode) *Result {
	t.Helper()
	opts := imageOptions(srv)
	opts.Images.Mode = mode
	res, err := Import(t.Context(), "wxr", []Input{{FS: coverExport(srv.URL), Path: "export.xml", Display: "export.xml"}}, opts)
	if err != nil {
		t.Fatal(err)
	}
	return res
}

// partFile is the plan's Markdown file that ends in suffix.
func partFile(t *testing.T, plan *Plan, suffix string) (string, string) {
	t.Helper()
	for _, f := range plan.Files {
		if strings.HasSuffix(f.Path, suffix) {
			return f.Path, string(f.Data)
		}
	}
	t.Fatalf("no file *%s in the plan", suffix)
	return "", ""
}

func TestFeaturedImageBecomesCover(t *testing.T) {
	srv := newImageServer(t)
	res := importCovers(t, srv, FetchImages)
	kagi := string(planFile(res.Plan, "content/posts/kagi.md"))
	if !strings.Contains(kagi, "cover: /posts/kagi/a.png\n") || !strings.Contains(kagi, "![鍵](kagi/a.png)") {
		t.Errorf("kagi.md should have the downloaded featured image as its cover, and show the same file:\n%s", kagi)
	}
	if got := planFile(res.Plan, "content/posts/kagi/a.png"); !bytes.Equal(got, pngFile("/img/a.png")) {
		t.Errorf("content/posts/kagi/a.png = %q", got)
	}
	if n := srv.count("/img/a.png"); n != 1 {
		t.Errorf("the cover shown in the text was requested %d times, want once", n)
	}
	file, part := partFile(t, res.Plan, "/01.md")
	dir := strings.TrimSuffix(file, ".md")
	url := "/" + strings.TrimPrefix(dir, "content/") + "/"
	if !strings.Contains(part, "cover: "+url+"a-1024x768.png\n") {
		t.Errorf("%s should have the cover %sa-1024x768.png:\n%s", file, url, part)
	}
	if got := planFile(res.Plan, dir+"/a-1024x768.png"); !bytes.Equal(got, pngFile("/img/a-1024x768.png")) {
		t.Errorf("%s/a-1024x768.png = %q", dir, got)
	}
	if _, second := partFile(t, res.Plan, "/02.md"); strings.Contains(second, "cover:") {
		t.Errorf("part 2 has no featured image, but:\n%s", second)
	}
	nashi := string(planFile(res.Plan, "content/posts/nashi.md"))
	if strings.Contains(nashi, "cover:") {
		t.Errorf("nashi.md has a cover, but its attachment is missing:\n%s", nashi)
	}
	missing := slices.ContainsFunc(res.Warnings, func(w Warning) bool {
		return w.Kind == "cover" && w.Path == "export.xml" && strings.Contains(w.Msg, "post 4") && strings.Contains(w.Msg, "attachment 99")
	})
	if !missing {
		t.Errorf("no warning names post 4 and its missing attachment 99: %v", res.Warnings)
	}
	if r := res.Images; r.Fetched != 2 || r.Failed != 0 {
		t.Errorf("report %+v, want 2 fetched", r)
	}
}

func TestFeaturedImageKeptAndListed(t *testing.T) {
	srv := newImageServer(t)
	kept := importCovers(t, srv, KeepImages)
	_, part := partFile(t, kept.Plan, "/01.md")
	if !strings.Contains(part, "cover: "+srv.URL+"/img/a-1024x768.png\n") {
		t.Errorf("with --no-images the cover stays on its host:\n%s", part)
	}
	warned := slices.ContainsFunc(kept.Warnings, func(w Warning) bool {
		return w.Kind == "remote-image" && strings.Contains(w.Msg, srv.URL+"/img/a-1024x768.png")
	})
	if !warned {
		t.Errorf("no warning of the remote cover: %v", kept.Warnings)
	}
	listed := importCovers(t, srv, ListImages)
	if !slices.Contains(listed.Images.Listed, srv.URL+"/img/a-1024x768.png") {
		t.Errorf("a dry run does not list the cover: %v", listed.Images.Listed)
	}
	if n := srv.total(); n != 0 {
		t.Errorf("%d requests without FetchImages", n)
	}
}

func TestFeaturedImageOnThePage(t *testing.T) {
	if testing.Short() {
		t.Skip("builds a site")
	}
	srv := newImageServer(t)
	root := t.TempDir()
	cfg := "baseURL = \"https://example.jp/blog/\"\ntitle = \"t\"\n[search]\nenable = false\n"
	if err := os.WriteFile(filepath.Join(root, "rensai.toml"), []byte(cfg), 0o644); err != nil {
		t.Fatal(err)
	}
	if _, err := Apply(importCovers(t, srv, FetchImages).Plan, root, false, false); err != nil {
		t.Fatal(err)
	}
	if _, err := generator.Build(context.Background(), generator.Options{Source: root}); err != nil {
		t.Fatalf("build: %v", err)
	}
	public := filepath.Join(root, "public")
	page, err := os.ReadFile(filepath.Join(public, "posts", "kagi", "index.html"))
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(string(page), `content="https://example.jp/blog/posts/kagi/a.png"`) {
		t.Errorf("the page's og:image is not its downloaded cover:\n%s", page)
	}
	if _, err := os.Stat(filepath.Join(public, "posts", "kagi", "a.png")); err != nil {
		t.Errorf("the cover is not published: %v", err)
	}
}
