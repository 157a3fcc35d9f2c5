package main

import (
	"bytes"
	"fmt"
	"math/rand/v2"
	"os"
	"path/filepath"
	"slices"
	"strings"
)

// The -code corpus: the generated site, with fenced code blocks in several
// languages added to every article, for measuring syntax highlighting (a
// real technical blog spends most of its markdown step in chroma). The
// blocks are written here rather than by package corpus, which another
// area owns; each article gets 2 to 5 blocks of 6 to 40 lines, placed
// before its second-level headings, chosen from the file name and the seed
// only, so the same inputs give the same bytes.

// codeSnippet is one language's block: a header, a line repeated with
// varying names and numbers, and a footer. %[1]s is a name, %[2]d a number.
type codeSnippet struct {
	lang         string // the fence's info string (aliases included on purpose)
	head, footer string
	line         string
}

var codeSnippets = []codeSnippet{
	{"go", "package %[1]s\n\nimport \"fmt\"\n\nfunc %[1]sTotal(xs []int) int {\n\tsum := 0", "\treturn sum\n}", "\tif len(xs) > %[2]d {\n\t\tsum += xs[%[2]d] * %[2]d // %[1]s\n\t}"},
	{"python", "def %[1]s_report(rows):\n    \"\"\"Sum the hours of %[1]s.\"\"\"\n    total = 0", "    return total", "    total += sum(r[\"h%[2]d\"] for r in rows if r.get(\"%[1]s\"))"},
	{"js", "export function %[1]s(items) {\n  const out = [];", "  return out;\n}", "  if (items.length > %[2]d) out.push({ id: %[2]d, name: '%[1]s' });"},
	{"typescript", "interface %[1]sRow { id: number; name: string }\n\nexport function load%[1]s(rows: %[1]sRow[]): number {\n  let n = 0;", "  return n;\n}", "  n += rows.filter((r) => r.id === %[2]d).length;"},
	{"sh", "#!/bin/sh\nset -eu\n# %[1]s: nightly export", "echo done", "cp \"/srv/%[1]s/%[2]d.csv\" \"$HOME/backup/%[1]s-%[2]d.csv\""},
	{"sql", "-- %[1]s: monthly hours\nSELECT staff_id, SUM(hours) AS total\nFROM timesheets", "GROUP BY staff_id\nORDER BY total DESC;", "WHERE client_id = %[2]d AND note LIKE '%%%[1]s%%'"},
	{"yaml", "%[1]s:\n  enabled: true\n  items:", "  owner: sales", "    - id: %[2]d\n      name: %[1]s"},
	{"json", "{\n  \"name\": \"%[1]s\",\n  \"rows\": [", "    {}\n  ]\n}", "    {\"id\": %[2]d, \"label\": \"%[1]s\", \"ok\": true},"},
	{"java", "public class %[1]s {\n    public int total(int[] xs) {\n        int sum = 0;", "        return sum;\n    }\n}", "        if (xs.length > %[2]d) { sum += xs[%[2]d]; } // %[1]s"},
	{"rust", "pub fn %[1]s(xs: &[u32]) -> u32 {\n    let mut sum = 0;", "    sum\n}", "    if let Some(x) = xs.get(%[2]d) { sum += x * %[2]d; } // %[1]s"},
	{"html", "<section class=\"%[1]s\">\n  <h2>%[1]s</h2>\n  <ul>", "  </ul>\n</section>", "    <li data-id=\"%[2]d\"><a href=\"/%[1]s/%[2]d/\">%[1]s %[2]d</a></li>"},
	{"css", "/* %[1]s */\n.%[1]s {\n  display: grid;", "}", "  --%[1]s-gap-%[2]d: %[2]dpx;"},
}

// codeNames are the identifiers the snippets vary over.
var codeNames = []string{"invoice", "shift", "overtime", "contract", "visit", "claim", "badge", "payroll", "renewal", "ticket"}

// addCodeBlocks adds code blocks to every article under dir/content/posts.
func addCodeBlocks(dir string, seed int64) error {
	files, err := filepath.Glob(filepath.Join(dir, "content", "posts", "*.md"))
	if err != nil {
		return err
	}
	slices.Sort(files)
	for i, f := range files {
		b, err := os.ReadFile(f)
		if err != nil {
			return err
		}
		r := rand.New(rand.NewPCG(uint64(seed), uint64(i)+1<<40))
		if err := os.WriteFile(f, withCode(b, r), 0o644); err != nil {
			return err
		}
	}
	return nil
}

// withCode returns the article with 2 to 5 code blocks inserted before
// second-level headings of its body (at the end when it has too few).
func withCode(article []byte, r *rand.Rand) []byte {
	blocks := 2 + r.IntN(4)
	// Skip the front matter: headings only count in the body.
	start := 0
	if rest, ok := bytes.CutPrefix(article, []byte("---\n")); ok {
		if k := bytes.Index(rest, []byte("\n---\n")); k >= 0 {
			start = 4 + k + 5
		}
	}
	var out bytes.Buffer
	out.Write(article[:start])
	body := article[start:]
	for blocks > 0 {
		k := bytes.Index(body, []byte("\n## "))
		if k < 0 {
			break
		}
		out.Write(body[:k+1])
		out.WriteString(codeBlock(r))
		out.WriteString("\n")
		body = body[k+1:]
		// Step past this heading, so the next search finds the next one.
		out.WriteString("## ")
		body = body[3:]
		blocks--
	}
	out.Write(body)
	for ; blocks > 0; blocks-- {
		out.WriteString("\n")
		out.WriteString(codeBlock(r))
	}
	return out.Bytes()
}

// codeBlock returns one fenced block, ending in a newline.
func codeBlock(r *rand.Rand) string {
	s := codeSnippets[r.IntN(len(codeSnippets))]
	name := codeNames[r.IntN(len(codeNames))]
	var b strings.Builder
	fence := strings.Repeat("`", 3)
	fmt.Fprintf(&b, "%s%s\n", fence, s.lang)
	b.WriteString(fill(s.head, name, 0))
	for n := 4 + r.IntN(35); n > 0; n-- {
		b.WriteString(fill(s.line, codeNames[r.IntN(len(codeNames))], r.IntN(1000)))
	}
	b.WriteString(fill(s.footer, name, 0))
	fmt.Fprintf(&b, "%s\n", fence)
	return b.String()
}

// fill expands a snippet line's %[1]s (name) and %[2]d (number) and ends it
// with a newline.
func fill(t, name string, n int) string {
	if strings.Contains(t, "%") {
		t = fmt.Sprintf(t, name, n)
	}
	return t + "\n"
}
