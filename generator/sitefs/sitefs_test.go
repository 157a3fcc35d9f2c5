//go:build unix

package sitefs

import (
	"errors"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
	"testing/fstest"
)

// site makes a site folder holding a few files and links, beside an outside
// folder with a secret.
func site(t *testing.T) string {
	t.Helper()
	top := t.TempDir()
	root := filepath.Join(top, "site")
	outside := filepath.Join(top, "outside")
	for _, d := range []string{root + "/static/img", root + "/layouts/partials", root + "/content/posts", outside} {
		if err := os.MkdirAll(d, 0o755); err != nil {
			t.Fatal(err)
		}
	}
	write := func(p, s string) {
		if err := os.WriteFile(p, []byte(s), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	write(root+"/static/img/a.png", "png")
	write(root+"/content/posts/a.md", "article")
	write(outside+"/secret.txt", "secret")
	links := map[string]string{
		"static/env.txt":          "/proc/self/environ",
		"static/zero":             "/dev/zero",
		"static/secret.txt":       "../../outside/secret.txt",
		"static/outdir":           outside,
		"static/copy.png":         "img/a.png",
		"static/imgdir":           "img",
		"static/chain.txt":        "secret.txt", // a link inside to a link outside
		"static/dangling.txt":     "nothing-here.txt",
		"layouts/partials/p.html": "/etc/passwd",
		"content/posts/b.md":      "a.md",
		"content/posts/up.md":     "../../static/img/a.png",
	}
	for l, target := range links {
		if err := os.Symlink(target, filepath.Join(root, l)); err != nil {
			t.Fatal(err)
		}
	}
	if err := syscall.Mkfifo(root+"/static/fifo", 0o644); err != nil {
		t.Fatal(err)
	}
	return root
}

func TestReadFile(t *testing.T) {
	root := site(t)
	tests := []struct {
		name   string
		follow bool
		file   string
		want   string // the content, or "" when refused
		reason string // the refusal
		link   string // the link the error names
	}{
		{"a plain file", false, "static/img/a.png", "png", "", ""},
		{"proc through a link", false, "static/env.txt", "", reasonOutside, "static/env.txt"},
		{"proc even when following", true, "static/env.txt", "", reasonOutside, "static/env.txt"},
		{"a device", true, "static/zero", "", reasonOutside, "static/zero"},
		{"a relative link out", true, "static/secret.txt", "", reasonOutside, "static/secret.txt"},
		{"a file below a linked folder outside", true, "static/outdir/secret.txt", "", reasonOutside, "static/outdir"},
		{"a partial linked to passwd", true, "layouts/partials/p.html", "", reasonOutside, "layouts/partials/p.html"},
		{"a link inside, not followed", false, "static/copy.png", "", reasonInside, "static/copy.png"},
		{"a link inside, followed", true, "static/copy.png", "png", "", ""},
		{"a file below a linked folder inside", true, "static/imgdir/a.png", "png", "", ""},
		{"a link inside to a link outside", true, "static/chain.txt", "", reasonOutside, "static/chain.txt"},
		{"a dangling link", true, "static/dangling.txt", "", reasonDangling, "static/dangling.txt"},
		{"a named pipe", true, "static/fifo", "", reasonSpecial, "static/fifo"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			f := Dir(root, Options{FollowLinks: tt.follow})
			data, err := fs.ReadFile(f, tt.file)
			check(t, data, err, tt.want, tt.reason, tt.link)
			// Open and ReadFile apply the same rule.
			data, err = f.ReadFile(tt.file)
			check(t, data, err, tt.want, tt.reason, tt.link)
		})
	}
}

func check(t *testing.T, data []byte, err error, want, reason, link string) {
	t.Helper()
	if reason == "" {
		if err != nil || string(data) != want {
			t.Fatalf("read = %q, %v; want %q", data, err, want)
		}
		return
	}
	var le *LinkError
	if !errors.As(err, &le) {
		t.Fatalf("read = %q, %v; want a refusal", data, err)
	}
	if le.Reason != reason || le.Path != link {
		t.Errorf("refusal of %s for %q; want %s for %q", le.Path, le.Reason, link, reason)
	}
	if !errors.Is(err, fs.ErrPermission) {
		t.Errorf("errors.Is(%v, fs.ErrPermission) = false", err)
	}
	if !strings.HasPrefix(err.Error(), link+": ") {
		t.Errorf("message %q does not start with the link", err)
	}
}

// TestSubNamesFromFolder: a sub-FS names files from its folder, and a link in
// it may point elsewhere in the site, but not outside.
func TestSubNamesFromFolder(t *testing.T) {
	root := site(t)
	f := Dir(root, Options{FollowLinks: true})
	sub, err := f.Sub("content")
	if err != nil {
		t.Fatal(err)
	}
	if data, err := fs.ReadFile(sub, "posts/up.md"); err != nil || string(data) != "png" {
		t.Errorf("link to static/ from content/ = %q, %v", data, err)
	}
	if err := fstest.TestFS(sub, "posts/a.md", "posts/b.md"); err != nil {
		t.Error(err)
	}
	strict := Dir(root, Options{})
	sub, _ = strict.Sub("content")
	_, err = fs.ReadFile(sub, "posts/b.md")
	var le *LinkError
	if !errors.As(err, &le) || le.Path != "posts/b.md" || le.Target != "a.md" {
		t.Errorf("strict sub read = %v; want a refusal naming posts/b.md and a.md", err)
	}
}

// TestWalkListsLinkedFolders: with links allowed, a linked folder inside the
// site is walked like a folder; without, it is listed as a link.
func TestWalkListsLinkedFolders(t *testing.T) {
	root := site(t)
	for _, follow := range []bool{false, true} {
		f := Dir(root, Options{FollowLinks: follow})
		var files []string
		err := fs.WalkDir(f, "static", func(p string, d fs.DirEntry, err error) error {
			if err != nil {
				return err
			}
			if !d.IsDir() {
				files = append(files, p)
			}
			return nil
		})
		if err != nil {
			t.Fatal(err)
		}
		got := strings.Join(files, " ")
		if has := strings.Contains(got, "static/imgdir/a.png"); has != follow {
			t.Errorf("follow=%v: walk = %s", follow, got)
		}
	}
}

func TestInvalidNames(t *testing.T) {
	f := Dir(site(t), Options{})
	for _, name := range []string{"../x", "/etc/passwd", "a/../b", "", "a//b"} {
		if _, err := f.Open(name); !errors.Is(err, fs.ErrInvalid) {
			t.Errorf("Open(%q) = %v; want fs.ErrInvalid", name, err)
		}
	}
}
