package content

import (
	"bytes"
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"path"
	"strings"
	"time"

	"github.com/rensai-ssg/rensai/generator/urlpath"
	"go.yaml.in/yaml/v3"
)

// LoadOptions says how to read content files.
type LoadOptions struct {
	// Location is the time zone for dates written without one
	// ("2026-03-01 09:30"); nil means UTC.
	Location *time.Location
	// Taxonomies names the front-matter keys whose values are collected into
	// FrontMatter.Taxonomies ("tags", "clients", "staff"). A name that is
	// also a key rensai knows (title, series, ...) is ignored.
	Taxonomies []string
}

func (o LoadOptions) location() *time.Location {
	if o.Location == nil {
		return time.UTC
	}
	return o.Location
}

// Front-matter formats, named after their delimiter lines.
const (
	yamlDelim = "---"
	tomlDelim = "+++"
)

// Parse reads one content file. name is the file's path relative to the
// content directory, with forward slashes; it is stored in Article.Path and
// starts every error message. A file directly under series/
// ("series/haken.md") is read as series metadata: its date is optional, its
// title required, and series/part are not checked.
//
// src may be UTF-8 with or without a byte order mark, with LF or CRLF line
// ends; it must start with front matter between --- lines (YAML) or +++
// lines (TOML). Parse does not keep a reference to src.
//
// The error, if any, is an *Error or several joined with errors.Join (use
// Errors to list them); every one names the file and, where it can, the line.
func Parse(name string, src []byte, opts LoadOptions) (*Article, error) {
	return parse(name, src, opts, isSeriesMeta(name))
}

// isSeriesMeta reports whether name is a series metadata file, one directly
// under series/.
func isSeriesMeta(name string) bool {
	return path.Dir(name) == "series"
}

// section returns the first directory of name, or "".
func section(name string) string {
	if i := strings.IndexByte(name, '/'); i >= 0 {
		return name[:i]
	}
	return ""
}

func parse(name string, src []byte, opts LoadOptions, meta bool) (*Article, error) {
	if err := checkEncoding(name, src); err != nil {
		return nil, err
	}
	sum := sha256.Sum256(src)
	text := normalizeText(src)
	fm, err := splitFrontMatter(name, text)
	if err != nil {
		return nil, err
	}

	var fields []field
	if fm.delim == tomlDelim {
		fields, err = decodeTOML(name, fm, opts.location())
	} else {
		fields, err = decodeYAML(name, fm, opts.location())
	}
	if err != nil {
		return nil, err
	}

	a := &Article{
		Path:     name,
		Section:  section(name),
		Body:     fm.body,
		BodyLine: fm.bodyLine,
		Hash:     hex.EncodeToString(sum[:]),
	}
	b := builder{name: name, opts: opts, meta: meta, a: a, fm: fm}
	b.apply(fields)
	b.checkFileName()
	if len(b.errs) > 0 {
		sortErrors(b.errs)
		return nil, joinErrors(b.errs)
	}
	return a, nil
}

// normalizeText returns a copy of src without a UTF-8 byte order mark and
// with CRLF and lone CR line ends turned into LF (YAML and CommonMark both
// count a lone CR as a line end).
func normalizeText(src []byte) []byte {
	src = bytes.TrimPrefix(src, []byte("\ufeff"))
	if bytes.IndexByte(src, '\r') < 0 {
		return bytes.Clone(src)
	}
	src = bytes.ReplaceAll(src, []byte("\r\n"), []byte("\n"))
	for i, c := range src {
		if c == '\r' {
			src[i] = '\n'
		}
	}
	return src
}

// frontMatter is a file split at its front-matter delimiters.
type frontMatter struct {
	delim     string // yamlDelim or tomlDelim
	text      []byte // between the delimiter lines
	firstLine int    // file line of text's first line
	closeLine int    // file line of the closing delimiter
	body      []byte
	bodyLine  int
}

// fileLine converts a 1-based line inside the front matter into a file line.
// The result stays within the front matter, in case a parser counts line
// ends differently (go-yaml also breaks lines at U+0085, U+2028, U+2029).
func (fm *frontMatter) fileLine(line int) int {
	return max(1, min(fm.firstLine+max(line, 1)-1, fm.closeLine-1))
}

// splitFrontMatter finds the front matter at the top of text (already
// normalized to LF).
func splitFrontMatter(name string, text []byte) (*frontMatter, error) {
	first, rest, _ := bytes.Cut(text, []byte("\n"))
	delim := string(bytes.TrimRight(first, " \t"))
	if delim != yamlDelim && delim != tomlDelim {
		return nil, &Error{Path: name, Line: 1, Msg: "no front matter: start the file with --- and a title: and date: line " +
			"(for example title: 入館証の件 and date: 2026-03-01), then end the front matter with a line of ---. " +
			"Did you forget the closing ---?"}
	}
	fm := &frontMatter{delim: delim, firstLine: 2}
	line := 2
	for off := 0; off <= len(rest); {
		end := bytes.IndexByte(rest[off:], '\n')
		next := len(rest) + 1
		if end >= 0 {
			end += off
			next = end + 1
		} else {
			end = len(rest)
		}
		if string(bytes.TrimRight(rest[off:end], " \t")) == delim {
			fm.text = rest[:off]
			fm.closeLine = line
			fm.bodyLine = line + 1
			if next <= len(rest) {
				fm.body = rest[next:]
			} else {
				fm.body = []byte{}
			}
			return fm, nil
		}
		off = next
		line++
	}
	return nil, &Error{Path: name, Line: 1, Msg: fmt.Sprintf(
		"the front matter opened with %s here is never closed. Did you forget the closing %s? "+
			"Add a line with only %s after the last key (title:, date: ...)", delim, delim, delim)}
}

// field is one top-level front-matter key with its decoded value.
type field struct {
	key  string
	line int // file line of the key
	// value is a plain Go value: nil, string, int, float64, bool,
	// time.Time, []any or map[string]any.
	value any
	// node is the YAML value node (aliases resolved), or nil for TOML. It
	// lets scalars keep the text the author wrote.
	node *yaml.Node
}

// builder turns fields into an Article, collecting every problem.
type builder struct {
	name string
	opts LoadOptions
	meta bool
	a    *Article
	fm   *frontMatter
	errs []*Error
}

func (b *builder) errorf(line int, format string, args ...any) {
	b.errs = append(b.errs, &Error{Path: b.name, Line: line, Msg: fmt.Sprintf(format, args...)})
}

func (b *builder) apply(fields []field) {
	a := b.a
	a.Lines = make(map[string]int, len(fields))
	a.Params = make(map[string]any)
	a.Taxonomies = make(map[string][]string)
	taxonomy := make(map[string]bool, len(b.opts.Taxonomies))
	for _, t := range b.opts.Taxonomies {
		taxonomy[t] = true
	}
	for _, f := range fields {
		a.Lines[f.key] = f.line
		switch f.key {
		case "title":
			a.Title = b.text(f)
		case "date":
			a.Date = b.date(f)
		case "lastmod":
			a.Lastmod = b.date(f)
		case "draft":
			a.Draft = b.bool(f)
		case "final":
			a.Final = b.bool(f)
		case "slug":
			a.Slug = b.slug(f)
		case "series":
			a.Series = strings.TrimSpace(b.text(f))
		case "part":
			a.Part = b.part(f)
		case "summary":
			a.Summary = b.text(f)
		case "cover":
			a.Cover = b.text(f)
		case "description":
			a.Description = b.text(f)
		case "status":
			a.Status = b.status(f)
		case "aliases":
			a.Aliases = b.aliases(f)
		default:
			if taxonomy[f.key] {
				if terms := b.terms(f); len(terms) > 0 {
					a.Taxonomies[f.key] = terms
				}
				continue
			}
			a.Params[f.key] = f.value
		}
	}
	b.check()
}

// check validates keys against each other.
func (b *builder) check() {
	a := b.a
	_, hasDate := a.Lines["date"]
	_, hasTitle := a.Lines["title"]
	if b.meta {
		if !hasTitle || strings.TrimSpace(a.Title) == "" {
			b.errorf(b.lineOr("title", 1), "this series file has no title; add title: <series title> to the front matter")
		}
		return
	}
	if !hasDate {
		b.errorf(1, "date is missing; add a line like date: 2026-03-01 (or date: 2026-03-01 09:30) to the front matter")
	}
	partLine, hasPart := a.Lines["part"]
	seriesLine, hasSeries := a.Lines["series"]
	hasPart = hasPart && a.Part > 0
	hasSeries = hasSeries && a.Series != ""
	switch {
	case hasPart && !hasSeries && !b.failed("series"):
		b.errorf(partLine, "part: %d is set but series is missing; add series: <series title> (or remove part)", a.Part)
	case hasSeries && !hasPart && !b.failed("part"):
		b.errorf(seriesLine, "series: %s is set but part is missing; add part: <number of this part> (1, 2, 3 ...)", a.Series)
	}
	if a.Final && !hasSeries && !b.failed("series") {
		b.errorf(a.Lines["final"], "final: true is set but series is missing; add series: and part:, or remove final")
	}
}

// failed reports whether key already has an error, so a follow-up complaint
// is not piled on top.
func (b *builder) failed(key string) bool {
	line, ok := b.a.Lines[key]
	if !ok {
		return false
	}
	for _, e := range b.errs {
		if e.Line == line {
			return true
		}
	}
	return false
}

func (b *builder) lineOr(key string, def int) int {
	if l, ok := b.a.Lines[key]; ok {
		return l
	}
	return def
}

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

// describe names the kind of a value for error messages.
func describe(v any) string {
	switch v := v.(type) {
	case nil:
		return "empty"
	case string:
		return fmt.Sprintf("%q", v)
	case bool:
		return fmt.Sprint(v)
	case int, float64:
		return fmt.Sprintf("the number %v", v)
	case time.Time:
		return "a date"
	case []any:
		return "a list"
	case map[string]any:
		return "a table of keys"
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
	b.errorf(f.line, "%s must be text, not %s; write it on one line, in quotes if it contains : or #", f.key, describe(f.value))
	return ""
}

func (b *builder) bool(f field) bool {
	switch v := f.value.(type) {
	case nil:
		return false
	case bool:
		return v
	}
	b.errorf(f.line, "%s must be true or false, not %s", f.key, describe(f.value))
	return false
}

const dateHint = "write it as 2026-03-01, 2026-03-01 09:30 or 2026-03-01T09:30:00+09:00"

func (b *builder) date(f field) time.Time {
	switch v := f.value.(type) {
	case time.Time:
		return v
	case string:
		if t, ok := parseDate(v, b.opts.location()); ok {
			return t
		}
		b.errorf(f.line, "%s %q is not a date; %s", f.key, v, dateHint)
	case nil:
		b.errorf(f.line, "%s is empty; %s", f.key, dateHint)
	default:
		b.errorf(f.line, "%s must be a date, not %s; %s", f.key, describe(f.value), dateHint)
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
	const hint = "part must be the number of this part in its series (1, 2, 3 ...)"
	var n int
	switch v := f.value.(type) {
	case nil:
		return 0
	case int:
		n = v
	case string:
		s := strings.TrimSpace(v)
		if s == "" || len(s) > 9 || strings.Trim(s, "0123456789") != "" {
			b.errorf(f.line, "%s, not %q", hint, v)
			return 0
		}
		for _, c := range s {
			n = n*10 + int(c-'0')
		}
	default:
		b.errorf(f.line, "%s, not %s", hint, describe(f.value))
		return 0
	}
	if n < 1 {
		b.errorf(f.line, "%s, not %d; parts are counted from 1", hint, n)
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
	b.errorf(f.line, "status must be ongoing or complete, not %q", s)
	return ""
}

func (b *builder) slug(f field) string {
	s, ok := scalarText(f.value, f.node)
	if !ok {
		if f.value != nil {
			b.errorf(f.line, "slug must be text, not %s", describe(f.value))
		}
		return ""
	}
	s = strings.TrimSpace(s)
	switch {
	case s == "":
		b.errorf(f.line, "slug is empty; remove the line to use the file name, or write a name like nyukan-01")
		return ""
	case strings.ContainsAny(s, `/\`), strings.Contains(s, ".."), s[0] == '.', hasControl(s):
		b.errorf(f.line, "slug %q would leave the output folder; use a plain name like nyukan-01 "+
			"(no /, \\, .., leading dot or control characters)", s)
		return ""
	}
	if err := urlpath.Segment(s); err != nil {
		// Checked again as a server decodes it: "%2e%2e" is "..".
		b.errorf(f.line, "slug %v; use a plain name like nyukan-01", err)
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
			b.errs = append(b.errs, &Error{Path: urlpath.Printable(b.name),
				Msg: "the file's path holds a control character (a tab or newline) that would reach its URL; rename the file or folder"})
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
		b.errorf(0, "the file name gives the URL name %v; rename the file, or set slug: in the front matter", err)
	}
	if sec := b.a.Section; sec != "" {
		if err := urlpath.Segment(sec); err != nil {
			b.errorf(0, "the folder name gives the URL section %v; rename the folder", err)
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
		b.errorf(f.line, "%s must be a list like [a, b] or one value, not %s", f.key, describe(f.value))
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
			b.errorf(line, "%s must list plain values, but item %d is %s", f.key, i+1, describe(v))
			return nil, false
		}
		items = append(items, s)
	}
	return items, true
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
		if s == "" || seen[s] {
			continue
		}
		if strings.ContainsAny(s, `/\`) || s == "." || s == ".." || hasControl(s) {
			b.errorf(f.line, "%s: %q cannot be a page name; remove /, \\ and control characters (and do not use . or .. alone)", f.key, s)
			continue
		}
		seen[s] = true
		terms = append(terms, s)
	}
	return terms
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
			b.errorf(f.line, "alias %q must be a path on this site starting with one / (for example /2019/05/old-post/)", s)
		case s == "/":
			b.errorf(f.line, "alias \"/\" would replace the home page; remove it")
		case strings.Contains(s, `\`) || hasControl(s) || hasDotDot(s):
			b.errorf(f.line, "alias %q must not contain .. segments, \\ or control characters; write the path from the site root", s)
		default:
			if err := aliasSegments(s); err != nil {
				b.errorf(f.line, "alias %q: %v; write the old path from the site root, like /2019/05/old-post/", s, err)
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
			return fmt.Errorf("write one slash between parts")
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
