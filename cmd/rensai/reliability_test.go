//go:build unix

package main

import (
	"bufio"
	"bytes"
	"context"
	"errors"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/rensai-ssg/rensai/generator"
)

// endlessSite writes a site whose article layout never finishes, with no
// time limit of its own, so only a signal can stop a build of it.
func endlessSite(t *testing.T) string {
	t.Helper()
	dir := t.TempDir()
	files := map[string]string{
		"rensai.toml":          "baseURL = \"https://example.jp/\"\ntemplateTimeout = \"10h\"\n[search]\nenable = false\n",
		"layouts/article.html": "{{ define \"main\" }}{{ range 1000000000000 }}{{ end }}{{ end }}\n",
		"content/posts/a.md":   "---\ntitle: 一話\ndate: 2026-04-01\n---\n\n本文。\n",
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

// exitCap bounds the wait for a signalled process: far above the 1 s the
// commands promise, so the test fails only when a process does not stop.
const exitCap = 10 * time.Second

// TestSignalStopsEndlessTemplate: SIGINT and SIGTERM stop rensai build and
// rensai serve while a template runs forever. Each process is started, seen
// to be inside the build (build: its staging folder exists; serve: it said it
// is building), signalled, and must then have exited.
func TestSignalStopsEndlessTemplate(t *testing.T) {
	if testing.Short() {
		t.Skip("starts processes")
	}
	tests := []struct {
		name   string
		args   []string
		sig    syscall.Signal
		stderr string
	}{
		{"build, SIGINT", []string{"build"}, syscall.SIGINT, "interrupted; the previous output was left as it was"},
		{"build, SIGTERM", []string{"build"}, syscall.SIGTERM, "interrupted"},
		{"serve, SIGINT", []string{"serve", "--port", "0"}, syscall.SIGINT, ""},
		{"serve, SIGTERM", []string{"serve", "--port", "0"}, syscall.SIGTERM, ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			dir := endlessSite(t)
			cmd := exec.Command("rensai", append(tt.args, "--source", dir)...)
			stdout, err := cmd.StdoutPipe()
			if err != nil {
				t.Fatal(err)
			}
			var stderr strings.Builder
			cmd.Stderr = &stderr
			if err := cmd.Start(); err != nil {
				t.Fatal(err)
			}
			exited := make(chan error, 1)
			lines := bufio.NewScanner(stdout)
			if tt.args[0] == "serve" {
				waitForLine(t, lines, "Building the site")
				go func() {
					for lines.Scan() {
					}
					exited <- cmd.Wait()
				}()
			} else {
				go func() { exited <- cmd.Wait() }()
				waitForStaging(t, dir, exited)
			}
			select {
			case err := <-exited:
				t.Fatalf("exited before the signal: %v\n%s", err, stderr.String())
			default:
			}
			if err := cmd.Process.Signal(tt.sig); err != nil {
				t.Fatal(err)
			}
			select {
			case err := <-exited:
				t.Logf("exit after %s: %v", tt.sig, err)
			case <-time.After(exitCap):
				_ = cmd.Process.Kill()
				_ = <-exited
				t.Fatalf("still running %s after %v", tt.sig, exitCap)
			}
			if !strings.Contains(stderr.String(), tt.stderr) {
				t.Errorf("stderr %q lacks %q", stderr.String(), tt.stderr)
			}
		})
	}
}

func waitForLine(t *testing.T, lines *bufio.Scanner, want string) {
	t.Helper()
	for lines.Scan() {
		if strings.Contains(lines.Text(), want) {
			return
		}
	}
	t.Fatalf("output ended before %q", want)
}

// waitForStaging waits until the build has created its staging folder, that
// is, has passed its checks and is building; it fails if the process exits
// first.
func waitForStaging(t *testing.T, dir string, exited chan error) {
	t.Helper()
	tick := time.NewTicker(5 * time.Millisecond)
	defer tick.Stop()
	for {
		matches, _ := filepath.Glob(filepath.Join(dir, ".public.rensai-new-*"))
		if len(matches) > 0 {
			return
		}
		select {
		case err := <-exited:
			t.Fatalf("exited before building: %v", err)
		case <-tick.C:
		}
	}
}

func TestReliabilityExitCodes(t *testing.T) {
	tests := []struct {
		name string
		args []string
		want int
		out  string
	}{
		{"serve on a port past 65535", []string{"serve", "--port", "99999"}, exitUsage, "port 99999 is out of range"},
		{"serve on a negative port", []string{"serve", "--port", "-1"}, exitUsage, "is out of range"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var out, errOut strings.Builder
			if code := run(tt.args, &out, &errOut); code != tt.want {
				t.Errorf("exit %d, want %d (stderr %q)", code, tt.want, errOut.String())
			}
			if all := out.String() + errOut.String(); !strings.Contains(all, tt.out) {
				t.Errorf("output %q lacks %q", all, tt.out)
			}
		})
	}
}

func TestCheckMissingDir(t *testing.T) {
	dir := endlessSite(t) // never built: check must not build it
	missing := filepath.Join(t.TempDir(), "nothing")
	var out, errOut strings.Builder
	code := run([]string{"check", "--source", dir, "--dir", missing}, &out, &errOut)
	if code != exitError || !strings.Contains(errOut.String(), "--dir "+missing+" does not exist") {
		t.Errorf("exit %d, stderr %q", code, errOut.String())
	}
	if _, err := os.Stat(missing); !os.IsNotExist(err) {
		t.Errorf("check built into %s", missing)
	}
}

// TestKillNineNeverLosesPublic: a build killed with SIGKILL at any moment
// after it started writing leaves public/ exactly as the previous build
// wrote it (here the same bytes, as the content does not change), and the
// next build removes what the killed one left beside it.
func TestKillNineNeverLosesPublic(t *testing.T) {
	if testing.Short() {
		t.Skip("starts processes")
	}
	dir := t.TempDir()
	write := func(name, body string) {
		p := filepath.Join(dir, filepath.FromSlash(name))
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(p, []byte(body), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	write("rensai.toml", "baseURL = \"https://example.jp/\"\n[search]\nenable = false\n")
	for i := range 150 {
		write(fmt.Sprintf("content/posts/p%03d.md", i), fmt.Sprintf("---\ntitle: 第%d話\ndate: 2026-04-01\nseries: S\npart: %d\ntags: [t%d]\n---\n\n%s\n", i+1, i+1, i%7, strings.Repeat("本文です。", 100)))
	}
	public := filepath.Join(dir, "public")
	var out, errOut strings.Builder
	if code := run([]string{"build", "--quiet", "--source", dir}, &out, &errOut); code != exitOK {
		t.Fatalf("first build: %s", errOut.String())
	}
	want := readTree(t, public)
	const rensaiMarker = ".rensai-build"
	for round := range 3 {
		cmd := exec.Command("rensai", "build", "--quiet", "--source", dir)
		if err := cmd.Start(); err != nil {
			t.Fatal(err)
		}
		exited := make(chan error, 1)
		go func() { exited <- cmd.Wait() }()
		// Round 0 kills as soon as writing starts, round 1 once pages are
		// being written, round 2 at the commit (or after it, if the build
		// got there first: every moment must be safe).
		stage := []string{"", "posts", rensaiMarker}[round]
		if !waitForGlob(filepath.Join(dir, ".public.rensai-new-*", stage), exited) {
			_ = cmd.Process.Kill()
			_ = <-exited
		}
		got := readTree(t, public)
		if len(got) != len(want) {
			t.Fatalf("round %d: public/ has %d files after kill -9, want %d", round, len(got), len(want))
		}
		for name, data := range want {
			if !bytes.Equal(got[name], data) {
				t.Fatalf("round %d: %s differs after kill -9", round, name)
			}
		}
	}
	if code := run([]string{"build", "--quiet", "--source", dir}, &out, &errOut); code != exitOK {
		t.Fatalf("build after the kills: %s", errOut.String())
	}
	if left, _ := filepath.Glob(filepath.Join(dir, ".public.rensai-*")); len(left) != 0 {
		t.Errorf("left beside public/ after the next build: %v", left)
	}
}

// waitForGlob waits until pattern matches a file, and reports whether the
// process exited first.
func waitForGlob(pattern string, exited chan error) bool {
	tick := time.NewTicker(2 * time.Millisecond)
	defer tick.Stop()
	for {
		if m, _ := filepath.Glob(pattern); len(m) > 0 {
			return false
		}
		select {
		case err := <-exited:
			exited <- err
			return true
		case <-tick.C:
		}
	}
}

// TestWedgedRebuildIsCancelled: the dev server's Builder, stuck in an
// endless template, returns once its context is cancelled (as the next save
// or Ctrl-C cancels it), and is not wedged: the next build, after the
// template is fixed, succeeds.
func TestWedgedRebuildIsCancelled(t *testing.T) {
	dir := endlessSite(t)
	b, err := generator.NewBuilder(generator.Options{Source: dir})
	if err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithTimeout(context.Background(), 200*time.Millisecond)
	defer cancel()
	done := make(chan error, 1)
	go func() {
		_, err := b.Build(ctx, nil)
		done <- err
	}()
	select {
	case err := <-done:
		if !errors.Is(err, context.DeadlineExceeded) {
			t.Fatalf("Build = %v, want the context's error", err)
		}
	case <-time.After(exitCap):
		t.Fatalf("Build still running %v after its context ended", exitCap)
	}
	layout := filepath.Join(dir, "layouts", "article.html")
	if err := os.WriteFile(layout, []byte("{{ define \"main\" }}<p>{{ .Title }}</p>{{ end }}\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	res, err := b.Build(context.Background(), []string{"layouts/article.html"})
	if err != nil {
		t.Fatalf("the build after the fix: %v", err)
	}
	if _, ok := res.Files["posts/a/index.html"]; !ok {
		t.Errorf("the build after the fix has no article page")
	}
}

// TestServeBuilderRefusesLinks: the dev server's in-memory builds read the
// site through the same rule, so rensai serve never serves a linked secret.
func TestServeBuilderRefusesLinks(t *testing.T) {
	dir := endlessSite(t)
	os.Remove(filepath.Join(dir, "layouts", "article.html"))
	if err := os.MkdirAll(filepath.Join(dir, "static"), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.Symlink("/proc/self/environ", filepath.Join(dir, "static", "env.txt")); err != nil {
		t.Fatal(err)
	}
	b, err := generator.NewBuilder(generator.Options{Source: dir, DeferSearch: true})
	if err != nil {
		t.Fatal(err)
	}
	res, err := b.Build(context.Background(), nil)
	if err == nil {
		_, served := res.Files["env.txt"]
		t.Fatalf("the build succeeded (env.txt served: %v)", served)
	}
	if !strings.Contains(err.Error(), "static/env.txt: symbolic link to /proc/self/environ leads outside the site") {
		t.Errorf("error = %v", err)
	}
}
