package main

import (
	"cmp"
	"fmt"
	"io"
	"path/filepath"
	"slices"

	"github.com/rensai-ssg/rensai/generator/check"
)

// problemGroup is the problems of one cause: one message, found in one or
// more places (a deleted page linked from 27 others is one cause).
type problemGroup struct {
	message string
	places  []check.Problem // sorted by path and line
}

// groupProblems groups problems by message: the largest groups first, then
// by message, so the output is deterministic.
func groupProblems(problems []check.Problem) []problemGroup {
	byMsg := map[string]int{}
	var groups []problemGroup
	for _, p := range problems {
		i, ok := byMsg[p.Message]
		if !ok {
			i = len(groups)
			byMsg[p.Message] = i
			groups = append(groups, problemGroup{message: p.Message})
		}
		groups[i].places = append(groups[i].places, p)
	}
	for _, g := range groups {
		slices.SortFunc(g.places, func(a, b check.Problem) int {
			return cmp.Or(cmp.Compare(a.Path, b.Path), cmp.Compare(a.Line, b.Line))
		})
	}
	slices.SortFunc(groups, func(a, b problemGroup) int {
		return cmp.Or(cmp.Compare(len(b.places), len(a.places)), cmp.Compare(a.message, b.message))
	})
	return groups
}

// printProblemGroups prints the problems of a check grouped by cause: a
// cause found once as "path:line: message", one found in several places
// as the message with its count, then each place on its own line. Paths
// are shown under the output directory out.
func printProblemGroups(w io.Writer, out string, problems []check.Problem) {
	place := func(p check.Problem) string {
		if p.Path == "" { // the site as a whole
			return out
		}
		return fmt.Sprintf("%s:%d", filepath.Join(out, filepath.FromSlash(p.Path)), p.Line)
	}
	for _, g := range groupProblems(problems) {
		if len(g.places) == 1 {
			fmt.Fprintf(w, "%s: %s\n", place(g.places[0]), g.message)
			continue
		}
		fmt.Fprintln(w, msg.T("check.group", g.message, len(g.places)))
		for _, p := range g.places {
			fmt.Fprintf(w, "  %s\n", place(p))
		}
	}
}
