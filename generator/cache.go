package generator

import (
	"github.com/rensai-ssg/rensai/generator/markdown"
	"github.com/rensai-ssg/rensai/generator/site"
)

// cache is what the dev server's Builder keeps from one successful build
// for the next: rendered Markdown, series navigation and rendered pages,
// each keyed on its inputs (keys.go). A build reads the previous cache
// and fills a new one; run swaps the new one in, in one place, when the
// build succeeds, so a failed build leaves the last good cache. A
// one-shot build (Build) has none; it keeps only its rendered Markdown,
// on disk (renderCache, rendercache.go).
type cache struct {
	rendered map[string]*renderMemo       // by source path
	navs     map[string][]*site.SeriesNav // by series signature
	pages    map[string]*pageMemo         // by output path
	bundle   *bundleMemo                  // the files beside articles
}

// bundleMemo is the list of files beside articles (bundle.go) and the key
// of the articles it was made for.
type bundleMemo struct {
	key   string
	files []assetFile
}

func newCache() *cache {
	return &cache{rendered: map[string]*renderMemo{}, navs: map[string][]*site.SeriesNav{}, pages: map[string]*pageMemo{}}
}

// nextCache is the empty cache a build fills after the one prev left,
// with room for as many entries: an edit keeps nearly all of them, and a
// map grown entry by entry to 10,000 articles and 15,000 pages costs
// milliseconds of every edit.
func nextCache(prev *cache) *cache {
	return &cache{
		rendered: make(map[string]*renderMemo, len(prev.rendered)),
		navs:     make(map[string][]*site.SeriesNav, len(prev.navs)),
		pages:    make(map[string]*pageMemo, len(prev.pages)),
	}
}

// renderMemo is one article's rendered Markdown.
type renderMemo struct {
	md     string // the renderer's options (mdKey)
	hash   string // the source's hash
	links  []resolvedLink
	reads  string // readsKey of the files rendering read
	result *markdown.Result
	toc    []site.TOCEntry
	key    string // hash, links and reads: the input key of the rendering
}

// pageMemo is what the cache remembers of one rendered output file: the
// key of its inputs and the path of its twin, not its bytes. A page whose
// key has not changed is the one the previous Result carries (in Files or,
// unchanged again, by name), so a build with a cache names it in
// Result.Unchanged instead of rendering or writing it, and the caller
// (the dev server, which keeps every file compressed) serves its own copy.
type pageMemo struct {
	key  string
	twin string
}

// reusable says whether j's file is the one m remembers; false for nil.
func (m *pageMemo) reusable(j job) bool {
	return m != nil && m.key == j.key && m.twin == j.twin
}

// keepMemos records the memos of jobs, which runJobs has just finished,
// in the cache under way, and names the files reused from prev as
// unchanged. memo is nil for a one-shot build, which keeps nothing.
func (b *Builder) keepMemos(jobs []job, memo []*pageMemo, prev *cache) {
	if memo == nil {
		return
	}
	for i, j := range jobs {
		m := memo[i]
		b.next.pages[j.out] = m
		if m == prev.pages[j.out] {
			b.unchanged = append(b.unchanged, j.out)
			if j.twin != "" {
				b.unchanged = append(b.unchanged, j.twin)
			}
		}
	}
}

// searchMemo is the last search index built.
type searchMemo struct {
	key   string
	files map[string][]byte
}

// navCache is the site.NavCache of the build under way: it reads the
// previous build's navigation and records what this build uses.
type navCache struct{ prev, next *cache }

func (c navCache) Navs(sig string, build func() []*site.SeriesNav) []*site.SeriesNav {
	navs := c.prev.navs[sig]
	if navs == nil {
		navs = build()
	}
	c.next.navs[sig] = navs
	return navs
}

// navCache returns the navigation cache of the build under way, or nil
// for a one-shot build.
func (b *Builder) navCache() site.NavCache {
	if b.cache == nil {
		return nil
	}
	return navCache{b.cache, b.next}
}

// previous returns the cache of the last good build: b.cache, or an empty
// cache for a one-shot build, which reads nothing from it.
func (b *Builder) previous() *cache {
	if b.cache == nil {
		return emptyCache
	}
	return b.cache
}

// emptyCache is read by one-shot builds and never written.
var emptyCache = newCache()

// firstOrder is the order runJobs takes jobs in: the indices of those
// writing a file named by RenderFirst, then the others, each in the
// plan's order; first is how many of the former there are.
func (b *Builder) firstOrder(jobs []job) (order []int, first int) {
	order = make([]int, 0, len(jobs))
	if len(b.first) > 0 {
		for i, j := range jobs {
			if b.first[j.out] {
				order = append(order, i)
			}
		}
	}
	first = len(order)
	if first == 0 {
		for i := range jobs {
			order = append(order, i)
		}
		return order, 0
	}
	for i, j := range jobs {
		if !b.first[j.out] {
			order = append(order, i)
		}
	}
	return order, first
}
