package output

import (
	"fmt"
	"os"
	"path"
	"path/filepath"
	"strings"
	"sync"
)

// Dir writes a build into a fresh staging directory next to the destination.
// Commit swaps it into place; Abort removes it. Until Commit, the destination
// is never touched, so a failed build leaves the previous site as it was, and
// files of an earlier build that this one did not write are gone afterwards.
type Dir struct {
	dest    string
	staging string

	mu   sync.Mutex
	dirs map[string]bool // directories already created under staging
}

var _ Writer = (*Dir)(nil)

// NewDir prepares a staging directory for dest.
func NewDir(dest string) (*Dir, error) {
	dest = filepath.Clean(dest)
	parent := filepath.Dir(dest)
	if err := os.MkdirAll(parent, 0o755); err != nil {
		return nil, err
	}
	staging, err := os.MkdirTemp(parent, "."+filepath.Base(dest)+".rensai-new-")
	if err != nil {
		return nil, fmt.Errorf("create staging directory: %w", err)
	}
	return &Dir{dest: dest, staging: staging, dirs: map[string]bool{".": true}}, nil
}

// WriteFile writes name under the staging directory.
func (d *Dir) WriteFile(name string, data []byte) error {
	if err := checkName(name); err != nil {
		return err
	}
	full := filepath.Join(d.staging, filepath.FromSlash(name))
	dir := path.Dir(name)
	d.mu.Lock()
	known := d.dirs[dir]
	d.mu.Unlock()
	if !known {
		if err := os.MkdirAll(filepath.Dir(full), 0o755); err != nil {
			return err
		}
		d.mu.Lock()
		d.dirs[dir] = true
		d.mu.Unlock()
	}
	return os.WriteFile(full, data, 0o644)
}

// Commit replaces the destination with the staged build.
func (d *Dir) Commit() error {
	old := ""
	if _, err := os.Lstat(d.dest); err == nil {
		tmp, err := os.MkdirTemp(filepath.Dir(d.dest), "."+filepath.Base(d.dest)+".rensai-old-")
		if err != nil {
			return err
		}
		old = filepath.Join(tmp, "old")
		if err := os.Rename(d.dest, old); err != nil {
			os.Remove(tmp)
			return fmt.Errorf("move previous %s aside: %w", d.dest, err)
		}
		defer os.RemoveAll(tmp)
	}
	if err := os.Rename(d.staging, d.dest); err != nil {
		if old != "" {
			os.Rename(old, d.dest) // put the previous site back
		}
		return fmt.Errorf("move new build into %s: %w", d.dest, err)
	}
	return nil
}

// Abort discards the staged build.
func (d *Dir) Abort() error { return os.RemoveAll(d.staging) }

// checkName refuses names that are not clean relative slash paths, so no
// content can write outside the output folder.
func checkName(name string) error {
	if name == "" || path.IsAbs(name) || path.Clean(name) != name || name == ".." ||
		strings.HasPrefix(name, "../") || strings.Contains(name, "\\") || strings.ContainsRune(name, 0) {
		return fmt.Errorf("output path %q would leave the output folder", name)
	}
	return nil
}

// Mem keeps a build in memory. It is safe for concurrent use.
type Mem struct {
	mu    sync.Mutex
	files map[string][]byte
}

var _ Writer = (*Mem)(nil)

// NewMem returns an empty in-memory writer.
func NewMem() *Mem { return &Mem{files: map[string][]byte{}} }

// WriteFile stores data under name. data is kept, not copied: callers must
// not modify it afterwards.
func (m *Mem) WriteFile(name string, data []byte) error {
	if err := checkName(name); err != nil {
		return err
	}
	m.mu.Lock()
	m.files[name] = data
	m.mu.Unlock()
	return nil
}

// Files returns the stored files. The map must not be modified.
func (m *Mem) Files() map[string][]byte {
	m.mu.Lock()
	defer m.mu.Unlock()
	return m.files
}
