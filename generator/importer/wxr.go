package importer

import (
	"archive/zip"
	"bytes"
	"encoding/xml"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"net/url"
	"path"
	"regexp"
	"strconv"
	"strings"
	"time"
	"unicode/utf8"

	"golang.org/x/net/html/charset"
)

// xmlElem is any XML element with its children, as WXR items are read.
type xmlElem struct {
	XMLName  xml.Name
	Attrs    []xml.Attr `xml:",any,attr"`
	Text     string     `xml:",chardata"`
	Children []xmlElem  `xml:",any"`
}

var (
	// WordPress's export namespace, any version 1.0-1.2, http or https.
	wpNamespaceRE      = regexp.MustCompile(`^https?://wordpress\.org/export/1\.[0-2]/$`)
	excerptNamespaceRE = regexp.MustCompile(`^https?://wordpress\.org/export/1\.[0-2]/excerpt/$`)
)

const (
	contentNamespace = "http://purl.org/rss/1.0/modules/content/"
	dcNamespace      = "http://purl.org/dc/elements/1.1/"
)

// nsKind names a namespace URI by role. The prefix an element was written
// with is never trusted: only its URI counts, so a file that binds wp: to
// some other URI is not read as WordPress data.
func nsKind(space string) string {
	switch {
	case space == "":
		return "rss"
	case wpNamespaceRE.MatchString(space):
		return "wp"
	case excerptNamespaceRE.MatchString(space):
		return "excerpt"
	case strings.TrimSuffix(space, "/") == strings.TrimSuffix(contentNamespace, "/") || space == strings.Replace(contentNamespace, "http:", "https:", 1):
		return "content"
	case space == dcNamespace || space == strings.Replace(dcNamespace, "http:", "https:", 1):
		return "dc"
	}
	return "other"
}

// child returns the text of the first child of kind:local.
func (e *xmlElem) child(kind, local string) string {
	for i := range e.Children {
		c := &e.Children[i]
		if c.XMLName.Local == local && nsKind(c.XMLName.Space) == kind {
			return c.Text
		}
	}
	return ""
}

func (e *xmlElem) attr(local string) string {
	for _, a := range e.Attrs {
		if a.Name.Local == local {
			return a.Value
		}
	}
	return ""
}

// wxrItem is one <item> with the position it started at.
type wxrItem struct {
	xmlElem
	line    int // where <item> starts
	endLine int // where </item> ends
	index   int
}

// wxrFile is what a WXR file holds.
type wxrFile struct {
	items     []wxrItem
	pubDate   time.Time
	wpVersion bool // a wp:wxr_version (or any wp: element) was seen
}

// readWXRFile reads one WXR file, or a note.com ZIP holding one.
func (r *reader) readWXRFile(fsys fs.FS, name, display string) {
	src, err := fs.ReadFile(fsys, name)
	if err != nil {
		r.warn.Broke("unreadable", display, 0, "import.w.cannotRead", err)
		return
	}
	var assets map[string]*zip.File
	if bytes.HasPrefix(src, []byte("PK\x03\x04")) {
		var xmlName string
		src, xmlName, assets, err = openExportZip(src)
		if err != nil {
			r.warn.Broke("unreadable", display, 0, "import.w.skipped", err)
			return
		}
		display += ":" + xmlName
	}
	if len(bytes.TrimSpace(src)) == 0 {
		r.warn.Broke("unreadable", display, 0, "import.w.empty")
		return
	}
	var fixes []xmlCharFix
	if isUTF8XML(src) && needsXMLClean(src) { // a clean export costs this one scan
		if !utf8.Valid(src) {
			// Saved again by an editor in Shift_JIS or EUC-JP, its
			// declaration left as it was: read it in what it is.
			if text, enc, err := decodeText(src); err == nil && enc != "" && enc != "UTF-16" {
				src = []byte(text)
				r.warn.AddT("encoding", display, 0, "import.w.xmlMislabelled", enc)
			}
		}
		src, fixes = cleanXMLChars(src) // characters XML does not allow (xmlchars.go)
	}
	f, err := parseWXR(src)
	if err != nil {
		r.warn.Broke("malformed", display, lineOf(err), "import.w.malformedXML", errText(err))
		return
	}
	if !f.wpVersion {
		r.warn.Broke("malformed", display, 0, "import.w.noWXR")
		return
	}
	r.warnXMLFixes(f, display, fixes)
	r.convertItems(f, display, assets)
}

// openExportZip finds the WXR file and the assets/ folder of a ZIP export.
func openExportZip(src []byte) ([]byte, string, map[string]*zip.File, error) {
	zr, err := zip.NewReader(bytes.NewReader(src), int64(len(src)))
	if err != nil {
		return nil, "", nil, fmt.Errorf("the ZIP file cannot be opened: %v", err)
	}
	var xmlFile *zip.File
	assets := map[string]*zip.File{}
	for _, f := range zr.File {
		clean := path.Clean(f.Name)
		switch {
		case f.FileInfo().IsDir() || strings.HasPrefix(clean, "../") || path.IsAbs(clean):
		case strings.HasSuffix(strings.ToLower(clean), ".xml") && xmlFile == nil:
			xmlFile = f
		case strings.Contains("/"+clean, "/assets/") && !strings.HasPrefix(path.Base(clean), "."):
			assets[path.Base(clean)] = f
		}
	}
	if xmlFile == nil {
		return nil, "", nil, fmt.Errorf("the ZIP file holds no .xml export")
	}
	rc, err := xmlFile.Open()
	if err != nil {
		return nil, "", nil, fmt.Errorf("%s in the ZIP file cannot be read: %v", xmlFile.Name, err)
	}
	defer rc.Close()
	data, err := io.ReadAll(io.LimitReader(rc, 1<<30))
	if err != nil {
		return nil, "", nil, fmt.Errorf("%s in the ZIP file cannot be read: %v", xmlFile.Name, err)
	}
	return data, xmlFile.Name, assets, nil
}

// posError is an XML error at a line and column.
type posError struct {
	line, col int
	err       error
}

func (e *posError) Error() string { return fmt.Sprintf("%d:%d: %v", e.line, e.col, e.err) }

func lineOf(err error) int {
	var pe *posError
	if errors.As(err, &pe) {
		return pe.line
	}
	return 0
}

func errText(err error) string {
	var pe *posError
	if errors.As(err, &pe) {
		msg := strings.TrimPrefix(pe.err.Error(), fmt.Sprintf("XML syntax error on line %d: ", pe.line))
		return fmt.Sprintf("column %d: malformed XML: %s", pe.col, msg)
	}
	return err.Error()
}

// parseWXR reads the items of a WXR document.
func parseWXR(src []byte) (*wxrFile, error) {
	dec := xml.NewDecoder(bytes.NewReader(src))
	dec.CharsetReader = charset.NewReaderLabel
	// HTML's named entities (&hellip;, &nbsp;) outside CDATA are not XML's,
	// but exports written by other tools than WordPress (which writes
	// &#8230;) carry them in titles: they read as the characters they name.
	dec.Entity = xml.HTMLEntity
	f := &wxrFile{}
	fail := func(err error) (*wxrFile, error) {
		line, col := dec.InputPos()
		var se *xml.SyntaxError
		if errors.As(err, &se) {
			line = se.Line
		}
		return nil, &posError{line: line, col: col, err: err}
	}
	depth := 0
	for {
		line, _ := dec.InputPos()
		tok, err := dec.Token()
		if err == io.EOF {
			if depth > 0 {
				return fail(errors.New("the file ends before its last element is closed (is it cut off?)"))
			}
			return f, nil
		}
		if err != nil {
			return fail(err)
		}
		switch t := tok.(type) {
		case xml.StartElement:
			if nsKind(t.Name.Space) == "wp" {
				f.wpVersion = true
			}
			if t.Name.Local == "item" && t.Name.Space == "" {
				it := wxrItem{line: line, index: len(f.items) + 1}
				if err := dec.DecodeElement(&it.xmlElem, &t); err != nil {
					return fail(err)
				}
				it.endLine, _ = dec.InputPos()
				if !f.wpVersion {
					f.wpVersion = itemHasWP(&it.xmlElem)
				}
				f.items = append(f.items, it)
				continue
			}
			if t.Name.Local == "pubDate" && t.Name.Space == "" && depth == 2 {
				var s string
				if err := dec.DecodeElement(&s, &t); err != nil {
					return fail(err)
				}
				f.pubDate, _ = parseRSSDate(s)
				continue
			}
			depth++
		case xml.EndElement:
			depth--
		}
	}
}

func itemHasWP(e *xmlElem) bool {
	for i := range e.Children {
		if nsKind(e.Children[i].XMLName.Space) == "wp" {
			return true
		}
	}
	return false
}

func parseRSSDate(s string) (time.Time, error) {
	s = strings.TrimSpace(s)
	for _, layout := range []string{time.RFC1123Z, time.RFC1123, "Mon, 2 Jan 2006 15:04:05 -0700", "Mon, 2 Jan 2006 15:04:05 MST"} {
		if t, err := time.Parse(layout, s); err == nil {
			return t, nil
		}
	}
	return time.Time{}, fmt.Errorf("not an RSS date: %q", s)
}

// parseWPDate reads "2019-08-29 11:22:33"; "0000-00-00 00:00:00" is zero.
func parseWPDate(s string, loc *time.Location) time.Time {
	s = strings.TrimSpace(s)
	if s == "" || strings.HasPrefix(s, "0000-00-00") {
		return time.Time{}
	}
	t, err := time.ParseInLocation("2006-01-02 15:04:05", s, loc)
	if err != nil {
		return time.Time{}
	}
	return t
}

// itemKinds says what becomes of each post_type.
var itemKinds = map[string]string{
	"post": "post", "page": "page", "": "post",
	"attachment": "skip", "nav_menu_item": "skip", "revision": "skip", "custom_css": "skip",
	"customize_changeset": "skip", "oembed_cache": "skip", "user_request": "skip", "wp_block": "skip",
	"wp_template": "skip", "wp_template_part": "skip", "wp_global_styles": "skip", "wp_navigation": "skip",
	"wp_font_family": "skip", "wp_font_face": "skip",
}

// decodeSlug percent-decodes a WordPress post_name (Japanese slugs are
// stored as %e5%85%a5...).
func decodeSlug(s string) string {
	s = strings.TrimSpace(s)
	if d, err := url.PathUnescape(s); err == nil {
		return d
	}
	return s
}

// itemID is "post 123" for messages.
func itemID(it *wxrItem) string {
	if id := it.child("wp", "post_id"); id != "" {
		if _, err := strconv.Atoi(strings.TrimSpace(id)); err == nil {
			return "post " + strings.TrimSpace(id)
		}
	}
	return fmt.Sprintf("item %d", it.index)
}
