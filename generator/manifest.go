package generator

import (
	"bytes"
	"encoding/json"
	"errors"
	"io/fs"
	"os"
	"path/filepath"
	"slices"
	"strings"

	"github.com/rensai-ssg/rensai/generator/check"
	"github.com/rensai-ssg/rensai/generator/config"
	"github.com/rensai-ssg/rensai/generator/output"
	"github.com/rensai-ssg/rensai/generator/site"
)

// The check manifest is what `rensai check` needs from the site model,
// written by every build so that check does not read and parse the whole
// content/ folder again (at 10,000 articles that was a quarter of its CPU):
// the check options of the model (series, their parts, drafts, base URL),
// stamped with what they were computed from.
//
// It lives in the cache folder (Source/.rensai-cache/check-manifest.json),
// not in the output: the output is published, and the manifest names the
// drafts. It is trusted only while every stamp still holds:
//
//   - the same output folder, holding the same build (the modification
//     time of its output.Marker, written anew by every build);
//   - the same sources: the path, size, mode and modification time of
//     rensai.toml and of every file under content/, as a walk finds them
//     before the build started; a file edited, added or removed since
//     changes the list;
//   - the same options: the manifest is written only for a build with the
//     options check's own model uses (no drafts, no future-dated articles,
//     no fixed Now, no symbolic links followed), and the --baseURL of the
//     build and of the check are equal.
//
// Otherwise check falls back to loading the model (LoadModel). The output
// pages themselves are always read and checked: a page edited after the
// build is checked like any other.

// ManifestName is the check manifest's file name in the cache folder.
const ManifestName = "check-manifest.json"

// manifestVersion changes whenever the manifest's meaning does.
const manifestVersion = 1

// checkManifest is the file's content.
type checkManifest struct {
	Version int           `json:"v"`
	Output  string        `json:"output"`
	Marker  int64         `json:"marker"`
	BaseURL string        `json:"baseURL"` // the build's --baseURL, "" for none
	Sources []sourceStamp `json:"sources"`
	Check   check.Options `json:"check"`
}

// sourceStamp is one source file as a directory walk sees it.
type sourceStamp struct {
	Path  string      `json:"p"`
	Size  int64       `json:"s"`
	Mode  fs.FileMode `json:"m"`
	MTime int64       `json:"t"`
}

// stampSources lists rensai.toml and every file under content/ of the site
// at source, sorted by path. It reports false when the site has no
// content/ folder or uses a symbolic link, whose target a stamp of the link
// cannot follow.
func stampSources(source string) ([]sourceStamp, bool) {
	var out []sourceStamp
	add := func(rel string, info fs.FileInfo) bool {
		if info.Mode()&fs.ModeSymlink != 0 {
			return false
		}
		if !info.IsDir() {
			out = append(out, sourceStamp{filepath.ToSlash(rel), info.Size(), info.Mode(), info.ModTime().UnixNano()})
		}
		return true
	}
	if info, err := os.Lstat(filepath.Join(source, config.FileName)); err != nil || !add(config.FileName, info) {
		return nil, false
	}
	errLink := errors.New("symbolic link")
	err := filepath.WalkDir(filepath.Join(source, "content"), func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		info, err := d.Info()
		if err != nil {
			return err
		}
		rel, err := filepath.Rel(source, p)
		if err != nil {
			return err
		}
		if !add(rel, info) {
			return errLink
		}
		return nil
	})
	if err != nil {
		return nil, false
	}
	slices.SortFunc(out, func(a, b sourceStamp) int { return strings.Compare(a.Path, b.Path) })
	return out, true
}

// manifestWriter writes the check manifest of one build: newManifestWriter
// stamps the sources before the build, write records the model after the
// output was committed. It does nothing for a build whose options check's
// model does not share.
type manifestWriter struct {
	opts    Options
	sources []sourceStamp
	ok      bool
}

// newManifestWriter stamps the sources of the build opts describes.
func newManifestWriter(opts Options) *manifestWriter {
	w := &manifestWriter{opts: opts}
	if opts.Drafts || opts.Future || !opts.Now.IsZero() || opts.FollowSymlinks {
		return w
	}
	w.sources, w.ok = stampSources(opts.Source)
	return w
}

// write saves the manifest of model m. A manifest that cannot be written
// is removed, never left stale; the build does not fail for it, since
// check can do without.
func (w *manifestWriter) write(m *site.Model) {
	file := filepath.Join(w.opts.CacheDir, ManifestName)
	if !w.ok || m == nil || m.Config == nil || m.Config.FollowSymlinks || hasFuture(m) {
		os.Remove(file)
		return
	}
	dest, err := filepath.Abs(w.opts.Destination)
	if err != nil {
		os.Remove(file)
		return
	}
	marker, err := os.Stat(filepath.Join(dest, output.Marker))
	if err != nil {
		os.Remove(file)
		return
	}
	data, err := json.Marshal(checkManifest{
		Version: manifestVersion,
		Output:  dest,
		Marker:  marker.ModTime().UnixNano(),
		BaseURL: w.opts.BaseURL,
		Sources: w.sources,
		Check:   CheckOptions(m, w.opts.BaseURL),
	})
	if err == nil {
		err = os.MkdirAll(w.opts.CacheDir, 0o755)
	}
	if err == nil {
		tmp := file + ".tmp"
		if err = os.WriteFile(tmp, data, 0o644); err == nil {
			err = os.Rename(tmp, file)
		}
	}
	if err != nil {
		os.Remove(file)
	}
}

// hasFuture reports whether the model leaves out a future-dated article:
// the day it is due, check's own model would publish it.
func hasFuture(m *site.Model) bool {
	for _, u := range m.Unpublished() {
		if !u.Draft {
			return true
		}
	}
	return false
}

// ManifestCheckOptions returns the check options the last build of the
// site at source recorded for its output folder out, when that manifest
// still holds (see ManifestName) for a check with --baseURL baseURL. It
// reports false when check must load the model instead.
func ManifestCheckOptions(source, out, baseURL string) (check.Options, bool) {
	opts, err := withDefaults(Options{Source: source, Destination: out})
	if err != nil {
		return check.Options{}, false
	}
	data, err := os.ReadFile(filepath.Join(opts.CacheDir, ManifestName))
	if err != nil {
		return check.Options{}, false
	}
	var man checkManifest
	dec := json.NewDecoder(bytes.NewReader(data))
	dec.DisallowUnknownFields()
	if err := dec.Decode(&man); err != nil || man.Version != manifestVersion ||
		man.BaseURL != baseURL || man.Check.Series == nil {
		return check.Options{}, false
	}
	dest, err := filepath.Abs(out)
	if err != nil || dest != man.Output {
		return check.Options{}, false
	}
	marker, err := os.Stat(filepath.Join(dest, output.Marker))
	if err != nil || marker.ModTime().UnixNano() != man.Marker {
		return check.Options{}, false
	}
	sources, ok := stampSources(opts.Source)
	if !ok || !slices.Equal(sources, man.Sources) {
		return check.Options{}, false
	}
	return man.Check, true
}
