package config

import (
	"strings"
	"testing"
)

// TestTopLevelKeyInTable: a top-level key written below a [table] header
// (appended at the end of the file) is named as such, with what to do; a
// misspelt key is named with the key it looks like in the same table, or
// with a spelling hint when none is close.
func TestTopLevelKeyInTable(t *testing.T) {
	tests := []struct {
		name, src, want string
	}{
		{"templateTimeout after [search]", "title = \"日報\"\n[search]\nenable = true\ntemplateTimeout = \"1s\"\n",
			`rensai.toml:4: key "templateTimeout" is read as "search.templateTimeout", part of the [search] table above it, and is ignored; move it above the first [table] header of rensai.toml`},
		{"baseURL after [series]", "[series]\nbaseURL = \"https://example.jp/\"\n",
			`rensai.toml:2: key "baseURL" is read as "series.baseURL"`},
		{"a misspelt key in a table", "[search]\nenabel = true\n",
			`rensai.toml:2: unknown key "search.enabel" is ignored; did you mean "search.enable"?`},
		{"a misspelt top-level key", "titel = \"日報\"\n",
			`rensai.toml:1: unknown key "titel" is ignored; did you mean "title"?`},
		{"a key of another table is not suggested", "[feeds]\nenable = true\n",
			`rensai.toml:2: unknown key "feeds.enable" is ignored; check its spelling`},
		{"a nested table's key", "[series]\nnumeral = \"kanji\"\n",
			`rensai.toml:2: unknown key "series.numeral" is ignored; did you mean "series.numerals"?`},
		{"nothing close", "colour = \"blue\"\n",
			`rensai.toml:1: unknown key "colour" is ignored; check its spelling`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, warns, err := Parse("rensai.toml", []byte(tt.src))
			if err != nil {
				t.Fatal(err)
			}
			if len(warns) != 1 || !strings.HasPrefix(warns[0].Error(), tt.want) {
				t.Errorf("warnings = %q, want one starting %q", warns, tt.want)
			}
		})
	}
}
