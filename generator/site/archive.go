package site

import (
	"fmt"
	"strconv"
	"strings"
)

// archive groups the published articles by year and month, newest first.
func (m *Model) archive() *Archive {
	ar := &Archive{}
	var year *ArchiveYear
	var month *ArchiveMonth
	for _, a := range m.Articles {
		d := a.Date.In(m.Config.Location())
		if year == nil || year.Year != d.Year() {
			year = &ArchiveYear{Year: d.Year(), RelPermalink: m.RelURL(fmt.Sprintf("/archives/%04d/", d.Year()))}
			ar.Years = append(ar.Years, year)
			month = nil
		}
		if month == nil || month.Month != int(d.Month()) {
			month = &ArchiveMonth{Year: d.Year(), Month: int(d.Month()), RelPermalink: m.RelURL(fmt.Sprintf("/archives/%04d/%02d/", d.Year(), d.Month()))}
			year.Months = append(year.Months, month)
		}
		month.Articles = append(month.Articles, a)
		year.Count++
	}
	return ar
}

// ArchiveFree reports whether out, an output path under archives/
// ("archives/123/index.html"), can never be one of the archive's pages,
// which are archives/, archives/YYYY/ and archives/YYYY/MM/: its first
// folder is not a year (four digits from 1900 to 2199). An old blog's
// /archives/123/ (WordPress's numeric permalinks) can then stay its alias.
func ArchiveFree(out string) bool {
	rest, ok := strings.CutPrefix(out, "archives/")
	if !ok || rest == "" || rest == "index.html" {
		return false
	}
	first, _, _ := strings.Cut(rest, "/")
	if len(first) != 4 {
		return true
	}
	n, err := strconv.Atoi(first)
	return err != nil || first[0] == '+' || first[0] == '-' || n < 1900 || n >= 2200
}
