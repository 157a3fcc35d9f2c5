package i18n

import (
	"regexp"
	"slices"
	"strings"
	"testing"
)

func TestFromEnv(t *testing.T) {
	tests := []struct {
		name string
		env  map[string]string
		want Lang
	}{
		{"nothing set", nil, English},
		{"LANG Japanese", map[string]string{"LANG": "ja_JP.UTF-8"}, Japanese},
		{"LANG ja", map[string]string{"LANG": "ja"}, Japanese},
		{"LANG English", map[string]string{"LANG": "en_US.UTF-8"}, English},
		{"C locale", map[string]string{"LANG": "C.UTF-8"}, English},
		{"LC_ALL wins over LANG", map[string]string{"LC_ALL": "C", "LANG": "ja_JP.UTF-8"}, English},
		{"LC_MESSAGES wins over LANG", map[string]string{"LC_MESSAGES": "ja_JP.eucJP", "LANG": "en_GB.UTF-8"}, Japanese},
		{"LC_ALL Japanese", map[string]string{"LC_ALL": "ja_JP.UTF-8", "LC_MESSAGES": "C"}, Japanese},
		{"an unknown language is English", map[string]string{"LANG": "fr_FR.UTF-8"}, English},
		{"empty values are skipped", map[string]string{"LC_ALL": "", "LANG": "ja_JP.UTF-8"}, Japanese},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := FromEnv(func(k string) string { return tt.env[k] }); got != tt.want {
				t.Errorf("FromEnv = %q, want %q", got, tt.want)
			}
		})
	}
}

func TestParse(t *testing.T) {
	tests := []struct {
		in   string
		want Lang
		ok   bool
	}{
		{"ja", Japanese, true}, {"JA", Japanese, true}, {"ja-JP", Japanese, true},
		{"en", English, true}, {"C", English, true}, {"POSIX", English, true},
		{"", "", false}, {"de", "", false}, {"japanese", "", false},
	}
	for _, tt := range tests {
		t.Run(tt.in, func(t *testing.T) {
			got, ok := Parse(tt.in)
			if got != tt.want || ok != tt.ok {
				t.Errorf("Parse(%q) = %q, %v; want %q, %v", tt.in, got, ok, tt.want, tt.ok)
			}
		})
	}
}

var verb = regexp.MustCompile(`%(\[\d+\])?[-+# 0]*\d*[a-zA-Z%]`)

// verbs returns the sorted verbs of a format with explicit argument
// indexes resolved, so "%[2]s %[1]d" and "%d %s" compare equal; %q and %s
// (quoted or 「」-bracketed text) count as one.
func verbs(format string) []string {
	format = strings.ReplaceAll(format, "q", "s")
	var out []string
	n := 0
	for _, m := range verb.FindAllStringSubmatch(format, -1) {
		v := m[0]
		if strings.HasSuffix(v, "%") {
			continue
		}
		if m[1] != "" {
			v = strings.Replace(v, m[1], "", 1)
			out = append(out, m[1]+v[len(v)-1:])
			continue
		}
		n++
		out = append(out, "["+string(rune('0'+n))+"]"+v[len(v)-1:])
	}
	slices.Sort(out)
	return slices.Compact(out)
}

// TestCatalog: every message has both languages, and both take the same
// arguments (same verbs for the same argument positions).
func TestCatalog(t *testing.T) {
	seen := map[string]bool{}
	for _, c := range catalogs {
		for key, m := range c {
			if seen[key] {
				t.Errorf("%s is in two parts of the catalog", key)
			}
			seen[key] = true
			checkMessage(t, key, m)
		}
	}
}

// checkMessage reports what is wrong with the message key.
func checkMessage(t *testing.T, key string, m message) {
	t.Helper()
	if m.ja == "" {
		t.Errorf("%s has no Japanese text", key)
	}
	if strings.HasPrefix(key, "flag.") {
		if m.en != "" {
			t.Errorf("%s has an English text; flags keep theirs in the code", key)
		}
		return
	}
	if m.en == "" {
		t.Errorf("%s has no English text", key)
	}
	if e, j := verbs(m.en), verbs(m.ja); !slices.Equal(e, j) {
		t.Errorf("%s: English takes %v, Japanese %v", key, e, j)
	}
}

func TestPrinter(t *testing.T) {
	tests := []struct {
		name string
		lang Lang
		key  string
		args []any
		want string
	}{
		{"English", English, "new.inSeries", []any{"入館証の件", 3}, "  series “入館証の件”, part 3"},
		{"Japanese", Japanese, "new.inSeries", []any{"入館証の件", 3}, "  連載「入館証の件」の第3回"},
		{"Japanese reorders", Japanese, "init.next", []any{"blog", "v1.0.0", "blog/README.md"}, "blog に新しいサイトを作りました（ワークフローは rensai v1.0.0 を使います）。"},
		{"unknown language is English", Lang("fr"), "main.flags", nil, "Flags:"},
		{"missing key shows itself", Japanese, "no.such.key", []any{1}, "!no.such.key1"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := New(tt.lang).T(tt.key, tt.args...); !strings.HasPrefix(got, tt.want) {
				t.Errorf("T(%q) = %q, want it to start with %q", tt.key, got, tt.want)
			}
		})
	}
}
