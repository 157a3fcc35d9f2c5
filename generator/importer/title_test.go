package importer

import (
	"slices"
	"testing"
	"unicode/utf8"
)

func TestParseTitle(t *testing.T) {
	tests := []struct {
		name     string
		in       string
		series   string
		part     int
		final    bool
		word     string
		brackets []string
	}{
		{"label bracket then category bracket", "【続編⑥】【営業日報】返却されない社員証の件", "返却されない社員証の件", 6, false, "続編", []string{"営業日報"}},
		{"category first then label", "【営業日報】【前編①】返却されない社員証の件", "返却されない社員証の件", 1, false, "前編", []string{"営業日報"}},
		{"plain digits in label bracket", "【続編12】【営業日報】返却されない社員証の件", "返却されない社員証の件", 12, false, "続編", []string{"営業日報"}},
		{"final", "【完結編15】返却されない社員証の件", "返却されない社員証の件", 15, true, "完結編", nil},
		{"trailing circled", "【営業日報】食堂の席取りで揉めた件の対応①", "食堂の席取りで揉めた件の対応", 1, false, "", []string{"営業日報"}},
		{"trailing circled after verb", "面談で話が食い違った件をお話しします③", "面談で話が食い違った件をお話しします", 3, false, "", nil},
		{"dai wa", "休憩室の冷蔵庫 第3話", "休憩室の冷蔵庫", 3, false, "第", nil},
		{"kanji dai wa", "休憩室の冷蔵庫 第十二話", "休憩室の冷蔵庫", 12, false, "第", nil},
		{"full-width paren", "休憩室の冷蔵庫（3）", "休憩室の冷蔵庫", 3, false, "", nil},
		{"ascii paren", "休憩室の冷蔵庫 (4)", "休憩室の冷蔵庫", 4, false, "", nil},
		{"sono", "休憩室の冷蔵庫その3", "休憩室の冷蔵庫", 3, false, "その", nil},
		{"part", "Cold storage Part 2", "Cold storage", 2, false, "Part", nil},
		{"zenpen word", "休憩室の冷蔵庫 前編", "休憩室の冷蔵庫", 0, false, "前編", nil},
		{"kouhen word is final", "休憩室の冷蔵庫・後編", "休憩室の冷蔵庫", 0, true, "後編", nil},
		{"chuuhen in paren", "休憩室の冷蔵庫（中編）", "休憩室の冷蔵庫", 0, false, "中編", nil},
		{"full-width digits", "【続編１１】休憩室の冷蔵庫", "休憩室の冷蔵庫", 11, false, "続編", nil},
		{"year is not a part", "2019年の振り返り2019", "2019年の振り返り2019", 0, false, "", nil},
		{"no label", "派遣先への年始挨拶", "派遣先への年始挨拶", 0, false, "", nil},
		{"nbsp and spaces", "\u00a0【続編⑦】\u3000休憩室の冷蔵庫\u00a0", "休憩室の冷蔵庫", 7, false, "続編", nil},
		{"only a bracket", "【お知らせ】", "", 0, false, "", []string{"お知らせ"}},
		{"quote in the middle stays", "「返して」と言われた件①", "「返して」と言われた件", 1, false, "", nil},
		{"circled over twenty", "長い連載の件㉑", "長い連載の件", 21, false, "", nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := ParseTitle(tt.in)
			if got.Series != tt.series || got.Part != tt.part || got.Final != tt.final || got.Word != tt.word || !slices.Equal(got.Brackets, tt.brackets) {
				t.Errorf("ParseTitle(%q) = %+v, want series %q part %d final %v word %q brackets %q", tt.in, got, tt.series, tt.part, tt.final, tt.word, tt.brackets)
			}
		})
	}
}

func FuzzParseTitle(f *testing.F) {
	for _, s := range []string{"【続編⑥】【報告】件", "件①", "件 第三話", "件（その3）", "【】", "【", "】【", "件 後編", "(", "第",
		"件 其の壱", "件（上）", "件 〜最終回〜", "件 第3話「副題」", "第1話 件", "件 番外編", "件 第5話【完】", "件 (3/5)", "件 Part IV", "件（3）― 副題", "件 ⑴", "ep"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		got := ParseTitle(s)
		if got.Part < 0 {
			t.Errorf("negative part %d", got.Part)
		}
		if (got.Part > 0 || got.Word != "") && got.Label == "" {
			t.Errorf("part without label: %+v", got)
		}
		if !utf8.ValidString(got.Series) || !utf8.ValidString(got.Subtitle) {
			t.Errorf("invalid UTF-8 series %q or subtitle %q", got.Series, got.Subtitle)
		}
		if got.Extra && (got.Part != 0 || got.Final) {
			t.Errorf("an extra with a part or final: %+v", got)
		}
		if got.Subtitle != "" && got.Part == 0 {
			t.Errorf("a subtitle without a part: %+v", got)
		}
		if len(got.Series) > len(s)+3*utf8.RuneCountInString(s) {
			t.Errorf("series longer than the input: %q", got.Series)
		}
	})
}

// TestParseTitleDoubled: a bracket label and a trailing one in one title.
// An agreeing trailing label is dropped; one that disagrees is dropped from
// the series too (so the part joins its series) and kept in Doubled for a
// warning; the bracket's part stands.
func TestParseTitleDoubled(t *testing.T) {
	tests := []struct {
		in, series string
		part       int
		doubled    string
	}{
		{"【続編②】鍵の件③", "鍵の件", 2, "③"},
		{"【続編②】鍵の件②", "鍵の件", 2, ""},
		{"【前編①】【営業日報】鍵の件 その1", "鍵の件", 1, ""},
		{"【続編③】鍵の件 第5話", "鍵の件", 3, "第5話"},
		{"【続編②】その3", "その3", 2, ""}, // nothing would be left of the series
		{"【続編②】鍵の件", "鍵の件", 2, ""},
		{"【前編】鍵の件（2）", "鍵の件（2）", 0, ""}, // no number in the bracket to compare with
	}
	for _, tt := range tests {
		got := ParseTitle(tt.in)
		if got.Series != tt.series || got.Part != tt.part || got.Doubled != tt.doubled {
			t.Errorf("ParseTitle(%q) = series %q part %d doubled %q, want %q %d %q", tt.in, got.Series, got.Part, got.Doubled, tt.series, tt.part, tt.doubled)
		}
	}
	warn := &Warnings{}
	g := Group([]*Post{{Title: "【前編①】鍵の件", Source: "a.txt"}, {Title: "【続編②】鍵の件③", Source: "b.txt", Line: 1}}, warn)
	if len(g.Series) != 1 || len(g.Series[0].Parts) != 2 || g.Series[0].Title != "鍵の件" {
		t.Errorf("series %+v", g.Series)
	}
	if len(warn.List) != 1 || warn.List[0].Path != "b.txt" || warn.List[0].Msg != "“【続編②】鍵の件③” has two part labels, 続編② and ③; imported as part 2 (fix the title, or set part: by hand)" {
		t.Errorf("warnings %v", warn.List)
	}
}
