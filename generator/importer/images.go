package importer

import (
	"cmp"
	"context"
	"crypto/sha256"
	"encoding/hex"
	"net/http"
	"net/url"
	"path"
	"regexp"
	"slices"
	"strings"
	"sync"
	"time"

	"github.com/rensai-ssg/rensai/generator/content"
)

// Images of other hosts.
//
// A page of the new site requests nothing from another host: readers'
// browsers would tell the old host who reads what, and the images break
// when the old blog closes. So after the plan is made, every image a post
// shows from http(s) (a Markdown image the conversion wrote from <img>, the
// largest srcset candidate, a [gallery] or [caption] attachment, a はてな
// fotolife notation) is downloaded once per URL, on a few goroutines, and
// saved in the article's own folder (content/posts/x/ beside
// content/posts/x.md), which the build copies beside the page. The Markdown
// then links it relatively (x/photo.jpg), and so does a link to the same
// file around it. A download that fails keeps the remote link, with a
// warning naming the post, the URL and the reason; the import goes on.
// Names come from the URL's last path segment, cleaned; two URLs that would
// share a name in one folder get a short hash of the URL, so the same
// export always gives the same files. The files join the plan, so Apply's
// rules hold for them too: an identical file is unchanged, a different one
// is replaced only with force, and each is written atomically.

// ImageMode says what Import does with the images posts show from other
// hosts.
type ImageMode int

const (
	// FetchImages downloads them into each article's folder and links them
	// there; it is the default.
	FetchImages ImageMode = iota
	// KeepImages leaves them on their hosts, with a warning for each
	// (rensai import --no-images).
	KeepImages
	// ListImages fetches nothing and lists what FetchImages would fetch
	// (rensai import --dry-run).
	ListImages
)

// Images says how Import treats images from other hosts.
type Images struct {
	Mode ImageMode
	// Transport carries the requests; nil is http.DefaultTransport.
	Transport http.RoundTripper
	// Timeout is the limit of one request, redirects and body included
	// (30 s when 0); MaxFile the size limit of one image (20 MiB), MaxTotal
	// of all images of the import (1 GiB); Workers the downloads at once (4).
	Timeout           time.Duration
	MaxFile, MaxTotal int64
	Workers           int
}

// ImageReport counts what the image step did, each URL once.
type ImageReport struct {
	// Fetched were downloaded, Failed kept their remote link after a
	// failed download, Kept were left on their hosts (KeepImages).
	Fetched, Failed, Kept int
	// Listed are the URLs a dry run would fetch, in the order the posts
	// show them.
	Listed []string
	// Bytes is the size of the downloaded images.
	Bytes int64
}

// planned is an article of a plan, kept so that the image step can
// rewrite its body.
type planned struct {
	post   *Post
	file   string // its Markdown file, relative to the site
	url    string // its page's site path, where its folder's files are served
	fields content.Fields
	body   string
}

// folder is the article's own folder (content/posts/x for
// content/posts/x.md).
func (a *planned) folder() string { return strings.TrimSuffix(a.file, ".md") }

// remoteCover is the article's cover if it is an http(s) URL (a WordPress
// featured image), else "".
func (a *planned) remoteCover() string {
	c, _ := a.fields.Get("cover").(string)
	if strings.HasPrefix(c, "https://") || strings.HasPrefix(c, "http://") {
		return c
	}
	return ""
}

// fetchResult is the outcome of one URL.
type fetchResult struct {
	img *fetched
	err error
}

// localizeImages runs the image step on plan as o says, adding the
// downloaded files to plan.Files and rewriting the articles that show
// them. Its error is ctx's once ctx is done (Ctrl-C): nothing should be
// written then.
func localizeImages(ctx context.Context, plan *Plan, o Images, warn *Warnings) (ImageReport, error) {
	var rep ImageReport
	shown, order := shownImages(plan.articles)
	switch o.Mode {
	case KeepImages:
		for i, a := range plan.articles {
			for _, u := range shown[i] {
				warn.AddT("remote-image", a.post.Source, a.post.Line, "import.w.remoteImage", a.post.name(), u)
			}
		}
		rep.Kept = len(order)
		return rep, nil
	case ListImages:
		rep.Listed = order
		return rep, nil
	}
	results := fetchAll(ctx, newFetcher(o), order, cmpOr(o.Workers, defaultImageWorkers))
	if err := ctx.Err(); err != nil {
		return rep, err
	}
	rep.count(order, results)
	index := map[string]int{}
	for i, f := range plan.Files {
		index[f.Path] = i
	}
	for i, a := range plan.articles {
		if err := plan.localize(a, index[a.file], shown[i], results, warn); err != nil {
			return rep, err
		}
	}
	slices.SortFunc(plan.Files, func(a, b File) int { return cmp.Compare(a.Path, b.Path) })
	return rep, nil
}

// shownImages returns the remote images each article shows (its cover
// last, when remote and not in the text), and all of them once each in
// the order the articles show them.
func shownImages(articles []*planned) (shown [][]string, order []string) {
	shown = make([][]string, len(articles))
	seen := map[string]bool{}
	for i, a := range articles {
		shown[i] = remoteImages(a.body)
		if c := a.remoteCover(); c != "" && !slices.Contains(shown[i], c) {
			shown[i] = append(shown[i], c)
		}
		for _, u := range shown[i] {
			if !seen[u] {
				seen[u] = true
				order = append(order, u)
			}
		}
	}
	return shown, order
}

// count adds the downloads of urls to the report.
func (rep *ImageReport) count(urls []string, results map[string]fetchResult) {
	for _, u := range urls {
		if r := results[u]; r.err != nil {
			rep.Failed++
		} else {
			rep.Fetched++
			rep.Bytes += int64(len(r.img.data))
		}
	}
}

// localize adds the downloaded images of shown, the remote images of
// article a, to the article's folder and rewrites the article, which is
// plan.Files[file], to show them from there; a failed download keeps its
// remote link, with a warning.
func (plan *Plan) localize(a *planned, file int, shown []string, results map[string]fetchResult, warn *Warnings) error {
	links := map[string]string{}
	taken := map[string]string{} // lower-cased name -> its URL
	for _, u := range shown {
		r := results[u]
		if r.err != nil {
			warn.AddT("image", a.post.Source, a.post.Line, "import.w.imageFailed", a.post.name(), u, reasonOf(r.err))
			continue
		}
		name := imageName(u, r.img.ext)
		if other, ok := taken[strings.ToLower(name)]; ok && other != u {
			name = hashedName(name, u)
		}
		taken[strings.ToLower(name)] = u
		links[u] = path.Base(a.folder()) + "/" + name
		plan.Files = append(plan.Files, File{Path: a.folder() + "/" + name, Data: r.img.data})
	}
	if len(links) == 0 {
		return nil
	}
	if local, ok := links[a.remoteCover()]; ok {
		// The build takes a cover as a site path: the folder's
		// files are served below the page.
		a.fields.Set("cover", a.url+path.Base(local))
	}
	data, err := content.Marshal(a.fields, []byte(localLinks(a.body, links)))
	if err != nil {
		return err
	}
	plan.Files[file].Data = data
	return nil
}

// reasonOf is what a warning says of a failed download.
func reasonOf(err error) any {
	if f, ok := err.(*fetchFailure); ok {
		return f.reason
	}
	return err
}

// fetchAll downloads urls on workers goroutines; it stops starting new
// downloads once ctx is done.
func fetchAll(ctx context.Context, f *fetcher, urls []string, workers int) map[string]fetchResult {
	results := make(map[string]fetchResult, len(urls))
	var mu sync.Mutex
	jobs := make(chan string)
	var wg sync.WaitGroup
	for range min(workers, len(urls)) {
		wg.Go(func() {
			for u := range jobs {
				img, err := f.get(ctx, u)
				mu.Lock()
				results[u] = fetchResult{img: img, err: err}
				mu.Unlock()
			}
		})
	}
send:
	for _, u := range urls {
		select {
		case jobs <- u:
		case <-ctx.Done():
			break send
		}
	}
	close(jobs)
	wg.Wait()
	return results
}

var (
	// mdImageRE is a Markdown image whose destination is an http(s) URL.
	mdImageRE = regexp.MustCompile(`!\[(?:[^\]\\]|\\.)*\]\(\s*<?(https?://[^\s<>)]+)`)
	// mdDestRE is the destination of any Markdown link or image.
	mdDestRE = regexp.MustCompile(`\]\(\s*(<?)(https?://[^\s<>)]+)`)
)

// remoteImages lists the http(s) images body shows, each once, in order,
// outside code.
func remoteImages(body string) []string {
	var out []string
	outsideCode(body, func(s string) string {
		for _, m := range mdImageRE.FindAllStringSubmatch(s, -1) {
			if !slices.Contains(out, m[1]) {
				out = append(out, m[1])
			}
		}
		return s
	})
	return out
}

// localLinks points every link and image of body whose URL is in links at
// the local file links names, outside code.
func localLinks(body string, links map[string]string) string {
	return outsideCode(body, func(s string) string {
		return mdDestRE.ReplaceAllStringFunc(s, func(m string) string {
			sub := mdDestRE.FindStringSubmatch(m)
			if local, ok := links[sub[2]]; ok {
				return "](" + sub[1] + local
			}
			return m
		})
	})
}

// outsideCode returns body with fn applied to every piece of a line that
// holds a link, outside fenced code and code spans.
func outsideCode(body string, fn func(string) string) string {
	lines := strings.SplitAfter(body, "\n")
	fence := ""
	for i, line := range lines {
		t := strings.TrimSpace(line)
		switch {
		case fence != "":
			if strings.HasPrefix(t, fence) {
				fence = ""
			}
			continue
		case strings.HasPrefix(t, "```") || strings.HasPrefix(t, "~~~"):
			fence = t[:3]
			continue
		case !strings.Contains(line, "]("):
			continue
		}
		parts := strings.Split(line, "`")
		if len(parts)%2 == 0 { // an unmatched backtick opens no code span
			lines[i] = fn(line)
			continue
		}
		for j := 0; j < len(parts); j += 2 {
			parts[j] = fn(parts[j])
		}
		lines[i] = strings.Join(parts, "`")
	}
	return strings.Join(lines, "")
}

// imageExts are the extensions a URL may keep; any other is replaced by
// the one of the bytes' type.
var imageExts = []string{".png", ".jpg", ".jpeg", ".gif", ".webp", ".bmp", ".ico", ".avif"}

// imageName is the file name of an image from the last segment of its
// URL's path: ASCII letters, digits, '-' and '_' kept, every other run
// one '-', no leading '.', '_' or '-' (the build does not copy hidden or
// private files), at most 60 characters, and the extension lower-cased;
// ext, the bytes' type, when the URL has no image extension.
func imageName(raw, ext string) string {
	base := ""
	if u, err := url.Parse(raw); err == nil {
		base = path.Base(u.Path)
	}
	stem, e := base, strings.ToLower(path.Ext(base))
	if slices.Contains(imageExts, e) {
		stem = strings.TrimSuffix(base, path.Ext(base))
	} else {
		e = ext
	}
	var b strings.Builder
	dash := false
	for _, r := range stem {
		ok := r < 0x80 && (r >= 'a' && r <= 'z' || r >= 'A' && r <= 'Z' || r >= '0' && r <= '9' || r == '_' || r == '-')
		if !ok {
			dash = true
			continue
		}
		if dash && b.Len() > 0 {
			b.WriteByte('-')
		}
		dash = false
		if b.Len() < 60 {
			b.WriteRune(r)
		}
	}
	name := strings.TrimLeft(b.String(), "_-")
	name = strings.TrimRight(name, "-")
	if name == "" {
		name = "image"
	}
	return name + e
}

// hashedName adds a short hash of the URL to name: photo.jpg becomes
// photo-1a2b3c4d.jpg, the same for the same URL in every run.
func hashedName(name, raw string) string {
	sum := sha256.Sum256([]byte(raw))
	ext := path.Ext(name)
	return strings.TrimSuffix(name, ext) + "-" + hex.EncodeToString(sum[:4]) + ext
}
