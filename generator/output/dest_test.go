package output

import (
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
)

// fixture is a site with sources and an unrelated folder beside it.
func fixture(t *testing.T) (top, site string) {
	t.Helper()
	top = t.TempDir()
	site = filepath.Join(top, "site")
	for _, d := range []string{"content/posts", "layouts", "static", "themes", ".git/objects", "public", "empty"} {
		mkdir(t, filepath.Join(site, d))
	}
	write(t, filepath.Join(site, "rensai.toml"), "title = \"x\"\n")
	write(t, filepath.Join(site, "content/posts/a.md"), "a")
	write(t, filepath.Join(site, "public", Marker), markerText)
	write(t, filepath.Join(site, "public/index.html"), "old build")
	mkdir(t, filepath.Join(top, "photos"))
	write(t, filepath.Join(top, "photos/cat.jpg"), "cat")
	mkdir(t, filepath.Join(top, "repo/.git"))
	if err := os.Symlink(site, filepath.Join(top, "link")); err != nil {
		t.Fatal(err)
	}
	if err := os.Symlink(filepath.Join(site, "public"), filepath.Join(top, "public-link")); err != nil {
		t.Fatal(err)
	}
	return top, site
}

func mkdir(t *testing.T, p string) {
	t.Helper()
	if err := os.MkdirAll(p, 0o755); err != nil {
		t.Fatal(err)
	}
}

func write(t *testing.T, p, s string) {
	t.Helper()
	if err := os.WriteFile(p, []byte(s), 0o644); err != nil {
		t.Fatal(err)
	}
}

func TestCheckDestination(t *testing.T) {
	top, site := fixture(t)
	tests := []struct {
		name  string
		dest  string // relative to the top folder
		force bool
		want  string // part of the refusal; "" accepts
	}{
		{"a new folder", "site/public2", false, ""},
		{"a new folder below a new folder", "out/a/b", false, ""},
		{"an empty folder", "site/empty", false, ""},
		{"an earlier build", "site/public", false, ""},
		{"an unrelated folder", "photos", false, "was not written by rensai (no .rensai-build file); a build would delete what it holds (cat.jpg); choose an empty or new folder, or pass --force"},
		{"an unrelated folder, forced", "photos", true, ""},
		{"the config file", "site/rensai.toml", false, "is a file, not a folder"},
		{"the git folder", "site/.git", false, "is inside a git repository's .git folder"},
		{"the git folder, forced", "site/.git", true, "is inside a git repository's .git folder"},
		{"inside the git folder", "site/.git/objects/x", true, ".git folder"},
		{"a git repository", "repo", true, "holds a git repository (.git)"},
		{"the site root", "site", true, "contains the site itself"},
		{"an ancestor of the site", ".", true, "contains the site itself"},
		{"the site through a link", "link", true, "symbolic link"},
		{"content through a linked site", "link/content", true, "is the site's content/ folder or inside it"},
		{"inside content through a linked site", "link/content/posts/new", true, "is the site's content/ folder or inside it"},
		{"content spelled with ..", "site/public/../content", true, "is the site's content/ folder or inside it"},
		{"layouts", "site/layouts", true, "layouts/ folder"},
		{"static", "site/static/out", true, "static/ folder"},
		{"themes", "site/themes", true, "themes/ folder"},
		{"a link to the earlier build", "public-link", false, "is a symbolic link"},
		{"the home folder, forced", "users/me", true, "is the home folder (" + filepath.Join(top, "users/me") + ") or contains it"},
		{"above the home folder, forced", "users", true, "or contains it"},
		{"a new folder in the home folder", "users/me/new", false, ""},
		{"a folder in the home folder, forced", "users/me/notes", true, ""},
		{"a system folder, forced", "/usr", true, "is a folder at the top of the file system"},
	}
	mkdir(t, filepath.Join(top, "users", "me", "notes"))
	write(t, filepath.Join(top, "users", "me", "notes", "a.txt"), "note")
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			dest := filepath.Join(top, tt.dest)
			if filepath.IsAbs(tt.dest) {
				dest = tt.dest // only checked: CheckDestination writes nothing
			}
			if tt.dest == "site/public/../content" {
				dest = top + "/site/public/../content" // not cleaned
			}
			err := CheckDestination(dest, DirOptions{Site: site, Force: tt.force, Home: filepath.Join(top, "users", "me")})
			switch {
			case tt.want == "" && err != nil:
				t.Errorf("refused: %v", err)
			case tt.want != "" && err == nil:
				t.Errorf("accepted; want a refusal with %q", tt.want)
			case tt.want != "" && !strings.Contains(err.Error(), tt.want):
				t.Errorf("refusal %q lacks %q", err, tt.want)
			}
		})
	}
	// Nothing was touched.
	if b, _ := os.ReadFile(filepath.Join(top, "photos/cat.jpg")); string(b) != "cat" {
		t.Error("photos/cat.jpg changed")
	}
}

// TestNewDirRefusesBeforeWriting: a refused destination creates no staging
// folder beside it.
func TestNewDirRefusesBeforeWriting(t *testing.T) {
	top, site := fixture(t)
	if _, err := NewDir(filepath.Join(top, "photos"), DirOptions{Site: site}); err == nil {
		t.Fatal("NewDir accepted an unrelated folder")
	}
	entries, _ := os.ReadDir(top)
	for _, e := range entries {
		if strings.Contains(e.Name(), ".rensai-") {
			t.Errorf("staging folder left: %s", e.Name())
		}
	}
}

func commit(t *testing.T, dest string, files map[string]string) {
	t.Helper()
	d, err := NewDir(dest, DirOptions{})
	if err != nil {
		t.Fatal(err)
	}
	for name, body := range files {
		if err := d.WriteFile(name, []byte(body)); err != nil {
			t.Fatal(err)
		}
	}
	if err := d.Commit(); err != nil {
		t.Fatal(err)
	}
}

// TestDirKeepsMode: the destination keeps its mode across builds, and a new
// destination gets the mode of any folder made with 0755 (never 0700).
func TestDirKeepsMode(t *testing.T) {
	top := t.TempDir()
	ref := filepath.Join(top, "ref")
	mkdir(t, ref)
	refInfo, _ := os.Stat(ref)
	dest := filepath.Join(top, "public")
	commit(t, dest, map[string]string{"index.html": "1"})
	if info, _ := os.Stat(dest); info.Mode().Perm() != refInfo.Mode().Perm() {
		t.Errorf("new destination mode %v, want %v", info.Mode().Perm(), refInfo.Mode().Perm())
	}
	for _, mode := range []os.FileMode{0o755, 0o750, 0o711} {
		if err := os.Chmod(dest, mode); err != nil {
			t.Fatal(err)
		}
		commit(t, dest, map[string]string{"index.html": "2"})
		if info, _ := os.Stat(dest); info.Mode().Perm() != mode {
			t.Errorf("after a build the destination is %v, want %v", info.Mode().Perm(), mode)
		}
	}
	if b, err := os.ReadFile(filepath.Join(dest, Marker)); err != nil || string(b) != markerText {
		t.Errorf("marker = %q, %v", b, err)
	}
}

// deadPID returns the id of a process that has exited.
func deadPID(t *testing.T) int {
	t.Helper()
	cmd := exec.Command("true")
	if err := cmd.Run(); err != nil {
		t.Skip("no true command:", err)
	}
	return cmd.Process.Pid
}

// TestRecoverKilledCommit: a build killed between the two renames of a
// commit left no destination and the previous build in an old folder; the
// next build puts it back before anything else, and removes the staging
// folders of dead builds while keeping those of live ones.
func TestRecoverKilledCommit(t *testing.T) {
	top := t.TempDir()
	dest := filepath.Join(top, "public")
	dead := strconv.Itoa(deadPID(t))
	old := filepath.Join(top, ".public.rensai-old-"+dead+"-aa")
	mkdir(t, old)
	write(t, filepath.Join(old, Marker), markerText)
	write(t, filepath.Join(old, "index.html"), "previous")
	deadNew := filepath.Join(top, ".public.rensai-new-"+dead+"-bb")
	mkdir(t, deadNew)
	write(t, filepath.Join(deadNew, "half.html"), "half")
	live := filepath.Join(top, ".public.rensai-new-"+strconv.Itoa(os.Getppid())+"-cc")
	mkdir(t, live)

	d, err := NewDir(dest, DirOptions{})
	if err != nil {
		t.Fatal(err)
	}
	if b, err := os.ReadFile(filepath.Join(dest, "index.html")); err != nil || string(b) != "previous" {
		t.Errorf("destination after recovery: %q, %v; want the previous build", b, err)
	}
	for _, p := range []string{old, deadNew} {
		if _, err := os.Stat(p); !os.IsNotExist(err) {
			t.Errorf("%s survived: %v", filepath.Base(p), err)
		}
	}
	if _, err := os.Stat(live); err != nil {
		t.Errorf("the staging folder of a live process was removed: %v", err)
	}
	// The staging folder is recognisable: it names this process.
	if !strings.HasPrefix(filepath.Base(d.staging), ".public.rensai-new-"+strconv.Itoa(os.Getpid())+"-") {
		t.Errorf("staging folder %s", d.staging)
	}
	d.WriteFile("index.html", []byte("next"))
	if err := d.Commit(); err != nil {
		t.Fatal(err)
	}
	if b, _ := os.ReadFile(filepath.Join(dest, "index.html")); string(b) != "next" {
		t.Errorf("index.html = %q after the next build", b)
	}
}

// TestWriteErrorNamesOutputPath: two outputs claiming one path (an alias
// onto robots.txt) fail with the output path, never the staging folder's.
func TestWriteErrorNamesOutputPath(t *testing.T) {
	tests := []struct {
		name  string
		first string
		then  string
		want  string
	}{
		{"a file where a folder was written", "robots.txt/index.html", "robots.txt", "cannot write robots.txt: a folder of that name holds other pages; two outputs claim this path"},
		{"a folder where a file was written", "index.html", "index.html/index.html", "cannot write index.html/index.html: a part of its path was already written as a file"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			d, err := NewDir(filepath.Join(t.TempDir(), "public"), DirOptions{})
			if err != nil {
				t.Fatal(err)
			}
			defer d.Abort()
			d.WriteFile(tt.first, []byte("a"))
			d.WriteFile(tt.then, []byte("b"))
			err = d.Commit()
			if err == nil || !strings.Contains(err.Error(), tt.want) || strings.Contains(err.Error(), ".rensai-new") {
				t.Errorf("Commit = %v, want %q", err, tt.want)
			}
		})
	}
}
