package generator

import (
	"sort"
	"strings"

	"github.com/rensai-ssg/rensai/generator/feed"
	"github.com/rensai-ssg/rensai/generator/site"
)

func head(list []*site.Article, n int) []*site.Article {
	if len(list) > n {
		return list[:n]
	}
	return list
}

// feedJobs lists the Atom feeds, the sitemap and robots.txt as jobs.
func (b *Builder) feedJobs(s *site.Model) []job {
	g := b.globalKey(s)
	var jobs []job
	addFeed := func(title, dir, old string, from claimant, list []*site.Article) {
		from.feed = true
		out := strings.TrimPrefix(dir, "/") + "index.xml"
		jobs = append(jobs, job{out: out, from: from, twin: twinOut(out, dir, old),
			key:    b.pageKey(func() string { return articlesKey(list) }, g, "feed", title),
			render: func() ([]byte, error) { return feed.Atom(s, title, dir+"index.xml", dir, list), nil }})
	}
	if !s.Config.Feeds.Disable {
		limit := s.Config.Feeds.Limit
		addFeed(s.Config.Title, "/", "", rensaiClaim("the site"), head(s.Articles, limit))
		for _, sr := range s.Series {
			parts := append([]*site.Article(nil), sr.Parts...)
			sort.SliceStable(parts, func(i, j int) bool { return parts[i].Part > parts[j].Part })
			addFeed(sr.Title+" | "+s.Config.Title, sr.Path, sr.OldSlug(), seriesClaim(sr), parts)
		}
		for _, tx := range s.Taxonomies {
			for _, t := range tx.Terms {
				addFeed(tx.Name+"「"+t.Name+"」 | "+s.Config.Title, t.Path, t.OldSlug(), termClaim(tx, t), head(t.Articles, limit))
			}
		}
	}
	// Sitemap and robots.txt are functions of what they list.
	locs := feed.SitemapEntries(s)
	var key strings.Builder
	for _, l := range locs {
		key.WriteString(l.Loc + l.Lastmod)
	}
	jobs = append(jobs, job{out: "sitemap.xml", from: rensaiClaim("the sitemap"), key: fingerprint(g, "sitemap", key.String()), render: func() ([]byte, error) { return feed.Sitemap(locs) }})
	jobs = append(jobs, job{out: "robots.txt", from: rensaiClaim("robots.txt"), key: fingerprint(g, "robots"), render: func() ([]byte, error) { return feed.Robots(s), nil }})
	return jobs
}
