package markdown

import (
	"flag"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

var update = flag.Bool("update", false, "rewrite the expected output of testdata case files")

// Case files are in goldmark's format (extension/_test/*.txt): each case is
// a name, the Markdown and the expected HTML, separated by caseSep and
// ended by caseEnd.
const (
	caseSep = "//- - - - - - - - -//"
	caseEnd = "//= = = = = = = = = = = = = = = = = = = = = = = =//"
)

type caseFileEntry struct {
	name, src, want string
}

func parseCaseFile(t *testing.T, data string) []caseFileEntry {
	t.Helper()
	var cases []caseFileEntry
	for _, block := range strings.Split(data, caseEnd+"\n") {
		if strings.TrimSpace(block) == "" {
			continue
		}
		parts := strings.Split(block, caseSep+"\n")
		if len(parts) != 3 {
			t.Fatalf("case %q: want name, Markdown and HTML separated by %s", strings.SplitN(block, "\n", 2)[0], caseSep)
		}
		cases = append(cases, caseFileEntry{name: strings.TrimSpace(parts[0]), src: parts[1], want: parts[2]})
	}
	return cases
}

func formatCaseFile(cases []caseFileEntry) string {
	var b strings.Builder
	for _, c := range cases {
		b.WriteString(c.name + "\n" + caseSep + "\n" + c.src + caseSep + "\n" + c.want + caseEnd + "\n\n")
	}
	return strings.TrimSuffix(b.String(), "\n")
}

// TestCaseFiles renders every case of testdata/*.txt and compares the HTML;
// go test -run CaseFiles -update rewrites the expected HTML.
func TestCaseFiles(t *testing.T) {
	files, err := filepath.Glob("testdata/*.txt")
	if err != nil || len(files) == 0 {
		t.Fatalf("no case files: %v", err)
	}
	r := New(Options{BasePath: "/repo/"})
	for _, file := range files {
		data, err := os.ReadFile(file)
		if err != nil {
			t.Fatal(err)
		}
		cases := parseCaseFile(t, string(data))
		changed := false
		for i, c := range cases {
			t.Run(strings.TrimSuffix(filepath.Base(file), ".txt")+"/"+c.name, func(t *testing.T) {
				res, err := r.Render("content/posts/a.md", []byte(c.src), 1)
				if err != nil {
					t.Fatalf("Render: %v", err)
				}
				if res.HTML == c.want {
					return
				}
				if *update {
					cases[i].want = res.HTML
					changed = true
					return
				}
				t.Errorf("Markdown:\n%s\ngot:\n%s\nwant:\n%s", c.src, res.HTML, c.want)
			})
		}
		if changed {
			if err := os.WriteFile(file, []byte(formatCaseFile(cases)), 0o644); err != nil {
				t.Fatal(err)
			}
		}
	}
}
