// Package check verifies a built rensai site before it is published: it reads
// the output directory (an fs.FS, usually os.DirFS("public")) and reports
// every problem a reader would meet on the live site.
//
// It checks that
//
//   - every internal link, fragment (#見出し, percent-encoded or not), image,
//     stylesheet, script, feed link, canonical URL and redirect target resolves
//     to a file in the output, under the base URL's path. Directory URLs
//     resolve to index.html, paths are percent-decoded and query strings are
//     ignored;
//   - no internal URL escapes the base path: on a site published at
//     https://user.github.io/repo/, a root-relative "/x" is an error even if
//     the output holds x;
//   - every page carries one page-data block, <script type="application/json"
//     id="rensai-page"> (the theme contract: see package theme), and its URLs
//     resolve. check reads series, parts and neighbours from it, never from a
//     theme's class names;
//   - every series part's page data names its true previous and next part,
//     and so do its rel=prev and rel=next links where the theme writes them;
//     each part's and each series page's list of parts is every published
//     part, once, in order; the series' total is right. The truth is the
//     site model when the caller gives it (Options.Series, which rensai
//     check takes from the site's sources), and otherwise the parts' own
//     page data, grouped by series and sorted by part number;
//   - feeds and sitemaps (*.xml) are well-formed XML whose URLs are absolute,
//     under the base URL, and resolve; so are robots.txt's Sitemap: lines;
//     JSON Feeds (feed.json) are JSON with a version URL, a title and items
//     with an id and content, and their URLs are checked the same way;
//   - every HTML page has <html lang>, a non-empty <title> and an absolute
//     rel=canonical URL under the base URL. Alias redirect pages (those with
//     <meta http-equiv="refresh">) need only the canonical URL;
//   - no page links to a draft, when the drafts are known (Options.Drafts,
//     from the site model), and no draft is in the output;
//   - the site fits where it is published: its files hold no more than
//     Options.MaxBytes in all (GitHub Pages publishes sites of at most
//     1 GB), and a site past four fifths of that gets a note (size.go).
//
// Every problem is reported as a Problem, "path:line: message", where path
// is the file's slash-separated path inside the output and line the line of
// the offending element. Problems are sorted, so two runs print the same
// report.
//
// Files are read once each, in parallel, and parsed by fast paths for the
// plain markup rensai writes: pages by a scanner that jumps from tag to
// tag (htmlscan.go), page-data blocks by a strict hand decoder
// (datascan.go), feeds and sitemaps by a byte-search XML scanner
// (xmlscan.go), and plain URLs under the base path resolved without
// url.Parse. Each declines what it does not fully understand and hands it
// to the reference reader (x/net/html, encoding/json, encoding/xml,
// net/url), and a differential fuzz test holds each fast path to its
// reference. See docs/benchmarks.md for the time on 10,000 articles.
package check

import (
	"bytes"
	"cmp"
	"context"
	"errors"
	"fmt"
	"io/fs"
	"net/url"
	"path"
	"runtime"
	"slices"
	"strings"
	"sync"

	"golang.org/x/sync/errgroup"

	"github.com/rensai-ssg/rensai/generator/i18n"
)

// Options says how to check an output tree.
type Options struct {
	// BaseURL is the URL the site is published at, such as
	// "https://user.github.io/repo/". When empty, it is taken from the
	// canonical URL of the home page (index.html).
	BaseURL string
	// Drafts lists the draft articles of the site, optional. With it, a
	// link to a draft says so instead of only being broken, and a draft
	// found in the output is an error.
	Drafts []Draft
	// Series lists every series of the site model, optional. With it, the
	// pages' series data is compared with the model; without it, with the
	// truth the parts' own page-data blocks give.
	Series []Series
	// Workers is the number of files parsed at once; default GOMAXPROCS.
	Workers int
	// Lang is the language of the problems, the hint and the summary
	// (the catalog of package i18n); English when empty.
	Lang i18n.Lang `json:",omitempty"`
	// MaxBytes is the most the site's files may hold in all: 0 means
	// DefaultMaxBytes, the limit of GitHub Pages; below 0, no limit.
	MaxBytes int64 `json:",omitempty"`
}

// Draft is an article marked draft: true.
type Draft struct {
	// Path is the output file the article would have if published, such as
	// "posts/himitsu/index.html".
	Path string
	// Source names the Markdown file, for messages ("content/posts/himitsu.md").
	Source string
}

// Problem is one thing wrong with the output.
type Problem struct {
	Path    string // slash-separated path inside the output; empty for the site as a whole
	Line    int    // 1-based line of the offending element
	Message string
}

// String formats the problem as "path:line: message".
func (p Problem) String() string {
	if p.Path == "" { // the site as a whole (its size)
		return p.Message
	}
	return fmt.Sprintf("%s:%d: %s", p.Path, p.Line, p.Message)
}

// Report is the result of a check.
type Report struct {
	// Problems is sorted by path, line and message.
	Problems []Problem
	// Files counts every file of the site (not the build's .rensai-build
	// mark), as the build counts them; Pages the HTML pages among
	// them and Feeds the XML files (feeds and sitemaps).
	Files, Pages, Feeds int
	// BaseURL is the base URL the check used.
	BaseURL string
	// Hint, when not empty, is a likely cause of many problems at once: the
	// output was built for another base URL than the one checked.
	Hint string
	// Bytes is the size of the site's files in all (as Files counts them).
	Bytes int64
	// SizeNote, when not empty, says the site is near Options.MaxBytes
	// (over it, the size is a problem instead).
	SizeNote string
	p        i18n.Printer // the language of Summary
}

// OK reports whether the check found no problem.
func (r *Report) OK() bool { return len(r.Problems) == 0 }

// Summary is a one-line account of the check, for the end of its output.
func (r *Report) Summary() string {
	if r.OK() {
		return r.p.T("check.ok", r.Files, r.Pages, r.Feeds, r.BaseURL)
	}
	key := "check.problems"
	if len(r.Problems) == 1 {
		key = "check.problem"
	}
	return r.p.T(key, len(r.Problems), r.Files, r.Pages, r.Feeds, r.BaseURL)
}

// ErrNoBaseURL is returned when Options.BaseURL is empty and the home page
// has no canonical URL to take it from. Its text is English; the catalog's
// check.noBaseURL says it in the author's language.
var ErrNoBaseURL = errors.New("no base URL: pass --baseURL or set baseURL in rensai.toml")

// Check checks the output tree fsys, as described in the package comment.
// The error is for trouble reading fsys or an unusable base URL; problems
// with the site itself are in the report. It is Read, then Tree.Check.
func Check(ctx context.Context, fsys fs.FS, opts Options) (*Report, error) {
	t, err := Read(ctx, fsys, opts.Workers)
	if err != nil {
		return nil, err
	}
	return t.Check(ctx, opts)
}

// Tree is an output tree read and parsed, ready to be checked: reading is
// most of the work, and needs nothing of Options, so a caller can read
// while it learns the options (rensai check loads the site model).
type Tree struct {
	fsys    fs.FS
	names   []string // every file, sorted
	files   map[string]bool
	pages   []*page
	byPath  map[string]*page
	feeds   []*xmlDoc
	workers int
	sizes   folderSizes
}

// BuildMark is the file rensai build leaves in its output to know the
// folder as its own (output.Marker; package generator's tests hold the two
// equal): not a file of the site, so not counted.
const BuildMark = ".rensai-build"

// Read reads and parses every page and feed of fsys, workers at a time
// (default GOMAXPROCS).
func Read(ctx context.Context, fsys fs.FS, workers int) (*Tree, error) {
	var names []string
	t := &Tree{fsys: fsys, workers: workers}
	err := fs.WalkDir(fsys, ".", func(name string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		if d.IsDir() || name == BuildMark { // the build's own mark is not a file of the site
			return nil
		}
		names = append(names, name)
		info, err := d.Info()
		if err != nil {
			return err
		}
		t.sizes.add(name, info.Size())
		return nil
	})
	if err != nil {
		return nil, fmt.Errorf("check: %w", err)
	}
	slices.Sort(names)
	t.names, t.files = names, make(map[string]bool, len(names))
	for _, n := range names {
		t.files[n] = true
	}
	if t.workers <= 0 {
		t.workers = runtime.GOMAXPROCS(0)
	}
	if t.pages, t.feeds, err = readFiles(ctx, fsys, names, t.workers); err != nil {
		return nil, err
	}
	t.byPath = make(map[string]*page, len(t.pages))
	for _, p := range t.pages {
		t.byPath[p.path] = p
	}
	return t, nil
}

// Check checks the tree with opts (its Workers aside), as Check does. It
// leaves the tree as it was, so it may be called again.
func (t *Tree) Check(ctx context.Context, opts Options) (*Report, error) {
	s := &site{files: t.files, pages: t.byPath, p: i18n.New(opts.Lang)}
	if err := s.setBaseFrom(opts.BaseURL); err != nil {
		return nil, err
	}
	s.drafts = make(map[string]Draft, len(opts.Drafts))
	for _, d := range opts.Drafts {
		s.drafts[d.Path] = d
	}
	problems, err := s.checkFiles(ctx, t.pages, t.feeds, t.workers)
	if err != nil {
		return nil, err
	}
	if s.files["robots.txt"] {
		data, err := fs.ReadFile(t.fsys, "robots.txt")
		if err != nil {
			return nil, fmt.Errorf("check: %w", err)
		}
		problems = append(problems, s.checkRobots("robots.txt", data)...)
	}
	problems = append(problems, s.checkSeries(t.pages, opts.Series)...)
	partsProblems, err := s.checkPartsFiles(t.fsys, t.pages)
	if err != nil {
		return nil, err
	}
	problems = append(problems, partsProblems...)
	problems = append(problems, s.checkDrafts()...)
	sizeProblem, sizeNote := s.checkSize(t.sizes, opts.MaxBytes)
	problems = append(problems, sizeProblem...)
	slices.SortFunc(problems, func(a, b Problem) int {
		return cmp.Or(
			strings.Compare(a.Path, b.Path),
			cmp.Compare(a.Line, b.Line),
			strings.Compare(a.Message, b.Message),
		)
	})
	problems = slices.Compact(problems)
	var hint string
	if home := s.pages["index.html"]; home != nil && home.canonical != nil && s.checkAbsolute(home.canonical.ref) != "" {
		hint = s.t("check.hint", home.canonical.ref, s.base)
	}
	return &Report{
		Hint:     hint,
		Bytes:    t.sizes.total,
		SizeNote: sizeNote,
		Problems: problems,
		Files:    len(t.names),
		Pages:    len(t.pages),
		Feeds:    len(t.feeds),
		BaseURL:  s.base.String(),
		p:        s.p,
	}, nil
}

// readFiles reads and parses every HTML and XML file among names, in
// parallel. Each worker writes only its own slot, so no lock is needed.
func readFiles(ctx context.Context, fsys fs.FS, names []string, workers int) ([]*page, []*xmlDoc, error) {
	var pages []*page
	var feeds []string
	for _, n := range names {
		switch path.Ext(n) {
		case ".html":
			pages = append(pages, &page{path: n})
		case ".xml":
			feeds = append(feeds, n)
		case ".json":
			if path.Base(n) == jsonFeedName {
				feeds = append(feeds, n)
			}
		}
	}
	feedDocs := make([]*xmlDoc, len(feeds))
	g, gctx := errgroup.WithContext(ctx)
	g.SetLimit(workers)
	read := func(name string, parse func([]byte)) {
		g.Go(func() error {
			if err := gctx.Err(); err != nil {
				return err
			}
			buf := buffers.Get().(*bytes.Buffer)
			defer buffers.Put(buf)
			if err := readInto(buf, fsys, name); err != nil {
				return fmt.Errorf("check: %w", err)
			}
			parse(buf.Bytes())
			return nil
		})
	}
	for _, p := range pages {
		read(p.path, func(data []byte) { parsePage(p, data) })
	}
	for i, n := range feeds {
		parse := parseXML
		if path.Ext(n) == ".json" {
			parse = parseJSONFeed
		}
		read(n, func(data []byte) { feedDocs[i] = parse(n, data) })
	}
	if err := g.Wait(); err != nil {
		return nil, nil, err
	}
	return pages, feedDocs, nil
}

// buffers hold files while they are parsed: the parsers copy what they
// keep, so one buffer serves file after file and a 750 MB output is not
// 750 MB of garbage.
var buffers = sync.Pool{New: func() any { return new(bytes.Buffer) }}

// readInto reads the file name of fsys into buf.
func readInto(buf *bytes.Buffer, fsys fs.FS, name string) error {
	buf.Reset()
	f, err := fsys.Open(name)
	if err != nil {
		return err
	}
	defer f.Close()
	if st, err := f.Stat(); err == nil && st.Size() < 1<<30 {
		buf.Grow(int(st.Size()) + bytes.MinRead)
	}
	_, err = buf.ReadFrom(f)
	return err
}

// setBaseFrom sets the base URL: baseURL, or when empty the one the home
// page's canonical URL implies.
func (s *site) setBaseFrom(baseURL string) error {
	if baseURL == "" {
		home := s.pages["index.html"]
		if home == nil || home.canonical == nil {
			return ErrNoBaseURL
		}
		baseURL = home.canonical.ref
		if u, err := url.Parse(baseURL); err == nil {
			u.Path = path.Dir(u.Path+"x") + "/"
			u.RawPath, u.RawQuery, u.Fragment = "", "", ""
			baseURL = u.String()
		}
	}
	return s.setBase(baseURL)
}

// checkFiles runs the checks of each page and feed on its own, in
// parallel.
func (s *site) checkFiles(ctx context.Context, pages []*page, feeds []*xmlDoc, workers int) ([]Problem, error) {
	perPage := make([][]Problem, len(pages))
	perFeed := make([][]Problem, len(feeds))
	g, gctx := errgroup.WithContext(ctx)
	g.SetLimit(workers)
	for i, p := range pages {
		g.Go(func() error {
			if err := gctx.Err(); err != nil {
				return err
			}
			perPage[i] = s.checkPage(p)
			return nil
		})
	}
	for i, d := range feeds {
		g.Go(func() error {
			if err := gctx.Err(); err != nil {
				return err
			}
			perFeed[i] = s.checkXML(d)
			return nil
		})
	}
	if err := g.Wait(); err != nil {
		return nil, err
	}
	var problems []Problem
	for _, ps := range perPage {
		problems = append(problems, ps...)
	}
	for _, ps := range perFeed {
		problems = append(problems, ps...)
	}
	return problems, nil
}

// checkDrafts reports drafts that made it into the output.
func (s *site) checkDrafts() []Problem {
	var out []Problem
	for p, d := range s.drafts {
		if s.files[p] {
			out = append(out, Problem{p, 1, s.t("check.draftInOutput", d.Source)})
		}
	}
	return out // sorted by the caller
}
