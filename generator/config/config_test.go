package config

import (
	"strings"
	"testing"
)

func TestParseDefaults(t *testing.T) {
	cfg, warns, err := Parse("rensai.toml", nil)
	if err != nil || len(warns) != 0 {
		t.Fatal(err, warns)
	}
	if cfg.LanguageCode != "ja" || cfg.TimeZone != "Asia/Tokyo" || cfg.Paginate != 10 || !cfg.Search.Enabled() ||
		cfg.Series.Numerals != "circled" || cfg.Taxonomies["tags"] != "タグ" || cfg.BasePath() != "/" {
		t.Errorf("defaults: %+v", cfg)
	}
}

func TestParseUnknownKeyWarnsWithLine(t *testing.T) {
	src := "title = \"日報\"\n\n[series]\nnumerals = \"digits\"\nnumeral = \"kanji\"\n"
	cfg, warns, err := Parse("rensai.toml", []byte(src))
	if err != nil {
		t.Fatal(err)
	}
	if len(warns) != 1 || !strings.HasPrefix(warns[0].Error(), "rensai.toml:5: unknown key \"series.numeral\"") {
		t.Errorf("warnings = %q", warns)
	}
	if cfg.Title != "日報" || cfg.Series.Numerals != "digits" {
		t.Errorf("known keys lost: %+v", cfg)
	}
}

func TestParseErrors(t *testing.T) {
	tests := []struct{ name, src, want string }{
		{"syntax error", "title = \"a\"\nbaseURL = \n", "rensai.toml:2:"},
		{"bad zone", "timeZone = \"Mars/Olympus\"\n", "timeZone \"Mars/Olympus\""},
		{"relative baseURL", "baseURL = \"/blog/\"\n", "must be an absolute http(s) URL"},
		{"bad numerals", "[series]\nnumerals = \"roman\"\n", "use circled, digits or kanji"},
		{"theme path", "theme = \"../x\"\n", "must be a directory name"},
		{"bad now", "now = \"yesterday\"\n", "now \"yesterday\""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, _, err := Parse("rensai.toml", []byte(tt.src))
			if err == nil || !strings.Contains(err.Error(), tt.want) {
				t.Errorf("error = %v, want %q", err, tt.want)
			}
		})
	}
}

func TestBaseURLGetsTrailingSlash(t *testing.T) {
	cfg, _, err := Parse("rensai.toml", []byte("baseURL = \"https://user.github.io/repo\"\n"))
	if err != nil {
		t.Fatal(err)
	}
	if cfg.BaseURL != "https://user.github.io/repo/" || cfg.BasePath() != "/repo/" {
		t.Errorf("BaseURL %q BasePath %q", cfg.BaseURL, cfg.BasePath())
	}
}

func TestTaxonomyKeysOrder(t *testing.T) {
	cfg, _, _ := Parse("rensai.toml", []byte("[taxonomies]\nstaff = \"派遣社員\"\nclients = \"派遣先\"\ntags = \"タグ\"\n"))
	if got := strings.Join(cfg.TaxonomyKeys(), ","); got != "tags,clients,staff" {
		t.Errorf("TaxonomyKeys = %s", got)
	}
}

func FuzzParse(f *testing.F) {
	f.Add("title = \"a\"\n[series]\nnumerals = \"kanji\"\n")
	f.Add("baseURL = \"https://x.jp/a\"\n[taxonomies]\ntags = \"タグ\"\n")
	f.Add("[[x]]\n")
	f.Fuzz(func(t *testing.T, src string) {
		Parse("rensai.toml", []byte(src)) // must not panic
	})
}
