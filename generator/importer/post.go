package importer

import (
	"cmp"
	"fmt"
	"net/url"
	"path"
	"slices"
	"strings"
	"time"

	"github.com/rensai-ssg/rensai/generator/diag"
	"github.com/rensai-ssg/rensai/generator/urlpath"
)

// Post is one article (or page) read from a source, before grouping.
type Post struct {
	// Source is the file it came from, as given on the command line or
	// relative to the folder ("export.xml", "posts/a.txt"); Line is its
	// first line there (0 when unknown).
	Source string
	Line   int
	// Ref says where exactly: "export.xml post 345"; ID is the part
	// after the file ("post 345"), "" for one-post files.
	Ref string
	ID  string
	// Kind is the source kind: text, wxr, hatena, hugo, jekyll.
	Kind string

	Title   string // the full old title, labels included
	Date    time.Time
	Lastmod time.Time
	Draft   bool
	// Slug is the old URL name, percent-decoded ("" when the source has
	// none).
	Slug string
	// Page is a standalone page (WordPress post_type=page).
	Page bool
	// Body is Markdown, already cleaned.
	Body    string
	Summary string
	Cover   string
	Tags    []string
	// Categories are the old blog's categories; they become a taxonomy of
	// their own when the site has one named categories, tags otherwise.
	Categories []string
	Author     string
	Sticky     bool
	// OldURLs are the post's addresses on the old blog (full URLs or
	// site paths); Plan keeps each as an alias or reports why not.
	OldURLs []string
	// Nav is what the post's hand-written navigation blocks said.
	Nav Nav
	// SeriesHint and PartHint are a series the source names itself (Hugo
	// or Jekyll front matter series:, part: or weight:); posts with a hint
	// are grouped by it instead of by their titles.
	SeriesHint string
	PartHint   int
	// RelPath is the file's path inside a Hugo or Jekyll folder, for
	// ref/relref/link targets; Bundle lists a Hugo bundle's images.
	RelPath string
	Bundle  []string
	// Extra front-matter keys a source maps (description, lastmod ...),
	// written after the known ones.
	Extra []Field

	notes footnotes // the WordPress footnotes; see footnotes
}

// footnotes are a WordPress post's footnotes (the "footnotes" post meta of
// the block editor), by id; refs the ids its text refers to, in order, as
// the conversion finds them.
type footnotes struct {
	text map[string]string // id -> HTML
	refs []string
}

// name names the post in a message that already starts with its file: its
// place in the file ("post 345"), or its title, quoted as the message's
// language quotes (“…” or 「…」), never escaped.
func (p *Post) name() any {
	if p.ID != "" {
		return p.ID
	}
	return diag.P("import.title", p.Title)
}

// Field is an extra front-matter key of a post.
type Field struct {
	Key   string
	Value any
}

// Warning is a problem found while importing: Kind groups it in the
// report ("shortcode", "encoding", "nextpage" ...).
type Warning struct {
	Kind string
	*diag.Error
}

// Warnings collects warnings; it is not safe for concurrent use. Broken
// names, in order, the sources that could not be read at all (a missing or
// unreadable file, an export that does not parse): an import with any of
// them writes nothing.
type Warnings struct {
	List   []Warning
	Broken []string
}

// AddT records a warning at path:line, worded by the catalog's message key
// (package i18n) with args, so the report shows it in the author's
// language.
func (w *Warnings) AddT(kind, path string, line int, key string, args ...any) {
	w.List = append(w.List, Warning{Kind: kind, Error: diag.WarnT(path, line, key, args...)})
}

// Broke records a warning like AddT and marks path as a source that could
// not be read.
func (w *Warnings) Broke(kind, path string, line int, key string, args ...any) {
	w.AddT(kind, path, line, key, args...)
	w.markBroken(path)
}

// markBroken marks path as a source that could not be read, once.
func (w *Warnings) markBroken(path string) {
	if !slices.Contains(w.Broken, path) {
		w.Broken = append(w.Broken, path)
	}
}

// Sorted returns the warnings by file, line, kind and message.
func (w *Warnings) Sorted() []Warning {
	out := append([]Warning(nil), w.List...)
	slices.SortFunc(out, func(a, b Warning) int {
		return cmp.Or(diag.Compare(a.Error, b.Error), cmp.Compare(a.Kind, b.Kind))
	})
	return out
}

// oldPath turns an old URL into a path on the new site: the URL's path,
// percent-decoded, with a trailing slash for a directory-style address. It
// returns a reason when the address cannot become an alias.
func oldPath(raw string) (string, error) {
	raw = strings.TrimSpace(raw)
	if raw == "" {
		return "", fmt.Errorf("empty")
	}
	u, err := url.Parse(raw)
	if err != nil {
		return "", fmt.Errorf("not a URL: %v", err)
	}
	if u.RawQuery != "" && (u.Path == "" || u.Path == "/" || strings.HasSuffix(u.Path, ".php")) {
		return "", fmt.Errorf("the address is a query (?%s): a static site cannot answer it", u.RawQuery)
	}
	if u.Host == "note.com" || strings.HasSuffix(u.Host, ".note.com") {
		return "", fmt.Errorf("note.com addresses stay on note.com: a site on another host cannot answer them (link the new article from the old one instead)")
	}
	p := u.Path
	if p == "" || p == "/" {
		return "", fmt.Errorf("it is the home page")
	}
	if !strings.HasPrefix(p, "/") {
		p = "/" + p
	}
	clean := path.Clean(p)
	if strings.Contains(clean, "..") || strings.ContainsAny(clean, "\\") {
		return "", fmt.Errorf("the path leaves the site")
	}
	if urlpath.HasInvisible(clean) || strings.Contains(clean, "%") {
		return "", fmt.Errorf("the path holds control characters or a broken escape once decoded")
	}
	ext := path.Ext(clean)
	switch {
	case ext == ".html" || ext == ".htm":
		if ext == ".htm" {
			return "", fmt.Errorf("a .htm address cannot be served as a redirect page (only .html or a folder)")
		}
		return clean, nil
	case ext != "" && !strings.ContainsAny(ext, "-_"):
		return "", fmt.Errorf("a %s address cannot be served as a redirect page (only .html or a folder)", ext)
	}
	return clean + "/", nil
}
