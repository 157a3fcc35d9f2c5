package main

import (
	"testing"

	"github.com/rensai-ssg/rensai/internal/spell"
)

// TestSuggestCommands: the command names are what a mistyped command is
// matched against (main.go), so the usual slips find them.
func TestSuggestCommands(t *testing.T) {
	for word, want := range map[string]string{"bulid": "build", "serv": "serve", "comp": "completion", "publish": ""} {
		if got := spell.Suggest(word, commandNames()); got != want {
			t.Errorf("Suggest(%q, commandNames()) = %q, want %q", word, got, want)
		}
	}
}
