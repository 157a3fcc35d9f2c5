package urlpath

import (
	"errors"
	"net/url"
	"strings"
	"testing"

	"github.com/rensai-ssg/rensai/generator/diag"
	"github.com/rensai-ssg/rensai/generator/i18n"
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

// TestReasonInBothLanguages: each refusal is a catalog message, worded in
// English by Error and in the language of the message that quotes it
// through Reason, the inner reason of a decoded name included.
func TestReasonInBothLanguages(t *testing.T) {
	tests := []struct {
		in, en, ja string
	}{
		{"", "a URL part may not be empty", "URL の部分は空にできません"},
		{"..", `".." would leave the output folder`, `".." は出力フォルダーの外に出てしまいます`},
		{".env", `".env" starts with a dot: servers hide such files`, `".env" は点で始まります。`},
		{"a/b", `"a/b" holds a slash or backslash`, `"a/b" にスラッシュかバックスラッシュがあります。`},
		{"a?b", `"a?b" holds ? or #`, `"a?b" に ? か # があり`},
		{"a\tb", `"a\tb" holds the control character U+0009`, `"a\tb" に制御文字 U+0009（タブや改行など）があります`},
		{"100%", `"100%" holds a broken percent escape`, `"100%" のパーセントエスケープが壊れています。`},
		{"a%2fb", `"a%2fb" decodes to "a/b", and "a/b" holds a slash`, `"a%2fb" はデコードすると "a/b" になり、"a/b" にスラッシュか`},
		{"%E5%85%A5", `"%E5%85%A5" holds a percent escape; write the characters themselves (入館証, not %E5%85%A5)`, `"%E5%85%A5" にパーセントエスケープがあります。`},
	}
	for _, tt := range tests {
		t.Run(tt.in, func(t *testing.T) {
			err := Segment(tt.in)
			if err == nil {
				t.Fatalf("Segment(%q) = nil", tt.in)
			}
			if !strings.HasPrefix(err.Error(), tt.en) {
				t.Errorf("Error() = %q, want it to start with %q", err, tt.en)
			}
			// Quoted by a message of the catalog, as content and config do.
			quoted := diag.T("content/posts/a.md", 3, "content.urlName.bad", "slug", Reason(err))
			if got := quoted.In(i18n.English); !strings.Contains(got, "slug "+tt.en) {
				t.Errorf("in English: %q, want it to hold %q", got, tt.en)
			}
			got := quoted.In(i18n.Japanese)
			if !strings.HasPrefix(got, "content/posts/a.md:3: slug "+tt.ja) {
				t.Errorf("in Japanese: %q, want %q after the place", got, tt.ja)
			}
			if strings.Contains(got, tt.en) {
				t.Errorf("in Japanese: %q still holds the English reason", got)
			}
		})
	}
	if got := Reason(errors.New("plain")); got != "plain" {
		t.Errorf("Reason of another error = %v, want its text", got)
	}
}
