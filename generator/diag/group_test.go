package diag

import (
	"fmt"
	"slices"
	"strings"
	"testing"

	"github.com/rensai-ssg/rensai/generator/i18n"
)

// TestGroupedSumsUpAKind: a kind given more than ten times is shown
// five times and summed up where the sixth would be; warnings worded
// without the catalog, and kinds given ten times or fewer, are all shown.
func TestGroupedSumsUpAKind(t *testing.T) {
	var ws List
	for i := range 12 {
		ws = append(ws, WarnT(fmt.Sprintf("content/posts/p%d.md", i%4), i+1, "markdown.control", "U+0007"))
		ws = append(ws, Warningf("layouts/x.html", i+1, "plain warning %d", i))
	}
	for i := range 10 {
		ws = append(ws, WarnT("content/posts/q.md", i+1, "markdown.notUTF8"))
	}
	lines := Grouped(ws, i18n.English)
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
	want := "7 more warnings of this kind, in 4 files; rensai build --all-warnings lists every one"
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
}

// TestGroupedNamesTheHosts: images of other hosts are summed up with the
// hosts that serve most of the rest, five at most, the others counted.
func TestGroupedNamesTheHosts(t *testing.T) {
	var ws List
	hosts := []string{"a.example", "a.example", "a.example", "a.example", "a.example", // the five shown
		"b.example", "b.example", "c.example", "d.example", "e.example", "f.example", "g.example", "g.example"}
	for i, h := range hosts {
		ws = append(ws, WarnT(fmt.Sprintf("content/posts/p%d.md", i), 3, "markdown.remoteImage", "https://"+h+"/x.jpg", h, "p/x.jpg"))
	}
	lines := Grouped(ws, i18n.Japanese)
	if len(lines) != 6 {
		t.Fatalf("%d lines, want five warnings and a summary:\n%s", len(lines), strings.Join(lines, "\n"))
	}
	want := "別のホストの画像の警告がほかに 8 件、8 ファイルにあります（b.example: 2、g.example: 2、c.example: 1、d.example: 1、e.example: 1、ほか 1 ホスト）。すべて見るには rensai build --all-warnings"
	if lines[5] != want {
		t.Errorf("summary\n%s\nwant\n%s", lines[5], want)
	}
}

// TestGroupedCountsWarningsNotTheirMoreLines: ten warnings of a kind and
// the "and more" lines of their articles are not over ten: all listed.
func TestGroupedCountsWarningsNotTheirMoreLines(t *testing.T) {
	var ws List
	for a := range 2 {
		for i := range 5 {
			ws = append(ws, WarnT(fmt.Sprintf("content/posts/p%d.md", a), i+1, "markdown.remoteImage", "https://h.example/x.jpg", "h.example", "p/x.jpg"))
		}
		ws = append(ws, WarnT(fmt.Sprintf("content/posts/p%d.md", a), 9, "markdown.remoteImageMore"))
	}
	if lines := Grouped(ws, i18n.English); len(lines) != len(ws) {
		t.Errorf("%d lines for %d warnings, want every one:\n%s", len(lines), len(ws), strings.Join(lines, "\n"))
	}
}
