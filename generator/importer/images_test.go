package importer

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"image"
	"image/png"
	"net/http"
	"net/http/httptest"
	"net/url"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"sync"
	"testing"
	"testing/fstest"
	"time"

	"github.com/rensai-ssg/rensai/generator"
	"github.com/rensai-ssg/rensai/generator/check"
	"github.com/rensai-ssg/rensai/generator/i18n"
)

// pngFile is a 2x1 PNG whose bytes differ by tag (after its end, where
// decoders do not look).
func pngFile(tag string) []byte {
	var b bytes.Buffer
	if err := png.Encode(&b, image.NewGray(image.Rect(0, 0, 2, 1))); err != nil {
		panic(err)
	}
	return append(b.Bytes(), tag...)
}

// imageServer serves the images of the tests on 127.0.0.1 and counts the
// requests by path.
type imageServer struct {
	*httptest.Server
	mu   sync.Mutex
	hits map[string]int
}

func newImageServer(t *testing.T) *imageServer {
	s := &imageServer{hits: map[string]int{}}
	mux := http.NewServeMux()
	image := func(p string) {
		mux.HandleFunc(p, func(w http.ResponseWriter, r *http.Request) {
			w.Header().Set("Content-Type", "image/png")
			w.Write(pngFile(p))
		})
	}
	for _, p := range []string{"/img/a.png", "/img/a-300x200.png", "/img/a-1024x768.png", "/other/a.png", "/img/code.png",
		"/images/fotolife/e/eigyo/20190830/20190830093000.png"} {
		image(p)
	}
	mux.HandleFunc("/moved.png", func(w http.ResponseWriter, r *http.Request) {
		http.Redirect(w, r, "/img/a.png", http.StatusFound)
	})
	mux.HandleFunc("/loop.png", func(w http.ResponseWriter, r *http.Request) {
		http.Redirect(w, r, "/loop.png", http.StatusFound)
	})
	mux.HandleFunc("/big.png", func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "image/png")
		w.Write(append(pngFile("big"), bytes.Repeat([]byte{0}, 4096)...))
	})
	mux.HandleFunc("/page.png", func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "image/png") // a lie: the bytes are a page
		fmt.Fprint(w, "<!DOCTYPE html><html><body>not found</body></html>")
	})
	mux.HandleFunc("/html.png", func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "text/html; charset=utf-8")
		fmt.Fprint(w, "<!DOCTYPE html><html><body>login</body></html>")
	})
	s.Server = httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		s.mu.Lock()
		s.hits[r.URL.Path]++
		s.mu.Unlock()
		mux.ServeHTTP(w, r)
	}))
	t.Cleanup(s.Close)
	return s
}

func (s *imageServer) count(p string) int {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.hits[p]
}

func (s *imageServer) total() int {
	s.mu.Lock()
	defer s.mu.Unlock()
	n := 0
	for _, c := range s.hits {
		n += c
	}
	return n
}

// hatenaHost sends the requests for はてな's image host to the test
// server, so the fotolife notation's real address is fetched from it.
type hatenaHost struct{ server *url.URL }

func (h hatenaHost) RoundTrip(r *http.Request) (*http.Response, error) {
	if r.URL.Host == "cdn-ak.st-hatena.com" {
		r = r.Clone(r.Context())
		r.URL.Scheme, r.URL.Host, r.Host = "http", h.server.Host, h.server.Host
	}
	return http.DefaultTransport.RoundTrip(r)
}

// imagePostXML is one published WordPress post.
func imagePostXML(id int, slug, title, html string) string {
	return fmt.Sprintf(`<item><title>%s</title><link>https://old.example.jp/%s/</link>
<content:encoded><![CDATA[%s]]></content:encoded>
<wp:post_id>%d</wp:post_id><wp:post_date_gmt><![CDATA[2025-03-0%d 01:00:00]]></wp:post_date_gmt>
<wp:post_name><![CDATA[%s]]></wp:post_name><wp:status><![CDATA[publish]]></wp:status><wp:post_type><![CDATA[post]]></wp:post_type></item>
`, title, slug, html, id, id, slug)
}

// imageExport is a WXR export with a post that shows good images and one
// whose images all fail, and a はてな export with a fotolife notation.
func imageExport(srv string) fstest.MapFS {
	good := fmt.Sprintf(`<p><a href="%[1]s/img/a-1024x768.png"><img src="%[1]s/img/a-300x200.png" srcset="%[1]s/img/a-300x200.png 300w, %[1]s/img/a-1024x768.png 1024w" alt="鍵"></a></p>
<p><img src="%[1]s/img/a.png" alt="一つ目"> と <img src="%[1]s/other/a.png" alt="二つ目"></p>
<p><img src="%[1]s/moved.png" alt="移った"></p>
<p>もう一度: <img src="%[1]s/img/a.png" alt="同じ"></p>`, srv)
	bad := fmt.Sprintf(`<p><img src="%[1]s/missing.png" alt="ない"></p>
<p><img src="%[1]s/big.png" alt="大きい"></p>
<p><img src="%[1]s/page.png" alt="ページ"></p>
<p><img src="%[1]s/html.png" alt="ログイン"></p>
<p><img src="%[1]s/loop.png" alt="輪"></p>
<p><img src="%[1]s/img/a.png" alt="共有"></p>
<pre><code>![コード](%[1]s/img/code.png)</code></pre>`, srv)
	wxr := `<?xml version="1.0" encoding="UTF-8" ?>
<rss version="2.0" xmlns:content="http://purl.org/rss/1.0/modules/content/" xmlns:wp="http://wordpress.org/export/1.2/"><channel><title>t</title>
` + imagePostXML(1, "kagi", "鍵の写真", good) + imagePostXML(2, "shippai", "失敗する画像", bad) + "</channel></rss>\n"
	hatena := "TITLE: 更衣室の写真\nBASENAME: 2019/08/30/093000\nSTATUS: Publish\nDATE: 08/30/2019 09:30:00\n-----\nBODY:\n写真です。\n\n[f:id:eigyo:20190830093000p:plain]\n-----\n--------\n"
	return fstest.MapFS{"export.xml": {Data: []byte(wxr)}, "blog.export.txt": {Data: []byte(hatena)}}
}

func imageOptions(srv *imageServer) Options {
	opts := testOptions()
	u, _ := url.Parse(srv.URL)
	opts.Images = Images{Transport: hatenaHost{server: u}, MaxFile: 1024}
	return opts
}

func importImages(t *testing.T, ctx context.Context, kind, name string, srv *imageServer, opts Options) (*Result, error) {
	t.Helper()
	return Import(ctx, kind, []Input{{FS: imageExport(srv.URL), Path: name, Display: name}}, opts)
}

func planFile(plan *Plan, p string) []byte {
	for _, f := range plan.Files {
		if f.Path == p {
			return f.Data
		}
	}
	return nil
}

func TestImagesFetched(t *testing.T) {
	srv := newImageServer(t)
	res, err := importImages(t, t.Context(), "wxr", "export.xml", srv, imageOptions(srv))
	if err != nil {
		t.Fatal(err)
	}
	post := string(planFile(res.Plan, "content/posts/kagi.md"))
	for _, want := range []string{
		"[![鍵](kagi/a-1024x768.png)](kagi/a-1024x768.png)", // the largest srcset candidate, and the link to it
		"![一つ目](kagi/a.png)", "![移った](kagi/moved.png)", "![同じ](kagi/a.png)",
	} {
		if !strings.Contains(post, want) {
			t.Errorf("kagi.md lacks %q:\n%s", want, post)
		}
	}
	other := regexp.MustCompile(`!\[二つ目\]\(kagi/(a-[0-9a-f]{8}\.png)\)`).FindStringSubmatch(post)
	if other == nil {
		t.Fatalf("the second a.png has no hashed name:\n%s", post)
	}
	if strings.Contains(post, srv.URL) {
		t.Errorf("kagi.md still links the server:\n%s", post)
	}
	files := map[string][]byte{
		"content/posts/kagi/a-1024x768.png": pngFile("/img/a-1024x768.png"),
		"content/posts/kagi/a.png":          pngFile("/img/a.png"),
		"content/posts/kagi/" + other[1]:    pngFile("/other/a.png"),
		"content/posts/kagi/moved.png":      pngFile("/img/a.png"),
		"content/posts/shippai/a.png":       pngFile("/img/a.png"), // the shared image, in each post's folder
	}
	for p, want := range files {
		if got := planFile(res.Plan, p); !bytes.Equal(got, want) {
			t.Errorf("%s = %q, want %q", p, got, want)
		}
	}
	if n := len(res.Plan.Files); n != 2+len(files) {
		t.Errorf("%d files in the plan, want %d", n, 2+len(files))
	}
	for p, want := range map[string]int{"/img/a.png": 2, "/img/a-300x200.png": 0, "/img/code.png": 0, "/missing.png": 1} {
		// /img/a.png: once for itself, once at the end of /moved.png's redirect.
		if got := srv.count(p); got != want {
			t.Errorf("%s requested %d times, want %d", p, got, want)
		}
	}
	if r := res.Images; r.Fetched != 4 || r.Failed != 5 || r.Kept != 0 || r.Bytes == 0 {
		t.Errorf("report %+v, want 4 fetched, 5 failed", r)
	}
	bad := string(planFile(res.Plan, "content/posts/shippai.md"))
	if !strings.Contains(bad, "![ない]("+srv.URL+"/missing.png)") || !strings.Contains(bad, "![共有](shippai/a.png)") || !strings.Contains(bad, srv.URL+"/img/code.png") {
		t.Errorf("shippai.md should keep the failed links and the code, and link the shared image locally:\n%s", bad)
	}
	reasons := map[string]string{
		"/missing.png": "the server answered 404 Not Found", "/big.png": "larger than 1 KiB",
		"/page.png": "sent as image/png, but the bytes are text/html", "/html.png": "the server sent text/html, not an image",
		"/loop.png": "more than 5 redirects",
	}
	for p, reason := range reasons {
		found := slices.ContainsFunc(res.Warnings, func(w Warning) bool {
			return w.Kind == "image" && w.Path == "export.xml" && strings.Contains(w.Msg, "post 2: the image "+srv.URL+p+" was not downloaded ("+reason+")")
		})
		if !found {
			t.Errorf("no warning for %s with %q in %v", p, reason, res.Warnings)
		}
	}
}

func TestImagesFotolife(t *testing.T) {
	srv := newImageServer(t)
	res, err := importImages(t, t.Context(), "hatena", "blog.export.txt", srv, imageOptions(srv))
	if err != nil {
		t.Fatal(err)
	}
	if len(res.Warnings) != 0 {
		t.Errorf("warnings: %v", res.Warnings)
	}
	var md string
	for _, f := range res.Plan.Files {
		if strings.HasSuffix(f.Path, ".md") {
			md = string(f.Data)
		}
		if strings.HasSuffix(f.Path, "/20190830093000.png") && !bytes.Equal(f.Data, pngFile("/images/fotolife/e/eigyo/20190830/20190830093000.png")) {
			t.Errorf("%s holds %q", f.Path, f.Data)
		}
	}
	if !regexp.MustCompile(`!\[\]\([^/()]+/20190830093000\.png\)`).MatchString(md) || strings.Contains(md, "hatena.com") {
		t.Errorf("the fotolife image is not linked locally:\n%s", md)
	}
	if res.Images.Fetched != 1 {
		t.Errorf("report %+v", res.Images)
	}
}

func TestImagesDryRunAndKept(t *testing.T) {
	srv := newImageServer(t)
	opts := imageOptions(srv)
	opts.Images.Mode = ListImages
	res, err := importImages(t, t.Context(), "wxr", "export.xml", srv, opts)
	if err != nil {
		t.Fatal(err)
	}
	if srv.total() != 0 {
		t.Errorf("a dry run made %d requests", srv.total())
	}
	if len(res.Images.Listed) != 9 || res.Images.Listed[0] != srv.URL+"/img/a-1024x768.png" {
		t.Errorf("listed %v", res.Images.Listed)
	}
	var out bytes.Buffer
	res.WriteReport(&out, nil, i18n.New(i18n.Japanese))
	if !strings.Contains(out.String(), "画像: 9 件を記事のフォルダーにダウンロードします（試行ではダウンロードしません）:\n  "+srv.URL+"/img/a-1024x768.png\n") {
		t.Errorf("report:\n%s", out.String())
	}

	opts.Images.Mode = KeepImages
	res, err = importImages(t, t.Context(), "wxr", "export.xml", srv, opts)
	if err != nil {
		t.Fatal(err)
	}
	if srv.total() != 0 || len(res.Plan.Files) != 2 || res.Images.Kept != 9 {
		t.Errorf("--no-images: %d requests, %d files, report %+v", srv.total(), len(res.Plan.Files), res.Images)
	}
	n := 0
	for _, w := range res.Warnings {
		if w.Kind == "remote-image" && strings.Contains(w.Text(i18n.Japanese), "読者のブラウザーはそのホストへ取りに行きます") {
			n++
		}
	}
	if n != 10 { // 4 distinct in the first post, 6 in the second
		t.Errorf("%d remote-image warnings, want 10: %v", n, res.Warnings)
	}
}

func TestImagesCancelled(t *testing.T) {
	ctx, cancel := context.WithCancel(t.Context())
	started := make(chan struct{})
	var once sync.Once
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		once.Do(func() { close(started) })
		<-r.Context().Done() // answers only when the client gives up
	}))
	t.Cleanup(srv.Close)
	go func() {
		<-started
		cancel() // Ctrl-C while the first image downloads
	}()
	opts := testOptions()
	opts.Images = Images{}
	_, err := Import(ctx, "wxr", []Input{{FS: imageExport(srv.URL), Path: "export.xml", Display: "export.xml"}}, opts)
	if !errors.Is(err, context.Canceled) {
		t.Fatalf("err = %v, want context.Canceled", err)
	}
}

// TestImagesSiteBuilds imports with images into a site twice, builds it and
// checks it: the second run changes nothing, and no page shows an image of
// another host.
func TestImagesSiteBuilds(t *testing.T) {
	if testing.Short() {
		t.Skip("builds a site")
	}
	srv := newImageServer(t)
	root := t.TempDir()
	cfg := "baseURL = \"https://example.jp/\"\ntitle = \"t\"\n[search]\nenable = false\n"
	if err := os.WriteFile(filepath.Join(root, "rensai.toml"), []byte(cfg), 0o644); err != nil {
		t.Fatal(err)
	}
	for run := range 2 {
		for _, in := range [][2]string{{"wxr", "export.xml"}, {"hatena", "blog.export.txt"}} {
			res, err := importImages(t, t.Context(), in[0], in[1], srv, imageOptions(srv))
			if err != nil {
				t.Fatal(err)
			}
			w, err := Apply(res.Plan, root, false, false)
			if err != nil {
				t.Fatal(err)
			}
			if run == 1 && (w.Created != 0 || w.Replaced != 0 || w.Unchanged != len(res.Plan.Files)) {
				t.Errorf("second import of %s: %+v", in[1], w)
			}
		}
	}
	// A different file where an image goes is not replaced without force.
	target := filepath.Join(root, "content", "posts", "kagi", "a.png")
	if err := os.WriteFile(target, []byte("mine"), 0o644); err != nil {
		t.Fatal(err)
	}
	res, _ := importImages(t, t.Context(), "wxr", "export.xml", srv, imageOptions(srv))
	if w, err := Apply(res.Plan, root, false, false); err == nil || !slices.Contains(w.Blocked, "content/posts/kagi/a.png") {
		t.Errorf("a changed image was not protected: %v %+v", err, w)
	}
	if err := os.WriteFile(target, pngFile("/img/a.png"), 0o644); err != nil {
		t.Fatal(err)
	}
	ctx := context.Background()
	built, err := generator.Build(ctx, generator.Options{Source: root})
	if err != nil {
		t.Fatalf("build: %v", err)
	}
	remote := 0
	for _, w := range built.Warnings {
		if w.Key == "markdown.remoteImage" {
			remote++
			if w.Path != "content/posts/shippai.md" {
				t.Errorf("build warning: %s", w)
			}
		}
	}
	if remote != 5 { // the five that failed to download, and no other
		t.Errorf("the build warns of %d remote images, want 5: %v", remote, built.Warnings)
	}
	public := filepath.Join(root, "public")
	for _, p := range []string{"posts/kagi/a-1024x768.png", "posts/kagi/moved.png", "posts/shippai/a.png"} {
		if _, err := os.Stat(filepath.Join(public, p)); err != nil {
			t.Errorf("not published: %v", err)
		}
	}
	page, err := os.ReadFile(filepath.Join(public, "posts", "kagi", "index.html"))
	if err != nil {
		t.Fatal(err)
	}
	if imgs := regexp.MustCompile(`<img[^>]+src="([^"]+)"`).FindAllStringSubmatch(string(page), -1); len(imgs) != 5 {
		t.Errorf("kagi shows %d images, want 5", len(imgs))
	} else {
		for _, m := range imgs {
			if !strings.HasPrefix(m[1], "/posts/kagi/") {
				t.Errorf("kagi shows %s", m[1])
			}
		}
	}
	m, err := generator.LoadModel(ctx, generator.Options{Source: root})
	if err != nil {
		t.Fatal(err)
	}
	rep, err := check.Check(ctx, os.DirFS(public), generator.CheckOptions(m, "https://example.jp/"))
	if err != nil {
		t.Fatal(err)
	}
	for _, p := range rep.Problems {
		t.Errorf("check: %s", p)
	}
}

func TestImageName(t *testing.T) {
	tests := []struct{ url, ext, want string }{
		{"https://x.jp/wp-content/uploads/2025/03/Key-Photo.JPG", ".jpg", "Key-Photo.jpg"},
		{"https://x.jp/a/%E9%8D%B5.png?w=300", ".png", "image.png"},
		{"https://x.jp/a/..%2F..%2Fetc%2Fpasswd", ".png", "passwd.png"},
		{"https://x.jp/.hidden.gif", ".gif", "hidden.gif"},
		{"https://x.jp/_private%20file.webp", ".webp", "private-file.webp"},
		{"https://x.jp/photo.php?id=3", ".jpg", "photo-php.jpg"},
		{"https://x.jp/", ".png", "image.png"},
		{"https://x.jp/" + strings.Repeat("a", 100) + ".png", ".png", strings.Repeat("a", 60) + ".png"},
	}
	for _, tt := range tests {
		if got := imageName(tt.url, tt.ext); got != tt.want {
			t.Errorf("imageName(%q) = %q, want %q", tt.url, got, tt.want)
		}
	}
	if a, b := hashedName("a.png", "https://x.jp/1/a.png"), hashedName("a.png", "https://x.jp/1/a.png"); a != b || a == hashedName("a.png", "https://x.jp/2/a.png") {
		t.Errorf("hashed names %q %q are not stable and distinct", a, b)
	}
}

// TestImageLimits: a server that never answers runs into the timeout,
// images past the import's total are not kept, and a body shorter than
// announced is no image; each leaves the remote link with the reason.
func TestImageLimits(t *testing.T) {
	mux := http.NewServeMux()
	mux.HandleFunc("/hang.png", func(w http.ResponseWriter, r *http.Request) {
		<-r.Context().Done() // until the client gives up
	})
	mux.HandleFunc("/short.png", func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "image/png")
		w.Header().Set("Content-Length", "1000")
		w.Write(pngFile("")[:20]) // and the connection closes
	})
	mux.HandleFunc("/", func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "image/png")
		w.Write(pngFile(r.URL.Path))
	})
	srv := httptest.NewServer(mux)
	t.Cleanup(srv.Close)
	html := fmt.Sprintf(`<p><img src="%[1]s/one.png"></p><p><img src="%[1]s/two.png"></p><p><img src="%[1]s/hang.png"></p><p><img src="%[1]s/short.png"></p>`, srv.URL)
	wxr := `<?xml version="1.0" encoding="UTF-8" ?>
<rss version="2.0" xmlns:content="http://purl.org/rss/1.0/modules/content/" xmlns:wp="http://wordpress.org/export/1.2/"><channel><title>t</title>
` + imagePostXML(1, "kagi", "鍵", html) + "</channel></rss>\n"
	opts := testOptions()
	one := int64(len(pngFile("/one.png")))
	opts.Images = Images{Workers: 1, MaxTotal: one + 1, Timeout: time.Second}
	res, err := Import(t.Context(), "wxr", []Input{{FS: fstest.MapFS{"e.xml": {Data: []byte(wxr)}}, Path: "e.xml", Display: "e.xml"}}, opts)
	if err != nil {
		t.Fatal(err)
	}
	if res.Images.Fetched != 1 || res.Images.Failed != 3 || planFile(res.Plan, "content/posts/kagi/one.png") == nil {
		t.Fatalf("report %+v", res.Images)
	}
	var msgs []string
	for _, w := range res.Warnings {
		msgs = append(msgs, w.Msg)
	}
	all := strings.Join(msgs, "\n")
	if !strings.Contains(all, srv.URL+"/two.png was not downloaded (the import's images passed "+fmt.Sprint(one+1)+" B in all)") ||
		!strings.Contains(all, srv.URL+"/hang.png was not downloaded (no answer within 1s)") ||
		!strings.Contains(all, srv.URL+"/short.png was not downloaded (the download broke off: unexpected EOF)") {
		t.Errorf("warnings:\n%s", all)
	}
	var out bytes.Buffer
	res.WriteReport(&out, nil, i18n.New(i18n.English))
	if !strings.Contains(out.String(), "images: 1 downloaded into the articles' folders (0.0 MB), 3 not downloaded (see the warnings)") {
		t.Errorf("report:\n%s", out.String())
	}
}
