package check

import (
	"bytes"
	"net/url"
	"strings"

	"golang.org/x/net/html"
)

// page is what the checks need from one HTML file, gathered in one pass of
// the tokenizer.
type page struct {
	path string

	htmlLine  int // line of <html>, 0 when absent
	lang      string
	titleLine int // line of <title>, 0 when absent
	title     string
	canonical *ref // first rel=canonical link
	redirect  bool // has <meta http-equiv="refresh">
	base      string

	ids  map[string]bool // id attributes and <a name>
	refs []ref           // every URL the page uses
	// prev and next are the first rel=prev and rel=next links, if any.
	prev, next *ref

	// The page-data block (pagedata.go): its line, its text, how many
	// there are, and the parsed data or why it does not parse.
	dataLine  int
	dataText  string
	dataCount int
	data      *pageData
	dataErr   *note
}

// ref is one URL found in a page.
type ref struct {
	kind string // "link", "image" ...
	ref  string
	line int
}

// parsePage tokenizes data and fills p. The tokenizer never fails: broken
// HTML is read the way a browser would tolerate it.
func parsePage(p *page, data []byte) {
	p.ids = map[string]bool{}
	defer p.parseData()
	if scanPage(p, data) {
		return
	}
	*p = page{path: p.path, ids: map[string]bool{}}
	tokenizePage(p, data)
}

// tokenizePage is parsePage with the x/net/html tokenizer, for any page.
func tokenizePage(p *page, data []byte) {
	z := html.NewTokenizer(bytes.NewReader(data))
	line := 1
	var (
		inTitle, inData bool
		attrs           attrs
	)
	for {
		tt := z.Next()
		tokLine := line
		line += bytes.Count(z.Raw(), []byte("\n"))
		switch tt {
		case html.ErrorToken:
			return
		case html.TextToken:
			if inTitle {
				p.title += string(z.Text())
			}
			if inData {
				p.dataText += string(z.Text())
			}
		case html.EndTagToken:
			name, _ := z.TagName()
			switch string(name) {
			case "title":
				inTitle = false
			case "script":
				inData = false
			}
		case html.StartTagToken, html.SelfClosingTagToken:
			name, hasAttr := z.TagName()
			attrs = attrs[:0]
			for hasAttr {
				var k, v []byte
				k, v, hasAttr = z.TagAttr()
				attrs = append(attrs, attr{string(k), string(v)})
			}
			if id := attrs.get("id"); id != "" {
				p.ids[id] = true
			}
			if p.startTag(string(name), attrs, tt == html.StartTagToken, tokLine) {
				switch string(name) {
				case "title":
					inTitle = true
				case "script":
					inData = true
				}
			}
		}
	}
}

// startTag records what the checks need from one start tag at line
// tokLine; start is false for a self-closing tag. It reports whether the
// tag opens text the page keeps: the title, or the page-data block.
func (p *page) startTag(tag string, attrs attrs, start bool, tokLine int) (opens bool) {
	add := func(kind, attr string) *ref {
		v, ok := attrs.lookup(attr)
		if !ok {
			return nil
		}
		p.refs = append(p.refs, ref{kind, v, tokLine})
		return &p.refs[len(p.refs)-1]
	}
	// A file a script fetches (the default theme's settings box, a lazy
	// image): missing, the feature is silently gone.
	add("script file", "data-src")
	switch tag {
	case "html":
		if p.htmlLine == 0 {
			p.htmlLine = tokLine
			p.lang = strings.TrimSpace(attrs.get("lang"))
		}
	case "title":
		if p.titleLine == 0 && start {
			p.titleLine = tokLine
			opens = true
		}
	case "base":
		if p.base == "" {
			p.base = attrs.get("href")
		}
	case "meta":
		if strings.EqualFold(attrs.get("http-equiv"), "refresh") {
			p.redirect = true
			if u := refreshURL(attrs.get("content")); u != "" {
				p.refs = append(p.refs, ref{"redirect", u, tokLine})
			}
		}
	case "a", "area":
		if n := attrs.get("name"); n != "" && tag == "a" {
			p.ids[n] = true
		}
		r, ok := attrs.lookup("href")
		if !ok {
			break
		}
		p.refs = append(p.refs, ref{"link", r, tokLine})
		p.relLink(attrs, ref{"link", r, tokLine})
	case "link":
		p.linkTag(attrs, add)
	case "img":
		add("image", "src")
		addSrcset(p, "image", attrs.get("srcset"), tokLine)
	case "source":
		add("media", "src")
		addSrcset(p, "image", attrs.get("srcset"), tokLine)
	case "video", "audio", "track", "embed":
		add("media", "src")
		add("image", "poster")
	case "iframe":
		add("frame", "src")
	case "script":
		add("script", "src")
		if attrs.get("id") == dataID && start {
			p.dataCount++
			if p.dataCount == 1 {
				p.dataLine = tokLine
				opens = true
			}
		}
	}

	return opens
}

// attr is one attribute of a tag.
type attr struct{ key, val string }

// attrs are the attributes of a tag, in source order.
type attrs []attr

// lookup returns the first attribute named key, as browsers do.
func (as attrs) lookup(key string) (string, bool) {
	for _, a := range as {
		if a.key == key {
			return a.val, true
		}
	}
	return "", false
}

func (as attrs) get(key string) string {
	v, _ := as.lookup(key)
	return v
}

// addSrcset adds the URLs of a srcset attribute ("a.jpg 1x, b.jpg 2x").
func addSrcset(p *page, kind, srcset string, line int) {
	for _, cand := range strings.Split(srcset, ",") {
		if f := strings.Fields(cand); len(f) > 0 {
			p.refs = append(p.refs, ref{kind, f[0], line})
		}
	}
}

// refreshURL returns the URL of a meta refresh content ("0; url=/a/").
func refreshURL(content string) string {
	_, after, ok := strings.Cut(content, ";")
	if !ok {
		_, after, ok = strings.Cut(content, ",")
		if !ok {
			return ""
		}
	}
	after = strings.TrimSpace(after)
	if len(after) >= 4 && strings.EqualFold(after[:4], "url=") {
		after = after[4:]
	}
	return strings.Trim(strings.TrimSpace(after), `'"`)
}

// linkTag records the URL of a <link>, by its rel.
func (p *page) linkTag(attrs attrs, add func(kind, attr string) *ref) {
	rel := " " + strings.ToLower(attrs.get("rel")) + " "
	switch {
	case strings.Contains(rel, " canonical "):
		if r := add("canonical URL", "href"); r != nil && p.canonical == nil {
			c := *r
			p.canonical = &c
		}
	case strings.Contains(rel, " stylesheet "):
		add("stylesheet", "href")
	case strings.Contains(rel, " alternate ") && (strings.Contains(attrs.get("type"), "xml") || strings.Contains(attrs.get("type"), "json")):
		add("feed link", "href")
	case strings.Contains(rel, " preconnect "), strings.Contains(rel, " dns-prefetch "):
	default:
		if r := add("link", "href"); r != nil {
			p.relLink(attrs, *r)
		}
	}
}

// relLink records r as the page's first rel=prev or rel=next link.
func (p *page) relLink(attrs attrs, r ref) {
	switch relOf(attrs) {
	case "prev":
		if p.prev == nil {
			p.prev = &r
		}
	case "next":
		if p.next == nil {
			p.next = &r
		}
	}
}

// relOf returns "prev" or "next" when the rel attribute holds one of them.
func relOf(attrs attrs) string {
	for _, r := range strings.Fields(strings.ToLower(attrs.get("rel"))) {
		if r == "prev" || r == "previous" {
			return "prev"
		}
		if r == "next" {
			return "next"
		}
	}
	return ""
}

// from is the URL relative references on p resolve against.
func (s *site) from(p *page) *url.URL {
	u := s.pageURL(p.path)
	if p.base != "" {
		if b, err := url.Parse(p.base); err == nil {
			u = u.ResolveReference(b)
		}
	}
	return u
}

// checkPage runs the checks that need one page and the set of files.
func (s *site) checkPage(p *page) []Problem {
	var out []Problem
	report := func(line int, key string, args ...any) {
		out = append(out, Problem{p.path, line, s.t(key, args...)})
	}
	switch {
	case p.htmlLine == 0:
		report(1, "check.noHTML")
	case p.lang == "" && !p.redirect:
		report(p.htmlLine, "check.noLang")
	}
	if !p.redirect {
		switch {
		case p.titleLine == 0:
			report(1, "check.noTitle")
		case strings.TrimSpace(p.title) == "":
			report(p.titleLine, "check.emptyTitle")
		}
	}
	if p.canonical == nil {
		report(1, "check.noCanonical")
	} else if msg := s.checkAbsolute(p.canonical.ref); msg != "" {
		report(p.canonical.line, "check.canonical", msg)
	}
	out = append(out, s.checkData(p)...)
	from := s.from(p)
	for _, r := range p.refs {
		if msg := s.checkRef(from, r.kind, r.ref); msg != "" {
			out = append(out, Problem{p.path, r.line, msg})
		}
	}
	return out
}

// checkAbsolute says what is wrong with a URL that must be absolute and
// under the base URL (canonical, feed and sitemap URLs), or "" when nothing.
func (s *site) checkAbsolute(raw string) string {
	u, err := url.Parse(strings.TrimSpace(raw))
	if err != nil {
		return "" // reported as malformed by the link check
	}
	if !u.IsAbs() || u.Host == "" {
		return s.t("check.notAbsolute", raw, s.base)
	}
	if u.Scheme != s.base.Scheme || !strings.EqualFold(u.Host, s.base.Host) || !strings.HasPrefix(u.Path+"/", s.basePath) {
		return s.t("check.notUnderBase", raw, s.base)
	}
	return ""
}
