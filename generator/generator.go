// Package generator is rensai's build pipeline: it reads a site (rensai.toml,
// content/, layouts/, static/, themes/<name>/), assembles every series, renders
// all pages with the theme, builds the search index, and writes the result.
package generator

import (
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"time"

	"github.com/rensai-ssg/rensai/generator/config"
	"github.com/rensai-ssg/rensai/generator/diag"
	"github.com/rensai-ssg/rensai/generator/search"
	"github.com/rensai-ssg/rensai/generator/site"
)

// Options says where and how to build. The zero value of every field but
// Source has a sensible default.
type Options struct {
	// Source is the site root: the directory holding rensai.toml and content/.
	Source string
	// Destination is the output directory; default Source/public.
	Destination string
	// BaseURL overrides the baseURL of rensai.toml.
	BaseURL string
	// Drafts and Future include draft and future-dated articles (serve mode).
	Drafts, Future bool
	// Now is the build's notion of the present (for future-dated articles).
	// Zero means: the config's "now" if set, otherwise the newest date in
	// the content, so two builds of the same input are identical.
	Now time.Time
	// CacheDir holds analysis caches; default Source/.rensai-cache.
	CacheDir string
	// NoCache makes a one-shot build (Build) render every article instead
	// of reading renderings kept in CacheDir/render, and keep none there.
	// The search index's analysis and dictionary caches are used still.
	NoCache bool
	// toolVersion stands for the rensai binary in the render cache's key;
	// "" is this binary's (tests pretend to be another).
	toolVersion string
	// Log receives warnings and the summary; nil discards them.
	Log io.Writer
	// Tokenizer analyses text for the search index; nil loads kagome with
	// the IPA dictionary once per Builder. Tests share one.
	Tokenizer search.Tokenizer
	// WriteDictionary, if set, writes the flat form of kagome's dictionary
	// into the cache folder when it is missing, in another process (see
	// search.DictWriter), instead of the build decoding kagome's embedded
	// form in its own; unused with Tokenizer.
	WriteDictionary search.DictWriter
	// Progress, if non-nil, receives a progress display (a terminal).
	Progress io.Writer
	// DeferSearch makes Builder.Build leave the search index to
	// Result.Later, so the dev server can show an edit before the index
	// catches up. Until then a Result carries the previous index, if any.
	DeferSearch bool
	// OnLoad, if set, is called once the content is loaded with the size
	// of its Markdown, the size of its largest article's Markdown and
	// whether the search index is built, so that a
	// command can size process-wide limits (cmd/rensai sets a soft memory
	// limit). The library itself sets none. A Builder with a cache
	// (NewBuilder) lets each article's Markdown go once it is rendered, so
	// after its first build the size counts only the files read again.
	OnLoad func(markdownBytes, largestBytes int64, search bool)
	// FollowSymlinks allows symbolic links that resolve inside the site
	// (also followSymlinks in rensai.toml); links leading outside are
	// refused always (see package sitefs).
	FollowSymlinks bool
	// Force lets the build replace a destination that holds something other
	// than an earlier build (see output.DirOptions).
	Force bool
}

// Report describes a finished build.
type Report struct {
	Articles, Series, Pages, Files int
	// Rendered counts the pages and feeds rendered by this build; the
	// others were reused from the previous build of the same Builder.
	Rendered int
	// Cached counts the articles and series files whose Markdown a
	// one-shot build took from the render cache instead of rendering it.
	Cached   int
	Warnings diag.List
	Steps    []Step
}

// Step is one named, timed step of the pipeline.
type Step struct {
	Name     string
	Duration time.Duration
}

// Build builds the site into opts.Destination, replacing it only when the
// build succeeds.
func Build(ctx context.Context, opts Options) (*Report, error) {
	return build(ctx, opts)
}

// ErrNoContent is returned with a model holding only the configuration
// when the site has no content/ folder.
var ErrNoContent = errors.New("no content/ folder")

// LoadModel reads the site of opts and returns its model, without
// rendering anything: what `rensai check` compares a built site with. A
// site without a content/ folder gives a model with only its Config, and
// ErrNoContent.
func LoadModel(ctx context.Context, opts Options) (*site.Model, error) {
	opts, err := withDefaults(opts)
	if err != nil {
		return nil, err
	}
	b := newBuilder(opts)
	if _, err := os.Stat(filepath.Join(opts.Source, "content")); err != nil {
		cfg, _, err := config.Load(opts.Source)
		if err != nil {
			return nil, err
		}
		if opts.BaseURL != "" {
			if err := cfg.SetBaseURL(opts.BaseURL); err != nil {
				return nil, fmt.Errorf("--baseURL: %w", err)
			}
		}
		return &site.Model{Config: cfg}, ErrNoContent
	}
	if err := b.loadConfig(); err != nil {
		return nil, err
	}
	if err := b.loadContent(ctx, classify(nil), nil); err != nil {
		return nil, err
	}
	return b.assemble(classify(nil))
}
