package importer

import (
	"fmt"
	"slices"
	"strings"
	"testing"
	"time"
)

// summary describes a grouping as "title: parts [missing] final" lines and
// the standalone titles, for comparison.
func summary(g *Grouping) string {
	var lines []string
	for _, s := range g.Series {
		var nums []string
		for _, p := range s.Parts {
			n := fmt.Sprint(p.Number)
			if p.Final {
				n += "F"
			}
			nums = append(nums, n)
		}
		lines = append(lines, fmt.Sprintf("%s: %s missing %v", s.Title, strings.Join(nums, ","), s.Missing))
	}
	for _, p := range g.Standalone {
		lines = append(lines, "standalone: "+g.Titles[p])
	}
	return strings.Join(lines, "\n")
}

func TestGroup(t *testing.T) {
	day := time.Date(2025, 1, 1, 0, 0, 0, 0, tokyo)
	tests := []struct {
		name   string
		titles []string
		navs   map[int]Nav // by index into titles
		want   string
	}{
		{"前編 中編 後編", []string{"冷蔵庫の件 後編", "冷蔵庫の件 前編", "冷蔵庫の件 中編"}, nil,
			"冷蔵庫の件: 1,2,3F missing []"},
		{"前編 後編", []string{"冷蔵庫の件（前編）", "冷蔵庫の件（後編）"}, nil,
			"冷蔵庫の件: 1,2F missing []"},
		{"category bracket varies and is a tag", []string{
			"【営業日報】鍵の件①", "【営業日報】鍵の件②", "【営業日報】食堂の件①", "【営業日報改】食堂の件②"}, nil,
			"鍵の件: 1,2 missing []\n食堂の件: 1,2 missing []"},
		{"slightly varying wording", []string{
			"【続編②】社員証をいつまでも戻さないスタッフSさんの苦情対応", "【前編①】社員証をいつまでも戻さないスタッフSさんへの苦情対応", "【完結編③】社員証をいつまでも戻さないスタッフSさんの苦情対応"}, nil,
			"社員証をいつまでも戻さないスタッフSさんの苦情対応: 1,2,3F missing []"},
		{"similar titles with the same parts stay apart", []string{
			"派遣社員Kさんの勤怠の件①", "派遣社員Rさんの勤怠の件①"}, nil,
			"派遣社員Kさんの勤怠の件: 1 missing []\n派遣社員Rさんの勤怠の件: 1 missing []"},
		{"navigation gives the number and the total", []string{"入館証の件"}, map[int]Nav{0: {Earlier: []int{1, 2, 3, 4, 5}, Later: []int{7, 8, 17}}},
			"入館証の件: 6 missing [1 2 3 4 5 7 8 9 10 11 12 13 14 15 16 17]"},
		{"a title without a label is part 1", []string{"入館証の件", "入館証の件②", "入館証の件③"}, nil,
			"入館証の件: 1,2,3 missing []"},
		{"the navigation's 完結編 makes the last part final", []string{"入館証の件①", "入館証の件②"}, map[int]Nav{0: {Later: []int{2}, Final: 2}},
			"入館証の件: 1,2F missing []"},
		{"final on a part that is not the last is dropped", []string{"【完結編②】入館証の件", "【続編③】入館証の件"}, nil,
			"入館証の件: 2,3 missing [1]"},
		{"no label, no series", []string{"年始の挨拶", "【営業日報】年末の挨拶", "【営業日報】鍵の件①"}, nil,
			"鍵の件: 1 missing []\nstandalone: 年始の挨拶\nstandalone: 年末の挨拶"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var posts []*Post
			for i, title := range tt.titles {
				posts = append(posts, &Post{Title: title, Ref: fmt.Sprint(i), Date: day.AddDate(0, 0, i), Nav: tt.navs[i]})
			}
			got := summary(Group(posts, &Warnings{}))
			if got != tt.want {
				t.Errorf("got:\n%s\nwant:\n%s", got, tt.want)
			}
		})
	}
}

// TestGroupIsDeterministic: the same posts in another order give the same
// series.
func TestGroupIsDeterministic(t *testing.T) {
	var posts []*Post
	for i := range 60 {
		posts = append(posts, &Post{Title: fmt.Sprintf("【続編%d】【報告】第%d号の件", i%6+1, i/6), Ref: fmt.Sprint(i)})
	}
	want := summary(Group(posts, &Warnings{}))
	slices.Reverse(posts)
	if got := summary(Group(posts, &Warnings{})); got != want {
		t.Errorf("reversed input:\n%s\nwant:\n%s", got, want)
	}
}

func TestGroupBySeriesHint(t *testing.T) {
	day := time.Date(2025, 1, 1, 0, 0, 0, 0, tokyo)
	posts := []*Post{
		{Title: "鍵が戻る", Ref: "c", Date: day.AddDate(0, 0, 3), SeriesHint: "ロッカーの件"},
		{Title: "鍵がない", Ref: "a", Date: day, SeriesHint: "ロッカーの件"},
		{Title: "鍵を探す", Ref: "b", Date: day.AddDate(0, 0, 1), SeriesHint: "ロッカーの件"},
		{Title: "第2話 合鍵", Ref: "d", Date: day, SeriesHint: "合鍵の件", PartHint: 2},
		{Title: "合鍵を作る", Ref: "e", Date: day.AddDate(0, 0, 1), SeriesHint: "合鍵の件", PartHint: 1},
	}
	g := Group(posts, &Warnings{})
	want := "ロッカーの件: 1,2,3 missing []\n合鍵の件: 1,2 missing []"
	if got := summary(g); got != want {
		t.Errorf("got:\n%s\nwant:\n%s", got, want)
	}
	if g.Series[0].Parts[0].Ref != "a" || g.Series[0].Parts[2].Ref != "c" || g.Series[1].Parts[0].Ref != "e" {
		t.Errorf("order %+v", g.Series)
	}
}
