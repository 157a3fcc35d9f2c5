package config

import (
	"testing"
	"time"
)

// TestDerivedValues: the base path and the time zone are worked out once,
// when the configuration is parsed or its base URL set, and belong to that
// Config alone; a Config built by hand still answers.
func TestDerivedValues(t *testing.T) {
	tests := []struct {
		name     string
		src      string
		setBase  string // passed to SetBaseURL after parsing, if set
		wantPath string
		wantZone string
	}{
		{"defaults", "", "", "/", "Asia/Tokyo"},
		{"subpath", "baseURL = \"https://user.github.io/repo\"\n", "", "/repo/", "Asia/Tokyo"},
		{"zone", "timeZone = \"UTC\"\n", "", "/", "UTC"},
		{"base set later", "baseURL = \"https://example.jp/a/\"\n", "https://example.jp/b/c", "/b/c/", "Asia/Tokyo"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			cfg, _, err := Parse("rensai.toml", []byte(tt.src))
			if err != nil {
				t.Fatal(err)
			}
			if tt.setBase != "" {
				if err := cfg.SetBaseURL(tt.setBase); err != nil {
					t.Fatal(err)
				}
			}
			if got := cfg.BasePath(); got != tt.wantPath {
				t.Errorf("BasePath() = %q, want %q", got, tt.wantPath)
			}
			if got := cfg.Location().String(); got != tt.wantZone {
				t.Errorf("Location() = %q, want %q", got, tt.wantZone)
			}
		})
	}
}

// TestDerivedValuesPerConfig: two configurations in one process keep their
// own base paths (a process-wide cache keyed by URL is gone).
func TestDerivedValuesPerConfig(t *testing.T) {
	a, _, err := Parse("a.toml", []byte("baseURL = \"https://example.jp/a/\"\n"))
	if err != nil {
		t.Fatal(err)
	}
	b, _, err := Parse("b.toml", []byte("baseURL = \"https://example.jp/b/\"\ntimeZone = \"UTC\"\n"))
	if err != nil {
		t.Fatal(err)
	}
	if a.BasePath() != "/a/" || b.BasePath() != "/b/" {
		t.Errorf("base paths %q and %q, want /a/ and /b/", a.BasePath(), b.BasePath())
	}
	if a.Location().String() != "Asia/Tokyo" || b.Location().String() != "UTC" {
		t.Errorf("zones %v and %v, want Asia/Tokyo and UTC", a.Location(), b.Location())
	}
}

func TestDerivedValuesByHand(t *testing.T) {
	c := &Config{BaseURL: "https://example.jp/x/", TimeZone: "Mars/Olympus"}
	if c.BasePath() != "/x/" {
		t.Errorf("BasePath() = %q, want /x/", c.BasePath())
	}
	if c.Location() != time.UTC {
		t.Errorf("Location() = %v for an unknown zone, want UTC", c.Location())
	}
}
