package check

import (
	"bytes"
	"strconv"
	"strings"
	"unicode/utf8"
)

// scanXML is the fast path of parseXML. It reads the plain subset of XML
// that feeds and sitemaps are written in (ASCII names, quoted attributes,
// the five named entities and character references, comments, CDATA, an
// <?xml?> declaration) with byte searches instead of encoding/xml's
// byte-at-a-time decoder, and records the same URLs on the same lines.
//
// It is stricter than encoding/xml: it gives up (ok false) on anything
// outside that subset and on every error, and parseXML then reads the
// document again with encoding/xml, which has the last word and the exact
// message. So a document scanXML accepts is one encoding/xml accepts too
// (FuzzScanXML holds it to that).
func scanXML(name string, data []byte) (doc *xmlDoc, ok bool) {
	if !plainChars(data) {
		return nil, false
	}
	sc := xmlScanner{data: data, doc: &xmlDoc{path: name}}
	if !sc.run() || sc.doc.root == "" || len(sc.stack) > 0 {
		return nil, false
	}
	return sc.doc, true
}

// plainChars reports whether data is valid UTF-8 holding only characters
// XML allows, and no carriage return (which encoding/xml rewrites).
func plainChars(data []byte) bool {
	if !utf8.Valid(data) || bytes.Contains(data, []byte("\uFFFE")) || bytes.Contains(data, []byte("\uFFFF")) {
		return false
	}
	const ones, highs = 0x0101010101010101, 0x8080808080808080
	i := 0
	for ; i+8 <= len(data); i += 8 {
		w := uint64(data[i]) | uint64(data[i+1])<<8 | uint64(data[i+2])<<16 | uint64(data[i+3])<<24 |
			uint64(data[i+4])<<32 | uint64(data[i+5])<<40 | uint64(data[i+6])<<48 | uint64(data[i+7])<<56
		if (w-0x20*ones)&^w&highs == 0 {
			continue // no byte below 0x20 in this word
		}
		for _, b := range data[i : i+8] {
			if b < 0x20 && b != '\n' && b != '\t' {
				return false
			}
		}
	}
	for _, b := range data[i:] {
		if b < 0x20 && b != '\n' && b != '\t' {
			return false
		}
	}
	return true
}

// xmlScanner walks one document for scanXML.
type xmlScanner struct {
	data  []byte
	pos   int
	line  int // line of data[pos]
	seen  int // data[:seen] has been counted into line
	doc   *xmlDoc
	stack []string // raw names of the open elements
	// textFrom is where the text of the innermost element began (just
	// after the last tag); plain is false once a comment, CDATA section
	// or processing instruction has been seen since, so the text is not
	// one slice of data.
	textFrom int
	plain    bool
	textLine int // line of the end of the last start tag
}

// lineAt is the 1-based line of data[at], for at never decreasing.
func (sc *xmlScanner) lineAt(at int) int {
	if sc.line == 0 {
		sc.line = 1
	}
	sc.line += bytes.Count(sc.data[sc.seen:at], []byte("\n"))
	sc.seen = at
	return sc.line
}

func (sc *xmlScanner) run() bool {
	d := sc.data
	for sc.pos < len(d) {
		lt := bytes.IndexByte(d[sc.pos:], '<')
		if lt < 0 {
			return validText(d[sc.pos:])
		}
		if !validText(d[sc.pos : sc.pos+lt]) {
			return false
		}
		sc.pos += lt
		var ok bool
		switch rest := d[sc.pos:]; {
		case bytes.HasPrefix(rest, []byte("<!--")):
			ok = sc.comment()
		case bytes.HasPrefix(rest, []byte("<![CDATA[")):
			ok = sc.cdata()
		case bytes.HasPrefix(rest, []byte("<?")):
			ok = sc.procInst()
		case bytes.HasPrefix(rest, []byte("</")):
			ok = sc.endTag()
		default:
			ok = sc.startTag()
		}
		if !ok {
			return false
		}
	}
	return true
}

// comment skips <!-- ... -->, whose body may not hold "--" nor end in "-".
func (sc *xmlScanner) comment() bool {
	body := sc.data[sc.pos+4:]
	end := bytes.Index(body, []byte("--"))
	if end < 0 || end+2 >= len(body) || body[end+2] != '>' || bytes.HasPrefix(body, []byte("-")) {
		return false
	}
	sc.pos += 4 + end + 3
	sc.plain = false
	return true
}

// cdata skips a CDATA section, whose characters plainChars has checked.
func (sc *xmlScanner) cdata() bool {
	const open = len("<![CDATA[")
	end := bytes.Index(sc.data[sc.pos+open:], []byte("]]>"))
	if end < 0 {
		return false
	}
	sc.pos += open + end + 3
	sc.plain = false
	return true
}

// procInst skips a processing instruction; an <?xml?> declaration must be
// one encoding/xml reads without a charset reader.
func (sc *xmlScanner) procInst() bool {
	rest := sc.data[sc.pos:]
	end := bytes.Index(rest, []byte("?>"))
	if end < 0 {
		return false
	}
	pi := string(rest[:end+2])
	target, n := xmlName(rest[2:])
	if n == 0 || (n < end-2 && !isXMLSpace(rest[2+n])) {
		return false
	}
	if strings.EqualFold(target, "xml") {
		switch pi {
		case `<?xml version="1.0"?>`, `<?xml version="1.0" encoding="utf-8"?>`, `<?xml version="1.0" encoding="UTF-8"?>`:
		default:
			return false
		}
	}
	sc.pos += end + 2
	sc.plain = false
	return true
}

// endTag reads </name>, which must close the innermost open element.
func (sc *xmlScanner) endTag() bool {
	start := sc.pos
	name, n := xmlName(sc.data[start+2:])
	if n == 0 || len(sc.stack) == 0 || sc.stack[len(sc.stack)-1] != name {
		return false
	}
	i := sc.skipSpace(start + 2 + n)
	if i >= len(sc.data) || sc.data[i] != '>' {
		return false
	}
	sc.stack = sc.stack[:len(sc.stack)-1]
	local, ok := localName(name)
	if !ok {
		return false
	}
	if local == "loc" || (local == "link" && sc.doc.root == "rss") {
		if !sc.plain {
			return false
		}
		text := strings.TrimSpace(xmlUnescape(sc.data[sc.textFrom:start]))
		if local == "loc" {
			sc.doc.urls = append(sc.doc.urls, xmlURL{"<loc>", text, sc.textLine})
		} else if text != "" {
			sc.doc.urls = append(sc.doc.urls, xmlURL{"<link>", text, sc.textLine})
		}
	}
	sc.pos = i + 1
	sc.textFrom, sc.plain = sc.pos, true
	return true
}

// startTag reads <name attr="value" ...> or <name .../>.
func (sc *xmlScanner) startTag() bool {
	d := sc.data
	name, n := xmlName(d[sc.pos+1:])
	local, ok := localName(name)
	if n == 0 || !ok {
		return false
	}
	if sc.doc.root == "" {
		sc.doc.root = local
	}
	var hrefs []string
	i := sc.pos + 1 + n
	for {
		j := sc.skipSpace(i)
		if j >= len(d) {
			return false
		}
		if d[j] == '>' || (d[j] == '/' && j+1 < len(d) && d[j+1] == '>') {
			closed := d[j] == '/'
			if closed {
				j++
			}
			sc.pos = j + 1
			sc.textLine = sc.lineAt(sc.pos)
			for _, h := range hrefs {
				sc.doc.urls = append(sc.doc.urls, xmlURL{"<link href>", h, sc.textLine})
			}
			if !closed {
				sc.stack = append(sc.stack, name)
			}
			sc.textFrom, sc.plain = sc.pos, true
			return true
		}
		if j == i {
			return false // attributes must be apart
		}
		key, val, next, ok := sc.attr(j)
		if !ok {
			return false
		}
		if key == "href" && local == "link" {
			hrefs = append(hrefs, val)
		}
		i = next
	}
}

// attr reads name="value" at i, returning the value unescaped when the
// name is href (the only one kept) and where the attribute ends.
func (sc *xmlScanner) attr(i int) (key, val string, next int, ok bool) {
	d := sc.data
	key, n := xmlName(d[i:])
	if _, ok := localName(key); n == 0 || !ok {
		return "", "", 0, false
	}
	i = sc.skipSpace(i + n)
	if i >= len(d) || d[i] != '=' {
		return "", "", 0, false
	}
	i = sc.skipSpace(i + 1)
	if i >= len(d) || (d[i] != '"' && d[i] != '\'') {
		return "", "", 0, false
	}
	end := bytes.IndexByte(d[i+1:], d[i])
	if end < 0 {
		return "", "", 0, false
	}
	raw := d[i+1 : i+1+end]
	if bytes.IndexByte(raw, '<') >= 0 || !validText(raw) {
		return "", "", 0, false
	}
	if key == "href" {
		val = xmlUnescape(raw)
	}
	return key, val, i + 1 + end + 1, true
}

func (sc *xmlScanner) skipSpace(i int) int {
	for i < len(sc.data) && isXMLSpace(sc.data[i]) {
		i++
	}
	return i
}

func isXMLSpace(b byte) bool { return b == ' ' || b == '\n' || b == '\t' || b == '\r' }

// xmlName reads an ASCII XML name at the start of b: its length is 0 when
// there is none, or when the name goes on in characters outside ASCII
// (left to encoding/xml).
func xmlName(b []byte) (string, int) {
	n := 0
	for n < len(b) {
		c := b[n]
		letter := 'a' <= c && c <= 'z' || 'A' <= c && c <= 'Z' || c == '_' || c == ':'
		if !letter && (n == 0 || !('0' <= c && c <= '9' || c == '.' || c == '-')) {
			break
		}
		n++
	}
	if n == 0 || (n < len(b) && b[n] >= utf8.RuneSelf) {
		return "", 0
	}
	return string(b[:n]), n
}

// localName is a name's local part the way encoding/xml splits it; false
// for a name it rejects.
func localName(name string) (string, bool) {
	if strings.Count(name, ":") > 1 {
		return "", false
	}
	if space, local, ok := strings.Cut(name, ":"); ok && space != "" && local != "" {
		return local, true
	}
	return name, true
}

// validText reports whether text (between tags, or an attribute value)
// has only well-formed references and no "]]>".
func validText(text []byte) bool {
	if bytes.Contains(text, []byte("]]>")) {
		return false
	}
	for {
		amp := bytes.IndexByte(text, '&')
		if amp < 0 {
			return true
		}
		_, n := xmlEntity(text[amp:])
		if n == 0 {
			return false
		}
		text = text[amp+n:]
	}
}

// xmlEntity decodes the reference at the start of b ("&amp;", "&#12354;",
// "&#x3042;"), returning its length, 0 when it is not one encoding/xml
// accepts.
func xmlEntity(b []byte) (string, int) {
	semi := bytes.IndexByte(b, ';')
	if semi < 2 || semi > 10 {
		return "", 0
	}
	name := string(b[1:semi])
	switch name {
	case "lt":
		return "<", semi + 1
	case "gt":
		return ">", semi + 1
	case "amp":
		return "&", semi + 1
	case "apos":
		return "'", semi + 1
	case "quot":
		return `"`, semi + 1
	}
	digits, base := strings.CutPrefix(name, "#x")
	if !base {
		var dec bool
		if digits, dec = strings.CutPrefix(name, "#"); !dec {
			return "", 0
		}
	}
	b16 := 10
	if base {
		b16 = 16
	}
	if digits == "" || strings.ContainsAny(digits, "+-_") {
		return "", 0
	}
	v, err := strconv.ParseUint(digits, b16, 32)
	if err != nil || !isInCharacterRange(rune(v)) {
		return "", 0
	}
	return string(rune(v)), semi + 1
}

// isInCharacterRange is XML's Char production, as encoding/xml has it.
func isInCharacterRange(r rune) bool {
	return r == 0x09 || r == 0x0A || r == 0x0D ||
		r >= 0x20 && r <= 0xD7FF ||
		r >= 0xE000 && r <= 0xFFFD ||
		r >= 0x10000 && r <= 0x10FFFF
}

// xmlUnescape decodes the references of text validText has accepted.
func xmlUnescape(text []byte) string {
	if bytes.IndexByte(text, '&') < 0 {
		return string(text)
	}
	var b strings.Builder
	for {
		amp := bytes.IndexByte(text, '&')
		if amp < 0 {
			b.Write(text)
			return b.String()
		}
		b.Write(text[:amp])
		s, n := xmlEntity(text[amp:])
		b.WriteString(s)
		text = text[amp+n:]
	}
}
