package generator

import (
	"context"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path"
	"path/filepath"
	"sort"
	"strings"

	"github.com/rensai-ssg/rensai/generator/config"
	"github.com/rensai-ssg/rensai/generator/content"
	"github.com/rensai-ssg/rensai/generator/diag"
	"github.com/rensai-ssg/rensai/generator/theme"
	"github.com/rensai-ssg/rensai/themes"
)

// deferSearch says whether the search index is left to Result.Later.
func (b *Builder) deferSearch() bool { return b.cfg.Search.Enabled() && b.opts.DeferSearch }

// changeKind says what a set of changed paths touches.
type changeKind struct {
	all, config, theme, content bool
	static                      bool // something under static/ (see staticListChanged)
}

func classify(changed []string) changeKind {
	if changed == nil {
		return changeKind{all: true, config: true, theme: true, content: true}
	}
	var k changeKind
	for _, p := range changed {
		switch {
		case p == config.FileName:
			k.config = true
		case strings.HasPrefix(p, "content/"):
			k.content = true
		case strings.HasPrefix(p, "layouts/"), strings.HasPrefix(p, "themes/"), p == "strings.toml":
			k.theme = true
		case strings.HasPrefix(p, "static/"):
			// assets are copied on every build; the list of them is the
			// theme's, made again when a file comes or goes
			k.static = true
		default:
			k.all = true
		}
	}
	if k.all {
		return changeKind{all: true, config: true, theme: true, content: true}
	}
	return k
}

func (b *Builder) loadConfig() error {
	if _, err := os.Stat(filepath.Join(b.opts.Source, "content")); err != nil {
		return diag.T("", 0, "build.noContent", b.opts.Source)
	}
	cfg, warns, err := config.Load(b.opts.Source)
	if err != nil {
		return err
	}
	if b.opts.BaseURL != "" {
		if err := cfg.SetBaseURL(b.opts.BaseURL); err != nil {
			return fmt.Errorf("--baseURL: %w", err)
		}
	}
	b.cfg, b.cfgWarn = cfg, warns
	// Loading reads the taxonomies and time zone of the configuration.
	// (Cached renderings and pages are keyed on it; see keys.go.)
	b.set = nil
	return nil
}

// staticListChanged says whether a changed path under static/ adds or
// removes a published file: one that exists and is not in the theme's list
// of assets, one in the list that no longer exists, or a folder (whose
// files the list names one by one). An edit of a listed file changes
// nothing: assets are read again on every build.
func (b *Builder) staticListChanged(changed []string) bool {
	listed := map[string]bool{}
	for _, a := range b.thm.Assets() {
		listed[a.Source] = true
	}
	for _, p := range changed {
		if !strings.HasPrefix(p, "static/") {
			continue
		}
		info, err := fs.Stat(b.siteFS(), p)
		if err == nil && info.IsDir() {
			return true
		}
		if (err == nil) != listed[p] {
			return true
		}
		if err != nil {
			for src := range listed {
				if strings.HasPrefix(src, p+"/") {
					return true
				}
			}
		}
	}
	return false
}

func (b *Builder) loadTheme() error {
	thm, err := theme.Load(b.siteFS(), b.cfg.Theme, templateFuncs(b.cfg))
	if err != nil {
		return err
	}
	thm.SetLimit(b.cfg.TemplateLimit())
	b.thm = thm
	return nil
}

// siteFS is the site directory, with the built-in themes underneath: a
// site's own themes/<name>/ wins over the built-in copy.
func (b *Builder) siteFS() fs.FS {
	return layeredFS{top: b.sourceFS(), under: themes.FS, underPrefix: "themes/"}
}

// layeredFS serves names from top, except names under underPrefix whose
// theme folder top does not have, which come from under.
type layeredFS struct {
	top         fs.FS
	under       fs.FS
	underPrefix string
}

func (l layeredFS) Open(name string) (fs.File, error) {
	rest, ok := strings.CutPrefix(name, l.underPrefix)
	if !ok {
		return l.top.Open(name)
	}
	theme := strings.SplitN(rest, "/", 2)[0]
	if _, err := fs.Stat(l.top, l.underPrefix+theme); err == nil {
		return l.top.Open(name)
	}
	if _, err := fs.Stat(l.under, theme); err == nil {
		return l.under.Open(rest)
	}
	return l.top.Open(name)
}

// loadContent reads content/, all of it or only the changed files.
func (b *Builder) loadContent(ctx context.Context, kind changeKind, changed []string) error {
	opts := content.LoadOptions{Location: b.cfg.Location(), Taxonomies: b.cfg.TaxonomyKeys()}
	contentDir := filepath.Join(b.opts.Source, "content")
	if b.set == nil || kind.all || kind.config {
		if _, err := os.Stat(contentDir); err != nil {
			return diag.T("", 0, "build.noContent", b.opts.Source)
		}
		return b.loadAll(ctx, opts)
	}
	if !kind.content {
		return nil
	}
	if set, err := b.patchContent(changed, opts); set != nil || err != nil {
		if err != nil {
			return prefixContent(err)
		}
		b.set = set
		return nil
	}
	byPath := map[string]*content.Article{}
	metaByPath := map[string]*content.Article{}
	for _, a := range b.set.Articles {
		byPath[a.Path] = a
	}
	for _, a := range b.set.Series {
		metaByPath[a.Path] = a
	}
	var errs []error
	for _, p := range changed {
		rel, ok := strings.CutPrefix(p, "content/")
		if !ok {
			continue
		}
		target := byPath
		if path.Dir(rel) == "series" {
			target = metaByPath
		}
		src, err := fs.ReadFile(b.contentFS(), rel)
		if errors.Is(err, fs.ErrNotExist) || (err == nil && !content.IsSource(rel)) {
			removeBelow(byPath, rel)
			removeBelow(metaByPath, rel)
			continue
		}
		if err != nil {
			// A directory or unreadable file: read everything again.
			return b.loadAll(ctx, opts)
		}
		a, err := content.Parse(rel, src, opts)
		if err != nil {
			errs = append(errs, err)
			continue
		}
		target[rel] = a
	}
	if len(errs) > 0 {
		return prefixContent(errors.Join(errs...))
	}
	set := &content.Set{}
	for _, a := range byPath {
		set.Articles = append(set.Articles, a)
	}
	for _, a := range metaByPath {
		set.Series = append(set.Series, a)
	}
	sort.Slice(set.Articles, func(i, j int) bool { return set.Articles[i].Path < set.Articles[j].Path })
	sort.Slice(set.Series, func(i, j int) bool { return set.Series[i].Path < set.Series[j].Path })
	b.set = set
	return nil
}

// patchContent is loadContent for the usual edit, in which every changed
// file under content/ is one the set has and still a source: it returns a
// new set with those files parsed again in their places, without the maps
// and sorts of the whole site the general case takes. It returns a nil
// set when the edit adds or removes a file, or a file cannot be read, and
// the error of a file that does not parse.
func (b *Builder) patchContent(changed []string, opts content.LoadOptions) (*content.Set, error) {
	set := &content.Set{Articles: b.set.Articles, Series: b.set.Series}
	copied := [2]bool{}
	var errs []error
	for _, p := range changed {
		rel, ok := strings.CutPrefix(p, "content/")
		if !ok {
			continue
		}
		list, which := &set.Articles, 0
		if path.Dir(rel) == "series" {
			list, which = &set.Series, 1
		}
		i, found := sort.Find(len(*list), func(i int) int { return strings.Compare(rel, (*list)[i].Path) })
		if !found || !content.IsSource(rel) {
			return nil, nil
		}
		src, err := fs.ReadFile(b.contentFS(), rel)
		if err != nil {
			return nil, nil
		}
		a, err := content.Parse(rel, src, opts)
		if err != nil {
			errs = append(errs, err)
			continue
		}
		if !copied[which] {
			*list = append([]*content.Article(nil), *list...)
			copied[which] = true
		}
		(*list)[i] = a
	}
	if len(errs) > 0 {
		return nil, errors.Join(errs...)
	}
	return set, nil
}

// loadAll reads every file of the content folder (through sitefs).
func (b *Builder) loadAll(ctx context.Context, opts content.LoadOptions) error {
	set, err := content.Load(ctx, b.contentFS(), opts)
	if err != nil {
		return prefixContent(err)
	}
	b.set = set
	return nil
}

// removeBelow forgets the file rel, or everything below rel if it was a
// directory.
func removeBelow(byPath map[string]*content.Article, rel string) {
	delete(byPath, rel)
	for k := range byPath {
		if strings.HasPrefix(k, rel+"/") {
			delete(byPath, k)
		}
	}
}

// prefixContent makes content errors name files relative to the site root
// (content/posts/a.md:3: ...), as the author sees them in an editor.
func prefixContent(err error) error {
	list := content.Errors(err)
	if len(list) == 0 {
		return err
	}
	out := make([]error, 0, len(list))
	for _, ce := range list {
		c := *ce
		if !strings.HasPrefix(c.Path, "content/") {
			c.Path = "content/" + c.Path
		}
		out = append(out, &c)
	}
	return errors.Join(out...)
}
