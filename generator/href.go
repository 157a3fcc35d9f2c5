package generator

import (
	"html/template"
	"strings"
)

// href is the template function that writes a whole href attribute for a
// site-relative URL or a fragment with its non-ASCII characters as they are
// (href="/tags/給与/", href="#対応経緯"). html/template percent-encodes every
// byte of them in an href ({{ .URL }}), which makes a Japanese URL three
// times longer on every page that links it; a browser reads both forms as
// the same URL. The parts are joined; a URL that is not site-relative
// ("/…" but not "//…") or a fragment ("#…") is refused the way html/template
// refuses an unsafe URL, as "#ZgotmplZ".
func href(parts ...string) template.HTMLAttr {
	u := strings.Join(parts, "")
	if !(strings.HasPrefix(u, "/") && !strings.HasPrefix(u, "//")) && !strings.HasPrefix(u, "#") {
		u = "#ZgotmplZ"
	}
	var b strings.Builder
	b.Grow(len(u) + 8)
	b.WriteString(`href="`)
	const hex = "0123456789ABCDEF"
	for i := 0; i < len(u); i++ {
		switch c := u[i]; {
		case c == '&':
			b.WriteString("&amp;")
		case c <= ' ' || c == 0x7f || c == '"' || c == '\'' || c == '<' || c == '>' || c == '`' || c == '\\':
			b.WriteByte('%')
			b.WriteByte(hex[c>>4])
			b.WriteByte(hex[c&15])
		default:
			b.WriteByte(c)
		}
	}
	b.WriteByte('"')
	return template.HTMLAttr(b.String())
}
