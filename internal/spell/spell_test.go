package spell

import "testing"

func TestSuggest(t *testing.T) {
	commands := []string{"build", "serve", "new", "import", "check", "init", "completion", "version", "help"}
	tests := []struct {
		name, word string
		candidates []string
		want       string
	}{
		{"swapped letters", "bulid", commands, "build"},
		{"one letter missing", "serv", commands, "serve"},
		{"prefix", "comp", commands, "completion"},
		{"case of a flag", "baseurl", []string{"baseURL", "dir", "source"}, "baseURL"},
		{"one letter off", "drafs", []string{"drafts", "future"}, "drafts"},
		{"too far", "publish", commands, ""},
		{"one letter is not a prefix", "s", commands, ""},
		{"nearest wins", "seris", []string{"series", "source"}, "series"},
		{"the same word is its own suggestion", "build", commands, "build"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := Suggest(tt.word, tt.candidates); got != tt.want {
				t.Errorf("Suggest(%q) = %q, want %q", tt.word, got, tt.want)
			}
		})
	}
}

func TestDistance(t *testing.T) {
	tests := []struct {
		a, b string
		want int
	}{
		{"", "", 0}, {"build", "build", 0}, {"bulid", "build", 1}, {"buld", "build", 1},
		{"kitten", "sitting", 3}, {"入館証", "入館", 1}, {"", "abc", 3},
	}
	for _, tt := range tests {
		if got := Distance(tt.a, tt.b); got != tt.want {
			t.Errorf("Distance(%q, %q) = %d, want %d", tt.a, tt.b, got, tt.want)
		}
	}
}
