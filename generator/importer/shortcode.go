package importer

import (
	"cmp"
	"fmt"
	"html"
	"regexp"
	"strings"
)

// shortcodeRE is a WordPress shortcode tag: [name attrs], [name/] or
// [/name]; [[name]] is WordPress's escape for a literal [name].
var shortcodeRE = regexp.MustCompile(`\[(\[?)(/?)([a-z_][a-z0-9_-]*)((?:\s[^\[\]]*)?)(/?)\](\]?)`)

// shortcodeAttrRE is one attribute of a shortcode.
var shortcodeAttrRE = regexp.MustCompile(`([A-Za-z_][\w-]*)\s*=\s*(?:"([^"]*)"|'([^']*)'|([^\s"']+))`)

// shortcodeAttrs reads a shortcode's attributes.
func shortcodeAttrs(s string) map[string]string {
	m := map[string]string{}
	for _, a := range shortcodeAttrRE.FindAllStringSubmatch(s, -1) {
		m[strings.ToLower(a[1])] = a[2] + a[3] + a[4]
	}
	return m
}

// shortcodes rewrites WordPress shortcodes into HTML the converter
// understands: [caption] into a figure, [gallery] into its images,
// [embed]/[video]/[audio]/[youtube] into links. Any other shortcode is
// removed (its content stays) with a warning naming the post and the
// shortcode.
func (c *htmlConverter) shortcodes(src string, p *Post, warn *Warnings) string {
	if !strings.Contains(src, "[") {
		return src
	}
	var b strings.Builder
	for {
		m := shortcodeRE.FindStringSubmatchIndex(src)
		if m == nil {
			b.WriteString(src)
			return b.String()
		}
		b.WriteString(src[:m[0]])
		tag := src[m[0]:m[1]]
		escOpen, closing, name := src[m[2]:m[3]], src[m[4]:m[5]], src[m[6]:m[7]]
		attrs, selfClose, escClose := src[m[8]:m[9]], src[m[10]:m[11]], src[m[12]:m[13]]
		rest := src[m[1]:]
		switch {
		case escOpen != "" && escClose != "":
			b.WriteString(tag[1 : len(tag)-1]) // [[x]] shows [x]
			src = rest
			continue
		case closing != "":
			src = rest // a closing tag whose opening was handled or unknown
			continue
		}
		inner, after := "", rest
		closeTag := "[/" + name + "]"
		if selfClose == "" {
			if i := strings.Index(rest, closeTag); i >= 0 {
				inner, after = rest[:i], rest[i+len(closeTag):]
			}
		}
		b.WriteString(c.shortcode(name, shortcodeAttrs(attrs), inner, p, warn))
		src = after
	}
}

// shortcode renders one shortcode.
func (c *htmlConverter) shortcode(name string, attrs map[string]string, inner string, p *Post, warn *Warnings) string {
	switch name {
	case "caption", "wp_caption":
		caption := attrs["caption"]
		img := inner
		if i := strings.LastIndex(inner, ">"); i >= 0 && caption == "" {
			img, caption = inner[:i+1], strings.TrimSpace(inner[i+1:])
		}
		return fmt.Sprintf("<figure>%s<figcaption>%s</figcaption></figure>", img, caption)
	case "gallery":
		var b strings.Builder
		var unknown []string
		ids := strings.Split(cmp.Or(attrs["ids"], attrs["include"]), ",")
		if attrs["ids"] == "" && attrs["include"] == "" {
			// Without ids, a gallery shows the images attached to its post.
			ids = c.children[strings.TrimPrefix(p.ID, "post ")]
		}
		for _, id := range ids {
			id = strings.TrimSpace(id)
			if id == "" {
				continue
			}
			if u, ok := c.attachments[id]; ok {
				fmt.Fprintf(&b, `<p><img src="%s" alt=""></p>`, html.EscapeString(u))
			} else {
				unknown = append(unknown, id)
			}
		}
		switch {
		case len(unknown) > 0:
			warn.AddT("shortcode [gallery]", p.Source, p.Line, "import.w.gallery", p.name(), strings.Join(unknown, ","))
		case b.Len() == 0:
			warn.AddT("shortcode [gallery]", p.Source, p.Line, "import.w.galleryEmpty", p.name())
		}
		return b.String()
	case "embed", "video", "audio", "youtube", "vimeo", "tweet":
		u := strings.TrimSpace(inner)
		for _, k := range []string{"src", "url", "mp4", "mp3", "id"} {
			if u == "" {
				u = attrs[k]
			}
		}
		if u == "" {
			warn.AddT("shortcode ["+name+"]", p.Source, p.Line, "import.w.noAddress", p.name(), name)
			return ""
		}
		return fmt.Sprintf(`<p><a href="%s">%s</a></p>`, html.EscapeString(u), html.EscapeString(u))
	}
	warn.AddT("shortcode ["+name+"]", p.Source, p.Line, "import.w.wpShortcode", p.name(), name)
	return inner
}
