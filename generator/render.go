package generator

import (
	"context"
	"errors"
	"fmt"
	"io/fs"
	"net/url"
	"strings"
	"sync"

	"github.com/rensai-ssg/rensai/generator/content"
	"github.com/rensai-ssg/rensai/generator/diag"
	"github.com/rensai-ssg/rensai/generator/markdown"
	"github.com/rensai-ssg/rensai/generator/site"
	"github.com/rensai-ssg/rensai/internal/pool"
)

// renderMarkdown renders every article's body in parallel, reusing the
// previous build's rendering of a file whose source, links and the image
// files it read are the same (from the dev server's cache, or in a
// one-shot build from the render cache in CacheDir), and records each
// rendering in the new cache.
func (b *Builder) renderMarkdown(ctx context.Context, s *site.Model) error {
	mdKey := b.markdownRenderer()
	files := b.siteFS()
	b.links.setSite(s)
	todo := b.reuseRendered(s, mdKey, files)
	b.startSearchStream(s, todo)
	b.rcache = b.openRenderCache(mdKey)
	errs := make([]error, len(todo))
	err := pool.Each(ctx, len(todo), func(i int) { errs[i] = b.renderOne(ctx, s, todo[i], files) })
	if err == nil {
		err = errors.Join(errs...)
	}
	b.rcache.finish(err == nil)
	if err != nil {
		return err
	}
	if b.next == nil {
		return nil
	}
	for _, a := range todo {
		links := b.links.get(a.Source)
		reads := renderReadsKey(files, a.Rendered())
		b.next.rendered[a.Source] = &renderMemo{md: mdKey, toc: a.TOC, hash: a.Input().Hash, links: links, result: a.Rendered(),
			reads: reads, key: a.Input().Hash + fmt.Sprint(links) + "\x00" + reads}
	}
	return nil
}

// markdownRenderer makes the Markdown renderer for the configuration, or
// keeps the one made for the same options, and returns their key.
func (b *Builder) markdownRenderer() string {
	base := b.cfg.BasePath()
	host := ""
	if u, err := url.Parse(b.cfg.BaseURL); err == nil {
		host = u.Hostname()
	}
	mdKey := fmt.Sprint(b.cfg.Unsafe, base, host)
	if b.md == nil || b.mdKey != mdKey {
		b.md = markdown.New(markdown.Options{
			Unsafe: b.cfg.Unsafe, OmitEndTags: true, // the same tree as with </p> and </li>, 6 MB less at 10,000 articles
			CheckedUTF8: true, // every body comes from content.Load or content.Parse
			BasePath:    base,
			Host:        host, // images of other hosts are warned of
			ResolveLink: b.links.resolve,
			Files:       b.siteFS(), // image sizes, through sitefs
			CacheDir:    b.opts.CacheDir,
		})
		// Only the search index reads the plain text (renderOne drops
		// it); renderText, for the index, uses md.
		b.mdNoText = b.md.WithoutText()
		b.mdKey = mdKey
	}
	return mdKey
}

// reuseRendered gives the articles and series metadata files of s the
// previous build's rendering where it still holds (the dev server's
// cache), and returns the others, to render.
func (b *Builder) reuseRendered(s *site.Model, mdKey string, files fs.FS) []*site.Article {
	prev := b.previous()
	all := make([]*site.Article, 0, len(s.Articles)+len(s.Series))
	all = append(all, s.Articles...)
	for _, sr := range s.Series {
		if sr.Meta() != nil {
			all = append(all, sr.Meta()) // series metadata files, memoized the same way
		}
	}
	todo := make([]*site.Article, 0, len(s.Series))
	for _, a := range all {
		if m := prev.rendered[a.Source]; m != nil && m.md == mdKey && m.hash == a.Input().Hash && b.links.stillValid(s, a.Source, m.links) &&
			renderReadsKey(files, m.result) == m.reads {
			a.SetRendered(m.result, m.toc)
			if b.next != nil {
				b.next.rendered[a.Source] = m
			}
			continue
		}
		todo = append(todo, a)
	}
	return todo
}

// renderOne renders article a, or takes its rendering from the render
// cache, on a Markdown worker.
func (b *Builder) renderOne(ctx context.Context, s *site.Model, a *site.Article, files fs.FS) error {
	res, links := b.rcache.lookup(s, a, files)
	if res != nil {
		b.links.set(a.Source, links) // the dev server's memo checks them on the next build
	} else {
		b.links.reset(a.Source)
		body, err := b.body(a)
		if err != nil {
			return err
		}
		md := b.md
		if !b.cfg.Search.Enabled() {
			md = b.mdNoText
		}
		if res, err = md.Render("content/"+a.Source, body, a.Input().BodyLine); err != nil {
			return err
		}
		b.rcache.store(a, res, b.links.get(a.Source), files)
	}
	a.SetRendered(res, site.TOCEntries(res))
	if !b.cfg.Search.Enabled() {
		res.Text = "" // only the search index reads it
	}
	b.prepareSearch(ctx, s, a)
	if !a.IsMeta() {
		// Let the source go, so only one form of each article stays in
		// memory: a one-shot build never renders it again, and the dev
		// server reads it again in the rare build that must (body).
		a.Input().Body = nil
	}
	return nil
}

// body is the Markdown of a, read again from its file when an earlier
// build let it go after rendering it: the dev server renders an unchanged
// file again only when what it links to or the images it measured
// changed. Its front matter was read when the file last changed; a file
// changed since then is loaded again by the build its change starts.
func (b *Builder) body(a *site.Article) ([]byte, error) {
	in := a.Input()
	if in.Body != nil || in.Hash == "" {
		return in.Body, nil
	}
	src, err := fs.ReadFile(b.contentFS(), a.Source)
	if err != nil {
		return nil, fmt.Errorf("content/%s: %w", a.Source, err)
	}
	again, err := content.Parse(a.Source, src, content.LoadOptions{Location: b.cfg.Location(), Taxonomies: b.cfg.TaxonomyKeys()})
	if err != nil {
		return nil, prefixContent(err)
	}
	return again.Body, nil
}

// renderReadsKey is the key of the files rendering r read, and of those
// it looked for first and did not find.
func renderReadsKey(fsys fs.FS, r *markdown.Result) string {
	return readsKey(fsys, r.Reads) + "\x02" + readsKey(fsys, r.Missed)
}

// readsKey is the key of the files a rendering read (image files, for
// their width and height): each one's name, size and modification time,
// so that an image replaced while rensai serve runs is measured again.
func readsKey(fsys fs.FS, names []string) string {
	var sb strings.Builder
	for _, name := range names {
		sb.WriteString(name)
		if info, err := fs.Stat(fsys, name); err == nil {
			fmt.Fprintf(&sb, "\x00%d\x00%d", info.Size(), info.ModTime().UnixNano())
		} else {
			sb.WriteString("\x00missing")
		}
		sb.WriteString("\x01")
	}
	return sb.String()
}

// markdownWarnings are the warnings the Markdown renderer gave for the
// articles and series metadata of s, in the model's order (each rendering
// keeps its warnings, so a reused one gives them again).
func markdownWarnings(s *site.Model) diag.List {
	var out diag.List
	add := func(a *site.Article) {
		if a == nil || a.Rendered() == nil {
			return
		}
		out = append(out, a.Rendered().Warnings...)
	}
	for _, a := range s.Articles {
		add(a)
	}
	for _, sr := range s.Series {
		add(sr.Meta())
	}
	return out
}

// resolvedLink is one .md link an article made, and where it led.
type resolvedLink struct {
	dest, url, err string
}

// linkRecorder resolves links between articles ("[前編](nyukan-01.md)") and
// remembers, per file, what each link resolved to, so that a cached
// rendering is reused only while its links still lead to the same pages.
type linkRecorder struct {
	mu     sync.Mutex
	site   *site.Model
	byFile map[string][]resolvedLink
}

func (l *linkRecorder) setSite(s *site.Model) {
	l.mu.Lock()
	l.site = s
	l.mu.Unlock()
}

func (l *linkRecorder) reset(file string) {
	l.mu.Lock()
	delete(l.byFile, "content/"+file)
	l.mu.Unlock()
}

// set records links as what file's links resolved to (a rendering taken
// from the render cache, whose entry holds them).
func (l *linkRecorder) set(file string, links []resolvedLink) {
	l.mu.Lock()
	l.byFile["content/"+file] = links
	l.mu.Unlock()
}

func (l *linkRecorder) get(file string) []resolvedLink {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.byFile["content/"+file]
}

// resolve is the Markdown renderer's ResolveLink: it resolves a link and
// records the outcome for the file it appears in.
func (l *linkRecorder) resolve(from, dest string) (string, error) {
	l.mu.Lock()
	s := l.site
	l.mu.Unlock()
	url, err := s.ResolveLink(strings.TrimPrefix(from, "content/"), dest)
	rec := resolvedLink{dest: dest, url: url}
	if err != nil {
		rec.err = err.Error()
	}
	l.mu.Lock()
	l.byFile[from] = append(l.byFile[from], rec)
	l.mu.Unlock()
	return url, err
}

func (l *linkRecorder) stillValid(s *site.Model, file string, links []resolvedLink) bool {
	for _, r := range links {
		url, err := s.ResolveLink(file, r.dest)
		e := ""
		if err != nil {
			e = err.Error()
		}
		if url != r.url || e != r.err {
			return false
		}
	}
	return true
}
