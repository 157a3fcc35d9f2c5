package generator

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/rensai-ssg/rensai/generator/i18n"
)

// oneShot builds opts with Build (rensai build's path, which reads and
// writes the render cache) into a new folder and returns the files and
// the report.
func oneShot(t *testing.T, opts Options) (map[string][]byte, *Report) {
	t.Helper()
	if opts.Now.IsZero() {
		opts.Now = fixedNow
	}
	opts.Destination = filepath.Join(t.TempDir(), "public")
	rep, err := Build(context.Background(), opts)
	if err != nil {
		t.Fatalf("build: %v", err)
	}
	return snapshot(t, opts.Destination), rep
}

// codeSite is a site whose articles are mostly fenced code in several
// languages, with one block repeated in two articles.
func codeSite(t *testing.T) string {
	files := map[string]string{}
	blocks := []string{
		"```go\nfunc main() {\n\tfmt.Println(\"こんにちは\")\n}\n```\n",
		"```python\ndef f(x):\n    return x * 2  # 二倍\n```\n",
		"```sh {linenos=true}\necho \"$HOME\" | tr a-z A-Z\n```\n",
		"```js\nconst a = `<b>${x}</b>`;\n```\n",
		"```unknown-lang\nplain <text>\n```\n",
	}
	for i := range 6 {
		var sb strings.Builder
		fmt.Fprintf(&sb, "---\ntitle: コード%d\ndate: 2026-02-0%d\n---\n\n## 手順\n\n", i, i+1)
		for j, b := range blocks {
			if (i+j)%2 == 0 {
				sb.WriteString("説明です。\n\n" + b + "\n")
			}
		}
		files[fmt.Sprintf("posts/code-%d.md", i)] = sb.String()
	}
	return newSite(t, "", files)
}

// TestRenderCacheBuildIsByteIdentical: a one-shot build that takes every
// rendering from the render cache writes the bytes of one that renders
// everything, on the example site (search on) and a code-heavy site.
func TestRenderCacheBuildIsByteIdentical(t *testing.T) {
	sites := []struct {
		name string
		dir  func(t *testing.T) string
	}{
		{"example site", func(*testing.T) string { return repoRoot }},
		{"code-heavy site", codeSite},
	}
	for _, st := range sites {
		t.Run(st.name, func(t *testing.T) {
			dir := st.dir(t)
			cache := t.TempDir()
			now := time.Date(2026, 12, 31, 0, 0, 0, 0, time.UTC)
			cold, rep := oneShot(t, Options{Source: dir, CacheDir: cache, Now: now})
			if rep.Cached != 0 {
				t.Errorf("cold build took %d renderings from an empty cache", rep.Cached)
			}
			// Build returns once the pack it writes in the background is in place.
			packs, _ := filepath.Glob(filepath.Join(cache, "render", packPattern))
			temps, _ := filepath.Glob(filepath.Join(cache, "render", ".pack-*"))
			if len(packs) != 1 || len(temps) != 0 {
				t.Errorf("after the cold build: packs %q, unfinished %q; want one pack", packs, temps)
			}
			warm, rep := oneShot(t, Options{Source: dir, CacheDir: cache, Now: now})
			if want := rep.Articles; rep.Cached < want {
				t.Errorf("warm build took %d renderings from the cache, want at least %d (every article)", rep.Cached, want)
			}
			sameFiles(t, "cold and warm", cold, warm)
			uncached, rep := oneShot(t, Options{Source: dir, CacheDir: cache, Now: now, NoCache: true})
			if rep.Cached != 0 {
				t.Errorf("--no-cache build took %d renderings from the cache", rep.Cached)
			}
			sameFiles(t, "warm and --no-cache", warm, uncached)
		})
	}
}

// renderCacheEdits change what a rendering depends on without changing
// the article's own file, or the binary and options that render it; each
// returns the options of the build after it.
var renderCacheEdits = []struct {
	name string
	edit func(t *testing.T, dir string, opts Options) Options
	// reused is how many renderings the build after the edit may take
	// from the cache at most (of 4 files); -1 for any number.
	reused int
}{
	{"a link target renamed", func(t *testing.T, dir string, opts Options) Options {
		writeFile(t, filepath.Join(dir, "content/posts/target.md"), "---\ntitle: 行き先\ndate: 2026-02-02\nslug: moved\n---\n\n行き先です。\n")
		return opts
	}, 2},
	{"an image replaced by one of another size", func(t *testing.T, dir string, opts Options) Options {
		writeFile(t, filepath.Join(dir, "static/images/box.png"), pngOf(t, 30, 20))
		return opts
	}, 3},
	{"an image rewritten with the same size", func(t *testing.T, dir string, opts Options) Options {
		writeFile(t, filepath.Join(dir, "static/images/box.png"), pngOf(t, 12, 8))
		later := time.Now().Add(time.Hour)
		if err := os.Chtimes(filepath.Join(dir, "static/images/box.png"), later, later); err != nil {
			t.Fatal(err)
		}
		return opts
	}, 4},
	{"an earlier candidate of an image appears", func(t *testing.T, dir string, opts Options) Options {
		writeFile(t, filepath.Join(dir, "content/posts/photo.png"), pngOf(t, 50, 40))
		return opts
	}, 3},
	{"an option changed", func(t *testing.T, dir string, opts Options) Options {
		opts.BaseURL = "https://example.jp/repo/"
		return opts
	}, 0},
	{"unsafe HTML turned on", func(t *testing.T, dir string, opts Options) Options {
		writeFile(t, filepath.Join(dir, "rensai.toml"), "title = \"テスト日報\"\nbaseURL = \"https://example.jp/\"\nunsafe = true\n[search]\nenable = false\n")
		return opts
	}, 0},
	{"rensai upgraded", func(t *testing.T, dir string, opts Options) Options {
		opts.toolVersion = "rensai v99.0.0"
		return opts
	}, 0},
	{"the search index turned on", func(t *testing.T, dir string, opts Options) Options {
		writeFile(t, filepath.Join(dir, "rensai.toml"), "title = \"テスト日報\"\nbaseURL = \"https://example.jp/\"\n[search]\nenable = true\n")
		return opts
	}, 1}, // only the article without text (an image alone)
}

// TestRenderCacheMatchesUncachedBuild: after each edit of
// renderCacheEdits, a one-shot build reading the render cache writes what
// a build without it writes, and takes from the cache no more renderings
// than the edit leaves valid.
func TestRenderCacheMatchesUncachedBuild(t *testing.T) {
	var preloads atomic.Int32
	tok := preloadTokenizer{&preloads}
	for _, tt := range renderCacheEdits {
		t.Run(tt.name, func(t *testing.T) {
			dir := newSite(t, "", map[string]string{
				"posts/source.md": "---\ntitle: 元\ndate: 2026-02-01\n---\n\n[行き先へ](target.md)と<b>太字</b>。\n",
				"posts/target.md": "---\ntitle: 行き先\ndate: 2026-02-02\n---\n\n行き先です。\n",
				"posts/box.md":    "---\ntitle: 箱\ndate: 2026-02-03\n---\n\n![箱](/images/box.png)\n",
				"posts/album.md":  "---\ntitle: 写真\ndate: 2026-02-04\n---\n\n写真です。\n\n![写真](photo.png)\n",
			})
			writeFile(t, filepath.Join(dir, "static/images/box.png"), pngOf(t, 12, 8))
			writeFile(t, filepath.Join(dir, "content/posts/album/photo.png"), pngOf(t, 16, 9))
			opts := Options{Source: dir, CacheDir: t.TempDir(), Tokenizer: tok}
			first, _ := oneShot(t, opts)
			mustContain(t, first, "posts/box/index.html", `width="12" height="8"`)
			opts = tt.edit(t, dir, opts)
			cached, rep := oneShot(t, opts)
			if tt.reused >= 0 && rep.Cached > tt.reused {
				t.Errorf("took %d renderings from the cache, at most %d still hold", rep.Cached, tt.reused)
			}
			if tt.reused == 4 && rep.Cached != 4 {
				t.Errorf("took %d renderings from the cache, want all 4", rep.Cached)
			}
			full := opts
			full.NoCache = true
			uncached, _ := oneShot(t, full)
			sameFiles(t, "cached and uncached", cached, uncached)
		})
	}
}

// TestDamagedRenderCacheIsIgnored: a pack cut short, with a byte changed
// anywhere, or a file of another kind under a pack's name gives the
// pages of an uncached build, and the next build repairs the cache.
func TestDamagedRenderCacheIsIgnored(t *testing.T) {
	dir := codeSite(t)
	cache := t.TempDir()
	want, _ := oneShot(t, Options{Source: dir, CacheDir: cache, NoCache: true})
	oneShot(t, Options{Source: dir, CacheDir: cache})
	packs, _ := filepath.Glob(filepath.Join(cache, "render", packPattern))
	if len(packs) != 1 {
		t.Fatalf("%d packs after one build, want 1", len(packs))
	}
	good, err := os.ReadFile(packs[0])
	if err != nil {
		t.Fatal(err)
	}
	damage := map[string][]byte{
		"cut short":     good[:len(good)/2],
		"no trailer":    good[:len(good)-3],
		"foreign":       []byte("これはパックではない\n"),
		"empty":         nil,
		"index damaged": flipByte(good, len(good)-trailerBytes-5),
		"magic damaged": flipByte(good, 2),
	}
	for _, at := range []int{len(packMagic), len(packMagic) + 40, len(good) / 3, len(good) / 2} {
		damage[fmt.Sprintf("payload byte %d changed", at)] = flipByte(good, at)
	}
	for name, data := range damage {
		t.Run(name, func(t *testing.T) {
			if err := os.WriteFile(packs[0], data, 0o644); err != nil {
				t.Fatal(err)
			}
			got, _ := oneShot(t, Options{Source: dir, CacheDir: cache})
			sameFiles(t, "uncached and from the damaged cache", want, got)
			again, rep := oneShot(t, Options{Source: dir, CacheDir: cache})
			sameFiles(t, "uncached and from the repaired cache", want, again)
			if rep.Cached < rep.Articles {
				t.Errorf("the build after took %d renderings from the cache, want %d", rep.Cached, rep.Articles)
			}
			clearPacks(t, cache)
			if err := os.WriteFile(packs[0], good, 0o644); err != nil {
				t.Fatal(err)
			}
		})
	}
}

func flipByte(data []byte, at int) []byte {
	out := append([]byte(nil), data...)
	out[at] ^= 0x5a
	return out
}

func clearPacks(t *testing.T, cache string) {
	t.Helper()
	names, _ := filepath.Glob(filepath.Join(cache, "render", "*"))
	for _, n := range names {
		if err := os.Remove(n); err != nil {
			t.Fatal(err)
		}
	}
}

// cacheBytes is the size of the render cache's packs.
func cacheBytes(t *testing.T, cache string) (int64, int) {
	t.Helper()
	names, _ := filepath.Glob(filepath.Join(cache, "render", packPattern))
	var n int64
	for _, name := range names {
		fi, err := os.Stat(name)
		if err != nil {
			t.Fatal(err)
		}
		n += fi.Size()
	}
	return n, len(names)
}

// TestRenderCacheStaysBounded: renaming articles build after build leaves
// entries no build uses; the cache drops them instead of growing, and
// keeps at most maxRenderPacks packs.
func TestRenderCacheStaysBounded(t *testing.T) {
	dir := codeSite(t)
	cache := t.TempDir()
	oneShot(t, Options{Source: dir, CacheDir: cache})
	base, _ := cacheBytes(t, cache)
	for i := range 30 {
		from := filepath.Join(dir, "content", "posts", fmt.Sprintf("code-%d.md", i%6))
		if i >= 6 {
			from = filepath.Join(dir, "content", "posts", fmt.Sprintf("code-%d-%d.md", i%6, i-6))
		}
		to := filepath.Join(dir, "content", "posts", fmt.Sprintf("code-%d-%d.md", i%6, i))
		if err := os.Rename(from, to); err != nil {
			t.Fatal(err)
		}
		_, rep := oneShot(t, Options{Source: dir, CacheDir: cache})
		if rep.Cached != rep.Articles-1 {
			t.Errorf("build %d took %d renderings from the cache, want %d (all but the renamed one)", i, rep.Cached, rep.Articles-1)
		}
		size, packs := cacheBytes(t, cache)
		if packs > maxRenderPacks {
			t.Errorf("build %d: %d packs, want at most %d", i, packs, maxRenderPacks)
		}
		if size > 2*base {
			t.Errorf("build %d: the cache takes %d bytes, more than twice the %d of one build", i, size, base)
		}
	}
}

// TestOneEditBuildsKeepTheLargePack: builds that each change one article
// of many add a small pack each; at maxRenderPacks packs the small ones
// are merged and the large one is kept, not copied again.
func TestOneEditBuildsKeepTheLargePack(t *testing.T) {
	files := map[string]string{}
	for i := range 40 {
		files[fmt.Sprintf("posts/p%02d.md", i)] = fmt.Sprintf("---\ntitle: 記事%d\ndate: 2026-02-01\n---\n\n%s\n", i, strings.Repeat("本文です。", 200))
	}
	dir := newSite(t, "", files)
	cache := t.TempDir()
	oneShot(t, Options{Source: dir, CacheDir: cache})
	first, _ := filepath.Glob(filepath.Join(cache, "render", packPattern))
	if len(first) != 1 {
		t.Fatalf("%d packs after the first build", len(first))
	}
	for i := range 3 * maxRenderPacks {
		writeFile(t, filepath.Join(dir, "content/posts/p07.md"), fmt.Sprintf("---\ntitle: 記事7\ndate: 2026-02-01\n---\n\n版%d。\n", i))
		_, rep := oneShot(t, Options{Source: dir, CacheDir: cache})
		if rep.Cached != rep.Articles-1 {
			t.Errorf("build %d took %d renderings from the cache, want %d", i, rep.Cached, rep.Articles-1)
		}
		if _, packs := cacheBytes(t, cache); packs > maxRenderPacks {
			t.Errorf("build %d: %d packs", i, packs)
		}
		if _, err := os.Stat(first[0]); err != nil {
			t.Fatalf("build %d: the first build's pack is gone: %v", i, err)
		}
	}
	got, _ := oneShot(t, Options{Source: dir, CacheDir: cache})
	want, _ := oneShot(t, Options{Source: dir, CacheDir: cache, NoCache: true})
	sameFiles(t, "cached and uncached", got, want)
}

// TestConcurrentBuildsShareTheRenderCache: builds of one site running at
// once with one cache folder neither fail nor leave a cache that gives
// other pages.
func TestConcurrentBuildsShareTheRenderCache(t *testing.T) {
	dir := codeSite(t)
	cache := t.TempDir()
	want, _ := oneShot(t, Options{Source: dir, CacheDir: cache, NoCache: true})
	for round := range 3 {
		if round == 1 {
			writeFile(t, filepath.Join(dir, "content/posts/code-1.md"), "---\ntitle: コード1\ndate: 2026-02-02\n---\n\n変えました。\n")
			want, _ = oneShot(t, Options{Source: dir, CacheDir: cache, NoCache: true})
		}
		var wg sync.WaitGroup
		errs := make([]error, 4)
		for i := range errs {
			wg.Go(func() {
				_, errs[i] = Build(context.Background(), Options{Source: dir, CacheDir: cache, Now: fixedNow,
					Destination: filepath.Join(t.TempDir(), "public")})
			})
		}
		wg.Wait()
		for i, err := range errs {
			if err != nil {
				t.Fatalf("round %d, build %d: %v", round, i, err)
			}
		}
		got, rep := oneShot(t, Options{Source: dir, CacheDir: cache})
		sameFiles(t, "uncached and after concurrent builds", want, got)
		if rep.Cached < rep.Articles {
			t.Errorf("round %d: took %d renderings from the cache, want %d", round, rep.Cached, rep.Articles)
		}
	}
}

// TestIncrementalBuildSeesAnEarlierImage: the dev server's memo of a
// rendering, like the render cache, is dropped when an image appears in
// a place looked in before the one the image was found in.
func TestIncrementalBuildSeesAnEarlierImage(t *testing.T) {
	dir := newSite(t, "", map[string]string{
		"posts/album.md": "---\ntitle: 写真\ndate: 2026-02-04\n---\n\n![写真](photo.png)\n",
	})
	writeFile(t, filepath.Join(dir, "content/posts/album/photo.png"), pngOf(t, 16, 9))
	ctx := context.Background()
	inc, err := NewBuilder(Options{Source: dir, Now: fixedNow})
	if err != nil {
		t.Fatal(err)
	}
	res, err := inc.Build(ctx, nil)
	if err != nil {
		t.Fatal(err)
	}
	mustContain(t, res.Files, "posts/album/index.html", `width="16" height="9"`)
	before := withUnchanged(t, nil, res)
	writeFile(t, filepath.Join(dir, "content/posts/photo.png"), pngOf(t, 50, 40))
	if res, err = inc.Build(ctx, []string{"content/posts/photo.png"}); err != nil {
		t.Fatal(err)
	}
	mustContain(t, res.Files, "posts/album/index.html", `width="50" height="40"`)
	sameFiles(t, "full and incremental", buildMem(t, Options{Source: dir}), withUnchanged(t, before, res))
}

// TestDevServerFirstBuildReadsTheRenderCache: the dev server's first build
// takes its renderings from the render cache a rensai build left, and its
// memory of them then works as if it had rendered them: renaming a link
// target renders the linking article again, and the site is the one a
// full build makes. Later builds do not read the cache.
func TestDevServerFirstBuildReadsTheRenderCache(t *testing.T) {
	dir := newSite(t, "", map[string]string{
		"posts/source.md": "---\ntitle: 元\ndate: 2026-02-01\n---\n\n[行き先へ](target.md)。\n",
		"posts/target.md": "---\ntitle: 行き先\ndate: 2026-02-02\n---\n\n行き先です。\n",
		"posts/other.md":  "---\ntitle: ほか\ndate: 2026-02-03\n---\n\n```go\nfunc main() {}\n```\n",
	})
	opts := Options{Source: dir, CacheDir: t.TempDir(), Now: fixedNow}
	if _, rep := oneShot(t, opts); rep.Cached != 0 {
		t.Fatalf("the cold build took %d renderings from the cache", rep.Cached)
	}
	ctx := context.Background()
	b, err := NewBuilder(opts)
	if err != nil {
		t.Fatal(err)
	}
	first, err := b.Build(ctx, nil)
	if err != nil {
		t.Fatal(err)
	}
	if first.Report.Cached != first.Report.Articles {
		t.Errorf("the dev server's first build took %d renderings from the cache, want %d", first.Report.Cached, first.Report.Articles)
	}
	writeFile(t, filepath.Join(dir, "content/posts/target.md"), "---\ntitle: 行き先\ndate: 2026-02-02\nslug: moved\n---\n\n行き先です。\n")
	next, err := b.Build(ctx, []string{"content/posts/target.md"})
	if err != nil {
		t.Fatal(err)
	}
	if next.Report.Cached != 0 {
		t.Errorf("a later build took %d renderings from the cache", next.Report.Cached)
	}
	site := withUnchanged(t, withUnchanged(t, nil, first), next)
	mustContain(t, site, "posts/source/index.html", `href="/posts/moved/"`)
	full := opts
	full.NoCache = true
	sameFiles(t, "dev server after the rename and a full build", buildMem(t, full), site)
}

// TestRenderCacheKeepsWarnings: an article whose rendering has warnings
// (an image of another host, a control character) is taken from the
// render cache like any other, and the build that takes it gives the
// same warnings at the same file:line, in the author's language.
func TestRenderCacheKeepsWarnings(t *testing.T) {
	dir := newSite(t, "", map[string]string{
		"posts/remote.md": "---\ntitle: 外の画像\ndate: 2026-02-01\n---\n\n本文です。\n\n![外](https://cdn.example.com/a.png)\n\n制御\x01文字。\n",
		"posts/plain.md":  "---\ntitle: 普通\ndate: 2026-02-02\n---\n\n普通の本文です。\n",
	})
	cache := t.TempDir()
	words := func(rep *Report) []string {
		var out []string
		for _, w := range rep.Warnings {
			out = append(out, w.In(i18n.Japanese))
		}
		return out
	}
	cold, rep := oneShot(t, Options{Source: dir, CacheDir: cache})
	coldWords := words(rep)
	var remote, control bool
	for _, w := range coldWords {
		remote = remote || strings.HasPrefix(w, "content/posts/remote.md:8: ") && strings.Contains(w, "cdn.example.com")
		control = control || strings.HasPrefix(w, "content/posts/remote.md:10: ") && strings.Contains(w, "U+0001")
	}
	if !remote || !control {
		t.Fatalf("cold build's warnings %q: want the remote image at line 8 and the control character at line 10", coldWords)
	}
	warm, rep := oneShot(t, Options{Source: dir, CacheDir: cache})
	if rep.Cached != rep.Articles {
		t.Errorf("warm build took %d of %d renderings from the cache: the one with warnings was rendered again", rep.Cached, rep.Articles)
	}
	if got := words(rep); !slices.Equal(got, coldWords) {
		t.Errorf("warm build's warnings\n%q\nwant the cold build's\n%q", got, coldWords)
	}
	sameFiles(t, "cold and warm", cold, warm)
}
