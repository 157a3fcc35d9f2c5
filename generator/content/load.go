package content

import (
	"cmp"
	"context"
	"errors"
	"io/fs"
	"path"
	"slices"
	"strings"

	"github.com/rensai-ssg/rensai/internal/pool"
)

// Set is everything Load found under content/.
type Set struct {
	// Articles are the Markdown files outside series/, sorted by Path.
	Articles []*Article
	// Series are the series metadata files content/series/*.md, sorted by
	// Path. Their Date is optional; Status and Description apply.
	Series []*Article
}

// Load reads every Markdown file in fsys, which is rooted at the content
// directory, in parallel.
//
// It reads files ending in .md and skips files and directories whose name
// starts with "." or "_", and editor leftovers (name~, #name#). Files
// directly under series/ are series metadata; all others are articles.
//
// Load does not stop at the first bad file: the error joins one *Error per
// problem in every file, sorted by path and line (list them with Errors).
// Even then the Set holds every file that could be read. If ctx is
// cancelled, Load returns ctx.Err() and no Set.
func Load(ctx context.Context, fsys fs.FS, opts LoadOptions) (*Set, error) {
	names, err := listSources(ctx, fsys)
	if err != nil {
		return nil, err
	}
	type result struct {
		a   *Article
		err error
	}
	results := make([]result, len(names))
	err = pool.Each(ctx, len(names), func(i int) {
		name := names[i]
		src, err := fs.ReadFile(fsys, name)
		if err != nil {
			results[i].err = readError(name, err)
			return
		}
		results[i].a, results[i].err = parse(name, src, opts, isSeriesMeta(name), true)
	})
	if err != nil {
		return nil, err
	}

	set := &Set{}
	var errs []*Error
	for _, r := range results {
		if r.err != nil {
			errs = append(errs, Errors(r.err)...)
			continue
		}
		if isSeriesMeta(r.a.Path) {
			set.Series = append(set.Series, r.a)
		} else {
			set.Articles = append(set.Articles, r.a)
		}
	}
	byPath := func(a, b *Article) int { return cmp.Compare(a.Path, b.Path) }
	slices.SortFunc(set.Articles, byPath)
	slices.SortFunc(set.Series, byPath)
	sortErrors(errs)
	return set, joinErrors(errs)
}

// listSources walks fsys for the content files Load reads, in walk order. A
// directory that cannot be listed, and a symbolic link the file system
// shows as a link, are listed themselves, so that reading them fails with a
// message naming them.
func listSources(ctx context.Context, fsys fs.FS) ([]string, error) {
	var names []string
	err := fs.WalkDir(fsys, ".", func(name string, d fs.DirEntry, err error) error {
		if cerr := ctx.Err(); cerr != nil {
			return cerr
		}
		if name != "." && skipName(path.Base(name)) {
			if d != nil && d.IsDir() {
				return fs.SkipDir
			}
			return nil
		}
		if err != nil {
			if d == nil || name == "." {
				return err // the content folder itself
			}
			names = append(names, name)
			return nil
		}
		const special = fs.ModeNamedPipe | fs.ModeSocket | fs.ModeDevice | fs.ModeCharDevice | fs.ModeIrregular
		switch {
		case d.Type()&fs.ModeSymlink != 0:
			// A link the site file system refused (one it allows is listed
			// as its target): reading it fails with the link named, so a
			// linked folder leading outside the site is an error, not
			// silently skipped.
			names = append(names, name)
		case !d.IsDir() && d.Type()&special == 0 && IsSource(name):
			names = append(names, name)
		}
		return nil
	})
	if err != nil {
		if ctx.Err() != nil {
			return nil, ctx.Err()
		}
		return nil, &Error{Path: ".", Msg: "cannot list the content folder: " + err.Error(), Err: err}
	}
	return names, nil
}

// skipName reports whether a file or directory is not content: hidden,
// private (leading _) or an editor's backup or lock file.
func skipName(name string) bool {
	return strings.HasPrefix(name, ".") || strings.HasPrefix(name, "_") ||
		strings.HasSuffix(name, "~") ||
		(strings.HasPrefix(name, "#") && strings.HasSuffix(name, "#")) ||
		path.Ext(name) == ".swp"
}

// readError describes a file that could not be read. A refusal by the site
// file system (a symbolic link leading outside the site) names the link and
// says what to do itself.
func readError(name string, err error) *Error {
	var worded interface{ Diag() *Error }
	if errors.As(err, &worded) {
		e := worded.Diag()
		if e.Path == "" {
			e.Path = name
		}
		e.Err = err
		return e
	}
	var refused interface {
		error
		Problem() string
	}
	if errors.As(err, &refused) {
		if p, ok := refused.(interface{ LinkPath() string }); ok {
			name = p.LinkPath()
		}
		return &Error{Path: name, Msg: refused.Problem(), Err: err}
	}
	return &Error{Path: name, Msg: "cannot read: " + err.Error(), Err: err}
}
