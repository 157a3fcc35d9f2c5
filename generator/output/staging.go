package output

import (
	"crypto/rand"
	"encoding/hex"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"time"
)

// Staging folders live beside the destination and are named
// ".<dest>.rensai-<kind>-<pid>-<random>": kind "new" while a build writes,
// "old" for the previous build during the commit. A build removes the
// staging folders of processes that are gone, and puts an "old" folder back
// as the destination when a build was killed between the two renames of a
// commit (where the system cannot swap two folders in one step).

const (
	kindNew = "new"
	kindOld = "old"
)

func stagingPrefix(dest string) string { return "." + filepath.Base(dest) + ".rensai-" }

// stagingName returns a fresh staging path of kind beside dest.
func stagingName(dest, kind string) string {
	var b [6]byte
	rand.Read(b[:])
	return filepath.Join(filepath.Dir(dest),
		fmt.Sprintf("%s%s-%d-%s", stagingPrefix(dest), kind, os.Getpid(), hex.EncodeToString(b[:])))
}

// makeStaging creates a staging folder with the destination's mode (or the
// usual 0755 less the umask for a new destination).
func makeStaging(dest string) (string, error) {
	for {
		p := stagingName(dest, kindNew)
		err := os.Mkdir(p, 0o755)
		if errors.Is(err, fs.ErrExist) {
			continue
		}
		if err != nil {
			return "", fmt.Errorf("create staging folder beside %s: %w", dest, err)
		}
		if info, err := os.Stat(dest); err == nil && info.IsDir() {
			if err := os.Chmod(p, info.Mode().Perm()); err != nil {
				os.Remove(p)
				return "", err
			}
		}
		return p, nil
	}
}

// leftover is a staging folder found beside the destination.
type leftover struct {
	path string
	kind string
	pid  int // 0 when the name holds none (an older rensai)
}

// leftovers lists the staging folders beside dest, sorted by name.
func leftovers(dest string) []leftover {
	entries, err := os.ReadDir(filepath.Dir(dest))
	if err != nil {
		return nil
	}
	prefix := stagingPrefix(dest)
	var out []leftover
	for _, e := range entries {
		rest, ok := strings.CutPrefix(e.Name(), prefix)
		if !ok || !e.IsDir() {
			continue
		}
		kind, rest, _ := strings.Cut(rest, "-")
		if kind != kindNew && kind != kindOld {
			continue
		}
		l := leftover{path: filepath.Join(filepath.Dir(dest), e.Name()), kind: kind}
		if pid, _, ok := strings.Cut(rest, "-"); ok {
			l.pid, _ = strconv.Atoi(pid)
		}
		out = append(out, l)
	}
	slices.SortFunc(out, func(a, b leftover) int { return strings.Compare(a.path, b.path) })
	return out
}

// orphaned reports whether the build that made l is gone. Folders of an
// older rensai, whose names hold no process id, and every folder on systems
// where processes cannot be asked about, count as gone once an hour old.
func (l leftover) orphaned() bool {
	switch {
	case l.pid == os.Getpid():
		return false
	case l.pid != 0 && canAskProcesses:
		return !processAlive(l.pid)
	}
	info, err := os.Stat(l.path)
	return err == nil && time.Since(info.ModTime()) > time.Hour
}

// recoverDest cleans up after killed builds: when the destination is missing
// and a killed commit left the previous build in an "old" folder, that folder
// becomes the destination again; every other orphaned staging folder is
// removed.
func recoverDest(dest string) error {
	_, err := os.Lstat(dest)
	missing := errors.Is(err, fs.ErrNotExist)
	for _, l := range leftovers(dest) {
		if !l.orphaned() {
			continue
		}
		if missing && l.kind == kindOld {
			// The old folder of the old format holds the build in "old".
			from := l.path
			if _, err := os.Stat(filepath.Join(l.path, "old", Marker)); err == nil {
				from = filepath.Join(l.path, "old")
			}
			if err := os.Rename(from, dest); err != nil {
				return fmt.Errorf("restore the previous build from %s: %w", from, err)
			}
			missing = false
			if from == l.path {
				continue
			}
		}
		os.RemoveAll(l.path)
	}
	return nil
}
