package main

import (
	"bytes"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/rogpeppe/go-internal/testscript"
)

// englishTests runs the in-process tests with the C locale, so their
// messages are English whatever the machine's locale is. (Scripts get a
// clean environment from testscript and set LANG themselves.)
type englishTests struct{ m *testing.M }

func (e englishTests) Run() int {
	for _, v := range []string{"LC_ALL", "LC_MESSAGES", "LANG"} {
		os.Unsetenv(v)
	}
	os.Setenv("LC_ALL", "C")
	return e.m.Run()
}

func TestMain(m *testing.M) {
	testscript.Main(englishTests{m}, map[string]func(){
		"rensai": func() { os.Exit(run(os.Args[1:], os.Stdout, os.Stderr)) },
	})
}

// TestScripts runs the txtar scripts in testdata/script. Each starts in a
// fresh directory holding the default theme under themes/default.
func TestScripts(t *testing.T) {
	theme, err := filepath.Abs(filepath.Join("..", "..", "themes", "default"))
	if err != nil {
		t.Fatal(err)
	}
	testscript.Run(t, testscript.Params{
		Dir:  filepath.Join("testdata", "script"),
		Cmds: scriptCmds,
		Setup: func(env *testscript.Env) error {
			env.Setenv("RENSAI_THEME_SRC", theme)
			return copyDir(theme, filepath.Join(env.WorkDir, "themes", "default"))
		},
	})
}

func copyDir(from, to string) error {
	return filepath.WalkDir(from, func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		rel, _ := filepath.Rel(from, p)
		if d.IsDir() {
			return os.MkdirAll(filepath.Join(to, rel), 0o755)
		}
		data, err := os.ReadFile(p)
		if err != nil {
			return err
		}
		return os.WriteFile(filepath.Join(to, rel), data, 0o644)
	})
}

func TestExitCodes(t *testing.T) {
	tests := []struct {
		name string
		args []string
		want int
		out  string
	}{
		{"no arguments is a usage error", nil, exitUsage, "Usage:"},
		{"unknown command", []string{"publish"}, exitUsage, `unknown command "publish"`},
		{"help", []string{"--help"}, exitOK, "Commands:"},
		{"build help", []string{"build", "--help"}, exitOK, "--destination"},
		{"bad build flag", []string{"build", "--nope"}, exitUsage, "flag provided but not defined"},
		{"stray build argument", []string{"build", "extra"}, exitUsage, `unexpected argument "extra"`},
		{"build of a missing site", []string{"build", "--source", filepath.Join(t.TempDir(), "none")}, exitError, "no content/ folder"},
		{"new without kind", []string{"new"}, exitUsage, "Usage: rensai new"},
		{"version", []string{"version"}, exitOK, "rensai "},
		{"mistyped command", []string{"bulid"}, exitUsage, "Did you mean rensai build?"},
		{"mistyped flag of build", []string{"build", "--draft"}, exitUsage, "Did you mean --drafts?"},
		{"mistyped flag of check", []string{"check", "--baseurl", "x"}, exitUsage, "Did you mean --baseURL?"},
		{"mistyped flag of search", []string{"search", "--seires", "x", "q"}, exitUsage, "Did you mean --series?"},
		{"mistyped flag of serve", []string{"serve", "--drfats"}, exitUsage, "Did you mean --drafts?"},
		{"mistyped flag of new post", []string{"new", "post", "a.md", "--titel", "x"}, exitUsage, "Did you mean --title?"},
		{"mistyped flag of init", []string{"init", "--froce", "x"}, exitUsage, "Did you mean --force?"},
		{"bad flag value", []string{"build", "--quiet=perhaps"}, exitUsage, `invalid boolean value "perhaps"`},
		{"stray version argument", []string{"version", "x"}, exitUsage, `unexpected argument "x"`},
		{"completion without a shell", []string{"completion"}, exitUsage, "give one shell"},
		{"unknown new kind", []string{"new", "serie"}, exitUsage, "Did you mean rensai new series?"},
		{"lang without a value", []string{"--lang"}, exitUsage, "--lang needs a value"},
		{"help command", []string{"help", "new"}, exitOK, "Subcommands:"},
		{"new post outside content", []string{"new", "post", "../x.md"}, exitUsage, "give a file name such as nyukan-08.md"},
		{"new series with a bad slug", []string{"new", "series", "題", "--slug", "a/b"}, exitUsage, `slug "a/b" must be a single name`},
		{"new post outside a site", []string{"new", "post", "a.md", "--source", t.TempDir()}, exitUsage, "is not a site"},
		{"flag value that looks like a flag is not checked", []string{"search", "--source", "--none", "q"}, exitError, "no content/ folder"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var out, errOut bytes.Buffer
			code := run(tt.args, &out, &errOut)
			if code != tt.want {
				t.Errorf("exit %d, want %d (stderr %q)", code, tt.want, errOut.String())
			}
			if all := out.String() + errOut.String(); !strings.Contains(all, tt.out) {
				t.Errorf("output %q lacks %q", all, tt.out)
			}
		})
	}
}
