package check

import (
	"slices"
	"testing"
	"testing/fstest"
)

func TestFindDrafts(t *testing.T) {
	fs := fstest.MapFS{
		"content/posts/kakikake.md": {Data: []byte("---\ntitle: 書きかけ\ndraft: true\n---\n本文\n")},
		"content/posts/kokai.md":    {Data: []byte("---\ntitle: 公開済み\n---\n本文\n")},
		"content/posts/betsumei.md": {Data: []byte("\ufeff+++\r\ntitle = \"別名\"\r\ndraft = true\r\nslug = \"other-name\"\r\n+++\r\n本文\r\n")},
		"content/notes/memo.md":     {Data: []byte("---\ndraft: true\n---\n")},
		"content/diary/2026/hi.md":  {Data: []byte("---\ndraft: true\n---\n")},
		"content/posts/kowareta.md": {Data: []byte("---\ndraft: [\n---\n")},
		"content/posts/owaranai.md": {Data: []byte("---\ndraft: true\n")},
		"content/series/nyukan.md":  {Data: []byte("---\ndraft: true\n---\n")},
		"content/posts/dated.md":    {Data: []byte("---\ndraft: true\n---\n")},
		"content/memo/README.txt":   {Data: []byte("draft: true")},
		"content/posts/empty-fm.md": {Data: []byte("---\n---\n本文\n")},
	}
	tests := []struct {
		name       string
		permalinks map[string]string
		want       []Draft
	}{
		{
			name: "default permalinks",
			want: []Draft{
				{"diary/hi/index.html", "content/diary/2026/hi.md"},
				{"notes/memo/index.html", "content/notes/memo.md"},
				{"posts/other-name/index.html", "content/posts/betsumei.md"},
				{"posts/dated/index.html", "content/posts/dated.md"},
				{"posts/kakikake/index.html", "content/posts/kakikake.md"},
			},
		},
		{
			name:       "section patterns",
			permalinks: map[string]string{"posts": "/:year/:slug/", "notes": "/memo/:slug/"},
			want: []Draft{
				{"diary/hi/index.html", "content/diary/2026/hi.md"},
				{"memo/memo/index.html", "content/notes/memo.md"},
			},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := FindDrafts(fs, tt.permalinks)
			if err != nil {
				t.Fatal(err)
			}
			if !slices.Equal(got, tt.want) {
				t.Errorf("FindDrafts = %v, want %v", got, tt.want)
			}
		})
	}
	if got, err := FindDrafts(fstest.MapFS{}, nil); err != nil || len(got) != 0 {
		t.Errorf("FindDrafts without content/ = %v, %v; want none", got, err)
	}
}
