// Package corpus writes synthetic rensai sites for benchmarks: a rensai.toml,
// content/posts/*.md and content/series/*.md holding N original-text
// Japanese articles in the shape of the example site (営業日報 headings,
// lists, dialogue in 「」, now and then a code block, a table or a footnote).
//
// Most articles belong to series of 5 to 17 parts (about 6 in 10 of them
// complete, with final: true on the last part); about 9% stand alone.
// Files are content/posts/case-NNNN-PP.md (series NNNN, part PP),
// content/posts/note-NNNNN.md (standalone) and content/series/case-NNNN.md. Each article body holds MinBodyChars to MaxBodyChars characters,
// about 16 KB of UTF-8 on average, so 1,000 articles make roughly 16 MB of
// Markdown. The output depends only on N and Options.Seed: the same inputs
// give byte-identical trees, whatever the number of CPUs.
package corpus

import (
	"context"
	"errors"
	"fmt"
	"math/rand/v2"
	"os"
	"path/filepath"
	"runtime"
	"strings"
	"time"

	"golang.org/x/sync/errgroup"
)

// Options controls a corpus.
type Options struct {
	// Seed selects the corpus; the same seed gives the same bytes.
	Seed int64
	// Search turns the search index on in the generated rensai.toml.
	Search bool
}

// Series sizes.
const (
	MinParts = 5
	MaxParts = 17
)

// Dates fall between these two days (inclusive of the first), so that no
// article is in the future of any plausible build time.
var (
	jst       = time.FixedZone("JST", 9*60*60)
	dateFirst = time.Date(2019, 1, 7, 0, 0, 0, 0, jst)
	dateSpan  = 7 * 365 // days
)

// seriesPlan is one planned series.
type seriesPlan struct {
	slug, title, description string
	parts                    int
	complete                 bool
	cast                     cast
	tags                     []string
}

// articlePlan is one planned article; everything but its text.
type articlePlan struct {
	index  int // position in the plan, seeds the article's random stream
	path   string
	series *seriesPlan // nil for a standalone article
	part   int
	date   time.Time
	short  bool // date only, no clock time
}

// Write writes a complete site of n articles into dir, creating dir if
// needed. It refuses to write into a dir that already has a content/
// directory or a rensai.toml, so that no stale file can spoil a corpus.
func Write(dir string, n int, opts Options) error {
	if n < 0 {
		return fmt.Errorf("corpus: negative article count %d", n)
	}
	for _, name := range []string{"content", "rensai.toml"} {
		if _, err := os.Lstat(filepath.Join(dir, name)); err == nil {
			return fmt.Errorf("corpus: %s already exists; pass an empty or new directory", filepath.Join(dir, name))
		} else if !errors.Is(err, os.ErrNotExist) {
			return fmt.Errorf("corpus: %w", err)
		}
	}
	for _, sub := range []string{"content/posts", "content/series"} {
		if err := os.MkdirAll(filepath.Join(dir, sub), 0o755); err != nil {
			return fmt.Errorf("corpus: %w", err)
		}
	}
	if err := os.WriteFile(filepath.Join(dir, "rensai.toml"), config(opts), 0o644); err != nil {
		return fmt.Errorf("corpus: %w", err)
	}

	series, articles := plan(n, opts.Seed)

	g, _ := errgroup.WithContext(context.Background())
	g.SetLimit(runtime.GOMAXPROCS(0) + 1)
	for _, s := range series {
		g.Go(func() error {
			return os.WriteFile(filepath.Join(dir, "content", "series", s.slug+".md"), seriesFile(s), 0o644)
		})
	}
	// Articles are written in batches so that one goroutine reuses its
	// buffer for many files.
	const batch = 64
	for lo := 0; lo < len(articles); lo += batch {
		hi := min(lo+batch, len(articles))
		g.Go(func() error {
			var buf []byte
			for i := range articles[lo:hi] {
				a := &articles[lo+i]
				buf = articleFile(buf[:0], a, opts.Seed)
				if err := os.WriteFile(filepath.Join(dir, "content", filepath.FromSlash(a.path)), buf, 0o644); err != nil {
					return err
				}
			}
			return nil
		})
	}
	if err := g.Wait(); err != nil {
		return fmt.Errorf("corpus: %w", err)
	}
	return nil
}

// config returns the site's rensai.toml.
func config(opts Options) []byte {
	return fmt.Appendf(nil, `# Synthetic benchmark site written by rensai-bench (seed %d).
title = "派遣営業クレーム対応日報(ベンチマーク)"
baseURL = "https://rensai-ssg.github.io/bench/"
languageCode = "ja"
timeZone = "Asia/Tokyo"
paginate = 10

[taxonomies]
tags = "タグ"
clients = "派遣先"
staff = "派遣社員"

[series]
numerals = "circled"

[search]
enable = %t
`, opts.Seed, opts.Search)
}

// plan decides the series, parts, paths and dates of n articles.
func plan(n int, seed int64) ([]*seriesPlan, []articlePlan) {
	r := rand.New(rand.NewPCG(uint64(seed), 0x5eed))
	var series []*seriesPlan
	articles := make([]articlePlan, 0, n)
	titles := map[string]bool{}
	add := func(a articlePlan) {
		a.index = len(articles)
		a.short = r.IntN(3) == 0
		articles = append(articles, a)
	}
	for len(articles) < n {
		left := n - len(articles)
		if left < MinParts || r.IntN(2) == 0 {
			add(articlePlan{
				path: fmt.Sprintf("posts/note-%05d.md", len(articles)+1),
				date: randomDate(r, 0),
			})
			continue
		}
		parts := min(MinParts+r.IntN(MaxParts-MinParts+1), left)
		s := &seriesPlan{
			slug:     fmt.Sprintf("case-%04d", len(series)+1),
			parts:    parts,
			complete: r.IntN(10) < 6,
			cast:     newCast(r),
		}
		w := writer{r: r, c: &s.cast}
		s.title = w.str(pick(r, tSeriesTitles))
		for k := 2; titles[s.title]; k++ {
			// Series are grouped by title, so titles must differ.
			s.title = strings.TrimSuffix(s.title, fmt.Sprintf("(その%d)", k-1)) + fmt.Sprintf("(その%d)", k)
		}
		titles[s.title] = true
		s.description = s.cast.client + "で起きた" + s.cast.problem + "について、" + s.cast.staff + "の担当営業として対応した記録です。"
		for _, k := range r.Perm(len(tags))[:2+r.IntN(3)] {
			s.tags = append(s.tags, tags[k])
		}
		series = append(series, s)

		// Parts are spaced a few days apart, so series overlap in time.
		d := randomDate(r, parts*16)
		for p := 1; p <= parts; p++ {
			add(articlePlan{
				path:   fmt.Sprintf("posts/%s-%02d.md", s.slug, p),
				series: s,
				part:   p,
				date:   d,
			})
			d = d.Add(time.Duration(3+r.IntN(12))*24*time.Hour + time.Duration(r.IntN(600))*time.Minute)
		}
	}
	return series, articles
}

// randomDate returns a time of day between 8:00 and 21:59, on a day that
// leaves room for reserve more days before the end of the span.
func randomDate(r *rand.Rand, reserve int) time.Time {
	day := r.IntN(dateSpan - reserve)
	return dateFirst.AddDate(0, 0, day).Add(time.Duration(8*60+r.IntN(14*60)) * time.Minute)
}

// seriesFile returns content/series/<slug>.md.
func seriesFile(s *seriesPlan) []byte {
	status := "ongoing"
	if s.complete {
		status = "complete"
	}
	var b strings.Builder
	fmt.Fprintf(&b, "---\ntitle: %s\nslug: %s\ndescription: %s\nstatus: %s\n---\n", s.title, s.slug, s.description, status)
	fmt.Fprintf(&b, "%sの%sが、%sをめぐって相談を寄せてきた件です。\n\n全%d回で、事実確認から再発防止までを日報の形でまとめています。\n",
		s.cast.client, s.cast.staff, s.cast.problem, s.parts)
	return []byte(b.String())
}

// articleFile appends one article (front matter and body) to buf.
func articleFile(buf []byte, a *articlePlan, seed int64) []byte {
	r := rand.New(rand.NewPCG(uint64(seed), uint64(a.index)+1<<32))
	var c cast
	if a.series != nil {
		c = a.series.cast
	} else {
		c = newCast(r)
	}
	w := writer{r: r, c: &c, buf: buf}

	w.buf = append(w.buf, "---\ntitle: "...)
	w.expand(pick(r, tSubtitles))
	w.buf = append(w.buf, "\ndate: "...)
	if a.short {
		w.buf = a.date.AppendFormat(w.buf, time.DateOnly)
	} else {
		w.buf = a.date.AppendFormat(w.buf, "2006-01-02T15:04:05-07:00")
	}
	end := endSingle
	var tagList []string
	if s := a.series; s != nil {
		w.buf = fmt.Appendf(w.buf, "\nseries: %s\npart: %d", s.title, a.part)
		end = endNext
		if s.complete && a.part == s.parts {
			w.buf = append(w.buf, "\nfinal: true"...)
			end = endFinal
		}
		tagList = s.tags
	} else {
		for _, k := range r.Perm(len(tags))[:2+r.IntN(3)] {
			tagList = append(tagList, tags[k])
		}
	}
	w.buf = append(w.buf, "\ntags: ["...)
	w.buf = append(w.buf, strings.Join(tagList, ", ")...)
	w.buf = fmt.Appendf(w.buf, "]\nclients: [%s]\nstaff: [%s", c.client, c.staff)
	if r.IntN(3) == 0 {
		w.buf = append(w.buf, ", "...)
		w.buf = append(w.buf, c.staff2...)
	}
	w.buf = append(w.buf, "]\n"...)
	if r.IntN(4) == 0 {
		w.buf = append(w.buf, "summary: "...)
		w.expand(pick(r, tSummaries))
		w.buf = append(w.buf, '\n')
	}
	w.buf = append(w.buf, "---\n"...)

	w.body(minTarget+r.IntN(maxTarget-minTarget+1), a.part <= 1, end)
	return w.buf
}
