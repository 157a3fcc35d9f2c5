package generator

import (
	"context"
	"os"
	"path/filepath"
	"slices"
	"testing"

	"github.com/rensai-ssg/rensai/generator/output"
)

// everyArticleField shows every field of an article a template can reach,
// including those of its series and navigation: an incremental build must
// render it again whenever any of them changes.
const everyArticleField = `<div class="every">{{ .Source }}|{{ .Path }}|{{ .RelPermalink }}|{{ .Permalink }}|{{ .Title }}|{{ .DisplayTitle }}|{{ .Label }}|{{ .Date }}|{{ .Lastmod }}|{{ .Draft }}|{{ .Future }}|{{ .Summary }}|{{ .Chars }}|{{ .ReadMinutes }}|{{ .Cover }}|{{ .Params }}|{{ .Params.mood }}|{{ .Part }}|{{ .Final }}|{{ .Position }}
{{ range .TOC }}{{ .Level }}{{ .ID }}{{ .Text }}{{ end }}|{{ range .Terms }}{{ .Taxonomy }}{{ .Key }}{{ .Name }}{{ .URL }}{{ end }}
{{ with .Nav }}{{ .Position }}{{ .Total }}{{ range .Items }}{{ .Label }}{{ .Title }}{{ .URL }}{{ .Part }}{{ .Date }}{{ .Current }}{{ end }}{{ end }}
{{ with .Series }}{{ .Key }}|{{ .Title }}|{{ .Slug }}|{{ .RelPermalink }}|{{ .FeedURL }}|{{ .Description }}|{{ .Cover }}|{{ .Complete }}|{{ .Updated }}|{{ .First.Title }}|{{ .Latest.Title }}|{{ .Latest.Chars }}{{ range .Parts }}{{ .Title }}{{ .Chars }}{{ .Summary }}{{ .Params }}{{ end }}{{ end }}
</div>
`

// everyFieldLayouts is a site layout that shows every field an article
// card and an article page can show, and what the reader template
// functions (reader.go) compute from them. The cards take their data as
// the default theme passes it: (dict "A" article) and (dict "S" series).
var everyFieldLayouts = map[string]string{
	"layouts/partials/article-card.html": `{{ with .A }}` + everyArticleField + `{{ end }}`,
	"layouts/partials/series-card.html": `{{ with .S }}<div class="every-series">{{ .Title }}|{{ .Description }}|{{ .Complete }}|{{ .Updated }}|{{ thousands (seriesChars .) }}|{{ seriesMinutes . }}|{{ range .Parts }}{{ template "partials/article-card.html" (dict "A" .) }}{{ end }}</div>{{ end }}
`,
	"layouts/article.html": `{{ define "main" }}{{ with .Article }}{{ template "partials/article-card.html" (dict "A" .) }}{{ .Content }}{{ end }}{{ range .SeriesList }}{{ template "partials/series-card.html" (dict "S" .) }}{{ end }}{{ end }}
`,
	// A term page that tries to reach the other terms of its taxonomy.
	"layouts/term.html": `{{ define "main" }}{{ .Term.Name }}|{{ range .Term.Taxonomy.Terms }}{{ .Name }}{{ end }}|{{ range .Taxonomy.Terms }}{{ .Name }}{{ end }}{{ range .Articles }}{{ template "partials/article-card.html" (dict "A" .) }}{{ end }}
{{ range bySeries .Articles }}{{ with .Series }}{{ .Title }}|{{ .Complete }}|{{ len .Parts }}|{{ end }}{{ range .Parts }}{{ .Title }}{{ end }}{{ with .Article }}{{ .Title }}{{ end }}{{ end }}{{ end }}
`,
	"layouts/home.html": `{{ define "main" }}{{ range .Ongoing }}{{ template "partials/series-card.html" (dict "S" .) }}{{ end }}{{ range .SeriesList }}{{ template "partials/series-card.html" (dict "S" .) }}{{ end }}{{ range completedSeries .SeriesList 1 }}{{ .Title }}{{ end }}{{ range .Articles }}{{ template "partials/article-card.html" (dict "A" .) }}{{ end }}{{ end }}
`,
}

// incrementalEdits are the edits TestIncrementalMatchesFullBuild makes to
// seriesSite, each from a fresh copy; each returns the changed paths.
var incrementalEdits = []struct {
	name string
	edit func(t *testing.T, dir string) []string
}{
	{"change a few characters of a body", func(t *testing.T, dir string) []string {
		writeFile(t, dir+"/content/posts/nyukan-04.md", part("入館証の件", 4, "面談", "2026-03-04", "tags: [入館証]\n")+"\n追記。\n")
		return []string{"content/posts/nyukan-04.md"}
	}},
	{"change a parameter only templates show", func(t *testing.T, dir string) []string {
		writeFile(t, dir+"/content/posts/nyukan-04.md", part("入館証の件", 4, "面談", "2026-03-04", "tags: [入館証]\nmood: 憂鬱\n"))
		return []string{"content/posts/nyukan-04.md"}
	}},
	{"add a file in a private folder", func(t *testing.T, dir string) []string {
		writeFile(t, dir+"/content/_notes/memo.md", "---\ntitle: メモ\ndate: 2026-03-20\n---\n\n公開しないメモ。\n")
		return []string{"content/_notes/memo.md"}
	}},
	{"change a title", func(t *testing.T, dir string) []string {
		writeFile(t, dir+"/content/posts/nyukan-05.md", part("入館証の件", 5, "再発防止策の検討", "2026-03-05", "tags: [入館証]\n"))
		return []string{"content/posts/nyukan-05.md"}
	}},
	{"change a summary", func(t *testing.T, dir string) []string {
		writeFile(t, dir+"/content/posts/solo.md", "---\ntitle: 単発の記事\ndate: 2026-02-01\nsummary: 要約を書きました。\ntags: [雑記]\n---\n\n単発です。\n")
		return []string{"content/posts/solo.md"}
	}},
	{"change the tags", func(t *testing.T, dir string) []string {
		writeFile(t, dir+"/content/posts/solo.md", "---\ntitle: 単発の記事\ndate: 2026-02-01\ntags: [雑記, 食堂]\n---\n\n単発です。\n")
		return []string{"content/posts/solo.md"}
	}},
	{"change a date", func(t *testing.T, dir string) []string {
		writeFile(t, dir+"/content/posts/solo.md", "---\ntitle: 単発の記事\ndate: 2026-04-01\ntags: [雑記]\n---\n\n単発です。\n")
		return []string{"content/posts/solo.md"}
	}},
	{"add a part", func(t *testing.T, dir string) []string {
		writeFile(t, dir+"/content/posts/other-02.md", part("食堂の件", 2, "二回目", "2026-03-10", "tags: [食堂]\n"))
		return []string{"content/posts/other-02.md"}
	}},
	{"renumber parts", func(t *testing.T, dir string) []string {
		writeFile(t, dir+"/content/posts/other-02.md", part("食堂の件", 3, "二回目", "2026-03-10", "tags: [食堂]\n"))
		writeFile(t, dir+"/content/posts/other-03.md", part("食堂の件", 2, "割り込み", "2026-03-11", ""))
		return []string{"content/posts/other-02.md", "content/posts/other-03.md"}
	}},
	{"finish a series", func(t *testing.T, dir string) []string {
		writeFile(t, dir+"/content/posts/other-01.md", part("食堂の件", 1, "初回", "2026-03-02", "final: true\n"))
		return []string{"content/posts/other-01.md"}
	}},
	{"a final part that is final no more", func(t *testing.T, dir string) []string {
		writeFile(t, dir+"/content/posts/nyukan-08.md", part("入館証の件", 8, "完了", "2026-03-08", "tags: [入館証]\n"))
		return []string{"content/posts/nyukan-08.md"}
	}},
	{"move a part to another series", func(t *testing.T, dir string) []string {
		writeFile(t, dir+"/content/posts/other-01.md", part("別の件", 1, "初回", "2026-03-02", ""))
		return []string{"content/posts/other-01.md"}
	}},
	{"publish a draft", func(t *testing.T, dir string) []string {
		writeFile(t, dir+"/content/posts/draft.md", part("食堂の件", 2, "下書きの回", "2026-03-09", ""))
		return []string{"content/posts/draft.md"}
	}},
	{"delete a part", func(t *testing.T, dir string) []string {
		os.Remove(dir + "/content/posts/nyukan-08.md")
		return []string{"content/posts/nyukan-08.md"}
	}},
	{"link to an article whose URL changes", func(t *testing.T, dir string) []string {
		writeFile(t, dir+"/content/posts/solo.md", "---\ntitle: 単発の記事\ndate: 2026-02-01\nslug: hitori\ntags: [雑記]\n---\n\n単発です。\n")
		return []string{"content/posts/solo.md"}
	}},
	{"change a series description", func(t *testing.T, dir string) []string {
		writeFile(t, dir+"/content/series/nyukan.md", "---\ntitle: 入館証の件\nslug: nyukan\ndescription: 説明を変えました。\nstatus: ongoing\n---\n\n本文です。\n")
		return []string{"content/series/nyukan.md"}
	}},
	{"add an alias", func(t *testing.T, dir string) []string {
		writeFile(t, dir+"/content/posts/solo.md", "---\ntitle: 単発の記事\ndate: 2026-02-01\naliases: [/old/solo/]\ntags: [雑記]\n---\n\n単発です。\n")
		return []string{"content/posts/solo.md"}
	}},
	{"change a template", func(t *testing.T, dir string) []string {
		writeFile(t, dir+"/layouts/partials/footer.html", "<footer>変更</footer>\n")
		return []string{"layouts/partials/footer.html"}
	}},
	{"change the config", func(t *testing.T, dir string) []string {
		writeFile(t, dir+"/rensai.toml", "title = \"改題\"\nbaseURL = \"https://example.jp/sub/\"\n[taxonomies]\ntags = \"タグ\"\n[search]\nenable = false\n")
		return []string{"rensai.toml"}
	}},
	{"change the numerals", func(t *testing.T, dir string) []string {
		writeFile(t, dir+"/rensai.toml", "title = \"テスト日報\"\nbaseURL = \"https://example.jp/\"\n[taxonomies]\ntags = \"タグ\"\nclients = \"派遣先\"\n[search]\nenable = false\n[series]\nnumerals = \"kanji\"\n")
		return []string{"rensai.toml"}
	}},
	{"add a file beside an article", func(t *testing.T, dir string) []string {
		writeFile(t, dir+"/content/posts/solo/zu.png", "zu")
		return []string{"content/posts/solo/zu.png"}
	}},
	{"remove a file beside an article", func(t *testing.T, dir string) []string {
		os.Remove(dir + "/content/posts/nyukan-03/hyou.png")
		return []string{"content/posts/nyukan-03/hyou.png"}
	}},
	{"delete a directory", func(t *testing.T, dir string) []string {
		os.RemoveAll(dir + "/content/series")
		return []string{"content/series"}
	}},
	// The theme's list of published files includes static/: a file or a
	// folder added or removed there while the builder lives changes it.
	{"add a static file", func(t *testing.T, dir string) []string {
		writeFile(t, dir+"/static/new.txt", "新しいお知らせ\n")
		return []string{"static/new.txt"}
	}},
	{"add a static folder", func(t *testing.T, dir string) []string {
		writeFile(t, dir+"/static/docs/a.txt", "資料\n")
		return []string{"static/docs"}
	}},
	{"remove a static file", func(t *testing.T, dir string) []string {
		os.Remove(dir + "/static/notice.txt")
		return []string{"static/notice.txt"}
	}},
	{"remove a static folder", func(t *testing.T, dir string) []string {
		os.RemoveAll(dir + "/static/old")
		return []string{"static/old"}
	}},
}

// seriesLinking is seriesSite's series metadata file with a link to
// solo.md in its text.
const seriesLinking = "---\ntitle: 入館証の件\nslug: nyukan\ndescription: 入館証が戻らない件の記録。\n---\n\n[単発](../posts/solo.md)も参照。\n"

// TestIncrementalMatchesFullBuild builds a site with one long-lived Builder,
// makes one edit, rebuilds incrementally (told what changed), and compares
// the result byte for byte with a fresh full build of the edited files: for
// every edit, under the default theme and under a site layout that shows
// every field of an article.
func TestIncrementalMatchesFullBuild(t *testing.T) {
	templates := []struct {
		name    string
		layouts map[string]string
	}{
		{"default theme", nil},
		{"every field", everyFieldLayouts},
	}
	// Linking to solo.md makes a rendered body depend on another file.
	linking := part("入館証の件", 2, "事実確認", "2026-03-02", "tags: [入館証]\n") + "\n[単発](solo.md)も参照。\n"
	for _, tm := range templates {
		for _, ed := range incrementalEdits {
			t.Run(tm.name+"/"+ed.name, func(t *testing.T) {
				dir := seriesSite(t)
				writeFile(t, dir+"/content/posts/nyukan-02.md", linking)
				// And the series' own text, which is rendered once too.
				writeFile(t, dir+"/content/series/nyukan.md", seriesLinking)
				// Files beside an article are copied below its page.
				writeFile(t, dir+"/content/posts/nyukan-03/hyou.png", "hyou")
				writeFile(t, dir+"/static/notice.txt", "お知らせ\n")
				writeFile(t, dir+"/static/old/b.txt", "古い資料\n")
				for name, body := range tm.layouts {
					writeFile(t, filepath.Join(dir, filepath.FromSlash(name)), body)
				}
				ctx := context.Background()
				inc, err := NewBuilder(Options{Source: dir, Now: fixedNow})
				if err != nil {
					t.Fatal(err)
				}
				first, err := inc.Build(ctx, nil)
				if err != nil {
					t.Fatal(err)
				}
				before := withUnchanged(t, nil, first)
				changed := ed.edit(t, dir)
				res, err := inc.Build(ctx, changed)
				if err != nil {
					t.Fatalf("incremental build: %v", err)
				}
				sameFiles(t, "full and incremental", buildMem(t, Options{Source: dir}), withUnchanged(t, before, res))
			})
		}
	}
}

// withUnchanged is the whole site after res, a build whose previous
// successful build gave the site prev (nil before the first): res.Files,
// and for every name in res.Unchanged the bytes prev has for it. It fails
// the test if res breaks the contract of Result.Unchanged: names sorted,
// none also in Files, each one in prev.
func withUnchanged(t *testing.T, prev map[string][]byte, res *Result) map[string][]byte {
	t.Helper()
	if !slices.IsSorted(res.Unchanged) {
		t.Errorf("Unchanged is not sorted: %q", res.Unchanged)
	}
	site := make(map[string][]byte, len(res.Files)+len(res.Unchanged))
	for name, data := range res.Files {
		site[name] = data
	}
	for _, name := range res.Unchanged {
		data, ok := prev[name]
		switch {
		case !ok:
			t.Errorf("%s is named unchanged, but the previous build had no such file", name)
		case res.Files[name] != nil:
			t.Errorf("%s is named unchanged and written too", name)
		}
		site[name] = data
	}
	return site
}

// TestUnchangedNamesReusedPages: a rebuild names the pages it reused in
// Result.Unchanged and writes only what it rendered, so a caller that
// keeps the previous site keeps the only copy of the unchanged bytes; a
// one-shot Build's result is always whole.
func TestUnchangedNamesReusedPages(t *testing.T) {
	dir := seriesSite(t)
	ctx := context.Background()
	b, err := NewBuilder(Options{Source: dir, Now: fixedNow})
	if err != nil {
		t.Fatal(err)
	}
	first, err := b.Build(ctx, nil)
	if err != nil {
		t.Fatal(err)
	}
	if len(first.Unchanged) != 0 {
		t.Errorf("the first build names %d files unchanged", len(first.Unchanged))
	}
	nothing, err := b.Build(ctx, []string{})
	if err != nil {
		t.Fatal(err)
	}
	for name := range nothing.Files {
		if ext := filepath.Ext(name); ext == ".html" || ext == ".xml" {
			t.Errorf("a build with nothing changed wrote %s", name)
		}
	}
	if got, want := len(nothing.Unchanged), nothing.Report.Pages; got < want {
		t.Errorf("a build with nothing changed names %d files unchanged; it has %d pages", got, want)
	}
	if nothing.Report.Rendered != 0 {
		t.Errorf("a build with nothing changed rendered %d pages", nothing.Report.Rendered)
	}
	sameFiles(t, "first build and unchanged build", withUnchanged(t, nil, first), withUnchanged(t, withUnchanged(t, nil, first), nothing))
}

// TestBuildToMatchesBuild: BuildTo, which hands every file to a writer as
// it is made (the dev server's way), gives the site Build gives, on the
// first build and after each edit, with the same Unchanged contract.
func TestBuildToMatchesBuild(t *testing.T) {
	for _, ed := range incrementalEdits {
		t.Run(ed.name, func(t *testing.T) {
			dir := seriesSite(t)
			writeFile(t, dir+"/content/posts/nyukan-03/hyou.png", "hyou")
			ctx := context.Background()
			b, err := NewBuilder(Options{Source: dir, Now: fixedNow})
			if err != nil {
				t.Fatal(err)
			}
			build := func(changed []string, prev map[string][]byte) map[string][]byte {
				t.Helper()
				mem := output.NewMem()
				res, err := b.BuildTo(ctx, changed, mem)
				if err != nil {
					t.Fatalf("BuildTo: %v", err)
				}
				if res.Files != nil {
					t.Errorf("BuildTo returned %d files in its Result", len(res.Files))
				}
				res.Files = mem.Files()
				return withUnchanged(t, prev, res)
			}
			first := build(nil, nil)
			sameFiles(t, "first BuildTo and Build", buildMem(t, Options{Source: dir}), first)
			changed := ed.edit(t, dir)
			sameFiles(t, "BuildTo after the edit and a full Build", buildMem(t, Options{Source: dir}), build(changed, first))
		})
	}
}
