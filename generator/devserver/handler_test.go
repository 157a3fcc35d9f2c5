package devserver

import (
	"bufio"
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"net"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// funcBuilder adapts a function to Builder.
type funcBuilder func(ctx context.Context, changed []string) (*Result, error)

func (f funcBuilder) Build(ctx context.Context, changed []string) (*Result, error) {
	return f(ctx, changed)
}

var _ Builder = funcBuilder(nil)

// staticBuilder always returns files under base.
func staticBuilder(base string, files map[string]string) Builder {
	return funcBuilder(func(context.Context, []string) (*Result, error) {
		out := map[string][]byte{}
		for k, v := range files {
			out[k] = []byte(v)
		}
		return &Result{Files: out, BasePath: base}, nil
	})
}

const secret = "ディスク上の秘密"

// sampleSite is a small built site.
var sampleSite = map[string]string{
	"index.html":           `<!doctype html><html lang="ja"><head><title>ホーム</title></head><body><h1>ホーム</h1></body></html>`,
	"posts/a/index.html":   `<!doctype html><html lang="ja"><body><main>前編①</main></BODY></html>`,
	"posts/bare.html":      `<p>body のない断片</p>`,
	"404.html":             `<!doctype html><html lang="ja"><body><h1>見つかりません（サイトの404）</h1></body></html>`,
	"assets/css/style.css": `body{color:red}</body>`,
	"assets/js/search.js":  `console.log("</body>")`,
	"index.xml":            `<?xml version="1.0"?><feed/>`,
	"search/index.json":    `{}`,
	"tags/クレーム/index.html": `<html><body>タグ</body></html>`,
}

// newBuiltServer returns a Server that has built files under base, with a
// secret file beside it on disk that must never be served.
func newBuiltServer(t *testing.T, base string, files map[string]string) *Server {
	t.Helper()
	dir := t.TempDir()
	if err := os.WriteFile(filepath.Join(dir, "secret.txt"), []byte(secret), 0o644); err != nil {
		t.Fatal(err)
	}
	s, err := New(Options{Source: filepath.Join(dir, "site"), Builder: staticBuilder(base, files)})
	if err != nil {
		t.Fatal(err)
	}
	if err := s.Rebuild(context.Background(), nil); err != nil {
		t.Fatal(err)
	}
	return s
}

func get(t *testing.T, h http.Handler, method, target string) *httptest.ResponseRecorder {
	t.Helper()
	rec := httptest.NewRecorder()
	req := httptest.NewRequest(method, target, nil)
	req.Host = "127.0.0.1:1313"
	h.ServeHTTP(rec, req)
	return rec
}

func TestServeFiles(t *testing.T) {
	s := newBuiltServer(t, "/", sampleSite)
	tests := []struct {
		name       string
		method     string
		target     string
		status     int
		ctype      string
		location   string
		bodyHas    string
		injected   bool
		injectedAt string // the text the script must come right before
	}{
		{name: "home", target: "/", status: 200, ctype: "text/html; charset=utf-8", bodyHas: "<h1>ホーム</h1>", injected: true, injectedAt: "</body>"},
		{name: "directory index", target: "/posts/a/", status: 200, ctype: "text/html; charset=utf-8", bodyHas: "前編①", injected: true, injectedAt: "</BODY>"},
		{name: "explicit index.html", target: "/posts/a/index.html", status: 200, bodyHas: "前編①", injected: true},
		{name: "page without body", target: "/posts/bare.html", status: 200, bodyHas: "断片", injected: true},
		{name: "directory without slash redirects", target: "/posts/a", status: 302, location: "/posts/a/"},
		{name: "redirect keeps the query", target: "/posts/a?x=1", status: 302, location: "/posts/a/?x=1"},
		{name: "stylesheet", target: "/assets/css/style.css", status: 200, ctype: "text/css; charset=utf-8", bodyHas: "color:red"},
		{name: "script", target: "/assets/js/search.js", status: 200, ctype: "text/javascript; charset=utf-8"},
		{name: "feed", target: "/index.xml", status: 200, ctype: "application/xml; charset=utf-8"},
		{name: "json", target: "/search/index.json", status: 200, ctype: "application/json"},
		{name: "japanese path", target: "/tags/%E3%82%AF%E3%83%AC%E3%83%BC%E3%83%A0/", status: 200, bodyHas: "タグ", injected: true},
		{name: "unknown path", target: "/posts/missing/", status: 404, ctype: "text/html; charset=utf-8", bodyHas: "サイトの404", injected: true},
		{name: "unknown file", target: "/missing.css", status: 404, bodyHas: "サイトの404", injected: true},
		{name: "own prefix unknown", target: "/__rensai/nothing", status: 404},
		{name: "reload script", target: "/__rensai/live.js", status: 200, ctype: "text/javascript; charset=utf-8", bodyHas: "EventSource"},
		{name: "head", method: "HEAD", target: "/posts/a/", status: 200, ctype: "text/html; charset=utf-8"},
		{name: "post refused", method: "POST", target: "/", status: 405},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			method := tt.method
			if method == "" {
				method = "GET"
			}
			rec := get(t, s.Handler(), method, tt.target)
			body := rec.Body.String()
			if rec.Code != tt.status {
				t.Fatalf("status = %d, want %d; body %q", rec.Code, tt.status, body)
			}
			if got := rec.Header().Get("Cache-Control"); got != "no-store" {
				t.Errorf("Cache-Control = %q, want no-store", got)
			}
			if tt.ctype != "" && rec.Header().Get("Content-Type") != tt.ctype {
				t.Errorf("Content-Type = %q, want %q", rec.Header().Get("Content-Type"), tt.ctype)
			}
			if tt.location != "" && rec.Header().Get("Location") != tt.location {
				t.Errorf("Location = %q, want %q", rec.Header().Get("Location"), tt.location)
			}
			if !strings.Contains(body, tt.bodyHas) {
				t.Errorf("body %q lacks %q", body, tt.bodyHas)
			}
			if method == "HEAD" && body != "" {
				t.Errorf("HEAD returned a body")
			}
			if has := strings.Contains(body, scriptPath); has != tt.injected && tt.target != "/__rensai/live.js" {
				t.Errorf("reload script injected = %v, want %v", has, tt.injected)
			}
			if tt.injectedAt != "" && !strings.Contains(body, "></script>"+tt.injectedAt) {
				t.Errorf("script not right before %s: %q", tt.injectedAt, body)
			}
		})
	}
}

func TestServeNeverEscapesTheSite(t *testing.T) {
	s := newBuiltServer(t, "/", sampleSite)
	srv := httptest.NewServer(s.Handler())
	defer srv.Close()
	targets := []string{
		"/../secret.txt",
		"/../../etc/passwd",
		"/%2e%2e/secret.txt",
		"/%2E%2E/%2e%2e/etc/passwd",
		"/posts/..%2f..%2fsecret.txt",
		"/%2e%2e%2fsecret.txt",
		"/posts/%2e%2e/%2e%2e/secret.txt",
		"/..%5csecret.txt",
		"/%5c..%5c..%5csecret.txt",
		"/posts\\..\\..\\secret.txt",
		"//etc/passwd",
		"/etc/passwd",
		"/" + filepath.ToSlash(os.TempDir()) + "/secret.txt",
		"/C:/Windows/win.ini",
		"/secret.txt%00.html",
		"/site/../secret.txt",
	}
	for _, target := range targets {
		t.Run(target, func(t *testing.T) {
			status, body := rawGet(t, srv.Listener.Addr().String(), target)
			if status == 200 || status == 302 {
				t.Errorf("status %d for %s", status, target)
			}
			if strings.Contains(body, secret) || strings.Contains(body, "root:") {
				t.Errorf("body of %s leaks a file from disk: %q", target, body)
			}
			if status == 404 && !strings.Contains(body, "サイトの404") {
				t.Errorf("404 for %s lacks the site's 404 page: %q", target, body)
			}
		})
	}
}

// rawGet sends target exactly as written, so no client cleans it first.
func rawGet(t *testing.T, addr, target string) (int, string) {
	t.Helper()
	conn, err := net.Dial("tcp", addr)
	if err != nil {
		t.Fatal(err)
	}
	defer conn.Close()
	fmt.Fprintf(conn, "GET %s HTTP/1.1\r\nHost: %s\r\nConnection: close\r\n\r\n", target, addr)
	resp, err := http.ReadResponse(bufio.NewReader(conn), nil)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	body, _ := io.ReadAll(resp.Body)
	return resp.StatusCode, string(body)
}

func TestServeUnderBasePath(t *testing.T) {
	s := newBuiltServer(t, "/repo/", sampleSite)
	tests := []struct {
		target   string
		status   int
		location string
		bodyHas  string
	}{
		{target: "/repo/", status: 200, bodyHas: "<h1>ホーム</h1>"},
		{target: "/repo/posts/a/", status: 200, bodyHas: `data-page="/repo/posts/a/"`},
		{target: "/repo/posts/a", status: 302, location: "/repo/posts/a/"},
		{target: "/repo", status: 302, location: "/repo/"},
		{target: "/", status: 302, location: "/repo/"},
		{target: "/posts/a/", status: 404, bodyHas: "サイトの404"},
		{target: "/repo/nothing/", status: 404, bodyHas: `data-page="/repo/nothing/" data-base="/repo/" data-missing="1"`},
	}
	for _, tt := range tests {
		t.Run(tt.target, func(t *testing.T) {
			rec := get(t, s.Handler(), "GET", tt.target)
			if rec.Code != tt.status {
				t.Fatalf("status = %d, want %d", rec.Code, tt.status)
			}
			if tt.location != "" && rec.Header().Get("Location") != tt.location {
				t.Errorf("Location = %q, want %q", rec.Header().Get("Location"), tt.location)
			}
			if !strings.Contains(rec.Body.String(), tt.bodyHas) {
				t.Errorf("body lacks %q: %q", tt.bodyHas, rec.Body.String())
			}
		})
	}
}

func TestServeWithoutSite404(t *testing.T) {
	tests := []struct{ lang, want string }{
		{"", `<html lang="en"><head><meta charset="utf-8"><title>Page not found</title>`},
		{LangEnglish, `<h1>Page not found</h1><p>This site has no 404.html.</p>`},
		{LangJapanese, `<html lang="ja"><head><meta charset="utf-8"><title>ページが見つかりません</title>`},
	}
	for _, tt := range tests {
		t.Run("lang="+tt.lang, func(t *testing.T) {
			s, err := New(Options{Lang: tt.lang, Builder: staticBuilder("/", map[string]string{"index.html": "<body>ホーム</body>"})})
			if err != nil {
				t.Fatal(err)
			}
			if err := s.Rebuild(context.Background(), nil); err != nil {
				t.Fatal(err)
			}
			rec := get(t, s.Handler(), "GET", "/nothing/")
			if rec.Code != 404 || !strings.Contains(rec.Body.String(), tt.want) {
				t.Errorf("status %d, body %q, want it to hold %q", rec.Code, rec.Body.String(), tt.want)
			}
		})
	}
}

func TestServeErrorPageBeforeFirstGoodBuild(t *testing.T) {
	fail := true
	s, err := New(Options{Builder: funcBuilder(func(context.Context, []string) (*Result, error) {
		if fail {
			return nil, errors.New("content/posts/a.md:3: front matter の <script> が閉じていません")
		}
		return &Result{Files: map[string][]byte{"index.html": []byte("<body>直りました</body>")}, BasePath: "/"}, nil
	})})
	if err != nil {
		t.Fatal(err)
	}
	if err := s.Rebuild(context.Background(), nil); err == nil {
		t.Fatal("Rebuild succeeded with a failing builder")
	}
	for _, target := range []string{"/", "/posts/a/", "/style.css", "/anything/at/all"} {
		rec := get(t, s.Handler(), "GET", target)
		body := rec.Body.String()
		if rec.Code != http.StatusInternalServerError || rec.Header().Get("Content-Type") != "text/html; charset=utf-8" {
			t.Errorf("%s: status %d, type %q", target, rec.Code, rec.Header().Get("Content-Type"))
		}
		if !strings.Contains(body, "content/posts/a.md:3: front matter の &lt;script&gt; が閉じていません") {
			t.Errorf("%s: error text missing or unescaped: %q", target, body)
		}
		if strings.Contains(body, "<script> が") {
			t.Errorf("%s: error text not escaped", target)
		}
		if !strings.Contains(body, `data-error="1"`) {
			t.Errorf("%s: error page lacks the reload script", target)
		}
	}
	fail = false
	if err := s.Rebuild(context.Background(), []string{"content/posts/a.md"}); err != nil {
		t.Fatal(err)
	}
	if rec := get(t, s.Handler(), "GET", "/"); rec.Code != 200 || !strings.Contains(rec.Body.String(), "直りました") {
		t.Errorf("after the fix: status %d, body %q", rec.Code, rec.Body.String())
	}
}

func TestServeRefusesForeignHosts(t *testing.T) {
	tests := []struct {
		name string
		bind string
		host string
		want int
	}{
		{"loopback address", "127.0.0.1", "127.0.0.1:1313", 200},
		{"localhost", "127.0.0.1", "localhost:1313", 200},
		{"localhost without port", "127.0.0.1", "localhost", 200},
		{"ipv6 loopback", "127.0.0.1", "[::1]:1313", 200},
		{"sub-domain of localhost", "::1", "blog.localhost:1313", 200},
		{"rebound domain", "127.0.0.1", "evil.example:1313", 403},
		{"rebound domain on localhost bind", "localhost", "attacker.test", 403},
		{"any host when bound to all", "0.0.0.0", "laptop.local:1313", 200},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			s, err := New(Options{Bind: tt.bind, Builder: staticBuilder("/", sampleSite)})
			if err != nil {
				t.Fatal(err)
			}
			if err := s.Rebuild(context.Background(), nil); err != nil {
				t.Fatal(err)
			}
			req := httptest.NewRequest("GET", "/", nil)
			req.Host = tt.host
			rec := httptest.NewRecorder()
			s.Handler().ServeHTTP(rec, req)
			if rec.Code != tt.want {
				t.Errorf("status %d for Host %q bound to %s, want %d", rec.Code, tt.host, tt.bind, tt.want)
			}
			if tt.want == 403 && strings.Contains(rec.Body.String(), "ホーム") {
				t.Errorf("a refused request got the page")
			}
		})
	}
}

func TestInjectScript(t *testing.T) {
	const tag = "<script></script>"
	tests := []struct {
		name, page, want string
	}{
		{"before body end", "<html><body>x</body></html>", "<html><body>x<script></script></body></html>"},
		{"upper case", "<BODY>x</BODY>", "<BODY>x<script></script></BODY>"},
		{"last body end", "<body><pre>&lt;/body&gt;</body></body>", "<body><pre>&lt;/body&gt;</body><script></script></body>"},
		{"no body", "<p>x</p>", "<p>x</p><script></script>\n"},
		{"empty", "", "<script></script>\n"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			page := []byte(tt.page)
			orig := bytes.Clone(page)
			if got := string(injectScript(page, tag)); got != tt.want {
				t.Errorf("injectScript = %q, want %q", got, tt.want)
			}
			if !bytes.Equal(page, orig) {
				t.Errorf("the built page was modified")
			}
		})
	}
}

func TestLiveTagEscapes(t *testing.T) {
	got := liveTag{build: `a"b`, page: `/x/"><img src=x>/`, base: "/"}.String()
	if strings.Contains(got, `"><img`) {
		t.Errorf("page path not escaped: %s", got)
	}
}

func TestServedFilesAreNotModified(t *testing.T) {
	s := newBuiltServer(t, "/", sampleSite)
	get(t, s.Handler(), "GET", "/posts/a/")
	site, _, _ := s.snapshot()
	got, err := site.files["posts/a/index.html"].bytes("")
	if err != nil {
		t.Fatal(err)
	}
	if string(got) != sampleSite["posts/a/index.html"] {
		t.Errorf("build output changed by serving: %q", got)
	}
}
