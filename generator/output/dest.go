package output

import (
	"errors"
	"io/fs"
	"os"
	"path/filepath"
	"slices"
	"strings"

	"github.com/rensai-ssg/rensai/generator/diag"
)

// Marker is the file every build writes at the top of its destination. A
// folder holding it was written by rensai and may be replaced by the next
// build; any other non-empty folder is refused unless forced.
const Marker = ".rensai-build"

// markerText is the marker's content: the same for every build, so builds
// stay byte-identical.
const markerText = "This folder is written by rensai build and replaced by the next build.\n" +
	"Files put here by hand are deleted: keep them in the site's static/ folder.\n"

// SourceFolders are the folders of a site that a destination may never be,
// lie inside, or contain.
var SourceFolders = []string{"content", "layouts", "static", "themes", ".git"}

// DirOptions say what a destination must not be.
type DirOptions struct {
	// Site is the site root. The destination may be inside it (public/),
	// but never the root itself, an ancestor of it, or inside one of its
	// SourceFolders. Empty skips those checks.
	Site string
	// Force allows replacing a non-empty folder that holds no Marker. It
	// never allows the site, its sources, a git repository or the home
	// folder.
	Force bool
	// Home is the user's home folder, which the destination may never be
	// or contain (`--destination ~ --force` would delete everything in
	// it). Empty means os.UserHomeDir.
	Home string
}

// CheckDestination returns an error saying why dest may not be replaced by a
// build, or nil. Paths are compared by identity (os.SameFile on every
// existing ancestor), never as text, so a symlinked working directory, "..",
// or another spelling on a case-insensitive file system changes nothing.
func CheckDestination(dest string, opts DirOptions) error {
	abs, err := filepath.Abs(dest)
	if err != nil {
		return err
	}
	resolved := resolve(abs)
	for _, p := range []string{abs, resolved} {
		for _, part := range strings.Split(p, string(filepath.Separator)) {
			if strings.EqualFold(part, ".git") {
				return refuse("output.dest.inGit", dest)
			}
		}
	}
	info, err := os.Lstat(abs)
	switch {
	case errors.Is(err, fs.ErrNotExist):
		info = nil
	case err != nil:
		return err
	case info.Mode()&fs.ModeSymlink != 0:
		target, _ := os.Readlink(abs)
		return refuse("output.dest.symlink", dest, target)
	case !info.IsDir():
		return refuse("output.dest.file", dest)
	}
	if opts.Site != "" {
		if err := checkSite(dest, abs, opts.Site); err != nil {
			return err
		}
	}
	if info == nil {
		return nil
	}
	if err := checkHome(dest, abs, opts.Home); err != nil {
		return err
	}
	return checkContents(dest, abs, opts.Force)
}

// checkHome refuses the existing folder abs when it is the home folder or
// above it.
func checkHome(dest, abs, home string) error {
	if home == "" {
		var err error
		if home, err = os.UserHomeDir(); err != nil {
			return nil // no home folder to protect
		}
	}
	for _, p := range existingAncestors(home) {
		if same(abs, p) {
			return refuse("output.dest.home", dest, home)
		}
	}
	return nil
}

// checkSite refuses the site root, its ancestors, and anything in or
// above a source folder.
func checkSite(dest, abs, site string) error {
	site, err := filepath.Abs(site)
	if err != nil {
		return err
	}
	destUp := existingAncestors(abs)
	if len(destUp) > 0 && destUp[0] == abs {
		// dest exists: it may not be the site or above it.
		for _, p := range existingAncestors(site) {
			if same(abs, p) {
				return refuse("output.dest.site", dest, site, filepath.Join(site, "public"))
			}
		}
	}
	for _, sub := range SourceFolders {
		src := filepath.Join(site, sub)
		if _, err := os.Stat(src); err != nil {
			continue
		}
		for _, p := range destUp {
			if same(p, src) {
				return refuse("output.dest.source", dest, sub, filepath.Join(site, "public"))
			}
		}
	}
	return nil
}

// checkContents accepts an empty folder or an earlier build, and anything
// else only when forced. A git repository is refused always.
func checkContents(dest, abs string, force bool) error {
	entries, err := os.ReadDir(abs)
	if err != nil {
		return err
	}
	var names []string
	marked := false
	for _, e := range entries {
		switch {
		case strings.EqualFold(e.Name(), ".git"):
			return refuse("output.dest.git", dest)
		case e.Name() == Marker:
			marked = true
		default:
			names = append(names, e.Name())
		}
	}
	if marked || len(names) == 0 {
		return nil
	}
	if force {
		if topLevel(resolve(abs)) {
			// /usr, /etc, /var: --force is for a folder of one's own.
			return refuse("output.dest.system", dest)
		}
		return nil
	}
	slices.Sort(names)
	shown := names[:min(3, len(names))]
	var more any = ""
	if len(names) > len(shown) {
		more = diag.P("output.dest.more", len(names)-len(shown))
	}
	return refuse("output.dest.notEmpty", dest, Marker, strings.Join(shown, ", "), more)
}

// topLevel reports whether the absolute path p is a file system's root or
// a folder directly in it.
func topLevel(p string) bool {
	rest := strings.Trim(p[len(filepath.VolumeName(p)):], string(filepath.Separator))
	return !strings.Contains(rest, string(filepath.Separator))
}

// refuse is the refusal of a destination, worded by the catalog's message
// key (package i18n); its first argument is the destination as given.
func refuse(key, dest string, args ...any) error {
	return diag.T("", 0, key, append([]any{dest}, args...)...)
}

// resolve returns p with the links of its existing part resolved.
func resolve(p string) string {
	tail := ""
	for cur := p; ; cur = filepath.Dir(cur) {
		if r, err := filepath.EvalSymlinks(cur); err == nil {
			return filepath.Join(r, tail)
		}
		if filepath.Dir(cur) == cur {
			return p
		}
		tail = filepath.Join(filepath.Base(cur), tail)
	}
}

// existingAncestors returns p and its ancestors that exist, nearest first.
func existingAncestors(p string) []string {
	var out []string
	for cur := p; ; cur = filepath.Dir(cur) {
		if _, err := os.Stat(cur); err == nil {
			out = append(out, cur)
		}
		if filepath.Dir(cur) == cur {
			return out
		}
	}
}

// same reports whether a and b are the same existing file.
func same(a, b string) bool {
	ia, err := os.Stat(a)
	if err != nil {
		return false
	}
	ib, err := os.Stat(b)
	return err == nil && os.SameFile(ia, ib)
}
