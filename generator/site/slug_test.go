package site

import "testing"

func TestSlugify(t *testing.T) {
	for _, tt := range []struct{ title, want string }{
		{"入館証を返さないYさんの件", "入館証を返さないYさんの件"},
		{"Kさん", "Kさん"},
		{"ＰＣ貸与の件", "PC貸与の件"},
		{"Go Tips", "go-tips"},
		{"C++", "c"},
		{"派遣先の「社員食堂」問題", "派遣先の-社員食堂-問題"},
		{"ラーメン", "ラーメン"},
		{"Ελληνικά", "ελληνικά"},
		{"!!!", "x-" + shortHash("!!!")},
	} {
		if got := Slugify(tt.title); got != tt.want {
			t.Errorf("Slugify(%q) = %q, want %q", tt.title, got, tt.want)
		}
	}
}
