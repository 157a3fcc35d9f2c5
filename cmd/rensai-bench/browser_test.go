package main

import (
	"compress/gzip"
	"io"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"testing"
	"testing/fstest"
)

func TestSiteHandlerCompressesTextOnly(t *testing.T) {
	fsys := fstest.MapFS{
		"index.html":           {Data: []byte("<!DOCTYPE html><p>本文</p>")},
		"search/manifest.json": {Data: []byte(`{"v":2}`)},
		"search/d/a.txt":       {Data: []byte("行\t行")},
		"search/p/a.bin":       {Data: []byte{0x1f, 0x8b, 1, 2, 3}},
		"assets/js/search.js":  {Data: []byte("var x = 1;")},
	}
	srv := httptest.NewServer(siteHandler(fsys, "/bench/"))
	defer srv.Close()
	tests := []struct {
		name, path string
		status     int
		gzipped    bool
		want       string
	}{
		{"page", "/bench/", 200, true, "<!DOCTYPE html><p>本文</p>"},
		{"json", "/bench/search/manifest.json", 200, true, `{"v":2}`},
		{"text", "/bench/search/d/a.txt", 200, true, "行\t行"},
		{"script", "/bench/assets/js/search.js", 200, true, "var x = 1;"},
		{"binary as it is", "/bench/search/p/a.bin", 200, false, "\x1f\x8b\x01\x02\x03"},
		{"outside the base path", "/search/d/a.txt", 404, false, ""},
		{"missing", "/bench/nothing.txt", 404, false, ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			req, _ := http.NewRequest("GET", srv.URL+tt.path, nil)
			req.Header.Set("Accept-Encoding", "gzip")
			resp, err := http.DefaultTransport.RoundTrip(req)
			if err != nil {
				t.Fatal(err)
			}
			defer resp.Body.Close()
			if resp.StatusCode != tt.status {
				t.Fatalf("status %d, want %d", resp.StatusCode, tt.status)
			}
			if tt.status != 200 {
				return
			}
			if got := resp.Header.Get("Content-Encoding") == "gzip"; got != tt.gzipped {
				t.Fatalf("gzipped = %v, want %v", got, tt.gzipped)
			}
			var r io.Reader = resp.Body
			if tt.gzipped {
				if r, err = gzip.NewReader(resp.Body); err != nil {
					t.Fatal(err)
				}
			}
			body, err := io.ReadAll(r)
			if err != nil {
				t.Fatal(err)
			}
			if string(body) != tt.want {
				t.Errorf("body %q, want %q", body, tt.want)
			}
		})
	}
}

func TestBasePathOf(t *testing.T) {
	tests := []struct{ name, toml, want string }{
		{"sub-path", `baseURL = "https://rensai-ssg.github.io/bench/"`, "/bench/"},
		{"no trailing slash", `baseURL = "https://example.jp/blog"`, "/blog/"},
		{"root", `baseURL = "https://example.jp/"`, "/"},
		{"no baseURL", `title = "x"`, "/"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			dir := t.TempDir()
			if err := os.WriteFile(filepath.Join(dir, "rensai.toml"), []byte(tt.toml+"\n"), 0o644); err != nil {
				t.Fatal(err)
			}
			got, err := basePathOf(dir)
			if err != nil || got != tt.want {
				t.Errorf("basePathOf = %q, %v; want %q", got, err, tt.want)
			}
		})
	}
}
