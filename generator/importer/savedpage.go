package importer

import (
	"io/fs"
	"net/url"
	"path"
	"regexp"
	"strings"
	"time"

	"golang.org/x/net/html"
	"golang.org/x/net/html/atom"
)

// Saved pages.
//
// rensai import text also reads article pages saved from a browser (.html,
// .htm, in UTF-8 or a legacy encoding). The article is the element the
// blog's theme marks as the post's text (itemprop="articleBody", or a
// class such as entry-content or post-body), else the page's <article> or
// <main>, else the element holding the most paragraph text. Inside it,
// everything a theme or plugin adds around the author's text is removed:
// scripts, forms, <nav>, <aside>, and every element whose class or id names
// a widget (share and SNS buttons, related posts, comments, breadcrumbs,
// ads, author boxes, entry headers and footers, pagination). The title
// comes from the post's heading (entry-title), og:title or <title> (without
// the blog's name), the date from article:published_time or a <time>
// element, the old address from the canonical link or og:url, and the
// tags from rel="tag" links. The rest is converted like a WordPress post,
// and the hand-written navigation and boilerplate are removed as in text.

// savedPage is what a saved page's markup says of its article.
type savedPage struct {
	title, url string
	date       time.Time
	tags       []string
	body       *html.Node // the element holding the article's text
}

// readTextOrPage reads a saved page (.html, .htm) or a text file.
func (r *reader) readTextOrPage(fsys fs.FS, name, display string) {
	switch strings.ToLower(path.Ext(name)) {
	case ".html", ".htm":
		r.readPage(fsys, name, display)
	default:
		r.readText(fsys, name, display)
	}
}

// readPage reads one saved page.
func (r *reader) readPage(fsys fs.FS, name, display string) {
	text, ok := r.readDecoded(fsys, name, display)
	if !ok {
		return
	}
	doc, err := html.Parse(strings.NewReader(text))
	if err != nil {
		r.warn.AddT("unreadable", display, 0, "import.w.error", err)
		return
	}
	pg := readSavedPage(doc, r.opts.location())
	if pg.body == nil || pg.title == "" {
		r.warn.AddT("unreadable", display, 0, "import.w.pageNoArticle")
		return
	}
	p := &Post{Source: display, Line: 1, Kind: "text", Ref: display, Title: pg.title, Date: pg.date, Tags: pg.tags}
	if pg.url != "" {
		p.OldURLs = []string{pg.url}
	}
	p.Slug = strings.TrimSuffix(path.Base(name), path.Ext(name))
	stripChrome(pg.body)
	local := r.localImages(fsys, path.Dir(name), pg.body, p)
	absoluteLinks(pg.body, pg.url, local)
	var b strings.Builder
	for ch := pg.body.FirstChild; ch != nil; ch = ch.NextSibling {
		if err := html.Render(&b, ch); err != nil {
			r.warn.AddT("unreadable", display, 0, "import.w.error", err)
			return
		}
	}
	if r.pages == nil {
		r.pages = newHTMLConverter(nil, nil)
	}
	p.Body, p.Nav = r.pages.convert(b.String(), p, r.cleaner, r.warn)
	if p.Date.IsZero() {
		p.Date, p.Body = firstDateLine(p.Body, r.opts.location())
	}
	if p.Date.IsZero() {
		if st, err := fs.Stat(fsys, name); err == nil && !st.ModTime().IsZero() {
			p.Date = st.ModTime().In(r.opts.location()).Truncate(time.Second)
			r.warn.AddT("date", display, 0, "import.w.noDateLine", stamp(p.Date))
		}
	}
	r.add(p)
}

// readSavedPage finds the title, date, address, tags and article element
// of a parsed page.
func readSavedPage(doc *html.Node, loc *time.Location) savedPage {
	var pg savedPage
	var metaTitle, docTitle, published string
	var heading, article, main, marked *html.Node
	var times []*html.Node
	walk(doc, func(n *html.Node) bool {
		switch n.DataAtom {
		case atom.Meta:
			switch attr(n, "property") + attr(n, "name") {
			case "og:title":
				metaTitle = strings.TrimSpace(attr(n, "content"))
			case "og:url":
				if pg.url == "" {
					pg.url = strings.TrimSpace(attr(n, "content"))
				}
			case "article:published_time":
				published = attr(n, "content")
			}
		case atom.Link:
			if hasWord(attr(n, "rel"), "canonical") {
				pg.url = strings.TrimSpace(attr(n, "href"))
			}
		case atom.Title:
			docTitle = textOf(n)
		case atom.Time:
			times = append(times, n)
		case atom.Article:
			if article == nil {
				article = n
			}
		case atom.Main:
			if main == nil {
				main = n
			}
		case atom.H1, atom.H2:
			if heading == nil && classWords(n)["title"] {
				heading = n
			}
		case atom.A:
			if hasWord(attr(n, "rel"), "tag") && !insideChrome(n) {
				if t := textOf(n); t != "" {
					pg.tags = appendUnique(pg.tags, t)
				}
			}
		}
		if marked == nil && (attr(n, "itemprop") == "articleBody" || isArticleBody(n)) && !isChrome(n) && !insideChrome(n) {
			marked = n
		}
		return true
	})
	pg.body = firstNode(marked, article, main)
	if pg.body == nil {
		pg.body = densest(doc)
	}
	if heading == nil && pg.body != nil {
		heading = firstHeading(firstNode(article, main, pg.body))
	}
	pg.title = pageTitle(heading, metaTitle, docTitle)
	pg.date = pageDate(published, times, loc)
	return pg
}

// walk calls fn on n and its descendants in document order; fn returns
// false to skip a node's children.
func walk(n *html.Node, fn func(*html.Node) bool) {
	if n.Type == html.ElementNode && !fn(n) {
		return
	}
	for ch := n.FirstChild; ch != nil; ch = ch.NextSibling {
		walk(ch, fn)
	}
}

func firstNode(ns ...*html.Node) *html.Node {
	for _, n := range ns {
		if n != nil {
			return n
		}
	}
	return nil
}

// textOf is the text of n, its white space collapsed.
func textOf(n *html.Node) string {
	return strings.Join(strings.Fields(cleanSpace(nodeText(n))), " ")
}

func hasWord(list, w string) bool {
	for _, f := range strings.Fields(strings.ToLower(list)) {
		if f == w {
			return true
		}
	}
	return false
}

// classWords are the words of an element's class and id, split at spaces,
// '-' and '_' and lower-cased: "entry-content post_body" gives entry,
// content, post, body.
func classWords(n *html.Node) map[string]bool {
	words := map[string]bool{}
	for _, w := range strings.FieldsFunc(strings.ToLower(attr(n, "class")+" "+attr(n, "id")), func(r rune) bool {
		return r == ' ' || r == '-' || r == '_' || r == '\t' || r == '\n'
	}) {
		words[w] = true
	}
	return words
}

// isArticleBody reports whether n's class names the post's text
// (entry-content, post-body, article-body ...).
func isArticleBody(n *html.Node) bool {
	if n.DataAtom != atom.Div && n.DataAtom != atom.Section && n.DataAtom != atom.Article {
		return false
	}
	w := classWords(n)
	return (w["entry"] || w["post"] || w["article"] || w["blog"]) && (w["content"] || w["body"] || w["text"])
}

// chromeWords name the widgets a theme or plugin puts around an article.
var chromeWords = map[string]bool{
	"share": true, "sns": true, "social": true, "related": true, "comment": true, "comments": true,
	"respond": true, "breadcrumb": true, "breadcrumbs": true, "ad": true, "ads": true, "adsense": true,
	"adsbygoogle": true, "advert": true, "advertisement": true, "sponsor": true, "sponsored": true,
	"widget": true, "sidebar": true, "pagination": true, "pager": true, "nav": true, "navigation": true,
	"author": true, "profile": true, "subscribe": true, "follow": true, "ranking": true, "popular": true,
	"header": true, "footer": true, "meta": true, "banner": true, "pr": true,
}

// isChrome reports whether element n is a widget rather than the author's
// text.
func isChrome(n *html.Node) bool {
	switch n.DataAtom {
	case atom.Script, atom.Style, atom.Noscript, atom.Template, atom.Form, atom.Button, atom.Input,
		atom.Select, atom.Textarea, atom.Nav, atom.Aside, atom.Header, atom.Footer, atom.Ins, atom.Svg:
		return true
	case atom.Iframe:
		return true // ads and share counters; an embedded video is rare in this blog's pages
	}
	for w := range classWords(n) {
		if chromeWords[w] {
			return true
		}
	}
	return false
}

// insideChrome reports whether n stands in a widget (a tag cloud in the
// sidebar, a related post's tags).
func insideChrome(n *html.Node) bool {
	for a := n.Parent; a != nil; a = a.Parent {
		if a.Type == html.ElementNode && a.DataAtom != atom.Footer && a.DataAtom != atom.Header && isChrome(a) && !classWords(a)["meta"] && !classWords(a)["footer"] {
			return true
		}
	}
	return false
}

// stripChrome removes the widgets inside the article element, and its
// headings that repeat the title are left to the cleaner.
func stripChrome(n *html.Node) {
	for ch := n.FirstChild; ch != nil; {
		next := ch.NextSibling
		switch {
		case ch.Type == html.CommentNode:
			if !moreRE.MatchString("<!--" + ch.Data + "-->") {
				n.RemoveChild(ch)
			}
		case ch.Type == html.ElementNode && isChrome(ch):
			n.RemoveChild(ch)
		case ch.Type == html.ElementNode:
			stripChrome(ch)
		}
		ch = next
	}
}

// localImages copies the images a page saved with its files shows
// (<img src="kagi_files/photo.jpg"> beside kagi.html, as a browser's "save
// page, complete" writes them) to static/images/imported/<slug>/ and
// points the page at the copies, as for a Hugo bundle's images.
// It returns the site paths of the copies.
func (r *reader) localImages(fsys fs.FS, dir string, body *html.Node, p *Post) map[string]bool {
	copied := map[string]string{} // src as written -> site path
	local := map[string]bool{}
	walk(body, func(n *html.Node) bool {
		if n.DataAtom != atom.Img {
			return true
		}
		src := strings.TrimSpace(attr(n, "src"))
		if src == "" || strings.Contains(src, ":") || strings.HasPrefix(src, "/") {
			return true
		}
		rel, err := url.PathUnescape(src)
		if err != nil {
			return true
		}
		file := path.Join(dir, rel)
		data, err := fs.ReadFile(fsys, file)
		if err != nil || !fs.ValidPath(file) {
			return true
		}
		site := "/" + path.Join(assetDir, slugify(p.Slug, 60), imageName("file:///"+url.PathEscape(path.Base(rel)), path.Ext(rel)))
		if r.assets == nil {
			r.assets = map[string][]byte{}
		}
		r.assets[path.Join("static", site)] = data
		copied[src], local[site] = site, true
		return true
	})
	walk(body, func(n *html.Node) bool {
		for i, a := range n.Attr {
			if site, ok := copied[strings.TrimSpace(a.Val)]; ok && (a.Key == "src" || a.Key == "href") {
				n.Attr[i].Val = site
			}
		}
		return true
	})
	return local
}

// absoluteLinks resolves the page's relative links and image sources
// against its old address, so that images are downloaded from the old
// host like those of an export; the site paths in local stay as they are.
func absoluteLinks(n *html.Node, base string, local map[string]bool) {
	b, err := url.Parse(base)
	if err != nil || b.Host == "" {
		return
	}
	walk(n, func(n *html.Node) bool {
		for i, a := range n.Attr {
			if (a.Key == "src" || a.Key == "href") && a.Val != "" && !strings.HasPrefix(a.Val, "#") && !local[a.Val] {
				if u, err := b.Parse(strings.TrimSpace(a.Val)); err == nil && (u.Scheme == "http" || u.Scheme == "https") {
					n.Attr[i].Val = u.String()
				}
			}
		}
		return true
	})
}

// densest is the element whose own paragraphs hold the most text: the
// article of a page whose theme marks nothing.
func densest(doc *html.Node) *html.Node {
	var best *html.Node
	bestLen := 0
	walk(doc, func(n *html.Node) bool {
		if isChrome(n) {
			return false
		}
		size := 0
		for ch := n.FirstChild; ch != nil; ch = ch.NextSibling {
			if ch.Type == html.ElementNode && (ch.DataAtom == atom.P || ch.DataAtom == atom.Blockquote || ch.DataAtom == atom.Ul || ch.DataAtom == atom.Table) {
				size += len(textOf(ch))
			}
		}
		if size > bestLen {
			best, bestLen = n, size
		}
		return true
	})
	return best
}

// firstHeading is the first h1 (else h2) under n.
func firstHeading(n *html.Node) *html.Node {
	for _, a := range []atom.Atom{atom.H1, atom.H2} {
		var found *html.Node
		walk(n, func(c *html.Node) bool {
			if found == nil && c.DataAtom == a {
				found = c
			}
			return found == nil
		})
		if found != nil {
			return found
		}
	}
	return nil
}

// titleSuffixRE is the blog's name after a page's <title>: " | ブログ名",
// " - ブログ名", "｜ブログ名".
var titleSuffixRE = regexp.MustCompile(`\s*(?:\s[|\-–—]\s|｜|\s::\s)[^|｜]*$`)

// pageTitle is the post's heading, else og:title, else <title> without
// the blog's name.
func pageTitle(heading *html.Node, meta, doc string) string {
	if heading != nil {
		if t := textOf(heading); t != "" {
			return t
		}
	}
	if meta != "" {
		return meta
	}
	return strings.TrimSpace(titleSuffixRE.ReplaceAllString(doc, ""))
}

// pageDate is the article's publication date: article:published_time,
// else the first <time> marked as published, else the first <time>.
func pageDate(published string, times []*html.Node, loc *time.Location) time.Time {
	if d, ok := parseDateValue(published, loc); ok {
		return d
	}
	for _, pass := range []bool{true, false} {
		for _, t := range times {
			w := classWords(t)
			if pass && !(w["published"] || w["entry"] || w["date"] || w["posted"]) || !pass && w["updated"] {
				continue
			}
			if d, ok := parseDateValue(attr(t, "datetime"), loc); ok {
				return d
			}
			if d, ok := parseDateLine(textOf(t), loc); ok {
				return d
			}
		}
	}
	return time.Time{}
}

// parseDateValue reads a machine-readable date (RFC 3339, or a date and
// time without zone, in loc).
func parseDateValue(s string, loc *time.Location) (time.Time, bool) {
	s = strings.TrimSpace(s)
	if s == "" {
		return time.Time{}, false
	}
	if d, err := time.Parse(time.RFC3339, s); err == nil {
		return d.In(loc), true
	}
	for _, layout := range []string{"2006-01-02T15:04", "2006-01-02 15:04:05", "2006-01-02"} {
		if d, err := time.ParseInLocation(layout, s, loc); err == nil {
			return d, true
		}
	}
	return parseDateLine(s, loc)
}

// firstDateLine is the date of a date line among the first lines of body,
// for a page whose markup marks no date, and body without that line.
func firstDateLine(body string, loc *time.Location) (time.Time, string) {
	lines := strings.Split(body, "\n")
	for i, l := range lines[:min(len(lines), 8)] {
		if d, ok := parseDateLine(cleanSpace(strings.Trim(l, "#*_ ")), loc); ok {
			return d, strings.TrimLeft(strings.Join(append(lines[:i:i], lines[i+1:]...), "\n"), "\n")
		}
	}
	return time.Time{}, body
}
