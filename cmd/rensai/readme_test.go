package main

import (
	"os"
	"regexp"
	"slices"
	"strings"
	"testing"
)

// readmeCommands reads the command table of the README: for each row, the
// command path ("new post") and its flags with their value placeholders
// ("--series" -> "TITLE", "--force" -> "").
func readmeCommands(t *testing.T) map[string]map[string]string {
	t.Helper()
	data, err := os.ReadFile("../../README.md")
	if err != nil {
		t.Fatal(err)
	}
	text := string(data)
	start := strings.Index(text, "\n## Commands\n")
	if start < 0 {
		t.Fatal("README has no ## Commands section")
	}
	flagCell := regexp.MustCompile("`--([A-Za-z][A-Za-z0-9-]*)(?: ([^`]+))?`")
	rows := map[string]map[string]string{}
	for _, line := range strings.Split(text[start:], "\n")[2:] {
		if strings.HasPrefix(line, "## ") {
			break
		}
		cells := strings.Split(line, "|")
		if len(cells) < 4 || !strings.HasPrefix(strings.TrimSpace(cells[1]), "`rensai ") {
			continue
		}
		var path []string
		for _, w := range strings.Fields(strings.Trim(strings.TrimSpace(cells[1]), "`"))[1:] {
			if w != strings.ToLower(w) || strings.HasPrefix(w, `"`) {
				break // a placeholder: DIR, NAME, "query"
			}
			path = append(path, w)
		}
		flags := map[string]string{}
		for _, m := range flagCell.FindAllStringSubmatch(cells[2], -1) {
			flags[m[1]] = m[2]
		}
		rows[strings.Join(path, " ")] = flags
	}
	return rows
}

// TestReadmeCommandTable holds the README's command table to the flag sets
// of the commands: every command and subcommand has a row, every row lists
// exactly the flags its command parses, and a flag shows a value
// placeholder exactly when it takes a value.
func TestReadmeCommandTable(t *testing.T) {
	rows := readmeCommands(t)
	var want []string
	for _, c := range allCommands() {
		if len(c.subs) == 0 || c.name == "completion" {
			want = append(want, c.name)
			continue
		}
		for _, s := range c.subs {
			want = append(want, c.name+" "+s)
		}
	}
	for _, path := range want {
		t.Run(path, func(t *testing.T) {
			documented, ok := rows[path]
			if !ok {
				t.Fatalf("README's command table has no row for rensai %s", path)
			}
			var got, doc []string
			for _, f := range flagsOf(strings.Fields(path)) {
				got = append(got, f.name)
				value, listed := documented[f.name]
				if listed && (value == "") != (f.value == "") {
					t.Errorf("--%s: README shows value %q, but the flag %s", f.name, value,
						map[bool]string{true: "takes none", false: "takes one"}[f.value == ""])
				}
			}
			for name := range documented {
				doc = append(doc, name)
			}
			slices.Sort(got)
			slices.Sort(doc)
			if !slices.Equal(got, doc) {
				t.Errorf("README lists flags %v, the command has %v", doc, got)
			}
		})
	}
	for path := range rows {
		if !slices.Contains(want, path) {
			t.Errorf("README's command table has a row for rensai %s, which is no command", path)
		}
	}
}

// TestReadmeDefaults holds the README's "Defaults:" sentence to the
// defaults the commands' help shows: each flag named there has that
// default in every command that has the flag.
func TestReadmeDefaults(t *testing.T) {
	data, err := os.ReadFile("../../README.md")
	if err != nil {
		t.Fatal(err)
	}
	text := string(data)
	i := strings.Index(text, "\nDefaults: ")
	if i < 0 {
		t.Fatal("README has no Defaults: sentence")
	}
	sentence, _, _ := strings.Cut(text[i:], ". ")
	pairs := regexp.MustCompile("`--([A-Za-z]+) ([^`]+)`").FindAllStringSubmatch(sentence, -1)
	if len(pairs) == 0 {
		t.Fatalf("no defaults in %q", sentence)
	}
	for _, m := range pairs {
		name, want := m[1], m[2]
		found := false
		for _, c := range allCommands() {
			paths := [][]string{{c.name}}
			if c.name != "completion" {
				for _, s := range c.subs {
					paths = append(paths, []string{c.name, s})
				}
			}
			for _, p := range paths {
				if f, ok := findFlag(flagsOf(p), name); ok {
					found = true
					if f.def != want {
						t.Errorf("rensai %s --%s defaults to %q, README says %q", strings.Join(p, " "), name, f.def, want)
					}
				}
			}
		}
		if !found {
			t.Errorf("README gives a default for --%s, which no command has", name)
		}
	}
}
