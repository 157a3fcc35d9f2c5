package main

import (
	"bytes"
	"strings"
	"testing"

	"github.com/rensai-ssg/rensai/internal/testlane"
)

// TestSearchUntitledPart: a part without a title of its own is found under
// its label and its serial's title, each shown once; its display title
// (【前編①】 and the serial's title) used to be its title in the index, so a
// result showed the label and the serial's title twice.
func TestSearchUntitledPart(t *testing.T) {
	testlane.SkipDictionary(t)
	dir := t.TempDir()
	writeSite(t, dir, map[string]string{
		"rensai.toml":        "title = \"日報\"\nbaseURL = \"https://example.jp/blog/\"\n",
		"content/posts/a.md": "---\ndate: 2026-04-01\nseries: 入館証の返却\npart: 1\n---\n\n返却箱の鍵が見つかりません。\n",
		"content/posts/b.md": "---\ntitle: 台帳の記録\ndate: 2026-04-02\nseries: 入館証の返却\npart: 2\n---\n\n台帳に返却箱の記録がありました。\n",
	})
	var stdout, stderr bytes.Buffer
	if code := run([]string{"build", "--source", dir}, &stdout, &stderr); code != exitOK {
		t.Fatalf("build: exit %d\n%s%s", code, stdout.String(), stderr.String())
	}
	stdout.Reset()
	if code := run([]string{"search", "--source", dir, "鍵"}, &stdout, &stderr); code != exitOK {
		t.Fatalf("search: exit %d: %s", code, stderr.String())
	}
	out := stdout.String()
	if !strings.Contains(out, "1. 入館証の返却  (") {
		t.Errorf("the untitled part is not named by its serial's title:\n%s", out)
	}
	if strings.Contains(out, "【前編") || strings.Count(out, "入館証の返却") != 1 || strings.Count(out, "前編①") != 1 {
		t.Errorf("the serial's title or the label is shown twice:\n%s", out)
	}
	if !strings.Contains(out, "前編①") {
		t.Errorf("the part's label is missing:\n%s", out)
	}
	stdout.Reset()
	if code := run([]string{"search", "--source", dir, "台帳"}, &stdout, &stderr); code != exitOK {
		t.Fatalf("search: exit %d: %s", code, stderr.String())
	}
	if out := stdout.String(); !strings.Contains(out, "1. 台帳の記録  (") || !strings.Contains(out, "入館証の返却 · ") {
		t.Errorf("a titled part: its own title, its serial's beside it:\n%s", out)
	}
}
