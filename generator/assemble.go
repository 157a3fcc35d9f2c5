package generator

import (
	"context"
	"reflect"
	"slices"
	"time"

	"github.com/rensai-ssg/rensai/generator/content"
	"github.com/rensai-ssg/rensai/generator/site"
)

// assemble makes the site model from the loaded content (package site).
// With a cache (the dev server), a build in which only article bodies
// changed since the last model patches that model instead (bodyOnly):
// every other part of it comes from front matter, paths, the
// configuration and the present, and the steps after assemble set again
// every field that comes from a body (markdown, finish).
func (b *Builder) assemble(kind changeKind) (*site.Model, error) {
	in := site.Input{Config: b.cfg, Content: b.set, Drafts: b.opts.Drafts, Future: b.opts.Future, Now: b.opts.Now}
	b.reusedModel = false
	if b.cache != nil && b.model != nil && !kind.all && !kind.config {
		now := site.NowOf(in)
		if srcs, ok := b.bodyOnly(now); ok {
			b.model.ReplaceInputs(srcs, now)
			b.modelIn.articles = b.set.Articles
			b.reusedModel = true
			return b.model, nil
		}
	}
	// Let the last model go, with what was kept for patching it.
	b.model, b.navigated, b.keyed, b.lastPlan = nil, nil, nil, nil
	s, err := site.Build(in)
	if err != nil {
		return nil, err
	}
	if b.cache != nil {
		b.model = s
		b.modelIn.articles, b.modelIn.series = b.set.Articles, b.set.Series
	}
	return s, nil
}

// modelInput is what the Builder's last model was made from: the loaded
// articles and series metadata files, sorted by path as content.Set is.
type modelInput struct {
	articles, series []*content.Article
}

// bodyOnly returns the loaded articles that differ from those the last
// model was made from, if the model is still the one site.Build would
// make: the same files, each with the same front matter and body line
// (so only its body differs), the same series metadata files, and now
// publishing the same articles as the model's present. A file loaded
// again with equal bytes is simply a new pointer, and passes.
func (b *Builder) bodyOnly(now time.Time) ([]*content.Article, bool) {
	old, cur := b.modelIn.articles, b.set.Articles
	if len(old) != len(cur) || !slices.Equal(b.modelIn.series, b.set.Series) {
		return nil, false
	}
	then := b.model.Now
	var changed []*content.Article
	for i, a := range cur {
		if a.Date.After(then) != a.Date.After(now) {
			return nil, false // a future-dated article came due
		}
		o := old[i]
		if a == o {
			continue
		}
		if a.Path != o.Path || a.Section != o.Section || a.BodyLine != o.BodyLine || !reflect.DeepEqual(a.FrontMatter, o.FrontMatter) {
			return nil, false
		}
		changed = append(changed, a)
	}
	return changed, true
}

// finish completes the model once its Markdown is rendered, and computes
// the input keys of its articles and series. A model patched for a
// body-only rebuild keeps the series navigation its last Finish set: it
// comes from front matter and paths only (the previous build's navigation
// is carried into the new cache).
func (b *Builder) finish(ctx context.Context, s *site.Model) error {
	if b.reusedModel && b.navigated == s {
		s.FinishBodies()
		if b.next != nil {
			b.next.navs = b.previous().navs
		}
	} else {
		b.navigated = nil
		s.Finish(b.navCache())
		b.navigated = s
	}
	return b.inputKeys(ctx, s)
}
