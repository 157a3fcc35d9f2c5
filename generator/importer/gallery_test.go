package importer

import (
	"strings"
	"testing"
	"testing/fstest"
)

// TestGalleryWithoutIDsShowsTheAttachedImages: [gallery] without ids shows
// the images attached to its post, in their menu order, as WordPress does;
// with no attached image the warning says so (it named an empty list).
func TestGalleryWithoutIDsShowsTheAttachedImages(t *testing.T) {
	attach := func(id, parent, order, file string) string {
		return `<item><title>` + file + `</title><wp:post_id>` + id + `</wp:post_id><wp:post_parent>` + parent + `</wp:post_parent>` +
			`<wp:menu_order>` + order + `</wp:menu_order><wp:post_type>attachment</wp:post_type>` +
			`<wp:attachment_url>https://old.example.jp/img/` + file + `</wp:attachment_url></item>`
	}
	tests := []struct {
		name  string
		items []string
		want  []string // in this order in the body
		warn  string
	}{
		{"attached images in menu order", []string{wxrItemXML("", "鍵の写真", "kagi", "[gallery columns=\"2\"]"),
			attach("12", "1", "2", "b.jpg"), attach("11", "1", "1", "a.jpg"), attach("13", "9", "0", "other.jpg")},
			[]string{"/img/a.jpg", "/img/b.jpg"}, ""},
		{"nothing attached", []string{wxrItemXML("", "鍵の写真", "kagi", "[gallery]")}, nil, "attached to the post"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			warn := &Warnings{}
			fsys := fstest.MapFS{"export.xml": {Data: []byte(wxrDoc("https://wordpress.org/export/1.2/", tt.items...))}}
			b, err := Read(t.Context(), "wxr", []Input{{FS: fsys, Path: "export.xml", Display: "export.xml"}}, testOptions(), warn)
			if err != nil || len(b.Posts) != 1 {
				t.Fatalf("posts %v, err %v", b.Posts, err)
			}
			body, at := b.Posts[0].Body, 0
			for _, w := range tt.want {
				i := strings.Index(body[at:], w)
				if i < 0 {
					t.Fatalf("body lacks %s after byte %d:\n%s", w, at, body)
				}
				at += i + len(w)
			}
			if strings.Contains(body, "other.jpg") {
				t.Errorf("body shows another post's image:\n%s", body)
			}
			var texts []string
			for _, w := range warn.List {
				texts = append(texts, w.Error.Error())
			}
			if tt.warn != "" && !strings.Contains(strings.Join(texts, "\n"), tt.warn) {
				t.Errorf("warnings %q, want one holding %q", texts, tt.warn)
			}
		})
	}
}
