package main

import (
	"bufio"
	"io"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strings"
	"syscall"
	"testing"
	"time"
)

// TestServeFollowSymlinks: rensai serve applies the build's symlink rule
// through its own --follow-symlinks flag. A link inside the site is served
// only with the flag; a link leading outside is never served, flag or not.
func TestServeFollowSymlinks(t *testing.T) {
	if testing.Short() {
		t.Skip("starts processes")
	}
	tests := []struct {
		name   string
		link   string // target of static/copy.txt
		follow bool
		served bool   // the link's target is served (else the build error is)
		log    string // what serve prints (stdout and stderr)
	}{
		{"inside, refused by default", "note.txt", false, false, "static/copy.txt: symbolic link to note.txt is not followed; pass --follow-symlinks"},
		{"inside, followed with the flag", "note.txt", true, true, "Built "},
		{"outside, refused with the flag", "/proc/self/environ", true, false, "static/copy.txt: symbolic link to /proc/self/environ leads outside the site"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			dir := t.TempDir()
			writeSite(t, dir, map[string]string{
				"rensai.toml":        "baseURL = \"https://example.jp/\"\n[search]\nenable = false\n",
				"static/note.txt":    "a note\n",
				"content/posts/a.md": "---\ntitle: 一話\ndate: 2026-04-01\n---\n\n本文。\n",
			})
			if err := os.Symlink(tt.link, filepath.Join(dir, "static", "copy.txt")); err != nil {
				t.Fatal(err)
			}
			args := []string{"serve", "--port", "0", "--source", dir}
			if tt.follow {
				args = append(args, "--follow-symlinks")
			}
			url, log := startServeProcess(t, args)
			resp, err := http.Get(url + "copy.txt")
			if err != nil {
				t.Fatal(err)
			}
			body, _ := io.ReadAll(resp.Body)
			resp.Body.Close()
			if got := resp.StatusCode == http.StatusOK && string(body) == "a note\n"; got != tt.served {
				t.Errorf("GET copy.txt: status %d, body %q; want the note served: %v", resp.StatusCode, body, tt.served)
			}
			if !tt.served && (resp.StatusCode == http.StatusOK || strings.Contains(string(body), "a note")) {
				t.Errorf("the linked file was served: status %d, %q", resp.StatusCode, body)
			}
			if out := log(); !strings.Contains(out, tt.log) {
				t.Errorf("serve's output lacks %q:\n%s", tt.log, out)
			}
		})
	}
}

// startServeProcess runs rensai with args (a serve command), waits until
// it has printed its URL and finished its first build, and returns the
// URL and a function that stops the process and returns all it printed.
func startServeProcess(t *testing.T, args []string) (string, func() string) {
	t.Helper()
	cmd := exec.Command("rensai", args...)
	cmd.Env = append(os.Environ(), "LC_ALL=C")
	pr, pw := io.Pipe()
	cmd.Stdout, cmd.Stderr = pw, pw
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	exited := make(chan struct{})
	go func() { _ = cmd.Wait(); pw.Close(); close(exited) }()
	var out strings.Builder
	urlRe := regexp.MustCompile(`http://127\.0\.0\.1:\d+/\S*`)
	sc := bufio.NewScanner(pr)
	url := ""
	for sc.Scan() {
		out.WriteString(sc.Text() + "\n")
		if u := urlRe.FindString(sc.Text()); u != "" && url == "" {
			url = u
		}
		if url != "" && strings.Contains(sc.Text(), "Watching for changes") {
			break
		}
	}
	if url == "" {
		t.Fatalf("serve printed no URL:\n%s", out.String())
	}
	rest := make(chan string, 1)
	go func() {
		var b strings.Builder
		for sc.Scan() {
			b.WriteString(sc.Text() + "\n")
		}
		rest <- b.String()
	}()
	stop := func() string {
		_ = cmd.Process.Signal(syscall.SIGINT)
		select {
		case <-exited:
		case <-time.After(exitCap):
			_ = cmd.Process.Kill()
			<-exited
			t.Errorf("serve still running %v after SIGINT", exitCap)
		}
		return out.String() + <-rest
	}
	t.Cleanup(func() { _ = cmd.Process.Kill() })
	return url, stop
}
