package generator

import (
	"crypto/sha256"
	"encoding/binary"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"runtime"
	"runtime/debug"
	"sync"
	"sync/atomic"
	"time"

	"github.com/rensai-ssg/rensai/generator/markdown"
	"github.com/rensai-ssg/rensai/generator/site"
)

// renderCache keeps the rendered Markdown of a one-shot build (rensai
// build) in CacheDir/render/ for the next one, which renders again only
// the files whose rendering may differ. The dev server keeps its
// renderings in memory instead (renderMemo) and does not use it.
//
// An entry is found by a key of everything rendering reads before it
// starts (key: the format of this file, the rensai binary, the
// Markdown options, the file's path, its bytes and the line its body
// starts on) and is used only while what rendering found along the way
// still holds: each .md link resolves to the same URL in the new site
// model (as for the memo), each image it measured has the same size or
// the same width and height, and each earlier candidate of an image is
// still missing. A rendering keeps its warnings (their catalog keys and
// arguments, worded again on a hit), so the author sees them on every
// build at the same file:line; one whose warnings cannot be stored that
// way (storable) is not kept, nor one made without its plain text when
// the search index needs the text.
//
// Storage is the packs of rendercache_pack.go: a build appends one pack
// with what it rendered, written by the Markdown workers as they go and
// finished in the background while the pages render, and merges packs
// (finish) so that renamed and deleted articles do not pile up.
type renderCache struct {
	dir   string
	id    [sha256.Size]byte // format, binary and options
	text  bool              // keep plain texts (the search index needs them)
	packs *packSet
	w     *packWriter

	mu        sync.Mutex
	used      []keyedRef // entries this build took from packs
	usedBytes int64
	hits      atomic.Int64 // len(used), read while finish runs
	done      chan struct{}
}

// renderFormat names the encoding of an entry and what the renderer puts
// in a Result; change it with either. The rensai binary is in the key too
// (toolVersion), so a rebuilt rensai never reads another's renderings.
const renderFormat = "rensai render cache 3"

// openRenderCache opens the cache for a one-shot build, or for the dev
// server's first build (later ones reuse its memory), with the Markdown
// options key mdKey, or returns nil when the build keeps none.
func (b *Builder) openRenderCache(mdKey string) *renderCache {
	if (b.cache != nil && len(b.cache.rendered) > 0) || b.opts.CacheDir == "" || b.opts.NoCache {
		return nil
	}
	tool := b.opts.toolVersion
	if tool == "" {
		tool = toolVersion()
	}
	dir := filepath.Join(b.opts.CacheDir, "render")
	c := &renderCache{dir: dir, text: b.cfg.Search.Enabled(), packs: openPacks(dir), w: newPackWriter(dir)}
	c.id = sha256.Sum256([]byte(renderFormat + "\x00" + tool + "\x00" + mdKey))
	return c
}

// toolVersion identifies the rensai binary: its module version and
// revision, every dependency's version and the Go version, and for a
// development build the executable's size and time, since its sources
// may differ from any commit.
var toolVersion = sync.OnceValue(func() string {
	s := runtime.Version()
	info, ok := debug.ReadBuildInfo()
	if !ok {
		return s + executableStamp()
	}
	s += "\x00" + info.Main.Path + "@" + info.Main.Version + info.Main.Sum
	dirty := info.Main.Version == "" || info.Main.Version == "(devel)"
	for _, st := range info.Settings {
		s += "\x00" + st.Key + "=" + st.Value
		if st.Key == "vcs.modified" && st.Value == "true" {
			dirty = true
		}
	}
	for _, d := range info.Deps {
		s += "\x00" + d.Path + "@" + d.Version + d.Sum
		if d.Replace != nil {
			s += "=>" + d.Replace.Path + "@" + d.Replace.Version + d.Replace.Sum
		}
	}
	if dirty {
		s += executableStamp()
	}
	return s
})

func executableStamp() string {
	exe, err := os.Executable()
	if err != nil {
		return "\x00no executable"
	}
	fi, err := os.Stat(exe)
	if err != nil {
		return "\x00no executable"
	}
	return fmt.Sprintf("\x00%s\x00%d\x00%d", exe, fi.Size(), fi.ModTime().UnixNano())
}

// key is the key of article a's rendering.
func (c *renderCache) key(a *site.Article) packKey {
	h := sha256.New()
	h.Write(c.id[:])
	var n [binary.MaxVarintLen64]byte
	for _, s := range []string{a.Source, a.Input().Hash} {
		h.Write(n[:binary.PutUvarint(n[:], uint64(len(s)))])
		h.Write([]byte(s))
	}
	h.Write(n[:binary.PutUvarint(n[:], uint64(a.Input().BodyLine))])
	var k packKey
	h.Sum(k[:0])
	return k
}

// lookup returns the cached rendering of a, or nil when there is none
// that holds for the site model s and the site's files.
func (c *renderCache) lookup(s *site.Model, a *site.Article, files fs.FS) (*markdown.Result, []resolvedLink) {
	if c == nil {
		return nil, nil
	}
	key := c.key(a)
	ref, ok := c.packs.refs[key]
	if !ok {
		return nil, nil
	}
	buf := getBuf()
	defer putBuf(buf)
	if !c.packs.read(ref, buf) {
		return nil, nil
	}
	e, err := decodeEntry(*buf)
	if err != nil || !e.holds(s, a.Source, files) || (c.text && e.res.Text == "" && e.res.Chars > 0) {
		return nil, nil
	}
	if !c.text {
		e.res.Text = ""
	}
	c.mu.Lock()
	c.used = append(c.used, keyedRef{key: key, ref: ref})
	c.usedBytes += int64(ref.n)
	c.mu.Unlock()
	c.hits.Add(1)
	return e.res, e.links
}

// store records the rendering res of a, whose links resolved as links
// say. It is called on the Markdown workers, before the text is dropped.
func (c *renderCache) store(a *site.Article, res *markdown.Result, links []resolvedLink, files fs.FS) {
	if c == nil || !storable(res) {
		return
	}
	e := renderEntry{links: links, missed: res.Missed, res: res}
	for _, name := range res.Reads {
		e.reads = append(e.reads, stampFile(files, name))
	}
	buf := getBuf()
	defer putBuf(buf)
	*buf = e.encode(c.text, *buf)
	key := c.key(a)
	c.mu.Lock()
	c.w.add(key, *buf)
	c.mu.Unlock()
}

// finish completes the pack of this build in the background, and keeps
// the cache bounded when complete says the build looked up every article
// (an interrupted or failed build's hits say nothing of what is unused):
// once the packs hold a quarter more bytes than the build used, it writes
// what the build used into its pack and deletes the others; once they are
// maxRenderPacks, it does the same with every pack but the largest, so
// that one-edit builds, each adding a small pack, do not copy the whole
// cache every few builds. wait waits for it.
func (c *renderCache) finish(complete bool) {
	if c == nil {
		return
	}
	c.done = make(chan struct{})
	go func() {
		defer close(c.done)
		c.mu.Lock()
		defer c.mu.Unlock()
		dead := c.packs.total - c.usedBytes
		live := c.usedBytes + c.w.off
		keep, compact := "", false
		switch {
		case !complete:
		case dead > live/4:
			compact = true
		case len(c.packs.names) >= maxRenderPacks:
			compact = true
			if big := c.packs.largest(); big >= 0 {
				keep = c.packs.paths[big]
			}
		}
		if compact {
			var moved []keyedRef
			for _, r := range c.used {
				if keep == "" || c.packs.paths[r.ref.pack] != keep {
					moved = append(moved, r)
				}
			}
			c.packs.copyTo(c.w, moved)
		}
		err := c.w.finish()
		c.packs.close()
		if compact && err == nil {
			c.packs.removeAll(keep)
			removeStaleTemps(c.dir)
		}
	}()
}

// removeStaleTemps deletes packs a build began an hour ago or more and
// never finished: its process was killed.
func removeStaleTemps(dir string) {
	names, _ := filepath.Glob(filepath.Join(dir, ".pack-*"))
	for _, name := range names {
		if fi, err := os.Stat(name); err == nil && time.Since(fi.ModTime()) > time.Hour {
			_ = os.Remove(name)
		}
	}
}

// hitCount is how many renderings lookup gave; 0 for a nil cache.
func (c *renderCache) hitCount() int {
	if c == nil {
		return 0
	}
	return int(c.hits.Load())
}

// wait waits for finish; it does nothing for a nil cache or one not
// finished.
func (c *renderCache) wait() {
	if c != nil && c.done != nil {
		<-c.done
	}
}

// fileStamp is what a rendering learned from one file it read: its size
// and time, to tell quickly that it is the same file, and the width and
// height rendering gave the image, to tell that a file that changed
// (restored by a CI cache with a new time, say) still gives the same.
type fileStamp struct {
	name        string
	size, mtime int64
	w, h        int
}

func stampFile(files fs.FS, name string) fileStamp {
	st := fileStamp{name: name, size: -1}
	if fi, err := fs.Stat(files, name); err == nil {
		st.size, st.mtime = fi.Size(), fi.ModTime().UnixNano()
	}
	st.w, st.h, _ = markdown.ImageSize(files, name)
	return st
}

// renderEntry is one article's cached rendering and what it depended on.
type renderEntry struct {
	links  []resolvedLink
	reads  []fileStamp
	missed []string
	res    *markdown.Result
}

// holds reports whether e is what rendering the file source would give
// in the model s with the files of the site now.
func (e *renderEntry) holds(s *site.Model, source string, files fs.FS) bool {
	if !(&linkRecorder{}).stillValid(s, source, e.links) {
		return false
	}
	for _, st := range e.reads {
		fi, err := fs.Stat(files, st.name)
		if err != nil {
			return false
		}
		if fi.Size() == st.size && fi.ModTime().UnixNano() == st.mtime {
			continue
		}
		w, h, err := markdown.ImageSize(files, st.name)
		if errors.Is(err, fs.ErrNotExist) || w != st.w || h != st.h {
			return false
		}
	}
	for _, name := range e.missed {
		if _, err := fs.Stat(files, name); !errors.Is(err, fs.ErrNotExist) {
			return false
		}
	}
	return true
}
