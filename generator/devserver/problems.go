package devserver

import (
	"bufio"
	"io"
	"io/fs"
	"os"
	"strings"
	"unicode/utf8"

	"github.com/rensai-ssg/rensai/generator/diag"
	"github.com/rensai-ssg/rensai/generator/i18n"
)

// problem is one error or warning as the page's overlay receives it: the
// parts of a diag.Error, and the lines of the source around it, so that the
// script shows them without parsing any text.
type problem struct {
	Path     string   `json:"path,omitempty"`
	Line     int      `json:"line,omitempty"`
	Column   int      `json:"column,omitempty"`
	Message  string   `json:"message"`
	Severity string   `json:"severity"`
	Excerpt  *excerpt `json:"excerpt,omitempty"`
}

// excerpt is a range of source lines: Lines[i] is line Start+i of the file.
type excerpt struct {
	Start int      `json:"start"`
	Lines []string `json:"lines"`
}

const (
	// excerptContext is how many lines before and after the offending one
	// an excerpt shows.
	excerptContext = 2
	// maxExcerpts bounds how many problems of one build get an excerpt.
	maxExcerpts = 20
	// maxProblems bounds how many problems one message carries.
	maxProblems = 100
	// maxExcerptLine is the longest excerpt line sent, in bytes.
	maxExcerptLine = 400
	// maxSourceBytes is how far into a file an excerpt may read.
	maxSourceBytes = 16 << 20
)

// problems turns a build's error tree and its warnings into what the page
// shows: errors first, each list in diag's order (path, line, column).
// Excerpts are read from the site under root; messages the catalog words
// are in lang.
func problemsOf(root, lang string, err error, warnings diag.List) []problem {
	all := diag.Collect(err)
	all = append(all, warnings...)
	errs, warns := all.Errors(), all.Warnings()
	errs.Sort()
	warns.Sort()
	list := append(errs, warns...)
	if len(list) == 0 {
		return nil
	}
	if len(list) > maxProblems {
		list = list[:maxProblems]
	}
	site, openErr := os.OpenRoot(root)
	if openErr == nil {
		defer site.Close()
	}
	out := make([]problem, len(list))
	for i, e := range list {
		out[i] = problem{Path: e.Path, Line: e.Line, Column: e.Column, Message: e.Text(i18n.Lang(lang)), Severity: e.Severity.String()}
		if openErr == nil && i < maxExcerpts {
			out[i].Excerpt = readExcerpt(site, e.Path, e.Line)
		}
	}
	return out
}

// readExcerpt returns the lines around line of the file at rel inside the
// site, or nil when there is nothing to show. os.Root keeps every read
// inside the site: a path with "..", an absolute path or a symbolic link
// leading out of it reads nothing.
func readExcerpt(site *os.Root, rel string, line int) *excerpt {
	if rel == "" || line <= 0 || !fs.ValidPath(rel) {
		return nil
	}
	f, err := site.Open(rel)
	if err != nil {
		return nil
	}
	defer f.Close()
	if st, err := f.Stat(); err != nil || !st.Mode().IsRegular() {
		return nil
	}
	first := max(1, line-excerptContext)
	last := line + excerptContext
	sc := bufio.NewScanner(io.LimitReader(f, maxSourceBytes))
	sc.Buffer(make([]byte, 0, 64<<10), maxSourceBytes)
	ex := &excerpt{Start: first}
	for n := 1; n <= last && sc.Scan(); n++ {
		if n >= first {
			ex.Lines = append(ex.Lines, clipLine(strings.TrimSuffix(sc.Text(), "\r")))
		}
	}
	if len(ex.Lines) == 0 || first+len(ex.Lines)-1 < line {
		return nil // the file is shorter than the problem says
	}
	return ex
}

// clipLine shortens s to maxExcerptLine bytes at a character boundary.
func clipLine(s string) string {
	if len(s) <= maxExcerptLine {
		return s
	}
	cut := maxExcerptLine
	for cut > 0 && !utf8.RuneStart(s[cut]) {
		cut--
	}
	return s[:cut] + "…"
}
