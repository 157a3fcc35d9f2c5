package importer

import (
	"bytes"
	"cmp"
	"context"
	"errors"
	"io"
	"mime"
	"net"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"sync/atomic"
	"time"

	"github.com/rensai-ssg/rensai/generator/diag"
)

// The limits of one image download, unless Images says otherwise.
const (
	defaultImageTimeout  = 30 * time.Second
	defaultMaxImageFile  = 20 << 20 // 20 MiB
	defaultMaxImageTotal = 1 << 30  // 1 GiB: GitHub Pages refuses larger sites
	defaultImageWorkers  = 4
	maxImageRedirects    = 5
)

// fetchFailure is why an image was not downloaded, worded by the catalog
// (import.why.*) so the warning shows it in the author's language.
type fetchFailure struct{ reason diag.Phrase }

func (f *fetchFailure) Error() string { return f.reason.String() }

func failure(key string, args ...any) *fetchFailure {
	return &fetchFailure{reason: diag.P(key, args...)}
}

// fetched is one downloaded image.
type fetched struct {
	data []byte
	ext  string // from the bytes' type: ".png", ".jpg" ...
}

// fetcher downloads images over HTTP with a timeout per request, a size
// limit per file and for the whole import, a limited number of redirects,
// and only what the server calls an image and the bytes show to be one.
// It is safe for concurrent use.
type fetcher struct {
	client   *http.Client
	maxFile  int64
	maxTotal int64
	total    atomic.Int64
}

func newFetcher(o Images) *fetcher {
	client := &http.Client{
		Timeout:   cmpOr(o.Timeout, defaultImageTimeout),
		Transport: o.Transport,
		CheckRedirect: func(req *http.Request, via []*http.Request) error {
			if len(via) > maxImageRedirects {
				return failure("import.why.redirects", maxImageRedirects)
			}
			if req.URL.Scheme != "http" && req.URL.Scheme != "https" {
				return failure("import.why.scheme", req.URL.Scheme)
			}
			return nil
		},
	}
	return &fetcher{client: client, maxFile: cmpOr(o.MaxFile, defaultMaxImageFile), maxTotal: cmpOr(o.MaxTotal, defaultMaxImageTotal)}
}

// cmpOr is v, or def when v is zero or negative.
func cmpOr[T int | int64 | time.Duration](v, def T) T {
	if v <= 0 {
		return def
	}
	return v
}

// get downloads one image. Its error is a *fetchFailure naming the reason,
// or ctx's error once ctx is done.
func (f *fetcher) get(ctx context.Context, raw string) (*fetched, error) {
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, raw, nil)
	if err != nil {
		return nil, failure("import.why.url", err)
	}
	req.Header.Set("User-Agent", "rensai-import")
	req.Header.Set("Accept", "image/*")
	resp, err := f.client.Do(req)
	if err != nil {
		return nil, f.reason(ctx, err)
	}
	defer resp.Body.Close()
	if resp.StatusCode != http.StatusOK {
		return nil, failure("import.why.status", resp.Status)
	}
	declared, _, _ := mime.ParseMediaType(resp.Header.Get("Content-Type"))
	if !strings.HasPrefix(declared, "image/") {
		return nil, failure("import.why.type", cmp.Or(declared, "-"))
	}
	if resp.ContentLength > f.maxFile {
		return nil, failure("import.why.large", sizeText(f.maxFile))
	}
	var data []byte
	if resp.ContentLength > 0 {
		// Read into one buffer of the announced size (net/http stops the
		// body there) rather than the growing ones of io.ReadAll.
		data = make([]byte, resp.ContentLength)
		_, err = io.ReadFull(resp.Body, data)
	} else {
		data, err = io.ReadAll(io.LimitReader(resp.Body, f.maxFile+1))
	}
	if err != nil {
		return nil, f.reason(ctx, err)
	}
	if int64(len(data)) > f.maxFile {
		return nil, failure("import.why.large", sizeText(f.maxFile))
	}
	ext := imageExt(data)
	if ext == "" {
		sniffed, _, _ := mime.ParseMediaType(http.DetectContentType(data))
		return nil, failure("import.why.bytes", declared, sniffed)
	}
	if f.total.Add(int64(len(data))) > f.maxTotal {
		return nil, failure("import.why.total", sizeText(f.maxTotal))
	}
	return &fetched{data: data, ext: ext}, nil
}

// reason turns a transport error into the failure it stands for.
func (f *fetcher) reason(ctx context.Context, err error) error {
	if ctx.Err() != nil {
		return ctx.Err()
	}
	var ff *fetchFailure
	if errors.As(err, &ff) {
		return ff
	}
	var ne net.Error
	if errors.As(err, &ne) && ne.Timeout() {
		return failure("import.why.timeout", f.client.Timeout)
	}
	var ue *url.Error
	if errors.As(err, &ue) {
		return failure("import.why.connect", ue.Err)
	}
	return failure("import.why.read", err) // the body broke off
}

// imageExt is the extension of the image type data shows, or "" when the
// bytes are not a raster image. SVG is not taken: it is a document that
// can carry scripts, and opened from the site it would run them there.
func imageExt(data []byte) string {
	switch t, _, _ := mime.ParseMediaType(http.DetectContentType(data)); t {
	case "image/png":
		return ".png"
	case "image/jpeg":
		return ".jpg"
	case "image/gif":
		return ".gif"
	case "image/webp":
		return ".webp"
	case "image/bmp":
		return ".bmp"
	case "image/x-icon":
		return ".ico"
	}
	if len(data) >= 12 && bytes.Equal(data[4:8], []byte("ftyp")) && (bytes.Equal(data[8:12], []byte("avif")) || bytes.Equal(data[8:12], []byte("avis"))) {
		return ".avif"
	}
	return ""
}

// sizeText writes a limit in MiB, KiB or bytes.
func sizeText(n int64) string {
	switch {
	case n >= 1<<20 && n%(1<<20) == 0:
		return strconv.FormatInt(n>>20, 10) + " MiB"
	case n >= 1<<10 && n%(1<<10) == 0:
		return strconv.FormatInt(n>>10, 10) + " KiB"
	}
	return strconv.FormatInt(n, 10) + " B"
}
