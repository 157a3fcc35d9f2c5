package series

import (
	"testing"
	"time"
)

func TestNavigation(t *testing.T) {
	d := time.Date(2026, 3, 1, 0, 0, 0, 0, time.UTC)
	parts := []NavPart{
		{Part: 1, Title: "発端", URL: "/p/1/", Date: d},
		{Part: 2, Title: "面談", URL: "/p/2/", Date: d.AddDate(0, 0, 1)},
		{Part: 3, Final: true, Title: "完了", URL: "/p/3/", Date: d.AddDate(0, 0, 2)},
	}
	navs := DefaultLabels.Navigation(parts)
	if len(navs) != 3 {
		t.Fatalf("got %d navigations, want 3", len(navs))
	}
	tests := []struct {
		name           string
		nav            *Nav
		prev, next     string
		position       string
		labels         []string
		currentItemIdx int
	}{
		{"first part", navs[0], "", "/p/2/", "第1話", []string{"前編①", "続編②", "完結編③"}, 0},
		{"middle part", navs[1], "/p/1/", "/p/3/", "第2話", []string{"前編①", "続編②", "完結編③"}, 1},
		{"final part", navs[2], "/p/2/", "", "第3話", []string{"前編①", "前編②", "完結編③"}, 2},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			url := func(i *NavItem) string {
				if i == nil {
					return ""
				}
				return i.URL
			}
			if url(tt.nav.Prev) != tt.prev || url(tt.nav.Next) != tt.next {
				t.Errorf("prev, next = %q, %q; want %q, %q", url(tt.nav.Prev), url(tt.nav.Next), tt.prev, tt.next)
			}
			if tt.nav.Position != tt.position || tt.nav.Total != "全3話" {
				t.Errorf("position %q / %q, want %q / 全3話", tt.nav.Position, tt.nav.Total, tt.position)
			}
			for i, item := range tt.nav.Items {
				if item.Label != tt.labels[i] {
					t.Errorf("item %d label %q, want %q", i, item.Label, tt.labels[i])
				}
				if item.Current != (i == tt.currentItemIdx) {
					t.Errorf("item %d current = %v", i, item.Current)
				}
			}
		})
	}
}
