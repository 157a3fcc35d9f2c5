package main

import (
	"os"
	"path/filepath"
	"regexp"
	"testing"

	"github.com/rensai-ssg/rensai/generator/i18n"
)

// TestCatalogKeysExist: every message key the command's code names is in
// the catalog (a missing one would print as "!key").
func TestCatalogKeysExist(t *testing.T) {
	files, err := filepath.Glob("*.go")
	if err != nil {
		t.Fatal(err)
	}
	key := regexp.MustCompile(`msg\.T\("([^"]+)"[,)]`) // a whole key, not a prefix such as "cmd."+name
	n := 0
	for _, f := range files {
		data, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		for _, m := range key.FindAllStringSubmatch(string(data), -1) {
			n++
			if !i18n.Has(m[1]) {
				t.Errorf("%s: message %q is not in the catalog", f, m[1])
			}
		}
	}
	if n < 20 {
		t.Errorf("found only %d message keys; is the pattern still right?", n)
	}
	// Keys built at run time: each command's summary and help.
	for _, c := range allCommands() {
		if !i18n.Has("cmd." + c.name) {
			t.Errorf("command %s has no summary cmd.%s", c.name, c.name)
		}
	}
}
