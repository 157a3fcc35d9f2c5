package generator

import (
	"io/fs"

	"github.com/rensai-ssg/rensai/generator/sitefs"
)

// sourceFS is the site root, read through sitefs: a symbolic link leading
// outside the site, or to a device, is an error naming it; links inside the
// site are followed only when the flag or the config allows them.
func (b *Builder) sourceFS() *sitefs.FS {
	follow := b.opts.FollowSymlinks || (b.cfg != nil && b.cfg.FollowSymlinks)
	return sitefs.Dir(b.opts.Source, sitefs.Options{FollowLinks: follow})
}

// contentFS is content/ under the same rule, with names relative to it.
func (b *Builder) contentFS() fs.FS {
	sub, err := b.sourceFS().Sub("content")
	if err != nil {
		return errFS{err}
	}
	return sub
}

// errFS fails every Open with one error.
type errFS struct{ err error }

func (e errFS) Open(string) (fs.File, error) { return nil, e.err }
