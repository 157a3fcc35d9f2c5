package corpus

import (
	"bytes"
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"regexp"
	"sort"
	"strings"
	"testing"
	"time"
	"unicode/utf8"

	"go.yaml.in/yaml/v3"
)

// treeHash hashes every file's path and bytes under dir, in path order.
func treeHash(t *testing.T, dir string) string {
	t.Helper()
	h := sha256.New()
	var paths []string
	err := filepath.WalkDir(dir, func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		if !d.IsDir() {
			paths = append(paths, p)
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	sort.Strings(paths)
	for _, p := range paths {
		b, err := os.ReadFile(p)
		if err != nil {
			t.Fatal(err)
		}
		rel, _ := filepath.Rel(dir, p)
		fmt.Fprintf(h, "%s\x00%d\x00", filepath.ToSlash(rel), len(b))
		h.Write(b)
	}
	return hex.EncodeToString(h.Sum(nil))
}

func write(t *testing.T, n int, opts Options) string {
	t.Helper()
	dir := t.TempDir()
	if err := Write(dir, n, opts); err != nil {
		t.Fatal(err)
	}
	return dir
}

func TestWriteDeterministic(t *testing.T) {
	tests := []struct {
		name     string
		a, b     Options
		wantSame bool
	}{
		{"same seed gives same bytes", Options{Seed: 7}, Options{Seed: 7}, true},
		{"same seed with search gives same bytes", Options{Seed: 7, Search: true}, Options{Seed: 7, Search: true}, true},
		{"different seed gives different bytes", Options{Seed: 7}, Options{Seed: 8}, false},
		{"search flag changes the config", Options{Seed: 7}, Options{Seed: 7, Search: true}, false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			ha := treeHash(t, write(t, 60, tt.a))
			hb := treeHash(t, write(t, 60, tt.b))
			if (ha == hb) != tt.wantSame {
				t.Errorf("hashes %s and %s: same = %v, want %v", ha, hb, ha == hb, tt.wantSame)
			}
		})
	}
}

// frontMatter mirrors the keys the corpus writes.
type frontMatter struct {
	Title       string    `yaml:"title"`
	Date        time.Time `yaml:"date"`
	Series      string    `yaml:"series"`
	Part        int       `yaml:"part"`
	Final       bool      `yaml:"final"`
	Tags        []string  `yaml:"tags"`
	Clients     []string  `yaml:"clients"`
	Staff       []string  `yaml:"staff"`
	Summary     string    `yaml:"summary"`
	Slug        string    `yaml:"slug"`
	Description string    `yaml:"description"`
	Status      string    `yaml:"status"`
}

// split returns the front matter and body of a file, or fails the test.
func split(t *testing.T, name string, b []byte) (frontMatter, string) {
	t.Helper()
	rest, ok := bytes.CutPrefix(b, []byte("---\n"))
	if !ok {
		t.Fatalf("%s: does not start with ---", name)
	}
	fm, body, ok := bytes.Cut(rest, []byte("\n---\n"))
	if !ok {
		t.Fatalf("%s: no closing ---", name)
	}
	var m frontMatter
	dec := yaml.NewDecoder(bytes.NewReader(fm))
	dec.KnownFields(true)
	if err := dec.Decode(&m); err != nil {
		t.Fatalf("%s: front matter: %v\n%s", name, err, fm)
	}
	return m, string(body)
}

var (
	fileName = regexp.MustCompile(`^(case-\d{4}-\d{2}|note-\d{5})\.md$`)
	staffRe  = regexp.MustCompile(`^[A-Z]さん$`)
)

func TestWriteSite(t *testing.T) {
	const n = 400
	dir := write(t, n, Options{Seed: 3, Search: true})

	cfg, err := os.ReadFile(filepath.Join(dir, "rensai.toml"))
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.Contains(cfg, []byte("[search]\nenable = true\n")) {
		t.Errorf("rensai.toml lacks [search] enable = true:\n%s", cfg)
	}

	// Series metadata.
	seriesFiles, err := filepath.Glob(filepath.Join(dir, "content", "series", "*.md"))
	if err != nil {
		t.Fatal(err)
	}
	type meta struct {
		status string
		parts  []int
		final  []int
	}
	series := map[string]*meta{}
	for _, p := range seriesFiles {
		b, err := os.ReadFile(p)
		if err != nil {
			t.Fatal(err)
		}
		m, body := split(t, p, b)
		if m.Title == "" || m.Description == "" || strings.TrimSpace(body) == "" {
			t.Errorf("%s: empty title, description or body", p)
		}
		if m.Slug+".md" != filepath.Base(p) {
			t.Errorf("%s: slug %q does not match the file name", p, m.Slug)
		}
		if m.Status != "ongoing" && m.Status != "complete" {
			t.Errorf("%s: status %q", p, m.Status)
		}
		if series[m.Title] != nil {
			t.Errorf("%s: duplicate series title %q", p, m.Title)
		}
		series[m.Title] = &meta{status: m.Status}
	}

	posts, err := os.ReadDir(filepath.Join(dir, "content", "posts"))
	if err != nil {
		t.Fatal(err)
	}
	if len(posts) != n {
		t.Fatalf("wrote %d articles, want %d", len(posts), n)
	}
	var total int64
	standalone, withCode, withTable := 0, 0, 0
	lo, hi := 1<<30, 0
	for _, e := range posts {
		name := e.Name()
		if !fileName.MatchString(name) {
			t.Errorf("unexpected file name %q", name)
		}
		b, err := os.ReadFile(filepath.Join(dir, "content", "posts", name))
		if err != nil {
			t.Fatal(err)
		}
		total += int64(len(b))
		m, body := split(t, name, b)

		chars := utf8.RuneCountInString(body)
		lo, hi = min(lo, chars), max(hi, chars)
		if chars < MinBodyChars || chars > MaxBodyChars {
			t.Errorf("%s: body has %d characters, want %d-%d", name, chars, MinBodyChars, MaxBodyChars)
		}
		for _, h := range []string{"## クレーム経緯\n", "## 対応のポイント\n", "## 対応経緯\n", "\n- ", "「"} {
			if !strings.Contains(body, h) {
				t.Errorf("%s: body lacks %q", name, h)
			}
		}
		if strings.Contains(body, "{") || strings.Contains(body, "}") {
			t.Errorf("%s: unexpanded slot in body", name)
		}
		if strings.Count(body, "```")%2 != 0 {
			t.Errorf("%s: unbalanced code fence", name)
		}
		if strings.Contains(body, "```") {
			withCode++
		}
		if strings.Contains(body, "|------|") {
			withTable++
		}
		if strings.Contains(body, "[^1]") != strings.Contains(body, "\n[^1]: ") {
			t.Errorf("%s: footnote reference without definition, or the reverse", name)
		}

		if m.Title == "" || m.Date.IsZero() {
			t.Errorf("%s: missing title or date", name)
		}
		if m.Date.Year() < 2019 || m.Date.Year() > 2026 {
			t.Errorf("%s: date %v out of range", name, m.Date)
		}
		if len(m.Tags) < 2 || len(m.Tags) > 4 || len(m.Clients) != 1 || len(m.Staff) < 1 || len(m.Staff) > 2 {
			t.Errorf("%s: tags %q clients %q staff %q", name, m.Tags, m.Clients, m.Staff)
		}
		for _, s := range m.Staff {
			if !staffRe.MatchString(s) {
				t.Errorf("%s: staff %q", name, s)
			}
		}
		if (m.Part <= 1) && strings.Contains(body[:strings.Index(body, "## ")], "前回") {
			t.Errorf("%s: a first part or standalone article opens with 前回", name)
		}
		if strings.HasPrefix(name, "note-") {
			standalone++
			if m.Series != "" || m.Part != 0 || m.Final {
				t.Errorf("%s: standalone article has series keys", name)
			}
			continue
		}
		s := series[m.Series]
		if s == nil {
			t.Errorf("%s: series %q has no metadata file", name, m.Series)
			continue
		}
		if want := fmt.Sprintf("-%02d.md", m.Part); !strings.HasSuffix(name, want) {
			t.Errorf("%s: part %d does not match the file name", name, m.Part)
		}
		s.parts = append(s.parts, m.Part)
		if m.Final {
			s.final = append(s.final, m.Part)
		}
	}
	t.Logf("%d articles, %d series, %d standalone, %d with code, %d with a table; body %d-%d characters; %.1f KB per article",
		n, len(series), standalone, withCode, withTable, lo, hi, float64(total)/n/1000)

	for title, s := range series {
		sort.Ints(s.parts)
		if len(s.parts) < MinParts || len(s.parts) > MaxParts {
			t.Errorf("series %q has %d parts, want %d-%d", title, len(s.parts), MinParts, MaxParts)
		}
		for i, p := range s.parts {
			if p != i+1 {
				t.Errorf("series %q parts %v are not 1..n", title, s.parts)
				break
			}
		}
		switch {
		case s.status == "complete" && !(len(s.final) == 1 && s.final[0] == len(s.parts)):
			t.Errorf("complete series %q: final on parts %v, want only on %d", title, s.final, len(s.parts))
		case s.status == "ongoing" && len(s.final) != 0:
			t.Errorf("ongoing series %q has final on parts %v", title, s.final)
		}
	}
	if standalone == 0 || standalone > n/4 {
		t.Errorf("%d standalone articles of %d", standalone, n)
	}
	if withCode == 0 || withTable == 0 {
		t.Errorf("%d articles with code, %d with a table; want some of each", withCode, withTable)
	}
	// About 16 MB per 1,000 articles.
	if per := total / n; per < 13_000 || per > 19_000 {
		t.Errorf("%d bytes per article, want about 16,000", per)
	}
}

func TestWriteSmallCounts(t *testing.T) {
	for _, n := range []int{0, 1, 4, 5, 6, 23} {
		t.Run(fmt.Sprint(n), func(t *testing.T) {
			dir := write(t, n, Options{Seed: 1})
			posts, err := os.ReadDir(filepath.Join(dir, "content", "posts"))
			if err != nil {
				t.Fatal(err)
			}
			if len(posts) != n {
				t.Errorf("wrote %d articles, want %d", len(posts), n)
			}
		})
	}
}

func TestWriteRefusesExistingSite(t *testing.T) {
	tests := []struct {
		name  string
		setup func(dir string) error
	}{
		{"content directory", func(dir string) error { return os.Mkdir(filepath.Join(dir, "content"), 0o755) }},
		{"config file", func(dir string) error { return os.WriteFile(filepath.Join(dir, "rensai.toml"), nil, 0o644) }},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			dir := t.TempDir()
			if err := tt.setup(dir); err != nil {
				t.Fatal(err)
			}
			err := Write(dir, 3, Options{})
			if err == nil || !strings.Contains(err.Error(), "already exists") {
				t.Errorf("Write into an existing site: err = %v, want an 'already exists' error", err)
			}
		})
	}
	if err := Write(t.TempDir(), -1, Options{}); err == nil {
		t.Error("Write with n = -1 succeeded")
	}
}

func TestTemplatesCompile(t *testing.T) {
	lists := map[string][]string{
		"seriesTitles": seriesTitles, "subtitles": subtitles, "intros": intros,
		"grievances": grievances, "points": points, "checks": checks, "subheads": subheads,
		"narratives": narratives, "dialogues": dialogues, "closingsNext": closingsNext,
		"closingsFinal": closingsFinal, "closingsSingle": closingsSingle, "summaries": summaries,
		"code": {codeYAML, codeText}, "footnotes": footnotes,
	}
	names := make([]string, 0, len(lists))
	for name := range lists {
		names = append(names, name)
	}
	sort.Strings(names)
	for _, name := range names {
		for i, s := range lists[name] {
			if _, err := compile(s); err != nil {
				t.Errorf("%s[%d]: %v", name, i, err)
			}
		}
	}
}

func TestCompile(t *testing.T) {
	tests := []struct {
		name    string
		in      string
		want    tmpl
		wantErr bool
	}{
		{"literal only", "こんにちは", tmpl{{lit: "こんにちは"}}, false},
		{"slot in the middle", "a{staff}b", tmpl{{lit: "a", slot: slotStaff}, {lit: "b"}}, false},
		{"fence", "{{fence}}yaml", tmpl{{slot: slotFence}, {lit: "yaml"}}, false},
		{"unknown slot", "{nobody}", nil, true},
		{"unclosed slot", "a{staff", nil, true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := compile(tt.in)
			if (err != nil) != tt.wantErr {
				t.Fatalf("compile(%q) error = %v, wantErr %v", tt.in, err, tt.wantErr)
			}
			if fmt.Sprint(got) != fmt.Sprint(tt.want) {
				t.Errorf("compile(%q) = %v, want %v", tt.in, got, tt.want)
			}
		})
	}
}

// BenchmarkArticle measures text generation alone, without file I/O.
func BenchmarkArticle(b *testing.B) {
	series, articles := plan(1000, 1)
	_ = series
	var buf []byte
	var n int64
	i := 0
	for b.Loop() {
		buf = articleFile(buf[:0], &articles[i%len(articles)], 1)
		n += int64(len(buf))
		i++
	}
	b.SetBytes(n / int64(max(i, 1)))
}
