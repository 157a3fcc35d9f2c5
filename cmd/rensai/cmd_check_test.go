package main

import (
	"bytes"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/rensai-ssg/rensai/internal/testlane"
)

func TestCheckCommand(t *testing.T) {
	site := t.TempDir()
	write := func(name, data string) {
		p := filepath.Join(site, filepath.FromSlash(name))
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(p, []byte(data), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	write("rensai.toml", "title = \"t\"\nbaseURL = \"https://example.github.io/repo/\"\n")
	write("public/index.html", "<!DOCTYPE html>\n<html lang=\"ja\">\n<title>ホーム</title>\n<link rel=\"canonical\" href=\"https://example.github.io/repo/\"><script type=\"application/json\" id=\"rensai-page\">{\"v\":1,\"kind\":\"page\",\"url\":\"/repo/\"}</script>\n<a href=\"/repo/posts/a/\">a</a>\n")
	write("public/posts/a/index.html", "<html lang=\"ja\"><title>a</title><link rel=\"canonical\" href=\"https://example.github.io/repo/posts/a/\"><script type=\"application/json\" id=\"rensai-page\">{\"v\":1,\"kind\":\"page\",\"url\":\"/repo/posts/a/\"}</script>\n<a href=\"/posts/b/\">b</a></html>\n")
	write("other/index.html", "<html lang=\"ja\"><title>t</title><link rel=\"canonical\" href=\"https://example.jp/\"><script type=\"application/json\" id=\"rensai-page\">{\"v\":1,\"kind\":\"page\",\"url\":\"/\"}</script></html>\n")

	tests := []struct {
		name string
		args []string
		code int
		out  string
	}{
		{
			name: "problems",
			args: []string{"--source", site},
			code: exitError,
			out: filepath.Join(site, "public", "posts", "a", "index.html") + `:2: root-relative URL "/posts/b/" is outside the base path /repo/; write "/repo/posts/b/"` + "\n" +
				"check: 1 problem in 2 files (2 pages, 0 feeds) under https://example.github.io/repo/\n",
		},
		{
			name: "another directory and base URL",
			args: []string{"--source", site, "--dir", filepath.Join(site, "other"), "--baseURL", "https://example.jp/"},
			code: exitOK,
			out:  "check: ok: 1 files (1 pages, 0 feeds) under https://example.jp/\n",
		},
		{
			name: "help",
			args: []string{"--help"},
			code: exitOK,
			out:  "Usage: rensai check [--source DIR] [--baseURL URL] [--dir DIR] [--max-mb N]\n",
		},
		{
			name: "bad flag",
			args: []string{"--nosuchflag"},
			code: exitUsage,
		},
		{
			name: "stray argument",
			args: []string{"public"},
			code: exitUsage,
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var stdout, stderr bytes.Buffer
			code := run(append([]string{"check"}, tt.args...), &stdout, &stderr)
			if code != tt.code {
				t.Errorf("exit code %d, want %d; stderr:\n%s", code, tt.code, stderr.String())
			}
			if tt.name == "help" {
				if !strings.HasPrefix(stdout.String(), tt.out) {
					t.Errorf("stdout = %q, want it to start with %q", stdout.String(), tt.out)
				}
				return
			}
			if stdout.String() != tt.out {
				t.Errorf("stdout:\n%s\nwant:\n%s", stdout.String(), tt.out)
			}
		})
	}
}

func TestCheckCommandBadConfig(t *testing.T) {
	site := t.TempDir()
	if err := os.WriteFile(filepath.Join(site, "rensai.toml"), []byte("title = \"t\"\nbaseURL = \n"), 0o644); err != nil {
		t.Fatal(err)
	}
	var stdout, stderr bytes.Buffer
	if code := run([]string{"check", "--source", site}, &stdout, &stderr); code != exitError {
		t.Fatalf("exit code %d, want %d", code, exitError)
	}
	want := "rensai.toml:2:" // line and column, as rensai build names it
	if !strings.Contains(stderr.String(), want) {
		t.Errorf("stderr = %q, want it to name %q", stderr.String(), want)
	}
}

// TestCheckCommandBuildsExampleSite checks the repository's example site:
// built into a fresh folder, it must be clean.
func TestCheckCommandBuildsExampleSite(t *testing.T) {
	testlane.SkipDictionary(t)
	dest := filepath.Join(t.TempDir(), "public")
	for _, base := range []string{"https://example.jp/", "https://example.github.io/rensai/"} {
		var stdout, stderr bytes.Buffer
		// A missing --dir is an error, so build into it first.
		if code := run([]string{"build", "--quiet", "--source", "../..", "--destination", dest, "--baseURL", base}, &stdout, &stderr); code != exitOK {
			t.Fatalf("build: exit %d\n%s", code, stderr.String())
		}
		code := run([]string{"check", "--source", "../..", "--dir", dest, "--baseURL", base}, &stdout, &stderr)
		if code != exitOK {
			t.Errorf("check of the example site at %s: exit code %d\n%s%s", base, code, stdout.String(), stderr.String())
		}
		if err := os.RemoveAll(dest); err != nil {
			t.Fatal(err)
		}
	}
}

// TestCheckCommandSize: a site over --max-mb fails the check with one
// problem that names the output folder and what to do; --max-mb 0 lifts
// the limit; a negative one is a usage error.
func TestCheckCommandSize(t *testing.T) {
	site := t.TempDir()
	pub := filepath.Join(site, "public")
	if err := os.MkdirAll(filepath.Join(pub, "assets"), 0o755); err != nil {
		t.Fatal(err)
	}
	files := map[string]string{
		"rensai.toml":             "title = \"t\"\nbaseURL = \"https://example.jp/\"\n",
		"public/index.html":       "<!DOCTYPE html>\n<html lang=\"ja\">\n<title>ホーム</title>\n<link rel=\"canonical\" href=\"https://example.jp/\"><script type=\"application/json\" id=\"rensai-page\">{\"v\":1,\"kind\":\"page\",\"url\":\"/\"}</script>\n",
		"public/assets/photo.bin": strings.Repeat("p", 1_500_000),
	}
	for name, data := range files {
		if err := os.WriteFile(filepath.Join(site, filepath.FromSlash(name)), []byte(data), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	tests := []struct {
		args []string
		code int
		out  []string // what stdout must hold, in order
	}{
		{[]string{}, exitOK, []string{"check: ok: 2 files"}},
		{[]string{"--max-mb", "1"}, exitError, []string{
			pub + ": the site's files are 1.5 MB in all, over the limit of 1 MB", "the largest: assets 1.5 MB, index.html 0.0 MB", "--max-mb",
			"check: 1 problem in 2 files"}},
		{[]string{"--max-mb", "0"}, exitOK, []string{"check: ok: 2 files"}},
		{[]string{"--max-mb", "-1"}, exitUsage, nil},
	}
	for _, tt := range tests {
		t.Run(strings.Join(tt.args, " "), func(t *testing.T) {
			var stdout, stderr bytes.Buffer
			code := run(append([]string{"check", "--source", site}, tt.args...), &stdout, &stderr)
			if code != tt.code {
				t.Fatalf("exit code %d, want %d; stdout:\n%s\nstderr:\n%s", code, tt.code, stdout.String(), stderr.String())
			}
			rest := stdout.String()
			for _, want := range tt.out {
				i := strings.Index(rest, want)
				if i < 0 {
					t.Fatalf("stdout:\n%s\nwant, in order: %q", stdout.String(), tt.out)
				}
				rest = rest[i+len(want):]
			}
			if tt.code == exitUsage && !strings.Contains(stderr.String(), "--max-mb must be 0 (no limit) or more") {
				t.Errorf("stderr = %q, want the flag's rule", stderr.String())
			}
		})
	}
}
