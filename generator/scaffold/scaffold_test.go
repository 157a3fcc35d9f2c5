package scaffold

import (
	"bytes"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"runtime/debug"
	"slices"
	"strings"
	"testing"

	"go.yaml.in/yaml/v3"
)

var wantFiles = []string{
	".github/workflows/check.yml",
	".github/workflows/pages.yml",
	".gitignore",
	"README.md",
	"content/posts/dakoku-01.md",
	"content/posts/dakoku-02.md",
	"content/series/dakoku.md",
	"rensai.toml",
}

func TestInitWritesSite(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "kujou-blog")
	files, err := Init(dir, Options{Version: "v1.2.3"})
	if err != nil {
		t.Fatal(err)
	}
	var got []string
	for _, f := range files {
		got = append(got, f.Path)
		if f.Replaced {
			t.Errorf("%s reported replaced in a new directory", f.Path)
		}
	}
	slices.Sort(got)
	if !slices.Equal(got, wantFiles) {
		t.Errorf("written %v, want %v", got, wantFiles)
	}
	listed := Files()
	slices.Sort(listed)
	if !slices.Equal(listed, wantFiles) {
		t.Errorf("Files() = %v, want %v", listed, wantFiles)
	}
	for _, name := range wantFiles {
		data, err := os.ReadFile(filepath.Join(dir, name))
		if err != nil {
			t.Fatal(err)
		}
		for _, ph := range []string{"{{RENSAI_VERSION}}", "{{SITE_NAME}}"} {
			if bytes.Contains(data, []byte(ph)) {
				t.Errorf("%s still holds %s", name, ph)
			}
		}
	}
	read := func(name string) string {
		data, err := os.ReadFile(filepath.Join(dir, name))
		if err != nil {
			t.Fatal(err)
		}
		return string(data)
	}
	if s := read(".github/workflows/pages.yml"); !strings.Contains(s, "go install github.com/rensai-ssg/rensai/cmd/rensai@v1.2.3\n") {
		t.Errorf("workflow does not install v1.2.3:\n%s", s)
	}
	if s := read("rensai.toml"); !strings.Contains(s, `baseURL = "https://example.github.io/kujou-blog/"`) {
		t.Errorf("rensai.toml does not use the directory name:\n%s", s)
	}
	if s := read(".gitignore"); !strings.Contains(s, "/public/\n") || !strings.Contains(s, "/.rensai-cache/\n") {
		t.Errorf(".gitignore does not ignore public/ and .rensai-cache/:\n%s", s)
	}
	if s := read("README.md"); !strings.HasPrefix(s, "# kujou-blog\n") || !strings.Contains(s, "GitHub Pages で公開する") {
		t.Errorf("README.md is not the site author's guide:\n%s", s)
	}
}

func TestInitSampleSeries(t *testing.T) {
	// The two parts form one completed series, as the conventions say.
	type frontMatter struct {
		Title   string   `yaml:"title"`
		Date    string   `yaml:"date"`
		Series  string   `yaml:"series"`
		Part    int      `yaml:"part"`
		Final   bool     `yaml:"final"`
		Tags    []string `yaml:"tags"`
		Summary string   `yaml:"summary"`
	}
	var parts []frontMatter
	for _, name := range []string{"site/content/posts/dakoku-01.md", "site/content/posts/dakoku-02.md"} {
		data, err := siteFS.ReadFile(name)
		if err != nil {
			t.Fatal(err)
		}
		fm, body, ok := strings.Cut(strings.TrimPrefix(string(data), "---\n"), "\n---\n")
		if !ok {
			t.Fatalf("%s has no front matter", name)
		}
		var f frontMatter
		if err := yaml.Unmarshal([]byte(fm), &f); err != nil {
			t.Fatalf("%s: %v", name, err)
		}
		if f.Title == "" || f.Date == "" || f.Summary == "" || len(f.Tags) == 0 || len([]rune(body)) < 400 {
			t.Errorf("%s: incomplete article: %+v, %d characters of body", name, f, len([]rune(body)))
		}
		parts = append(parts, f)
	}
	if parts[0].Series != parts[1].Series || parts[0].Series == "" {
		t.Errorf("series %q and %q differ", parts[0].Series, parts[1].Series)
	}
	if parts[0].Part != 1 || parts[1].Part != 2 || parts[0].Final || !parts[1].Final {
		t.Errorf("parts: %+v; want part 1, then part 2 with final: true", parts)
	}
}

func TestInitRefusesNonEmptyDirectory(t *testing.T) {
	dir := t.TempDir()
	mine := filepath.Join(dir, "memo.txt")
	if err := os.WriteFile(mine, []byte("私のメモ"), 0o644); err != nil {
		t.Fatal(err)
	}
	_, err := Init(dir, Options{Version: "v1.0.0"})
	if !errors.Is(err, ErrNotEmpty) {
		t.Fatalf("Init into a non-empty directory: err = %v, want ErrNotEmpty", err)
	}
	if !strings.Contains(err.Error(), "--force") {
		t.Errorf("error does not say what to do: %v", err)
	}
	entries, _ := os.ReadDir(dir)
	if len(entries) != 1 {
		t.Errorf("Init wrote files although it refused: %v", entries)
	}
}

func TestInitForce(t *testing.T) {
	dir := t.TempDir()
	mine := filepath.Join(dir, "content", "posts", "watashi.md")
	if err := os.MkdirAll(filepath.Dir(mine), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(mine, []byte("---\ntitle: 自分の記事\n---\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(dir, "rensai.toml"), []byte("title = \"古い設定\"\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	files, err := Init(dir, Options{Force: true, Version: "v1.0.0"})
	if err != nil {
		t.Fatal(err)
	}
	for _, f := range files {
		if f.Replaced != (f.Path == "rensai.toml") {
			t.Errorf("%s: Replaced = %v", f.Path, f.Replaced)
		}
	}
	if data, err := os.ReadFile(mine); err != nil || !strings.Contains(string(data), "自分の記事") {
		t.Errorf("--force touched a file that is not the scaffold's: %q, %v", data, err)
	}
	if data, _ := os.ReadFile(filepath.Join(dir, "rensai.toml")); strings.Contains(string(data), "古い設定") {
		t.Errorf("--force did not replace rensai.toml")
	}
}

func TestInitStopsBeforeWritingOnConflicts(t *testing.T) {
	tests := []struct {
		name  string
		setup func(t *testing.T, dir string)
		want  string
	}{
		{
			name: "file where a directory goes",
			setup: func(t *testing.T, dir string) {
				if err := os.WriteFile(filepath.Join(dir, "content"), nil, 0o644); err != nil {
					t.Fatal(err)
				}
			},
			want: "needs a directory there",
		},
		{
			name: "directory where a file goes",
			setup: func(t *testing.T, dir string) {
				if err := os.Mkdir(filepath.Join(dir, "README.md"), 0o755); err != nil {
					t.Fatal(err)
				}
			},
			want: "is a directory, but rensai init writes a file there",
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			dir := t.TempDir()
			tt.setup(t, dir)
			_, err := Init(dir, Options{Force: true, Version: "v1.0.0"})
			if err == nil || !strings.Contains(err.Error(), tt.want) {
				t.Fatalf("err = %v, want one saying %q", err, tt.want)
			}
			if _, err := os.Stat(filepath.Join(dir, "rensai.toml")); !errors.Is(err, os.ErrNotExist) {
				t.Errorf("Init wrote rensai.toml before failing")
			}
		})
	}
}

func TestPinnedVersion(t *testing.T) {
	vcs := func(rev, at string) []debug.BuildSetting {
		return []debug.BuildSetting{{Key: "vcs", Value: "git"}, {Key: "vcs.revision", Value: rev}, {Key: "vcs.time", Value: at}}
	}
	tests := []struct {
		name     string
		version  string
		settings []debug.BuildSetting
		want     string
	}{
		{"release", "v0.4.1", nil, "v0.4.1"},
		{"pseudo-version", "v0.0.0-20260301120000-0123456789ab", nil, "v0.0.0-20260301120000-0123456789ab"},
		{"modified tree keeps the commit", "v0.4.2-0.20260301120000-0123456789ab+dirty", nil, "v0.4.2-0.20260301120000-0123456789ab"},
		{"devel build from a checkout", "(devel)", vcs("0123456789abcdef0123456789abcdef01234567", "2026-03-01T21:00:00+09:00"), "v0.0.0-20260301120000-0123456789ab"},
		{"devel build without vcs", "(devel)", nil, ""},
		{"short revision", "", vcs("0123", "2026-03-01T12:00:00Z"), ""},
		{"bad time", "", vcs("0123456789abcdef0123456789abcdef01234567", "yesterday"), ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			info := &debug.BuildInfo{Main: debug.Module{Path: "github.com/rensai-ssg/rensai", Version: tt.version}, Settings: tt.settings}
			if got := pinnedVersion(info); got != tt.want {
				t.Errorf("pinnedVersion = %q, want %q", got, tt.want)
			}
		})
	}
}

func TestInitRefusesUnpinnableVersions(t *testing.T) {
	for _, v := range []string{"latest", "main", "v1", "1.2.3"} {
		t.Run(v, func(t *testing.T) {
			dir := t.TempDir()
			_, err := Init(dir, Options{Version: v})
			if err == nil || !strings.Contains(err.Error(), "the workflows pin the exact version") {
				t.Fatalf("Init with version %q: err = %v, want a refusal", v, err)
			}
			if entries, _ := os.ReadDir(dir); len(entries) > 0 {
				t.Errorf("Init wrote %d files before refusing", len(entries))
			}
		})
	}
}

// workflow is the part of a GitHub Actions workflow the tests look at.
type workflow struct {
	On          map[string]any    `yaml:"on"`
	Permissions map[string]string `yaml:"permissions"`
	Concurrency struct {
		Group            string `yaml:"group"`
		CancelInProgress bool   `yaml:"cancel-in-progress"`
	} `yaml:"concurrency"`
	Jobs map[string]struct {
		Needs       string            `yaml:"needs"`
		Environment map[string]string `yaml:"environment"`
		Steps       []struct {
			ID   string            `yaml:"id"`
			Uses string            `yaml:"uses"`
			Run  string            `yaml:"run"`
			With map[string]string `yaml:"with"`
		} `yaml:"steps"`
	} `yaml:"jobs"`
}

// steps summarises a job's steps: the action's name without owner and
// version ("checkout"), or the command run.
func (w *workflow) steps(job string) []string {
	var out []string
	for _, s := range w.Jobs[job].Steps {
		switch {
		case s.Uses != "":
			name, _, _ := strings.Cut(strings.TrimPrefix(s.Uses, "actions/"), "@")
			out = append(out, name)
		default:
			out = append(out, s.Run)
		}
	}
	return out
}

func TestWorkflows(t *testing.T) {
	const base = `"${{ steps.pages.outputs.base_url }}/"`
	tests := []struct {
		name      string
		file      string
		buildJob  []string
		setupWith map[string]string
		schedule  []string // cron lines: a new site rebuilds daily, so future-dated parts go live
	}{
		{
			name: "this repository",
			file: "../../.github/workflows/pages.yml",
			buildJob: []string{
				"checkout", "setup-go", "configure-pages", "cache",
				"go run ./cmd/rensai build --baseURL " + base,
				"go run ./cmd/rensai check --baseURL " + base,
				"upload-pages-artifact",
			},
			setupWith: map[string]string{"go-version-file": "go.mod", "cache": "true"},
		},
		{
			name: "rensai init",
			buildJob: []string{
				"checkout", "setup-go", "cache",
				"go install github.com/rensai-ssg/rensai/cmd/rensai@v1.2.3",
				"configure-pages", "cache",
				"rensai build --baseURL " + base,
				"rensai check --baseURL " + base,
				"upload-pages-artifact",
			},
			setupWith: map[string]string{"go-version": "stable", "cache": "false"},
			schedule:  []string{"5 15 * * *"}, // 00:05 in Asia/Tokyo, init's timeZone
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			file := tt.file
			if file == "" { // a freshly written site
				dir := t.TempDir()
				if _, err := Init(dir, Options{Version: "v1.2.3"}); err != nil {
					t.Fatal(err)
				}
				file = filepath.Join(dir, ".github/workflows/pages.yml")
			}
			data, err := os.ReadFile(file)
			if err != nil {
				t.Fatal(err)
			}
			var w workflow
			if err := yaml.Unmarshal(data, &w); err != nil {
				t.Fatalf("%s is not valid YAML: %v", file, err)
			}
			if _, ok := w.On["push"]; !ok {
				t.Errorf("no push trigger")
			}
			if _, ok := w.On["workflow_dispatch"]; !ok {
				t.Errorf("no workflow_dispatch trigger")
			}
			var crons []string
			if sched, ok := w.On["schedule"].([]any); ok {
				for _, c := range sched {
					if m, ok := c.(map[string]any); ok {
						crons = append(crons, fmt.Sprint(m["cron"]))
					}
				}
			}
			if !slices.Equal(crons, tt.schedule) {
				t.Errorf("schedule cron lines %q, want %q", crons, tt.schedule)
			}
			if branches := w.On["push"].(map[string]any)["branches"]; len(branches.([]any)) != 1 || branches.([]any)[0] != "main" {
				t.Errorf("push branches = %v, want [main]", branches)
			}
			wantPerm := map[string]string{"contents": "read", "pages": "write", "id-token": "write"}
			if len(w.Permissions) != len(wantPerm) {
				t.Errorf("permissions = %v, want %v", w.Permissions, wantPerm)
			}
			for k, v := range wantPerm {
				if w.Permissions[k] != v {
					t.Errorf("permissions[%s] = %q, want %q", k, w.Permissions[k], v)
				}
			}
			if w.Concurrency.Group != "pages" || w.Concurrency.CancelInProgress {
				t.Errorf("concurrency = %+v, want group pages without cancel-in-progress", w.Concurrency)
			}
			if got := w.steps("build"); !slices.Equal(got, tt.buildJob) {
				t.Errorf("build steps:\n%q\nwant:\n%q", got, tt.buildJob)
			}
			if got := w.steps("deploy"); !slices.Equal(got, []string{"deploy-pages"}) {
				t.Errorf("deploy steps = %q", got)
			}
			deploy := w.Jobs["deploy"]
			if deploy.Needs != "build" || deploy.Environment["name"] != "github-pages" || deploy.Steps[0].ID != "deployment" {
				t.Errorf("deploy job: needs %q, environment %v, step id %q", deploy.Needs, deploy.Environment, deploy.Steps[0].ID)
			}
			for _, s := range w.Jobs["build"].Steps {
				switch {
				case strings.HasPrefix(s.Uses, "actions/setup-go@"):
					if tt.file == "" && s.ID != "go" {
						t.Errorf("setup-go id = %q, want go (the cache key reads its go-version)", s.ID)
					}
					for k, v := range tt.setupWith {
						if s.With[k] != v {
							t.Errorf("setup-go %s = %q, want %q", k, s.With[k], v)
						}
					}
				case strings.HasPrefix(s.Uses, "actions/configure-pages@"):
					if s.ID != "pages" {
						t.Errorf("configure-pages id = %q, want pages", s.ID)
					}
				case strings.HasPrefix(s.Uses, "actions/cache@") && strings.Contains(s.With["path"], "go-build"):
					if !strings.Contains(s.With["key"], "v1.2.3") {
						t.Errorf("Go build cache key %q does not name the pinned version", s.With["key"])
					}
					// setup-go installs the newest stable Go; a key without
					// its version would keep the first cache for ever (a hit
					// is never saved again), rebuilding rensai on every run.
					if tt.file == "" && !strings.Contains(s.With["key"], "${{ steps.go.outputs.go-version }}") {
						t.Errorf("Go build cache key %q does not name the Go version setup-go installed", s.With["key"])
					}
				case strings.HasPrefix(s.Uses, "actions/cache@"):
					if s.With["path"] != ".rensai-cache" || !strings.Contains(s.With["key"], "hashFiles('content/**'") || !strings.HasPrefix(s.With["key"], strings.TrimSpace(s.With["restore-keys"])) {
						t.Errorf("cache step: %v; want .rensai-cache keyed on the content hash, restore-keys a prefix of the key", s.With)
					}
				case strings.HasPrefix(s.Uses, "actions/upload-pages-artifact@"):
					if s.With["path"] != "public" {
						t.Errorf("upload path = %q, want public", s.With["path"])
					}
				}
			}
		})
	}
}

// TestCheckWorkflow: the pull-request workflow of a new site is valid YAML,
// installs the same pinned version and runs build and check.
func TestCheckWorkflow(t *testing.T) {
	dir := t.TempDir()
	if _, err := Init(dir, Options{Version: "v0.0.0-20260301120000-0123456789ab"}); err != nil {
		t.Fatal(err)
	}
	data, err := os.ReadFile(filepath.Join(dir, ".github/workflows/check.yml"))
	if err != nil {
		t.Fatal(err)
	}
	var w workflow
	if err := yaml.Unmarshal(data, &w); err != nil {
		t.Fatalf("check.yml is not valid YAML: %v", err)
	}
	if _, ok := w.On["pull_request"]; !ok {
		t.Errorf("check.yml has no pull_request trigger: %v", w.On)
	}
	if len(w.Permissions) != 1 || w.Permissions["contents"] != "read" {
		t.Errorf("permissions = %v, want contents: read only", w.Permissions)
	}
	want := []string{"checkout", "setup-go", "cache",
		"go install github.com/rensai-ssg/rensai/cmd/rensai@v0.0.0-20260301120000-0123456789ab",
		"cache", "rensai build", "rensai check"}
	if got := w.steps("check"); !slices.Equal(got, want) {
		t.Errorf("check steps:\n%q\nwant:\n%q", got, want)
	}
	if bytes.Contains(data, []byte("@latest")) {
		t.Errorf("check.yml installs @latest")
	}
	for _, s := range w.Jobs["check"].Steps {
		if strings.HasPrefix(s.Uses, "actions/setup-go@") && s.ID != "go" {
			t.Errorf("setup-go id = %q, want go (the cache key reads its go-version)", s.ID)
		}
		if strings.HasPrefix(s.Uses, "actions/cache@") && strings.Contains(s.With["path"], "go-build") && !strings.Contains(s.With["key"], "${{ steps.go.outputs.go-version }}") {
			t.Errorf("Go build cache key %q does not name the Go version setup-go installed", s.With["key"])
		}
	}
}
