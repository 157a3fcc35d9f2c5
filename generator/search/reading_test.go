package search

import "testing"

// TestBaseReading: the reading of an inflected word's base form comes from
// its surface's reading, or is empty where the two cannot be lined up.
func TestBaseReading(t *testing.T) {
	for _, c := range []struct {
		m    Morpheme
		want string
	}{
		{Morpheme{Surface: "返さ", Base: "返す", Reading: "カエサ", Infl: "godan:サ行"}, "カエス"},
		{Morpheme{Surface: "返す", Base: "返す", Reading: "カエス", Infl: "godan:サ行"}, "カエス"},
		{Morpheme{Surface: "厳しかっ", Base: "厳しい", Reading: "キビシカッ", Infl: "adj"}, "キビシイ"},
		{Morpheme{Surface: "行っ", Base: "行く", Reading: "イッ", Infl: "godan:カ行促音便"}, "イク"},
		{Morpheme{Surface: "調べ", Base: "調べる", Reading: "シラベ", Infl: "ichidan"}, "シラベル"},
		{Morpheme{Surface: "来", Base: "来る", Reading: "キ", Infl: "kuru-kanji"}, ""},     // キ, コ or ク by form
		{Morpheme{Surface: "いっ", Base: "行く", Reading: "イッ", Infl: "godan:カ行促音便"}, ""},  // no kanji in common
		{Morpheme{Surface: "返さ", Base: "返す", Reading: "ヘンサ", Infl: "godan:サ行"}, "ヘンス"}, // taken as given
		{Morpheme{Surface: "返さ", Base: "返す", Reading: "カエ", Infl: "godan:サ行"}, ""},     // not the surface's kana
	} {
		if got := baseReading(c.m); got != c.want {
			t.Errorf("baseReading(%s → %s, %s) = %q, want %q", c.m.Surface, c.m.Base, c.m.Reading, got, c.want)
		}
	}
}
