package main

import (
	"io"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"testing/fstest"
)

// TestPagefindHandler: the site, Pagefind's bundle beside it and the search
// page are served under one base path, so that Pagefind's UI finds the
// bundle where its documentation puts it.
func TestPagefindHandler(t *testing.T) {
	bundle := t.TempDir()
	if err := os.WriteFile(filepath.Join(bundle, "pagefind-ui.js"), []byte("window.PagefindUI = function () {};"), 0o644); err != nil {
		t.Fatal(err)
	}
	site := siteHandler(fstest.MapFS{"index.html": {Data: []byte("<p>トップ</p>")}}, "/bench/")
	srv := httptest.NewServer(pagefindHandler(site, bundle, "/bench/"))
	defer srv.Close()
	get := func(path string) (int, string) {
		t.Helper()
		resp, err := http.Get(srv.URL + path)
		if err != nil {
			t.Fatal(err)
		}
		defer resp.Body.Close()
		body, err := io.ReadAll(resp.Body)
		if err != nil {
			t.Fatal(err)
		}
		return resp.StatusCode, string(body)
	}
	if code, body := get("/bench/"); code != 200 || body != "<p>トップ</p>" {
		t.Errorf("site: %d %q", code, body)
	}
	if code, body := get("/bench/pagefind/pagefind-ui.js"); code != 200 || !strings.Contains(body, "PagefindUI") {
		t.Errorf("bundle: %d %q", code, body)
	}
	code, page := get("/bench/" + pagefindPagePath)
	if code != 200 {
		t.Fatalf("search page: %d", code)
	}
	for _, want := range []string{`src="/bench/pagefind/pagefind-ui.js"`, `href="/bench/pagefind/pagefind-ui.css"`, "new PagefindUI(", "window.Worker = undefined"} {
		if !strings.Contains(page, want) {
			t.Errorf("search page lacks %s:\n%s", want, page)
		}
	}
	if code, _ := get("/bench/pagefind/missing.js"); code != 404 {
		t.Errorf("missing bundle file: %d, want 404", code)
	}
}

// TestFirstQueryRatios pairs rensai's first query with Pagefind's of the
// same size only.
func TestFirstQueryRatios(t *testing.T) {
	rs := []browserResult{
		{n: 1000, queries: []queryBytes{{bytes: 60}}},
		{n: 1000, tool: "Pagefind", queries: []queryBytes{{bytes: 240}}},
		{n: 10000, queries: []queryBytes{{bytes: 70}}},
	}
	got := firstQueryRatios(rs)
	if len(got) != 1 || got[0].n != 1000 || got[0].ratio != 0.25 {
		t.Errorf("firstQueryRatios = %+v, want one pair at 1000 of 0.25", got)
	}
}
