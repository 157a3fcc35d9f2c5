package check

import (
	"context"
	"slices"
	"strings"
	"testing"
	"testing/fstest"
)

// TestCheckPartsFile checks the list of parts beside a series page, which
// the reader script shows on every part: a clean one passes, and a broken,
// stale or misplaced one is a problem at that file.
func TestCheckPartsFile(t *testing.T) {
	const name = "series/kujou/parts.json"
	good := `{"v":1,"series":"/repo/series/kujou/","parts":` + kujouParts + `}`
	tests := []struct {
		name    string
		data    string // "" for no parts file
		problem []string
	}{
		{name: "no parts file (a theme that writes none)"},
		{name: "clean", data: good},
		{
			name: "a part missing",
			data: strings.Replace(good, `{"url":"/repo/posts/b/","part":2,"label":"続編②"},`, ``, 1),
			problem: []string{
				name + `:1: the list of parts of /repo/series/kujou/ is [/repo/posts/a/ /repo/posts/c/]; its series page lists [/repo/posts/a/ /repo/posts/b/ /repo/posts/c/]`,
			},
		},
		{
			name: "a part that is not on the site",
			data: strings.Replace(good, `/repo/posts/c/`, `/repo/posts/zz/`, 1),
			problem: []string{
				name + `:1: the list of parts of /repo/series/kujou/ is [/repo/posts/a/ /repo/posts/b/ /repo/posts/zz/]; its series page lists [/repo/posts/a/ /repo/posts/b/ /repo/posts/c/]`,
			},
		},
		{
			name: "another series",
			data: strings.Replace(good, `"series":"/repo/series/kujou/"`, `"series":"/repo/series/other/"`, 1),
			problem: []string{
				name + `:1: the list of parts names series "/repo/series/other/", not the series page beside it (/repo/series/kujou/)`,
			},
		},
		{
			name: "not JSON",
			data: "{\"v\":1,\n\"parts\":[",
			problem: []string{
				name + `:2: the list of parts is not valid JSON: unexpected end of JSON input; build the site again`,
			},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			fs := cleanSite()
			if tt.data != "" {
				fs[name] = &fstest.MapFile{Data: []byte(tt.data)}
			}
			if got := problemsOf(t, fs); !slices.Equal(got, tt.problem) {
				t.Errorf("problems:\n%s\nwant:\n%s", strings.Join(got, "\n"), strings.Join(tt.problem, "\n"))
			}
		})
	}
}

// TestCheckPartsFileMissing: when the parts leave their list of parts to
// the series' parts file (their page data lists none, as rensai writes
// them), a missing parts file is a problem at the series page; with it,
// the site is clean.
func TestCheckPartsFileMissing(t *testing.T) {
	fs := cleanSite()
	for _, n := range []string{"a", "b", "c"} {
		f := fs["posts/"+n+"/index.html"]
		f.Data = []byte(strings.Replace(string(f.Data), `,"parts":`+kujouParts, ``, 1))
	}
	want := []string{`series/kujou/index.html:9: series/kujou/parts.json is missing: its parts (such as /repo/posts/a/) leave their list of parts to it; build the site again and publish all of it`}
	if got := problemsOf(t, fs); !slices.Equal(got, want) {
		t.Errorf("problems:\n%s\nwant:\n%s", strings.Join(got, "\n"), strings.Join(want, "\n"))
	}
	fs["series/kujou/parts.json"] = &fstest.MapFile{Data: []byte(`{"v":1,"series":"/repo/series/kujou/","parts":` + kujouParts + `}`)}
	if got := problemsOf(t, fs); len(got) > 0 {
		t.Errorf("with the parts file: %s", strings.Join(got, "\n"))
	}
}

// TestCheckScriptFiles: a file the reader script fetches (data-src, the
// default theme's settings box) is checked like a link: missing, the
// feature would be silently gone.
func TestCheckScriptFiles(t *testing.T) {
	fs := cleanSite()
	f := fs["index.html"]
	f.Data = []byte(strings.Replace(string(f.Data), `<ul>`, `<div id="reader-settings" hidden data-src="/repo/assets/settings.html"></div>`+"\n<ul>", 1))
	got := problemsOf(t, fs)
	if len(got) != 1 || !strings.Contains(got[0], `file a script loads "/repo/assets/settings.html"`) || !strings.HasPrefix(got[0], "index.html:") {
		t.Errorf("problems:\n%s\nwant one at index.html for the missing settings.html", strings.Join(got, "\n"))
	}
	fs["assets/settings.html"] = &fstest.MapFile{Data: []byte(htmlPage("表示設定", testBase+"assets/settings.html", "<form></form>"))}
	if got := problemsOf(t, fs); len(got) > 0 {
		t.Errorf("with the file: %s", strings.Join(got, "\n"))
	}
}

// problemsOf checks fs under the test base URL and returns its problems
// as rensai check prints them.
func problemsOf(t *testing.T, fs fstest.MapFS) []string {
	t.Helper()
	rep, err := Check(context.Background(), fs, Options{BaseURL: testBase})
	if err != nil {
		t.Fatal(err)
	}
	var got []string
	for _, p := range rep.Problems {
		got = append(got, p.String())
	}
	return got
}

// TestCheckCountsTheSiteFiles: the build's mark (.rensai-build) is not a
// file of the site, so check counts the files the build reported.
func TestCheckCountsTheSiteFiles(t *testing.T) {
	fs := cleanSite()
	rep, err := Check(context.Background(), fs, Options{BaseURL: testBase})
	if err != nil {
		t.Fatal(err)
	}
	fs[".rensai-build"] = &fstest.MapFile{Data: []byte("rensai build\n")}
	marked, err := Check(context.Background(), fs, Options{BaseURL: testBase})
	if err != nil {
		t.Fatal(err)
	}
	if marked.Files != rep.Files || len(marked.Problems) != len(rep.Problems) {
		t.Errorf("with the build's mark: %d files, %d problems; without: %d files, %d problems", marked.Files, len(marked.Problems), rep.Files, len(rep.Problems))
	}
}
