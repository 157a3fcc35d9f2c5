package search

import "strings"

// godanRows lists, for the final kana of a godan verb, the kana of the
// a, i, u, e and o rows (IPA analyses 返さない as 返さ|ない, 返そう as 返そ|う).
var godanRows = map[string][5]string{
	"う": {"わ", "い", "う", "え", "お"},
	"く": {"か", "き", "く", "け", "こ"},
	"ぐ": {"が", "ぎ", "ぐ", "げ", "ご"},
	"す": {"さ", "し", "す", "せ", "そ"},
	"つ": {"た", "ち", "つ", "て", "と"},
	"ぬ": {"な", "に", "ぬ", "ね", "の"},
	"ぶ": {"ば", "び", "ぶ", "べ", "ぼ"},
	"む": {"ま", "み", "む", "め", "も"},
	"る": {"ら", "り", "る", "れ", "ろ"},
}

// conjugate returns every stem IPA can cut from the dictionary form base of
// a word of class infl (see ipaInfl), so that a query may use a form the
// corpus never shows (返そう when only 返さない was written). The table is
// complete for the classes IPA gives independent verbs and adjectives.
func conjugate(base, infl string) []string {
	rs := []rune(base)
	if len(rs) == 0 {
		return nil
	}
	stem := string(rs[:len(rs)-1])
	last := string(rs[len(rs)-1])
	add := func(ends ...string) []string {
		out := make([]string, len(ends))
		for i, e := range ends {
			out[i] = stem + e
		}
		return out
	}
	switch {
	case infl == "adj" && last == "い":
		return add("い", "かっ", "く", "けれ", "かろ", "から", "", "き", "さ")
	case infl == "ichidan" && last == "る":
		return add("る", "", "れ", "ろ", "よ")
	case infl == "suru" && base == "する":
		return []string{"する", "し", "さ", "せ", "すれ", "しろ", "せよ", "す"}
	case infl == "xsuru" && strings.HasSuffix(base, "する"):
		s := strings.TrimSuffix(base, "する")
		return []string{s + "する", s + "し", s + "さ", s + "せ", s + "すれ", s + "しろ", s + "せよ", s + "す"}
	case infl == "kuru-kanji":
		return add("る", "", "れ", "い")
	case infl == "kuru" && base == "くる":
		return []string{"くる", "こ", "き", "くれ", "こい"}
	case strings.HasPrefix(infl, "godan:"):
		row, ok := godanRows[last]
		if !ok {
			return nil
		}
		forms := add(row[0], row[1], row[2], row[3], row[4])
		kind := strings.TrimPrefix(infl, "godan:")
		switch {
		case strings.Contains(kind, "イ音便"), last == "ぐ":
			forms = append(forms, stem+"い")
		case strings.Contains(kind, "ウ音便"):
			forms = append(forms, stem+"う")
		case strings.Contains(kind, "促音便"), last == "つ", last == "る", last == "う":
			forms = append(forms, stem+"っ")
		case last == "ぬ", last == "ぶ", last == "む":
			forms = append(forms, stem+"ん")
		}
		if strings.Contains(kind, "特殊") {
			forms = append(forms, stem+"い")
		}
		return forms
	}
	return nil
}

// volitional returns the volitional form of the verb base of class infl
// as one word (かえそう, かえよう), or nothing. IPA cuts it into a stem and
// う or よう, but a query typed in kana is cut by the frequency of its
// pieces, and the stem of a form a site seldom writes is dearer than a
// common word that happens to fit (かえ + そう, 変え + そう): the whole
// form as one key of the verb reads it as the verb.
func volitional(base, infl string) []string {
	rs := []rune(base)
	if len(rs) < 2 {
		return nil
	}
	stem, last := string(rs[:len(rs)-1]), string(rs[len(rs)-1])
	switch {
	case infl == "ichidan" && last == "る":
		return []string{stem + "よう"}
	case strings.HasPrefix(infl, "godan:"):
		if row, ok := godanRows[last]; ok {
			return []string{stem + row[4] + "う"}
		}
	}
	return nil
}
