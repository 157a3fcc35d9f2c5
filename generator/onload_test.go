package generator

import (
	"context"
	"testing"
)

// TestOnLoadSeesTheWholeSiteOnEveryBuild: Options.OnLoad, from which the
// dev server sizes its memory limit, reports the Markdown of every article
// on a rebuild too, although the Builder lets each body go once it is
// rendered: an edit reports the site, not the edited article.
func TestOnLoadSeesTheWholeSiteOnEveryBuild(t *testing.T) {
	dir := seriesSite(t)
	type load struct{ total, largest int64 }
	var loads []load
	b, err := NewBuilder(Options{Source: dir, Now: fixedNow, OnLoad: func(total, largest int64, _ bool) {
		loads = append(loads, load{total, largest})
	}})
	if err != nil {
		t.Fatal(err)
	}
	ctx := context.Background()
	if _, err := b.Build(ctx, nil); err != nil {
		t.Fatal(err)
	}
	const added = "\n追記。\n"
	if _, err := b.Build(ctx, partWith(1, "発端", "", added)(t, dir)); err != nil {
		t.Fatal(err)
	}
	if len(loads) != 2 {
		t.Fatalf("OnLoad called %d times, want 2", len(loads))
	}
	first, edit := loads[0], loads[1]
	if first.total == 0 {
		t.Fatal("the first build reported no Markdown")
	}
	// The edit rewrote part 1 with a body of its own: the total moves by
	// that part's change only, never down to one article's size.
	if edit.total < first.total-first.largest || edit.largest < first.largest/2 {
		t.Errorf("the edit reported %d bytes (largest %d), the first build %d (largest %d): the site's, not one article's, is wanted",
			edit.total, edit.largest, first.total, first.largest)
	}
}
