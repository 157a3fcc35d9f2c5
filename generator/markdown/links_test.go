package markdown

import (
	"errors"
	"reflect"
	"strings"
	"sync"
	"testing"
)

func TestBasePath(t *testing.T) {
	tests := []struct {
		name       string
		base       string
		src        string
		want       []string
		wantImages []string
	}{
		{
			name:       "root-relative link and image get the base path",
			base:       "/repo/",
			src:        "[記事](/posts/x/) ![図](/img/a.png)",
			want:       []string{`<a href="/repo/posts/x/">記事</a>`, `<img src="/repo/img/a.png"`},
			wantImages: []string{"/repo/img/a.png"},
		},
		{
			name:       "relative destinations are left alone",
			base:       "/repo/",
			src:        "[上](../y/) ![図](img/a.png)",
			want:       []string{`<a href="../y/">上</a>`, `<img src="img/a.png"`},
			wantImages: []string{"img/a.png"},
		},
		{
			name: "fragment is left alone",
			base: "/repo/",
			src:  "[節](#対応)",
			want: []string{`<a href="#%E5%AF%BE%E5%BF%9C">節</a>`},
		},
		{
			name: "protocol-relative and absolute urls are left alone",
			base: "/repo/",
			src:  "[a](//cdn.example.com/x) [b](https://example.com/y)",
			want: []string{`href="//cdn.example.com/x"`, `href="https://example.com/y"`},
		},
		{
			name:       "root base path changes nothing",
			base:       "/",
			src:        "[記事](/posts/x/) ![図](/img/a.png)",
			want:       []string{`<a href="/posts/x/">記事</a>`, `<img src="/img/a.png"`},
			wantImages: []string{"/img/a.png"},
		},
		{
			name: "empty base path is root",
			base: "",
			src:  "[記事](/posts/x/)",
			want: []string{`<a href="/posts/x/">記事</a>`},
		},
		{
			name: "base path without slashes is normalised",
			base: "repo",
			src:  "[記事](/posts/x/)",
			want: []string{`<a href="/repo/posts/x/">記事</a>`},
		},
		{
			name: "reference link gets the base path",
			base: "/repo/",
			src:  "[記事][r]\n\n[r]: /posts/x/\n",
			want: []string{`<a href="/repo/posts/x/">記事</a>`},
		},
		{
			name:       "images listed in order",
			base:       "/repo/",
			src:        "![1](/a.png)\n\n![2](b.png \"題\")\n\n- ![3](/c/d.webp)\n",
			wantImages: []string{"/repo/a.png", "b.png", "/repo/c/d.webp"},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			res := render(t, Options{BasePath: tt.base}, tt.src)
			for _, w := range tt.want {
				if !strings.Contains(res.HTML, w) {
					t.Errorf("missing %q in\n%s", w, res.HTML)
				}
			}
			if !reflect.DeepEqual(res.Images, tt.wantImages) {
				t.Errorf("Images = %q, want %q", res.Images, tt.wantImages)
			}
		})
	}
}

// errMissing is what the test resolver returns for an article it does not
// know, worded like the generator's message.
type errMissing struct{ dest string }

func (e errMissing) Error() string {
	return "link to missing article " + e.dest + "; check the file name"
}

// resolver resolves the articles in known and records its calls.
type resolver struct {
	mu    sync.Mutex
	known map[string]string
	calls []string
}

func (r *resolver) resolve(from, dest string) (string, error) {
	r.mu.Lock()
	r.calls = append(r.calls, from+" -> "+dest)
	r.mu.Unlock()
	if url, ok := r.known[dest]; ok {
		return url, nil
	}
	return "", errMissing{dest}
}

func TestResolveLink(t *testing.T) {
	known := map[string]string{
		"b.md":          "/repo/posts/b/",
		"../c.md#要点":    "/repo/posts/c/#要点",
		"/posts/d.md":   "/repo/posts/d/",
		"sub/e.MD?x=1":  "/repo/posts/e/?x=1",
		"f.md#fragment": "/repo/posts/f/#fragment",
	}
	tests := []struct {
		name      string
		src       string
		want      []string
		wantCalls []string
	}{
		{
			name:      "relative markdown link",
			src:       "[次回](b.md)",
			want:      []string{`<a href="/repo/posts/b/">次回</a>`},
			wantCalls: []string{"posts/a.md -> b.md"},
		},
		{
			name:      "fragment passed to the resolver",
			src:       "[前回の要点](../c.md#要点)",
			want:      []string{`<a href="/repo/posts/c/#%E8%A6%81%E7%82%B9">前回の要点</a>`},
			wantCalls: []string{"posts/a.md -> ../c.md#要点"},
		},
		{
			name:      "content-rooted link is not prefixed twice",
			src:       "[d](/posts/d.md)",
			want:      []string{`<a href="/repo/posts/d/">d</a>`},
			wantCalls: []string{"posts/a.md -> /posts/d.md"},
		},
		{
			name:      "upper-case extension and query",
			src:       "[e](sub/e.MD?x=1)",
			want:      []string{`<a href="/repo/posts/e/?x=1">e</a>`},
			wantCalls: []string{"posts/a.md -> sub/e.MD?x=1"},
		},
		{
			name:      "reference definition",
			src:       "[f][ref]\n\n[ref]: f.md#fragment\n",
			want:      []string{`<a href="/repo/posts/f/#fragment">f</a>`},
			wantCalls: []string{"posts/a.md -> f.md#fragment"},
		},
		{
			name: "absolute url to a markdown file is not resolved",
			src:  "[readme](https://example.com/README.md)",
			want: []string{`<a href="https://example.com/README.md" rel="noopener">readme</a>`},
		},
		{
			name: "image ending in md is not resolved",
			src:  "![x](pic.md)",
			want: []string{`<img src="pic.md"`},
		},
		{
			name: "other links are not resolved",
			src:  "[x](/posts/x/) [y](y.html) [z](#md)",
			want: []string{`href="/repo/posts/x/"`, `href="y.html"`, `href="#md"`},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			rs := &resolver{known: known}
			res := render(t, Options{BasePath: "/repo/", ResolveLink: rs.resolve}, tt.src)
			for _, w := range tt.want {
				if !strings.Contains(res.HTML, w) {
					t.Errorf("missing %q in\n%s", w, res.HTML)
				}
			}
			if !reflect.DeepEqual(rs.calls, tt.wantCalls) {
				t.Errorf("calls = %q, want %q", rs.calls, tt.wantCalls)
			}
		})
	}
}

func TestResolveLinkWithoutResolver(t *testing.T) {
	res := render(t, Options{BasePath: "/repo/"}, "[b](b.md) [d](/posts/d.md)")
	for _, w := range []string{`<a href="b.md">b</a>`, `<a href="/repo/posts/d.md">d</a>`} {
		if !strings.Contains(res.HTML, w) {
			t.Errorf("missing %q in\n%s", w, res.HTML)
		}
	}
}

func TestResolveLinkErrors(t *testing.T) {
	tests := []struct {
		name     string
		bodyLine int
		src      string
		want     string
	}{
		{
			name:     "line counted from the body line",
			bodyLine: 10,
			src:      "一行目\n\n三行目の[リンク](missing.md)です。\n",
			want:     "posts/a.md:12: link to missing article missing.md; check the file name",
		},
		{
			name:     "second line of a paragraph",
			bodyLine: 1,
			src:      "始まりの行\n続きの行に[x](gone.md#a)\n",
			want:     "posts/a.md:2: link to missing article gone.md#a; check the file name",
		},
		{
			name:     "every bad link is reported",
			bodyLine: 4,
			src:      "[a](x.md)\n\n- 項目\n- [b](y.md) と [ok](b.md)\n",
			want: "posts/a.md:4: link to missing article x.md; check the file name\n" +
				"posts/a.md:7: link to missing article y.md; check the file name",
		},
		{
			name:     "link with empty text",
			bodyLine: 3,
			src:      "\n\n[](none.md)",
			want:     "posts/a.md:5: link to missing article none.md; check the file name",
		},
		{
			name:     "link inside a footnote",
			bodyLine: 1,
			src:      "本文[^1]\n\n[^1]: 参照: [前回](old.md)\n",
			want:     "posts/a.md:3: link to missing article old.md; check the file name",
		},
		{
			name:     "reference link reported at its use",
			bodyLine: 1,
			src:      "前文\n\n後で[参照][r]する\n\n[r]: missing.md\n",
			want:     "posts/a.md:3: link to missing article missing.md; check the file name",
		},
		{
			name:     "body line below one counts as one",
			bodyLine: 0,
			src:      "[a](x.md)",
			want:     "posts/a.md:1: link to missing article x.md; check the file name",
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			rs := &resolver{known: map[string]string{"b.md": "/posts/b/"}}
			r := New(Options{ResolveLink: rs.resolve})
			res, err := r.Render("posts/a.md", []byte(tt.src), tt.bodyLine)
			if err == nil {
				t.Fatalf("no error; HTML:\n%s", res.HTML)
			}
			if err.Error() != tt.want {
				t.Errorf("error:\n%s\nwant:\n%s", err, tt.want)
			}
			var missing errMissing
			if !errors.As(err, &missing) {
				t.Errorf("error %v does not wrap the resolver's error", err)
			}
		})
	}
}

func TestInFolder(t *testing.T) {
	cases := []struct{ src, dest, want string }{
		{"content/posts/x.md", "x/box.png", "box.png"},
		{"content/posts/x.md", "./x/sub/box.png", "sub/box.png"},
		{"content/posts/x.md", "x/memo.txt#p2", "memo.txt#p2"},
		{"content/posts/x.md", "x/a.pdf?v=1", "a.pdf?v=1"},
		{"content/posts/x.md", "x/", ""},
		{"content/posts/x.md", "y/box.png", ""},
		{"content/posts/x.md", "x/../y.png", ""},
		{"content/posts/x.md", "../img/a.png", ""},
		{"content/posts/x.md", "/img/a.png", ""},
		{"content/posts/x.md", "//cdn.example/x/a.png", ""},
		{"content/posts/x.md", "https://example.jp/x/a.png", ""},
		{"content/posts/x.md", "mailto:x/a", ""},
		{"content/posts/x.md", "#x/a", ""},
		{"content/posts/x/index.md", "box.png", "box.png"},
		{"content/posts/x/index.md", "sub/box.png", "sub/box.png"},
		{"content/posts/x/index.md", "../y.png", ""},
		{"content/posts/x/index.md", ".", ""},
		{"content/posts/入館証.md", "入館証/図.png", "図.png"},
	}
	for _, c := range cases {
		got, ok := inFolder(c.src, c.dest)
		if ok != (c.want != "") || got != c.want {
			t.Errorf("inFolder(%q, %q) = %q, %v; want %q", c.src, c.dest, got, ok, c.want)
		}
	}
}
