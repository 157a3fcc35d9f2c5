package feed

import "testing"

func TestXMLSafe(t *testing.T) {
	for _, tt := range []struct {
		in   string
		want string
	}{
		{"普通の文章\tと改行\n", "普通の文章\tと改行\n"},
		{"a\x00b\x1fc", "abc"},
		{"前\uFFFE後\uFFFF", "前後"},
		{"\uFFFD置換文字は残す", "\uFFFD置換文字は残す"},
		{"末尾\xef\xbf", "末尾\xef\xbf"},
	} {
		if got := validXML(tt.in); got != tt.want {
			t.Errorf("validXML(%q) = %q, want %q", tt.in, got, tt.want)
		}
	}
}
