package diag

import (
	"cmp"
	"fmt"
	"slices"
	"strings"

	"github.com/rensai-ssg/rensai/generator/i18n"
)

// A kind of warning (one message of the catalog) that a build gives more
// than groupAfter times is listed groupShow times, then summed up on one
// line (Grouped): an imported blog whose images stay on the old host gets
// one warning per image, and a hundred lines of them hide the one warning
// of another kind. rensai build --all-warnings lists every one.
const (
	groupAfter = 10
	groupShow  = 5
)

// kindOf names the kind of a warning: its catalog key, with the "...More"
// line that closes an article's list ("markdown.remoteImageMore") counted
// with the warnings it follows. Warnings worded without the catalog are
// each a kind of their own ("").
func kindOf(w *Error) string { return strings.TrimSuffix(w.Key, "More") }

// Grouped words ws in lang, one text each (with its position, as In),
// every kind over groupAfter shown groupShow times followed by a text
// saying how many more there are, in how many files, and (for images of
// other hosts) on which hosts. The caller puts "warning: " in front.
func Grouped(ws List, lang i18n.Lang) []string {
	p := i18n.New(lang)
	count := map[string]int{} // the warnings of each kind, its "and more" lines aside
	for _, w := range ws {
		if k := kindOf(w); k != "" && k == w.Key {
			count[k]++
		}
	}
	shown := map[string]int{}
	var lines []string
	for i, w := range ws {
		k := kindOf(w)
		if k == "" || count[k] <= groupAfter {
			lines = append(lines, w.In(lang))
			continue
		}
		shown[k]++
		switch {
		case shown[k] <= groupShow:
			lines = append(lines, w.In(lang))
		case shown[k] == groupShow+1:
			lines = append(lines, moreOfKind(p, k, ws[i:]))
		}
	}
	return lines
}

// moreOfKind sums up the warnings of kind k in rest.
func moreOfKind(p i18n.Printer, k string, rest List) string {
	n := 0
	files := map[string]bool{}
	hosts := map[string]int{}
	for _, w := range rest {
		if kindOf(w) != k {
			continue
		}
		files[w.Path] = true
		if w.Key != k { // an article's "and more" line is no warning of its own
			continue
		}
		n++
		if w.Key == "markdown.remoteImage" && len(w.Args) > 1 {
			if h, ok := w.Args[1].(string); ok {
				hosts[h]++
			}
		}
	}
	if len(hosts) == 0 {
		return p.T("diag.moreWarnings", n, len(files))
	}
	names := make([]string, 0, len(hosts))
	for h := range hosts {
		names = append(names, h)
	}
	// The hosts with most images first, then by name, so that the line is
	// the same on every build.
	slices.SortFunc(names, func(a, b string) int { return cmp.Or(cmp.Compare(hosts[b], hosts[a]), strings.Compare(a, b)) })
	const most = 5
	var list []string
	for _, h := range names[:min(len(names), most)] {
		list = append(list, fmt.Sprintf("%s: %d", h, hosts[h]))
	}
	if len(names) > most {
		list = append(list, p.T("diag.moreHosts", len(names)-most))
	}
	return p.T("diag.moreRemoteImages", n, len(files), strings.Join(list, p.T("diag.listSep")))
}
