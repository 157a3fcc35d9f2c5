package importer

import (
	"slices"
	"testing"
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
