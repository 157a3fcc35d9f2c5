// Package sitefs is the file system a build reads the site through: an
// fs.FS over the site root that serves only the site's own files.
//
// The rule: a path is read only if every part of it, once symbolic links are
// resolved, stays inside the site root and names a regular file or a
// directory. A symbolic link is refused with an error naming the link and its
// target (a *LinkError) unless links are allowed (Options.FollowLinks, set by
// `rensai build --follow-symlinks` or `followSymlinks = true` in rensai.toml),
// and even then only when it resolves inside the site. Devices, named pipes
// and sockets are refused always: reading one could hang the build or
// publish what the machine is doing (`/dev/zero`, a FIFO).
//
// So `ln -s /proc/self/environ static/env.txt`, a partial linked to
// /etc/passwd, or a downloaded theme carrying such a link, fails the build
// instead of publishing the file.
//
// Directory listings show allowed links as what they point at (a linked
// folder is walked like a folder), and refused links as links, so a walker
// that opens them gets the error.
package sitefs

import (
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path"
	"path/filepath"
	"slices"
	"strings"
	"sync"

	"github.com/rensai-ssg/rensai/generator/diag"
)

// Options say which links are allowed.
type Options struct {
	// FollowLinks allows symbolic links that resolve inside the site root.
	FollowLinks bool
}

// FS serves the files under one site root. It is safe for concurrent use.
type FS struct {
	root string // the site root, absolute, as given
	site string // the site root with its own links resolved: the bound
	base string // where names start: site, or a folder below it (Sub)
	opts Options
	// dirs caches the folders already checked, by name, with the real
	// paths of the folders on the way to them (the last is their own), so
	// reading many files of one folder checks the folder once.
	dirs *sync.Map
}

var (
	_ fs.FS        = (*FS)(nil)
	_ fs.ReadDirFS = (*FS)(nil)
	_ fs.StatFS    = (*FS)(nil)
	_ fs.SubFS     = (*FS)(nil)
)

// Dir returns the file system of the site at root, as os.DirFS does. Links
// in root's own path (a symlinked home folder, say) are fine: only links
// below root are checked.
func Dir(root string, opts Options) *FS {
	abs, err := filepath.Abs(root)
	if err != nil {
		abs = filepath.Clean(root)
	}
	resolved, err := filepath.EvalSymlinks(abs)
	if err != nil {
		resolved = abs // a missing root: every Open fails
	}
	return &FS{root: abs, site: resolved, base: resolved, opts: opts, dirs: new(sync.Map)}
}

// Root returns the site root as given to New, made absolute.
func (f *FS) Root() string { return f.root }

// LinkError is a symbolic link (or special file) that the build may not read.
type LinkError struct {
	// Path is the link, slash-separated, relative to the FS (the site root,
	// or the folder of a Sub).
	Path string
	// Target is what the link points at, as written in the link.
	Target string
	// Reason says why it is refused.
	Reason string
}

func (e *LinkError) Error() string { return e.Path + ": " + e.Problem() }

// Problem is the message without the path, for callers that print the path
// themselves.
func (e *LinkError) Problem() string {
	if e.Target == "" {
		return e.Reason
	}
	return fmt.Sprintf("symbolic link to %s %s", e.Target, e.Reason)
}

// reasonKeys are the catalog's keys (package i18n) of the reasons.
var reasonKeys = map[string]string{
	reasonOutside:  "sitefs.outside",
	reasonInside:   "sitefs.inside",
	reasonSpecial:  "sitefs.special",
	reasonDangling: "sitefs.dangling",
	reasonLoop:     "sitefs.loop",
}

// Diag returns the refusal as a problem at the link, worded by the catalog
// in the author's language; its English text is Error's. diag.Collect
// finds it in any error tree.
func (e *LinkError) Diag() *diag.Error {
	key, ok := reasonKeys[e.Reason]
	var d *diag.Error
	switch {
	case !ok:
		d = diag.Errorf(e.Path, 0, "%s", e.Problem())
	case e.Target == "":
		d = diag.T(e.Path, 0, key)
	default:
		d = diag.T(e.Path, 0, "sitefs.link", e.Target, diag.Key(key))
	}
	d.Err = e
	return d
}

// LinkPath returns Path, for callers that know the error only by its
// methods (the content loader imports nothing of rensai's).
func (e *LinkError) LinkPath() string { return e.Path }

// Is makes errors.Is(err, fs.ErrPermission) true for a refused link.
func (e *LinkError) Is(target error) bool { return target == fs.ErrPermission }

// Reasons, kept apart so tests and callers can tell them apart.
const (
	reasonOutside  = "leads outside the site; rensai reads only the site's own files: replace the link with a copy of the file"
	reasonInside   = "is not followed; pass --follow-symlinks or set followSymlinks = true in rensai.toml to allow links inside the site"
	reasonSpecial  = "is a device, pipe or socket, not a file; rensai reads only regular files: remove it"
	reasonDangling = "points at nothing: remove the link or create its target"
	reasonLoop     = "leads back to a folder that holds it, so the folder would never end: remove the link"
)

// check resolves name (a valid fs path below the root) part by part and
// returns the real path to open and its info.
func (f *FS) check(op, name string) (string, fs.FileInfo, error) {
	if !fs.ValidPath(name) {
		return "", nil, &fs.PathError{Op: op, Path: name, Err: fs.ErrInvalid}
	}
	real := f.base
	if name == "." {
		info, err := os.Stat(real)
		return real, info, err
	}
	parts := strings.Split(name, "/")
	start := 0
	// chain holds the real path of every folder on the way to name, to
	// find links that lead back into it.
	chain := []string{real}
	if dir := path.Dir(name); dir != "." {
		if c, ok := f.dirs.Load(dir); ok {
			chain = c.([]string)
			real, start = chain[len(chain)-1], len(parts)-1
		}
	}
	for i := start; i < len(parts); i++ {
		part := parts[i]
		next := filepath.Join(real, part)
		info, err := os.Lstat(next)
		if err != nil {
			return "", nil, &fs.PathError{Op: op, Path: name, Err: unwrapPathErr(err)}
		}
		rel := strings.Join(parts[:i+1], "/")
		if info.Mode()&fs.ModeSymlink != 0 {
			target, resolved, err := f.follow(rel, next)
			if err != nil {
				return "", nil, err
			}
			next = resolved
			if info, err = os.Stat(next); err != nil {
				return "", nil, &LinkError{Path: rel, Target: target, Reason: reasonDangling}
			}
			if info.IsDir() && slices.ContainsFunc(chain, func(c string) bool { return within(next, c) }) {
				return "", nil, &LinkError{Path: rel, Target: target, Reason: reasonLoop}
			}
			info = renamed{info, part}
		}
		if !info.Mode().IsRegular() && !info.IsDir() {
			return "", nil, &LinkError{Path: rel, Reason: reasonSpecial}
		}
		if i < len(parts)-1 && !info.IsDir() {
			return "", nil, &fs.PathError{Op: op, Path: name, Err: fs.ErrNotExist}
		}
		real = next
		if i == len(parts)-1 {
			return real, info, nil
		}
		chain = append(slices.Clip(chain), real)
		f.dirs.Store(rel, chain)
	}
	panic("unreachable")
}

// follow decides on the link at real (rel in messages): it returns the link's
// text and the resolved path, or the error refusing it.
func (f *FS) follow(rel, real string) (target, resolved string, err error) {
	target, err = os.Readlink(real)
	if err != nil {
		return "", "", &fs.PathError{Op: "readlink", Path: rel, Err: unwrapPathErr(err)}
	}
	resolved, err = filepath.EvalSymlinks(real)
	if err != nil {
		if abs := absTarget(real, target); !within(f.site, abs) {
			return target, "", &LinkError{Path: rel, Target: target, Reason: reasonOutside}
		}
		return target, "", &LinkError{Path: rel, Target: target, Reason: reasonDangling}
	}
	if !within(f.site, resolved) {
		return target, "", &LinkError{Path: rel, Target: target, Reason: reasonOutside}
	}
	if !f.opts.FollowLinks {
		return target, "", &LinkError{Path: rel, Target: target, Reason: reasonInside}
	}
	return target, resolved, nil
}

func absTarget(link, target string) string {
	if filepath.IsAbs(target) {
		return filepath.Clean(target)
	}
	return filepath.Join(filepath.Dir(link), target)
}

// within reports whether p is root or below it.
func within(root, p string) bool {
	if p == root {
		return true
	}
	return strings.HasPrefix(p, strings.TrimSuffix(root, string(filepath.Separator))+string(filepath.Separator))
}

func unwrapPathErr(err error) error {
	var pe *fs.PathError
	if errors.As(err, &pe) {
		return pe.Err
	}
	return err
}

// Open opens name after checking every part of it.
func (f *FS) Open(name string) (fs.File, error) {
	real, _, err := f.check("open", name)
	if err != nil {
		return nil, err
	}
	file, err := os.Open(real)
	if err != nil {
		return nil, &fs.PathError{Op: "open", Path: name, Err: unwrapPathErr(err)}
	}
	return &dirFile{File: file, fsys: f, name: name}, nil
}

// Stat returns the info of name; an allowed link reports its target.
func (f *FS) Stat(name string) (fs.FileInfo, error) {
	_, info, err := f.check("stat", name)
	return info, err
}

// ReadFile reads name after checking every part of it.
func (f *FS) ReadFile(name string) ([]byte, error) {
	real, _, err := f.check("open", name)
	if err != nil {
		return nil, err
	}
	data, err := os.ReadFile(real)
	if err != nil {
		return nil, &fs.PathError{Op: "read", Path: name, Err: unwrapPathErr(err)}
	}
	return data, nil
}

// ReadDir lists name, sorted by file name. An allowed link is listed as what
// it points at; a refused one as a link.
func (f *FS) ReadDir(name string) ([]fs.DirEntry, error) {
	real, info, err := f.check("readdir", name)
	if err != nil {
		return nil, err
	}
	if !info.IsDir() {
		return nil, &fs.PathError{Op: "readdir", Path: name, Err: errors.New("not a directory")}
	}
	entries, err := os.ReadDir(real)
	if err != nil {
		return nil, &fs.PathError{Op: "readdir", Path: name, Err: unwrapPathErr(err)}
	}
	return f.mapLinks(name, entries), nil
}

// mapLinks replaces the entries of allowed links by their targets' entries.
func (f *FS) mapLinks(dir string, entries []fs.DirEntry) []fs.DirEntry {
	if !f.opts.FollowLinks {
		return entries
	}
	out := slices.Clone(entries)
	for i, e := range out {
		if e.Type()&fs.ModeSymlink == 0 {
			continue
		}
		if _, info, err := f.check("stat", path.Join(dir, e.Name())); err == nil {
			out[i] = fs.FileInfoToDirEntry(renamed{info, e.Name()})
		}
	}
	return out
}

// renamed is a target's info under the link's name.
type renamed struct {
	fs.FileInfo
	name string
}

func (r renamed) Name() string { return r.name }

// Sub returns the file system below dir. Its names start at dir, and links
// in it may point anywhere inside the whole site.
func (f *FS) Sub(dir string) (fs.FS, error) {
	real, info, err := f.check("sub", dir)
	if err != nil {
		return nil, err
	}
	if !info.IsDir() {
		return nil, &fs.PathError{Op: "sub", Path: dir, Err: errors.New("not a directory")}
	}
	sub := *f
	sub.base = real
	sub.dirs = new(sync.Map)
	return &sub, nil
}

// dirFile is an open file whose ReadDir applies the link rule.
type dirFile struct {
	*os.File
	fsys *FS
	name string
}

func (d *dirFile) ReadDir(n int) ([]fs.DirEntry, error) {
	entries, err := d.File.ReadDir(n)
	return d.fsys.mapLinks(d.name, entries), err
}

// Stat names the file as it was opened, not as its link's target.
func (d *dirFile) Stat() (fs.FileInfo, error) {
	info, err := d.File.Stat()
	if err != nil || d.name == "." {
		return info, err
	}
	return renamed{info, path.Base(d.name)}, nil
}
