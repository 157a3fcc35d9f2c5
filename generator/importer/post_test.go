package importer

import (
	"slices"
	"strings"
	"testing"
	"time"
)

func TestOldPath(t *testing.T) {
	tests := []struct {
		name, in, want, err string
	}{
		{"WordPress permalink with a Japanese slug", "https://old.example.jp/2019/08/%e5%85%a5%e9%a4%a8/", "/2019/08/入館/", ""},
		{"no trailing slash", "https://old.example.jp/2019/08/nyukan", "/2019/08/nyukan/", ""},
		{"html file", "http://old.example.jp/2010/01/nenshi.html", "/2010/01/nenshi.html", ""},
		{"hatena entry", "https://example.hatenablog.com/entry/2019/08/29/112233", "/entry/2019/08/29/112233/", ""},
		{"site path", "/2019/05/old-post/", "/2019/05/old-post/", ""},
		{"query", "https://old.example.jp/?p=12", "", "query"},
		{"php", "https://old.example.jp/index.php?p=12", "", "query"},
		{"other extension", "https://old.example.jp/feed.php", "", ".php"},
		{"home page", "https://old.example.jp/", "", "home page"},
		{"control character", "https://old.example.jp/a%0Ab/", "", "control"},
		{"double escape", "https://old.example.jp/a%2541/", "", "escape"},
		{"note.com", "https://note.com/eigyo/n/n1234abcd", "", "note.com"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := oldPath(tt.in)
			if got != tt.want || (err == nil) != (tt.err == "") || (err != nil && !strings.Contains(err.Error(), tt.err)) {
				t.Errorf("oldPath(%q) = %q, %v; want %q, error containing %q", tt.in, got, err, tt.want, tt.err)
			}
		})
	}
}

func TestSetAliasesReportsLostURLs(t *testing.T) {
	a := &entry{post: &Post{Ref: "a", OldURLs: []string{"https://old.example.jp/x/", "https://old.example.jp/?p=1"}}, url: "/posts/a/"}
	b := &entry{post: &Post{Ref: "b", OldURLs: []string{"https://old.example.jp/x/", "https://old.example.jp/posts/b/"}}, url: "/posts/b/"}
	c := &entry{post: &Post{Ref: "c", OldURLs: []string{"https://old.example.jp/tags/"}}, url: "/posts/c/"}
	if lost := setAliases([]*entry{c}, []string{"tags"}); len(lost) != 1 || !strings.Contains(lost[0].Reason, "rensai writes its own page") {
		t.Errorf("an alias over /tags/: lost %+v", lost)
	}
	wp := &entry{post: &Post{Ref: "wp", OldURLs: []string{"https://old.example.jp/archives/1454", "https://old.example.jp/archives/2019/"}}, url: "/posts/wp/"}
	if lost := setAliases([]*entry{wp}, []string{"archives"}); len(lost) != 1 || lost[0].URL != "https://old.example.jp/archives/2019/" {
		t.Errorf("/archives/1454 (a WordPress id) should be kept and /archives/2019/ (a year's page) lost: %+v", lost)
	}
	if got, _ := wp.fields.Get("aliases").([]string); len(got) != 1 || got[0] != "/archives/1454/" {
		t.Errorf("wp's aliases %v", wp.fields.Get("aliases"))
	}
	lost := setAliases([]*entry{a, b}, nil)
	if len(lost) != 2 || lost[0].Ref != "a" || !strings.Contains(lost[0].Reason, "query") || lost[1].Ref != "b" || !strings.Contains(lost[1].Reason, "already used by a") {
		t.Errorf("lost %+v", lost)
	}
	if got := a.fields; len(got) != 1 || got[0].Key != "aliases" {
		t.Errorf("a's fields %+v", got)
	}
	if len(b.fields) != 0 {
		t.Errorf("b keeps no alias (its old URL is its new one, the other is taken): %+v", b.fields)
	}
}

// TestOldAddressEqualToTheNewOne: under the site's permalinks an old
// address may be the article's new one; it is then no alias.
func TestOldAddressEqualToTheNewOne(t *testing.T) {
	p := &Post{Title: "年始の挨拶", Slug: "nenshi", Ref: "a", Kind: "wxr", Date: time.Date(2019, 8, 29, 0, 0, 0, 0, tokyo),
		OldURLs: []string{"https://old.example.jp/2019/08/nenshi/", "https://old.example.jp/nenshi.html"}}
	for _, tt := range []struct {
		name       string
		permalinks map[string]string
		aliases    string
	}{
		{"default permalinks", nil, "aliases: [/2019/08/nenshi/, /nenshi.html]"},
		{"the old pattern", map[string]string{"posts": "/:year/:month/:slug/"}, "aliases: [/nenshi.html]"},
	} {
		t.Run(tt.name, func(t *testing.T) {
			opts := testOptions()
			opts.Permalinks = tt.permalinks
			g := Group([]*Post{p}, &Warnings{})
			plan, err := MakePlan(g, &Batch{}, opts, &Warnings{})
			if err != nil {
				t.Fatal(err)
			}
			if len(plan.Files) != 1 || !strings.Contains(string(plan.Files[0].Data), tt.aliases+"\n") || len(plan.Lost) != 0 {
				t.Errorf("files %v lost %v; want %q", plan.Files, plan.Lost, tt.aliases)
			}
		})
	}
}

func TestNaturalCompare(t *testing.T) {
	got := []string{"export.xml post 11", "export.xml post 2", "export.xml post 1", "b.xml post 3", "export.xml post 02", "export.xml post 100", "export.xml post"}
	slices.SortFunc(got, naturalCompare)
	want := []string{"b.xml post 3", "export.xml post", "export.xml post 1", "export.xml post 02", "export.xml post 2", "export.xml post 11", "export.xml post 100"}
	if !slices.Equal(got, want) {
		t.Errorf("sorted %q, want %q", got, want)
	}
}
