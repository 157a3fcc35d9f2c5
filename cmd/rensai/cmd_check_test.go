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
			out:  "Usage: rensai check [--source DIR] [--baseURL URL] [--dir DIR]\n",
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
