package generator

import (
	"context"
	"os"
	"path/filepath"
	"testing"
	"time"
)

// bodyOnlyStep is one edit of TestBodyOnlyEditsReuseTheModel: what it
// changes, the present of the build after it (zero: fixedNow), whether
// that build must fail, and whether it may patch the previous model.
type bodyOnlyStep struct {
	edit   func(t *testing.T, dir string) []string
	now    time.Time
	fails  bool
	reused bool
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

// TestBodyOnlyEditsReuseTheModel: a rebuild in which only article bodies
// changed patches the previous site model instead of assembling a new one
// (assemble.go), and any other change assembles it again; either way, after
// every step, the site is byte for byte a full build's.
func TestBodyOnlyEditsReuseTheModel(t *testing.T) {
	later := time.Date(2027, 2, 1, 0, 0, 0, 0, time.UTC) // future.md (2027-01-01) is due
	cases := []struct {
		name  string
		steps []bodyOnlyStep
	}{
		{"a body edit", []bodyOnlyStep{{edit: soloWith("書き直しました。\n"), reused: true}}},
		{"a body edit of a part", []bodyOnlyStep{{edit: partWith(4, "面談", "", "\n追記。\n"), reused: true}}},
		{"two body edits in a row", []bodyOnlyStep{
			{edit: partWith(4, "面談", "", "\n追記。\n"), reused: true},
			{edit: partWith(6, "返却", "", "\n## 見出し\n\n追記。\n"), reused: true},
		}},
		{"the same bytes saved again", []bodyOnlyStep{{edit: soloWith("単発です。\n"), reused: true}}},
		{"a body edit of a draft", []bodyOnlyStep{{edit: func(t *testing.T, dir string) []string {
			writeFile(t, dir+"/content/posts/draft.md", part("食堂の件", 2, "下書きの回", "2026-03-09", "draft: true\n")+"\n追記。\n")
			return []string{"content/posts/draft.md"}
		}, reused: true}}},
		{"a title edit", []bodyOnlyStep{{edit: partWith(5, "再発防止策", "", ""), reused: false}}},
		{"a front matter line added above the same body", []bodyOnlyStep{{edit: partWith(5, "再発防止", "mood: 憂鬱\n", ""), reused: false}}},
		{"a title edit, then a body edit", []bodyOnlyStep{
			{edit: partWith(5, "再発防止策", "", ""), reused: false},
			{edit: partWith(5, "再発防止策", "", "\n追記。\n"), reused: true},
		}},
		{"a body and a title edited in one build", []bodyOnlyStep{{edit: func(t *testing.T, dir string) []string {
			return append(soloWith("書き直しました。\n")(t, dir), partWith(5, "再発防止策", "", "")(t, dir)...)
		}, reused: false}}},
		{"a series description edit", []bodyOnlyStep{{edit: func(t *testing.T, dir string) []string {
			writeFile(t, dir+"/content/series/nyukan.md", "---\ntitle: 入館証の件\nslug: nyukan\ndescription: 説明を変えました。\n---\n\n本文です。\n")
			return []string{"content/series/nyukan.md"}
		}, reused: false}}},
		{"an article added", []bodyOnlyStep{{edit: func(t *testing.T, dir string) []string {
			writeFile(t, dir+"/content/posts/solo-2.md", "---\ntitle: 二本目\ndate: 2026-02-02\n---\n\n二本目です。\n")
			return []string{"content/posts/solo-2.md"}
		}, reused: false}}},
		{"an article removed", []bodyOnlyStep{{edit: func(t *testing.T, dir string) []string {
			os.Remove(dir + "/content/posts/solo.md")
			return []string{"content/posts/solo.md"}
		}, reused: false}}},
		{"a future part comes due", []bodyOnlyStep{{edit: soloWith("書き直しました。\n"), now: later, reused: false}}},
		{"the present moves with nothing coming due", []bodyOnlyStep{{edit: soloWith("書き直しました。\n"), now: fixedNow.Add(time.Hour), reused: true}}},
		{"a body edit after a failed build", []bodyOnlyStep{
			{edit: func(t *testing.T, dir string) []string {
				writeFile(t, dir+"/content/posts/solo.md", "---\ntitle: 単発の記事\ndate: [\n---\n\n壊れています。\n")
				return []string{"content/posts/solo.md"}
			}, fails: true},
			{edit: soloWith("直しました。\n"), reused: true},
		}},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			dir := seriesSite(t)
			ctx := context.Background()
			b, err := NewBuilder(Options{Source: dir, Now: fixedNow})
			if err != nil {
				t.Fatal(err)
			}
			first, err := b.Build(ctx, nil)
			if err != nil {
				t.Fatal(err)
			}
			site := withUnchanged(t, nil, first)
			for i, st := range c.steps {
				now := fixedNow
				if !st.now.IsZero() {
					now = st.now
				}
				b.opts.Now = now
				res, err := b.Build(ctx, st.edit(t, dir))
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
				site = withUnchanged(t, site, res)
				sameFiles(t, "full and incremental", buildMem(t, Options{Source: dir, Now: now}), site)
			}
		})
	}
}
