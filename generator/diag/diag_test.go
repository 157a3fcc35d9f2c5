package diag

import (
	"encoding/json"
	"errors"
	"fmt"
	"strings"
	"testing"

	"github.com/rensai-ssg/rensai/generator/i18n"
)

func TestErrorText(t *testing.T) {
	cases := []struct {
		e    *Error
		want string
	}{
		{&Error{Path: "content/a.md", Line: 3, Column: 7, Msg: "bad"}, "content/a.md:3:7: bad"},
		{&Error{Path: "content/a.md", Line: 3, Msg: "bad"}, "content/a.md:3: bad"},
		{&Error{Path: "content/a.md", Column: 7, Msg: "bad"}, "content/a.md: bad"},
		{&Error{Path: "rensai.toml", Msg: "bad"}, "rensai.toml: bad"},
		{&Error{Msg: "bad"}, "bad"},
	}
	for _, c := range cases {
		if got := c.e.Error(); got != c.want {
			t.Errorf("Error() = %q, want %q", got, c.want)
		}
	}
	if got := (&Error{Path: "a.md", Line: 2, Column: 1, Msg: "x"}).Position(); got != "a.md:2:1" {
		t.Errorf("Position() = %q", got)
	}
}

func TestCollectSortsAndKeepsEverything(t *testing.T) {
	a := Errorf("content/b.md", 2, "second %d", 2)
	b := Errorf("content/a.md", 9, "first")
	c := Warningf("content/a.md", 1, "warn")
	plain := errors.New("no position")
	err := errors.Join(a, fmt.Errorf("load: %w", errors.Join(b, c)), plain)
	got := Collect(err)
	want := []string{"no position", "content/a.md:1: warn", "content/a.md:9: first", "content/b.md:2: second 2"}
	if len(got) != len(want) {
		t.Fatalf("Collect = %v", got)
	}
	for i := range want {
		if got[i].Error() != want[i] && !(i == 0 && got[i].Msg == want[i]) {
			t.Errorf("Collect[%d] = %q, want %q", i, got[i].Error(), want[i])
		}
	}
	if n := len(got.Warnings()); n != 1 {
		t.Errorf("Warnings() has %d", n)
	}
	if n := len(got.Errors()); n != 3 {
		t.Errorf("Errors() has %d", n)
	}
}

func TestCollectKeepsPrefixOfWrappedError(t *testing.T) {
	inner := Errorf("content/a.md", 4, "broken")
	got := Collect(fmt.Errorf("search: %w", inner))
	if len(got) != 1 || got[0].Path != "content/a.md" || got[0].Line != 4 || got[0].Msg != "search: broken" {
		t.Fatalf("Collect = %#v", got)
	}
}

func TestListErr(t *testing.T) {
	var l List
	if l.Err() != nil {
		t.Fatal("empty list is not nil")
	}
	one := Errorf("a", 1, "x")
	l = append(l, one)
	if l.Err() != one {
		t.Fatal("one-element list is not its element")
	}
	l = append(l, Errorf("0", 1, "y"))
	err := l.Err()
	if err.Error() != "0:1: y\na:1: x" {
		t.Fatalf("Err() = %q", err)
	}
	if !errors.Is(err, one) {
		t.Fatal("errors.Is does not see through the list")
	}
}

func TestJSON(t *testing.T) {
	b, err := json.Marshal(&Error{Path: "content/a.md", Line: 3, Column: 2, Msg: "<b>", Severity: SevWarning})
	if err != nil {
		t.Fatal(err)
	}
	var back map[string]any
	if err := json.Unmarshal(b, &back); err != nil {
		t.Fatal(err)
	}
	if back["path"] != "content/a.md" || back["line"] != float64(3) || back["column"] != float64(2) ||
		back["message"] != "<b>" || back["severity"] != "warning" {
		t.Fatalf("JSON = %s", b)
	}
}

func TestTranslated(t *testing.T) {
	e := T("content/posts/a.md", 3, "content.yaml", "mapping values are not allowed in this context", Key("content.yaml.hint"))
	wrapped := Collect(fmt.Errorf("load: %w", e))[0]
	tests := []struct {
		name string
		err  *Error
		lang i18n.Lang
		want string
	}{
		{"English", e, i18n.English, "content/posts/a.md:3: front matter is not valid YAML: mapping values are not allowed in this context; check the indentation and quoting"},
		{"Japanese", e, i18n.Japanese, "content/posts/a.md:3: front matter が YAML として正しくありません: mapping values are not allowed in this context。インデントと引用符を確かめてください"},
		{"prefix kept", wrapped, i18n.Japanese, "content/posts/a.md:3: load: front matter が YAML として正しくありません"},
		{"no key", Errorf("rensai.toml", 2, "plain %s", "text"), i18n.Japanese, "rensai.toml:2: plain text"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := tt.err.In(tt.lang); !strings.HasPrefix(got, tt.want) {
				t.Errorf("In(%s) = %q, want it to start with %q", tt.lang, got, tt.want)
			}
		})
	}
	if e.Msg != e.Text(i18n.English) {
		t.Errorf("Msg = %q, want the English text %q", e.Msg, e.Text(i18n.English))
	}
}
