package site

import (
	"fmt"
	"testing"
)

// TestPageWindow: the first and last pages, two on either side of the
// current one, a gap for two pages or more left out, and the page itself
// where only one would be.
func TestPageWindow(t *testing.T) {
	tests := []struct {
		n, total int
		want     string
	}{
		{1, 1, "[]"},
		{1, 2, "[1 2]"},
		{1, 7, "[1 2 3 0 7]"},
		{1, 5, "[1 2 3 4 5]"}, // 4 is a gap of one
		{5, 9, "[1 2 3 4 5 6 7 8 9]"},
		{6, 12, "[1 0 4 5 6 7 8 0 12]"},
		{18, 43, "[1 0 16 17 18 19 20 0 43]"},
		{43, 43, "[1 0 41 42 43]"},
		{40, 43, "[1 0 38 39 40 41 42 43]"},
	}
	for _, tt := range tests {
		if got := fmt.Sprint(PageWindow(tt.n, tt.total)); got != tt.want {
			t.Errorf("PageWindow(%d, %d) = %s; want %s", tt.n, tt.total, got, tt.want)
		}
	}
}
