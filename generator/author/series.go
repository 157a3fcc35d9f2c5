package author

import (
	"context"
	"path/filepath"
	"strings"
	"time"
)

// SeriesOptions configures NewSeries.
type SeriesOptions struct {
	// Slug is the series' URL name; default Slugify(title).
	Slug string
	// Slugify makes a slug from a title: the site's one slug rule, passed
	// in by the caller. Required when Slug is empty.
	Slugify func(string) string
	Now     time.Time // default time.Now()
	Force   bool      // overwrite existing files
}

// seriesKeys are the front-matter keys NewSeries writes itself.
var seriesKeys = []string{"title", "slug"}

// NewSeries writes a series' metadata file content/series/<slug>.md and
// its first part content/posts/<slug>-01.md, and returns the paths
// written. A title that another series has (after folding), or that is
// close to another's (series.CloseTitles), is refused unless Force is set.
func NewSeries(ctx context.Context, dir, title string, opts SeriesOptions) ([]string, error) {
	title = strings.TrimSpace(title)
	if title == "" {
		return nil, &Error{Kind: NoTitle}
	}
	slug := opts.Slug
	if slug == "" && opts.Slugify != nil {
		slug = opts.Slugify(title)
	}
	if slug == "" || strings.ContainsAny(slug, `/\ `) || strings.HasPrefix(slug, ".") || strings.HasPrefix(slug, "_") {
		return nil, &Error{Kind: BadSlug, Name: slug}
	}
	s, err := loadSite(ctx, dir)
	if err != nil {
		return nil, err
	}
	if !opts.Force {
		if where := s.seriesFile(title, slug); where != "" {
			return nil, &Error{Kind: SeriesExists, Series: title, Path: where}
		}
		if other, where := s.closeSeries(title); other != "" {
			return nil, &Error{Kind: CloseSeries, Series: title, Name: other, Path: where}
		}
	}
	rel := "series/" + slug + ".md"
	meta := filepath.Join(dir, "content", filepath.FromSlash(rel))
	if err := s.mayWrite(meta, "content/"+rel, opts.Force); err != nil {
		return nil, err
	}
	first := "posts/" + slug + "-01.md"
	if err := s.mayWrite(filepath.Join(dir, "content", filepath.FromSlash(first)), "content/"+first, opts.Force); err != nil {
		return nil, err
	}
	arch, err := LoadArchetype(dir, s.cfg.Theme, "series", seriesKeys)
	if err != nil {
		return nil, err
	}
	fm, err := frontMatter([]Field{{Key: "title", Value: title}, {Key: "slug", Value: slug}}, arch.Extra)
	if err != nil {
		return nil, err
	}
	if err := writeFile(meta, fm+arch.Body); err != nil {
		return nil, err
	}
	p, err := s.newPost(first, PostOptions{Series: title, Now: opts.Now, Force: opts.Force})
	if err != nil {
		return []string{meta}, err
	}
	return []string{meta, p.Path}, nil
}

// seriesFile returns a file of an existing series titled like title or
// with the slug slug, or "".
func (s *site) seriesFile(title, slug string) string {
	for _, meta := range s.set.Series {
		if s.sameSeries(meta.Title, title) || meta.MetaSlug() == slug {
			return "content/" + meta.Path
		}
	}
	for _, a := range s.set.Articles {
		if a.Series != "" && s.sameSeries(a.Series, title) {
			return "content/" + a.Path
		}
	}
	return ""
}
