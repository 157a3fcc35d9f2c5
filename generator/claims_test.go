package generator

import (
	"context"
	"path/filepath"
	"strings"
	"testing"
)

// TestEveryURLHasOneOwner: a second claim on an output path fails the
// build with a message naming both claimants, file and line.
func TestEveryURLHasOneOwner(t *testing.T) {
	post := func(extra string) string {
		return "---\ntitle: 貸与品の件\ndate: 2025-10-06\ntags: [貸与品]\n" + extra + "---\n\n本文。\n"
	}
	tests := []struct {
		name   string
		files  map[string]string // under the site root
		config string
		want   []string
	}{
		{"alias onto the home page", map[string]string{"content/posts/a.md": post("aliases: [/index.html]\n")}, "",
			[]string{"content/posts/a.md:5: the alias /index.html would be written at /, which is already the home page (written by rensai)"}},
		{"alias onto the 404 page", map[string]string{"content/posts/a.md": post("aliases: [/404.html]\n")}, "",
			[]string{"content/posts/a.md:5: the alias /404.html", "the 404 page (written by rensai)"}},
		{"alias onto a term page", map[string]string{"content/posts/a.md": post("aliases: [/tags/貸与品/]\n")}, "",
			[]string{"content/posts/a.md:5: the alias /tags/貸与品/ would be written at /tags/貸与品/, inside /tags/"}},
		{"alias onto an archive", map[string]string{"content/posts/a.md": post("aliases: [/archives/2025/10/]\n")}, "",
			[]string{"content/posts/a.md:5:", "inside /archives/"}},
		{"alias onto a second home page", map[string]string{"content/posts/a.md": post("aliases: [/page/2/]\n")}, "",
			[]string{"content/posts/a.md:5:", "inside /page/"}},
		{"article at a term's URL", map[string]string{"content/posts/a.md": post(""), "content/tags/貸与品.md": post("")}, "",
			[]string{"content/tags/貸与品.md:1: the article would be written at /tags/貸与品/, inside /tags/"}},
		{"article at a pagination URL", map[string]string{"content/posts/a.md": post(""), "content/page/2.md": post("")}, "",
			[]string{"content/page/2.md:1:", "inside /page/"}},
		{"alias onto robots.txt", map[string]string{"content/posts/a.md": post("aliases: [/robots.txt]\n")}, "",
			[]string{"content/posts/a.md:5: the alias /robots.txt would be written at /robots.txt/, inside /robots.txt, which is already robots.txt (written by rensai)"}},
		{"static file where an article needs a folder", map[string]string{"content/posts/a.md": post(""), "static/posts": "x"}, "",
			[]string{"static/posts: the static file would be written at /posts, which is a folder of the article (content/posts/a.md:1)"}},
		{"alias onto another article", map[string]string{"content/posts/a.md": post(""), "content/posts/b.md": post("aliases: [/posts/a/]\n")}, "",
			[]string{"the alias /posts/a/ would be written at /posts/a/, which is already the article (content/posts/a.md:1)"}},
		{"URLs equal but for case", map[string]string{"content/posts/A.md": post(""), "content/posts/a.md": post("")}, "",
			[]string{"content/posts/a.md:1: the article would be written at /posts/a/, which is already the article (content/posts/A.md:1)"}},
		{"two series with one series_slug", map[string]string{
			"content/posts/a.md": "---\ntitle: 一\ndate: 2025-10-06\nseries: 受付の件\npart: 1\nseries_slug: uketsuke\n---\n\n本文。\n",
			"content/posts/b.md": "---\ntitle: 一\ndate: 2025-10-07\nseries: 貸与品の件\npart: 1\nseries_slug: uketsuke\n---\n\n本文。\n"}, "",
			[]string{"content/posts/b.md:6: the page of series “貸与品の件” would be written at /series/uketsuke/, which is already the page of series “受付の件” (content/posts/a.md:6)"}},
		{"static file over the home page", map[string]string{"content/posts/a.md": post(""), "static/index.html": "<p>static</p>"}, "",
			[]string{"static/index.html: the static file would replace the home page (written by rensai)", `add "index.html" to staticOverrides`}},
		{"static file over a feed", map[string]string{"content/posts/a.md": post(""), "static/index.xml": "<feed/>"}, "",
			[]string{"static/index.xml: the static file would replace the feed of the site (written by rensai)"}},
		{"static file over an article", map[string]string{"content/posts/a.md": post(""), "static/posts/a/index.html": "x"},
			"title = \"t\"\nbaseURL = \"https://example.jp/\"\nstaticOverrides = [\"posts/a/index.html\"]\n[search]\nenable = false\n",
			[]string{"static/posts/a/index.html: the static file would replace the article (content/posts/a.md:1); remove one of them"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			dir := newSite(t, tt.config, nil)
			for name, body := range tt.files {
				writeFile(t, filepath.Join(dir, filepath.FromSlash(name)), body)
			}
			b, err := NewBuilder(Options{Source: dir, Now: fixedNow})
			if err != nil {
				t.Fatal(err)
			}
			_, err = b.Build(context.Background(), nil)
			if err == nil {
				t.Fatal("build succeeded")
			}
			for _, w := range tt.want {
				if !strings.Contains(err.Error(), w) {
					t.Errorf("error %q lacks %q", err, w)
				}
			}
		})
	}
}

// TestStaticOverrideAllowedByConfig: staticOverrides lets a static file
// replace a generated page, with a warning.
func TestStaticOverrideAllowedByConfig(t *testing.T) {
	dir := newSite(t, "title = \"t\"\nbaseURL = \"https://example.jp/\"\nstaticOverrides = [\"index.html\"]\n[search]\nenable = false\n",
		map[string]string{"posts/a.md": "---\ntitle: 件\ndate: 2026-03-01\n---\n\n本文。\n"})
	writeFile(t, filepath.Join(dir, "static", "index.html"), "<p>手書きのトップ</p>\n")
	b, err := NewBuilder(Options{Source: dir, Now: fixedNow})
	if err != nil {
		t.Fatal(err)
	}
	res, err := b.Build(context.Background(), nil)
	if err != nil {
		t.Fatal(err)
	}
	if got := string(res.Files["index.html"]); got != "<p>手書きのトップ</p>\n" {
		t.Errorf("index.html = %q, want the static file", got)
	}
	found := false
	for _, w := range res.Report.Warnings {
		if strings.Contains(w.Error(), "static/index.html: replaces the home page") {
			found = true
		}
	}
	if !found {
		t.Errorf("no warning about the replaced page in %q", res.Report.Warnings)
	}
}
