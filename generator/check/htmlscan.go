package check

import (
	"bytes"
	"strings"

	"golang.org/x/net/html"
)

// scanPage is the fast path of parsePage. It reads the plain subset of
// HTML that rensai's themes write (ASCII tag and attribute names, quoted
// or simple unquoted values, the named and numeric references html/template
// writes, comments and a doctype) by jumping from one '<' to the next
// instead of feeding every byte through the tokenizer, and it fills p the
// way parsePage does, element for element and line for line.
//
// It gives up (false) on anything outside that subset, and parsePage then
// reads the page with the x/net/html tokenizer, which is the reference:
// FuzzScanPage holds the two to the same result.
func scanPage(p *page, data []byte) bool {
	if bytes.IndexByte(data, '\r') >= 0 || bytes.IndexByte(data, 0) >= 0 {
		return false // newline and NUL rewriting are left to the tokenizer
	}
	sc := pageScanner{data: data, line: 1}
	var as attrs
	for {
		lt := bytes.IndexByte(data[sc.pos:], '<')
		if lt < 0 {
			return true
		}
		at := sc.pos + lt
		rest := data[at:]
		var ok bool
		switch {
		case bytes.HasPrefix(rest, []byte("<!--")):
			ok = sc.comment(at)
		case len(rest) > 1 && rest[1] == '!':
			ok = sc.doctype(at)
		case len(rest) > 1 && rest[1] == '/':
			ok = sc.endTag(at)
		case len(rest) > 1 && isASCIILetter(rest[1]):
			as, ok = sc.startTag(p, at, as[:0])
		}
		if !ok {
			return false
		}
	}
}

// pageScanner walks one page for scanPage.
type pageScanner struct {
	data []byte
	pos  int
	line int // line of data[seen]
	seen int
}

// lineAt is the 1-based line of data[at], for at never decreasing.
func (sc *pageScanner) lineAt(at int) int {
	sc.line += bytes.Count(sc.data[sc.seen:at], []byte("\n"))
	sc.seen = at
	return sc.line
}

// comment skips <!-- ... -->; the tokenizer's abrupt endings (<!-->,
// <!--->, --!>) are left to it.
func (sc *pageScanner) comment(at int) bool {
	body := sc.data[at+4:]
	end := bytes.Index(body, []byte("-->"))
	if end < 0 || bytes.HasPrefix(body, []byte(">")) || bytes.HasPrefix(body, []byte("->")) || bytes.Contains(body[:end], []byte("--!")) {
		return false
	}
	sc.pos = at + 4 + end + 3
	return true
}

// doctype skips <!DOCTYPE ...> without quotes in it.
func (sc *pageScanner) doctype(at int) bool {
	rest := sc.data[at:]
	end := bytes.IndexByte(rest, '>')
	if len(rest) < 9 || !strings.EqualFold(string(rest[2:9]), "doctype") || end < 0 || bytes.ContainsAny(rest[1:end], `"'<`) {
		return false
	}
	sc.pos = at + end + 1
	return true
}

// endTag skips </name> with nothing else in it.
func (sc *pageScanner) endTag(at int) bool {
	n := tagNameLen(sc.data[at+2:])
	if n == 0 {
		return false
	}
	i := skipHTMLSpace(sc.data, at+2+n)
	if i >= len(sc.data) || sc.data[i] != '>' {
		return false
	}
	sc.pos = i + 1
	return true
}

// startTag reads <name attr="value" ...> at at, gives it to p.startTag
// and, after an element whose content is raw text (script, style, title
// ...), skips to its end tag, keeping the title's or page data's text.
func (sc *pageScanner) startTag(p *page, at int, as attrs) (attrs, bool) {
	d := sc.data
	n := tagNameLen(d[at+1:])
	if n == 0 {
		return as, false
	}
	name := lowerName(d[at+1:at+1+n], tagNames)
	i := at + 1 + n
	for {
		j := skipHTMLSpace(d, i)
		if j >= len(d) {
			return as, false
		}
		if d[j] == '>' || (d[j] == '/' && j+1 < len(d) && d[j+1] == '>') {
			if d[j] == '/' {
				j++
			}
			i = j
			break
		}
		if j == i {
			return as, false // attributes must be apart
		}
		a, next, ok := htmlAttr(d, j)
		if !ok {
			return as, false
		}
		if a.key != "" {
			as = append(as, a)
		}
		i = next
	}
	line := sc.lineAt(at)
	if id := as.get("id"); id != "" {
		p.ids[id] = true
	}
	start := d[i-1] != '/'
	opens := p.startTag(name, as, start, line)
	sc.pos = i + 1
	if !rawTextTags[name] {
		return as, true
	}
	if name == "plaintext" {
		return as, false // the rest of the page is text: the tokenizer's
	}
	end := rawTextEnd(d, sc.pos, name)
	if end < 0 || (name == "script" && bytes.Contains(d[sc.pos:end], []byte("<!--"))) {
		return as, false // no end, or script escapes: the tokenizer's
	}
	if opens {
		text := string(d[sc.pos:end])
		if name == "title" {
			p.title += html.UnescapeString(text)
		} else {
			p.dataText += text
		}
	}
	sc.pos = end
	return as, true
}

// rawTextTags are the elements whose content the tokenizer reads as text
// up to their end tag.
var rawTextTags = map[string]bool{
	"iframe": true, "noembed": true, "noframes": true, "noscript": true, "plaintext": true,
	"script": true, "style": true, "textarea": true, "title": true, "xmp": true,
}

// rawTextEnd is where the end tag of the raw-text element name begins in
// d[from:], -1 when there is none.
func rawTextEnd(d []byte, from int, name string) int {
	for i := from; ; {
		k := bytes.Index(d[i:], []byte("</"))
		if k < 0 {
			return -1
		}
		at := i + k
		tail := at + 2 + len(name)
		if tail < len(d) && bytes.EqualFold(d[at+2:tail], []byte(name)) {
			switch d[tail] {
			case ' ', '\n', '\t', '\f', '/', '>':
				return at
			}
		}
		i = at + 2
	}
}

// tagNames are the tag names page.startTag reads or that open raw text,
// and usedAttrs the attributes it reads: scanPage keeps only those, as
// lower-case constants, and copies nothing of the others.
var (
	tagNames  = setOf("html", "title", "base", "meta", "a", "area", "link", "img", "source", "video", "audio", "track", "embed", "iframe", "script", "style", "textarea", "noscript", "noembed", "noframes", "plaintext", "xmp")
	usedAttrs = setOf("id", "lang", "href", "http-equiv", "content", "name", "src", "srcset", "poster", "rel", "type", "data-src")
)

// nameSet is a set of short lower-case ASCII names by length, looked up
// by comparison: most names a page uses (class, alt, width) have a length
// no name of the set has, and the others are compared with two or three
// names, which is cheaper than hashing each one.
type nameSet [maxName + 1][]string

// maxName is the longest name a nameSet holds.
const maxName = 16

func setOf(names ...string) *nameSet {
	var s nameSet
	for _, n := range names {
		s[len(n)] = append(s[len(n)], n)
	}
	return &s
}

// lowerName is the ASCII name b lower-cased when it is one of known, as
// that constant, else "".
func lowerName(b []byte, known *nameSet) string {
	if len(b) > maxName || len(known[len(b)]) == 0 {
		return ""
	}
	var buf [maxName]byte
	for i, c := range b {
		if 'A' <= c && c <= 'Z' {
			c += 'a' - 'A'
		}
		buf[i] = c
	}
	for _, n := range known[len(b)] {
		if n == string(buf[:len(b)]) {
			return n
		}
	}
	return ""
}

// htmlAttr reads one attribute at i: name, name=value, name="value" or
// name='value', with the key lower-cased and the value unescaped as the
// tokenizer has them. An attribute page.startTag does not read comes back
// with an empty key and value.
func htmlAttr(d []byte, i int) (attr, int, bool) {
	k := i
	for k < len(d) && isAttrNameByte(d[k]) {
		k++
	}
	if k == i {
		return attr{}, 0, false
	}
	key := lowerName(d[i:k], usedAttrs)
	j := skipHTMLSpace(d, k)
	if j >= len(d) || d[j] != '=' {
		return attr{key: key}, k, true
	}
	j = skipHTMLSpace(d, j+1)
	if j >= len(d) {
		return attr{}, 0, false
	}
	var raw []byte
	var next int
	if q := d[j]; q == '"' || q == '\'' {
		end := bytes.IndexByte(d[j+1:], q)
		if end < 0 {
			return attr{}, 0, false
		}
		raw, next = d[j+1:j+1+end], j+1+end+1
	} else {
		e := j
		for e < len(d) && isUnquotedByte(d[e]) {
			e++
		}
		if e == j || (e < len(d) && !isHTMLSpace(d[e]) && d[e] != '>') {
			return attr{}, 0, false // the tokenizer's value would go on
		}
		raw, next = d[j:e], e
	}
	if key == "" {
		return attr{}, next, true // its value matters to no check
	}
	val, ok := attrValue(raw)
	return attr{key, val}, next, ok
}

// attrValue unescapes an attribute value whose references are ones whose
// meaning does not depend on being in an attribute: &amp; &lt; &gt;
// &quot; &apos; and numeric ones. Others are left to the tokenizer.
func attrValue(raw []byte) (string, bool) {
	if bytes.IndexByte(raw, '&') < 0 {
		return string(raw), true
	}
	for rest := raw; ; {
		amp := bytes.IndexByte(rest, '&')
		if amp < 0 {
			break
		}
		rest = rest[amp+1:]
		semi := bytes.IndexByte(rest, ';')
		if semi < 0 || !plainReference(rest[:semi]) {
			return "", false
		}
		rest = rest[semi+1:]
	}
	return html.UnescapeString(string(raw)), true
}

// plainReference reports whether name (between & and ;) is one of the
// references attrValue accepts.
func plainReference(name []byte) bool {
	switch string(name) {
	case "amp", "lt", "gt", "quot", "apos":
		return true
	}
	digits, hex := bytes.CutPrefix(name, []byte("#x"))
	if !hex {
		var dec bool
		if digits, dec = bytes.CutPrefix(name, []byte("#")); !dec {
			return false
		}
	}
	if len(digits) == 0 || len(digits) > 6 {
		return false
	}
	for _, c := range digits {
		if !('0' <= c && c <= '9' || hex && ('a' <= c && c <= 'f' || 'A' <= c && c <= 'F')) {
			return false
		}
	}
	return true
}

// tagNameLen is the length of the ASCII tag name at the start of b, 0 when
// it does not start with one or goes on in other characters.
func tagNameLen(b []byte) int {
	n := 0
	for n < len(b) && (isASCIILetter(b[n]) || n > 0 && ('0' <= b[n] && b[n] <= '9' || b[n] == '-')) {
		n++
	}
	if n < len(b) && !isHTMLSpace(b[n]) && b[n] != '/' && b[n] != '>' {
		return 0
	}
	return n
}

func isASCIILetter(c byte) bool { return 'a' <= c && c <= 'z' || 'A' <= c && c <= 'Z' }

func isAttrNameByte(c byte) bool {
	return isASCIILetter(c) || '0' <= c && c <= '9' || c == '-' || c == '_' || c == ':' || c == '.' || c == '@'
}

func isUnquotedByte(c byte) bool {
	return isASCIILetter(c) || '0' <= c && c <= '9' || strings.IndexByte("-_.:/?#%+=~@!,;&", c) >= 0
}

func isHTMLSpace(c byte) bool { return c == ' ' || c == '\n' || c == '\t' || c == '\f' }

func skipHTMLSpace(d []byte, i int) int {
	for i < len(d) && isHTMLSpace(d[i]) {
		i++
	}
	return i
}
