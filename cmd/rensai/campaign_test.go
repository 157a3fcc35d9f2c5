package main

import (
	"bytes"
	"encoding/json"
	"encoding/xml"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
)

// The fault campaign of issue 14 tried 135 cases as a careless or hostile
// user would. This file keeps the promises it found kept, so a later change
// cannot break one silently: a failed build leaves public/ as it was,
// hostile text is escaped everywhere it is published, no page asks another
// host for anything, builds are byte-identical across folders, and nothing
// panics. (The cases it found broken have their own tests: the
// reliability_*.txtar scripts, output, sitefs, config and content.)

// hostile is text that breaks out of every context it could land in.
const hostile = `</script><script>alert(1)</script><img src=x onerror=alert(2)>"'&{{.}}]]>`

// hostileName is hostile text that may name a page (a tag: no slash).
const hostileName = `<img src=x onerror=alert(2)>"'&{{.}}`

func campaignSite(t *testing.T, extra map[string]string) string {
	t.Helper()
	dir := t.TempDir()
	files := map[string]string{
		"rensai.toml": "baseURL = \"https://example.jp/blog/\"\ntitle = \"日報\"\n[search]\nenable = false\n",
		"content/posts/a.md": "---\ntitle: '" + strings.ReplaceAll(hostile, "'", "''") + "'\ndate: 2026-04-01\n" +
			"series: '" + strings.ReplaceAll(hostile, "'", "''") + "'\npart: 1\n" +
			"tags: ['" + strings.ReplaceAll(hostileName, "'", "''") + "', 貸与品]\n" +
			"summary: '" + strings.ReplaceAll(hostile, "'", "''") + "'\n---\n\n本文。" + hostile + "\n\n<script>alert(3)</script>\n",
		"content/posts/b.md": "---\ntitle: 二話\ndate: 2026-04-02\nseries: '" + strings.ReplaceAll(hostile, "'", "''") + "'\npart: 2\n---\n\n[前の話](a.md)\n",
	}
	for k, v := range extra {
		files[k] = v
	}
	for name, body := range files {
		p := filepath.Join(dir, filepath.FromSlash(name))
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(p, []byte(body), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	return dir
}

func mustBuild(t *testing.T, args ...string) {
	t.Helper()
	var out, errOut bytes.Buffer
	if code := run(append([]string{"build", "--quiet"}, args...), &out, &errOut); code != exitOK {
		t.Fatalf("build %v: exit %d\n%s", args, code, errOut.String())
	}
}

func readTree(t *testing.T, dir string) map[string][]byte {
	t.Helper()
	files := map[string][]byte{}
	err := filepath.WalkDir(dir, func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		rel, _ := filepath.Rel(dir, p)
		files[filepath.ToSlash(rel)], err = os.ReadFile(p)
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	return files
}

// TestCampaignFailedBuildsLeavePublic: every way of failing a build leaves
// the previous public/ byte for byte.
func TestCampaignFailedBuildsLeavePublic(t *testing.T) {
	tests := []struct {
		name string
		file string // written after the first build
		body string
	}{
		{"a bad date", "content/posts/c.md", "---\ntitle: c\ndate: 2026-13-45\n---\n"},
		{"broken YAML", "content/posts/c.md", "---\ntitle: [c\ndate: 2026-04-03\n---\n"},
		{"broken config", "rensai.toml", "baseURL = \n"},
		{"a config that lies", "rensai.toml", "baseURL = \"https://u:p@example.jp/\"\n"},
		{"a template that fails", "layouts/article.html", "{{ define \"main\" }}{{ .Nope.Nope }}{{ end }}"},
		{"a template that never ends", "rensai.toml", "baseURL = \"https://example.jp/\"\ntemplateTimeout = \"100ms\"\n[search]\nenable = false\n"},
		{"a duplicate part", "content/posts/c.md", "---\ntitle: c\ndate: 2026-04-03\nseries: '" + strings.ReplaceAll(hostile, "'", "''") + "'\npart: 1\n---\n"},
		{"a file in Shift_JIS", "content/posts/c.md", "---\ntitle: \x93\xfc\x8a\xd9\x8f\xd8\x82\xcc\x8c\x8f\ndate: 2026-04-03\n---\n\x96\x7b\x95\xb6\x82\xc5\x82\xb7\x81\x42\n"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			extra := map[string]string{}
			if tt.name == "a template that never ends" {
				extra["layouts/article.html"] = "{{ define \"main\" }}{{ range 1000000000000 }}{{ end }}{{ end }}"
			}
			dir := campaignSite(t, nil)
			mustBuild(t, "--source", dir)
			before := readTree(t, filepath.Join(dir, "public"))
			extra[tt.file] = tt.body
			for name, body := range extra {
				p := filepath.Join(dir, filepath.FromSlash(name))
				if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
					t.Fatal(err)
				}
				if err := os.WriteFile(p, []byte(body), 0o644); err != nil {
					t.Fatal(err)
				}
			}
			var out, errOut bytes.Buffer
			if code := run([]string{"build", "--source", dir}, &out, &errOut); code != exitError {
				t.Fatalf("exit %d, want %d", code, exitError)
			}
			if !strings.Contains(errOut.String(), "the previous output was left as it was") {
				t.Errorf("stderr %q", errOut.String())
			}
			after := readTree(t, filepath.Join(dir, "public"))
			if len(after) != len(before) {
				t.Errorf("public/ has %d files, had %d", len(after), len(before))
			}
			for name, data := range before {
				if !bytes.Equal(after[name], data) {
					t.Errorf("%s changed", name)
				}
			}
			entries, _ := os.ReadDir(dir)
			for _, e := range entries {
				// .rensai-cache is the cache folder (the check manifest), not a staging folder.
				if strings.Contains(e.Name(), ".rensai-") && e.Name() != ".rensai-cache" {
					t.Errorf("staging folder left: %s", e.Name())
				}
			}
		})
	}
}

// TestCampaignHostileTextIsEscaped: the hostile title, series, tag, summary
// and body never reach a page as markup, JSON stays JSON, XML stays XML, and
// no page asks another host for anything.
func TestCampaignHostileTextIsEscaped(t *testing.T) {
	dir := campaignSite(t, nil)
	mustBuild(t, "--source", dir)
	files := readTree(t, filepath.Join(dir, "public"))
	if len(files) < 5 {
		t.Fatalf("only %d files built", len(files))
	}
	foreign := regexp.MustCompile(`(?i)<(?:script|img|link|iframe|source)[^>]+(?:src|href)="(?:https?:)?//([^/"]+)`)
	for name, data := range files {
		s := string(data)
		switch {
		case strings.HasSuffix(name, ".html"):
			for _, bad := range []string{"<script>alert", "<img src=x onerror", "onerror=alert(2)>"} {
				if strings.Contains(s, bad) {
					t.Errorf("%s holds %q unescaped", name, bad)
				}
			}
			for _, m := range foreign.FindAllStringSubmatch(s, -1) {
				if m[1] != "example.jp" {
					t.Errorf("%s asks another host: %s", name, m[0])
				}
			}
			checkJSONBlocks(t, name, s)
		case strings.HasSuffix(name, ".xml"):
			dec := xml.NewDecoder(bytes.NewReader(data))
			for {
				_, err := dec.Token()
				if err == io.EOF {
					break
				}
				if err != nil {
					t.Errorf("%s is not well-formed XML: %v", name, err)
					break
				}
			}
		case strings.HasSuffix(name, ".json"):
			if !json.Valid(data) {
				t.Errorf("%s is not valid JSON", name)
			}
		}
	}
}

var jsonBlock = regexp.MustCompile(`(?s)<script type="application/(?:ld\+)?json"[^>]*>(.*?)</script>`)

// checkJSONBlocks: every JSON block in a page parses, and its text cannot
// close the script element (</script> is escaped as \u003c/script\u003e).
func checkJSONBlocks(t *testing.T, name, page string) {
	t.Helper()
	for _, m := range jsonBlock.FindAllStringSubmatch(page, -1) {
		if !json.Valid([]byte(m[1])) {
			t.Errorf("%s: a JSON block does not parse: %.200s", name, m[1])
		}
		if strings.Contains(strings.ToLower(m[1]), "<script") || strings.Contains(strings.ToLower(m[1]), "</") {
			t.Errorf("%s: a JSON block holds markup: %.200s", name, m[1])
		}
	}
}

// TestCampaignByteIdenticalAcrossFolders: the same site built in two folders,
// twice each, gives the same bytes.
func TestCampaignByteIdenticalAcrossFolders(t *testing.T) {
	a := campaignSite(t, nil)
	b := campaignSite(t, nil)
	mustBuild(t, "--source", a)
	first := readTree(t, filepath.Join(a, "public"))
	mustBuild(t, "--source", a)
	mustBuild(t, "--source", b)
	for _, other := range []map[string][]byte{readTree(t, filepath.Join(a, "public")), readTree(t, filepath.Join(b, "public"))} {
		if len(other) != len(first) {
			t.Errorf("%d files, want %d", len(other), len(first))
		}
		for name, data := range first {
			if !bytes.Equal(other[name], data) {
				t.Errorf("%s differs", name)
			}
		}
	}
}

// TestCampaignNothingPanics: hostile front matter and names fail with a
// message or build; none of them panics (run would not return).
func TestCampaignNothingPanics(t *testing.T) {
	cases := map[string]string{
		"alias bomb":      "---\na: &a [x, x, x, x, x, x, x, x, x]\nb: &b [*a, *a, *a, *a, *a, *a, *a, *a, *a]\nc: &c [*b, *b, *b, *b, *b, *b, *b, *b, *b]\nd: [*c, *c, *c, *c, *c, *c, *c, *c, *c]\ntitle: t\ndate: 2026-04-03\n---\n",
		"deep nesting":    "---\ntitle: " + strings.Repeat("[", 5000) + "\ndate: 2026-04-03\n---\n",
		"binary":          "---\ntitle: \x00\x01\x02\ndate: 2026-04-03\n---\n\x00\xff",
		"huge part":       "---\ntitle: t\ndate: 2026-04-03\nseries: s\npart: 99999999999999999999\n---\n",
		"aliases escaped": "---\ntitle: t\ndate: 2026-04-03\naliases: [../../../etc/x, 'a\tb', '%2e%2e/x', '//evil.example/']\n---\n",
		"slug escaped":    "---\ntitle: t\ndate: 2026-04-03\nslug: '%2e%2e'\n---\n",
		"toml front":      "+++\ntitle = [[[\n+++\n",
		"no front matter": "just text\n",
	}
	for name, body := range cases {
		t.Run(name, func(t *testing.T) {
			dir := campaignSite(t, map[string]string{"content/posts/c.md": body})
			var out, errOut bytes.Buffer
			code := run([]string{"build", "--source", dir}, &out, &errOut)
			if code != exitOK && code != exitError {
				t.Errorf("exit %d", code)
			}
			if code == exitError && !strings.Contains(errOut.String(), "error:") {
				t.Errorf("failed without a message: %q", errOut.String())
			}
		})
	}
}
