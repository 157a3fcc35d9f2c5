package search

import (
	"reflect"
	"testing"
)

func TestJSEngineSmoke(t *testing.T) {
	fsys := corpusIndex(t)
	js := newJSEngine(t, fsys)
	gs := NewSearcher(fsys)
	for _, q := range []string{"返す", "入館証 返さない", "新幹線", "入館証 宇宙人", `"鍵を返さない"`} {
		want, err := gs.Query(q, QueryOptions{})
		if err != nil {
			t.Fatal(err)
		}
		got, err := js.Query(q, QueryOptions{})
		if err != nil {
			t.Fatal(err)
		}
		if w := canon(t, want); !reflect.DeepEqual(got, w) {
			t.Errorf("%s:\n js %+v\n go %+v", q, got, w)
		}
	}
}
