package site

import (
	"errors"
	"time"

	"github.com/rensai-ssg/rensai/generator/config"
	"github.com/rensai-ssg/rensai/generator/content"
	"github.com/rensai-ssg/rensai/generator/diag"
	"github.com/rensai-ssg/rensai/generator/series"
)

// Input is what one build's model is made from.
type Input struct {
	Config  *config.Config
	Content *content.Set
	// Drafts and Future publish drafts and future-dated articles.
	Drafts, Future bool
	// Now is the build's present; zero means the config's now, or the
	// wall clock.
	Now time.Time
}

// Model is one build's site.
type Model struct {
	Config *config.Config
	Labels series.Labels
	Now    time.Time
	// Updated is the newest date or lastmod among published articles.
	Updated    time.Time
	Site       *Site      // .Site in every template
	Articles   []*Article // published, newest first
	Series     []*Series  // by key
	Taxonomies []*Taxonomy
	Archive    *Archive
	// Warnings are problems that do not stop the build.
	Warnings diag.List

	bySource map[string]*Article
	// sources maps every loaded article (published or not) to its URL, so
	// a link to a draft is told apart from a link to nothing.
	sources     map[string]string
	published   map[string]bool
	unpublished []Unpublished
}

// Unpublished is a loaded article the build leaves out.
type Unpublished struct {
	Source string // content path: "posts/a.md"
	Path   string // the URL it would have: "/posts/a/"
	Draft  bool   // a draft (else dated in the future)
	series string // its series: key, so a series of drafts is told apart from a typo
}

// Unpublished lists the loaded articles the build leaves out (drafts and
// future-dated ones), by source path.
func (m *Model) Unpublished() []Unpublished { return m.unpublished }

// NowOf is the present a model of in is built for: in.Now, else the
// config's now, else the wall clock.
func NowOf(in Input) time.Time {
	switch {
	case !in.Now.IsZero():
		return in.Now
	case in.Config.Now != "":
		now, _ := in.Config.ParseNow()
		return now
	default:
		return time.Now()
	}
}

// Build makes the model of in: it selects what is published, computes
// URLs, groups series and taxonomies and builds the archive. Errors name
// the file and line at fault; all of them are reported at once.
func Build(in Input) (*Model, error) {
	cfg := in.Config
	m := &Model{
		Config:    cfg,
		bySource:  map[string]*Article{},
		sources:   map[string]string{},
		published: map[string]bool{},
		Labels: series.Labels{
			Style: series.Style(cfg.Series.Numerals), Earlier: cfg.Series.Earlier, Later: cfg.Series.Later,
			Final: cfg.Series.Final, First: cfg.Series.First, Pos: cfg.Series.Position,
		},
	}
	m.Now = NowOf(in)
	m.Site = &Site{
		Title: cfg.Title, Description: cfg.Description, Author: cfg.Author,
		BaseURL: cfg.BaseURL, BasePath: cfg.BasePath(), LanguageCode: cfg.LanguageCode,
		Params: cfg.Params, Search: cfg.Search.Enabled(), Drafts: in.Drafts || in.Future,
	}
	var errs []error
	errs = append(errs, m.selectArticles(in)...)
	errs = append(errs, m.groupSeries(in.Content.Series)...)
	errs = append(errs, m.label()...)
	for _, key := range cfg.TaxonomyKeys() {
		tx, warns := m.taxonomy(key)
		m.Warnings = append(m.Warnings, warns...)
		m.Taxonomies = append(m.Taxonomies, tx)
		m.Site.Taxonomies = append(m.Site.Taxonomies, &TaxonomyRef{Key: tx.Key, Name: tx.Name, RelPermalink: tx.RelPermalink})
	}
	m.Archive = m.archive()
	m.Warnings = append(m.Warnings, keyTypos(in)...)
	if len(errs) > 0 {
		return nil, errors.Join(errs...)
	}
	if m.Updated.IsZero() {
		m.Updated = time.Date(2000, 1, 1, 0, 0, 0, 0, cfg.Location())
	}
	return m, nil
}
