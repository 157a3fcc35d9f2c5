package site

import (
	"time"

	"github.com/rensai-ssg/rensai/generator/content"
	"github.com/rensai-ssg/rensai/generator/markdown"
)

// The methods in this file are for the generator, not for templates.

// Input is the loaded file the article comes from.
func (a *Article) Input() *content.Article { return a.src }

// Rendered is the article's rendered Markdown, once SetRendered was called.
func (a *Article) Rendered() *markdown.Result { return a.render }

// SetRendered records the article's rendered Markdown and its table of
// contents.
func (a *Article) SetRendered(r *markdown.Result, toc []TOCEntry) {
	a.render = r
	a.TOC = toc
}

// IsMeta reports whether the article is a series metadata file.
func (a *Article) IsMeta() bool { return a.isMeta }

// InputKey is the fingerprint of the article's inputs the generator set.
func (a *Article) InputKey() string { return a.key }

// SetInputKey sets the fingerprint of the article's inputs.
func (a *Article) SetInputKey(k string) { a.key = k }

// Meta is the series' metadata file as an article to render, or nil.
func (sr *Series) Meta() *Article { return sr.meta }

// OldSlug is the lower-case slug earlier versions of rensai gave a series
// whose slug comes from its title, or "" (see LowerSlug).
func (sr *Series) OldSlug() string { return sr.oldSlug }

// InputKey is the fingerprint of the series' inputs the generator set.
func (sr *Series) InputKey() string { return sr.key }

// SetInputKey sets the fingerprint of the series' inputs.
func (sr *Series) SetInputKey(k string) { sr.key = k }

// OldSlug is the lower-case slug earlier versions of rensai gave the
// term, or "" (see LowerSlug).
func (t *Term) OldSlug() string { return t.oldSlug }

// ReplaceInputs puts srcs, loaded again, in place of the files of the same
// paths the model was built from, and moves the model's present to now.
// The caller makes sure this is the model Build would make: only bodies
// changed (the front matter and body line of each file are the same) and
// now publishes the same articles as the model's present.
func (m *Model) ReplaceInputs(srcs []*content.Article, now time.Time) {
	for _, src := range srcs {
		if a := m.bySource[src.Path]; a != nil {
			a.src = src
		}
	}
	m.Now = now
}
