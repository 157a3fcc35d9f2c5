package devserver

import (
	"bytes"
	"compress/gzip"
	"io"
	"net/http"
	"net/http/httptest"
	"runtime"
	"strconv"
	"strings"
	"testing"
)

// gzipSite has files big enough to be stored compressed, a page whose tail
// after </body> needs more than one stored deflate block, and files that
// stay as built.
var gzipSite = func() map[string]string {
	para := strings.Repeat("<p>派遣先から苦情の電話があり、営業担当が謝罪に向かった。</p>\n", 80)
	return map[string]string{
		"index.html":            "<!doctype html><html lang=\"ja\"><body><main>" + para + "</main></body></html>\n",
		"posts/a/index.html":    "<!doctype html><html lang=\"ja\"><BODY>" + para + "</Body><!--" + strings.Repeat("後", 30000) + "--></html>",
		"posts/bare/index.html": "<p>body のない断片</p>" + para,
		"tiny/index.html":       "<p>短い</p>",
		"assets/css/style.css":  strings.Repeat("body{color:#333;line-height:1.8}\n", 60),
		"index.xml":             "<?xml version=\"1.0\"?><feed>" + strings.Repeat("<entry><title>続編⑥</title></entry>", 60) + "</feed>",
		"robots.txt":            "User-agent: *\n",
		"img/a.png":             "\x89PNG\r\n\x1a\n" + strings.Repeat("\x00", 600),
	}
}()

// decode returns a response's body as the client sees it.
func decode(t *testing.T, h http.Header, body []byte) []byte {
	t.Helper()
	if h.Get("Content-Encoding") != "gzip" {
		return body
	}
	zr, err := gzip.NewReader(bytes.NewReader(body))
	if err != nil {
		t.Fatalf("bad gzip: %v", err)
	}
	out, err := io.ReadAll(zr)
	if err != nil {
		t.Fatalf("bad gzip stream: %v", err)
	}
	return out
}

func TestServeGzip(t *testing.T) {
	s := newBuiltServer(t, "/", gzipSite)
	site, id, _ := s.snapshot()
	tests := []struct {
		name   string
		file   string // the built file served
		target string
		html   bool
		gzip   bool // stored compressed
	}{
		{"page", "index.html", "/", true, true},
		{"page with a long tail", "posts/a/index.html", "/posts/a/", true, true},
		{"page without body", "posts/bare/index.html", "/posts/bare/", true, true},
		{"tiny page", "tiny/index.html", "/tiny/", true, true},
		{"stylesheet", "assets/css/style.css", "/assets/css/style.css", false, true},
		{"feed", "index.xml", "/index.xml", false, true},
		{"tiny file", "robots.txt", "/robots.txt", false, false},
		{"image", "img/a.png", "/img/a.png", false, false},
	}
	accepts := []struct {
		header string
		gzip   bool
	}{
		{"gzip, deflate, br", true},
		{"br;q=1.0, GZIP;q=0.5", true},
		{"*", true},
		{"", false},
		{"identity", false},
		{"gzip;q=0", false},
	}
	for _, tt := range tests {
		built := []byte(gzipSite[tt.file])
		want := built
		if tt.html {
			tag := liveTag{build: id, page: pageURL("/", tt.file), base: "/"}
			want = injectScript(built, tag.String())
		}
		if e := site.files[tt.file]; (e.gz != nil) != tt.gzip {
			t.Errorf("%s: stored compressed = %v, want %v", tt.file, e.gz != nil, tt.gzip)
		}
		for _, ae := range accepts {
			for _, method := range []string{"GET", "HEAD"} {
				t.Run(tt.name+"/"+ae.header+"/"+method, func(t *testing.T) {
					rec := getAccepting(t, s.Handler(), method, tt.target, ae.header)
					if rec.Code != 200 {
						t.Fatalf("status %d", rec.Code)
					}
					h := rec.Header()
					gz := tt.gzip && ae.gzip
					if got := h.Get("Content-Encoding") == "gzip"; got != gz {
						t.Errorf("Content-Encoding %q, want gzip %v", h.Get("Content-Encoding"), gz)
					}
					if got := h.Get("Vary") == "Accept-Encoding"; got != tt.gzip {
						t.Errorf("Vary %q, want Accept-Encoding %v", h.Get("Vary"), tt.gzip)
					}
					if method == "HEAD" {
						if rec.Body.Len() != 0 {
							t.Errorf("HEAD has a body of %d bytes", rec.Body.Len())
						}
						full := getAccepting(t, s.Handler(), "GET", tt.target, ae.header)
						if got, want := h.Get("Content-Length"), strconv.Itoa(full.Body.Len()); got != want {
							t.Errorf("HEAD Content-Length %s, GET sends %s bytes", got, want)
						}
						return
					}
					if got, want := h.Get("Content-Length"), strconv.Itoa(rec.Body.Len()); got != want {
						t.Errorf("Content-Length %s, body %s bytes", got, want)
					}
					if got := decode(t, h, rec.Body.Bytes()); !bytes.Equal(got, want) {
						t.Errorf("decoded body differs from the build (%d bytes, want %d)", len(got), len(want))
					}
				})
			}
		}
	}
}

// getAccepting is get with an Accept-Encoding header ("" sends none).
func getAccepting(t *testing.T, h http.Handler, method, target, accept string) *httptest.ResponseRecorder {
	t.Helper()
	rec := httptest.NewRecorder()
	req, err := http.NewRequest(method, "http://127.0.0.1:1313"+target, nil)
	if err != nil {
		t.Fatal(err)
	}
	if accept != "" {
		req.Header.Set("Accept-Encoding", accept)
	}
	h.ServeHTTP(rec, req)
	return rec
}

func TestReloadScriptOnlyInServedHTML(t *testing.T) {
	s := newBuiltServer(t, "/", gzipSite)
	site, _, _ := s.snapshot()
	for name, built := range gzipSite {
		t.Run(name, func(t *testing.T) {
			stored, err := site.files[name].bytes("")
			if err != nil {
				t.Fatal(err)
			}
			if string(stored) != built {
				t.Errorf("stored file differs from the build")
			}
			target := "/" + strings.TrimSuffix(name, "index.html")
			rec := getAccepting(t, s.Handler(), "GET", target, "gzip")
			served := string(decode(t, rec.Header(), rec.Body.Bytes()))
			n := strings.Count(served, scriptPath)
			if want := map[bool]int{true: 1, false: 0}[fileKind(name) == kindHTML]; n != want {
				t.Errorf("served %s carries the reload script %d times, want %d", name, n, want)
			}
		})
	}
}

// TestStoreHoldsOneCopy checks the memory accounting: a compressed file
// keeps no reference to the builder's bytes (they are collected once the
// builder drops them), a file kept as built is the builder's slice, not a
// copy, and the store's size is what it holds.
func TestStoreHoldsOneCopy(t *testing.T) {
	files := map[string][]byte{}
	for name, data := range gzipSite {
		files[name] = []byte(data)
	}
	png := files["img/a.png"]
	site, _, _ := storeFiles(nil, files, nil, "/")
	weakly := map[string]*entry{}
	for name, e := range site.files {
		weakly[name] = e
	}
	files = nil
	runtime.GC()
	total := 0
	for name, e := range weakly {
		if e.gz != nil {
			if e.raw != nil {
				t.Errorf("%s is stored twice: compressed and as built", name)
			}
			if e.src.Value() != nil {
				t.Errorf("%s: the builder's bytes are still reachable after the builder dropped them", name)
			}
		}
		total += len(e.gz) + len(e.raw) + len(e.tail)
	}
	if e := weakly["img/a.png"]; &e.raw[0] != &png[0] {
		t.Errorf("the image is a copy of the builder's bytes, not the same slice")
	}
	if got := site.storedBytes(); got != total {
		t.Errorf("storedBytes = %d, want %d", got, total)
	}
	runtime.KeepAlive(png)
}

// TestStoreCompressesOnlyChanged stores a second build in which one file
// changed, one came back in a new slice with the same bytes, one was left
// out as unchanged and the rest are the builder's same slices.
func TestStoreCompressesOnlyChanged(t *testing.T) {
	first := map[string][]byte{}
	for name, data := range gzipSite {
		first[name] = []byte(data)
	}
	prev, d, _ := storeFiles(nil, first, nil, "/")
	if len(d.added) != len(first) || len(d.changed)+len(d.removed) != 0 {
		t.Fatalf("first build: %+v, want every file added", d)
	}
	second := map[string][]byte{}
	for name, data := range first {
		second[name] = data
	}
	second["index.xml"] = []byte(gzipSite["index.xml"])
	second["index.html"] = []byte(strings.Replace(gzipSite["index.html"], "謝罪", "説明", 1))
	delete(second, "robots.txt")
	delete(second, "assets/css/style.css") // left out as unchanged
	second["new/index.html"] = []byte("<p>新しい</p>")
	cur, d, err := storeFiles(prev, second, []string{"assets/css/style.css"}, "/")
	if err != nil {
		t.Fatal(err)
	}
	want := fileDiff{changed: []string{"index.html"}, added: []string{"new/index.html"}, removed: []string{"robots.txt"}}
	if strings.Join(d.changed, ",") != strings.Join(want.changed, ",") ||
		strings.Join(d.added, ",") != strings.Join(want.added, ",") ||
		strings.Join(d.removed, ",") != strings.Join(want.removed, ",") {
		t.Errorf("diff = %+v, want %+v", d, want)
	}
	for name, e := range cur.files {
		switch name {
		case "index.html", "new/index.html":
			if e == prev.files[name] {
				t.Errorf("%s changed but kept its old entry", name)
			}
		case "index.xml":
			if &e.gz[0] != &prev.files[name].gz[0] {
				t.Errorf("%s has the same bytes but was compressed again", name)
			}
		default:
			if e != prev.files[name] {
				t.Errorf("%s is the builder's same slice but got a new entry", name)
			}
		}
	}
	runtime.KeepAlive(first)
}

// TestStoreKeepsRenamedFiles: a file the previous build had under
// another name, byte for byte, keeps its stored form instead of being
// compressed again, as the search index's files are at every index.
func TestStoreKeepsRenamedFiles(t *testing.T) {
	text := strings.Repeat("入館証\t返却\n", 100)
	prev, _, _ := storeFiles(nil, map[string][]byte{"search/aaa/v/0.txt": []byte(text), "search/aaa/v/1.txt": []byte(text + "x")}, nil, "/")
	old := prev.files["search/aaa/v/0.txt"]
	if len(old.gz) == 0 {
		t.Fatal("the sample was not compressed")
	}
	cur, d, err := storeFiles(prev, map[string][]byte{"search/bbb/v/0.txt": []byte(text), "search/bbb/v/1.bin": []byte(text + "x"), "search/bbb/v/2.txt": []byte(text + "y")}, nil, "/")
	if err != nil {
		t.Fatal(err)
	}
	if e := cur.files["search/bbb/v/0.txt"]; len(e.gz) == 0 || &e.gz[0] != &old.gz[0] {
		t.Error("a renamed file with the same bytes was compressed again")
	}
	if e := cur.files["search/bbb/v/1.bin"]; e.ctype == prev.files["search/aaa/v/1.txt"].ctype {
		t.Error("a file of another extension took the stored form (and type) of the old one")
	}
	if e := cur.files["search/bbb/v/2.txt"]; len(e.gz) == 0 || &e.gz[0] == &old.gz[0] {
		t.Error("a file with other bytes took an old entry")
	}
	if len(d.added) != 3 || len(d.removed) != 2 {
		t.Errorf("diff = %+v, want 3 added and 2 removed", d)
	}
	for name, want := range map[string]string{"search/bbb/v/0.txt": text, "search/bbb/v/2.txt": text + "y"} {
		if got, err := cur.files[name].bytes(""); err != nil || string(got) != want {
			t.Errorf("%s serves %d bytes (%v), want the %d built", name, len(got), err, len(want))
		}
	}
}

func TestStoreRejectsUnknownUnchanged(t *testing.T) {
	prev, _, _ := storeFiles(nil, map[string][]byte{"a/index.html": []byte("<p>a</p>")}, nil, "/")
	tests := []struct {
		name      string
		files     map[string][]byte
		unchanged []string
	}{
		{"not in the previous build", map[string][]byte{}, []string{"b/index.html"}},
		{"built as well", map[string][]byte{"a/index.html": []byte("<p>a</p>")}, []string{"a/index.html"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if _, _, err := storeFiles(prev, tt.files, tt.unchanged, "/"); err == nil || !strings.Contains(err.Error(), tt.unchanged[0]) {
				t.Errorf("storeFiles = %v, want an error naming %s", err, tt.unchanged[0])
			}
		})
	}
}

func TestAcceptsGzip(t *testing.T) {
	tests := []struct {
		name   string
		header []string
		want   bool
	}{
		{"none", nil, false},
		{"browser", []string{"gzip, deflate, br, zstd"}, true},
		{"only br", []string{"br"}, false},
		{"refused", []string{"gzip;q=0, br"}, false},
		{"refused with spaces", []string{"gzip ; q=0.0"}, false},
		{"weighted", []string{"gzip;q=0.1"}, true},
		{"any", []string{"*"}, true},
		{"second header", []string{"br", "x-gzip"}, true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			h := http.Header{"Accept-Encoding": tt.header}
			if got := acceptsGzip(h); got != tt.want {
				t.Errorf("acceptsGzip(%q) = %v, want %v", tt.header, got, tt.want)
			}
		})
	}
}

// FuzzStoredPage checks that any page, stored and served compressed with
// any script, decodes to the page with the script injected as
// injectScript does it.
func FuzzStoredPage(f *testing.F) {
	f.Add([]byte("<html><body>本文</body></html>"), `<script src="x"></script>`)
	f.Add([]byte("断片"), "")
	f.Add([]byte("</BODY>"+strings.Repeat("x", 70000)), "s")
	f.Fuzz(func(t *testing.T, page []byte, script string) {
		e := newEntry("p/index.html", page, firstByte(page), 0)
		head, rest := e.gzipPage(script)
		got := decode(t, http.Header{"Content-Encoding": {"gzip"}}, append(bytes.Clone(head), rest...))
		want := page
		if script != "" {
			want = injectScript(page, script)
		}
		if !bytes.Equal(got, want) {
			t.Errorf("decoded page differs: %q, want %q", got, want)
		}
		if plain, err := e.bytes(script); err != nil || !bytes.Equal(plain, want) {
			t.Errorf("bytes = %q, %v; want %q", plain, err, want)
		}
	})
}

func TestServeLiveScript(t *testing.T) {
	s := newBuiltServer(t, "/", sampleSite)
	page := get(t, s.Handler(), "GET", "/").Body.String()
	versioned := scriptPath + "?" + scriptVersion
	if !strings.Contains(page, `src="`+versioned+`"`) {
		t.Fatalf("the page does not load the script from %s: %s", versioned, page)
	}
	tests := []struct {
		name, target, accept, cache, encoding string
	}{
		{"versioned, gzip", versioned, "gzip", "max-age=31536000, immutable", "gzip"},
		{"versioned, plain", versioned, "", "max-age=31536000, immutable", ""},
		{"unversioned", scriptPath, "gzip", "no-store", "gzip"},
		{"old version", scriptPath + "?v=000000000000", "", "no-store", ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			rec := getAccepting(t, s.Handler(), "GET", tt.target, tt.accept)
			h := rec.Header()
			if got := h.Get("Cache-Control"); got != tt.cache {
				t.Errorf("Cache-Control %q, want %q", got, tt.cache)
			}
			if got := h.Get("Content-Encoding"); got != tt.encoding {
				t.Errorf("Content-Encoding %q, want %q", got, tt.encoding)
			}
			if got := decode(t, h, rec.Body.Bytes()); !bytes.Equal(got, liveScript) {
				t.Errorf("decoded script differs from live.js (%d bytes, want %d)", len(got), len(liveScript))
			}
		})
	}
}
