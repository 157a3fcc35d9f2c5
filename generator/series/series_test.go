package series

import (
	"slices"
	"strings"
	"testing"
)

func TestNumeral(t *testing.T) {
	tests := []struct {
		n     int
		style Style
		want  string
	}{
		{1, Circled, "①"}, {6, Circled, "⑥"}, {10, Circled, "⑩"}, {11, Circled, "⑪"},
		{20, Circled, "⑳"}, {21, Circled, "㉑"}, {35, Circled, "㉟"}, {36, Circled, "㊱"},
		{50, Circled, "㊿"}, {51, Circled, "51"}, {0, Circled, "0"},
		{1, Digits, "1"}, {12, Digits, "12"},
		{1, Kanji, "一"}, {6, Kanji, "六"}, {10, Kanji, "十"}, {11, Kanji, "十一"},
		{20, Kanji, "二十"}, {21, Kanji, "二十一"}, {50, Kanji, "五十"}, {51, Kanji, "五十一"},
		{105, Kanji, "百五"}, {1999, Kanji, "千九百九十九"},
	}
	for _, tt := range tests {
		if got := Numeral(tt.n, tt.style); got != tt.want {
			t.Errorf("Numeral(%d, %s) = %q, want %q", tt.n, tt.style, got, tt.want)
		}
	}
}

func TestLabels(t *testing.T) {
	l := DefaultLabels
	part := func(n int, final bool) Member { return Member{Part: n, Final: final} }
	tests := []struct {
		name    string
		p       Member
		current int
		want    string
	}{
		{"earlier part", part(1, false), 6, "前編①"},
		{"part just before", part(5, false), 6, "前編⑤"},
		{"later part", part(7, false), 6, "続編⑦"},
		{"later part past twenty", part(21, false), 6, "続編㉑"},
		{"final part seen from earlier", part(15, true), 6, "完結編⑮"},
		{"current middle part", part(6, false), 6, "続編⑥"},
		{"current first part", part(1, false), 1, "前編①"},
		{"current final part", part(15, true), 15, "完結編⑮"},
		{"one-part series that is final", part(1, true), 1, "完結編①"},
		{"part 51 in digits", part(51, false), 1, "続編51"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := l.Relative(tt.p, tt.current); got != tt.want {
				t.Errorf("Relative = %q, want %q", got, tt.want)
			}
		})
	}
	if got := l.Own(part(6, false)); got != "続編⑥" {
		t.Errorf("Own(6) = %q", got)
	}
	if got := l.Position(6); got != "第6話" {
		t.Errorf("Position(6) = %q", got)
	}
	k := l
	k.Style = Kanji
	if got := k.Position(6); got != "第六話" {
		t.Errorf("kanji Position(6) = %q", got)
	}
	d := l
	d.Style = Digits
	if got := d.Own(part(12, false)); got != "続編12" {
		t.Errorf("digits Own(12) = %q", got)
	}
	custom := Labels{Style: Digits, Earlier: "第{n}回", Later: "第{n}回", Final: "最終回", First: "初回", Pos: "{n}回目"}
	if got := custom.Own(part(1, false)); got != "初回" {
		t.Errorf("custom first = %q", got)
	}
	if got := custom.Own(part(9, true)); got != "最終回" {
		t.Errorf("custom final = %q", got)
	}
}

func TestGroup(t *testing.T) {
	m := func(series string, part int, final bool, path string) Member {
		return Member{Series: series, Part: part, Final: final, Path: path, Line: 4}
	}
	t.Run("ordered by part, not by input or path", func(t *testing.T) {
		all, errs, warns := Group([]Member{
			m("B", 2, false, "b2.md"), m("A", 3, true, "a3.md"), m("A", 1, false, "z1.md"), m("A", 2, false, "a2.md"), m("B", 1, false, "b1.md"),
		})
		if len(errs)+len(warns) != 0 {
			t.Fatalf("unexpected problems: %v %v", errs, warns)
		}
		if len(all) != 2 || all[0].Key != "A" || all[1].Key != "B" {
			t.Fatalf("series = %+v", all)
		}
		var got []string
		for _, p := range all[0].Parts {
			got = append(got, p.Path)
		}
		if strings.Join(got, ",") != "z1.md,a2.md,a3.md" {
			t.Errorf("order = %v", got)
		}
		if !all[0].Complete() || all[1].Complete() {
			t.Errorf("Complete: A=%v B=%v", all[0].Complete(), all[1].Complete())
		}
	})
	t.Run("duplicate part names both files", func(t *testing.T) {
		_, errs, _ := Group([]Member{m("A", 1, false, "a.md"), m("A", 2, false, "b.md"), m("A", 2, false, "c.md")})
		if len(errs) != 1 || !strings.Contains(errs[0].Error(), "c.md:4:") || !strings.Contains(errs[0].Error(), "b.md") {
			t.Fatalf("errs = %v", errs)
		}
	})
	t.Run("gap is a warning naming the missing number", func(t *testing.T) {
		_, errs, warns := Group([]Member{m("A", 1, false, "a.md"), m("A", 2, false, "b.md"), m("A", 4, false, "d.md")})
		if len(errs) != 0 || len(warns) != 1 || !strings.Contains(warns[0].Msg, "no part 3") {
			t.Fatalf("errs=%v warns=%v", errs, warns)
		}
	})
	t.Run("a gap of several parts is one warning naming them all", func(t *testing.T) {
		_, errs, warns := Group([]Member{m("A", 1, false, "a.md"), m("A", 4, false, "d.md"), m("A", 5, false, "e.md"), m("A", 9, false, "i.md")})
		var got []string
		for _, w := range warns {
			got = append(got, w.Error())
		}
		want := []string{
			"d.md:4: series “A” has no parts 2 to 3 (parts jump from 1 to 4)",
			"i.md:4: series “A” has no parts 6 to 8 (parts jump from 5 to 9)",
		}
		if len(errs) != 0 || !slices.Equal(got, want) {
			t.Fatalf("errs=%v\nwarnings %q\nwant     %q", errs, got, want)
		}
	})
	t.Run("series starting late warns", func(t *testing.T) {
		_, _, warns := Group([]Member{m("A", 2, false, "b.md")})
		if len(warns) != 1 || !strings.Contains(warns[0].Msg, "starts at part 2") {
			t.Fatalf("warns=%v", warns)
		}
	})
	t.Run("final before the last part is an error", func(t *testing.T) {
		_, errs, _ := Group([]Member{m("A", 1, false, "a.md"), m("A", 2, true, "b.md"), m("A", 3, false, "c.md")})
		if len(errs) != 1 || !strings.Contains(errs[0].Error(), "b.md:4: part 2 is marked final") {
			t.Fatalf("errs=%v", errs)
		}
	})
	t.Run("one-part series", func(t *testing.T) {
		all, errs, warns := Group([]Member{m("Solo", 1, true, "s.md")})
		if len(all) != 1 || len(all[0].Parts) != 1 || len(errs)+len(warns) != 0 || !all[0].Complete() {
			t.Fatalf("all=%v errs=%v warns=%v", all, errs, warns)
		}
	})
}
