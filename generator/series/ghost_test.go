package series

import (
	"slices"
	"strings"
	"testing"
)

func TestNormalizeTitle(t *testing.T) {
	tests := []struct{ name, in, want string }{
		{"full-width letter", "入館証が戻らないＹさんの件", "入館証が戻らないyさんの件"},
		{"half-width katakana", "ｸﾚｰﾑ対応", "クレーム対応"},
		{"case", "PCを返さないKさん", "pcを返さないkさん"},
		{"spaces of both widths", "打刻漏れ　が続く Mさん", "打刻漏れが続くmさん"},
		{"full-width digits", "第２期", "第2期"},
		{"unchanged", "入館証の件", "入館証の件"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := NormalizeTitle(tt.in); got != tt.want {
				t.Errorf("NormalizeTitle(%q) = %q, want %q", tt.in, got, tt.want)
			}
		})
	}
}

func TestSameTitle(t *testing.T) {
	tests := []struct {
		name string
		a, b string
		want bool
	}{
		{"full-width Y", "入館証が戻らないYさんの件", "入館証が戻らないＹさんの件", true},
		{"lower-case y", "入館証が戻らないYさんの件", "入館証が戻らないyさんの件", true},
		{"ideographic space", "打刻漏れ Mさん", "打刻漏れ　Mさん", true},
		{"another initial", "入館証が戻らないKさんの件", "入館証が戻らないWさんの件", false},
		{"another word", "入館証の件", "入館証の案件", false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := SameTitle(tt.a, tt.b); got != tt.want {
				t.Errorf("SameTitle(%q, %q) = %v, want %v", tt.a, tt.b, got, tt.want)
			}
		})
	}
}

func TestCloseTitles(t *testing.T) {
	tests := []struct {
		name string
		a, b string
		want bool
	}{
		{"件 written 案件", "契約終了後も入館証が戻らないKさんの件", "契約終了後も入館証が戻らないKさんの案件", true},
		{"one character dropped", "契約終了後も入館証が戻らないKさんの件", "契約終了後も入館証が戻らないKさん件", true},
		{"kana typo", "打刻漏れが続くMさんの件", "打刻漏れが続いMさんの件", true},
		{"another initial is another case", "契約終了後も入館証が戻らないKさんの件", "契約終了後も入館証が戻らないWさんの件", false},
		{"another number is another case", "派遣先の第2期面談", "派遣先の第3期面談", false},
		{"initial and a typo", "契約終了後も入館証が戻らないKさんの件", "契約終了後も入館証が戻らないWさんの案件", true},
		{"equal after folding is not close but same", "入館証が戻らないＹさんの件", "入館証が戻らないYさんの件", false},
		{"different serials", "打刻漏れが続くMさんの件", "貸与PCを返さないTさんの件", false},
		{"short titles need an exact match", "遅刻の件", "早退の件", false},
		{"short title one insertion", "遅刻の件", "遅刻の案件", true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := CloseTitles(tt.a, tt.b); got != tt.want {
				t.Errorf("CloseTitles(%q, %q) = %v, want %v", tt.a, tt.b, got, tt.want)
			}
			if got := CloseTitles(tt.b, tt.a); got != tt.want {
				t.Errorf("CloseTitles(%q, %q) = %v, want %v (not symmetric)", tt.b, tt.a, got, tt.want)
			}
		})
	}
}

func FuzzCloseTitles(f *testing.F) {
	f.Add("入館証の件", "入館証の案件")
	f.Add("Ｙさん", "yさん")
	f.Fuzz(func(t *testing.T, a, b string) {
		if CloseTitles(a, a) {
			t.Errorf("CloseTitles(%q, itself) = true", a)
		}
		if CloseTitles(a, b) != CloseTitles(b, a) {
			t.Errorf("CloseTitles not symmetric for %q, %q", a, b)
		}
	})
}

func TestFindGhosts(t *testing.T) {
	const kTitle = "契約終了後も入館証が戻らないKさんの件"
	three := func(key, stem string) *Series {
		return &Series{Key: key, Parts: []Member{
			{Series: key, Part: 1, Path: stem + "-01.md", Line: 4},
			{Series: key, Part: 2, Path: stem + "-02.md", Line: 4},
			{Series: key, Part: 3, Path: stem + "-03.md", Line: 4}}}
	}
	one := func(key, path string, part int) *Series {
		return &Series{Key: key, Parts: []Member{{Series: key, Part: part, Path: path, Line: 5}}}
	}
	tests := []struct {
		name     string
		all      []*Series
		declared []string
		want     []string
	}{
		{"a typo in one part's series", []*Series{three(kTitle, "k"), one("契約終了後も入館証が戻らないKさんの案件", "k-04.md", 4)}, nil,
			[]string{`k-04.md:5: series “契約終了後も入館証が戻らないKさんの案件” has only one part (part 4); もしかして: “` + kTitle + `” (k-01.md:4)?`}},
		{"a full-width letter not yet merged", []*Series{three("入館証が戻らないYさんの件", "y"), one("入館証が戻らないＹさんの件", "y-04.md", 4)}, nil,
			[]string{`y-04.md:5: series “入館証が戻らないＹさんの件” has only one part (part 4); もしかして: “入館証が戻らないYさんの件” (y-01.md:4)?`}},
		{"another initial is another case", []*Series{three(kTitle, "k"), one("契約終了後も入館証が戻らないWさんの件", "w-01.md", 1)}, nil, nil},
		{"declared on purpose", []*Series{three(kTitle, "k"), one("契約終了後も入館証が戻らないKさんの案件", "k-04.md", 4)}, []string{"契約終了後も入館証が戻らないKさんの案件"}, nil},
		{"no part 1", []*Series{three(kTitle, "k"), {Key: kTitle + "。", Parts: []Member{{Part: 4, Path: "a.md", Line: 3}, {Part: 5, Path: "b.md", Line: 3}}}}, nil,
			[]string{`a.md:3: series “` + kTitle + `。” has no part 1 (it starts at part 4); もしかして: “` + kTitle + `” (k-01.md:4)?`}},
		{"a one-part series alone is fine", []*Series{one("単発の件", "a.md", 1), three(kTitle, "k")}, nil, nil},
		{"complete series are never ghosts", []*Series{three(kTitle, "k"), three("契約終了後も入館証が戻らないKさんの案件", "j")}, nil, nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := FindGhosts(tt.all, func(key string) bool { return slices.Contains(tt.declared, key) })
			if len(got) != len(tt.want) {
				t.Fatalf("got %d problems %v, want %d", len(got), got, len(tt.want))
			}
			for i, p := range got {
				if !strings.HasPrefix(p.Error(), tt.want[i]) {
					t.Errorf("problem %d:\n%s\nwant it to start with\n%s", i, p.Error(), tt.want[i])
				}
			}
		})
	}
}
