package devserver

import (
	"crypto/sha256"
	_ "embed"
	"encoding/hex"
	"fmt"
	"html"
	"mime"
	"net"
	"net/http"
	"path"
	"strconv"
	"strings"
	"time"

	"github.com/rensai-ssg/rensai/generator/diag"
)

// Paths the server answers itself, outside the site and its base path, so
// that pages reach them whatever the base path is (even an error page
// served before the first good build told it).
const (
	eventsPath = "/__rensai/events"
	shownPath  = "/__rensai/shown"
	scriptPath = "/__rensai/live.js"
	ownPrefix  = "/__rensai/"
)

//go:embed live.js
var liveScript []byte

// liveScriptGz is liveScript compressed; scriptVersion is the query of the
// script's URL in pages, which changes with its bytes.
var (
	liveScriptGz  = gzipBytes(liveScript)
	scriptVersion = func() string {
		sum := sha256.Sum256(liveScript)
		return "v=" + hex.EncodeToString(sum[:6])
	}()
)

// keepAlive is how often an idle event stream sends a comment, so that
// proxies and the browser do not time it out.
const keepAlive = 20 * time.Second

// Handler returns the HTTP handler serving the site, the reload script and
// the event stream. Requests for pages wait for the first build.
func (s *Server) Handler() http.Handler { return http.HandlerFunc(s.serveHTTP) }

func (s *Server) serveHTTP(w http.ResponseWriter, r *http.Request) {
	h := w.Header()
	h.Set("Cache-Control", "no-store")
	h.Set("X-Content-Type-Options", "nosniff")
	// live.js posts to shownPath (serveShown); everything else is read.
	if r.Method != http.MethodGet && r.Method != http.MethodHead && (r.Method != http.MethodPost || r.URL.Path != shownPath) {
		h.Set("Allow", "GET, HEAD")
		http.Error(w, s.tr(msgMethod), http.StatusMethodNotAllowed)
		return
	}
	if isLoopback(s.opts.Bind) && !loopbackHost(r.Host) {
		// Bound to this machine only: a page of another site that points
		// its own host name at 127.0.0.1 (DNS rebinding) gets nothing.
		http.Error(w, s.tr(msgForeignHost), http.StatusForbidden)
		return
	}
	p := r.URL.Path
	if !safePath(p) {
		http.Error(w, s.tr(msgBadPath), http.StatusBadRequest)
		return
	}
	switch p {
	case eventsPath:
		s.serveEvents(w, r)
		return
	case scriptPath:
		serveScript(w, r)
		return
	case shownPath:
		s.serveShown(w, r)
		return
	}
	if strings.HasPrefix(p, ownPrefix) {
		http.Error(w, s.tr(msgNotFound), http.StatusNotFound)
		return
	}

	select {
	case <-s.ready:
	case <-r.Context().Done():
		return
	}
	site, id, probs := s.snapshot()
	if site == nil {
		// No build has succeeded yet: every path shows the error.
		s.writeHTML(w, r, http.StatusInternalServerError, s.errorPage(probs), liveTag{build: id, base: "/", error: true})
		return
	}
	base := site.base
	rel, ok := strings.CutPrefix(p, base)
	if !ok {
		if p+"/" == base || p == "/" {
			redirect(w, r, base)
			return
		}
		s.notFound(w, r, site, id)
		return
	}
	name := rel
	if name == "" || strings.HasSuffix(name, "/") {
		name += "index.html"
	}
	e, ok := site.files[name]
	if early, earlyID := s.earlyFile(name); early != nil {
		e, ok, id = early, true, earlyID
	}
	if !ok {
		if _, dir := site.files[rel+"/index.html"]; dir && rel != "" && !strings.HasSuffix(rel, "/") {
			redirect(w, r, r.URL.EscapedPath()+"/")
			return
		}
		s.notFound(w, r, site, id)
		return
	}
	s.writeFile(w, r, http.StatusOK, e, liveTag{build: id, page: pageURL(base, name), base: base})
}

// serveShown takes live.js's report that its page shows the update it
// fetched (a POST without a body): a build holding the rest of its pages
// until then goes on (see early.go). It answers 204, and 405 to another
// method.
func (s *Server) serveShown(w http.ResponseWriter, r *http.Request) {
	if r.Method != http.MethodPost {
		w.Header().Set("Allow", http.MethodPost)
		http.Error(w, http.StatusText(http.StatusMethodNotAllowed), http.StatusMethodNotAllowed)
		return
	}
	s.hub.markShown()
	w.WriteHeader(http.StatusNoContent)
}

// serveScript serves the reload script, gzipped when the client takes it.
func serveScript(w http.ResponseWriter, r *http.Request) {
	h := w.Header()
	if r.URL.RawQuery == scriptVersion {
		// The versioned URL pages use never changes its bytes, so a
		// reloading page takes the script from its cache.
		h.Set("Cache-Control", "max-age=31536000, immutable")
	}
	h.Set("Content-Type", "text/javascript; charset=utf-8")
	h.Set("Vary", "Accept-Encoding")
	if acceptsGzip(r.Header) {
		h.Set("Content-Encoding", "gzip")
		writeBody(w, r, http.StatusOK, liveScriptGz)
		return
	}
	writeBody(w, r, http.StatusOK, liveScript)
}

// safePath reports whether a decoded request path can be looked up at all:
// absolute, no ".." segment, no backslash or NUL. Nothing is ever read from
// disk, so this is belt and braces: an unsafe path gets 400, not a miss.
func safePath(p string) bool {
	if !strings.HasPrefix(p, "/") || strings.ContainsAny(p, "\\\x00") {
		return false
	}
	for seg := range strings.SplitSeq(p, "/") {
		if seg == ".." {
			return false
		}
	}
	return true
}

// loopbackHost reports whether a Host header names this machine:
// localhost, *.localhost or a loopback address.
func loopbackHost(host string) bool {
	if h, _, err := net.SplitHostPort(host); err == nil {
		host = h
	}
	host = strings.TrimSuffix(strings.ToLower(host), ".")
	if host == "localhost" || strings.HasSuffix(host, ".localhost") {
		return true
	}
	ip := net.ParseIP(strings.Trim(host, "[]"))
	return ip != nil && ip.IsLoopback()
}

func redirect(w http.ResponseWriter, r *http.Request, to string) {
	if r.URL.RawQuery != "" {
		to += "?" + r.URL.RawQuery
	}
	http.Redirect(w, r, to, http.StatusFound)
}

// notFound serves the site's 404.html with status 404, or a short page
// when the site has none.
func (s *Server) notFound(w http.ResponseWriter, r *http.Request, site *siteFiles, id string) {
	tag := liveTag{build: id, page: r.URL.Path, base: site.base, missing: true}
	if e, ok := site.files["404.html"]; ok {
		s.writeFile(w, r, http.StatusNotFound, e, tag)
		return
	}
	title := html.EscapeString(s.tr(msgNotFound))
	page := `<!doctype html><html lang="` + s.htmlLang() + `"><head><meta charset="utf-8"><title>` + title + `</title></head>` +
		`<body><h1>` + title + `</h1><p>` + html.EscapeString(s.tr(msgNoNotFoundPage)) + `</p></body></html>`
	s.writeHTML(w, r, http.StatusNotFound, []byte(page), tag)
}

// writeFile writes one stored file with its content type; HTML gets the
// reload script. A compressed file goes out as stored when the request
// accepts gzip, and is decompressed for one that does not.
func (s *Server) writeFile(w http.ResponseWriter, r *http.Request, status int, e *entry, tag liveTag) {
	if e.html && r.Header.Get(updateHeader) != "" {
		// live.js fetched the page to update itself in place: the rest
		// of the build (Result.Later) may take the CPU once it is sent.
		defer s.hub.signal()
	}
	h := w.Header()
	h.Set("Content-Type", e.ctype)
	var script string
	if e.html {
		script = tag.String()
	}
	if e.gz == nil {
		writeBody(w, r, status, e.raw)
		return
	}
	h.Set("Vary", "Accept-Encoding")
	if !acceptsGzip(r.Header) {
		body, err := e.bytes(script)
		if err != nil {
			// The store wrote these bytes itself: this is a bug.
			http.Error(w, err.Error(), http.StatusInternalServerError)
			return
		}
		writeBody(w, r, status, body)
		return
	}
	h.Set("Content-Encoding", "gzip")
	if !e.html {
		writeBody(w, r, status, e.gz)
		return
	}
	head, rest := e.gzipPage(script)
	h.Set("Content-Length", strconv.Itoa(len(head)+len(rest)))
	w.WriteHeader(status)
	if r.Method != http.MethodHead {
		w.Write(head)
		w.Write(rest)
	}
}

// updateHeader marks live.js's request for the page it updates in place.
const updateHeader = "X-Rensai-Update"

// writeBody writes body with its length (none for HEAD).
func writeBody(w http.ResponseWriter, r *http.Request, status int, body []byte) {
	w.Header().Set("Content-Length", strconv.Itoa(len(body)))
	w.WriteHeader(status)
	if r.Method != http.MethodHead {
		w.Write(body)
	}
}

// acceptsGzip reports whether a request's Accept-Encoding allows gzip:
// "gzip" or "*" without q=0.
func acceptsGzip(h http.Header) bool {
	for _, v := range h.Values("Accept-Encoding") {
		for part := range strings.SplitSeq(v, ",") {
			coding, params, _ := strings.Cut(part, ";")
			coding = strings.ToLower(strings.TrimSpace(coding))
			if coding != "gzip" && coding != "x-gzip" && coding != "*" {
				continue
			}
			q := 1.0
			for p := range strings.SplitSeq(params, ";") {
				if k, v, ok := strings.Cut(strings.TrimSpace(p), "="); ok && strings.EqualFold(k, "q") {
					if f, err := strconv.ParseFloat(strings.TrimSpace(v), 64); err == nil {
						q = f
					}
				}
			}
			if q > 0 {
				return true
			}
		}
	}
	return false
}

func (s *Server) writeHTML(w http.ResponseWriter, r *http.Request, status int, page []byte, tag liveTag) {
	w.Header().Set("Content-Type", "text/html; charset=utf-8")
	writeBody(w, r, status, injectScript(page, tag.String()))
}

// liveTag is the reload script element injected into a served page.
type liveTag struct {
	build string // id of the build the page came from
	page  string // URL path of the page served ("" on an error page)
	base  string // the site's base path
	error bool   // the page is the error page shown before any good build
	// missing marks a 404 answer: page is then the path asked for, so the
	// page reloads when that page appears.
	missing bool
}

func (t liveTag) String() string {
	var b strings.Builder
	fmt.Fprintf(&b, `<script src="%s?%s" data-events="%s" data-build="%s" data-page="%s" data-base="%s"`,
		scriptPath, scriptVersion, eventsPath, html.EscapeString(t.build), html.EscapeString(t.page), html.EscapeString(t.base))
	if t.error {
		b.WriteString(` data-error="1"`)
	}
	if t.missing {
		b.WriteString(` data-missing="1"`)
	}
	b.WriteString("></script>")
	return b.String()
}

// injectScript returns a copy of page with tag inserted before the last
// </body>, or appended when there is none. page itself is never modified.
func injectScript(page []byte, tag string) []byte {
	at := lastIndexFold(page, "</body")
	if at < 0 {
		at = len(page)
	}
	out := make([]byte, 0, len(page)+len(tag)+1)
	out = append(out, page[:at]...)
	out = append(out, tag...)
	if at == len(page) {
		out = append(out, '\n')
	}
	return append(out, page[at:]...)
}

// lastIndexFold is the index of the last ASCII-case-insensitive match of
// the lower-case ASCII string sub in s, or -1.
func lastIndexFold(s []byte, sub string) int {
	for i := len(s) - len(sub); i >= 0; i-- {
		j := 0
		for j < len(sub) {
			c := s[i+j]
			if 'A' <= c && c <= 'Z' {
				c += 'a' - 'A'
			}
			if c != sub[j] {
				break
			}
			j++
		}
		if j == len(sub) {
			return i
		}
	}
	return -1
}

// errorPage is served for every path while no build has succeeded. The
// reload script shows the problems in its overlay; the page lists them too,
// for a browser without JavaScript.
func (s *Server) errorPage(probs []problem) []byte {
	var list strings.Builder
	for _, p := range probs {
		e := diag.Error{Path: p.Path, Line: p.Line, Column: p.Column, Msg: p.Message}
		list.WriteString(html.EscapeString(e.Error()))
		list.WriteByte('\n')
	}
	if list.Len() == 0 {
		list.WriteString(html.EscapeString(s.tr(msgBuildFailedShort)))
	}
	title := html.EscapeString(s.tr(msgErrorPageTitle))
	return []byte(`<!doctype html><html lang="` + s.htmlLang() + `"><head><meta charset="utf-8"><title>` + title + `</title></head><body>` +
		`<h1>` + title + `</h1><p>` + html.EscapeString(s.tr(msgErrorPageText)) + `</p>` +
		`<pre>` + list.String() + `</pre></body></html>`)
}

// htmlLang is the lang attribute of the server's own pages.
func (s *Server) htmlLang() string {
	if s.opts.Lang == LangJapanese {
		return "ja"
	}
	return "en"
}

// contentTypes fixes the types of the files a site has, independent of the
// system's MIME tables.
var contentTypes = map[string]string{
	".html":  "text/html; charset=utf-8",
	".htm":   "text/html; charset=utf-8",
	".css":   "text/css; charset=utf-8",
	".js":    "text/javascript; charset=utf-8",
	".mjs":   "text/javascript; charset=utf-8",
	".json":  "application/json",
	".xml":   "application/xml; charset=utf-8",
	".txt":   "text/plain; charset=utf-8",
	".svg":   "image/svg+xml",
	".png":   "image/png",
	".jpg":   "image/jpeg",
	".jpeg":  "image/jpeg",
	".gif":   "image/gif",
	".webp":  "image/webp",
	".avif":  "image/avif",
	".ico":   "image/x-icon",
	".woff":  "font/woff",
	".woff2": "font/woff2",
	".wasm":  "application/wasm",
	".map":   "application/json",
}

func contentType(name string, data []byte) string {
	ext := strings.ToLower(path.Ext(name))
	if t, ok := contentTypes[ext]; ok {
		return t
	}
	if t := mime.TypeByExtension(ext); t != "" {
		return t
	}
	return http.DetectContentType(data)
}

// serveEvents is the Server-Sent Events stream a page listens on. It first
// sends "hello" with the current build id and error, then every "build"
// and "failure" message. It carries URL paths, ids and error text only.
func (s *Server) serveEvents(w http.ResponseWriter, r *http.Request) {
	flusher, ok := w.(http.Flusher)
	if !ok {
		http.Error(w, s.tr(msgNoStreaming), http.StatusInternalServerError)
		return
	}
	select {
	case <-s.ready:
	case <-r.Context().Done():
		return
	}
	s.mu.RLock()
	sub := s.hub.subscribe(r.URL.Query().Get("page"))
	hello := s.messageLocked("hello", map[string]any{
		"build": s.buildIDLocked(), "failed": s.failed, "problems": s.problems, "strings": s.overlayStrings(),
	})
	s.mu.RUnlock()
	if sub == nil {
		http.Error(w, s.tr(msgStopping), http.StatusServiceUnavailable)
		return
	}
	defer s.hub.unsubscribe(sub)

	h := w.Header()
	h.Set("Content-Type", "text/event-stream; charset=utf-8")
	h.Set("X-Accel-Buffering", "no")
	w.WriteHeader(http.StatusOK)
	if r.Method == http.MethodHead {
		return
	}
	if _, err := fmt.Fprintf(w, "retry: 1000\n\n"); err != nil {
		return
	}
	if writeMessage(w, hello) != nil {
		return
	}
	flusher.Flush()
	tick := time.NewTicker(keepAlive)
	defer tick.Stop()
	for {
		select {
		case m := <-sub.ch:
			if writeMessage(w, m) != nil {
				return
			}
			flusher.Flush()
		case <-tick.C:
			if _, err := fmt.Fprint(w, ": ping\n\n"); err != nil {
				return
			}
			flusher.Flush()
		case <-sub.done:
			return
		case <-r.Context().Done():
			return
		}
	}
}

func writeMessage(w http.ResponseWriter, m message) error {
	_, err := fmt.Fprintf(w, "event: %s\ndata: %s\n\n", m.event, m.data)
	return err
}
