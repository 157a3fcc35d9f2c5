package check

import (
	"cmp"
	"fmt"
	"slices"
	"strings"
)

// DefaultMaxBytes is the most a site may hold when Options.MaxBytes is 0:
// GitHub Pages publishes sites of at most 1 GB and refuses a larger
// deploy, so a site over it is a problem before the deploy rather than
// after. Decimal, the smaller reading of "1 GB".
const DefaultMaxBytes = 1_000_000_000

// nearShare is the share of the limit past which the size gets a note:
// a blog grows by a few articles a week, and the note comes while there
// is still time to decide what to cut.
const nearShare = 0.8

// folderSizes sums the sizes of a site's files, in all and by the first
// element of their path (a top-level folder, or a file at the root).
type folderSizes struct {
	total int64
	by    map[string]int64
}

func (f *folderSizes) add(name string, size int64) {
	if f.by == nil {
		f.by = map[string]int64{}
	}
	top, _, _ := strings.Cut(name, "/")
	f.by[top] += size
	f.total += size
}

// largest words the three largest entries, largest first: "posts 229.9 MB, …",
// joined by sep.
func (f *folderSizes) largest(sep string) string {
	names := make([]string, 0, len(f.by))
	for n := range f.by {
		names = append(names, n)
	}
	slices.SortFunc(names, func(a, b string) int {
		return cmp.Or(cmp.Compare(f.by[b], f.by[a]), strings.Compare(a, b))
	})
	var parts []string
	for _, n := range names[:min(3, len(names))] {
		parts = append(parts, n+" "+megabytes(f.by[n]))
	}
	return strings.Join(parts, sep)
}

// megabytes words n bytes in decimal megabytes, with one decimal unless
// it is whole: "646.7 MB", "1000 MB".
func megabytes(n int64) string {
	if n%1_000_000 == 0 {
		return fmt.Sprintf("%d MB", n/1_000_000)
	}
	return fmt.Sprintf("%.1f MB", float64(n)/1e6)
}

// checkSize compares the site's size with the limit (0: DefaultMaxBytes,
// below 0: none): over it, a problem of the whole site (no path); past
// nearShare of it, a note.
func (s *site) checkSize(f folderSizes, limit int64) (problems []Problem, note string) {
	if limit == 0 {
		limit = DefaultMaxBytes
	}
	switch {
	case limit < 0:
		return nil, ""
	case f.total > limit:
		return []Problem{{Message: s.t("check.tooLarge", megabytes(f.total), megabytes(limit), f.largest(s.t("check.listSep")))}}, ""
	case float64(f.total) >= nearShare*float64(limit):
		share := int(100 * float64(f.total) / float64(limit))
		return nil, s.t("check.nearLimit", megabytes(f.total), share, megabytes(limit), f.largest(s.t("check.listSep")))
	}
	return nil, ""
}
