package importer

import "testing"

// TestParseTitleClasses: the conventions Japanese serial blogs use for a
// part label, each recognised with its number (0 for a position or final
// word without one), word, final mark and the series title around it.
func TestParseTitleClasses(t *testing.T) {
	tests := []struct {
		class, in, series, subtitle string
		part                        int
		word                        string
		final, extra                bool
	}{
		// Position words.
		{"前編", "合鍵の件 前編", "合鍵の件", "", 0, "前編", false, false},
		{"中編 in parentheses", "合鍵の件（中編）", "合鍵の件", "", 0, "中編", false, false},
		{"後編 is final", "合鍵の件・後編", "合鍵の件", "", 0, "後編", true, false},
		{"篇 for 編", "合鍵の件 後篇", "合鍵の件", "", 0, "後編", true, false},
		{"上 in parentheses", "合鍵の件（上）", "合鍵の件", "", 0, "前編", false, false},
		{"下 in a bracket", "合鍵の件【下】", "合鍵の件", "", 0, "後編", true, false},
		{"上巻", "合鍵の件 上巻", "合鍵の件", "", 0, "前編", false, false},
		{"上 after a space", "合鍵の件 上", "合鍵の件", "", 0, "前編", false, false},
		{"上 ending a word is no label", "今月の売上", "今月の売上", "", 0, "", false, false},
		// The old blog's labels.
		{"前編①", "【前編①】合鍵の件", "合鍵の件", "", 1, "前編", false, false},
		{"続編⑥", "【続編⑥】合鍵の件", "合鍵の件", "", 6, "続編", false, false},
		{"続編12", "【続編12】合鍵の件", "合鍵の件", "", 12, "続編", false, false},
		{"完結編15", "【完結編15】合鍵の件", "合鍵の件", "", 15, "完結編", true, false},
		// Counted parts.
		{"第1話", "合鍵の件 第1話", "合鍵の件", "", 1, "第", false, false},
		{"第十二回 in kanji", "合鍵の件 第十二回", "合鍵の件", "", 12, "第", false, false},
		{"第百話", "合鍵の件 第百話", "合鍵の件", "", 100, "第", false, false},
		{"第二十一章", "合鍵の件 第二十一章", "合鍵の件", "", 21, "第", false, false},
		{"第3弾", "合鍵の件 第3弾", "合鍵の件", "", 3, "第", false, false},
		{"3話 without 第", "合鍵の件 3話", "合鍵の件", "", 3, "", false, false},
		{"2回目", "合鍵の件 2回目", "合鍵の件", "", 2, "", false, false},
		{"3回 is a count, not a part", "転職3回", "転職3回", "", 0, "", false, false},
		{"その1", "合鍵の件その1", "合鍵の件", "", 1, "その", false, false},
		{"其の壱 in daiji", "合鍵の件 其の壱", "合鍵の件", "", 1, "其の", false, false},
		{"その参", "合鍵の件 その参", "合鍵の件", "", 3, "その", false, false},
		// Numbers alone.
		{"(1)", "合鍵の件(1)", "合鍵の件", "", 1, "", false, false},
		{"（２） full-width", "合鍵の件（２）", "合鍵の件", "", 2, "", false, false},
		{"circled ⑳", "合鍵の件⑳", "合鍵の件", "", 20, "", false, false},
		{"circled beyond ⑳", "合鍵の件㊿", "合鍵の件", "", 50, "", false, false},
		{"parenthesized glyph ⑴", "合鍵の件 ⑴", "合鍵の件", "", 1, "", false, false},
		{"dingbat ❸", "合鍵の件❸", "合鍵の件", "", 3, "", false, false},
		{"Roman glyph Ⅱ", "合鍵の件 Ⅱ", "合鍵の件", "", 2, "", false, false},
		{"part of a total", "合鍵の件 (3/5)", "合鍵の件", "", 3, "", false, false},
		{"plain digits are no label", "合鍵の件 51", "合鍵の件 51", "", 0, "", false, false},
		{"a year is no label", "2019年の振り返り2019", "2019年の振り返り2019", "", 0, "", false, false},
		// Latin words.
		{"Part.1", "合鍵の件 Part.1", "合鍵の件", "", 1, "Part", false, false},
		{"Part II", "合鍵の件 Part II", "合鍵の件", "", 2, "Part", false, false},
		{"#1", "合鍵の件 #1", "合鍵の件", "", 1, "#", false, false},
		{"vol.1", "合鍵の件 vol.1", "合鍵の件", "", 1, "vol", false, false},
		{"Episode 2", "合鍵の件 Episode 2", "合鍵の件", "", 2, "Episode", false, false},
		{"a word ending in ep is no episode", "Deep 2", "Deep 2", "", 0, "", false, false},
		{"a word ending in part is no part", "Counterpart 2", "Counterpart 2", "", 0, "", false, false},
		{"(X) alone is no Roman numeral", "Twitter (X)", "Twitter (X)", "", 0, "", false, false},
		// Final parts.
		{"最終回", "合鍵の件 最終回", "合鍵の件", "", 0, "最終回", true, false},
		{"〜最終回〜", "合鍵の件 〜最終回〜", "合鍵の件", "", 0, "最終回", true, false},
		{"-後編-", "合鍵の件 -後編-", "合鍵の件", "", 0, "後編", true, false},
		{"【完】 after a number", "合鍵の件 第5話【完】", "合鍵の件", "", 5, "第", true, false},
		{"（終） alone", "合鍵の件（終）", "合鍵の件", "", 0, "完結編", true, false},
		// Extras beside the parts.
		{"番外編", "合鍵の件 番外編", "合鍵の件", "", 0, "番外編", false, true},
		{"【総集編】", "【総集編】合鍵の件", "合鍵の件", "", 0, "総集編", false, true},
		// Subtitles after the label, and labels that start the title.
		{"subtitle after ：", "合鍵の件 第3話：面談の日", "合鍵の件", "面談の日", 3, "第", false, false},
		{"subtitle in 「」", "合鍵の件 第3話「面談の日」", "合鍵の件", "面談の日", 3, "第", false, false},
		{"subtitle after -", "合鍵の件 #3 - 面談の日", "合鍵の件", "面談の日", 3, "#", false, false},
		{"subtitle after ―", "合鍵の件（3）― 面談", "合鍵の件", "面談", 3, "", false, false},
		{"label first", "第1話 合鍵の件", "合鍵の件", "", 1, "第", false, false},
		{"label first with ：", "第3回：合鍵の件", "合鍵の件", "", 3, "第", false, false},
		{"No.1 is praise, not a part", "業界No.1 の営業", "業界No.1 の営業", "", 0, "", false, false},
		{"第一印象 is no label", "第一印象の件", "第一印象の件", "", 0, "", false, false},
	}
	for _, tt := range tests {
		t.Run(tt.class, func(t *testing.T) {
			got := ParseTitle(tt.in)
			if got.Series != tt.series || got.Subtitle != tt.subtitle || got.Part != tt.part || got.Word != tt.word || got.Final != tt.final || got.Extra != tt.extra {
				t.Errorf("ParseTitle(%q) = %+v\nwant series %q subtitle %q part %d word %q final %v extra %v", tt.in, got, tt.series, tt.subtitle, tt.part, tt.word, tt.final, tt.extra)
			}
		})
	}
}
