package config

import (
	"errors"
	"net/url"
	"strings"
	"testing"

	"github.com/rensai-ssg/rensai/generator/diag"
)

// TestValidationErrors: every refused value is a *diag.Error at
// rensai.toml and the line of its key.
func TestValidationErrors(t *testing.T) {
	tests := []struct {
		name, src string
		line      int
		want      string
	}{
		{"paginate 0", "title = \"a\"\npaginate = 0\n", 2, "paginate = 0: use a positive number"},
		{"series paginate 0", "[series]\nnumerals = \"digits\"\npaginate = 0\n", 3, "[series] paginate = 0: use a positive number"},
		{"negative feed limit", "[feeds]\nlimit = -1\n", 2, "feeds.limit = -1"},
		{"negative seriesFull", "[feeds]\nseriesFull = -1\n", 2, "feeds.seriesFull = -1"},
		{"baseurl after baseURL", "baseURL = \"https://a.jp/\"\n\nbaseurl = \"https://b.jp/\"\n", 3, "baseurl sets baseURL again (line 1 writes it as baseURL)"},
		{"credentials in baseURL", "baseURL = \"https://user:pass@example.jp/\"\n", 1, "holds a user name or password"},
		{"encoded dots in baseURL", "baseURL = \"https://example.jp/%2e%2e/\"\n", 1, "would leave the output folder"},
		{"cname with a newline and a script", "cname = \"a.jp\\n<script>\"\n", 1, "must be a host name"},
		{"cname with a scheme", "cname = \"https://a.jp\"\n", 1, "must be a host name"},
		{"cname without a dot", "cname = \"localhost\"\n", 1, "must be a host name"},
		{"unknown placeholder", "[permalinks]\nposts = \"/:nosuch/\"\n", 2, "permalinks.posts = \"/:nosuch/\": unknown placeholder :nosuch"},
		{"placeholder in an inline table", "permalinks = { posts = \"/:sluggy/\" }\n", 1, "unknown placeholder :sluggy"},
		{"permalink without slug", "[permalinks]\nposts = \"/:year/\"\n", 2, "needs :slug"},
		{"encoded dots in a permalink", "[permalinks]\nposts = \"/%2e%2e/:slug/\"\n", 2, "decodes to \"..\""},
		{"NUL in a permalink", "[permalinks]\nposts = \"/a%00b/:slug/\"\n", 2, "control character"},
		{"tab in a permalink", "[permalinks]\nposts = \"/a\\tb/:slug/\"\n", 2, "control character"},
		{"bad template timeout", "templateTimeout = \"soon\"\n", 1, "templateTimeout \"soon\""},
		{"TOML syntax", "title = \"a\"\nbaseURL = \n", 2, "fix the TOML syntax"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, _, err := Parse(FileName, []byte(tt.src))
			var de *diag.Error
			if !errors.As(err, &de) {
				t.Fatalf("error = %v (%T), want a *diag.Error", err, err)
			}
			if de.Path != FileName || de.Line != tt.line || !strings.Contains(de.Msg, tt.want) {
				t.Errorf("error = %s:%d: %s; want %s:%d: …%s…", de.Path, de.Line, de.Msg, FileName, tt.line, tt.want)
			}
		})
	}
}

func TestAcceptedValues(t *testing.T) {
	tests := []struct {
		name, src string
		check     func(*Config) string
		want      string
	}{
		{"double slash base path", "baseURL = \"https://user.github.io//repo/\"\n", func(c *Config) string { return c.BaseURL }, "https://user.github.io/repo/"},
		{"slashes inside the base path", "baseURL = \"https://a.jp/x//y\"\n", func(c *Config) string { return c.BasePath() }, "/x/y/"},
		{"query dropped", "baseURL = \"https://a.jp/x?y=1#z\"\n", func(c *Config) string { return c.BaseURL }, "https://a.jp/x/"},
		{"localhost", "baseURL = \"http://localhost:1313/\"\n", func(c *Config) string { return c.BaseURL }, "http://localhost:1313/"},
		{"japanese base path", "baseURL = \"https://a.jp/日報/\"\n", func(c *Config) string { return c.BasePath() }, "/日報/"},
		{"cname", "cname = \"Blog.Example.jp\"\n", func(c *Config) string { return c.CNAME }, "blog.example.jp"},
		{"japanese cname", "cname = \"日報.example.jp\"\n", func(c *Config) string { return c.CNAME }, "xn--olst23a.example.jp"},
		{"date permalink", "[permalinks]\nposts = \"/:year/:month/:slug/\"\n", func(c *Config) string { return c.Permalinks["posts"] }, "/:year/:month/:slug/"},
		{"template timeout", "templateTimeout = \"2m\"\n", func(c *Config) string { return c.TemplateLimit().String() }, "2m0s"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			cfg, _, err := Parse(FileName, []byte(tt.src))
			if err != nil {
				t.Fatal(err)
			}
			if got := tt.check(cfg); got != tt.want {
				t.Errorf("got %q, want %q", got, tt.want)
			}
		})
	}
}

// TestKeyCaseWarns: one key in another case still applies, with a warning
// naming its line.
func TestKeyCaseWarns(t *testing.T) {
	cfg, warns, err := Parse(FileName, []byte("title = \"a\"\nbaseurl = \"https://b.jp/\"\n"))
	if err != nil {
		t.Fatal(err)
	}
	if cfg.BaseURL != "https://b.jp/" || len(warns) != 1 || warns[0].Error() != "rensai.toml:2: write baseurl as baseURL (keys are case-sensitive)" {
		t.Errorf("BaseURL %q, warnings %q", cfg.BaseURL, warns)
	}
}

// FuzzPermalink: an accepted pattern, filled with safe values, is a path
// that stays inside the output folder, however a server decodes it.
func FuzzPermalink(f *testing.F) {
	for _, s := range []string{"/:section/:slug/", "/:year/:month/:day/:slug/", "/%2e%2e/:slug/", "/:nosuch/", "/a%00b/:slug", "//:slug", "/:slug.html"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, pattern string) {
		if key, _ := checkPermalink(pattern); key != "" {
			return
		}
		p := strings.NewReplacer(":section", "posts", ":slug", "a", ":year", "2026", ":month", "04", ":day", "01").Replace(pattern)
		d, err := url.PathUnescape(p)
		if err != nil {
			t.Fatalf("accepted %q expands to undecodable %q", pattern, p)
		}
		for _, seg := range strings.Split(d, "/") {
			if seg == "." || seg == ".." || strings.ContainsAny(seg, "\\\x00\t\n\r?#") {
				t.Fatalf("accepted %q expands to unsafe %q", pattern, d)
			}
		}
	})
}
