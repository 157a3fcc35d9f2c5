package importer

import (
	"bytes"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"strings"

	"github.com/rensai-ssg/rensai/generator/diag"
)

// Written counts what Apply did (or, in a dry run, would do).
type Written struct {
	Created, Unchanged, Replaced int
	// Blocked are files that exist with other content and were not
	// replaced because Force was not set.
	Blocked []string
}

// Apply writes the plan's files under site. A file that already holds the
// same bytes is left alone, so importing twice changes nothing. A file
// that exists with other content is replaced only with force; without it
// nothing at all is written and Blocked lists them. dryRun writes nothing
// and counts the same.
func Apply(plan *Plan, site string, force, dryRun bool) (*Written, error) {
	w := &Written{}
	type op struct {
		file    File
		replace bool
	}
	var ops []op
	for _, f := range plan.Files {
		target := filepath.Join(site, filepath.FromSlash(f.Path))
		old, err := os.ReadFile(target)
		switch {
		case errors.Is(err, fs.ErrNotExist):
			w.Created++
			ops = append(ops, op{file: f})
		case err != nil:
			return w, fmt.Errorf("%s: %v", f.Path, err)
		case bytes.Equal(old, f.Data):
			w.Unchanged++
		case force:
			w.Replaced++
			ops = append(ops, op{file: f, replace: true})
		default:
			w.Blocked = append(w.Blocked, f.Path)
		}
	}
	if len(w.Blocked) > 0 {
		more := map[bool]string{true: ", ...", false: ""}[len(w.Blocked) > 1]
		return w, diag.T("", 0, "import.blocked", len(w.Blocked), w.Blocked[0], more)
	}
	if dryRun {
		return w, nil
	}
	for _, o := range ops {
		target := filepath.Join(site, filepath.FromSlash(o.file.Path))
		if err := os.MkdirAll(filepath.Dir(target), 0o755); err != nil {
			return w, err
		}
		if err := writeAtomic(target, o.file.Data); err != nil {
			return w, fmt.Errorf("%s: %v", o.file.Path, err)
		}
	}
	return w, nil
}

// writeAtomic writes through a temporary file renamed into place.
func writeAtomic(target string, data []byte) error {
	tmp, err := os.CreateTemp(filepath.Dir(target), "."+strings.TrimSuffix(filepath.Base(target), filepath.Ext(target))+"-*.tmp")
	if err != nil {
		return err
	}
	if _, err := tmp.Write(data); err != nil {
		tmp.Close()
		os.Remove(tmp.Name())
		return err
	}
	if err := tmp.Close(); err != nil {
		os.Remove(tmp.Name())
		return err
	}
	if err := os.Chmod(tmp.Name(), 0o644); err != nil {
		os.Remove(tmp.Name())
		return err
	}
	return os.Rename(tmp.Name(), target)
}
