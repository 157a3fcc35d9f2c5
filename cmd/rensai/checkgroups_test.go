package main

import (
	"bytes"
	"testing"

	"github.com/rensai-ssg/rensai/generator/check"
	"github.com/rensai-ssg/rensai/generator/i18n"
)

func TestPrintProblemGroups(t *testing.T) {
	deleted := `link to "/posts/gone/" does not resolve`
	problems := []check.Problem{
		{Path: "posts/c/index.html", Line: 9, Message: deleted},
		{Path: "index.html", Line: 4, Message: "page has no canonical URL"},
		{Path: "posts/a/index.html", Line: 3, Message: deleted},
		{Path: "posts/b/index.html", Line: 7, Message: deleted},
		{Path: "series/s/index.html", Line: 2, Message: "a missing part"},
		{Path: "series/t/index.html", Line: 2, Message: "a missing part"},
	}
	tests := []struct {
		name string
		lang i18n.Lang
		want string
	}{
		{"English", i18n.English, `link to "/posts/gone/" does not resolve (3 places):
  public/posts/a/index.html:3
  public/posts/b/index.html:7
  public/posts/c/index.html:9
a missing part (2 places):
  public/series/s/index.html:2
  public/series/t/index.html:2
public/index.html:4: page has no canonical URL
`},
		{"Japanese", i18n.Japanese, `link to "/posts/gone/" does not resolve（3 か所）:
  public/posts/a/index.html:3
  public/posts/b/index.html:7
  public/posts/c/index.html:9
a missing part（2 か所）:
  public/series/s/index.html:2
  public/series/t/index.html:2
public/index.html:4: page has no canonical URL
`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			defer func(m i18n.Printer) { msg = m }(msg)
			msg = i18n.New(tt.lang)
			var b bytes.Buffer
			printProblemGroups(&b, "public", problems)
			if b.String() != tt.want {
				t.Errorf("got:\n%s\nwant:\n%s", b.String(), tt.want)
			}
		})
	}
}
