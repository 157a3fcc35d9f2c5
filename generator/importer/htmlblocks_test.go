package importer

import (
	"strings"
	"testing"
)

// TestHTMLBlocksInMarkdownBecomeMarkdown: an HTML block in a Jekyll or
// Hugo post (which the build drops, text and all, unless unsafe) becomes
// Markdown; inline HTML, Markdown around it and fenced code stay.
func TestHTMLBlocksInMarkdownBecomeMarkdown(t *testing.T) {
	body := "冒頭の**段落**です。\n\n<div class=\"note\">HTMLの<strong>注意書き</strong>です。</div>\n\n" +
		"<table><tr><th>日付</th><th>対応</th></tr><tr><td>3日</td><td>電話</td></tr></table>\n\n" +
		"```html\n<div>コードの中</div>\n```\n\n最後の<b>段落</b>。\n"
	got := newHTMLConverter(nil, nil).htmlBlocks(body, &Post{Title: "x"}, &Warnings{})
	for _, want := range []string{"冒頭の**段落**です。", "HTMLの**注意書き**です。", "| 日付 | 対応 |", "```html\n<div>コードの中</div>\n```", "最後の<b>段落</b>。"} {
		if !strings.Contains(got, want) {
			t.Errorf("no %q in:\n%s", want, got)
		}
	}
	if strings.Contains(got, `<div class="note">`) || strings.Contains(got, "<table>") {
		t.Errorf("an HTML block is left:\n%s", got)
	}
}

// TestJekyllTagsString: Jekyll reads a string of tags or categories as
// names separated by ASCII spaces; a list keeps its items whole.
func TestJekyllTagsString(t *testing.T) {
	m := map[string]any{"tags": "ｸﾚｰﾑ 派遣\u3000社員", "categories": []any{"営業 日報"}}
	if got := jekyllList(m, "tags"); strings.Join(got, "|") != "ｸﾚｰﾑ|派遣\u3000社員" {
		t.Errorf("tags %q", got)
	}
	if got := jekyllList(m, "categories"); strings.Join(got, "|") != "営業 日報" {
		t.Errorf("categories %q", got)
	}
}
