package author

import (
	"context"
	"errors"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/rensai-ssg/rensai/generator/content"
)

var now = time.Date(2026, 4, 10, 9, 30, 0, 0, time.UTC)

func writeSite(t *testing.T, files map[string]string) string {
	t.Helper()
	dir := t.TempDir()
	files["rensai.toml"] = "baseURL = \"https://example.jp/\"\n"
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

func part(series string, n int, final bool) string {
	s := "---\ntitle: t\ndate: 2026-04-01\nseries: " + series + "\npart: " + string(rune('0'+n)) + "\n"
	if final {
		s += "final: true\n"
	}
	return s + "---\n本文\n"
}

// parse reads a written file back with the content package, so a test
// fails when NewPost writes front matter the loader refuses.
func parse(t *testing.T, dir, file string) *content.Article {
	t.Helper()
	data, err := os.ReadFile(file)
	if err != nil {
		t.Fatal(err)
	}
	rel, _ := filepath.Rel(filepath.Join(dir, "content"), file)
	a, err := content.Parse(filepath.ToSlash(rel), data, content.LoadOptions{Location: time.UTC, Taxonomies: []string{"tags"}})
	if err != nil {
		t.Fatalf("%s does not parse: %v\n%s", file, err, data)
	}
	return a
}

func TestNewPost(t *testing.T) {
	tests := []struct {
		name       string
		files      map[string]string
		arg        string
		opts       PostOptions
		wantPath   string
		wantSeries string
		wantPart   int
	}{
		{"bare name joins the series of its stem", map[string]string{"content/posts/renji-01.md": part("連絡事項の件", 1, false)},
			"renji-02.md", PostOptions{}, "content/posts/renji-02.md", "連絡事項の件", 2},
		{"bare name without .md", map[string]string{"content/posts/renji-01.md": part("連絡事項の件", 1, false)},
			"renji-03", PostOptions{}, "content/posts/renji-03.md", "連絡事項の件", 2},
		{"bare name joins the series whose slug is its stem", map[string]string{"content/series/renji.md": "---\ntitle: 連絡事項の件\nslug: renji\n---\n"},
			"renji-01.md", PostOptions{}, "content/posts/renji-01.md", "連絡事項の件", 1},
		{"series given after width folding", map[string]string{"content/posts/y-01.md": part("Yさんの件", 1, false), "content/posts/y-02.md": part("Yさんの件", 2, false)},
			"other.md", PostOptions{Series: "Ｙさんの件"}, "content/posts/other.md", "Yさんの件", 3},
		{"series given by its slug", map[string]string{"content/series/renji.md": "---\ntitle: 連絡事項の件\nslug: renji\n---\n", "content/posts/a.md": part("連絡事項の件", 4, false)},
			"b.md", PostOptions{Series: "renji"}, "content/posts/b.md", "連絡事項の件", 5},
		{"series given by the slug of a series without parts", map[string]string{"content/series/renji.md": "---\ntitle: 連絡事項の件\nslug: renji\n---\n"},
			"a.md", PostOptions{Series: "renji"}, "content/posts/a.md", "連絡事項の件", 1},
		{"path stays where it says", nil, "content/notes/memo.md", PostOptions{}, "content/notes/memo.md", "", 0},
		{"a name with no series", map[string]string{"content/posts/renji-01.md": part("連絡事項の件", 1, false)},
			"kyuka.md", PostOptions{}, "content/posts/kyuka.md", "", 0},
		{"overwriting a part keeps its number", map[string]string{"content/posts/renji-01.md": part("R", 1, false), "content/posts/renji-02.md": part("R", 2, false)},
			"renji-02.md", PostOptions{Force: true}, "content/posts/renji-02.md", "R", 2},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if tt.files == nil {
				tt.files = map[string]string{}
			}
			dir := writeSite(t, tt.files)
			tt.opts.Now, tt.opts.Title = now, "見出し"
			p, err := NewPost(context.Background(), dir, tt.arg, tt.opts)
			if err != nil {
				t.Fatal(err)
			}
			if want := filepath.Join(dir, filepath.FromSlash(tt.wantPath)); p.Path != want {
				t.Errorf("path %s, want %s", p.Path, want)
			}
			if p.Series != tt.wantSeries || p.Part != tt.wantPart {
				t.Errorf("series %q part %d, want %q part %d", p.Series, p.Part, tt.wantSeries, tt.wantPart)
			}
			a := parse(t, dir, p.Path)
			if a.Series != tt.wantSeries || a.Part != tt.wantPart || !a.Draft || a.Title != "見出し" || !a.Date.Equal(now) {
				t.Errorf("front matter %+v; want series %q part %d, a draft", a.FrontMatter, tt.wantSeries, tt.wantPart)
			}
			if !strings.Contains(string(a.Body), "## 対応のポイント") {
				t.Errorf("body lacks the archetype's headings:\n%s", a.Body)
			}
		})
	}
}

func TestNewPostRefuses(t *testing.T) {
	tests := []struct {
		name  string
		files map[string]string
		arg   string
		kind  Kind
		msg   string
	}{
		{"existing file", map[string]string{"content/posts/a.md": part("S", 1, false)}, "a.md", Exists,
			"content/posts/a.md already exists; choose another name or pass --force"},
		{"a part after the final part", map[string]string{"content/posts/s-01.md": part("S", 1, false), "content/posts/s-02.md": part("S", 2, true)}, "s-03.md", AfterFinal,
			`content/posts/s-02.md:6: part 2 is the final part of series “S”`},
		{"leaving content", nil, "../escape.md", BadName, "give a file name"},
		{"into the series metadata folder", nil, "series/x.md", BadName, "give a file name"},
		{"a hidden name", nil, "posts/.x.md", BadName, "give a file name"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if tt.files == nil {
				tt.files = map[string]string{}
			}
			dir := writeSite(t, tt.files)
			_, err := NewPost(context.Background(), dir, tt.arg, PostOptions{Now: now})
			var e *Error
			if !errors.As(err, &e) || e.Kind != tt.kind {
				t.Fatalf("err = %v, want kind %d", err, tt.kind)
			}
			if !strings.Contains(err.Error(), tt.msg) {
				t.Errorf("err = %q, want it to say %q", err, tt.msg)
			}
		})
	}
}

func TestNewPostForceMovesFinal(t *testing.T) {
	dir := writeSite(t, map[string]string{"content/posts/s-01.md": part("S", 1, false), "content/posts/s-02.md": part("S", 2, true)})
	p, err := NewPost(context.Background(), dir, "s-03.md", PostOptions{Now: now, Force: true})
	if err != nil {
		t.Fatal(err)
	}
	if p.Part != 3 || p.FinalFrom != filepath.Join(dir, "content", "posts", "s-02.md") {
		t.Errorf("part %d, final moved from %q", p.Part, p.FinalFrom)
	}
	if a := parse(t, dir, p.Path); !a.Final || a.Part != 3 {
		t.Errorf("new part: final %v part %d, want the final part 3", a.Final, a.Part)
	}
	if a := parse(t, dir, p.FinalFrom); a.Final || a.Part != 2 || string(a.Body) != "本文\n" {
		t.Errorf("old part: final %v part %d body %q, want part 2 no longer final and its body kept", a.Final, a.Part, a.Body)
	}
}

func TestArchetypeOrder(t *testing.T) {
	tests := []struct {
		name  string
		files map[string]string
		want  string // text the body must hold
		from  string
	}{
		{"the site's own", map[string]string{"archetypes/post.md": "---\nmood: calm\n---\n## 自分の見出し\n", "themes/default/archetypes/post.md": "## テーマの見出し\n"},
			"## 自分の見出し", "archetypes/post.md"},
		{"the site's copy of the theme", map[string]string{"themes/default/archetypes/post.md": "## テーマの見出し\n"}, "## テーマの見出し", "themes/default/archetypes/post.md"},
		{"built in", map[string]string{}, "## クレーム経緯", "(built-in) themes/default/archetypes/post.md"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			dir := writeSite(t, tt.files)
			p, err := NewPost(context.Background(), dir, "a.md", PostOptions{Now: now})
			if err != nil {
				t.Fatal(err)
			}
			if p.Archetype != tt.from {
				t.Errorf("archetype %q, want %q", p.Archetype, tt.from)
			}
			data, _ := os.ReadFile(p.Path)
			if !strings.Contains(string(data), tt.want) {
				t.Errorf("file lacks %q:\n%s", tt.want, data)
			}
			parse(t, dir, p.Path)
		})
	}
}

func TestParseArchetype(t *testing.T) {
	tests := []struct {
		name, in    string
		extra, body string
		err         bool
	}{
		{"keys rensai writes are dropped with their lines", "---\ntitle: x\ntags:\n  - a\n  - b\ndraft: false\n# note\nmood: 1\n---\nbody\n", "tags:\n  - a\n  - b\n# note\nmood: 1\n", "body\n", false},
		{"a list under a dropped key goes too", "---\nseries:\n  - x\nmood: 1\n---\n", "mood: 1\n", "", false},
		{"no front matter", "## only a body\n", "", "## only a body\n", false},
		{"CRLF", "---\r\nmood: 1\r\n---\r\nbody\r\n", "mood: 1\n", "body\n", false},
		{"front matter at the end", "---\nmood: 1\n---", "mood: 1\n", "", false},
		{"unclosed", "---\nmood: 1\n", "", "", true},
		{"TOML", "+++\nmood = 1\n+++\n", "", "", true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			a, err := parseArchetype("archetypes/post.md", []byte(tt.in), postKeys)
			if tt.err {
				var e *Error
				if !errors.As(err, &e) || e.Kind != BadArchetype {
					t.Fatalf("err = %v, want BadArchetype", err)
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			if a.Extra != tt.extra || a.Body != tt.body {
				t.Errorf("extra %q body %q, want %q and %q", a.Extra, a.Body, tt.extra, tt.body)
			}
		})
	}
}

func TestNewSeries(t *testing.T) {
	dir := writeSite(t, map[string]string{})
	slugify := func(s string) string { return "fallback" }
	paths, err := NewSeries(context.Background(), dir, "入館証の件", SeriesOptions{Slug: "nyukan", Slugify: slugify, Now: now})
	if err != nil {
		t.Fatal(err)
	}
	want := []string{filepath.Join(dir, "content", "series", "nyukan.md"), filepath.Join(dir, "content", "posts", "nyukan-01.md")}
	if len(paths) != 2 || paths[0] != want[0] || paths[1] != want[1] {
		t.Fatalf("paths %v, want %v", paths, want)
	}
	meta := parse(t, dir, paths[0])
	if meta.Title != "入館証の件" || meta.Slug != "nyukan" || meta.Status != "ongoing" {
		t.Errorf("metadata %+v", meta.FrontMatter)
	}
	if first := parse(t, dir, paths[1]); first.Series != "入館証の件" || first.Part != 1 || !first.Draft {
		t.Errorf("first part %+v", first.FrontMatter)
	}
	// The same title again, even in full width, is refused.
	_, err = NewSeries(context.Background(), dir, "入館証の件", SeriesOptions{Slug: "other", Now: now})
	var e *Error
	if !errors.As(err, &e) || e.Kind != SeriesExists {
		t.Errorf("second series: err = %v, want SeriesExists", err)
	}
	// A title close to an existing one is refused before anything is written.
	_, err = NewSeries(context.Background(), dir, "入館証の案件", SeriesOptions{Slug: "close", Now: now})
	if !errors.As(err, &e) || e.Kind != CloseSeries {
		t.Errorf("close title: err = %v, want CloseSeries", err)
	}
	if _, err := os.Stat(filepath.Join(dir, "content", "series", "close.md")); err == nil {
		t.Error("the refused series' metadata file was written")
	}
	// The slug comes from Slugify when none is given.
	paths, err = NewSeries(context.Background(), dir, "別の件", SeriesOptions{Slugify: slugify, Now: now})
	if err != nil || !strings.HasSuffix(paths[0], filepath.Join("series", "fallback.md")) {
		t.Errorf("paths %v, err %v; want the slug from Slugify", paths, err)
	}
	for _, bad := range []string{"a/b", ".x", "has space"} {
		if _, err := NewSeries(context.Background(), dir, "題", SeriesOptions{Slug: bad}); !errors.As(err, &e) || e.Kind != BadSlug {
			t.Errorf("slug %q: err = %v, want BadSlug", bad, err)
		}
	}
	if _, err := NewSeries(context.Background(), dir, " ", SeriesOptions{Slug: "x"}); !errors.As(err, &e) || e.Kind != NoTitle {
		t.Errorf("empty title: err = %v, want NoTitle", err)
	}
}

func TestNewPostOutsideASite(t *testing.T) {
	dir := t.TempDir()
	_, err := NewPost(context.Background(), dir, "a.md", PostOptions{Now: now})
	var e *Error
	if !errors.As(err, &e) || e.Kind != NoSite {
		t.Fatalf("err = %v, want NoSite", err)
	}
	if _, err := os.Stat(filepath.Join(dir, "content")); err == nil {
		t.Error("NewPost created content/ outside a site")
	}
}

// FuzzParseArchetype: any archetype either parses or is refused with an
// *Error; the keys rensai writes never survive, and a parsed archetype
// joined with rensai's own keys reads back as front matter.
func FuzzParseArchetype(f *testing.F) {
	f.Add("---\ntags: []\n---\n\n## 見出し\n")
	f.Add("---\ntitle: x\ntags:\n  - a\n---\n")
	f.Add("## only a body\n")
	f.Add("+++\nx = 1\n+++\n")
	f.Add("---\n---\n")
	f.Fuzz(func(t *testing.T, src string) {
		a, err := parseArchetype("archetypes/post.md", []byte(src), postKeys)
		if err != nil {
			var e *Error
			if !errors.As(err, &e) {
				t.Fatalf("error %v is not an *Error", err)
			}
			return
		}
		for _, line := range strings.Split(a.Extra, "\n") {
			for _, k := range postKeys {
				if strings.HasPrefix(line, k+":") {
					t.Errorf("key %s survived in %q", k, a.Extra)
				}
			}
		}
		if a.Extra != "" && !strings.HasSuffix(a.Extra, "\n") {
			t.Errorf("extra %q does not end with a newline", a.Extra)
		}
	})
}

func TestNewPostCloseSeries(t *testing.T) {
	files := map[string]string{"content/posts/k-01.md": part("契約終了後も入館証が戻らないKさんの件", 1, false)}
	tests := []struct {
		name   string
		series string
		force  bool
		want   string // "" for no error
	}{
		{"a typo of an existing series", "契約終了後も入館証が戻らないKさんの案件", false,
			`no series is titled “契約終了後も入館証が戻らないKさんの案件”; もしかして: “契約終了後も入館証が戻らないKさんの件” (content/posts/k-01.md)?`},
		{"--force starts it anyway", "契約終了後も入館証が戻らないKさんの案件", true, ""},
		{"another initial is another case", "契約終了後も入館証が戻らないWさんの件", false, ""},
		{"an unrelated title", "打刻漏れが続くMさんの件", false, ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			dir := writeSite(t, map[string]string{"content/posts/k-01.md": files["content/posts/k-01.md"]})
			_, err := NewPost(context.Background(), dir, "new.md", PostOptions{Series: tt.series, Force: tt.force, Now: now})
			switch {
			case tt.want == "" && err != nil:
				t.Errorf("err = %v, want none", err)
			case tt.want != "" && (err == nil || !strings.HasPrefix(err.Error(), tt.want)):
				t.Errorf("err = %v, want %q", err, tt.want)
			}
		})
	}
}

// TestNewPostTitlesRoundTrip writes titles that string-built YAML gets
// wrong (a colon, a leading bracket or quote, words YAML reads as other
// types) and reads each back through the content package.
func TestNewPostTitlesRoundTrip(t *testing.T) {
	for i, title := range []string{"返却: 二回目", "【前編】入館証", `"引用"で始まる`, "true", "06", "# 見出しではない", "null", "a\\b\\u0041"} {
		dir := writeSite(t, map[string]string{"content/posts/.keep": ""})
		p, err := NewPost(context.Background(), dir, "posts/t"+strconv.Itoa(i)+".md", PostOptions{Title: title, Now: time.Date(2026, 4, 1, 9, 0, 0, 0, time.UTC)})
		if err != nil {
			t.Fatalf("%q: %v", title, err)
		}
		if got := parse(t, dir, p.Path).Title; got != title {
			t.Errorf("title %q reads back as %q", title, got)
		}
	}
}
