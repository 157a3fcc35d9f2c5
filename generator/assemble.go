package generator

import (
	"github.com/rensai-ssg/rensai/generator/site"
)

// assemble makes the site model from the loaded content (package site).
func (b *Builder) assemble() (*site.Model, error) {
	return site.Build(site.Input{Config: b.cfg, Content: b.set, Drafts: b.opts.Drafts, Future: b.opts.Future, Now: b.opts.Now})
}

// finish completes the model once its Markdown is rendered, and computes
// the input keys of its articles and series.
func (b *Builder) finish(s *site.Model) error {
	s.Finish(b.navCache())
	b.inputKeys(s)
	return nil
}
