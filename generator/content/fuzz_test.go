package content

import (
	"errors"
	"strings"
	"testing"

	"github.com/rensai-ssg/rensai/generator/urlpath"
)

func FuzzParse(f *testing.F) {
	seeds := []string{
		"",
		"---",
		"---\n---\n",
		"+++\n+++\n",
		yamlFile("series: 入館証の件\npart: 6\ntags: [a, b]\naliases: /old/\n"),
		"\ufeff---\r\ntitle: t\r\ndate: 2026-03-01T09:30:00+09:00\r\n---\r\n本文\r\n",
		"+++\ntitle = \"t\"\ndate = 2026-03-01T09:30:00\n[params]\na = [1, 2.5, true]\n+++\n",
		"---\ntitle: 件名: 入館証\n---\n",
		"---\nbase: &b {x: 1}\n<<: *b\nx: &a [1, *a]\n---\n",
		"---\ntitle: t\ndate: 2026-13-01\nslug: ../x\npart: 0\nfinal: true\n---\n",
		"series/s.md\x00---\ntitle: s\nstatus: done\n---\n",
		"\xff\xfe-\x00-\x00-\x00\n\x00",
		"---\ntitle: \x82\xa0\n---\n",
		"+++\na.b.c = 1\n[x.y]\n[[z]]\n+++\n",
	}
	for _, s := range seeds {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, in string) {
		name := "posts/fuzz.md"
		// A NUL splits an optional file name off the front, so that series
		// metadata files are fuzzed too.
		if i := strings.IndexByte(in, 0); i > 0 && i < 40 && !strings.ContainsAny(in[:i], "\xff\xfe") {
			name, in = in[:i], in[i+1:]
		}
		a, err := Parse(name, []byte(in), testOpts)
		if err == nil {
			if a == nil || a.Path != name || a.BodyLine < 3 || a.Lines == nil || a.Params == nil || a.Taxonomies == nil {
				t.Fatalf("no error but Article %+v", a)
			}
			if !isSeriesMeta(name) && a.Date.IsZero() && a.Lines["date"] == 0 {
				t.Fatalf("article without a date was accepted")
			}
			if strings.Contains(a.Slug, "/") || strings.Contains(a.Slug, "..") {
				t.Fatalf("unsafe slug %q accepted", a.Slug)
			}
			return
		}
		if a != nil {
			t.Fatalf("Article returned with error %v", err)
		}
		list := Errors(err)
		if len(list) == 0 {
			t.Fatalf("error %T %v holds no *Error", err, err)
		}
		// Every error in the tree must be one of ours.
		var walk func(error)
		walk = func(err error) {
			switch err := err.(type) {
			case *Error:
			case interface{ Unwrap() []error }:
				for _, e := range err.Unwrap() {
					walk(e)
				}
			default:
				t.Fatalf("%T in the error tree: %v", err, err)
			}
		}
		walk(err)
		if e := (*Error)(nil); !errors.As(err, &e) {
			t.Fatalf("errors.As fails on %v", err)
		}
		for _, e := range list {
			// Every error names the file; a path with a control character
			// in its printable form (a newline as \n), so that the message
			// stays one line.
			if e.Path != urlpath.Printable(name) || e.Msg == "" || e.Line < 0 {
				t.Fatalf("bad error %#v", e)
			}
			if e.Line > strings.Count(in, "\n")+1 {
				t.Fatalf("error line %d is past the end of the file: %v", e.Line, e)
			}
		}
	})
}
