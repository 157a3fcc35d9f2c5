package content

import (
	"bytes"
	"reflect"
	"slices"
	"strings"
	"testing"
	"time"
	"unicode"
	"unicode/utf8"
)

func TestMarshalRoundTrip(t *testing.T) {
	jst := time.FixedZone("JST", 9*3600)
	date := time.Date(2019, 8, 29, 11, 22, 33, 0, jst)
	tests := []struct {
		name  string
		title string
		tags  []string
	}{
		{"plain Japanese", "受付カウンターの返却箱", []string{"貸与品"}},
		{"leading bracket", "【続編⑥】入館証の件", []string{"【報告】"}},
		{"quotes and colon", `「返して」: "今日中に"`, []string{"a, b", "[x]", "#tag"}},
		{"looks like other types", "06", []string{"true", "null", "2019-08-29"}},
		{"multi-line", "一行目\n二行目", []string{"- dash", "{brace}"}},
		{"control-ish and spaces", "  前後に空白  ", []string{" ", "空白 あり"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var fs Fields
			fs.Set("title", tt.title)
			fs.Set("date", date)
			fs.Set("series", "入館証の件: 続")
			fs.Set("part", 6)
			fs.Set("final", true)
			fs.Set("draft", false) // removed: false is the default
			fs.Set("tags", tt.tags)
			fs.Set("aliases", []string{"/2019/08/入館証/", "/entry/2019/08/29/112233"})
			fs.Set("imported_from", "wxr:export.xml#12")
			src, err := Marshal(fs, []byte("本文です。"))
			if err != nil {
				t.Fatal(err)
			}
			a, err := Parse("posts/x.md", src, LoadOptions{Taxonomies: []string{"tags"}})
			if err != nil {
				t.Fatalf("%v\n%s", err, src)
			}
			if a.Title != tt.title || a.Series != "入館証の件: 続" || a.Part != 6 || !a.Final || a.Draft {
				t.Errorf("read back %+v\n%s", a.FrontMatter, src)
			}
			if !a.Date.Equal(date) {
				t.Errorf("date %v, want %v", a.Date, date)
			}
			var wantTags []string
			for _, s := range tt.tags {
				if s = strings.TrimSpace(s); s != "" {
					wantTags = append(wantTags, s)
				}
			}
			if got := a.Taxonomies["tags"]; !slices.Equal(got, wantTags) {
				t.Errorf("tags %q, want %q\n%s", got, wantTags, src)
			}
			if len(a.Aliases) != 2 || a.Params["imported_from"] != "wxr:export.xml#12" {
				t.Errorf("aliases %q, params %v", a.Aliases, a.Params)
			}
			if string(a.Body) != "\n本文です。\n" {
				t.Errorf("body %q", a.Body)
			}
			if _, ok := a.Lines["draft"]; ok {
				t.Errorf("draft: false was written:\n%s", src)
			}
		})
	}
}

func TestFieldsSetKeepsOrder(t *testing.T) {
	var fs Fields
	fs.Set("title", "a")
	fs.Set("date", time.Date(2020, 1, 2, 0, 0, 0, 0, time.UTC))
	fs.Set("title", "b")
	fs.Set("date", time.Time{})
	fs.Set("tags", []string{"x"})
	src, err := Marshal(fs, nil)
	if err != nil {
		t.Fatal(err)
	}
	if want := "---\ntitle: b\ntags: [x]\n---\n"; string(src) != want {
		t.Errorf("got %q, want %q", src, want)
	}
}

func TestMarshalRejectsUnknownType(t *testing.T) {
	if _, err := Marshal(Fields{{Key: "x", Value: complex(1, 2)}}, nil); err == nil || !strings.Contains(err.Error(), "key x") {
		t.Errorf("err = %v, want one naming key x", err)
	}
	if _, err := Marshal(Fields{{Key: "params", Value: map[string]any{"a": []any{struct{}{}}}}}, nil); err == nil || !strings.Contains(err.Error(), "key params: a") {
		t.Errorf("err = %v, want one naming key params and its key a", err)
	}
}

// A table of any values an imported front matter holds (the params: of
// an import) reads back with Parse to the same values, keys sorted.
func TestMarshalTableReadsBack(t *testing.T) {
	visited := time.Date(2024, 5, 6, 7, 8, 9, 0, time.FixedZone("", 9*3600))
	table := map[string]any{
		"mood": "晴れ", "count": 3, "big": int64(1) << 40, "ratio": 0.5, "whole": 3.0,
		"toc": false, "none": nil, "yes": "yes", "06": "06", "visited": visited,
		"list":   []any{"a", 1, []any{true}},
		"nested": map[string]any{"z": "最後", "a": map[any]any{2025: "前年"}},
	}
	fs := Fields{{Key: "title", Value: "記事"}, {Key: "date", Value: visited}, {Key: "params", Value: table}}
	src, err := Marshal(fs, []byte("本文\n"))
	if err != nil {
		t.Fatal(err)
	}
	again, err := Marshal(fs, []byte("本文\n"))
	if err != nil || !bytes.Equal(src, again) {
		t.Fatalf("two writes differ:\n%s\n%s", src, again)
	}
	a, err := Parse("posts/a.md", src, LoadOptions{Location: time.UTC})
	if err != nil {
		t.Fatalf("%v in\n%s", err, src)
	}
	want := map[string]any{
		"mood": "晴れ", "count": 3, "big": 1 << 40, "ratio": 0.5, "whole": 3.0, // whole numbers read back as int
		"toc": false, "none": nil, "yes": "yes", "06": "06", "visited": visited,
		"list":   []any{"a", 1, []any{true}},
		"nested": map[string]any{"z": "最後", "a": map[string]any{"2025": "前年"}},
	}
	for k, w := range want {
		got := a.Params[k]
		if gt, ok := got.(time.Time); ok && gt.Equal(w.(time.Time)) {
			continue
		}
		if !reflect.DeepEqual(got, w) {
			t.Errorf("Params[%q] = %#v (%T), want %#v (%T) in\n%s", k, got, got, w, w, src)
		}
	}
	if i, j := bytes.Index(src, []byte(`  "06":`)), bytes.Index(src, []byte("  yes:")); i < 0 || j < i {
		t.Errorf("keys not written sorted:\n%s", src)
	}
}

// FuzzMarshalTitle: any printable title reads back unchanged.
func FuzzMarshalTitle(f *testing.F) {
	for _, s := range []string{"【続編⑥】入館証", "a: b", "- x", "'", `"`, "06", "~", "#c", "[x]", "{y}", "&a *b", "!t", "%p", "@u", "`q`", "一行目\n二行目"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, title string) {
		if !utf8.ValidString(title) || strings.TrimSpace(title) == "" {
			return
		}
		for _, r := range title {
			if r != '\n' && (unicode.IsControl(r) || r == '\uFEFF' || r == 0x85 || r == 0x2028 || r == 0x2029) {
				return
			}
		}
		var fs Fields
		fs.Set("title", title)
		fs.Set("date", time.Date(2020, 1, 2, 3, 4, 5, 0, time.UTC))
		src, err := Marshal(fs, nil)
		if err != nil {
			t.Fatal(err)
		}
		a, err := Parse("posts/x.md", src, LoadOptions{})
		if err != nil {
			t.Fatalf("%v\n%s", err, src)
		}
		if a.Title != title {
			t.Errorf("title %q read back as %q\n%s", title, a.Title, src)
		}
	})
}
