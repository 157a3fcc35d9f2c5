package markdown

import (
	"strings"
	"testing"
)

// TestLinkReferenceDefinitions: link reference definitions are found
// wherever a paragraph may start with one (indented, in a quote or a list
// item, several in a row, after another definition), and a paragraph that
// does not start with "[" keeps its text.
func TestLinkReferenceDefinitions(t *testing.T) {
	r := New(Options{})
	for _, tc := range []struct{ src, want, not string }{
		{"[a]: /x\n\n[リンク][a]\n", `<a href="/x">リンク</a>`, "[a]:"},
		{"   [a]: /x \"題\"\n\n[a]\n", `<a href="/x" title="題">a</a>`, "[a]:"},
		{"> [a]: /x\n>\n> [a]\n", `<a href="/x">a</a>`, "[a]:"},
		{"- [a]: /x\n\n  [a]\n", `<a href="/x">a</a>`, "[a]:"},
		{"[a]: /x\n[b]: /y\n本文 [b]\n\n[a]\n", `<a href="/y">b</a>`, "[b]:"},
		{"本文 [a]: /x\n\n[a]\n", "本文 [a]: /x", `href="/x"`},
		{"\\[a]: /x\n\n[a]\n", "[a]: /x", `href="/x"`},
	} {
		res, err := r.Render("a.md", []byte(tc.src), 1)
		if err != nil {
			t.Fatal(err)
		}
		if !strings.Contains(res.HTML, tc.want) || strings.Contains(res.HTML, tc.not) {
			t.Errorf("%q gives\n%s\nwant %q and not %q", tc.src, res.HTML, tc.want, tc.not)
		}
	}
}
