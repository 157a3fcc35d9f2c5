package generator

import (
	"fmt"
	"strings"

	"github.com/rensai-ssg/rensai/generator/feed"
	"github.com/rensai-ssg/rensai/generator/site"
)

// feedJobs lists the feeds (Atom of the site, every series and every term;
// the site's also as JSON Feed), the sitemap and robots.txt as jobs.
//
// Only the site feed has a JSON Feed twin: every feed reader that reads JSON
// Feed reads Atom too, so a twin serves no subscriber, and the twins of the
// series and term feeds were 19.6 MB of a 10,000-article site. The site's
// stays at /feed.json for those who subscribed to it. A term feed's entries
// carry no categories (its subscriber chose the term; the others are links
// on the article's page): 2.5 MB at 10,000 articles.
func (b *Builder) feedJobs(s *site.Model) []job {
	g := b.globalKey(s)
	var jobs []job
	fc := s.Config.Feeds
	opts := feed.Options{Limit: fc.Limit, Full: fc.Full, SeriesFull: fc.SeriesFull}
	// The key holds what selects the entries and which carry their text:
	// the options, the articles' keys (a part's key holds its series'
	// metadata file, hence the description) and, for a series, its status.
	optKey := fmt.Sprint(opts.Limit, opts.Full, opts.SeriesFull)
	addFeed := func(old string, from claimant, status string, f *feed.Feed, withJSON bool) {
		from.feed = true
		list := make([]*site.Article, len(f.Entries))
		for i, e := range f.Entries {
			list[i] = e.Article
		}
		// Computed where runJobs needs it, so that a reused plan (plan.go)
		// keys its feeds on the articles as they are now.
		sub := func(kind string) func() string {
			return func() string {
				return b.pageKey(func() string { return articlesKey(list) }, g, "feed", f.Title, optKey, status, kind)
			}
		}
		atom := strings.TrimPrefix(f.Path, "/") + feed.AtomFile
		jobs = append(jobs, job{out: atom, from: from, twin: twinOut(atom, f.Path, old), keyFn: sub("atom"),
			render: func() ([]byte, error) { return feed.Atom(s, f), nil }})
		if withJSON {
			jsonOut := strings.TrimPrefix(f.Path, "/") + feed.JSONFile
			jobs = append(jobs, job{out: jsonOut, from: from, twin: twinOut(jsonOut, f.Path, old), keyFn: sub("json"),
				render: func() ([]byte, error) { return feed.JSON(s, f) }})
		}
	}
	if !fc.Disable {
		addFeed("", rensaiClaim("the site"), "", feed.List(s.Config.Title, "/", s.Articles, opts), true)
		for _, sr := range s.Series {
			addFeed(sr.OldSlug(), seriesClaim(sr), sr.StatusKey, feed.Series(sr.Title+" | "+s.Config.Title, sr, opts), false)
		}
		for _, tx := range s.Taxonomies {
			for _, t := range tx.Terms {
				f := feed.List(b.title(tx.Name+"「"+t.Name+"」", "title_term", tx.Name, t.Name)+" | "+s.Config.Title, t.Path, t.Articles, opts)
				for i := range f.Entries {
					f.Entries[i].Terms = false
				}
				addFeed(t.OldSlug(), termClaim(tx, t), "", f, false)
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
