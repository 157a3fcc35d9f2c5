package main

import (
	"os"
	"runtime/debug"

	"github.com/rensai-ssg/rensai/generator"
)

// limitMemory makes the build of opts set a soft memory limit sized from
// its content, unless GOMEMLIMIT sets one, and returns what restores the
// previous limit. A process-wide setting belongs to the command, not the
// library: the generator only reports the size of the content it loaded
// (Options.OnLoad).
//
// With the default GOGC alone, the heap may grow to twice the live data
// before the collector runs, and a build's live data is mostly the
// rendered articles; the limit makes the collector run earlier when the
// heap nears it instead. The sizes are generous multiples of what builds
// were measured to keep live (about 2.2 bytes per byte of Markdown without
// the search index), so the collector never has to run continuously.
//
// A build without the search index keeps far less (no analysis), and its
// CPU time is a sixth garbage collection at the default GOGC: it runs with
// GOGC=300 (unless GOGC is set), trading about 1.4 GB of peak RSS at
// 10,000 articles (Hugo: 3.6 GB) for about 15% less CPU (docs/benchmarks.md).
func limitMemory(opts *generator.Options) (restore func()) {
	prev := debug.SetMemoryLimit(-1)
	prevGC := debug.SetGCPercent(-1)
	debug.SetGCPercent(prevGC)
	if os.Getenv("GOMEMLIMIT") != "" {
		return func() {}
	}
	opts.OnLoad = func(markdownBytes, largestBytes int64, search bool) {
		debug.SetMemoryLimit(memoryLimit(markdownBytes, largestBytes, search))
		if !search && os.Getenv("GOGC") == "" {
			debug.SetGCPercent(searchOffGCPercent)
		}
	}
	return func() { debug.SetMemoryLimit(prev); debug.SetGCPercent(prevGC) }
}

// limitServeMemory is limitMemory for rensai serve: every build of the
// dev server sets the soft memory limit of a build with the search index
// from the content it loaded, whether the index is on or not, and GOGC is
// left alone (the dev server's edits are small builds, where a collector
// that runs rarely saves little). Unless GOMEMLIMIT sets a limit.
//
// With the default GOGC alone, the heap may grow to twice the live data,
// and the dev server keeps every page (compressed) and every article's
// rendering live: at 10,000 articles about 450 MB, which the first build
// reaches and a search index built from the analysis cache adds to. The
// limit (850 MiB there, the floor) makes the collector run earlier instead
// of letting the process grow to twice that (docs/benchmarks.md).
func limitServeMemory(opts *generator.Options) (restore func()) {
	prev := debug.SetMemoryLimit(-1)
	if os.Getenv("GOMEMLIMIT") != "" {
		return func() {}
	}
	opts.OnLoad = func(markdownBytes, largestBytes int64, _ bool) {
		debug.SetMemoryLimit(serveMemoryLimit(markdownBytes, largestBytes))
	}
	return func() { debug.SetMemoryLimit(prev) }
}

// serveMemoryLimit is the dev server's soft memory limit: a build's with
// the search index (memoryLimit), except that a small site of ordinary
// articles gets less than siteFloor, serveBytesPerByte per byte of its
// Markdown but at least serveFloor. The server keeps little per article
// (about 9 bytes live per byte of Markdown at 1,000 articles with search,
// the kagome dictionary included), so siteFloor would let a 1,000-article
// site's heap grow to twice its live data, over 400 MB of RSS, before the
// collector ran; at 10,000 articles the limit stays siteFloor.
func serveMemoryLimit(markdownBytes, largestBytes int64) int64 {
	limit := memoryLimit(markdownBytes, largestBytes, true)
	if largestBytes >= hugeArticleBytes || limit > siteFloor {
		return limit
	}
	return min(limit, max(serveFloor, serveBytesPerByte*markdownBytes))
}

// The dev server's limit for small sites (serveMemoryLimit).
const (
	serveFloor        = 256 << 20
	serveBytesPerByte = 16
)

// searchOffGCPercent is the GOGC of a build without the search index.
const searchOffGCPercent = 300

// The limit of a build is at least siteFloor: a site of ordinary articles
// keeps the kagome dictionary, its templates and its rendered articles
// live, and below 850 MiB the collector of a 1,000-article build would run
// more often for nothing. A huge article (hugeArticleBytes or more) is
// different: goldmark's tree of it is a million nodes or more while it is
// rendered (about 30 bytes per byte of dense Markdown, gone once the
// article is rendered), and a heap allowed to grow to twice that peaks
// above 500 MB. Its build gets hugeFloor instead, plus room for the rest
// of the site's Markdown, so the collector works harder only in the few
// seconds the huge article's tree is live.
const (
	siteFloor        = 850 << 20
	hugeFloor        = 400 << 20
	hugeArticleBytes = 1 << 20
)

// memoryLimit is the soft memory limit of a build of markdownBytes of
// Markdown whose largest article has largestBytes: at least siteFloor,
// unless the largest article is huge.
func memoryLimit(markdownBytes, largestBytes int64, search bool) int64 {
	perByte := int64(10) // room for GOGC=300 (searchOffGCPercent)
	if search {
		// The index is merged as the articles are rendered: about 3.6
		// bytes live per byte of Markdown at 10,000 articles.
		perByte = 5
	}
	floor := int64(siteFloor)
	if largestBytes >= hugeArticleBytes {
		floor = min(floor, hugeFloor+perByte*(markdownBytes-largestBytes))
	}
	return max(floor, perByte*markdownBytes)
}
