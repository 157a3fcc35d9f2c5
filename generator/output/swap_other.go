//go:build !linux && !darwin

package output

// exchange is not available here: Commit uses two renames.
func exchange(a, b string) (bool, error) { return false, nil }
