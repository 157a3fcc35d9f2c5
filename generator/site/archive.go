package site

import "fmt"

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
