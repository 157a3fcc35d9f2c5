package main

import (
	"fmt"
	"slices"
	"strings"
	"testing"

	"github.com/rensai-ssg/rensai/generator/diag"
	"github.com/rensai-ssg/rensai/generator/i18n"
)

// TestWarningLinesGroupsAKind: a kind given more than ten times is shown
// five times and summed up where the sixth would be; warnings worded
// without the catalog, and kinds given ten times or fewer, are all shown.
func TestWarningLinesGroupsAKind(t *testing.T) {
	var ws diag.List
	for i := range 12 {
		ws = append(ws, diag.WarnT(fmt.Sprintf("content/posts/p%d.md", i%4), i+1, "markdown.control", "U+0007"))
		ws = append(ws, diag.Warningf("layouts/x.html", i+1, "plain warning %d", i))
	}
	for i := range 10 {
		ws = append(ws, diag.WarnT("content/posts/q.md", i+1, "markdown.notUTF8"))
	}
	lines := warningLines(ws, i18n.English, false)
	count := func(sub string) int {
		n := 0
		for _, l := range lines {
			if strings.Contains(l, sub) {
				n++
			}
		}
		return n
	}
	if n := count("control character"); n != 5 {
		t.Errorf("%d control-character warnings shown, want 5:\n%s", n, strings.Join(lines, "\n"))
	}
	want := "warning: 7 more warnings of this kind, in 4 files; rensai build --all-warnings lists every one"
	i := slices.Index(lines, want)
	if i < 0 {
		t.Fatalf("no summary line %q:\n%s", want, strings.Join(lines, "\n"))
	}
	// In place of the sixth: after the fifth one and the plain warning
	// given between them.
	if !strings.Contains(lines[i-2], "p0.md:5:") || !strings.Contains(lines[i-1], "plain warning 4") {
		t.Errorf("summary not where the sixth warning was:\n%s", strings.Join(lines, "\n"))
	}
	if n := count("plain warning"); n != 12 {
		t.Errorf("%d plain warnings shown, want all 12", n)
	}
	if n := count("UTF-8"); n != 10 {
		t.Errorf("%d of ten UTF-8 warnings shown, want all of them", n)
	}
	if all := warningLines(ws, i18n.English, true); len(all) != len(ws) {
		t.Errorf("--all-warnings gives %d lines for %d warnings", len(all), len(ws))
	}
}
