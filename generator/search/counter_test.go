package search

import (
	"reflect"
	"slices"
	"testing"
)

// TestCounterBeforeParticle: a time written 8時に or ９時には is found by
// 8時, ８時 and 時, in Go and in the browser engine: IPA reads 時に and 時には
// after a number as one adverb ("sometimes"), so the index held no 時
// there and a reader's 8時 found nothing.
func TestCounterBeforeParticle(t *testing.T) {
	docs := []Document{
		{URL: "/a/", Title: "窓口", Body: "問合せ窓口は8時に開きます。"},
		{URL: "/b/", Title: "到着", Body: "翌日は９時には着きました。"},
		{URL: "/c/", Title: "休み", Body: "時には休むことも必要です。"},
		{URL: "/d/", Title: "作業", Body: "作業は8時間かかりました。"},
	}
	fsys := buildFS(t, sharedKagome(t), docs)
	js := newJSEngine(t, fsys)
	for q, want := range map[string][]string{
		"8時":    {"/a/"},
		"８時":    {"/a/"},
		"9時":    {"/b/"},
		"9時には":  {"/b/"},
		"8時間":   {"/d/"},
		"時には休む": {"/c/"},
	} {
		resp, err := Query(fsys, q, QueryOptions{Limit: 10})
		if err != nil {
			t.Fatal(err)
		}
		if got := urls(resp); !slices.Equal(got, want) {
			t.Errorf("%q found %v, want %v", q, got, want)
		}
		got, err := js.Query(q, QueryOptions{Limit: 10})
		if err != nil {
			t.Fatal(err)
		}
		if w := canon(t, resp); !reflect.DeepEqual(got, w) {
			t.Errorf("%q: the browser engine differs:\n js %+v\n go %+v", q, got, w)
		}
	}
}
