package content

import (
	"strings"
	"testing"
	"time"

	"github.com/rensai-ssg/rensai/generator/urlpath"
)

// TestFileNamesThatCannotBeURLs: a file whose path would put a control
// character or an unsafe name into its URL is refused, unless a safe slug
// replaces the file name.
func TestFileNamesThatCannotBeURLs(t *testing.T) {
	const fm = "---\ntitle: t\ndate: 2026-03-01\n---\n本文\n"
	tests := []struct {
		name, path, src, want string
	}{
		{"tab in the file name", "posts/a\tb.md", fm, "control character"},
		{"newline in a folder name", "posts/x\ny/a.md", fm, "control character"},
		{"tab even with a slug", "posts/a\tb.md", "---\ntitle: t\ndate: 2026-03-01\nslug: ab\n---\n", "control character"},
		{"encoded dots as the file name", "posts/%2e%2e.md", fm, `the file name gives the URL name "%2e%2e" decodes to ".."`},
		{"encoded NUL as the file name", "posts/a%00b.md", fm, "decodes to"},
		{"question mark in the file name", "posts/a?b.md", fm, "holds ? or #"},
		{"encoded section", "%2e%2e/a.md", fm, "the folder name gives the URL section"},
		{"an unsafe file name with a safe slug", "posts/a%00b.md", "---\ntitle: t\ndate: 2026-03-01\nslug: ab\n---\n", ""},
		{"a japanese file name", "posts/入館証.md", fm, ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := Parse(tt.path, []byte(tt.src), LoadOptions{Location: time.UTC})
			switch {
			case tt.want == "" && err != nil:
				t.Errorf("refused: %v", err)
			case tt.want != "" && (err == nil || !strings.Contains(err.Error(), tt.want)):
				t.Errorf("error = %v, want one with %q", err, tt.want)
			case tt.want != "" && !strings.HasPrefix(err.Error(), urlpath.Printable(tt.path)+": "):
				t.Errorf("error %q does not name the file (on one line)", err)
			}
		})
	}
}

// TestJekyllDates: dates as Jekyll and YAML write them, with a space before
// the zone, are read with their zone.
func TestJekyllDates(t *testing.T) {
	want := time.Date(2014, 8, 3, 3, 0, 0, 0, time.UTC)
	for _, s := range []string{
		"2014-08-03 12:00:00 +0900",
		"2014-08-03 12:00:00 +09:00",
		"2014-08-03T12:00:00+0900",
		"2014-08-03 12:00 +0900",
		"2014-08-03 12:00:00.000 +0900",
		"2014-08-03 03:00:00 Z",
	} {
		t.Run(s, func(t *testing.T) {
			a, err := Parse("posts/a.md", []byte("---\ntitle: t\ndate: "+s+"\n---\n"), LoadOptions{Location: time.UTC})
			if err != nil {
				t.Fatal(err)
			}
			if !a.Date.Equal(want) {
				t.Errorf("date %s, want %s", a.Date, want)
			}
		})
	}
}

// TestStrayByteIsNotAnEncoding: a UTF-8 file with one stray byte is told
// where the byte is, not that it is in Shift_JIS.
func TestStrayByteIsNotAnEncoding(t *testing.T) {
	tests := []struct{ name, src, want string }{
		{"in japanese text", "---\ntitle: 入館証の件\ndate: 2026-03-01\n---\n返却箱の話。\n本文です\x82。\n", "posts/a.md:6: file is not UTF-8 (byte 0x82 is not valid here)"},
		{"in ascii text", "---\ntitle: t\ndate: 2026-03-01\n---\nabc\x82def\n", "posts/a.md:5: file is not UTF-8 (byte 0x82 is not valid here)"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := Parse("posts/a.md", []byte(tt.src), LoadOptions{Location: time.UTC})
			if err == nil || !strings.HasPrefix(err.Error(), tt.want) || strings.Contains(err.Error(), "Shift_JIS") {
				t.Errorf("error = %v, want %q", err, tt.want)
			}
		})
	}
}

func TestAliasesCheckedAsDecoded(t *testing.T) {
	tests := []struct{ alias, want string }{
		{"/%2e%2e/x/", `alias "/%2e%2e/x/": "%2e%2e" decodes to ".."`},
		{"/a%00b/", "decodes to"},
		{"/a//b/", "one slash between parts"},
		{"/a?b=1", "holds ? or #"},
		{"/2019/05/old-post/", ""},
		{"/old.html", ""},
		{"/日報/古い記事/", ""},
	}
	for _, tt := range tests {
		t.Run(tt.alias, func(t *testing.T) {
			a, err := Parse("posts/a.md", []byte("---\ntitle: t\ndate: 2026-03-01\naliases: ['"+tt.alias+"']\n---\n"), LoadOptions{Location: time.UTC})
			switch {
			case tt.want == "" && (err != nil || len(a.Aliases) != 1):
				t.Errorf("refused: %v", err)
			case tt.want != "" && (err == nil || !strings.Contains(err.Error(), tt.want)):
				t.Errorf("error = %v, want %q", err, tt.want)
			}
		})
	}
}
