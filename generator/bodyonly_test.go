package generator

import (
	"bytes"
	"context"
	"maps"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/rensai-ssg/rensai/generator/site"
)

// bodyOnlyStep is one edit of TestBodyOnlyEditsReuseTheModel: what it
// changes, the present of the build after it (zero: fixedNow), whether
// that build must fail, whether it may patch the previous model, and
// whether it may run the previous plan again.
type bodyOnlyStep struct {
	edit   func(t *testing.T, dir string) []string
	now    time.Time
	fails  bool
	reused bool
	plan   bool
}

func soloWith(body string) func(t *testing.T, dir string) []string {
	return func(t *testing.T, dir string) []string {
		writeFile(t, dir+"/content/posts/solo.md", "---\ntitle: 単発の記事\ndate: 2026-02-01\ntags: [雑記]\n---\n\n"+body)
		return []string{"content/posts/solo.md"}
	}
}

func partWith(n int, title, extra, body string) func(t *testing.T, dir string) []string {
	return func(t *testing.T, dir string) []string {
		name := "content/posts/nyukan-0" + itoa(n) + ".md"
		writeFile(t, filepath.Join(dir, name), part("入館証の件", n, title, "2026-03-0"+itoa(n), "tags: [入館証]\n"+extra)+body)
		return []string{name}
	}
}

// summarized is the front matter line that fixes a part's summary, so
// that an edit of its body leaves the summary, which a plan copies, as it
// was: such an edit may run the previous plan again.
const summarized = "summary: 面談の要約です。\n"

// a summarized part 4, edited: its body longer, with a heading and a link.
var (
	part4         = partWith(4, "面談", summarized, "")
	part4Linking  = partWith(4, "面談", summarized, "\n## 追記の見出し\n\n[単発](solo.md)も参照。"+strings.Repeat("追記します。", 100)+"\n")
	part4Relinked = partWith(4, "面談", summarized, "\n## 追記の見出し\n\n[初回](nyukan-01.md)も参照。\n")
)

// bodyOnlyCases are the cases of TestBodyOnlyEditsReuseTheModel: setup
// edits the site before its first build.
var bodyOnlyCases = []struct {
	name  string
	setup func(t *testing.T, dir string) []string
	steps []bodyOnlyStep
}{
	{"a body edit", nil, []bodyOnlyStep{{edit: soloWith("書き直しました。\n"), reused: true}}},
	{"a body edit of a part", nil, []bodyOnlyStep{{edit: partWith(4, "面談", "", "\n追記。\n"), reused: true}}},
	{"two body edits in a row", nil, []bodyOnlyStep{
		{edit: partWith(4, "面談", "", "\n追記。\n"), reused: true},
		{edit: partWith(6, "返却", "", "\n## 見出し\n\n追記。\n"), reused: true},
	}},
	{"the same bytes saved again", nil, []bodyOnlyStep{{edit: soloWith("単発です。\n"), reused: true, plan: true}}},
	{"a body edit of a draft", nil, []bodyOnlyStep{{edit: func(t *testing.T, dir string) []string {
		writeFile(t, dir+"/content/posts/draft.md", part("食堂の件", 2, "下書きの回", "2026-03-09", "draft: true\n")+"\n追記。\n")
		return []string{"content/posts/draft.md"}
	}, reused: true, plan: true}}},
	{"a title edit", nil, []bodyOnlyStep{{edit: partWith(5, "再発防止策", "", ""), reused: false}}},
	{"a front matter line added above the same body", nil, []bodyOnlyStep{{edit: partWith(5, "再発防止", "mood: 憂鬱\n", ""), reused: false}}},
	{"a title edit, then a body edit", nil, []bodyOnlyStep{
		{edit: partWith(5, "再発防止策", "", ""), reused: false},
		{edit: partWith(5, "再発防止策", "", "\n追記。\n"), reused: true},
	}},
	{"a body and a title edited in one build", nil, []bodyOnlyStep{{edit: func(t *testing.T, dir string) []string {
		return append(soloWith("書き直しました。\n")(t, dir), partWith(5, "再発防止策", "", "")(t, dir)...)
	}, reused: false}}},
	{"a series description edit", nil, []bodyOnlyStep{{edit: func(t *testing.T, dir string) []string {
		writeFile(t, dir+"/content/series/nyukan.md", "---\ntitle: 入館証の件\nslug: nyukan\ndescription: 説明を変えました。\n---\n\n本文です。\n")
		return []string{"content/series/nyukan.md"}
	}, reused: false}}},
	{"an article added", nil, []bodyOnlyStep{{edit: func(t *testing.T, dir string) []string {
		writeFile(t, dir+"/content/posts/solo-2.md", "---\ntitle: 二本目\ndate: 2026-02-02\n---\n\n二本目です。\n")
		return []string{"content/posts/solo-2.md"}
	}, reused: false}}},
	{"an article removed", nil, []bodyOnlyStep{{edit: func(t *testing.T, dir string) []string {
		os.Remove(dir + "/content/posts/solo.md")
		return []string{"content/posts/solo.md"}
	}, reused: false}}},
	{"a future part comes due", nil, []bodyOnlyStep{{edit: soloWith("書き直しました。\n"), now: later, reused: false}}},
	{"the present moves with nothing coming due", nil, []bodyOnlyStep{{edit: soloWith("書き直しました。\n"), now: fixedNow.Add(time.Hour), reused: true}}},
	{"a body edit after a failed build", nil, []bodyOnlyStep{
		{edit: func(t *testing.T, dir string) []string {
			writeFile(t, dir+"/content/posts/solo.md", "---\ntitle: 単発の記事\ndate: [\n---\n\n壊れています。\n")
			return []string{"content/posts/solo.md"}
		}, fails: true},
		{edit: soloWith("直しました。\n"), reused: true},
	}},
	{"a body edit that keeps the summary", part4, []bodyOnlyStep{{edit: part4Linking, reused: true, plan: true}}},
	{"a body edit that changes a link target", part4, []bodyOnlyStep{
		{edit: part4Linking, reused: true, plan: true},
		{edit: part4Relinked, reused: true, plan: true},
	}},
	{"body edits between edits of a title, a date, the tags and the series", part4, []bodyOnlyStep{
		{edit: part4Linking, reused: true, plan: true},
		{edit: partWith(4, "面談の結果", summarized, ""), reused: false},
		{edit: partWith(4, "面談の結果", summarized, "\n追記。\n"), reused: true, plan: true},
		{edit: func(t *testing.T, dir string) []string {
			writeFile(t, dir+"/content/posts/nyukan-04.md", part("入館証の件", 4, "面談の結果", "2026-03-10", "tags: [入館証]\n"+summarized))
			return []string{"content/posts/nyukan-04.md"}
		}, reused: false},
		{edit: part4Linking, reused: false}, // the date moves back
		{edit: partWith(4, "面談", "clients: [本社]\n"+summarized, "\n追記。\n"), reused: false},
		{edit: partWith(4, "面談", "clients: [本社]\n"+summarized, "\n追記を直しました。\n"), reused: true, plan: true},
		{edit: func(t *testing.T, dir string) []string {
			writeFile(t, dir+"/content/posts/nyukan-04.md", part("食堂の件", 4, "面談", "2026-03-04", summarized))
			return []string{"content/posts/nyukan-04.md"}
		}, reused: false},
		{edit: func(t *testing.T, dir string) []string {
			writeFile(t, dir+"/content/posts/nyukan-04.md", part("食堂の件", 4, "面談", "2026-03-04", summarized)+"\n追記。\n")
			return []string{"content/posts/nyukan-04.md"}
		}, reused: true, plan: true},
	}},
	{"a body edit that changes the summary", nil, []bodyOnlyStep{{edit: partWith(4, "面談", "", "\n要約の変わる追記。\n"), reused: true, plan: false}}},
	{"a static file edit, then a body edit", func(t *testing.T, dir string) []string {
		writeFile(t, dir+"/static/notice.txt", "お知らせ\n")
		return part4(t, dir)
	}, []bodyOnlyStep{
		{edit: func(t *testing.T, dir string) []string {
			writeFile(t, dir+"/static/notice.txt", "お知らせを直しました。\n")
			return []string{"static/notice.txt"}
		}, reused: true, plan: false},
		{edit: part4Linking, reused: true, plan: true},
	}},
	{"a file beside an article added with a body edit", part4, []bodyOnlyStep{{edit: func(t *testing.T, dir string) []string {
		writeFile(t, dir+"/content/posts/nyukan-04/zu.png", "zu")
		return append(part4Linking(t, dir), "content/posts/nyukan-04/zu.png")
	}, reused: true, plan: false}}},
}

// later is a present in which future.md (2027-01-01) is due.
var later = time.Date(2027, 2, 1, 0, 0, 0, 0, time.UTC)

// TestBodyOnlyEditsReuseTheModel: a rebuild in which only article bodies
// changed patches the previous site model instead of assembling a new one
// (assemble.go), and runs the previous plan again unless a summary changed
// (plan.go); any other change assembles and plans again. Either way, after
// every step, the site is byte for byte a full build's, every input key
// is the one a new Builder computes (keys.go), and a reused plan is a
// fresh plan of the same model: under the default theme and a layout that
// shows every field of an article.
func TestBodyOnlyEditsReuseTheModel(t *testing.T) {
	templates := []struct {
		name    string
		layouts map[string]string
	}{
		{"default theme", nil},
		{"every field", everyFieldLayouts},
	}
	for _, tm := range templates {
		for _, c := range bodyOnlyCases {
			t.Run(tm.name+"/"+c.name, func(t *testing.T) {
				dir := seriesSite(t)
				for name, body := range tm.layouts {
					writeFile(t, filepath.Join(dir, filepath.FromSlash(name)), body)
				}
				if c.setup != nil {
					c.setup(t, dir)
				}
				runBodyOnlySteps(t, dir, c.steps)
			})
		}
	}
}

// runBodyOnlySteps builds dir with one Builder, then makes each step's
// edit and builds again, checking each build against a new Builder's.
func runBodyOnlySteps(t *testing.T, dir string, steps []bodyOnlyStep) {
	// Each build's context ends with it, as the dev server's do: a reused
	// plan renders under the context of the build running it.
	build := func(b *Builder, changed []string) (*Result, error) {
		ctx, cancel := context.WithCancel(context.Background())
		defer cancel()
		return b.Build(ctx, changed)
	}
	b, err := NewBuilder(Options{Source: dir, Now: fixedNow})
	if err != nil {
		t.Fatal(err)
	}
	first, err := build(b, nil)
	if err != nil {
		t.Fatal(err)
	}
	site := withUnchanged(t, nil, first)
	for i, st := range steps {
		now := fixedNow
		if !st.now.IsZero() {
			now = st.now
		}
		b.opts.Now = now
		planned := b.lastPlan
		res, err := build(b, st.edit(t, dir))
		if st.fails {
			if err == nil {
				t.Fatalf("step %d: the build did not fail", i+1)
			}
			continue
		}
		if err != nil {
			t.Fatalf("step %d: %v", i+1, err)
		}
		if b.reusedModel != st.reused {
			t.Errorf("step %d: reused the model = %v, want %v", i+1, b.reusedModel, st.reused)
		}
		if reused := planned != nil && b.lastPlan == planned; reused != st.plan {
			t.Errorf("step %d: reused the plan = %v, want %v", i+1, reused, st.plan)
		}
		site = withUnchanged(t, site, res)
		sameFiles(t, "full and incremental", buildMem(t, Options{Source: dir, Now: now}), site)
		fresh, err := NewBuilder(Options{Source: dir, Now: now})
		if err != nil {
			t.Fatal(err)
		}
		if _, err := build(fresh, nil); err != nil {
			t.Fatal(err)
		}
		sameKeys(t, b.model, fresh.model)
		samePlan(t, b)
	}
}

// sameKeys fails the test unless every article and series of got has the
// input key it has in want, a model of the same files.
func sameKeys(t *testing.T, got, want *site.Model) {
	t.Helper()
	keys := func(m *site.Model) map[string]string {
		k := map[string]string{}
		for _, a := range m.Articles {
			k["article "+a.Source] = a.InputKey()
		}
		for _, sr := range m.Series {
			k["series "+sr.Key] = sr.InputKey()
		}
		return k
	}
	g, w := keys(got), keys(want)
	for _, name := range slices.Sorted(maps.Keys(w)) {
		if g[name] != w[name] {
			t.Errorf("the key of %s is %q, want %q (a new Builder's)", name, g[name], w[name])
		}
	}
	if len(g) != len(w) {
		t.Errorf("%d keys, want %d", len(g), len(w))
	}
}

// samePlan fails the test unless the Builder's last plan writes the files a
// fresh plan of its model writes, for the same owners, with the same keys
// and the same bytes.
func samePlan(t *testing.T, b *Builder) {
	t.Helper()
	fresh, err := b.newPlan(context.Background(), b.model, nil)
	if err != nil {
		t.Fatal(err)
	}
	last := b.lastPlan
	last.ctx.cur = context.Background() // as the next build sets it
	for _, list := range [][2][]job{{last.pages, fresh.pages}, {last.feeds, fresh.feeds}} {
		got, want := list[0], list[1]
		if len(got) != len(want) {
			t.Fatalf("the last plan has %d jobs, a fresh one %d", len(got), len(want))
		}
		for i := range want {
			g, w := got[i], want[i]
			if g.out != w.out || g.twin != w.twin || g.from != w.from {
				t.Fatalf("job %d: the last plan writes %s (twin %q) for %v, a fresh one %s (twin %q) for %v", i, g.out, g.twin, g.from, w.out, w.twin, w.from)
			}
			if gk, wk := g.inputKey(), w.inputKey(); gk != wk {
				t.Errorf("%s: the last plan keys it %q, a fresh one %q", g.out, gk, wk)
			}
			gb, gerr := g.render()
			wb, werr := w.render()
			if gerr != nil || werr != nil || !bytes.Equal(gb, wb) {
				t.Errorf("%s: the last plan renders other bytes than a fresh one (errors %v, %v)", g.out, gerr, werr)
			}
		}
	}
	if !slices.EqualFunc(last.assets, fresh.assets, func(a, b assetFile) bool {
		return a.out == b.out && a.source == b.source && bytes.Equal(a.data, b.data)
	}) {
		t.Errorf("the last plan copies other assets than a fresh one")
	}
}
