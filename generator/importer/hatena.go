package importer

import "io/fs"

// readHatena reads a はてなブログ export (Movable Type format).
func (r *reader) readHatena(fsys fs.FS, name, display string) {
	r.warn.Add("unsupported", display, 0, "hatena exports are not read yet; skipped")
}
