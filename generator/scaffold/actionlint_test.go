package scaffold

import (
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/rhysd/actionlint"
)

// lintWorkflow runs actionlint on one workflow file: the syntax GitHub
// accepts, the events, permissions and runner labels it knows, every
// ${{ }} expression (a step id or output that does not exist, a context
// used where it is not available) and the inputs of popular actions
// (actions/setup-go, actions/cache, actions/configure-pages ...). It
// returns the problems as file:line:col: message [rule].
func lintWorkflow(t *testing.T, path string, data []byte) []string {
	t.Helper()
	l, err := actionlint.NewLinter(io.Discard, &actionlint.LinterOptions{})
	if err != nil {
		t.Fatal(err)
	}
	errs, err := l.Lint(path, data, nil)
	if err != nil {
		t.Fatalf("actionlint on %s: %v", path, err)
	}
	var out []string
	for _, e := range errs {
		out = append(out, fmt.Sprintf("%s:%d:%d: %s [%s]", filepath.Base(path), e.Line, e.Column, e.Message, e.Kind))
	}
	return out
}

// TestWorkflowsPassActionlint: the workflows rensai init writes (for a
// release and for a pseudo-version) and this repository's own pass
// actionlint, so a workflow that GitHub would reject, or that reads an
// output no step sets, fails here rather than on an author's first push.
func TestWorkflowsPassActionlint(t *testing.T) {
	var files []string
	for _, version := range []string{"v1.2.3", "v0.0.0-20260301120000-0123456789ab"} {
		dir := t.TempDir()
		if _, err := Init(dir, Options{Version: version}); err != nil {
			t.Fatal(err)
		}
		files = append(files, filepath.Join(dir, ".github/workflows/pages.yml"), filepath.Join(dir, ".github/workflows/check.yml"))
	}
	own, err := filepath.Glob("../../.github/workflows/*.yml")
	if err != nil || len(own) < 2 {
		t.Fatalf("this repository's workflows: %v, %v", own, err)
	}
	files = append(files, own...)
	for _, f := range files {
		data, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		for _, p := range lintWorkflow(t, f, data) {
			t.Errorf("%s (%s)", p, f)
		}
	}
}

// The linter catches the mistakes TestWorkflowsPassActionlint guards
// against, so a pass there means something: an output read from a step
// id that does not exist, and an input setup-go does not take.
func TestActionlintCatchesBrokenWorkflows(t *testing.T) {
	dir := t.TempDir()
	if _, err := Init(dir, Options{Version: "v1.2.3"}); err != nil {
		t.Fatal(err)
	}
	path := filepath.Join(dir, ".github/workflows/pages.yml")
	data, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	src := string(data)
	for _, tt := range []struct{ name, old, new, want string }{
		{"unknown step id", "steps.pages.outputs.base_url", "steps.page.outputs.base_url", "page"},
		{"unknown input", "go-version: stable", "go-versions: stable", "go-versions"},
	} {
		t.Run(tt.name, func(t *testing.T) {
			if !strings.Contains(src, tt.old) {
				t.Fatalf("pages.yml has no %q:\n%s", tt.old, src)
			}
			broken := strings.Replace(src, tt.old, tt.new, 1)
			got := lintWorkflow(t, path, []byte(broken))
			if len(got) == 0 || !strings.Contains(strings.Join(got, "\n"), tt.want) {
				t.Errorf("actionlint did not report %q: %q", tt.want, got)
			}
		})
	}
}
