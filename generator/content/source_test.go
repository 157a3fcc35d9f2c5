package content

import "testing"

func TestIsSource(t *testing.T) {
	for _, tt := range []struct {
		rel  string
		want bool
	}{
		{"posts/a.md", true},
		{"a.md", true},
		{"series/nyukan.md", true},
		{"posts/2026/03/a.md", true},
		{"posts/a.txt", false},
		{"posts/README", false},
		{"_notes/memo.md", false},
		{"posts/_notes/memo.md", false},
		{"posts/_draft.md", false},
		{".git/a.md", false},
		{"posts/.hidden.md", false},
		{"posts/a.md~", false},
		{"posts/#a.md#", false},
		{"posts/../a.md", false},
		{"posts/", true},
		{"_notes/", false},
		{"posts/.git/", false},
		{"/", true},
		{"", false},
	} {
		if got := IsSource(tt.rel); got != tt.want {
			t.Errorf("IsSource(%q) = %v, want %v", tt.rel, got, tt.want)
		}
	}
}
