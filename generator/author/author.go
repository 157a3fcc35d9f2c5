// Package author writes new content files: `rensai new post` and
// `rensai new series`, and the importer's new articles.
//
// A new post's front matter is written by rensai (title, date, series,
// part, draft: true, and final: true when it takes over the end of a
// series); everything else comes from an archetype, a Markdown file whose
// front matter adds keys and whose body is the skeleton of the article:
// archetypes/post.md in the site, else themes/<theme>/archetypes/post.md,
// else the built-in default theme's. A series' metadata file likewise comes
// from archetypes/series.md.
//
// Where a post goes and which series it joins:
//
//   - a bare file name (renji-03.md, or renji-03) goes into content/posts/;
//     a path (posts/renji-03.md, content/posts/renji-03.md) stays where it says;
//   - the series is the one given (its title, or the slug of its metadata
//     file); else the series of the files in the same folder named with the
//     same stem and another number (renji-02.md); else the series whose
//     metadata file has that stem as slug (content/series/renji.md);
//     titles are compared after NFKC, width and case folding;
//   - the part is the next after the highest part of that series;
//   - a part after a final part is refused unless Force is set, which
//     moves final: true from the old last part to the new one.
//
// New posts are drafts: `rensai serve` shows them marked 下書き and
// `rensai build` leaves them out until draft: true is removed.
package author

import (
	"context"
	"os"
	"path"
	"path/filepath"
	"regexp"
	"strings"
	"time"

	"github.com/rensai-ssg/rensai/generator/config"
	"github.com/rensai-ssg/rensai/generator/content"
	"github.com/rensai-ssg/rensai/generator/series"
)

// PostOptions configures NewPost.
type PostOptions struct {
	// Series puts the post in a series (its title, or the slug of its
	// metadata file); empty means: the series the file name says.
	Series string
	Title  string
	Now    time.Time // default time.Now()
	// Force overwrites an existing file and allows a part after a final
	// part, moving final: true to the new part.
	Force bool
}

// Post is what NewPost wrote.
type Post struct {
	Path   string // the file written, under the site directory
	Series string // the series it joined, "" for none
	Part   int
	// FinalFrom is the file final: true was moved from ("" when none).
	FinalFrom string
	// Archetype is where the skeleton came from.
	Archetype string
}

// postKeys are the front-matter keys NewPost writes itself.
var postKeys = []string{"title", "date", "series", "part", "final", "draft"}

// site is what NewPost needs to know of the site in dir.
type site struct {
	dir string
	cfg *config.Config
	set *content.Set
}

func loadSite(ctx context.Context, dir string) (*site, error) {
	_, errToml := os.Stat(filepath.Join(dir, "rensai.toml"))
	_, errContent := os.Stat(filepath.Join(dir, "content"))
	if errToml != nil && errContent != nil {
		return nil, &Error{Kind: NoSite, Path: dir}
	}
	cfg, _, err := config.Load(dir)
	if err != nil {
		return nil, err
	}
	set, _ := content.Load(ctx, os.DirFS(filepath.Join(dir, "content")),
		content.LoadOptions{Location: cfg.Location(), Taxonomies: cfg.TaxonomyKeys()})
	if set == nil { // no content folder yet, or cancelled
		if err := ctx.Err(); err != nil {
			return nil, err
		}
		set = &content.Set{}
	}
	return &site{dir: dir, cfg: cfg, set: set}, nil
}

// postPath turns the name given into a path relative to content/.
func postPath(name string) (string, error) {
	rel := filepath.ToSlash(name)
	rel = strings.TrimPrefix(rel, "./")
	rel = strings.TrimPrefix(rel, "content/")
	if !strings.HasSuffix(rel, ".md") {
		rel += ".md"
	}
	if !strings.Contains(rel, "/") {
		rel = "posts/" + rel
	}
	clean := path.Clean(rel)
	if clean != rel || strings.HasPrefix(clean, "../") || path.IsAbs(clean) || strings.HasPrefix(clean, "series/") ||
		path.Base(clean) == ".md" || strings.HasPrefix(path.Base(clean), ".") || strings.HasPrefix(path.Base(clean), "_") {
		return "", &Error{Kind: BadName, Name: name}
	}
	return clean, nil
}

// NewPost writes a new article into the site in dir and returns what it
// wrote. name is a file name or a path inside content/.
func NewPost(ctx context.Context, dir, name string, opts PostOptions) (*Post, error) {
	rel, err := postPath(name)
	if err != nil {
		return nil, err
	}
	s, err := loadSite(ctx, dir)
	if err != nil {
		return nil, err
	}
	return s.newPost(rel, opts)
}

func (s *site) newPost(rel string, opts PostOptions) (*Post, error) {
	out := filepath.Join(s.dir, "content", filepath.FromSlash(rel))
	if err := s.mayWrite(out, "content/"+rel, opts.Force); err != nil {
		return nil, err
	}
	arch, err := LoadArchetype(s.dir, s.cfg.Theme, "post", postKeys)
	if err != nil {
		return nil, err
	}
	now := opts.Now
	if now.IsZero() {
		now = time.Now()
	}
	p := &Post{Path: out, Archetype: arch.Source}
	key := opts.Series
	if key == "" {
		key = s.seriesOfName(rel)
	}
	fields := []Field{{Key: "title", Value: opts.Title}, {Key: "date", Value: now.In(s.cfg.Location()).Truncate(time.Second)}}
	more, last, err := s.place(p, rel, key, opts.Force)
	if err != nil {
		return nil, err
	}
	fields = append(fields, more...)
	fields = append(fields, Field{Key: "draft", Value: true})
	if last != nil && last.Final {
		// Check the old final part can be edited before writing anything.
		if _, err := s.withoutFinal(last); err != nil {
			return nil, err
		}
	}
	fm, err := frontMatter(fields, arch.Extra)
	if err != nil {
		return nil, err
	}
	if err := writeFile(out, fm+arch.Body); err != nil {
		return nil, err
	}
	if last != nil && last.Final {
		if err := s.moveFinal(last); err != nil {
			return p, err
		}
		p.FinalFrom = filepath.Join(s.dir, "content", filepath.FromSlash(last.Path))
	}
	return p, nil
}

// place puts the post p at rel into series key (none when ""): it sets
// p.Series and p.Part and returns the front-matter fields that say so, and
// the series' last part before it (nil when none).
func (s *site) place(p *Post, rel, key string, force bool) ([]Field, *content.Article, error) {
	if old := s.article(rel); old != nil && old.Series != "" && (key == "" || s.sameSeries(key, old.Series)) {
		// Overwriting a part (--force) keeps its place in its series.
		p.Series, p.Part = old.Series, old.Part
		fields := []Field{{Key: "series", Value: old.Series}, {Key: "part", Value: old.Part}}
		if old.Final {
			fields = append(fields, Field{Key: "final", Value: true})
		}
		return fields, nil, nil
	}
	if key == "" {
		return nil, nil, nil
	}
	last := s.lastPart(key, rel)
	p.Part = 1
	switch {
	case last != nil:
		// Spell the series as its parts do, so a full-width letter or a
		// slug given on the command line makes no second series.
		key, p.Part = last.Series, last.Part+1
	case s.metaTitle(key) != "":
		key = s.metaTitle(key)
	case !force:
		if other, where := s.closeSeries(key); other != "" {
			return nil, nil, &Error{Kind: CloseSeries, Series: key, Name: other, Path: where}
		}
	}
	p.Series = key
	fields := []Field{{Key: "series", Value: key}, {Key: "part", Value: p.Part}}
	if last != nil && last.Final {
		if !force {
			return nil, nil, &Error{Kind: AfterFinal, Path: "content/" + last.Path, Line: last.Lines["final"], Series: key, Part: last.Part}
		}
		fields = append(fields, Field{Key: "final", Value: true})
	}
	return fields, last, nil
}

// article returns the article at rel (relative to content/), or nil.
func (s *site) article(rel string) *content.Article {
	for _, a := range s.set.Articles {
		if a.Path == rel {
			return a
		}
	}
	return nil
}

// mayWrite refuses an existing file unless force is set.
func (s *site) mayWrite(file, rel string, force bool) error {
	if force {
		return nil
	}
	if _, err := os.Stat(file); err == nil {
		return &Error{Kind: Exists, Path: rel}
	}
	return nil
}

var stemNumber = regexp.MustCompile(`^(.*?)[-_]?\d+\.md$`)

// seriesOfName finds the series a file name says: that of the files in the
// same folder with the same stem and another number, else that of the
// metadata file whose slug is the stem.
func (s *site) seriesOfName(rel string) string {
	m := stemNumber.FindStringSubmatch(path.Base(rel))
	if m == nil || m[1] == "" {
		return ""
	}
	for _, a := range s.set.Articles {
		if a.Series == "" || a.Path == rel || path.Dir(a.Path) != path.Dir(rel) {
			continue
		}
		if am := stemNumber.FindStringSubmatch(path.Base(a.Path)); am != nil && am[1] == m[1] {
			return a.Series
		}
	}
	for _, meta := range s.set.Series {
		if meta.MetaSlug() == m[1] {
			return meta.Title
		}
	}
	return ""
}

// sameSeries reports whether the series keys a and b name one series: the
// same title after folding, or a title and the slug of its metadata file.
func (s *site) sameSeries(a, b string) bool {
	if series.SameTitle(a, b) {
		return true
	}
	for _, meta := range s.set.Series {
		title, slug := meta.Title, meta.MetaSlug()
		if (series.SameTitle(a, title) || series.SameTitle(a, slug)) && (series.SameTitle(b, title) || series.SameTitle(b, slug)) {
			return true
		}
	}
	return false
}

// lastPart returns the article with the highest part of series key, not
// counting the file being written.
func (s *site) lastPart(key, rel string) *content.Article {
	var last *content.Article
	for _, a := range s.set.Articles {
		if a.Series == "" || a.Path == rel || !s.sameSeries(a.Series, key) {
			continue
		}
		if last == nil || a.Part > last.Part || (a.Part == last.Part && a.Final) {
			last = a
		}
	}
	return last
}

// metaTitle returns the title of the series metadata file that key names
// (by title or slug), or "".
func (s *site) metaTitle(key string) string {
	for _, meta := range s.set.Series {
		if series.SameTitle(key, meta.Title) || series.SameTitle(key, meta.MetaSlug()) {
			return meta.Title
		}
	}
	return ""
}

// closeSeries returns an existing series title close to key (a typo of
// it, by series.CloseTitles) and a file of that series, or "".
func (s *site) closeSeries(key string) (title, file string) {
	for _, meta := range s.set.Series {
		if series.CloseTitles(key, meta.Title) {
			return meta.Title, "content/" + meta.Path
		}
	}
	for _, a := range s.set.Articles {
		if a.Series != "" && series.CloseTitles(key, a.Series) {
			return a.Series, "content/" + a.Path
		}
	}
	return "", ""
}

var finalLine = regexp.MustCompile(`^final\s*[:=]\s*true\s*(#.*)?$`)

// withoutFinal returns the file of a with its final: true line removed.
func (s *site) withoutFinal(a *content.Article) ([]byte, error) {
	file := filepath.Join(s.dir, "content", filepath.FromSlash(a.Path))
	data, err := os.ReadFile(file)
	if err != nil {
		return nil, err
	}
	lines := strings.SplitAfter(string(data), "\n")
	n := a.Lines["final"]
	if n < 1 || n > len(lines) || !finalLine.MatchString(strings.TrimRight(lines[n-1], "\r\n")) {
		return nil, &Error{Kind: CannotMoveFinal, Path: "content/" + a.Path, Line: n}
	}
	return []byte(strings.Join(append(lines[:n-1:n-1], lines[n:]...), "")), nil
}

func (s *site) moveFinal(a *content.Article) error {
	data, err := s.withoutFinal(a)
	if err != nil {
		return err
	}
	return os.WriteFile(filepath.Join(s.dir, "content", filepath.FromSlash(a.Path)), data, 0o644)
}

func writeFile(file, body string) error {
	if err := os.MkdirAll(filepath.Dir(file), 0o755); err != nil {
		return err
	}
	return os.WriteFile(file, []byte(body), 0o644)
}
