package check

import (
	"bufio"
	"bytes"
	"strings"
)

// checkRobots checks the Sitemap: lines of robots.txt: like the URLs in a
// sitemap, they must be absolute, under the base URL, and resolve.
func (s *site) checkRobots(name string, data []byte) []Problem {
	var out []Problem
	sc := bufio.NewScanner(bytes.NewReader(data))
	from := s.pageURL(name)
	for line := 1; sc.Scan(); line++ {
		key, val, ok := strings.Cut(sc.Text(), ":")
		if !ok || !strings.EqualFold(strings.TrimSpace(key), "sitemap") {
			continue
		}
		val = strings.TrimSpace(val)
		msg := s.checkAbsolute(val)
		if msg == "" {
			msg = s.checkRef(from, "URL", val)
		}
		// "Sitemap:" is robots.txt's own word, the same in every language.
		if msg != "" {
			out = append(out, Problem{name, line, "Sitemap: " + msg})
		}
	}
	return out
}
