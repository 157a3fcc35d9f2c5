package check

import (
	"context"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"testing"
)

// TestCheckLargeTree breaks one thing near the end of a 2,000-article
// output tree, where a fast path that skipped or misread a page, a feed or
// a URL would miss it: each case must report exactly its problem.
func TestCheckLargeTree(t *testing.T) {
	dir := t.TempDir()
	writeSyntheticSite(t, dir, 2000)
	const last = "posts/s0199-10/index.html"
	tests := []struct {
		name     string
		file     string
		old, new string
		// problems are the messages, all on the line of new in file.
		problems []string
	}{
		{
			name: "broken fragment in the last page",
			file: last, old: `href="#見出し3"`, new: `href="#見出し9"`,
			problems: []string{`broken fragment in link "#見出し9": posts/s0199-10/index.html has no id "見出し9"`},
		},
		{
			name: "escaped link to a missing term",
			file: last, old: `/repo/tags/%E6%B4%BE%E9%81%A3/`, new: `/repo/tags/%E6%B4%BE%E9%81%A4/`,
			problems: []string{`broken link "/repo/tags/%E6%B4%BE%E9%81%A4/": no file tags/派遤/index.html in the output`},
		},
		{
			name: "canonical URL of another site",
			file: last, old: `href="https://example.github.io/repo/posts/s0199-10/"`, new: `href="https://example.github.io/other/posts/s0199-10/"`,
			problems: []string{
				`URL "https://example.github.io/other/posts/s0199-10/" leads to /other/posts/s0199-10/, outside the base path /repo/`,
				`canonical URL "https://example.github.io/other/posts/s0199-10/" is not under the base URL https://example.github.io/repo/`,
			},
		},
		{
			name: "page data's next skips a part",
			file: "posts/s0199-08/index.html", old: `"next":{"url":"/repo/posts/s0199-09/"}`, new: `"next":{"url":"/repo/posts/s0199-10/"}`,
			problems: []string{`page data "next" is part 10 (/repo/posts/s0199-10/); in /repo/series/s0199/ it is part 9 (/repo/posts/s0199-09/)`},
		},
		{
			name: "feed closed by the wrong tag",
			file: "index.xml", old: "</feed>", new: "</fed>",
			problems: []string{"malformed XML: element <feed> closed by </fed>"},
		},
		{
			name: "sitemap URL of a missing page",
			file: "sitemap.xml", old: "posts/s0199-10/</loc>", new: "posts/s0199-11/</loc>",
			problems: []string{`<loc> broken URL "https://example.github.io/repo/posts/s0199-11/": no file posts/s0199-11/index.html in the output`},
		},
	}
	fsys := os.DirFS(dir)
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			name := filepath.Join(dir, filepath.FromSlash(tt.file))
			orig, err := os.ReadFile(name)
			if err != nil {
				t.Fatal(err)
			}
			text := string(orig)
			if strings.Count(text, tt.old) != 1 {
				t.Fatalf("%q is not once in %s", tt.old, tt.file)
			}
			edited := strings.Replace(text, tt.old, tt.new, 1)
			line := strings.Count(edited[:strings.Index(edited, tt.new)], "\n") + 1
			if tt.new == "</fed>" {
				line = strings.Count(edited, "\n") // encoding/xml: the line it stops on
			}
			write := func(data string) {
				if err := os.WriteFile(name, []byte(data), 0o644); err != nil {
					t.Fatal(err)
				}
			}
			write(edited)
			defer write(text)
			rep, err := Check(context.Background(), fsys, Options{BaseURL: testBase})
			if err != nil {
				t.Fatal(err)
			}
			var got []string
			for _, p := range rep.Problems {
				got = append(got, p.String())
			}
			var want []string
			for _, p := range tt.problems {
				want = append(want, tt.file+":"+strconv.Itoa(line)+": "+p)
			}
			if !slices.Equal(got, want) {
				t.Errorf("problems:\n%s\nwant:\n%s", strings.Join(got, "\n"), strings.Join(want, "\n"))
			}
		})
	}
}

// TestTreeCheckTwice: a tree read once is checked with one set of options,
// then another, and the second check does not see the first's.
func TestTreeCheckTwice(t *testing.T) {
	tree, err := Read(context.Background(), cleanSite(), 0)
	if err != nil {
		t.Fatal(err)
	}
	drafts := Options{BaseURL: testBase, Drafts: []Draft{{Path: "posts/c/index.html", Source: "content/posts/c.md"}}}
	for i, opts := range []Options{drafts, {BaseURL: testBase}} {
		rep, err := tree.Check(context.Background(), opts)
		if err != nil {
			t.Fatal(err)
		}
		if got, want := rep.OK(), i == 1; got != want {
			t.Errorf("check %d with %d drafts: OK = %v, want %v (%v)", i+1, len(opts.Drafts), got, want, rep.Problems)
		}
	}
}
