package generator

import (
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// TestAliasInArchives: an old address under /archives/ that can never be
// one of the archive's pages (WordPress's numeric /archives/123) becomes a
// redirect; one that is a year's page is still refused.
func TestAliasInArchives(t *testing.T) {
	post := "---\ntitle: 貸与品の件\ndate: 2025-10-06\naliases: [/archives/123, /archives/1454/, /archives/77.html]\n---\n\n本文。\n"
	dir := newSite(t, "", map[string]string{"posts/a.md": post})
	if _, err := Build(context.Background(), Options{Source: dir, Now: fixedNow}); err != nil {
		t.Fatalf("build: %v", err)
	}
	for _, out := range []string{"archives/123/index.html", "archives/1454/index.html", "archives/77.html"} {
		page, err := os.ReadFile(filepath.Join(dir, "public", filepath.FromSlash(out)))
		if err != nil || !strings.Contains(string(page), "/posts/a/") {
			t.Errorf("%s is no redirect to /posts/a/: %v\n%s", out, err, page)
		}
	}
	if _, err := os.Stat(filepath.Join(dir, "public", "archives", "2025", "10", "index.html")); err != nil {
		t.Errorf("the month's page is gone: %v", err)
	}
	year := strings.Replace(post, "/archives/123", "/archives/2024", 1)
	dir = newSite(t, "", map[string]string{"posts/a.md": year})
	if _, err := Build(context.Background(), Options{Source: dir, Now: fixedNow}); err == nil || !strings.Contains(err.Error(), "inside /archives/") {
		t.Errorf("an alias at a year's page: %v", err)
	}
}
