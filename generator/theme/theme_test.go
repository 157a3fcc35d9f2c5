package theme

import (
	"context"
	"html/template"
	"reflect"
	"strings"
	"testing"
	"testing/fstest"
)

// baseTheme is a small theme "t": a base layout with a main block, two
// kinds, partials (one in a subfolder), strings and assets.
func baseTheme() fstest.MapFS {
	return fstest.MapFS{
		"themes/t/layouts/baseof.html":             {Data: []byte(`<html>{{ template "partials/head.html" . }}<body>{{ block "main" . }}{{ end }}{{ template "partials/footer.html" . }}</body></html>`)},
		"themes/t/layouts/article.html":            {Data: []byte(`{{ define "main" }}<article>{{ .Title }} {{ template "partials/meta/date.html" . }}</article>{{ end }}`)},
		"themes/t/layouts/home.html":               {Data: []byte(`{{ define "main" }}<h1>{{ T "home_title" }}</h1><p>{{ T "count" 3 }}</p>{{ end }}`)},
		"themes/t/layouts/alias.html":              {Data: []byte(`<!doctype html><meta http-equiv="refresh" content="0; url={{ .Title }}">`)},
		"themes/t/layouts/partials/head.html":      {Data: []byte(`<head><title>{{ .Title }}</title></head>`)},
		"themes/t/layouts/partials/footer.html":    {Data: []byte(`<footer>{{ T "footer" }}</footer>`)},
		"themes/t/layouts/partials/meta/date.html": {Data: []byte(`<time>{{ .Date }}</time>`)},
		"themes/t/layouts/notes.txt":               {Data: []byte(`not a layout`)},
		"themes/t/strings.toml":                    {Data: []byte("home_title = \"最新の記事\"\nfooter = \"テーマの足元\"\ncount = \"全%d話\"\n")},
		"themes/t/assets/css/style.css":            {Data: []byte(`body{}`)},
		"themes/t/assets/js/reader.js":             {Data: []byte(`;`)},
		"themes/t/assets/.DS_Store":                {Data: []byte(`x`)},
	}
}

// with returns a copy of fsys with files added or replaced.
func with(fsys fstest.MapFS, files map[string]string) fstest.MapFS {
	out := fstest.MapFS{}
	for k, v := range fsys {
		out[k] = v
	}
	for k, v := range files {
		out[k] = &fstest.MapFile{Data: []byte(v)}
	}
	return out
}

type page struct{ Title, Date string }

func render(t *testing.T, th *Theme, kind string, data any) string {
	t.Helper()
	b, err := th.ExecuteBytes(context.Background(), kind, "test/index.html", data)
	if err != nil {
		t.Fatalf("Execute(%s): %v", kind, err)
	}
	return string(b)
}

func TestLoadRendersKinds(t *testing.T) {
	th, err := Load(baseTheme(), "t", nil)
	if err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		name, kind string
		data       any
		want       string
	}{
		{"article fills the base layout and uses a nested partial", "article", page{"一話", "2026-03-04"},
			`<html><head><title>一話</title></head><body><article>一話 <time>2026-03-04</time></article><footer>テーマの足元</footer></body></html>`},
		{"home uses strings with arguments", "home", page{Title: "ホーム"},
			`<html><head><title>ホーム</title></head><body><h1>最新の記事</h1><p>全3話</p><footer>テーマの足元</footer></body></html>`},
		{"a layout with content of its own stands alone", "alias", page{Title: "/posts/a/"},
			`<!doctype html><meta http-equiv="refresh" content="0; url=/posts/a/">`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := render(t, th, tt.kind, tt.data); got != tt.want {
				t.Errorf("got  %s\nwant %s", got, tt.want)
			}
		})
	}
	if th.Has("notes") {
		t.Error("a .txt file in layouts/ became a page kind")
	}
	for _, kind := range []string{"article", "home", "alias"} {
		if !th.Has(kind) {
			t.Errorf("Has(%q) = false", kind)
		}
	}
}

func TestSiteOverlaysTheme(t *testing.T) {
	tests := []struct {
		name  string
		site  map[string]string
		kind  string
		data  any
		want  string
		check func(t *testing.T, th *Theme)
	}{
		{
			name: "a site partial replaces the theme's and the rest stays",
			site: map[string]string{"layouts/partials/footer.html": `<footer>サイトの足元</footer>`},
			kind: "article", data: page{"一話", "d"},
			want: `<html><head><title>一話</title></head><body><article>一話 <time>d</time></article><footer>サイトの足元</footer></body></html>`,
		},
		{
			name: "a site layout replaces the theme's page layout",
			site: map[string]string{"layouts/article.html": `{{ define "main" }}<main>{{ .Title }}</main>{{ end }}`},
			kind: "article", data: page{Title: "二話"},
			want: `<html><head><title>二話</title></head><body><main>二話</main><footer>テーマの足元</footer></body></html>`,
		},
		{
			name: "a site adds a page kind the theme lacks",
			site: map[string]string{"layouts/search.html": `{{ define "main" }}<form>{{ T "footer" }}</form>{{ end }}`},
			kind: "search", data: page{Title: "検索"},
			want: `<html><head><title>検索</title></head><body><form>テーマの足元</form><footer>テーマの足元</footer></body></html>`,
		},
		{
			name: "site strings replace the theme's key by key",
			site: map[string]string{"strings.toml": "footer = \"サイトの言葉\"\n"},
			kind: "home", data: page{Title: "ホーム"},
			want: `<html><head><title>ホーム</title></head><body><h1>最新の記事</h1><p>全3話</p><footer>サイトの言葉</footer></body></html>`,
		},
		{
			name: "a site static file replaces the theme asset of the same output path",
			site: map[string]string{"static/assets/css/style.css": `main{}`, "static/favicon.ico": `ico`, "static/.hidden": `x`},
			kind: "home", data: page{Title: "ホーム"},
			want: `<html><head><title>ホーム</title></head><body><h1>最新の記事</h1><p>全3話</p><footer>テーマの足元</footer></body></html>`,
			check: func(t *testing.T, th *Theme) {
				want := []Asset{
					{Out: "assets/css/style.css", Source: "static/assets/css/style.css"},
					{Out: "assets/js/reader.js", Source: "themes/t/assets/js/reader.js"},
					{Out: "favicon.ico", Source: "static/favicon.ico"},
				}
				if got := th.Assets(); !reflect.DeepEqual(got, want) {
					t.Errorf("Assets() = %+v, want %+v", got, want)
				}
			},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			th, err := Load(with(baseTheme(), tt.site), "t", nil)
			if err != nil {
				t.Fatal(err)
			}
			if got := render(t, th, tt.kind, tt.data); got != tt.want {
				t.Errorf("got  %s\nwant %s", got, tt.want)
			}
			if tt.check != nil {
				tt.check(t, th)
			}
		})
	}
}

func TestThemeAssetsWithoutSiteFiles(t *testing.T) {
	th, err := Load(baseTheme(), "t", nil)
	if err != nil {
		t.Fatal(err)
	}
	want := []Asset{
		{Out: "assets/css/style.css", Source: "themes/t/assets/css/style.css"},
		{Out: "assets/js/reader.js", Source: "themes/t/assets/js/reader.js"},
	}
	if got := th.Assets(); !reflect.DeepEqual(got, want) {
		t.Errorf("Assets() = %+v, want %+v (dot files are not published)", got, want)
	}
}

func TestStrings(t *testing.T) {
	th, err := Load(baseTheme(), "t", nil)
	if err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		name    string
		key     string
		args    []any
		want    string
		wantErr []string // parts of the error message
	}{
		{name: "plain key", key: "home_title", want: "最新の記事"},
		{name: "key with an argument", key: "count", args: []any{7}, want: "全7話"},
		{name: "missing key names the key and the file to add it to", key: "no_such_key",
			wantErr: []string{`"no_such_key"`, "themes/t/strings.toml"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := th.T(tt.key, tt.args...)
			if tt.wantErr != nil {
				if err == nil {
					t.Fatalf("T(%q) = %q, want an error", tt.key, got)
				}
				for _, part := range tt.wantErr {
					if !strings.Contains(err.Error(), part) {
						t.Errorf("error %q lacks %q", err, part)
					}
				}
				return
			}
			if err != nil || got != tt.want {
				t.Errorf("T(%q) = %q, %v; want %q", tt.key, got, err, tt.want)
			}
		})
	}
	if got := th.String("no_such_key"); got != "no_such_key" {
		t.Errorf("String of a missing key = %q, want the key itself", got)
	}
	if got := th.String("footer"); got != "テーマの足元" {
		t.Errorf("String(footer) = %q", got)
	}
}

// errorCase is a theme that fails to load or to render.
type errorCase struct {
	name string
	fsys fstest.MapFS
	// exec, if set, is the kind executed after a successful Load.
	exec string
	// want is the start of the error message; parts must appear in it.
	want  string
	parts []string
}

func errorCases() []errorCase {
	return []errorCase{
		{
			name: "parse error in a theme layout",
			fsys: with(baseTheme(), map[string]string{"themes/t/layouts/article.html": "{{ define \"main\" }}\n<p>\n{{ if }}\n{{ end }}"}),
			want: "themes/t/layouts/article.html:3:",
		},
		{
			name: "parse error in a site override names the site file",
			fsys: with(baseTheme(), map[string]string{"layouts/article.html": "{{ define \"main\" }}\n{{ with }}{{ end }}\n{{ end }}"}),
			want: "layouts/article.html:2:",
		},
		{
			name: "parse error in a partial",
			fsys: with(baseTheme(), map[string]string{"themes/t/layouts/partials/footer.html": "<footer>\n\n{{ range }}</footer>"}),
			want: "themes/t/layouts/partials/footer.html:3:",
		},
		{
			name:  "execution error names the layout, line and column",
			fsys:  with(baseTheme(), map[string]string{"layouts/article.html": "{{ define \"main\" }}\n<p>\n  {{ .NoSuchField }}</p>{{ end }}"}),
			exec:  "article",
			want:  "layouts/article.html:3:5:",
			parts: []string{"NoSuchField"},
		},
		{
			name:  "a missing string fails the page naming the key",
			fsys:  with(baseTheme(), map[string]string{"layouts/partials/footer.html": "<footer>\n{{ T \"typo_key\" }}</footer>"}),
			exec:  "article",
			want:  "layouts/partials/footer.html:2:",
			parts: []string{`"typo_key"`, "strings.toml"},
		},
		{
			name:  "strings.toml syntax error has its line",
			fsys:  with(baseTheme(), map[string]string{"strings.toml": "ok = \"はい\"\nbroken = \n"}),
			want:  "strings.toml:2:",
			parts: []string{`key = "文字列"`},
		},
		{
			name:  "missing theme",
			fsys:  fstest.MapFS{"content/a.md": {Data: []byte("x")}},
			want:  `rensai.toml: theme "t" not found`,
			parts: []string{"themes/t/", "rensai.toml"},
		},
		{
			name: "missing base layout",
			fsys: fstest.MapFS{"themes/t/layouts/article.html": {Data: []byte(`x`)}},
			want: "themes/t/layouts/baseof.html: file not found",
		},
		{
			name: "executing a kind the theme has no layout for",
			fsys: baseTheme(),
			exec: "taxonomy",
			want: "themes/t/layouts/taxonomy.html: file not found",
		},
	}
}

// TestErrors checks that every problem names the file (as the author sees
// it, relative to the site) and, where there is one, the line.
func TestErrors(t *testing.T) {
	tests := errorCases()
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			th, err := Load(tt.fsys, "t", template.FuncMap{})
			if tt.exec != "" {
				if err != nil {
					t.Fatalf("Load: %v", err)
				}
				_, err = th.ExecuteBytes(context.Background(), tt.exec, "test/index.html", page{Title: "一話"})
			}
			if err == nil {
				t.Fatalf("no error, want one starting %q", tt.want)
			}
			msg := err.Error()
			if !strings.HasPrefix(msg, tt.want) {
				t.Errorf("error %q does not start with %q", msg, tt.want)
			}
			for _, part := range tt.parts {
				if !strings.Contains(msg, part) {
					t.Errorf("error %q lacks %q", msg, part)
				}
			}
			if strings.Contains(msg, "template: ") {
				t.Errorf("error %q keeps html/template's internal prefix", msg)
			}
		})
	}
}

func TestFuncsReachTemplates(t *testing.T) {
	fsys := with(baseTheme(), map[string]string{"layouts/home.html": `{{ define "main" }}{{ shout "はい" }}{{ end }}`})
	th, err := Load(fsys, "t", template.FuncMap{"shout": func(s string) string { return s + "！" }})
	if err != nil {
		t.Fatal(err)
	}
	if got := render(t, th, "home", page{Title: "h"}); !strings.Contains(got, "はい！") {
		t.Errorf("home = %s, want the result of the extra function", got)
	}
}

func TestHash(t *testing.T) {
	load := func(fsys fstest.MapFS) string {
		t.Helper()
		th, err := Load(fsys, "t", nil)
		if err != nil {
			t.Fatal(err)
		}
		return th.Hash()
	}
	base := load(baseTheme())
	if again := load(baseTheme()); again != base {
		t.Errorf("the same theme hashed %s and %s", base, again)
	}
	tests := []struct {
		name string
		site map[string]string
	}{
		{"a theme layout changes", map[string]string{"themes/t/layouts/home.html": `{{ define "main" }}別{{ end }}`}},
		{"a partial changes", map[string]string{"themes/t/layouts/partials/head.html": `<head></head>`}},
		{"a site override appears", map[string]string{"layouts/partials/footer.html": `<footer></footer>`}},
		{"a theme string changes", map[string]string{"themes/t/strings.toml": "home_title = \"別\"\nfooter = \"f\"\ncount = \"%d\"\n"}},
		{"a site string appears", map[string]string{"strings.toml": "footer = \"別\"\n"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := load(with(baseTheme(), tt.site)); got == base {
				t.Error("the hash did not change")
			}
		})
	}
}
