// Package output is where a build's files go. A Writer receives files by
// their slash-separated path inside the site ("posts/a/index.html").
//
// Two writers exist: Dir builds into a fresh temporary directory beside the
// destination and, on Commit, replaces the destination in one step, so a
// failed build leaves the previous site untouched; Mem keeps files in memory
// for the dev server and for tests.
package output

// Writer receives the files of one build. WriteFile may be called from many
// goroutines at once. name is slash-separated, relative, and clean.
type Writer interface {
	WriteFile(name string, data []byte) error
}
