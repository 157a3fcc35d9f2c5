package series

import (
	"strings"
	"time"
)

// NavPart is one published part of a series, as navigation shows it.
type NavPart struct {
	Part  int
	Final bool
	Title string
	URL   string
	Date  time.Time
}

// Nav is the navigation of one part within its series.
type Nav struct {
	Prev, Next *NavItem
	Items      []*NavItem // every published part
	Position   string     // 第6話
	Total      string     // 全17話
}

// NavItem is one part seen from the part being read.
type NavItem struct {
	Label   string // relative label: 前編①, 続編⑦, 完結編15
	Title   string
	URL     string
	Part    int
	Date    time.Time
	Current bool
}

// Navigation returns the navigation of each of parts (ordered by part
// number): its position, the total, its neighbours and every part labelled
// relative to it. It is a pure function of the parts and the labels.
func (l Labels) Navigation(parts []NavPart) []*Nav {
	navs := make([]*Nav, len(parts))
	total := l.Position(len(parts))
	total = "全" + strings.TrimPrefix(strings.TrimSuffix(total, "話"), "第") + "話"
	for i, a := range parts {
		nav := &Nav{Position: l.Position(a.Part), Total: total}
		for j, p := range parts {
			item := &NavItem{
				Label: l.Relative(Member{Part: p.Part, Final: p.Final}, a.Part),
				Title: p.Title, URL: p.URL, Part: p.Part, Date: p.Date, Current: i == j,
			}
			nav.Items = append(nav.Items, item)
			switch j {
			case i - 1:
				nav.Prev = item
			case i + 1:
				nav.Next = item
			}
		}
		navs[i] = nav
	}
	return navs
}
