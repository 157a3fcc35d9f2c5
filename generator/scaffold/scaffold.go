// Package scaffold writes a new rensai site: the files of `rensai init`.
//
// A new site holds rensai.toml, a sample series of two parts under content/,
// a .gitignore (public/, .rensai-cache/), two GitHub Actions workflows
// (pages.yml builds, checks and publishes the site to GitHub Pages on a push
// to main; check.yml builds and checks every pull request), and a README.md
// for the site's author. Both workflows install rensai pinned to the
// version that ran init and restore the Go build cache and rensai's
// analysis cache between runs. It has no themes/ folder: the
// default theme is built into rensai (package themes). The files are embedded in the
// binary (site/); a top-level name starting with "dot-" is written with a
// leading "." instead, so that the embedded tree holds no .gitignore or
// .github that Git or GitHub would act on. In every file, {{RENSAI_VERSION}}
// becomes the version to install and {{SITE_NAME}} the directory's name.
//
// Init never deletes anything. It refuses a directory that is not empty
// unless Options.Force is set; with Force it writes its own files, replacing
// files of the same name, and leaves every other file alone.
package scaffold

import (
	"embed"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"regexp"
	"runtime/debug"
	"strings"
	"time"

	"github.com/rensai-ssg/rensai/generator/diag"
)

//go:embed all:site
var siteFS embed.FS

// Options says how to write a new site.
type Options struct {
	// Force allows a directory that is not empty; files of the same name
	// as the scaffold's are replaced, others are kept.
	Force bool
	// Version is the rensai version the workflows and README install
	// ("v0.3.0" or a pseudo-version); default Version().
	Version string
}

// File is one file Init wrote.
type File struct {
	Path     string // slash-separated, relative to the site directory
	Replaced bool   // an existing file was overwritten (Force only)
}

// ErrNotEmpty is returned when the directory is not empty and
// Options.Force is not set.
var ErrNotEmpty = errors.New("directory is not empty")

// ErrNoVersion is returned when Options.Version is empty and the running
// binary does not know its own version.
var ErrNoVersion = errors.New("this rensai binary does not know its version")

// ErrUnpinned is returned when Options.Version is not an exact version.
var ErrUnpinned = errors.New("the workflows pin the exact version")

// Version returns the version of the running rensai binary, to pin in the
// workflows (`go install ...@VERSION`): its module version when it has one
// (a release tag or the pseudo-version `go install` or a build in a Git
// checkout stamps), else the pseudo-version of the commit it was built
// from, made from the vcs.revision and vcs.time of its build information;
// "" when neither is known (a build with -buildvcs=false). A "+dirty"
// suffix is dropped: the workflows install the commit.
func Version() string {
	info, ok := debug.ReadBuildInfo()
	if !ok {
		return ""
	}
	return pinnedVersion(info)
}

// pinnedVersion is Version for the given build information.
func pinnedVersion(info *debug.BuildInfo) string {
	if v := info.Main.Version; v != "" && v != "(devel)" {
		v, _, _ = strings.Cut(v, "+")
		return v
	}
	var rev, at string
	for _, s := range info.Settings {
		switch s.Key {
		case "vcs.revision":
			rev = s.Value
		case "vcs.time":
			at = s.Value
		}
	}
	t, err := time.Parse(time.RFC3339, at)
	if len(rev) < 12 || err != nil {
		return ""
	}
	return "v0.0.0-" + t.UTC().Format("20060102150405") + "-" + rev[:12]
}

// versionPattern is what `go install pkg@VERSION` accepts and pins: a
// semantic version, possibly a pseudo-version; never a branch or "latest".
var versionPattern = regexp.MustCompile(`^v[0-9]+\.[0-9]+\.[0-9]+(-[0-9A-Za-z.-]+)?$`)

// Files lists the paths Init writes, in order.
func Files() []string {
	var out []string
	_ = fs.WalkDir(siteFS, "site", func(p string, d fs.DirEntry, err error) error {
		if err == nil && !d.IsDir() {
			out = append(out, outName(strings.TrimPrefix(p, "site/")))
		}
		return nil
	})
	return out
}

// outName maps an embedded path to the path written.
func outName(p string) string {
	if strings.HasPrefix(p, "dot-") {
		return "." + strings.TrimPrefix(p, "dot-")
	}
	return p
}

var safeName = regexp.MustCompile(`^[A-Za-z0-9][A-Za-z0-9._-]*$`)

// Init writes a new site into dir, creating dir if needed, and returns the
// files written in order.
func Init(dir string, opts Options) ([]File, error) {
	version, err := checkedVersion(opts.Version)
	if err != nil {
		return nil, err
	}
	abs, err := filepath.Abs(dir)
	if err != nil {
		return nil, err
	}
	name := filepath.Base(abs)
	if !safeName.MatchString(name) {
		name = "my-blog"
	}

	entries, err := os.ReadDir(dir)
	switch {
	case errors.Is(err, fs.ErrNotExist):
	case err != nil:
		return nil, err
	case len(entries) > 0 && !opts.Force:
		return nil, fmt.Errorf("%s: %w; run rensai init in a new or empty directory, or pass --force to add the starter files (existing files with the same names are replaced, no file is deleted)", dir, ErrNotEmpty)
	}

	jobs, err := starterFiles(version, name)
	if err != nil {
		return nil, err
	}
	replaced, err := lookBeforeWriting(dir, jobs, opts.Force)
	if err != nil {
		return nil, err
	}
	var written []File
	for i, j := range jobs {
		target := filepath.Join(dir, filepath.FromSlash(j.out))
		if err := os.MkdirAll(filepath.Dir(target), 0o755); err != nil {
			return written, err
		}
		if err := os.WriteFile(target, j.data, 0o644); err != nil {
			return written, err
		}
		written = append(written, File{j.out, replaced[i]})
	}
	return written, nil
}

// checkedVersion is the version the workflow pins: v if set, else this
// binary's, refused unless it is a release or pseudo-version.
func checkedVersion(v string) (string, error) {
	if v == "" {
		v = Version()
	}
	if v == "" {
		return "", ErrNoVersion
	}
	if !versionPattern.MatchString(v) {
		return "", fmt.Errorf("version %q is not a release or pseudo-version such as v1.2.3 or v0.0.0-20260301120000-0123456789ab; %w", v, ErrUnpinned)
	}
	return v, nil
}

// starterFile is one file Init writes: its path in the new site, and its
// bytes with the version and site name filled in.
type starterFile struct {
	out  string
	data []byte
}

func starterFiles(version, name string) ([]starterFile, error) {
	var jobs []starterFile
	err := fs.WalkDir(siteFS, "site", func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		data, err := siteFS.ReadFile(p)
		if err != nil {
			return err
		}
		s := strings.NewReplacer("{{RENSAI_VERSION}}", version, "{{SITE_NAME}}", name).Replace(string(data))
		jobs = append(jobs, starterFile{outName(strings.TrimPrefix(p, "site/")), []byte(s)})
		return nil
	})
	return jobs, err
}

// lookBeforeWriting stops Init before it writes anything: a directory where
// a file should go, a file where a directory should go, or (without force)
// a file that exists. It reports which files will be replaced.
func lookBeforeWriting(dir string, jobs []starterFile, force bool) ([]bool, error) {
	replaced := make([]bool, len(jobs))
	for i, j := range jobs {
		target := filepath.Join(dir, filepath.FromSlash(j.out))
		for p := filepath.Dir(target); p != filepath.Clean(dir) && p != "." && p != string(filepath.Separator); p = filepath.Dir(p) {
			if st, err := os.Stat(p); err == nil && !st.IsDir() {
				return nil, diag.T("", 0, "init.fileInTheWay", p, j.out)
			}
		}
		st, err := os.Stat(target)
		switch {
		case errors.Is(err, fs.ErrNotExist):
		case err != nil:
			return nil, err
		case st.IsDir():
			return nil, diag.T("", 0, "init.dirInTheWay", target)
		case !force:
			return nil, diag.T("", 0, "init.exists", target)
		default:
			replaced[i] = true
		}
	}
	return replaced, nil
}
