package devserver

import (
	"bytes"
	"context"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"github.com/rensai-ssg/rensai/generator/i18n"
)

// TestMessagesInCatalog: every message the dev server names is in the
// shared catalog (a missing one would print as "!key"); the catalog's own
// test holds both languages complete, with the same verbs.
func TestMessagesInCatalog(t *testing.T) {
	data, err := os.ReadFile("messages.go")
	if err != nil {
		t.Fatal(err)
	}
	keys := regexp.MustCompile(`(?m)^\tmsg\w+ +msgID = "([^"]+)"$`).FindAllStringSubmatch(string(data), -1)
	if len(keys) < 30 {
		t.Fatalf("found only %d messages in messages.go; is the pattern still right?", len(keys))
	}
	for _, k := range keys {
		if !i18n.Has(k[1]) {
			t.Errorf("message %q is not in the catalog", k[1])
		}
	}
}

// rebuildStep is one edit of TestRebuildLines and the line it must print.
type rebuildStep struct {
	name    string
	edit    func(b *mutableBuilder, site string)
	changed []string
	want    map[string]string // language -> pattern of the line
}

func bodyOf(s string) string { return "<body>" + s + "</body>" }

func rebuildSteps() []rebuildStep {
	return []rebuildStep{
		{
			name:    "one file edited, one page changed",
			edit:    func(b *mutableBuilder, _ string) { b.set("posts/a/index.html", bodyOf("A2")) },
			changed: []string{"content/posts/a.md"},
			want: map[string]string{
				LangJapanese: `^content/posts/a\.md を更新 → 1 ページを再生成 \(\d+ms\)$`,
				LangEnglish:  `^content/posts/a\.md changed → 1 page regenerated \(\d+ms\)$`,
			},
		},
		{
			name: "several files, pages changed and removed",
			edit: func(b *mutableBuilder, _ string) {
				b.set("index.html", bodyOf("ホーム2"))
				b.set("posts/a/index.html", bodyOf("A3"))
				b.remove("posts/b/index.html")
			},
			changed: []string{"content/posts/a.md", "content/posts/b.md", "rensai.toml"},
			want: map[string]string{
				LangJapanese: `^content/posts/a\.md ほか 2 ファイルを更新 → 2 ページを再生成、1 ページを削除 \(\d+ms\)$`,
				LangEnglish:  `^content/posts/a\.md and 2 more files changed → 2 pages regenerated, 1 removed \(\d+ms\)$`,
			},
		},
		{
			name: "a removed source",
			edit: func(b *mutableBuilder, site string) {
				b.remove("posts/c/index.html")
				if err := os.Remove(filepath.Join(site, "content", "posts", "c.md")); err != nil {
					panic(err)
				}
			},
			changed: []string{"content/posts/c.md"},
			want: map[string]string{
				LangJapanese: `^content/posts/c\.md を削除 → 0 ページを再生成、1 ページを削除 \(\d+ms\)$`,
				LangEnglish:  `^content/posts/c\.md removed → 0 pages regenerated, 1 removed \(\d+ms\)$`,
			},
		},
		{
			name:    "a stylesheet only",
			edit:    func(b *mutableBuilder, _ string) { b.set("assets/css/style.css", "body{color:red}") },
			changed: []string{"static/assets/css/style.css"},
			want: map[string]string{
				LangJapanese: `^static/assets/css/style\.css を更新 → 0 ページを再生成、スタイルシート 1 件を差し替え \(\d+ms\)$`,
				LangEnglish:  `^static/assets/css/style\.css changed → 0 pages regenerated, 1 stylesheet swapped \(\d+ms\)$`,
			},
		},
		{
			name:    "nothing the pages show",
			edit:    func(*mutableBuilder, string) {},
			changed: []string{"content/posts/a.md"},
			want: map[string]string{
				LangJapanese: `^content/posts/a\.md を更新 → 変わったページはありません \(\d+ms\)$`,
				LangEnglish:  `^content/posts/a\.md changed → no page changed \(\d+ms\)$`,
			},
		},
		{
			name:    "the watcher could not say what changed",
			edit:    func(b *mutableBuilder, _ string) { b.set("assets/js/app.js", "1") },
			changed: nil,
			want: map[string]string{
				LangJapanese: `^ファイルを更新 \(フォルダーの移動・削除\) → 0 ページを再生成、開いているページをすべて再読み込み \(\d+ms\)$`,
				LangEnglish:  `^Files changed \(a folder was moved or removed\) → 0 pages regenerated, every open page reloads \(\d+ms\)$`,
			},
		},
	}
}

// rebuildSite is a site directory holding the sources rebuildSteps names.
func rebuildSite(t *testing.T) string {
	t.Helper()
	site := t.TempDir()
	files := map[string]string{}
	for _, name := range []string{"content/posts/a.md", "content/posts/b.md", "content/posts/c.md", "rensai.toml", "static/assets/css/style.css"} {
		files[name] = "x"
	}
	writeFiles(t, site, files)
	return site
}

// writeFiles writes each slash-separated path of files under root.
func writeFiles(t *testing.T, root string, files map[string]string) {
	t.Helper()
	for name, text := range files {
		p := filepath.Join(root, filepath.FromSlash(name))
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(p, []byte(text), 0o644); err != nil {
			t.Fatal(err)
		}
	}
}

// TestRebuildLines checks the terminal's line for each kind of rebuild, in
// both languages: what changed, what was regenerated, the time.
func TestRebuildLines(t *testing.T) {
	steps := rebuildSteps()
	for _, lang := range []string{LangJapanese, LangEnglish} {
		t.Run(lang, func(t *testing.T) {
			site := rebuildSite(t)
			b := &mutableBuilder{base: "/", files: map[string][]byte{
				"index.html": []byte(bodyOf("ホーム")), "posts/a/index.html": []byte(bodyOf("A")),
				"posts/b/index.html": []byte(bodyOf("B")), "posts/c/index.html": []byte(bodyOf("C")),
				"assets/css/style.css": []byte("body{}"), "assets/js/app.js": []byte("0"),
			}}
			var log bytes.Buffer
			s, err := New(Options{Source: site, Builder: b, Log: &log, Lang: lang})
			if err != nil {
				t.Fatal(err)
			}
			if err := s.Rebuild(context.Background(), nil); err != nil {
				t.Fatal(err)
			}
			first := map[string]string{LangJapanese: `^サイトをビルドしました: 6 ファイル \(\d+ms\)\n$`, LangEnglish: `^Built 6 files in \d+ms\n$`}[lang]
			if !regexp.MustCompile(first).MatchString(log.String()) {
				t.Errorf("first build: %q, want %s", log.String(), first)
			}
			for _, st := range steps {
				log.Reset()
				st.edit(b, site)
				if err := s.Rebuild(context.Background(), st.changed); err != nil {
					t.Fatal(err)
				}
				line := strings.TrimSuffix(log.String(), "\n")
				if !regexp.MustCompile(st.want[lang]).MatchString(line) {
					t.Errorf("%s: line %q, want %s", st.name, line, st.want[lang])
				}
			}
		})
	}
}
