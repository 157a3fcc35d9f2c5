// Package content reads the Markdown articles of a rensai site: it splits
// YAML (---) or TOML (+++) front matter from the body, decodes the keys rensai
// knows into FrontMatter, keeps every other key in Params, and remembers line
// numbers so that every error can say path:line.
//
// A content file looks like this (UTF-8, with or without BOM, LF or CRLF):
//
//	---
//	title: 入館証の件（前編①）
//	date: 2026-03-01 09:30
//	series: 入館証の件
//	part: 1
//	tags: [クレーム, 入館証]
//	---
//	本文 (Markdown) ...
//
// or the same keys in TOML between +++ lines. Keys rensai knows:
//
//	title        text
//	date         required for articles: 2026-03-01, 2026-03-01 09:30,
//	             2026-03-01T09:30:00 or RFC 3339 (2026-03-01T09:30:00+09:00);
//	             YAML timestamps and TOML dates work too. Without a zone the
//	             date is in LoadOptions.Location.
//	lastmod      a date, as above
//	draft        true or false
//	slug         the page name; no /, \, .., leading dot or control characters
//	series       the series title (or slug); needs part
//	series_slug  the series' URL name, as slug; declares a deliberate separate
//	             series (never a ghost of a similar title); needs series
//	part         1, 2, 3 ... (a quoted "06" works too); needs series
//	final        true on the last part of a finished series; needs series
//	summary, cover, description   text
//	status       ongoing or complete (series metadata files)
//	aliases      old paths that redirect here: "/2019/05/old/" or a list
//	<taxonomy>   each name in LoadOptions.Taxonomies (tags, clients, staff):
//	             a list or one value; trimmed, empties dropped, duplicates removed
//
// Every other key goes to Params as plain Go values (string, int, float64,
// bool, time.Time, []any, map[string]any).
//
// Parse reads one file; Load walks a content directory (an fs.FS) in
// parallel, treats content/series/*.md as series metadata (title required,
// date optional) and reports every problem in every file at once. Errors are
// *Error values printed as "path:line: what is wrong; what to do". A file
// that is not UTF-8 is refused with the encoding it looks like (Shift_JIS,
// EUC-JP, ISO-2022-JP, UTF-16) and an iconv command to convert it.
//
// Package content is a leaf: of rensai's packages it imports only
// generator/urlpath and the worker pool internal/pool.
package content

import (
	"path"
	"strings"
	"time"
)

// Article is one Markdown file under content/.
type Article struct {
	// Path is the file's path relative to the content directory, with
	// forward slashes ("posts/nyukan-01.md").
	Path string
	// Section is the first directory of Path ("posts"), or "" for a file at
	// the top of content/.
	Section string
	FrontMatter
	// Body is the Markdown after the front matter, with CRLF (and lone CR)
	// turned into LF and any BOM removed.
	Body []byte
	// BodySize is len(Body) as parsed; it stays when a caller lets Body go
	// once rendered (the dev server), so the size of the content is still
	// known.
	BodySize int
	// BodyLine is the 1-based line number in the file where Body starts, so
	// that a Markdown problem at body line n is reported as BodyLine+n-1.
	BodyLine int
	// Hash is a hex SHA-256 of the raw file bytes, used by caches.
	Hash string
}

// FrontMatter holds the keys rensai understands. Keys it does not know are
// kept in Params for templates.
type FrontMatter struct {
	Title   string
	Date    time.Time // required in articles, optional in series metadata
	Lastmod time.Time // zero if absent
	Draft   bool
	Slug    string
	Series  string // series title (or slug of content/series/<slug>.md)
	// SeriesSlug names the series' URL (/series/<slug>/) when it has no
	// metadata file, and declares it a separate series on purpose: a
	// series with series_slug is never taken for a ghost of another.
	SeriesSlug string
	Part       int // 0 when absent
	Final      bool
	Summary    string
	Cover      string
	Aliases    []string
	// Taxonomies maps a taxonomy name ("tags", "clients", "staff") to its
	// terms, in front-matter order. Only names passed in LoadOptions.Taxonomies
	// are collected; others stay in Params. Never nil.
	Taxonomies map[string][]string
	// Params holds every other key as plain Go values: string, int,
	// float64, bool, time.Time, []any, map[string]any (nil for an empty
	// value). Never nil.
	Params map[string]any
	// Lines records the 1-based line number of each top-level key in the
	// file ("part" -> 4), for error messages. Never nil.
	Lines map[string]int
	// Status is only meaningful in series metadata files: "ongoing" or
	// "complete" ("" when absent). Description likewise.
	Status      string
	Description string
}

// MetaSlug is the slug of a series metadata file (content/series/<slug>.md):
// its slug: key, or else its file name without .md.
func (a *Article) MetaSlug() string {
	if a.Slug != "" {
		return a.Slug
	}
	return strings.TrimSuffix(path.Base(a.Path), ".md")
}
