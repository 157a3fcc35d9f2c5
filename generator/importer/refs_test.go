package importer

import (
	"strings"
	"testing"

	"github.com/rensai-ssg/rensai/generator/i18n"
)

// TestResolveRefs: a ref placeholder becomes the imported file where a URL
// goes, and a link titled with the post's title in running text (a bare
// {% post_url %} was left in the text as a file path).
func TestResolveRefs(t *testing.T) {
	refs := map[string]refTarget{
		"_posts/2014-08-03-kagi": {file: "/kagi/01.md", title: "【前編】鍵を[返さない]件"},
	}
	kagi, nai := refPlaceholder("_posts/2014-08-03-kagi"), refPlaceholder("_posts/2014-01-01-nai")
	tests := []struct {
		name, in, want string
		warns          int
	}{
		{"markdown link", "[前回](" + kagi + ")", "[前回](/kagi/01.md)", 0},
		{"running text gets a titled link", "前回は " + kagi + " を読んでください。",
			`前回は [【前編】鍵を\[返さない\]件](/kagi/01.md) を読んでください。`, 0},
		{"Japanese right after the ref is not its target", "前回は" + kagi + "に書きました。",
			`前回は[【前編】鍵を\[返さない\]件](/kagi/01.md)に書きました。`, 0},
		{"a fragment is kept", "続きは " + refPlaceholder("_posts/2014-08-03-kagi#keika") + " へ", `続きは [【前編】鍵を\[返さない\]件](/kagi/01.md#keika) へ`, 0},
		{"an HTML href stays a URL", `<a href="` + kagi + `">前回</a>`, `<a href="/kagi/01.md">前回</a>`, 0},
		{"a reference definition stays a URL", "[前回][1]\n\n[1]: " + kagi + "\n", "[前回][1]\n\n[1]: /kagi/01.md\n", 0},
		{"a link with a title attribute", "[前回](" + kagi + ` "前編")`, `[前回](/kagi/01.md "前編")`, 0},
		{"a missing post in text keeps its name", "前回は " + nai + " を。", "前回は _posts/2014-01-01-nai を。", 1},
		{"a missing link keeps its text", "[前回](" + nai + ")", "前回", 1},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			warn := &Warnings{}
			got := resolveRefs(tt.in, refs, &Post{Source: "a.md"}, warn)
			if got != tt.want {
				t.Errorf("got  %q\nwant %q", got, tt.want)
			}
			if len(warn.List) != tt.warns {
				t.Errorf("warnings %v, want %d", warn.List, tt.warns)
			}
		})
	}
}

// TestPostNameIsQuotedByLanguage: a post without an id is named by its
// title in the message's quotation marks, as written (no \").
func TestPostNameIsQuotedByLanguage(t *testing.T) {
	w := &Warnings{}
	w.AddT("x", "a.md", 1, "import.w.embedShortcode", (&Post{Title: `合鍵の"件"`}).name(), "youtube", "https://www.youtube.com/watch?v=a")
	if got := w.List[0].Error.Text(i18n.Japanese); !strings.HasPrefix(got, `「合鍵の"件"」: `) {
		t.Errorf("Japanese %q", got)
	}
	if got := w.List[0].Error.Text(i18n.English); !strings.HasPrefix(got, `“合鍵の"件"”: `) {
		t.Errorf("English %q", got)
	}
}
