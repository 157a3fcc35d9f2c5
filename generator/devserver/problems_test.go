package devserver

import (
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"

	"github.com/rensai-ssg/rensai/generator/diag"
)

// excerptSite is a site directory for the excerpt tests, with a secret file
// beside it (outside the site) and a link from inside to it.
func excerptSite(t *testing.T) string {
	t.Helper()
	dir := t.TempDir()
	root := filepath.Join(dir, "site")
	files := map[string]string{
		"content/a.md":    "一\n二\n三\n四\n五\n六\n七\n",
		"content/crlf.md": "one\r\ntwo\r\nthree\r\n",
		"content/long.md": strings.Repeat("あ", 300) + "\n",
		"content/one.md":  "ただ一行",
	}
	writeFiles(t, root, files)
	if err := os.WriteFile(filepath.Join(dir, "secret.txt"), []byte(secret+"\n"+secret+"\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	if err := os.Symlink(filepath.Join(dir, "secret.txt"), filepath.Join(root, "content", "link.md")); err != nil {
		t.Fatal(err)
	}
	return root
}

func TestReadExcerpt(t *testing.T) {
	root := excerptSite(t)
	site, err := os.OpenRoot(root)
	if err != nil {
		t.Fatal(err)
	}
	defer site.Close()
	long := strings.Repeat("あ", maxExcerptLine/3) + "…" // cut at a character boundary
	tests := []struct {
		name string
		path string
		line int
		want *excerpt
	}{
		{"two lines either side", "content/a.md", 4, &excerpt{Start: 2, Lines: []string{"二", "三", "四", "五", "六"}}},
		{"first line", "content/a.md", 1, &excerpt{Start: 1, Lines: []string{"一", "二", "三"}}},
		{"second line", "content/a.md", 2, &excerpt{Start: 1, Lines: []string{"一", "二", "三", "四"}}},
		{"last line", "content/a.md", 7, &excerpt{Start: 5, Lines: []string{"五", "六", "七"}}},
		{"a file of one line without newline", "content/one.md", 1, &excerpt{Start: 1, Lines: []string{"ただ一行"}}},
		{"CRLF line ends are dropped", "content/crlf.md", 2, &excerpt{Start: 1, Lines: []string{"one", "two", "three"}}},
		{"a long line is clipped", "content/long.md", 1, &excerpt{Start: 1, Lines: []string{long}}},
		{"a line past the end", "content/a.md", 9, nil},
		{"no line", "content/a.md", 0, nil},
		{"no path", "", 3, nil},
		{"a missing file", "content/none.md", 1, nil},
		{"a directory", "content", 1, nil},
		{"dot-dot out of the site", "../secret.txt", 1, nil},
		{"dot-dot inside the path", "content/../../secret.txt", 1, nil},
		{"an absolute path", filepath.Join(filepath.Dir(root), "secret.txt"), 1, nil},
		{"a link out of the site", "content/link.md", 1, nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := readExcerpt(site, tt.path, tt.line)
			if !reflect.DeepEqual(got, tt.want) {
				t.Errorf("readExcerpt(%q, %d) = %+v, want %+v", tt.path, tt.line, got, tt.want)
			}
			if got != nil && strings.Contains(strings.Join(got.Lines, "\n"), secret) {
				t.Errorf("the excerpt holds the secret from outside the site")
			}
		})
	}
}

func TestProblemsOf(t *testing.T) {
	root := excerptSite(t)
	err := fmt.Errorf("build: %w", errors.Join(
		diag.Warningf("content/a.md", 6, "注意"),
		diag.Errorf("content/a.md", 3, "三行目が変です"),
		errors.New("位置のない失敗"),
		diag.Errorf("../secret.txt", 1, "外のファイル"),
	))
	got := problemsOf(root, LangEnglish, err, diag.List{diag.Warningf("content/one.md", 1, "ビルドの警告")})
	want := []problem{
		{Message: "位置のない失敗", Severity: "error"},
		{Path: "../secret.txt", Line: 1, Message: "外のファイル", Severity: "error"},
		{Path: "content/a.md", Line: 3, Message: "三行目が変です", Severity: "error",
			Excerpt: &excerpt{Start: 1, Lines: []string{"一", "二", "三", "四", "五"}}},
		{Path: "content/a.md", Line: 6, Message: "注意", Severity: "warning",
			Excerpt: &excerpt{Start: 4, Lines: []string{"四", "五", "六", "七"}}},
		{Path: "content/one.md", Line: 1, Message: "ビルドの警告", Severity: "warning",
			Excerpt: &excerpt{Start: 1, Lines: []string{"ただ一行"}}},
	}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("problemsOf =\n%s\nwant\n%s", dump(got), dump(want))
	}
	if got := problemsOf(root, LangEnglish, nil, nil); got != nil {
		t.Errorf("problemsOf(nil, nil) = %v, want nil", got)
	}
}

// The overlay shows a message of the catalog in the server's language.
func TestProblemsOfInTheServersLanguage(t *testing.T) {
	root := excerptSite(t)
	err := diag.T("content/a.md", 1, "content.noDate")
	tests := []struct{ lang, want string }{
		{LangEnglish, "date is missing; add a line like date: 2026-03-01"},
		{LangJapanese, "date がありません。front matter に date: 2026-03-01"},
	}
	for _, tt := range tests {
		t.Run(tt.lang, func(t *testing.T) {
			got := problemsOf(root, tt.lang, err, nil)
			if len(got) != 1 || got[0].Line != 1 || !strings.HasPrefix(got[0].Message, tt.want) {
				t.Errorf("problemsOf = %s; want one problem at line 1 starting %q", dump(got), tt.want)
			}
		})
	}
}

func TestProblemsOfBoundsItsWork(t *testing.T) {
	root := excerptSite(t)
	var errs []error
	for i := range maxProblems + 10 {
		errs = append(errs, diag.Errorf("content/a.md", 1+i%7, "問題 %03d", i))
	}
	got := problemsOf(root, LangEnglish, errors.Join(errs...), nil)
	if len(got) != maxProblems {
		t.Fatalf("%d problems sent, want at most %d", len(got), maxProblems)
	}
	with := 0
	for _, p := range got {
		if p.Excerpt != nil {
			with++
		}
	}
	if with != maxExcerpts {
		t.Errorf("%d problems have an excerpt, want %d", with, maxExcerpts)
	}
}

func dump(ps []problem) string {
	var b strings.Builder
	for _, p := range ps {
		fmt.Fprintf(&b, "  %+v", p)
		if p.Excerpt != nil {
			fmt.Fprintf(&b, " excerpt %+v", *p.Excerpt)
		}
		b.WriteByte('\n')
	}
	return b.String()
}
