package devserver

import (
	"fmt"
	"reflect"
	"testing"
)

func TestDiffFiles(t *testing.T) {
	shared := []byte("<html>同じ</html>")
	base := map[string][]byte{
		"index.html":           []byte("<html>ホーム</html>"),
		"posts/a/index.html":   []byte("<html>A</html>"),
		"posts/b/index.html":   shared,
		"assets/css/style.css": []byte("body{}"),
		"assets/js/app.js":     []byte("1"),
		"index.xml":            []byte("<feed/>"),
	}
	with := func(changes map[string]string, removed ...string) map[string][]byte {
		m := map[string][]byte{}
		for k, v := range base {
			m[k] = v
		}
		for k, v := range changes {
			m[k] = []byte(v)
		}
		for _, k := range removed {
			delete(m, k)
		}
		return m
	}
	tests := []struct {
		name string
		old  map[string][]byte
		cur  map[string][]byte
		base string
		want Change
	}{
		{name: "nothing changed, same slices", old: base, cur: with(nil), base: "/", want: Change{}},
		{name: "equal bytes in new slices", old: base, cur: with(map[string]string{"posts/a/index.html": "<html>A</html>"}), base: "/", want: Change{}},
		{name: "one page changed", old: base, cur: with(map[string]string{"posts/a/index.html": "<html>A2</html>"}), base: "/",
			want: Change{Pages: []string{"/posts/a/"}}},
		{name: "home page changed", old: base, cur: with(map[string]string{"index.html": "<html>新</html>"}), base: "/repo/",
			want: Change{Pages: []string{"/repo/"}}},
		{name: "only css changed", old: base, cur: with(map[string]string{"assets/css/style.css": "body{color:red}"}), base: "/",
			want: Change{CSS: []string{"/assets/css/style.css"}}},
		{name: "page and css changed", old: base, cur: with(map[string]string{"assets/css/style.css": "x", "posts/a/index.html": "y"}), base: "/",
			want: Change{Pages: []string{"/posts/a/"}, CSS: []string{"/assets/css/style.css"}}},
		{name: "new page", old: base, cur: with(map[string]string{"posts/c/index.html": "<html>C</html>"}), base: "/",
			want: Change{Pages: []string{"/posts/c/"}}},
		{name: "page removed", old: base, cur: with(nil, "posts/a/index.html"), base: "/repo/",
			want: Change{Removed: []string{"/repo/posts/a/"}}},
		{name: "script changed", old: base, cur: with(map[string]string{"assets/js/app.js": "2"}), base: "/",
			want: Change{All: true}},
		{name: "feed changed", old: base, cur: with(map[string]string{"index.xml": "<feed>x</feed>"}), base: "/", want: Change{}},
		{name: "new stylesheet alone", old: base, cur: with(map[string]string{"assets/css/new.css": "x"}), base: "/", want: Change{}},
		{name: "first build", old: nil, cur: with(nil), base: "/",
			want: Change{Pages: []string{"/", "/posts/a/", "/posts/b/"}}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := diffFiles(tt.old, tt.cur, tt.base); !reflect.DeepEqual(got, tt.want) {
				t.Errorf("diffFiles = %+v, want %+v", got, tt.want)
			}
		})
	}
}

func TestDiffFilesManyPagesReloadsAll(t *testing.T) {
	old, cur := map[string][]byte{}, map[string][]byte{}
	for i := range maxListedPages + 1 {
		name := fmt.Sprintf("posts/%d/index.html", i)
		old[name] = []byte("old")
		cur[name] = []byte("new")
	}
	got := diffFiles(old, cur, "/")
	if !got.All || got.Pages != nil {
		t.Errorf("diff of %d changed pages = All %v, %d pages; want All and no list", maxListedPages+1, got.All, len(got.Pages))
	}
}

func TestPageURL(t *testing.T) {
	tests := []struct{ base, name, want string }{
		{"/", "index.html", "/"},
		{"/", "posts/a/index.html", "/posts/a/"},
		{"/", "404.html", "/404.html"},
		{"/repo/", "series/x/index.html", "/repo/series/x/"},
		{"/repo/", "tags/クレーム/index.html", "/repo/tags/クレーム/"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := pageURL(tt.base, tt.name); got != tt.want {
				t.Errorf("pageURL(%q, %q) = %q, want %q", tt.base, tt.name, got, tt.want)
			}
		})
	}
}

// benchSite returns n files of about 8 KB each.
func benchSite(n int) map[string][]byte {
	m := make(map[string][]byte, n)
	for i := range n {
		page := make([]byte, 8<<10)
		copy(page, fmt.Sprintf("<html>%d</html>", i))
		m[fmt.Sprintf("posts/p%05d/index.html", i)] = page
	}
	return m
}

// BenchmarkDiff20kReused is a rebuild where the builder reuses the slices
// of unchanged files and one page changed.
func BenchmarkDiff20kReused(b *testing.B) {
	old := benchSite(20000)
	cur := make(map[string][]byte, len(old))
	for k, v := range old {
		cur[k] = v
	}
	cur["posts/p00042/index.html"] = []byte("changed")
	prev, _, _ := storeFiles(nil, old, nil, "/")
	b.ResetTimer()
	for b.Loop() {
		if _, d, _ := storeFiles(prev, cur, nil, "/"); len(d.changed) != 1 {
			b.Fatal(d)
		}
	}
}

// BenchmarkDiff20kCopied is a rebuild where every file is a fresh slice
// with the same bytes but one, so every file is compared byte by byte.
func BenchmarkDiff20kCopied(b *testing.B) {
	old := benchSite(20000)
	cur := make(map[string][]byte, len(old))
	for k, v := range old {
		cur[k] = append([]byte(nil), v...)
	}
	cur["posts/p00042/index.html"] = []byte("changed")
	prev, _, _ := storeFiles(nil, old, nil, "/")
	b.ResetTimer()
	for b.Loop() {
		if _, d, _ := storeFiles(prev, cur, nil, "/"); len(d.changed) != 1 {
			b.Fatal(d)
		}
	}
}
