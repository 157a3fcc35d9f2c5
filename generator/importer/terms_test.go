package importer

import (
	"slices"
	"strings"
	"testing"
	"testing/fstest"
)

// TestTermNamesTheBuildAccepts: a category or tag holding / or \ (a
// WordPress export keeps `a \"great\" category` as written) is imported
// under a name the build accepts for its page, with a warning; the build
// refused the whole site before.
func TestTermNamesTheBuildAccepts(t *testing.T) {
	warn := &Warnings{}
	got := termNames([]string{`a \"great\" category`, "営業/日報", "鍵の件", ".", "tab\there"}, &Post{Source: "x.xml"}, warn)
	want := []string{`a ＼"great＼" category`, "営業／日報", "鍵の件", "tabhere"}
	if !slices.Equal(got, want) {
		t.Errorf("termNames = %q, want %q", got, want)
	}
	if len(warn.List) != 4 {
		t.Errorf("warnings %v, want one for each of the four names changed or dropped", warn.List)
	}
}

// TestCategoryAndTagOfOneName: WordPress's theme test data gives a post
// the category "Edge Case" and the tag "edge case"; merged into tags they
// are one tag (the build takes names equal after NFKC and case folding for
// one term), written as the tag has it.
func TestCategoryAndTagOfOneName(t *testing.T) {
	item := strings.Replace(wxrItemXML("", "境界の件", "kyokai", "<p>本文です。</p>"), "<wp:post_id>",
		`<category domain="post_tag" nicename="edge-case"><![CDATA[edge case]]></category>`+
			`<category domain="post_tag" nicename="pc"><![CDATA[ＰＣ]]></category>`+
			`<category domain="category" nicename="edge-case-2"><![CDATA[Edge Case]]></category>`+
			`<category domain="category" nicename="pc-2"><![CDATA[pc]]></category>`+
			`<category domain="category" nicename="eigyo"><![CDATA[営業]]></category><wp:post_id>`, 1)
	fsys := fstest.MapFS{"export.xml": {Data: []byte(wxrDoc("http://wordpress.org/export/1.2/", item))}}
	res, err := Import(t.Context(), "wxr", []Input{{FS: fsys, Path: "export.xml", Display: "export.xml"}}, testOptions())
	if err != nil {
		t.Fatal(err)
	}
	if len(res.Plan.Files) != 1 {
		t.Fatalf("%d files planned, want 1", len(res.Plan.Files))
	}
	if got := string(res.Plan.Files[0].Data); !strings.Contains(got, "\ntags: [edge case, ＰＣ, 営業]\n") {
		t.Errorf("front matter does not list each tag once, as the tag writes it:\n%s", got)
	}
}
