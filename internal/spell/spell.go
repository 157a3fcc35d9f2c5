// Package spell finds the word a mistyped one was meant to be: a command,
// a flag, a key of the front matter.
package spell

import "strings"

// Suggest returns the candidate closest to word when it is close enough to
// be a typing mistake (ignoring case, an edit distance of at most a third
// of the word and at least 1, or a prefix of two letters or more), or "".
func Suggest(word string, candidates []string) string {
	best, bestD := "", -1
	limit := max(1, len([]rune(word))/3)
	lw := strings.ToLower(word)
	for _, c := range candidates {
		lc := strings.ToLower(c)
		d := Distance(lw, lc)
		if strings.HasPrefix(lc, lw) && len(word) >= 2 {
			d = min(d, 1)
		}
		if d <= limit && (bestD < 0 || d < bestD) {
			best, bestD = c, d
		}
	}
	return best
}

// Distance is the Damerau–Levenshtein distance (optimal string
// alignment) between a and b, counting a swap of neighbours as one edit.
func Distance(a, b string) int {
	s, t := []rune(a), []rune(b)
	d := make([][]int, len(s)+1)
	for i := range d {
		d[i] = make([]int, len(t)+1)
		d[i][0] = i
	}
	for j := range t {
		d[0][j+1] = j + 1
	}
	for i := 1; i <= len(s); i++ {
		for j := 1; j <= len(t); j++ {
			cost := 1
			if s[i-1] == t[j-1] {
				cost = 0
			}
			d[i][j] = min(d[i-1][j]+1, d[i][j-1]+1, d[i-1][j-1]+cost)
			if i > 1 && j > 1 && s[i-1] == t[j-2] && s[i-2] == t[j-1] {
				d[i][j] = min(d[i][j], d[i-2][j-2]+1)
			}
		}
	}
	return d[len(s)][len(t)]
}
