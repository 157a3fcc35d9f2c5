package main

import (
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"time"

	"github.com/rensai-ssg/rensai/generator"
)

// siteInputs are the files and folders of a site a build reads.
var siteInputs = []string{"rensai.toml", "content", "layouts", "static", "themes"}

// newestInput returns the latest modification time among the site's
// inputs (zero when there are none).
func newestInput(source string) time.Time {
	var newest time.Time
	for _, in := range siteInputs {
		_ = filepath.WalkDir(filepath.Join(source, in), func(_ string, d fs.DirEntry, err error) error {
			if err != nil {
				return nil
			}
			if info, err := d.Info(); err == nil && info.ModTime().After(newest) {
				newest = info.ModTime()
			}
			return nil
		})
	}
	return newest
}

// buildIfStale builds the site in source into its default output when
// the file marker (relative to the output, such as the search index's
// manifest) is missing or older than the newest input, saying so on
// stderr. It reports whether it built.
func buildIfStale(source, marker string, stderr io.Writer) (bool, error) {
	out := filepath.Join(source, "public")
	st, err := os.Stat(filepath.Join(out, filepath.FromSlash(marker)))
	switch {
	case errors.Is(err, fs.ErrNotExist):
		fmt.Fprintln(stderr, msg.T("prebuild.missing", filepath.Join(out, filepath.FromSlash(marker))))
	case err != nil:
		return false, err
	case newestInput(source).After(st.ModTime()):
		fmt.Fprintln(stderr, msg.T("prebuild.stale", out))
	default:
		return false, nil
	}
	ctx, cancel := interruptContext()
	defer cancel()
	if _, err := generator.Build(ctx, generator.Options{Source: source}); err != nil {
		return true, fmt.Errorf("build: %w", err)
	}
	return true, nil
}
