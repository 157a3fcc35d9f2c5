package urlpath

import (
	"net/url"
	"strings"
	"testing"
)

func TestSegment(t *testing.T) {
	tests := []struct {
		name, in string
		ok       bool
	}{
		{"ascii", "nyukan-01", true},
		{"japanese", "入館証", true},
		{"encoded dots", "%2e%2e", false},
		{"encoded dot dot mixed case", "%2E.", false},
		{"encoded NUL", "a%00b", false},
		{"encoded slash", "a%2fb", false},
		{"encoded letters", "%E5%85%A5", false},
		{"broken escape", "100%", false},
		{"dots", "..", false},
		{"dot", ".", false},
		{"leading dot", ".env", false},
		{"slash", "a/b", false},
		{"backslash", `a\b`, false},
		{"tab", "a\tb", false},
		{"newline", "a\nb", false},
		{"line separator", "a\u2028b", false},
		{"question mark", "a?b", false},
		{"fragment", "a#b", false},
		{"empty", "", false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			err := Segment(tt.in)
			if (err == nil) != tt.ok {
				t.Errorf("Segment(%q) = %v, want ok=%v", tt.in, err, tt.ok)
			}
		})
	}
}

// FuzzSegment: an accepted segment, decoded as a server would, is the same
// text and stays one safe path segment.
func FuzzSegment(f *testing.F) {
	for _, s := range []string{"nyukan-01", "入館証", "%2e%2e", "a%00b", "..", "a\tb", "%", "a%2Fb"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		if Segment(s) != nil {
			return
		}
		d, err := url.PathUnescape(s)
		if err != nil || d != s {
			t.Fatalf("accepted %q decodes to %q, %v", s, d, err)
		}
		if d == "." || d == ".." || strings.ContainsAny(d, "/\\\x00?#%") || HasInvisible(d) {
			t.Fatalf("accepted unsafe segment %q", s)
		}
	})
}

func TestPrintable(t *testing.T) {
	for in, want := range map[string]string{"a\tb": `a\tb`, "x\ny.md": `x\ny.md`, "入館証": "入館証", "a\u2028b": `a\u2028b`} {
		if got := Printable(in); got != want {
			t.Errorf("Printable(%q) = %s, want %s", in, got, want)
		}
	}
}
