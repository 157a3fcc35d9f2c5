package main

import (
	"bytes"
	"context"
	"embed"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strings"

	"github.com/pelletier/go-toml/v2"
	"go.yaml.in/yaml/v3"
)

// The Hugo side of -peer hugo: the same generated corpus as a Hugo site,
// with a minimal theme (hugosite/) that renders what the rensai build
// renders: article pages with the series' list of parts, prev/next and a
// table of contents; the home page and term pages paginated by 10; term
// lists for tags, clients, staff and series; one archive page; RSS for the
// home page and every term (Hugo's built-in template, newest 20); the
// sitemap, robots.txt and a 404 page. docs/benchmarks.md says what differs.

//go:embed all:hugosite
var hugoTheme embed.FS

// defaultHugoVersion is the Hugo release -install-hugo installs.
const defaultHugoVersion = "v0.165.0"

// hugoModule is the module path "go install" builds Hugo from.
const hugoModule = "github.com/gohugoio/hugo"

// hugoCacheDir is where -install-hugo puts the binary of one version.
func hugoCacheDir(version string) (string, error) {
	base, err := os.UserCacheDir()
	if err != nil {
		return "", fmt.Errorf("no cache folder for Hugo (%w); pass -hugo PATH", err)
	}
	return filepath.Join(base, "rensai-bench", "hugo-"+version), nil
}

// findHugo returns the Hugo binary to run: -hugo, else the one
// -install-hugo put in the cache folder, installing it first when asked.
func findHugo(ctx context.Context, c config, stderr io.Writer) (string, error) {
	if c.hugo != "" {
		return filepath.Abs(c.hugo)
	}
	dir, err := hugoCacheDir(c.hugoVersion)
	if err != nil {
		return "", err
	}
	bin := filepath.Join(dir, "hugo")
	if _, err := os.Stat(bin); err == nil {
		return bin, nil
	}
	if !c.installHugo {
		return "", fmt.Errorf("no Hugo binary at %s: pass -install-hugo to run \"go install %s@%s\" into that folder, or -hugo PATH",
			bin, hugoModule, c.hugoVersion)
	}
	fmt.Fprintf(stderr, "installing Hugo %s into %s (go install; this takes minutes) ...\n", c.hugoVersion, dir)
	cmd := exec.CommandContext(ctx, "go", "install", hugoModule+"@"+c.hugoVersion)
	cmd.Env = append(os.Environ(), "GOBIN="+dir, "GOFLAGS=-mod=mod")
	cmd.Dir = os.TempDir() // outside any module, so that go.mod plays no part
	if msg, err := cmd.CombinedOutput(); err != nil {
		return "", fmt.Errorf("go install %s@%s: %w\n%s", hugoModule, c.hugoVersion, err, tail(string(msg), 20))
	}
	return bin, nil
}

// hugoBuildArgs are the arguments of one cold Hugo build of the site in
// dir: output to dir/public, Hugo's file cache inside dir so that a round
// can delete it.
func hugoBuildArgs(dir string) []string {
	return []string{"--source", dir, "--destination", filepath.Join(dir, "public"),
		"--cacheDir", filepath.Join(dir, ".hugo-cache")}
}

// hugoColdDirs are what a cold Hugo build must not find.
func hugoColdDirs(dir string) []string {
	return []string{filepath.Join(dir, "public"), filepath.Join(dir, "resources"), filepath.Join(dir, ".hugo-cache")}
}

// rensaiConfig is the part of the corpus's rensai.toml the Hugo site copies.
type rensaiConfig struct {
	Title        string `toml:"title"`
	BaseURL      string `toml:"baseURL"`
	LanguageCode string `toml:"languageCode"`
	TimeZone     string `toml:"timeZone"`
	Paginate     int    `toml:"paginate"`
}

// writeHugoSite writes into dst (which must not exist or be empty) a Hugo
// site holding the content of the rensai site src: the same Markdown
// bodies; front matter that differs only where Hugo needs it (series: by
// slug, as a taxonomy); a series' own file becomes its term page.
func writeHugoSite(src, dst string) error {
	raw, err := os.ReadFile(filepath.Join(src, "rensai.toml"))
	if err != nil {
		return err
	}
	var rc rensaiConfig
	if err := toml.Unmarshal(raw, &rc); err != nil {
		return fmt.Errorf("%s: %w", filepath.Join(src, "rensai.toml"), err)
	}
	if rc.Paginate < 1 {
		rc.Paginate = 10
	}
	if err := copyTheme(dst); err != nil {
		return err
	}
	if err := os.WriteFile(filepath.Join(dst, "hugo.toml"), hugoConfig(rc), 0o644); err != nil {
		return err
	}
	slugs, err := writeHugoSeries(src, dst)
	if err != nil {
		return err
	}
	if err := writeHugoPosts(src, dst, slugs); err != nil {
		return err
	}
	archive := "---\ntitle: アーカイブ\nlayout: archives\nurl: /archives/\n---\n"
	return os.WriteFile(filepath.Join(dst, "content", "archives.md"), []byte(archive), 0o644)
}

// hugoConfig returns hugo.toml.
func hugoConfig(rc rensaiConfig) []byte {
	q := func(s string) string { return fmt.Sprintf("%q", s) }
	return fmt.Appendf(nil, `# Written by rensai-bench -peer hugo from the corpus's rensai.toml.
baseURL = %s
title = %s
locale = %s
defaultContentLanguage = "ja"
timeZone = %s
hasCJKLanguage = true
enableRobotsTXT = true
disableKinds = ["section"]

[pagination]
pagerSize = %d

[taxonomies]
tag = "tags"
client = "clients"
staff = "staff"
series = "series"

[services.rss]
limit = 20

[markup.highlight]
noClasses = false

[markup.tableOfContents]
startLevel = 2
endLevel = 3
`, q(rc.BaseURL), q(rc.Title), q(rc.LanguageCode), q(rc.TimeZone), rc.Paginate)
}

// copyTheme writes the embedded layouts and static files into dst.
func copyTheme(dst string) error {
	return fs.WalkDir(hugoTheme, "hugosite", func(path string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		target := filepath.Join(dst, filepath.FromSlash(strings.TrimPrefix(path, "hugosite")))
		if d.IsDir() {
			return os.MkdirAll(target, 0o755)
		}
		b, err := hugoTheme.ReadFile(path)
		if err != nil {
			return err
		}
		return os.WriteFile(target, b, 0o644)
	})
}

// splitFrontMatter splits a "---" delimited file into its front matter
// lines and body.
func splitFrontMatter(name string, b []byte) (fm []string, body []byte, err error) {
	rest, ok := bytes.CutPrefix(b, []byte("---\n"))
	if !ok {
		return nil, nil, fmt.Errorf("%s:1: no front matter; the corpus writes files that start with ---", name)
	}
	head, body, ok := bytes.Cut(rest, []byte("\n---\n"))
	if !ok {
		return nil, nil, fmt.Errorf("%s:1: front matter never closed with ---", name)
	}
	return strings.Split(string(head), "\n"), body, nil
}

// yamlString reads one YAML scalar (plain or quoted) as a string.
func yamlString(v string) (string, error) {
	var s string
	err := yaml.Unmarshal([]byte(v), &s)
	return s, err
}

// writeHugoSeries turns content/series/<slug>.md into the term page
// content/series/<slug>/_index.md and returns the slug of each series
// title.
func writeHugoSeries(src, dst string) (map[string]string, error) {
	files, err := filepath.Glob(filepath.Join(src, "content", "series", "*.md"))
	if err != nil {
		return nil, err
	}
	slices.Sort(files)
	slugs := make(map[string]string, len(files))
	for _, f := range files {
		b, err := os.ReadFile(f)
		if err != nil {
			return nil, err
		}
		fm, body, err := splitFrontMatter(f, b)
		if err != nil {
			return nil, err
		}
		slug := strings.TrimSuffix(filepath.Base(f), ".md")
		var title string
		var out []string
		for i, line := range fm {
			k, v, _ := strings.Cut(line, ":")
			switch k {
			case "slug": // the folder name is the slug
				continue
			case "title":
				if title, err = yamlString(v); err != nil {
					return nil, fmt.Errorf("%s:%d: title: %w", f, i+2, err)
				}
			}
			out = append(out, line)
		}
		if title == "" {
			return nil, fmt.Errorf("%s: no title; a series file needs one", f)
		}
		slugs[title] = slug
		if err := writeFile(filepath.Join(dst, "content", "series", slug, "_index.md"), out, body); err != nil {
			return nil, err
		}
	}
	return slugs, nil
}

// writeHugoPosts copies content/posts/*.md, naming each article's series
// by its slug.
func writeHugoPosts(src, dst string, slugs map[string]string) error {
	files, err := filepath.Glob(filepath.Join(src, "content", "posts", "*.md"))
	if err != nil {
		return err
	}
	slices.Sort(files)
	if err := os.MkdirAll(filepath.Join(dst, "content", "posts"), 0o755); err != nil {
		return err
	}
	for _, f := range files {
		b, err := os.ReadFile(f)
		if err != nil {
			return err
		}
		fm, body, err := splitFrontMatter(f, b)
		if err != nil {
			return err
		}
		for i, line := range fm {
			v, ok := strings.CutPrefix(line, "series:")
			if !ok {
				continue
			}
			title, err := yamlString(v)
			if err != nil {
				return fmt.Errorf("%s:%d: series: %w", f, i+2, err)
			}
			slug, ok := slugs[title]
			if !ok {
				return fmt.Errorf("%s:%d: series %q has no file in content/series; write the corpus again", f, i+2, title)
			}
			fm[i] = "series: [" + slug + "]"
		}
		if err := writeFile(filepath.Join(dst, "content", "posts", filepath.Base(f)), fm, body); err != nil {
			return err
		}
	}
	return nil
}

// writeFile writes front matter lines and a body as a Markdown file.
func writeFile(path string, fm []string, body []byte) error {
	if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
		return err
	}
	var b bytes.Buffer
	b.WriteString("---\n")
	for _, l := range fm {
		b.WriteString(l)
		b.WriteByte('\n')
	}
	b.WriteString("---\n")
	b.Write(body)
	return os.WriteFile(path, b.Bytes(), 0o644)
}

// errNoPeer is returned for an unknown -peer.
var errNoPeer = errors.New(`-peer: the only peer is "hugo"`)
