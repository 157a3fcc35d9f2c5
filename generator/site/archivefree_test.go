package site

import "testing"

func TestArchiveFree(t *testing.T) {
	for out, want := range map[string]bool{
		"archives/123/index.html":     true, // WordPress's /archives/123
		"archives/1454/index.html":    true, // an id of four digits that is no year
		"archives/123.html":           true,
		"archives/kagi/index.html":    true,
		"archives/2019/index.html":    false, // a year's page
		"archives/2019/08/index.html": false, // a month's page
		"archives/1900/index.html":    false,
		"archives/index.html":         false,
		"archives/":                   false,
		"posts/123/index.html":        false, // not in the archive
	} {
		if got := ArchiveFree(out); got != want {
			t.Errorf("ArchiveFree(%q) = %v, want %v", out, got, want)
		}
	}
}
