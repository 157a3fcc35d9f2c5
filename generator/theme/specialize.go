package theme

import (
	"context"
	"html/template"
	"strings"
	"sync"
)

// constantFields are the fields of a page that Specialize treats as the
// same on every page of one kind in one build: the site, and the kind.
var constantFields = []string{"Site", "Kind"}

// specialized is a theme's one cached specialization.
type specialized struct {
	mu    sync.Mutex
	key   string
	theme *Theme
}

// Specialize returns the theme with its templates folded for one build,
// whose context is ctx (fold.go): page(kind) is a page of that kind with its Site and Kind set
// as every page of that kind in the build will have them, and key
// identifies that Site (the same key, the same Site). The caller promises
// to execute only such pages with the result. The last specialization is
// kept (with the time limit it was made with), so that the dev server's rebuilds, whose Site does not change,
// reuse it; a theme that cannot be specialized returns itself. The pages of
// the kinds memo names list elements that other pages of the build list
// too (the articles of term pages): their range bodies are memoized
// (memo.go), which elsewhere would cost more than it saves.
func (t *Theme) Specialize(ctx context.Context, key string, page func(kind string) any, memo ...string) *Theme {
	sp := t.spec
	if sp == nil || t.layouts == nil {
		return t
	}
	sp.mu.Lock()
	defer sp.mu.Unlock()
	key += "\x00" + strings.Join(memo, "\x00")
	if sp.theme == nil || sp.key != key || sp.theme.limit != t.limit {
		s := &Theme{Name: t.Name, kinds: map[string]*template.Template{}, entry: map[string]string{}, strings: t.strings,
			files: t.files, assets: t.assets, hash: t.hash, limit: t.limit, markers: map[*byte]string{}}
		s.base = t
		kinds := map[string]bool{}
		for _, k := range memo {
			kinds[k] = true
		}
		if err := s.parseLayouts(ctx, t.layouts, page, kinds); err != nil || ctx.Err() != nil {
			return t // the build is over; a later one specializes again
		}
		sp.theme, sp.key = s, key
	}
	sp.theme.Renew(ctx) // a new build: its elements may be new or changed
	return sp.theme
}

// Renew readies t for another build, whose context is ctx, that runs
// pages made for an earlier one (a reused plan): the ranges t memoized
// are forgotten, since the elements they showed may have changed. It does
// nothing for a theme that memoizes nothing.
func (t *Theme) Renew(ctx context.Context) {
	for _, m := range t.memos {
		m.reset(ctx)
	}
}
