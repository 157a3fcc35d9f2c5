package content

import (
	"errors"
	"reflect"
	"strconv"
	"strings"
	"testing"
	"time"
)

var testOpts = LoadOptions{Taxonomies: []string{"tags", "clients", "staff"}}

var jst = time.FixedZone("JST", 9*60*60)

// yamlFile builds a YAML content file with a title and date followed by
// extra front-matter lines.
func yamlFile(extra string) string {
	return "---\ntitle: 入館証の件\ndate: 2026-03-01\n" + extra + "---\n本文\n"
}

func TestParseYAMLKeys(t *testing.T) {
	tests := []struct {
		name  string
		extra string
		get   func(*Article) any
		want  any
	}{
		{"title", "", func(a *Article) any { return a.Title }, "入館証の件"},
		{"date-only", "", func(a *Article) any { return a.Date }, time.Date(2026, 3, 1, 0, 0, 0, 0, time.UTC)},
		{"lastmod-minutes", "lastmod: 2026-03-02 18:05\n", func(a *Article) any { return a.Lastmod }, time.Date(2026, 3, 2, 18, 5, 0, 0, time.UTC)},
		{"lastmod-absent", "", func(a *Article) any { return a.Lastmod.IsZero() }, true},
		{"draft-true", "draft: true\n", func(a *Article) any { return a.Draft }, true},
		{"draft-false", "draft: false\n", func(a *Article) any { return a.Draft }, false},
		{"draft-empty", "draft:\n", func(a *Article) any { return a.Draft }, false},
		{"slug", "slug: nyukan-01\n", func(a *Article) any { return a.Slug }, "nyukan-01"},
		{"slug-japanese", "slug: 入館証\n", func(a *Article) any { return a.Slug }, "入館証"},
		{"series-slug", "series: 入館証の件\npart: 2\nseries_slug: nyukan-y\n", func(a *Article) any { return [3]any{a.Series, a.SeriesSlug, a.Params["series_slug"]} }, [3]any{"入館証の件", "nyukan-y", nil}},
		{"series-slug-japanese", "series: 入館証の件\npart: 2\nseries_slug: 入館証Y\n", func(a *Article) any { return a.SeriesSlug }, "入館証Y"},
		{"series-and-part", "series: 入館証の件\npart: 6\n", func(a *Article) any { return [2]any{a.Series, a.Part} }, [2]any{"入館証の件", 6}},
		{"part-quoted-digits", "series: s\npart: \"06\"\n", func(a *Article) any { return a.Part }, 6},
		{"final", "series: s\npart: 15\nfinal: true\n", func(a *Article) any { return a.Final }, true},
		{"summary", "summary: 派遣先で入館証が出ない\n", func(a *Article) any { return a.Summary }, "派遣先で入館証が出ない"},
		{"summary-number-kept-as-written", "summary: 1.50\n", func(a *Article) any { return a.Summary }, "1.50"},
		{"cover", "cover: /images/a.jpg\n", func(a *Article) any { return a.Cover }, "/images/a.jpg"},
		{"description", "description: 説明\n", func(a *Article) any { return a.Description }, "説明"},
		{"status-ongoing", "status: ongoing\n", func(a *Article) any { return a.Status }, "ongoing"},
		{"status-complete", "status: complete\n", func(a *Article) any { return a.Status }, "complete"},
		{"aliases-list", "aliases: [/2019/05/old/, /old.html]\n", func(a *Article) any { return a.Aliases }, []string{"/2019/05/old/", "/old.html"}},
		{"aliases-one-string", "aliases: /2019/05/old/\n", func(a *Article) any { return a.Aliases }, []string{"/2019/05/old/"}},
		{"tags-list", "tags: [クレーム, 入館証]\n", func(a *Article) any { return a.Taxonomies["tags"] }, []string{"クレーム", "入館証"}},
		{"tags-block-list", "tags:\n  - クレーム\n  - 入館証\n", func(a *Article) any { return a.Taxonomies["tags"] }, []string{"クレーム", "入館証"}},
		{"tags-one-string", "tags: クレーム\n", func(a *Article) any { return a.Taxonomies["tags"] }, []string{"クレーム"}},
		{"tags-trim-drop-dedupe-keep-order", "tags: [\" 入館証 \", \"\", クレーム, 入館証, \"\u3000\"]\n", func(a *Article) any { return a.Taxonomies["tags"] }, []string{"入館証", "クレーム"}},
		{"tags-number-as-text", "tags: [2026, 1.50]\n", func(a *Article) any { return a.Taxonomies["tags"] }, []string{"2026", "1.50"}},
		{"tags-empty-list-absent", "tags: []\n", func(a *Article) any { _, ok := a.Taxonomies["tags"]; return ok }, false},
		{"clients-and-staff", "clients: 株式会社A\nstaff: [佐藤, 鈴木]\n", func(a *Article) any { return a.Taxonomies }, map[string][]string{"clients": {"株式会社A"}, "staff": {"佐藤", "鈴木"}}},
		{"unlisted-taxonomy-is-param", "categories: [a]\n", func(a *Article) any { return a.Params["categories"] }, []any{"a"}},
		{"param-string", "mood: 疲れた\n", func(a *Article) any { return a.Params["mood"] }, "疲れた"},
		{"param-int", "count: 3\n", func(a *Article) any { return a.Params["count"] }, 3},
		{"param-float", "ratio: 0.5\n", func(a *Article) any { return a.Params["ratio"] }, 0.5},
		{"param-bool", "toc: false\n", func(a *Article) any { return a.Params["toc"] }, false},
		{"param-null", "empty:\n", func(a *Article) any { v, ok := a.Params["empty"]; return [2]any{v, ok} }, [2]any{nil, true}},
		{"param-timestamp", "visited: 2026-02-27 14:00:00\n", func(a *Article) any { return a.Params["visited"] }, time.Date(2026, 2, 27, 14, 0, 0, 0, time.UTC)},
		{"param-date", "visited: 2026-02-27\n", func(a *Article) any { return a.Params["visited"] }, time.Date(2026, 2, 27, 0, 0, 0, 0, time.UTC)},
		{"param-date-like-text-stays-text", "visited: 2026-02-27 14:00\n", func(a *Article) any { return a.Params["visited"] }, "2026-02-27 14:00"},
		{"param-nested", "author:\n  name: 営業\n  links: [a, 1]\n", func(a *Article) any { return a.Params["author"] }, map[string]any{"name": "営業", "links": []any{"a", 1}}},
		{"param-number-keys-become-text", "years:\n  2025: 前年\n", func(a *Article) any { return a.Params["years"] }, map[string]any{"2025": "前年"}},
		{"param-anchor-alias", "base: &b {x: 1}\ncopy: *b\n", func(a *Article) any { return a.Params["copy"] }, map[string]any{"x": 1}},
		{"param-merge-key", "base: &b {x: 1, y: 2}\nderived:\n  <<: *b\n  y: 3\n", func(a *Article) any { return a.Params["derived"] }, map[string]any{"x": 1, "y": 3}},
		{"param-merge-list-first-wins", "a: &a {x: 1}\nb: &b {x: 2, y: 2}\nc:\n  <<: [*a, *b]\n", func(a *Article) any { return a.Params["c"] }, map[string]any{"x": 1, "y": 2}},
		{"top-level-merge", "defaults: &d {mood: 普通, title: 上書きされない}\n<<: *d\n", func(a *Article) any { return [2]any{a.Params["mood"], a.Title} }, [2]any{"普通", "入館証の件"}},
		{"lines", "series: s\npart: 2\ntags: [a]\n", func(a *Article) any { return a.Lines }, map[string]int{"title": 2, "date": 3, "series": 4, "part": 5, "tags": 6}},
		{"known-keys-not-in-params", "series: s\npart: 2\ntags: [a]\n", func(a *Article) any { return len(a.Params) }, 0},
		{"params-table-merged", "mood: 普通\nparams:\n  serie: テンプレート用\n  draft: 下書きメモ\n", func(a *Article) any { return [2]any{a.Params, a.Draft} }, [2]any{map[string]any{"mood": "普通", "serie": "テンプレート用", "draft": "下書きメモ"}, false}},
		{"params-keys-have-no-line", "params:\n  mood: 普通\n", func(a *Article) any { _, ok := a.Lines["mood"]; return [2]any{ok, a.Lines["params"]} }, [2]any{false, 4}},
		{"params-empty", "params:\n", func(a *Article) any { return len(a.Params) }, 0},
		{"section", "", func(a *Article) any { return a.Section }, "posts"},
		{"path", "", func(a *Article) any { return a.Path }, "posts/a.md"},
		{"body", "", func(a *Article) any { return string(a.Body) }, "本文\n"},
		{"body-line", "x: 1\n", func(a *Article) any { return a.BodyLine }, 6},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			a, err := Parse("posts/a.md", []byte(yamlFile(tt.extra)), testOpts)
			if err != nil {
				t.Fatalf("Parse: %v", err)
			}
			if got := tt.get(a); !reflect.DeepEqual(got, tt.want) {
				t.Errorf("got %#v, want %#v", got, tt.want)
			}
		})
	}
}

func TestParseTOMLKeys(t *testing.T) {
	const head = "+++\ntitle = \"入館証の件\"\ndate = 2026-03-01\n"
	tests := []struct {
		name  string
		extra string
		get   func(*Article) any
		want  any
	}{
		{"title", "", func(a *Article) any { return a.Title }, "入館証の件"},
		{"local-date", "", func(a *Article) any { return a.Date }, time.Date(2026, 3, 1, 0, 0, 0, 0, jst)},
		{"local-date-time", "lastmod = 2026-03-02T18:05:00\n", func(a *Article) any { return a.Lastmod }, time.Date(2026, 3, 2, 18, 5, 0, 0, jst)},
		{"offset-date-time", "lastmod = 2026-03-02T18:05:00Z\n", func(a *Article) any { return a.Lastmod.Equal(time.Date(2026, 3, 2, 18, 5, 0, 0, time.UTC)) }, true},
		{"date-as-string", "lastmod = \"2026-03-02 18:05\"\n", func(a *Article) any { return a.Lastmod }, time.Date(2026, 3, 2, 18, 5, 0, 0, jst)},
		{"draft", "draft = true\n", func(a *Article) any { return a.Draft }, true},
		{"series-part-final", "series = \"s\"\npart = 17\nfinal = true\n", func(a *Article) any { return [3]any{a.Series, a.Part, a.Final} }, [3]any{"s", 17, true}},
		{"part-string", "series = \"s\"\npart = \"3\"\n", func(a *Article) any { return a.Part }, 3},
		{"slug", "slug = \"nyukan\"\n", func(a *Article) any { return a.Slug }, "nyukan"},
		{"series-slug", "series = \"s\"\npart = 1\nseries_slug = \"s-2\"\n", func(a *Article) any { return a.SeriesSlug }, "s-2"},
		{"aliases", "aliases = [\"/a/\", \"/b/\"]\n", func(a *Article) any { return a.Aliases }, []string{"/a/", "/b/"}},
		{"tags", "tags = [\"b\", \" a \", \"b\"]\n", func(a *Article) any { return a.Taxonomies["tags"] }, []string{"b", "a"}},
		{"tags-one-string", "tags = \"a\"\n", func(a *Article) any { return a.Taxonomies["tags"] }, []string{"a"}},
		{"param-int", "count = 3\n", func(a *Article) any { return a.Params["count"] }, 3},
		{"param-float", "ratio = 0.5\n", func(a *Article) any { return a.Params["ratio"] }, 0.5},
		{"param-local-time", "at = 07:32:00\n", func(a *Article) any { return a.Params["at"] }, "07:32:00"},
		{"params-table", "mood = \"a\"\n[params]\nserie = \"b\"\n", func(a *Article) any { return a.Params }, map[string]any{"mood": "a", "serie": "b"}},
		{"param-table", "[author]\nname = \"営業\"\nyears = [2025, 2026]\n", func(a *Article) any { return a.Params["author"] }, map[string]any{"name": "営業", "years": []any{2025, 2026}}},
		{"lines", "series = \"s\"\npart = 2\n\n[author]\nname = \"x\"\n", func(a *Article) any { return a.Lines }, map[string]int{"title": 2, "date": 3, "series": 4, "part": 5, "author": 7}},
		{"lines-dotted-key", "author.name = \"x\"\n", func(a *Article) any { return a.Lines["author"] }, 4},
		{"body-line", "x = 1\n", func(a *Article) any { return a.BodyLine }, 6},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			src := head + tt.extra + "+++\n本文\n"
			a, err := Parse("posts/a.md", []byte(src), LoadOptions{Location: jst, Taxonomies: []string{"tags"}})
			if err != nil {
				t.Fatalf("Parse: %v", err)
			}
			if got := tt.get(a); !reflect.DeepEqual(got, tt.want) {
				t.Errorf("got %#v, want %#v", got, tt.want)
			}
		})
	}
}

func TestParseDates(t *testing.T) {
	tests := []struct {
		name string
		date string
		loc  *time.Location
		want time.Time
	}{
		{"date-only-utc", "2026-03-01", nil, time.Date(2026, 3, 1, 0, 0, 0, 0, time.UTC)},
		{"date-only-in-location", "2026-03-01", jst, time.Date(2026, 3, 1, 0, 0, 0, 0, jst)},
		{"minutes-space", "2026-03-01 09:30", jst, time.Date(2026, 3, 1, 9, 30, 0, 0, jst)},
		{"minutes-quoted", "\"2026-03-01 09:30\"", jst, time.Date(2026, 3, 1, 9, 30, 0, 0, jst)},
		{"seconds-t", "2026-03-01T09:30:15", jst, time.Date(2026, 3, 1, 9, 30, 15, 0, jst)},
		{"rfc3339-offset", "2026-03-01T09:30:00+09:00", time.UTC, time.Date(2026, 3, 1, 0, 30, 0, 0, time.UTC)},
		{"rfc3339-z", "2026-03-01T09:30:00Z", jst, time.Date(2026, 3, 1, 9, 30, 0, 0, time.UTC)},
		{"rfc3339-fraction", "2026-03-01T09:30:00.5+09:00", nil, time.Date(2026, 3, 1, 0, 30, 0, 5e8, time.UTC)},
		{"yaml-timestamp-unpadded", "2026-3-1", jst, time.Date(2026, 3, 1, 0, 0, 0, 0, jst)},
		{"yaml-timestamp-unpadded-time", "2026-3-1 9:05:00", jst, time.Date(2026, 3, 1, 9, 5, 0, 0, jst)},
		{"yaml-timestamp-lowercase-t", "2026-03-01t09:30:00Z", jst, time.Date(2026, 3, 1, 9, 30, 0, 0, time.UTC)},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			src := "---\ntitle: t\ndate: " + tt.date + "\n---\n"
			a, err := Parse("posts/a.md", []byte(src), LoadOptions{Location: tt.loc})
			if err != nil {
				t.Fatalf("Parse: %v", err)
			}
			if !a.Date.Equal(tt.want) {
				t.Errorf("Date = %v, want %v", a.Date, tt.want)
			}
			if _, off := a.Date.Zone(); tt.loc == jst && !strings.Contains(tt.date, "Z") && !strings.Contains(tt.date, "+") && off != 9*3600 {
				t.Errorf("Date %v is not in the given location", a.Date)
			}
		})
	}
}

// wantErrors checks that err holds exactly the given errors, each written as
// "path:line: fragment" where fragment must appear in the message.
func wantErrors(t *testing.T, err error, want []string) {
	t.Helper()
	if err == nil {
		t.Fatalf("no error, want %q", want)
	}
	got := Errors(err)
	if len(got) != len(want) {
		t.Fatalf("got %d errors, want %d:\n%v", len(got), len(want), err)
	}
	for i, w := range want {
		e := got[i]
		var prefix string
		if e.Line > 0 {
			prefix = e.Path + ":" + strconv.Itoa(e.Line) + ": "
		} else {
			prefix = e.Path + ": "
		}
		msg := e.Error()
		if !strings.HasPrefix(msg, prefix) || !strings.HasPrefix(w, prefix) || !strings.Contains(msg, strings.TrimPrefix(w, prefix)) {
			t.Errorf("error %d:\n got %s\nwant %s", i, msg, w)
		}
	}
}

func TestParseErrors(t *testing.T) {
	tests := []struct {
		name string
		src  string
		want []string
	}{
		{"no-front-matter", "# 見出し\n本文\n", []string{"posts/a.md:1: no front matter: start the file with --- and a title: and date:"}},
		{"empty-file", "", []string{"posts/a.md:1: no front matter"}},
		{"no-closing-yaml", "---\ntitle: t\ndate: 2026-03-01\n本文\n", []string{"posts/a.md:1: Did you forget the closing ---?"}},
		{"no-closing-toml", "+++\ntitle = \"t\"\n", []string{"posts/a.md:1: Did you forget the closing +++?"}},
		{"date-missing", "---\ntitle: t\n---\n", []string{"posts/a.md:1: date is missing; add a line like date: 2026-03-01"}},
		{"date-empty", "---\ntitle: t\ndate:\n---\n", []string{"posts/a.md:3: date is empty"}},
		{"date-invalid", "---\ntitle: t\ndate: 2026-13-01\n---\n", []string{`posts/a.md:3: date "2026-13-01" is not a date; write it as 2026-03-01`}},
		{"date-slashes", "---\ntitle: t\ndate: 2026/03/01\n---\n", []string{`posts/a.md:3: date "2026/03/01" is not a date`}},
		{"date-list", "---\ntitle: t\ndate: [2026-03-01]\n---\n", []string{"posts/a.md:3: date must be a date, not a list"}},
		{"lastmod-invalid", "---\ntitle: t\ndate: 2026-03-01\nlastmod: きのう\n---\n", []string{`posts/a.md:4: lastmod "きのう" is not a date`}},
		{"title-list", "---\ntitle: [a, b]\ndate: 2026-03-01\n---\n", []string{"posts/a.md:2: title must be text, not a list"}},
		{"summary-table", "---\ntitle: t\ndate: 2026-03-01\nsummary: {a: 1}\n---\n", []string{"posts/a.md:4: summary must be text, not a table of keys"}},
		{"draft-string", "---\ntitle: t\ndate: 2026-03-01\ndraft: yes\n---\n", []string{`posts/a.md:4: draft must be true or false, not "yes"`}},
		{"final-number", "---\ntitle: t\ndate: 2026-03-01\nseries: s\npart: 1\nfinal: 1\n---\n", []string{"posts/a.md:6: final must be true or false, not the number 1"}},
		{"slug-slash", "---\ntitle: t\ndate: 2026-03-01\nslug: a/b\n---\n", []string{`posts/a.md:4: slug "a/b" would leave the output folder`}},
		{"slug-backslash", "---\ntitle: t\ndate: 2026-03-01\nslug: 'a\\b'\n---\n", []string{`posts/a.md:4: slug "a\\b" would leave the output folder`}},
		{"slug-dotdot", "---\ntitle: t\ndate: 2026-03-01\nslug: a..b\n---\n", []string{"posts/a.md:4: slug \"a..b\" would leave the output folder"}},
		{"slug-leading-dot", "---\ntitle: t\ndate: 2026-03-01\nslug: .hidden\n---\n", []string{"posts/a.md:4: slug \".hidden\" would leave the output folder"}},
		{"slug-control", "---\ntitle: t\ndate: 2026-03-01\nslug: \"a\\tb\"\n---\n", []string{"posts/a.md:4: slug \"a\\tb\" would leave the output folder"}},
		{"slug-empty", "---\ntitle: t\ndate: 2026-03-01\nslug: \"\"\n---\n", []string{"posts/a.md:4: slug is empty"}},
		{"series-slug-slash", "---\ntitle: t\ndate: 2026-03-01\nseries: s\npart: 1\nseries_slug: a/b\n---\n", []string{`posts/a.md:6: series_slug "a/b" would leave the output folder`}},
		{"series-slug-empty", "---\ntitle: t\ndate: 2026-03-01\nseries: s\npart: 1\nseries_slug: \"\"\n---\n", []string{"posts/a.md:6: series_slug is empty; remove the line to use a name made from the series title"}},
		{"series-slug-list", "---\ntitle: t\ndate: 2026-03-01\nseries: s\npart: 1\nseries_slug: [a]\n---\n", []string{"posts/a.md:6: series_slug must be text"}},
		{"series-slug-without-series", "---\ntitle: t\ndate: 2026-03-01\nseries_slug: s\n---\n", []string{"posts/a.md:4: series_slug: is set but series is missing"}},
		{"part-zero", "---\ntitle: t\ndate: 2026-03-01\nseries: s\npart: 0\n---\n", []string{"posts/a.md:5: part must be the number of this part in its series (1, 2, 3 ...), not 0"}},
		{"part-negative", "---\ntitle: t\ndate: 2026-03-01\nseries: s\npart: -2\n---\n", []string{"posts/a.md:5: part must be the number of this part in its series (1, 2, 3 ...), not -2"}},
		{"part-word", "---\ntitle: t\ndate: 2026-03-01\nseries: s\npart: 前編\n---\n", []string{`posts/a.md:5: part must be the number of this part in its series (1, 2, 3 ...), not "前編"`}},
		{"part-float", "---\ntitle: t\ndate: 2026-03-01\nseries: s\npart: 1.5\n---\n", []string{"posts/a.md:5: part must be the number of this part in its series (1, 2, 3 ...), not the number 1.5"}},
		{"part-without-series", "---\ntitle: t\ndate: 2026-03-01\npart: 3\n---\n", []string{"posts/a.md:4: part: 3 is set but series is missing; add series: <series title>"}},
		{"series-without-part", "---\ntitle: t\ndate: 2026-03-01\nseries: 入館証の件\n---\n", []string{"posts/a.md:4: series: 入館証の件 is set but part is missing; add part: <number of this part>"}},
		{"final-without-series", "---\ntitle: t\ndate: 2026-03-01\nfinal: true\n---\n", []string{"posts/a.md:4: final: true is set but series is missing"}},
		{"status-other", "---\ntitle: t\ndate: 2026-03-01\nstatus: done\n---\n", []string{`posts/a.md:4: status must be ongoing or complete, not "done"`}},
		{"alias-relative", "---\ntitle: t\ndate: 2026-03-01\naliases: [old/]\n---\n", []string{`posts/a.md:4: alias "old/" must be a path on this site starting with one /`}},
		{"alias-dotdot", "---\ntitle: t\ndate: 2026-03-01\naliases: /a/../../b/\n---\n", []string{`posts/a.md:4: alias "/a/../../b/" must not contain .. segments`}},
		{"alias-other-host", "---\ntitle: t\ndate: 2026-03-01\naliases: //evil.example/x\n---\n", []string{`posts/a.md:4: alias "//evil.example/x" must be a path on this site`}},
		{"alias-root", "---\ntitle: t\ndate: 2026-03-01\naliases: /\n---\n", []string{`posts/a.md:4: alias "/" would replace the home page`}},
		{"params-text", "---\ntitle: t\ndate: 2026-03-01\nparams: 普通\n---\n", []string{`posts/a.md:4: params must be a table of keys for templates (params: then indented key: value lines), not "普通"`}},
		{"params-and-top-level", "---\ntitle: t\ndate: 2026-03-01\nmood: a\nparams:\n  mood: b\n---\n", []string{`posts/a.md:4: key "mood" is set both here and under params: (line 5); keep one of them`}},
		{"aliases-table", "---\ntitle: t\ndate: 2026-03-01\naliases: {a: 1}\n---\n", []string{"posts/a.md:4: aliases must be a list like [a, b] or one value, not a table of keys"}},
		{"tags-nested-list", "---\ntitle: t\ndate: 2026-03-01\ntags:\n  - a\n  - [b]\n---\n", []string{"posts/a.md:6: tags must list plain values, but item 2 is a list"}},
		{"tag-with-slash", "---\ntitle: t\ndate: 2026-03-01\ntags: [a, ../b]\n---\n", []string{`posts/a.md:4: tags: "../b" cannot be a page name`}},
		{"yaml-syntax", "---\ntitle: 件名: 入館証\ndate: 2026-03-01\n---\n", []string{`posts/a.md:2: front matter is not valid YAML: mapping values are not allowed in this context; put a value containing ": " in quotes`}},
		{"yaml-unclosed-list", "---\ntitle: t\ndate: 2026-03-01\ntags: [a, b\n---\n", []string{"posts/a.md:4: front matter is not valid YAML: the [ opened on this line is never closed"}},
		// go-yaml gives up lines later; the error points where the problem starts.
		{"yaml-unclosed-list-over-lines", "---\ntitle: t\ntags: [a,\n  b\ndate: 2026-03-01\nseries: s\n---\n", []string{"posts/a.md:3: front matter is not valid YAML: the [ opened on this line is never closed"}},
		{"yaml-unclosed-double-quote", "---\ntitle: \"t\ndate: 2026-03-01\nseries: s\n---\n", []string{`posts/a.md:2: front matter is not valid YAML: the " opened on this line is never closed`}},
		{"yaml-unclosed-single-quote", "---\ntitle: 't\ndate: 2026-03-01\n---\n", []string{"posts/a.md:2: front matter is not valid YAML: the ' opened on this line is never closed"}},
		{"yaml-unclosed-map", "---\ntitle: t\nparams: {a: 1\ndate: 2026-03-01\n---\n", []string{"posts/a.md:3: front matter is not valid YAML: the { opened on this line is never closed"}},
		{"yaml-apostrophe-is-text", "---\ntitle: it's\ndate: 2026-03-01\ntags: [a\n---\n", []string{"posts/a.md:4: front matter is not valid YAML: the [ opened"}},
		{"slug-encoded-dots", "---\ntitle: t\ndate: 2026-03-01\nslug: \"%2e%2e\"\n---\n", []string{`posts/a.md:4: slug "%2e%2e" decodes to ".."`}},
		{"slug-encoded-nul", "---\ntitle: t\ndate: 2026-03-01\nslug: a%00b\n---\n", []string{`posts/a.md:4: slug "a%00b" decodes to "a\x00b"`}},
		{"yaml-bad-indent", "---\ntitle: t\ndate: 2026-03-01\nauthor:\n  name: a\n x: 2\n---\n", []string{"posts/a.md:6: front matter is not valid YAML: did not find expected key"}},
		{"yaml-unknown-anchor", "---\ntitle: t\ndate: 2026-03-01\nx: *nope\n---\n", []string{"posts/a.md:4: front matter is not valid YAML: unknown anchor 'nope' referenced"}},
		{"yaml-control-character", "---\ntitle: t\ndate: 2026-03-01\nx: a\x01b\n---\n", []string{"posts/a.md:4: front matter is not valid YAML: control characters are not allowed"}},
		{"yaml-duplicate-key", "---\ntitle: t\ndate: 2026-03-01\ntitle: u\n---\n", []string{`posts/a.md:4: key "title" is set twice (first on line 2); remove one of them`}},
		{"yaml-duplicate-nested-key", "---\ntitle: t\ndate: 2026-03-01\nauthor:\n  a: 1\n  a: 2\n---\n", []string{`posts/a.md:6: key "a" is set twice (first on line 5)`}},
		{"yaml-complex-key", "---\ntitle: t\ndate: 2026-03-01\n? [a, b]\n: 1\n---\n", []string{"posts/a.md:4: a key must be a plain name, not a list"}},
		{"yaml-merge-of-text", "---\ntitle: t\ndate: 2026-03-01\n<<: text\n---\n", []string{`posts/a.md:4: << must merge a table of keys (<<: *anchor), not "text"`}},
		{"yaml-list-at-top", "---\n- a\n---\n", []string{"posts/a.md:2: front matter must be key: value lines"}},
		{"yaml-self-alias", "---\ntitle: t\ndate: 2026-03-01\nx: &a [1, *a]\n---\n", []string{"posts/a.md:4: alias *a refers to the value it is part of"}},
		{"yaml-alias-bomb", "---\ntitle: t\ndate: 2026-03-01\n" + aliasBomb() + "---\n", []string{"front matter expands to more than 200000 values"}},
		{"toml-syntax", "+++\ntitle = \"t\"\ndate = 2026-03-01\nsummary = 派遣\n+++\n", []string{"posts/a.md:4: front matter is not valid TOML: "}},
		{"toml-duplicate", "+++\ntitle = \"t\"\ndate = 2026-03-01\ntitle = \"u\"\n+++\n", []string{"posts/a.md:4: front matter is not valid TOML: key title is already defined; remove one of the two lines"}},
		{"toml-local-time-as-date", "+++\ntitle = \"t\"\ndate = 09:30:00\n+++\n", []string{`posts/a.md:3: date "09:30:00" is not a date`}},
		{"toml-title-number", "+++\ntitle = 1.5\ndate = 2026-03-01\n+++\n", []string{"posts/a.md:2: title must be text, not the number 1.5"}},
		{"several-errors-sorted-by-line", "---\ntitle: t\ndraft: maybe\ndate: 2026-13-01\nslug: ../x\nseries: s\n---\n", []string{
			`posts/a.md:3: draft must be true or false, not "maybe"`,
			`posts/a.md:4: date "2026-13-01" is not a date`,
			`posts/a.md:5: slug "../x" would leave the output folder`,
			"posts/a.md:6: series: s is set but part is missing",
		}},
		{"bad-part-does-not-also-say-part-missing", "---\ntitle: t\ndate: 2026-03-01\nseries: s\npart: 0\n---\n", []string{"posts/a.md:5: part must be"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			a, err := Parse("posts/a.md", []byte(tt.src), testOpts)
			if a != nil {
				t.Errorf("got an Article along with the error")
			}
			if tt.name == "yaml-alias-bomb" {
				// The line depends on the generated text; check only the
				// message and that there is a line.
				if got := Errors(err); len(got) != 1 || got[0].Line < 4 || !strings.Contains(got[0].Msg, tt.want[0]) {
					t.Fatalf("got %v, want one error containing %q", err, tt.want[0])
				}
				return
			}
			wantErrors(t, err, tt.want)
		})
	}
}

// aliasBomb returns YAML lines whose aliases expand to 10^9 values.
func aliasBomb() string {
	var b strings.Builder
	b.WriteString("a0: &a0 [x, x, x, x, x, x, x, x, x, x]\n")
	for i := 1; i <= 9; i++ {
		p := "*a" + strconv.Itoa(i-1)
		b.WriteString("a" + strconv.Itoa(i) + ": &a" + strconv.Itoa(i) + " [" + strings.Repeat(p+", ", 9) + p + "]\n")
	}
	return b.String()
}

func TestParseErrorType(t *testing.T) {
	_, err := Parse("posts/a.md", []byte("---\ntitle: t\ndate: nope\n---\n"), testOpts)
	var e *Error
	if !errors.As(err, &e) {
		t.Fatalf("error %T is not an *Error", err)
	}
	if e.Path != "posts/a.md" || e.Line != 3 {
		t.Errorf("Path, Line = %q, %d; want posts/a.md, 3", e.Path, e.Line)
	}
	_, err = Parse("posts/a.md", []byte("+++\ntitle = \n+++\n"), testOpts)
	if !errors.As(err, &e) || e.Err == nil {
		t.Errorf("TOML syntax error %v does not keep its cause", err)
	}
	if got := (&Error{Path: "a.md", Msg: "m"}).Error(); got != "a.md: m" {
		t.Errorf("Error without line = %q, want %q", got, "a.md: m")
	}
}

func TestParseSeriesMetadata(t *testing.T) {
	tests := []struct {
		name string
		path string
		src  string
		want []string // errors; nil for success
	}{
		{"no-date-is-fine", "series/nyukan.md", "---\ntitle: 入館証の件\nstatus: complete\ndescription: 全17回\n---\n", nil},
		{"title-required", "series/nyukan.md", "---\nstatus: ongoing\n---\n", []string{"series/nyukan.md:1: this series file has no title; add title: <series title>"}},
		{"title-empty", "series/nyukan.md", "---\ntitle: \"\"\n---\n", []string{"series/nyukan.md:2: this series file has no title"}},
		{"bad-status", "series/nyukan.md", "---\ntitle: t\nstatus: finished\n---\n", []string{`series/nyukan.md:3: status must be ongoing or complete, not "finished"`}},
		{"bad-date-still-reported", "series/nyukan.md", "---\ntitle: t\ndate: someday\n---\n", []string{`series/nyukan.md:3: date "someday" is not a date`}},
		{"nested-file-is-an-article", "series/old/a.md", "---\ntitle: t\n---\n", []string{"series/old/a.md:1: date is missing"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			a, err := Parse(tt.path, []byte(tt.src), testOpts)
			if tt.want == nil {
				if err != nil {
					t.Fatalf("Parse: %v", err)
				}
				if a.Title != "入館証の件" || a.Status != "complete" || a.Description != "全17回" || a.Section != "series" {
					t.Errorf("got %+v", a)
				}
				return
			}
			wantErrors(t, err, tt.want)
		})
	}
}

func TestParseLineEndings(t *testing.T) {
	tests := []struct {
		name     string
		src      string
		body     string
		bodyLine int
		lines    map[string]int
	}{
		{"lf", "---\ntitle: t\ndate: 2026-03-01\n---\n本文\n二行目\n", "本文\n二行目\n", 5, map[string]int{"title": 2, "date": 3}},
		{"crlf", "---\r\ntitle: t\r\ndate: 2026-03-01\r\n---\r\n本文\r\n二行目\r\n", "本文\n二行目\n", 5, map[string]int{"title": 2, "date": 3}},
		{"bom-lf", "\ufeff---\ntitle: t\ndate: 2026-03-01\n---\n本文\n", "本文\n", 5, map[string]int{"title": 2, "date": 3}},
		{"bom-crlf", "\ufeff---\r\ntitle: t\r\n\r\ndate: 2026-03-01\r\n---\r\n本文\r\n", "本文\n", 6, map[string]int{"title": 2, "date": 4}},
		{"toml-crlf", "+++\r\ntitle = \"t\"\r\ndate = 2026-03-01\r\n+++\r\n本文\r\n", "本文\n", 5, map[string]int{"title": 2, "date": 3}},
		{"no-body", "---\ntitle: t\ndate: 2026-03-01\n---", "", 5, map[string]int{"title": 2, "date": 3}},
		{"closing-with-trailing-space", "---\ntitle: t\ndate: 2026-03-01\n---  \n本文", "本文", 5, map[string]int{"title": 2, "date": 3}},
		{"rule-in-body-stays", "---\ntitle: t\ndate: 2026-03-01\n---\n上\n---\n下\n", "上\n---\n下\n", 5, map[string]int{"title": 2, "date": 3}},
		{"comments-and-blank-lines", "---\n# メモ\n\ntitle: t # 仮\ndate: 2026-03-01\n---\n\n本文\n", "\n本文\n", 7, map[string]int{"title": 4, "date": 5}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			a, err := Parse("a.md", []byte(tt.src), testOpts)
			if err != nil {
				t.Fatalf("Parse: %v", err)
			}
			if string(a.Body) != tt.body || a.BodyLine != tt.bodyLine || !reflect.DeepEqual(a.Lines, tt.lines) {
				t.Errorf("Body %q, BodyLine %d, Lines %v; want %q, %d, %v", a.Body, a.BodyLine, a.Lines, tt.body, tt.bodyLine, tt.lines)
			}
			if a.Title != "t" || a.Section != "" {
				t.Errorf("Title %q, Section %q; want t and empty", a.Title, a.Section)
			}
		})
	}
}

func TestParseErrorLinesWithCRLFAndBOM(t *testing.T) {
	src := "\ufeff---\r\ntitle: t\r\ndate: 2026-03-01\r\nseries: s\r\npart: zero\r\n---\r\n"
	_, err := Parse("posts/a.md", []byte(src), testOpts)
	wantErrors(t, err, []string{`posts/a.md:5: part must be the number of this part in its series (1, 2, 3 ...), not "zero"`})
}

func TestParseHashAndCopy(t *testing.T) {
	src := []byte("---\ntitle: t\ndate: 2026-03-01\n---\n本文\n")
	a, err := Parse("a.md", src, testOpts)
	if err != nil {
		t.Fatal(err)
	}
	// The SHA-256 of the bytes above, computed independently with sha256sum.
	const want = "88202173093d05e667870874561bed44a361a58d846a88956b4f78caf49dcf4a"
	if a.Hash != want {
		t.Errorf("Hash = %s, want %s", a.Hash, want)
	}
	c, _ := Parse("a.md", append(append([]byte(nil), src...), '\n'), testOpts)
	if a.Hash == c.Hash {
		t.Errorf("different bytes, same hash")
	}
	for i := range src {
		src[i] = 'x'
	}
	if string(a.Body) != "本文\n" {
		t.Errorf("Body changed with src: %q", a.Body)
	}
}

// TestControlCharacterPathIsShownPrintable: a file whose name holds a tab
// is refused, and every error about it (its front matter's too) names it
// with the tab written as \t, so that each message stays on one line.
func TestControlCharacterPathIsShownPrintable(t *testing.T) {
	for _, src := range []string{
		"---\ntitle: t\ndate: 2026-03-01\n---\n本文\n",
		"---\ntitle: [t\n---\n本文\n",
		"---\ntitle: t\ndate: 2026-13-01\n---\n本文\n",
		"本文だけ\n",
	} {
		_, err := Parse("posts/a\tb.md", []byte(src), testOpts)
		if err == nil {
			t.Fatalf("%q: parsed; want an error", src)
		}
		for _, e := range Errors(err) {
			if e.Path != `posts/a\tb.md` {
				t.Errorf("%q: error %q names %q; want posts/a\\tb.md", src, e.Error(), e.Path)
			}
			if strings.ContainsAny(e.Error(), "\t\n") {
				t.Errorf("%q: error %q holds a control character", src, e.Error())
			}
		}
	}
}
