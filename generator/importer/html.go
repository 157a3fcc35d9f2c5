package importer

import (
	"bytes"
	"fmt"
	"net/url"
	"path"
	"regexp"
	"strconv"
	"strings"
	"sync"

	"github.com/JohannesKaufmann/html-to-markdown/v2/converter"
	"github.com/JohannesKaufmann/html-to-markdown/v2/plugin/base"
	"github.com/JohannesKaufmann/html-to-markdown/v2/plugin/commonmark"
	"github.com/JohannesKaufmann/html-to-markdown/v2/plugin/strikethrough"
	"github.com/JohannesKaufmann/html-to-markdown/v2/plugin/table"
	"golang.org/x/net/html"
	"golang.org/x/net/html/atom"
)

// htmlConverter turns WordPress post HTML into Markdown.
type htmlConverter struct {
	attachments map[string]string   // post id -> URL
	children    map[string][]string // post id -> its attachments' ids, for [gallery]
	assets      map[string]bool     // file names in a ZIP's assets/
	// wordpress: the HTML is a WordPress post, whose blank lines make
	// paragraphs unless it is made of blocks (wpautop), even where it
	// also holds a <p>.
	wordpress bool
	// marked: the author wrote the HTML with its headings (a Jekyll
	// post), so no short paragraph is taken for one (Cleaner.CleanMarkup).
	marked bool
	pool   sync.Pool
}

func newHTMLConverter(attachments map[string]string, assets map[string]bool) *htmlConverter {
	c := &htmlConverter{attachments: attachments, assets: assets}
	c.pool.New = func() any {
		return converter.NewConverter(converter.WithPlugins(
			base.NewBasePlugin(), commonmark.NewCommonmarkPlugin(),
			table.NewTablePlugin(), strikethrough.NewStrikethroughPlugin()))
	}
	return c
}

var (
	gutenbergRE = regexp.MustCompile(`(?s)<!--\s*/?wp:.*?-->`)
	moreRE      = regexp.MustCompile(`<!--\s*more(?:\s[^>]*?)?\s*-->`) // WordPress <!--more-->, はてな <!-- more -->
	nextpageRE  = regexp.MustCompile(`<!--nextpage-->`)
)

// moreToken stands for <!--more--> while the HTML is converted.
const moreToken = "RENSAIMOREBREAK"

// moreMark is the summary break kept in the Markdown.
const moreMark = "<!--more-->"

// convert converts one post's HTML and cleans the result.
func (c *htmlConverter) convert(src string, p *Post, cleaner *Cleaner, warn *Warnings) (string, Nav) {
	blocks := gutenbergRE.MatchString(src) // the block editor, which has headings of its own
	tagged := blocks || !c.wordpress && paragraphTagRE.MatchString(src)
	src = gutenbergRE.ReplaceAllString(src, "")
	if !tagged {
		src = autop(src)
	}
	src = moreRE.ReplaceAllString(src, "\n\n<p>"+moreToken+"</p>\n\n")
	if n := len(nextpageRE.FindAllStringIndex(src, -1)); n > 0 {
		warn.AddT("nextpage", p.Source, p.Line, "import.w.nextpage", p.name(), n+1)
		src = nextpageRE.ReplaceAllString(src, "\n\n<hr>\n\n")
	}
	src = c.shortcodes(src, p, warn)
	md, ok := c.fragment(src, p, warn)
	if !ok {
		return cleaner.Clean(p.Title, src, true).Markdown, Nav{}
	}
	out := c.footnoteRefs(strings.ReplaceAll(md, moreToken, moreMark), p, warn)
	var cleaned Cleaned
	if blocks || c.marked {
		cleaned = cleaner.CleanMarkup(p.Title, out)
	} else {
		cleaned = cleaner.Clean(p.Title, out, false)
	}
	return cleaned.Markdown, cleaned.Nav
}

// footnoteToken marks a footnote reference while the HTML is converted.
const footnoteToken = "RENSAIFOOTNOTE"

var footnoteTokenRE = regexp.MustCompile(footnoteToken + `(\d+)` + footnoteToken)

// footnoteRefs writes the block editor's footnote references as Markdown
// footnotes ([^1]) and their texts, from the post meta, after the body.
func (c *htmlConverter) footnoteRefs(md string, p *Post, warn *Warnings) string {
	if len(p.notes.refs) == 0 {
		return md
	}
	md = footnoteTokenRE.ReplaceAllString(md, "[^$1]")
	var b strings.Builder
	b.WriteString(strings.TrimRight(md, "\n"))
	b.WriteString("\n")
	for i, id := range p.notes.refs {
		text, ok := p.notes.text[id]
		if !ok {
			warn.AddT("footnote", p.Source, p.Line, "import.w.footnoteMissing", p.name(), i+1)
		}
		note, _ := c.fragment(text, p, warn)
		fmt.Fprintf(&b, "\n[^%d]: %s", i+1, strings.Join(strings.Fields(note), " "))
	}
	return b.String() + "\n"
}

// fragment converts a piece of HTML to Markdown, rewritten by transform
// first; false when the HTML cannot be read.
func (c *htmlConverter) fragment(src string, p *Post, warn *Warnings) (string, bool) {
	nodes, err := html.ParseFragment(strings.NewReader(src), &html.Node{Type: html.ElementNode, Data: "body", DataAtom: atom.Body})
	if err != nil {
		warn.AddT("html", p.Source, p.Line, "import.w.htmlRead", p.name(), err)
		return "", false
	}
	root := &html.Node{Type: html.ElementNode, Data: "div", DataAtom: atom.Div}
	for _, n := range nodes {
		root.AppendChild(n)
	}
	c.transform(root, p, warn)
	conv := c.pool.Get().(*converter.Converter)
	md, err := conv.ConvertNode(root)
	c.pool.Put(conv)
	if err != nil {
		warn.AddT("html", p.Source, p.Line, "import.w.htmlConvert", p.name(), err)
	}
	return separateLists(string(md)), true
}

// htmlBlocks converts the HTML blocks of a Markdown body (a paragraph that
// starts with a block element: <div class="note">…</div>, <table>,
// <iframe>) to Markdown: the build drops raw HTML, so their text was lost.
// Fenced code is left alone.
func (c *htmlConverter) htmlBlocks(body string, p *Post, warn *Warnings) string {
	if !strings.Contains(body, "<") {
		return body
	}
	var out, chunk []string
	fence := ""
	flush := func() {
		if len(chunk) == 0 {
			return
		}
		text := strings.Join(chunk, "\n")
		if blockStartRE.MatchString(strings.TrimLeft(text, " ")) {
			if md, ok := c.fragment(text, p, warn); ok {
				text = strings.TrimSpace(md)
			}
		}
		out = append(out, text)
		chunk = chunk[:0]
	}
	for _, line := range strings.Split(body, "\n") {
		t := strings.TrimSpace(line)
		switch {
		case fence != "":
			out = append(out, line)
			if strings.HasPrefix(t, fence) {
				fence = ""
			}
			continue
		case strings.HasPrefix(t, "```") || strings.HasPrefix(t, "~~~"):
			flush()
			fence = t[:3]
			out = append(out, line)
			continue
		case t == "":
			flush()
			out = append(out, line)
			continue
		}
		chunk = append(chunk, line)
	}
	flush()
	return strings.Join(out, "\n")
}

// blockStartRE is an HTML block element at the start of a chunk.
var blockStartRE = regexp.MustCompile(`(?i)^<(p|div|h[1-6]|ul|ol|li|dl|table|thead|tbody|tr|td|th|blockquote|pre|figure|figcaption|hr|section|article|aside|header|footer|nav|form|address|details|summary|img|iframe|script|style|video|audio)[\s>/]`)

var (
	paragraphTagRE = regexp.MustCompile(`(?i)<p[\s>]`)
	blankLinesRE   = regexp.MustCompile(`\n\s*\n`)
)

// autop does what WordPress's wpautop does for posts of the classic
// editor: blank lines separate paragraphs and a single line end is a line
// break. A chunk that starts with a block element is left as it is.
func autop(src string) string {
	if !strings.Contains(src, "\n") {
		return src
	}
	chunks := blankLinesRE.Split(strings.ReplaceAll(src, "\r\n", "\n"), -1)
	var b strings.Builder
	for _, ch := range chunks {
		ch = strings.TrimSpace(ch)
		if ch == "" {
			continue
		}
		if blockStartRE.MatchString(ch) || strings.Contains(ch, "<pre") {
			b.WriteString(ch)
		} else {
			b.WriteString("<p>")
			b.WriteString(strings.ReplaceAll(ch, "\n", "<br>\n"))
			b.WriteString("</p>")
		}
		b.WriteString("\n\n")
	}
	return b.String()
}

// transform rewrites the parsed HTML before conversion: figures with a
// caption become images with a title (rensai shows them as a figure),
// scripts go, embeds become links, images from a ZIP's assets/ point at
// their copy in static/.
func (c *htmlConverter) transform(n *html.Node, p *Post, warn *Warnings) {
	for ch := n.FirstChild; ch != nil; {
		next := ch.NextSibling
		if ch.Type == html.ElementNode {
			switch ch.DataAtom {
			case atom.Script, atom.Style, atom.Noscript:
				n.RemoveChild(ch)
				ch = next
				continue
			case atom.Iframe, atom.Embed, atom.Object, atom.Video, atom.Audio:
				src := attr(ch, "src")
				if src == "" {
					src = attr(ch, "data")
				}
				link := &html.Node{Type: html.ElementNode, Data: "p", DataAtom: atom.P}
				if src != "" {
					a := &html.Node{Type: html.ElementNode, Data: "a", DataAtom: atom.A, Attr: []html.Attribute{{Key: "href", Val: src}}}
					a.AppendChild(&html.Node{Type: html.TextNode, Data: src})
					link.AppendChild(a)
				}
				n.InsertBefore(link, ch)
				n.RemoveChild(ch)
				warn.AddT("embed", p.Source, p.Line, "import.w.embed", p.name(), ch.Data, src)
				ch = next
				continue
			case atom.A:
				if href := attr(ch, "href"); strings.HasPrefix(href, "#") {
					// The ids of the old HTML do not survive; keep the text.
					for gc := ch.FirstChild; gc != nil; {
						nx := gc.NextSibling
						ch.RemoveChild(gc)
						n.InsertBefore(gc, ch)
						gc = nx
					}
					n.RemoveChild(ch)
					if href != "#" { // "#" is a placeholder that goes nowhere
						warn.AddT("in-page-link", p.Source, p.Line, "import.w.inPageLink", p.name(), href)
					}
					ch = next
					continue
				}
			case atom.Summary:
				// <details> cannot stay (the build drops raw HTML) and its
				// text is shown whole; the summary stays its bold lead-in,
				// not a line like the others.
				strong := &html.Node{Type: html.ElementNode, Data: "strong", DataAtom: atom.Strong}
				for gc := ch.FirstChild; gc != nil; {
					nx := gc.NextSibling
					ch.RemoveChild(gc)
					strong.AppendChild(gc)
					gc = nx
				}
				ch.Data, ch.DataAtom, ch.Attr = "p", atom.P, nil
				ch.AppendChild(strong)
			case atom.Sup:
				if id := attr(ch, "data-fn"); id != "" && p.notes.text != nil {
					// A footnote reference of the block editor: a token
					// that footnoteRefs makes [^n] after conversion.
					p.notes.refs = append(p.notes.refs, id)
					n.InsertBefore(&html.Node{Type: html.TextNode, Data: fmt.Sprintf("%s%d%s", footnoteToken, len(p.notes.refs), footnoteToken)}, ch)
					n.RemoveChild(ch)
					ch = next
					continue
				}
			case atom.Ruby:
				// <ruby>漢字<rt>かんじ</rt></ruby> is rensai's ｜漢字《かんじ》;
				// as text it read 漢字かんじ, or 漢字(かんじ) with <rp>.
				n.InsertBefore(&html.Node{Type: html.TextNode, Data: rubyNotation(ch)}, ch)
				n.RemoveChild(ch)
				ch = next
				continue
			case atom.Figure:
				c.figure(ch)
			case atom.Img:
				c.image(ch)
			}
		}
		c.transform(ch, p, warn)
		ch = next
	}
}

// figure turns <figure><img><figcaption>text</figcaption></figure> into a
// paragraph holding the image with the caption as its title.
func (c *htmlConverter) figure(f *html.Node) {
	var img, caption *html.Node
	var walk func(*html.Node)
	walk = func(n *html.Node) {
		for ch := n.FirstChild; ch != nil; ch = ch.NextSibling {
			switch {
			case ch.DataAtom == atom.Img && img == nil:
				img = ch
			case ch.DataAtom == atom.Figcaption && caption == nil:
				caption = ch
			}
			walk(ch)
		}
	}
	walk(f)
	if img == nil {
		return
	}
	if caption != nil {
		text := strings.TrimSpace(nodeText(caption))
		if text != "" {
			setAttr(img, "title", text)
			if attr(img, "alt") == "" {
				setAttr(img, "alt", text)
			}
		}
		caption.Parent.RemoveChild(caption)
	}
	f.Data, f.DataAtom, f.Attr = "p", atom.P, nil
}

// fotolifeAltRE is the alt はてな gives a fotolife image: its notation.
var fotolifeAltRE = regexp.MustCompile(`^f:id:[A-Za-z0-9_-]+:\d{14}[pjg]?(:[a-z]+)*$`)

// image points an image at its copy from the export's assets/, or at the
// largest candidate of its srcset, which the image step downloads (an
// image on another host is left to that step). An alt that is only
// はてな's notation (f:id:user:20190829112233j:plain) says nothing to a
// reader and goes.
func (c *htmlConverter) image(img *html.Node) {
	if fotolifeAltRE.MatchString(attr(img, "alt")) {
		setAttr(img, "alt", "")
	}
	src := attr(img, "src")
	if best := largestCandidate(attr(img, "srcset")); best != "" {
		src = best
		setAttr(img, "src", src)
	}
	u, err := url.Parse(src)
	if err != nil || src == "" {
		return
	}
	if name := path.Base(u.Path); c.assets[name] {
		setAttr(img, "src", "/"+assetDir+"/"+name)
	}
}

// largestCandidate is the URL of srcset's widest candidate ("a.jpg 300w,
// b.jpg 1024w"), or of its highest density ("a.jpg 1x, b.jpg 2x"); the
// first of equals wins, and "" means no usable candidate.
func largestCandidate(srcset string) string {
	best, bestSize := "", 0.0
	for _, cand := range strings.Split(srcset, ",") {
		fields := strings.Fields(cand)
		if len(fields) == 0 {
			continue
		}
		size := 1.0
		if len(fields) > 1 {
			d := fields[1]
			if n, err := strconv.ParseFloat(d[:len(d)-1], 64); err == nil && (strings.HasSuffix(d, "w") || strings.HasSuffix(d, "x")) {
				size = n
			}
		}
		if size > bestSize {
			best, bestSize = fields[0], size
		}
	}
	return best
}

func attr(n *html.Node, key string) string {
	for _, a := range n.Attr {
		if a.Key == key {
			return a.Val
		}
	}
	return ""
}

func setAttr(n *html.Node, key, val string) {
	for i, a := range n.Attr {
		if a.Key == key {
			n.Attr[i].Val = val
			return
		}
	}
	n.Attr = append(n.Attr, html.Attribute{Key: key, Val: val})
}

// nodeText is the text of n and its descendants, as it stands.
func nodeText(n *html.Node) string {
	var b strings.Builder
	var walk func(*html.Node)
	walk = func(n *html.Node) {
		if n.Type == html.TextNode {
			b.WriteString(n.Data)
		}
		for ch := n.FirstChild; ch != nil; ch = ch.NextSibling {
			walk(ch)
		}
	}
	walk(n)
	return b.String()
}

// htmlTag matches an HTML start or end tag, as a WordPress title may hold
// (<em>, </b>, <span class="x">, <br/>), and charRef a character reference
// (&amp;, &#8217;); a lone <, > or & is text.
var (
	htmlTag = regexp.MustCompile(`</?[A-Za-z][A-Za-z0-9]*(\s[^<>]*)?/?>`)
	charRef = regexp.MustCompile(`&(#[0-9]+|#[xX][0-9A-Fa-f]+|[A-Za-z][A-Za-z0-9]*);`)
)

// titleText is title s as text: with HTML tags or character references,
// the references decoded and the tags dropped. tags says whether it had
// tags (which the text loses).
func titleText(s string) (text string, tags bool) {
	tags = htmlTag.MatchString(s)
	if !tags && !charRef.MatchString(s) {
		return s, false
	}
	return htmlToText(s), tags
}

// htmlToText is the text of an HTML fragment (an excerpt).
func htmlToText(s string) string {
	if !strings.ContainsAny(s, "<&") {
		return s
	}
	nodes, err := html.ParseFragment(bytes.NewReader([]byte(s)), &html.Node{Type: html.ElementNode, Data: "body", DataAtom: atom.Body})
	if err != nil {
		return s
	}
	var b strings.Builder
	for _, n := range nodes {
		b.WriteString(nodeText(n))
	}
	return cleanSpace(b.String())
}
