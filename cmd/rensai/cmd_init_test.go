package main

import (
	"bytes"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

func TestInitCommand(t *testing.T) {
	tests := []struct {
		name    string
		setup   func(t *testing.T, dir string)
		args    func(dir string) []string
		code    int
		stdout  func(dir string) string // text the output must hold
		stderr  string
		written bool // rensai.toml exists afterwards
	}{
		{
			name:    "new directory",
			args:    func(dir string) []string { return []string{filepath.Join(dir, "blog"), "--version", "v1.0.0"} },
			code:    exitOK,
			stdout:  func(dir string) string { return "created " + filepath.Join(dir, "blog", "rensai.toml") + "\n" },
			written: true,
		},
		{
			name:   "non-empty directory",
			setup:  writeFile("memo.txt"),
			args:   func(dir string) []string { return []string{"--version", "v1.0.0", dir} },
			code:   exitError,
			stderr: "is not empty; run rensai init in a new or empty directory",
		},
		{
			name:    "force after the directory",
			setup:   writeFile("rensai.toml"),
			args:    func(dir string) []string { return []string{dir, "--force", "--version=v1.0.0"} },
			code:    exitOK,
			stdout:  func(dir string) string { return "replaced " + filepath.Join(dir, "rensai.toml") + "\n" },
			written: true,
		},
		{
			// A test binary carries no version, like a build with -buildvcs=false.
			name:   "a binary without a version",
			args:   func(dir string) []string { return []string{filepath.Join(dir, "blog")} },
			code:   exitUsage,
			stderr: "so the workflows cannot pin it; pass --version",
		},
		{
			name:   "a version that is not pinned",
			args:   func(dir string) []string { return []string{filepath.Join(dir, "blog"), "--version", "latest"} },
			code:   exitUsage,
			stderr: "the workflows pin the exact version",
		},
		{
			name: "no directory",
			args: func(string) []string { return nil },
			code: exitUsage,
		},
		{
			name: "two directories",
			args: func(dir string) []string { return []string{dir, dir} },
			code: exitUsage,
		},
		{
			name:   "help",
			args:   func(string) []string { return []string{"-h"} },
			code:   exitOK,
			stdout: func(string) string { return "Usage: rensai init [--force] [--version V] DIR\n" },
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			dir := t.TempDir()
			if tt.setup != nil {
				tt.setup(t, dir)
			}
			args := tt.args(dir)
			var stdout, stderr bytes.Buffer
			code := run(append([]string{"init"}, args...), &stdout, &stderr)
			if code != tt.code {
				t.Errorf("exit code %d, want %d\nstdout:\n%s\nstderr:\n%s", code, tt.code, stdout.String(), stderr.String())
			}
			if tt.stdout != nil && !strings.Contains(stdout.String(), tt.stdout(dir)) {
				t.Errorf("stdout does not hold %q:\n%s", tt.stdout(dir), stdout.String())
			}
			if !strings.Contains(stderr.String(), tt.stderr) {
				t.Errorf("stderr does not hold %q:\n%s", tt.stderr, stderr.String())
			}
			if tt.written {
				target := args[0]
				if _, err := os.Stat(filepath.Join(target, "rensai.toml")); err != nil {
					t.Error(err)
				}
				if tt.setup != nil {
					data, _ := os.ReadFile(filepath.Join(target, "rensai.toml"))
					if string(data) == "元のファイル" {
						t.Error("--force did not replace rensai.toml")
					}
				}
			}
			if tt.name == "non-empty directory" {
				if _, err := os.Stat(filepath.Join(dir, "rensai.toml")); err == nil {
					t.Error("init wrote into a non-empty directory")
				}
			}
		})
	}
}

func writeFile(name string) func(t *testing.T, dir string) {
	return func(t *testing.T, dir string) {
		if err := os.WriteFile(filepath.Join(dir, name), []byte("元のファイル"), 0o644); err != nil {
			t.Fatal(err)
		}
	}
}
