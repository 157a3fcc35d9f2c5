package content

import (
	"bytes"
	"crypto/sha256"
	"encoding/hex"
	"path"
	"slices"
	"strings"
	"time"

	"go.yaml.in/yaml/v3"

	"github.com/rensai-ssg/rensai/generator/diag"
	"github.com/rensai-ssg/rensai/generator/urlpath"
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
	return parse(name, src, opts, isSeriesMeta(name), false)
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

// parse is Parse; owned says that src is the caller's to give away (Load
// reads each file into a buffer of its own), so the article may keep it
// instead of a copy.
func parse(name string, src []byte, opts LoadOptions, meta, owned bool) (*Article, error) {
	// Errors name the file in its printable form: a tab or newline in a
	// file name would break the message's one line (the file is refused
	// for it, too: checkFileName).
	shown := urlpath.Printable(name)
	if err := checkEncoding(shown, src); err != nil {
		return nil, err
	}
	sum := sha256.Sum256(src)
	text := normalizeText(src, owned)
	fm, err := splitFrontMatter(shown, text)
	if err != nil {
		return nil, err
	}

	var fields []field
	if fm.delim == tomlDelim {
		fields, err = decodeTOML(shown, fm, opts.location())
	} else {
		fields, err = decodeYAML(shown, fm, opts.location())
	}
	if err != nil {
		return nil, err
	}

	a := &Article{
		Path:     name,
		Section:  section(name),
		Body:     fm.body,
		BodySize: len(fm.body),
		BodyLine: fm.bodyLine,
		Hash:     hex.EncodeToString(sum[:]),
	}
	b := builder{name: name, shown: shown, opts: opts, meta: meta, a: a, fm: fm}
	b.apply(fields)
	b.checkFileName()
	if len(b.errs) > 0 {
		sortErrors(b.errs)
		return nil, joinErrors(b.errs)
	}
	return a, nil
}

// normalizeText returns src without a UTF-8 byte order mark and with CRLF
// and lone CR line ends turned into LF (YAML and CommonMark both count a
// lone CR as a line end): a copy, unless owned and there is nothing to
// turn.
func normalizeText(src []byte, owned bool) []byte {
	src = bytes.TrimPrefix(src, []byte("\ufeff"))
	if bytes.IndexByte(src, '\r') < 0 {
		if owned {
			return src
		}
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
		return nil, diag.T(name, 1, "content.noFrontMatter")
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
	return nil, diag.T(name, 1, "content.unclosedFrontMatter", delim)
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
	name  string // the file's path
	shown string // name as errors show it (urlpath.Printable)
	opts  LoadOptions
	meta  bool
	a     *Article
	fm    *frontMatter
	errs  []*Error
	// nested is the params: table, merged into Params after the top-level
	// keys (Hugo's place for keys meant for templates).
	nested *field
}

// errorT records the catalog's message key (package i18n), which the
// author reads in their language.
func (b *builder) errorT(line int, key string, args ...any) {
	b.errs = append(b.errs, diag.T(b.shown, line, key, args...))
}

// keys are the front-matter keys rensai reads, each with what it sets; the
// taxonomies of the config are read too, and every other key is kept in
// Params.
var keys = map[string]func(b *builder, a *Article, f field){
	"title":       func(b *builder, a *Article, f field) { a.Title = b.text(f) },
	"date":        func(b *builder, a *Article, f field) { a.Date = b.date(f) },
	"lastmod":     func(b *builder, a *Article, f field) { a.Lastmod = b.date(f) },
	"draft":       func(b *builder, a *Article, f field) { a.Draft = b.bool(f) },
	"final":       func(b *builder, a *Article, f field) { a.Final = b.bool(f) },
	"slug":        func(b *builder, a *Article, f field) { a.Slug = b.slug(f) },
	"series":      func(b *builder, a *Article, f field) { a.Series = strings.TrimSpace(b.text(f)) },
	"series_slug": func(b *builder, a *Article, f field) { a.SeriesSlug = b.seriesSlug(f) },
	"part":        func(b *builder, a *Article, f field) { a.Part = b.part(f) },
	"summary":     func(b *builder, a *Article, f field) { a.Summary = b.text(f) },
	"cover":       func(b *builder, a *Article, f field) { a.Cover = b.text(f) },
	"description": func(b *builder, a *Article, f field) { a.Description = b.text(f) },
	"status":      func(b *builder, a *Article, f field) { a.Status = b.status(f) },
	"aliases":     func(b *builder, a *Article, f field) { a.Aliases = b.aliases(f) },
	"params":      func(b *builder, _ *Article, f field) { b.nested = b.params(f) },
}

// KnownKeys returns the front-matter keys rensai reads, sorted, the
// taxonomies of the config aside: any other key only reaches templates
// (Params).
func KnownKeys() []string {
	known := make([]string, 0, len(keys))
	for k := range keys {
		known = append(known, k)
	}
	slices.Sort(known)
	return known
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
		if set, ok := keys[f.key]; ok {
			set(b, a, f)
			continue
		}
		if taxonomy[f.key] {
			if terms := b.terms(f); len(terms) > 0 {
				a.Taxonomies[f.key] = terms
			}
			continue
		}
		a.Params[f.key] = f.value
	}
	b.mergeParams()
	b.check()
}

// mergeParams puts the keys of the params: table into Params, beside the
// unknown top-level keys; a key in both places is an error, for one of the
// two values would be lost.
func (b *builder) mergeParams() {
	if b.nested == nil {
		return
	}
	m, _ := b.nested.value.(map[string]any)
	names := make([]string, 0, len(m))
	for k := range m {
		names = append(names, k)
	}
	slices.Sort(names)
	for _, k := range names {
		if _, twice := b.a.Params[k]; twice {
			b.errorT(b.a.Lines[k], "content.params.twice", k, b.nested.line)
			continue
		}
		b.a.Params[k] = m[k]
	}
}

// check validates keys against each other.
func (b *builder) check() {
	a := b.a
	_, hasDate := a.Lines["date"]
	_, hasTitle := a.Lines["title"]
	if b.meta {
		if !hasTitle || strings.TrimSpace(a.Title) == "" {
			b.errorT(b.lineOr("title", 1), "content.seriesNoTitle")
		}
		return
	}
	if !hasDate {
		b.errorT(1, "content.noDate")
	}
	partLine, hasPart := a.Lines["part"]
	seriesLine, hasSeries := a.Lines["series"]
	hasPart = hasPart && a.Part > 0
	hasSeries = hasSeries && a.Series != ""
	switch {
	case hasPart && !hasSeries && !b.failed("series"):
		b.errorT(partLine, "content.partNoSeries", a.Part)
	case hasSeries && !hasPart && !b.failed("part"):
		b.errorT(seriesLine, "content.seriesNoPart", a.Series)
	}
	if line, ok := a.Lines["series_slug"]; ok && !hasSeries && !b.failed("series") {
		b.errorT(line, "content.seriesSlugNoSeries")
	}
	if a.Final && !hasSeries && !b.failed("series") {
		b.errorT(a.Lines["final"], "content.finalNoSeries")
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
