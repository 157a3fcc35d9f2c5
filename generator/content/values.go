package content

import (
	"fmt"
	"path"
	"strings"
	"time"

	"github.com/rensai-ssg/rensai/generator/diag"
	"github.com/rensai-ssg/rensai/generator/urlpath"
	"go.yaml.in/yaml/v3"
	"golang.org/x/text/unicode/norm"
)

// The decoders of single front-matter values: each turns one field into
// the Go value rensai keeps, or records an error naming its line.

// scalarText returns the text of a scalar value: a string as is, a YAML
// scalar as written (title: 2026 is the text "2026"), an integer in
// decimal. ok is false for lists, tables, null and other TOML scalars.
func scalarText(v any, n *yaml.Node) (s string, ok bool) {
	if n != nil && n.Kind == yaml.ScalarNode {
		if n.ShortTag() == "!!null" {
			return "", false
		}
		return n.Value, true
	}
	switch v := v.(type) {
	case string:
		return v, true
	case int:
		return fmt.Sprint(v), true
	}
	return "", false
}

// describe names the kind of a value for error messages: text as it is
// written, else a phrase of the catalog worded in the author's language.
func describe(v any) any {
	switch v := v.(type) {
	case nil:
		return diag.P("content.value.empty")
	case string:
		return fmt.Sprintf("%q", v)
	case bool:
		return fmt.Sprint(v)
	case int, float64:
		return diag.P("content.value.number", v)
	case time.Time:
		return diag.P("content.value.date")
	case []any:
		return diag.P("content.value.list")
	case map[string]any:
		return diag.P("content.value.table")
	}
	return fmt.Sprintf("%T", v)
}

func (b *builder) text(f field) string {
	if f.value == nil {
		return ""
	}
	if s, ok := scalarText(f.value, f.node); ok {
		return s
	}
	b.errorT(f.line, "content.notText", f.key, describe(f.value))
	return ""
}

// params accepts the params: table (params: followed by indented key:
// value lines, or [params] in TOML); an empty one is no table at all.
func (b *builder) params(f field) *field {
	switch f.value.(type) {
	case nil:
		return nil
	case map[string]any:
		return &f
	}
	b.errorT(f.line, "content.params.notTable", describe(f.value))
	return nil
}

func (b *builder) bool(f field) bool {
	switch v := f.value.(type) {
	case nil:
		return false
	case bool:
		return v
	}
	b.errorT(f.line, "content.notBool", f.key, describe(f.value))
	return false
}

func (b *builder) date(f field) time.Time {
	switch v := f.value.(type) {
	case time.Time:
		return v
	case string:
		if t, ok := parseDate(v, b.opts.location()); ok {
			return t
		}
		b.errorT(f.line, "content.badDate", f.key, v)
	case nil:
		b.errorT(f.line, "content.emptyDate", f.key)
	default:
		b.errorT(f.line, "content.notDate", f.key, describe(f.value))
	}
	return time.Time{}
}

// dateLayouts are the accepted date formats, tried in order. Those without
// a zone are read in LoadOptions.Location.
// Single-digit fields ("2026-3-1 9:05") are accepted, as YAML does.
var dateLayouts = []string{
	"2006-1-2T15:4:5.999999999Z07:00", // RFC 3339
	"2006-1-2 15:4:5.999999999Z07:00",
	// Jekyll and YAML write a space before the zone, with or without a
	// colon in it: 2014-08-03 12:00:00 +0900.
	"2006-1-2 15:4:5.999999999 Z07:00",
	"2006-1-2 15:4:5.999999999 -0700",
	"2006-1-2T15:4:5.999999999-0700",
	"2006-1-2 15:4 Z07:00",
	"2006-1-2 15:4 -0700",
	"2006-1-2T15:4:5.999999999",
	"2006-1-2 15:4:5.999999999",
	"2006-1-2T15:4",
	"2006-1-2 15:4",
	"2006-1-2",
}

func parseDate(s string, loc *time.Location) (time.Time, bool) {
	s = strings.TrimSpace(s)
	if len(s) > 10 && s[10] == 't' {
		s = s[:10] + "T" + s[11:] // YAML allows a lowercase t
	}
	for _, layout := range dateLayouts {
		if t, err := time.ParseInLocation(layout, s, loc); err == nil {
			return t, true
		}
	}
	return time.Time{}, false
}

func (b *builder) part(f field) int {
	var n int
	switch v := f.value.(type) {
	case nil:
		return 0
	case int:
		n = v
	case string:
		s := strings.TrimSpace(v)
		if s == "" || len(s) > 9 || strings.Trim(s, "0123456789") != "" {
			b.errorT(f.line, "content.badPart", v)
			return 0
		}
		for _, c := range s {
			n = n*10 + int(c-'0')
		}
	default:
		b.errorT(f.line, "content.partNotNumber", describe(f.value))
		return 0
	}
	if n < 1 {
		b.errorT(f.line, "content.partBelowOne", n)
		return 0
	}
	return n
}

func (b *builder) status(f field) string {
	s := strings.TrimSpace(b.text(f))
	switch s {
	case "", "ongoing", "complete":
		return s
	}
	b.errorT(f.line, "content.badStatus", s)
	return ""
}

func (b *builder) slug(f field) string {
	return b.urlName(f, "slug", diag.Key("content.without.fileName"))
}

// seriesSlug reads series_slug: the URL name of the series a part belongs
// to, checked like slug.
func (b *builder) seriesSlug(f field) string {
	return b.urlName(f, "series_slug", diag.Key("content.without.seriesTitle"))
}

// urlName reads a value that becomes one segment of a URL; key names it in
// messages, and without says what is used when the line is removed.
func (b *builder) urlName(f field, key string, without diag.Key) string {
	s, ok := scalarText(f.value, f.node)
	if !ok {
		if f.value != nil {
			b.errorT(f.line, "content.urlName.notText", key, describe(f.value))
		}
		return ""
	}
	s = strings.TrimSpace(s)
	switch {
	case s == "":
		b.errorT(f.line, "content.urlName.empty", key, without)
		return ""
	case strings.ContainsAny(s, `/\`), strings.Contains(s, ".."), s[0] == '.', hasControl(s):
		b.errorT(f.line, "content.urlName.leaves", key, s)
		return ""
	}
	if err := urlpath.Segment(s); err != nil {
		// Checked again as a server decodes it: "%2e%2e" is "..".
		b.errorT(f.line, "content.urlName.bad", key, urlpath.Reason(err))
		return ""
	}
	return s
}

// checkFileName refuses a file whose path cannot become a URL: a tab or
// newline in a folder or file name, or a name that gives an unsafe slug
// when the front matter sets none.
func (b *builder) checkFileName() {
	for _, seg := range strings.Split(b.name, "/") {
		if urlpath.HasInvisible(seg) {
			b.errs = append(b.errs, diag.T(b.shown, 0, "content.pathControl"))
			return
		}
	}
	if b.meta || b.a.Slug != "" {
		return
	}
	slug := strings.TrimSuffix(path.Base(b.name), ".md")
	if slug == "index" || slug == "_index" {
		slug = path.Base(path.Dir(b.name))
	}
	if err := urlpath.Segment(slug); err != nil && slug != "." {
		b.errorT(0, "content.fileName", urlpath.Reason(err))
	}
	if sec := b.a.Section; sec != "" {
		if err := urlpath.Segment(sec); err != nil {
			b.errorT(0, "content.folderName", urlpath.Reason(err))
		}
	}
}

func hasControl(s string) bool {
	for _, r := range s {
		if r < 0x20 || r == 0x7f || (r >= 0x80 && r < 0xa0) {
			return true
		}
	}
	return false
}

// list reads a list of scalars, or one scalar as a list of one. It reports
// an error and returns ok=false for anything else.
func (b *builder) list(f field) (items []string, ok bool) {
	if f.value == nil {
		return nil, true
	}
	if s, ok := scalarText(f.value, f.node); ok {
		return []string{s}, true
	}
	seq, isSeq := f.value.([]any)
	if !isSeq {
		b.errorT(f.line, "content.notList", f.key, describe(f.value))
		return nil, false
	}
	for i, v := range seq {
		var n *yaml.Node
		if f.node != nil && f.node.Kind == yaml.SequenceNode && i < len(f.node.Content) {
			n = resolveAlias(f.node.Content[i])
		}
		s, ok := scalarText(v, n)
		if !ok {
			if v == nil {
				continue
			}
			line := f.line
			if n != nil {
				line = b.fm.fileLine(n.Line)
			}
			b.errorT(line, "content.listItem", f.key, i+1, describe(v))
			return nil, false
		}
		items = append(items, s)
	}
	return items, true
}

// validTerm reports whether s can name a term's page.
func validTerm(s string) bool {
	return !strings.ContainsAny(s, `/\`) && s != "." && s != ".." && !hasControl(s)
}

// TermName returns s made into a name a term's page can have, as near to s
// as it can: a slash or backslash becomes its full-width form (／, ＼),
// control characters go, and "." or ".." alone gives "". Used by the
// importer for the categories and tags of other blogs.
func TermName(s string) string {
	s = strings.Map(func(r rune) rune {
		switch {
		case r == '/':
			return '／'
		case r == '\\':
			return '＼'
		case r < 0x20 || r == 0x7f || (r >= 0x80 && r < 0xa0):
			return -1
		}
		return r
	}, s)
	if s = strings.TrimSpace(s); s == "." || s == ".." {
		return ""
	}
	return s
}

func (b *builder) terms(f field) []string {
	items, ok := b.list(f)
	if !ok {
		return nil
	}
	var terms []string
	seen := make(map[string]bool, len(items))
	for _, s := range items {
		s = strings.TrimSpace(s)
		if s == "" {
			continue
		}
		fold := TermFold(s)
		if seen[fold] {
			continue // one term written twice ("Edge Case", "edge case"): listed once
		}
		if !validTerm(s) {
			b.errorT(f.line, "content.badTerm", f.key, s)
			continue
		}
		seen[fold] = true
		terms = append(terms, s)
	}
	return terms
}

// TermFold is the form in which two term names are the same term: equal
// after Unicode normalisation (NFKC) and case folding ("ＰＣ", "pc" and
// "PC" are one term).
func TermFold(name string) string {
	return strings.ToLower(norm.NFKC.String(name))
}

func (b *builder) aliases(f field) []string {
	items, ok := b.list(f)
	if !ok {
		return nil
	}
	var out []string
	for _, s := range items {
		s = strings.TrimSpace(s)
		switch {
		case s == "":
			continue
		case !strings.HasPrefix(s, "/") || strings.HasPrefix(s, "//"):
			b.errorT(f.line, "content.alias.slash", s)
		case s == "/":
			b.errorT(f.line, "content.alias.root")
		case strings.Contains(s, `\`) || hasControl(s) || hasDotDot(s):
			b.errorT(f.line, "content.alias.dots", s)
		default:
			if err := aliasSegments(s); err != nil {
				b.errorT(f.line, "content.alias.segment", s, urlpath.Reason(err))
				continue
			}
			out = append(out, s)
		}
	}
	return out
}

// aliasSegments checks each part of an alias as a server would decode it.
func aliasSegments(p string) error {
	segs := strings.Split(strings.Trim(p, "/"), "/")
	for _, seg := range segs {
		if seg == "" {
			return diag.T("", 0, "content.alias.oneSlash")
		}
		if err := urlpath.Segment(seg); err != nil {
			return err
		}
	}
	return nil
}

func hasDotDot(p string) bool {
	for _, seg := range strings.Split(p, "/") {
		if seg == ".." {
			return true
		}
	}
	return false
}
