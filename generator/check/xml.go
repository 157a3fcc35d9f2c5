package check

import (
	"bytes"
	"encoding/xml"
	"errors"
	"io"
	"strings"
)

// xmlDoc is what the checks need from a feed or sitemap.
type xmlDoc struct {
	path    string
	root    string // local name of the root element: "feed", "urlset" ...
	errLine int    // line of the first syntax error, 0 when well-formed
	errMsg  note
	kind    string // "JSON" for a JSON Feed, "" for XML
	faults  []note // required fields missing (JSON Feed)
	urls    []xmlURL
}

// xmlURL is a URL in a feed or sitemap.
type xmlURL struct {
	where string // "<loc>", "<link href>"
	url   string
	line  int
}

// parseXML reads a whole XML document, recording the URLs of Atom
// <link href>, RSS <link> and sitemap <loc> elements and the first syntax
// error: with the fast scanXML when it can, else with encoding/xml.
func parseXML(name string, data []byte) *xmlDoc {
	if doc, ok := scanXML(name, data); ok {
		return doc
	}
	return decodeXML(name, data)
}

// decodeXML is parseXML with encoding/xml, for any document.
func decodeXML(name string, data []byte) *xmlDoc {
	doc := &xmlDoc{path: name}
	d := xml.NewDecoder(bytes.NewReader(data))
	var stack []string
	var text strings.Builder
	textLine := 0
	for {
		tok, err := d.Token()
		if err == io.EOF {
			if len(stack) > 0 {
				line, _ := d.InputPos()
				doc.errLine, doc.errMsg = line, note{"check.unclosed", []any{stack[len(stack)-1]}}
			} else if doc.root == "" {
				doc.errLine, doc.errMsg = 1, note{"check.noRoot", nil}
			}
			return doc
		}
		if err != nil {
			var se *xml.SyntaxError
			if errors.As(err, &se) {
				doc.errLine, doc.errMsg = se.Line, note{"check.text", []any{se.Msg}}
			} else {
				line, _ := d.InputPos()
				doc.errLine, doc.errMsg = line, note{"check.text", []any{err.Error()}}
			}
			return doc
		}
		line, _ := d.InputPos()
		switch t := tok.(type) {
		case xml.StartElement:
			if doc.root == "" {
				doc.root = t.Name.Local
			}
			stack = append(stack, t.Name.Local)
			if t.Name.Local == "link" {
				for _, a := range t.Attr {
					if a.Name.Local == "href" && a.Name.Space == "" {
						doc.urls = append(doc.urls, xmlURL{"<link href>", a.Value, line})
					}
				}
			}
			text.Reset()
			textLine = line
		case xml.CharData:
			text.Write(t)
		case xml.EndElement:
			stack = stack[:len(stack)-1]
			switch {
			case t.Name.Local == "loc":
				doc.urls = append(doc.urls, xmlURL{"<loc>", strings.TrimSpace(text.String()), textLine})
			case t.Name.Local == "link" && doc.root == "rss" && strings.TrimSpace(text.String()) != "":
				doc.urls = append(doc.urls, xmlURL{"<link>", strings.TrimSpace(text.String()), textLine})
			}
			text.Reset()
		}
	}
}

// checkXML checks that a feed or sitemap is well-formed and that its URLs
// are absolute, under the base URL, and resolve.
func (s *site) checkXML(d *xmlDoc) []Problem {
	var out []Problem
	if d.errLine != 0 {
		kind := d.kind
		if kind == "" {
			kind = "XML"
		}
		out = append(out, Problem{d.path, d.errLine, s.t("check.malformed", kind, s.say(d.errMsg))})
	}
	for _, f := range d.faults {
		out = append(out, Problem{d.path, 1, s.t("check.invalidFeed", s.say(f))})
	}
	from := s.pageURL(d.path)
	for _, u := range d.urls {
		if msg := s.checkAbsolute(u.url); msg != "" {
			out = append(out, Problem{d.path, u.line, u.where + " " + msg})
			continue
		}
		if msg := s.checkRef(from, "URL", u.url); msg != "" {
			out = append(out, Problem{d.path, u.line, u.where + " " + msg})
		}
	}
	return out
}
