package check

import (
	"net/url"
	"testing"
)

// resolveSite is a site at /repo/ with a few files, for resolve tests.
func resolveSite(t testing.TB) *site {
	s := &site{files: map[string]bool{"index.html": true, "posts/a/index.html": true, "img/a.png": true}}
	if err := s.setBase(testBase); err != nil {
		t.Fatal(err)
	}
	return s
}

// TestResolveFast holds the fast path to url.Parse: each URL it takes
// must resolve as resolveURL resolves it, and each it leaves must be one
// that needs url.Parse.
func TestResolveFast(t *testing.T) {
	tests := []struct {
		name string
		ref  string
		from string // page URL, default the page posts/a/
		fast bool
	}{
		{"path under the base", "/repo/posts/a/", "", true},
		{"absolute URL", "https://example.github.io/repo/posts/a/#見出し", "", true},
		{"directory without its slash", "/repo/posts/a", "", true},
		{"home", "/repo/", "", true},
		{"file", "/repo/img/a.png", "", true},
		{"Japanese path and fragment", "/repo/tags/派遣/#経緯", "", true},
		{"escaped path", "/repo/tags/%E6%B4%BE/", "", true},
		{"escaped fragment", "/repo/posts/a/#%E7%B5%8C", "", true},
		{"fragment on the page", "#%e7%b5%8c", "", true},
		{"plain fragment on the page", "#main", "", true},
		{"fragment on a page with a dot segment", "#main", "https://example.github.io/repo/posts/./a/", false},
		{"fragment on a page of another host", "#main", "https://other.example/repo/posts/a/", false},
		{"bad escape", "/repo/tags/%E6%B4%B/", "", false},
		{"escaped slash", "/repo/posts%2Fa/", "", true},
		{"escaped dot segment", "/repo/posts/%2E%2E/img/a.png", "", false},
		{"query", "/repo/?q=1", "", false},
		{"dot segment", "/repo/posts/../img/a.png", "", false},
		{"double slash", "/repo//posts/a/", "", false},
		{"protocol-relative", "//example.github.io/repo/", "", false},
		{"outside the base path", "/other/", "", false},
		{"relative", "../b/", "", false},
		{"another host's page", "/repo/posts/a/", "https://other.example/repo/posts/b/", false},
		{"other scheme", "http://example.github.io/repo/", "", false},
		{"space", "/repo/a b/", "", false},
	}
	s := resolveSite(t)
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			from := s.pageURL("posts/a/index.html")
			if tt.from != "" {
				var err error
				if from, err = url.Parse(tt.from); err != nil {
					t.Fatal(err)
				}
			}
			got, ok := s.resolveFast(from, tt.ref)
			if ok != tt.fast {
				t.Fatalf("resolveFast took it = %v, want %v", ok, tt.fast)
			}
			if want, msg := s.resolveURL(from, tt.ref); ok && (got != want || msg != "") {
				t.Errorf("resolveFast = %+v, resolveURL = %+v %q", got, want, msg)
			}
		})
	}
}

// FuzzResolveFast: whatever URL the fast path takes resolves as
// url.Parse resolves it.
func FuzzResolveFast(f *testing.F) {
	f.Add("/repo/posts/a/#x")
	f.Add("https://example.github.io/repo/img/a.png")
	f.Add("/repo/./a/")
	f.Add("#%e7%b5")
	f.Add("/repo/%2e/a%2F%2f/#%")
	s := resolveSite(f)
	from := s.pageURL("posts/a/index.html")
	f.Fuzz(func(t *testing.T, ref string) {
		got, ok := s.resolveFast(from, ref)
		if !ok {
			return
		}
		if want, msg := s.resolveURL(from, ref); got != want || msg != "" {
			t.Errorf("%q: resolveFast = %+v, resolveURL = %+v %q", ref, got, want, msg)
		}
	})
}
