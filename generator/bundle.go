package generator

import (
	"errors"
	"io/fs"
	"path"
	"sort"
	"strings"

	"github.com/rensai-ssg/rensai/generator/content"
	"github.com/rensai-ssg/rensai/generator/site"
)

// Files beside an article.
//
// An article's images and other files can live in a folder of their own:
// content/posts/x/ beside content/posts/x.md, or the folder of a page bundle
// content/posts/x/index.md. Every file of that folder that is not Markdown
// (and not hidden, private or an editor's file, by content.IsSource's rule
// for names) is copied below the article's page, so ![箱](box.png) in the
// article finds /posts/x/box.png. A subfolder that belongs to another
// article (its own x.md or index.md) is left to that article. Only the
// files of published articles are copied: a draft's images stay private.

// bundleFiles lists the files beside every published article of s, as
// assets whose source is relative to the site root; each is claimed in
// the claim table by plan.
func (b *Builder) bundleFiles(s *site.Model) ([]assetFile, error) {
	owned := articleFolders(b.set)
	cfs := b.contentFS()
	var out []assetFile
	for _, a := range s.Articles {
		dir := articleFolder(a.Source)
		if dir == "." {
			continue // content/index.md: the whole folder is not its own
		}
		info, err := fs.Stat(cfs, dir)
		if errors.Is(err, fs.ErrNotExist) || (err == nil && !info.IsDir()) {
			continue
		}
		if err != nil {
			return nil, err
		}
		pageDir := path.Dir(site.OutputFile(a.Path))
		err = fs.WalkDir(cfs, dir, func(p string, d fs.DirEntry, err error) error {
			if err != nil {
				return err
			}
			if p == dir {
				return nil
			}
			if !content.IsSource(p + "/") { // a hidden, private or editor's name
				if d.IsDir() {
					return fs.SkipDir
				}
				return nil
			}
			if d.IsDir() {
				if owned[p] {
					return fs.SkipDir
				}
				return nil
			}
			if path.Ext(p) == ".md" {
				return nil
			}
			out = append(out, assetFile{out: pageDir + "/" + strings.TrimPrefix(p, dir+"/"), source: "content/" + p})
			return nil
		})
		if err != nil {
			return nil, err
		}
	}
	sort.Slice(out, func(i, j int) bool { return out[i].out < out[j].out })
	return out, nil
}

// cachedBundleFiles is bundleFiles, reused from the previous build when
// nothing that decides it can have changed: the same articles at the same
// URLs, and no changed path under content/ but an article's own .md file
// (a new or removed image or folder is a changed path of its own). It
// spares the dev server a walk of every article's folder per edit.
func (b *Builder) cachedBundleFiles(s *site.Model, changed []string) ([]assetFile, error) {
	if b.next == nil {
		return b.bundleFiles(s)
	}
	keys := make([]string, 0, len(b.set.Articles)+2*len(s.Articles))
	for _, a := range b.set.Articles {
		keys = append(keys, a.Path)
	}
	keys = append(keys, "\x00")
	for _, a := range s.Articles {
		keys = append(keys, a.Source, a.Path)
	}
	key := fingerprint(keys...)
	if m := b.previous().bundle; m != nil && m.key == key && onlyArticleSources(changed) {
		b.next.bundle = m
		return m.files, nil
	}
	files, err := b.bundleFiles(s)
	if err != nil {
		return nil, err
	}
	b.next.bundle = &bundleMemo{key: key, files: files}
	return files, nil
}

// onlyArticleSources says whether every changed path under content/ is a
// Markdown file, which cannot add or remove a file beside an article;
// false for nil (unknown).
func onlyArticleSources(changed []string) bool {
	if changed == nil {
		return false
	}
	for _, p := range changed {
		if strings.HasPrefix(p, "content/") && path.Ext(p) != ".md" {
			return false
		}
	}
	return true
}

// articleFolder is the folder of an article's own files: posts/x for
// posts/x.md and for posts/x/index.md.
func articleFolder(source string) string {
	if path.Base(source) == "index.md" {
		return path.Dir(source)
	}
	return strings.TrimSuffix(source, ".md")
}

// articleFolders are the folders of every loaded article, published or
// not, so that one article's walk skips the folder of another.
func articleFolders(set *content.Set) map[string]bool {
	m := make(map[string]bool, len(set.Articles))
	for _, a := range set.Articles {
		m[articleFolder(a.Path)] = true
	}
	return m
}
