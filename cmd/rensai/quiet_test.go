package main

import (
	"strings"
	"testing"
)

// TestBuildQuiet: rensai build --quiet leaves out the summary but still
// prints the warnings, which CI logs need (an image on another host).
func TestBuildQuiet(t *testing.T) {
	dir := t.TempDir()
	writeSite(t, dir, map[string]string{
		"rensai.toml":        "baseURL = \"https://example.jp/\"\n[search]\nenable = false\n",
		"content/posts/a.md": "---\ntitle: 一話\ndate: 2026-04-01\n---\n\n![地図](https://maps.example.com/a.png)\n",
	})
	for _, quiet := range []bool{false, true} {
		args := []string{"--lang", "en", "build", "--source", dir}
		if quiet {
			args = append(args, "--quiet")
		}
		var out, errOut strings.Builder
		if code := run(args, &out, &errOut); code != exitOK {
			t.Fatalf("rensai %q: exit %d: %s", args, code, errOut.String())
		}
		all := out.String() + errOut.String()
		if !strings.Contains(all, "content/posts/a.md:") || !strings.Contains(all, "maps.example.com") {
			t.Errorf("rensai %q printed no warning for the image on another host:\n%s", args, all)
		}
		if got := strings.Contains(all, "Built "); got == quiet {
			t.Errorf("rensai %q: summary printed %v, want %v:\n%s", args, got, !quiet, all)
		}
	}
}
