package content

import (
	"context"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"reflect"
	"strings"
	"testing"
	"testing/fstest"
	"time"

	"golang.org/x/text/encoding/japanese"
)

func file(s string) *fstest.MapFile { return &fstest.MapFile{Data: []byte(s)} }

func paths(list []*Article) []string {
	var out []string
	for _, a := range list {
		out = append(out, a.Path)
	}
	return out
}

func TestLoad(t *testing.T) {
	fsys := fstest.MapFS{
		"posts/nyukan-02.md":       file("---\ntitle: 入館証の件（前編②）\ndate: 2026-03-02\nseries: 入館証の件\npart: 2\n---\n二\n"),
		"posts/nyukan-01.md":       file("---\ntitle: 入館証の件（前編①）\ndate: 2026-03-01\nseries: 入館証の件\npart: 1\ntags: [入館証]\n---\n一\n"),
		"posts/2025/old.md":        file("+++\ntitle = \"去年の話\"\ndate = 2025-12-24\n+++\n古\n"),
		"about.md":                 file("---\ntitle: このブログについて\ndate: 2026-01-01\n---\n"),
		"series/nyukan.md":         file("---\ntitle: 入館証の件\nstatus: ongoing\n---\n説明\n"),
		"series/extra/notes.md":    file("---\ntitle: 連載メモ\ndate: 2026-01-02\n---\n"),
		"posts/.hidden.md":         file("broken"),
		"posts/_draft.md":          file("broken"),
		"_private/a.md":            file("broken"),
		".git/x.md":                file("broken"),
		"posts/nyukan-01.md~":      file("broken"),
		"posts/#nyukan-01.md#":     file("broken"),
		"posts/.nyukan-01.md.swp":  file("broken"),
		"posts/notes.txt":          file("broken"),
		"posts/images/photo.jpg":   file("\xff\xd8"),
		"posts/nyukan-01.markdown": file("broken"),
		"posts/pipe.md":            {Data: []byte("broken"), Mode: fs.ModeNamedPipe},
	}
	set, err := Load(context.Background(), fsys, LoadOptions{Location: jst, Taxonomies: []string{"tags"}})
	if err != nil {
		t.Fatalf("Load: %v", err)
	}
	wantArticles := []string{"about.md", "posts/2025/old.md", "posts/nyukan-01.md", "posts/nyukan-02.md", "series/extra/notes.md"}
	if got := paths(set.Articles); !reflect.DeepEqual(got, wantArticles) {
		t.Errorf("Articles = %q, want %q", got, wantArticles)
	}
	if got := paths(set.Series); !reflect.DeepEqual(got, []string{"series/nyukan.md"}) {
		t.Errorf("Series = %q, want [series/nyukan.md]", got)
	}
	sections := map[string]string{}
	for _, a := range append(set.Articles, set.Series...) {
		sections[a.Path] = a.Section
		if len(a.Hash) != 64 {
			t.Errorf("%s: Hash %q", a.Path, a.Hash)
		}
	}
	wantSections := map[string]string{
		"about.md": "", "posts/2025/old.md": "posts", "posts/nyukan-01.md": "posts",
		"posts/nyukan-02.md": "posts", "series/extra/notes.md": "series", "series/nyukan.md": "series",
	}
	if !reflect.DeepEqual(sections, wantSections) {
		t.Errorf("sections = %v, want %v", sections, wantSections)
	}
	a := set.Articles[2]
	if a.Part != 1 || a.Series != "入館証の件" || !reflect.DeepEqual(a.Taxonomies["tags"], []string{"入館証"}) ||
		!a.Date.Equal(time.Date(2026, 3, 1, 0, 0, 0, 0, jst)) || string(a.Body) != "一\n" || a.BodyLine != 8 {
		t.Errorf("nyukan-01 = %+v", a)
	}
	if s := set.Series[0]; s.Status != "ongoing" || !s.Date.IsZero() {
		t.Errorf("series metadata = %+v", s)
	}
}

func TestLoadCollectsAllErrorsSorted(t *testing.T) {
	fsys := fstest.MapFS{
		"posts/b.md":       file("---\ntitle: b\ndate: 2026-03-01\nslug: ../b\npart: 2\n---\n"),
		"posts/a.md":       file("---\ntitle: a\ndraft: maybe\n---\n"),
		"posts/ok.md":      file("---\ntitle: ok\ndate: 2026-03-01\n---\n"),
		"posts/sjis.md":    &fstest.MapFile{Data: encode(t, japanese.ShiftJIS, japaneseFile)},
		"posts/nofm.md":    file("本文だけ\n"),
		"series/nyukan.md": file("---\nstatus: finished\n---\n"),
	}
	set, err := Load(context.Background(), fsys, testOpts)
	want := []string{
		"posts/a.md:1: date is missing",
		`posts/a.md:3: draft must be true or false, not "maybe"`,
		`posts/b.md:4: slug "../b" would leave the output folder`,
		"posts/b.md:5: part: 2 is set but series is missing",
		"posts/nofm.md:1: no front matter",
		"posts/sjis.md: file is not UTF-8 (it looks like Shift_JIS)",
		"series/nyukan.md:1: this series file has no title",
		`series/nyukan.md:2: status must be ongoing or complete, not "finished"`,
	}
	wantErrors(t, err, want)
	// The joined message lists every problem, one per line, in order.
	lines := strings.Split(err.Error(), "\n")
	if len(lines) != len(want) {
		t.Fatalf("error has %d lines, want %d:\n%v", len(lines), len(want), err)
	}
	for i := range want {
		if !strings.HasPrefix(lines[i], strings.SplitN(want[i], ": ", 2)[0]) {
			t.Errorf("line %d = %q, want it to start like %q", i, lines[i], want[i])
		}
	}
	if set == nil || !reflect.DeepEqual(paths(set.Articles), []string{"posts/ok.md"}) {
		t.Errorf("Set alongside the error should hold the good file, got %+v", set)
	}
}

// failFS fails to open one file.
type failFS struct {
	fstest.MapFS
	bad string
}

func (f failFS) Open(name string) (fs.File, error) {
	if name == f.bad {
		return nil, &fs.PathError{Op: "open", Path: name, Err: fs.ErrPermission}
	}
	return f.MapFS.Open(name)
}

// ReadFile hides MapFS.ReadFile so that reads go through Open.
func (f failFS) ReadFile(name string) ([]byte, error) {
	file, err := f.Open(name)
	if err != nil {
		return nil, err
	}
	defer file.Close()
	return io.ReadAll(file)
}

func TestLoadUnreadableFile(t *testing.T) {
	fsys := failFS{MapFS: fstest.MapFS{
		"posts/a.md": file("---\ntitle: a\ndate: 2026-03-01\n---\n"),
		"posts/b.md": file("---\ntitle: b\ndate: 2026-03-01\n---\n"),
	}, bad: "posts/b.md"}
	_, err := Load(context.Background(), fsys, testOpts)
	wantErrors(t, err, []string{"posts/b.md: cannot read: open posts/b.md: permission denied"})
	if !errors.Is(err, fs.ErrPermission) {
		t.Errorf("error %v does not wrap fs.ErrPermission", err)
	}
}

func TestLoadCancelled(t *testing.T) {
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	set, err := Load(ctx, genFS(50), testOpts)
	if !errors.Is(err, context.Canceled) || set != nil {
		t.Errorf("Load on a cancelled context = %v, %v; want nil, context.Canceled", set, err)
	}
}

func TestLoadIsDeterministic(t *testing.T) {
	fsys := genFS(300)
	first, err := Load(context.Background(), fsys, testOpts)
	if err != nil {
		t.Fatal(err)
	}
	if len(first.Articles) != 300 {
		t.Fatalf("loaded %d articles, want 300", len(first.Articles))
	}
	for range 3 {
		again, err := Load(context.Background(), fsys, testOpts)
		if err != nil {
			t.Fatal(err)
		}
		if !reflect.DeepEqual(first, again) {
			t.Fatal("two loads of the same files differ")
		}
	}
}

func TestLoadEmpty(t *testing.T) {
	set, err := Load(context.Background(), fstest.MapFS{}, testOpts)
	if err != nil || len(set.Articles) != 0 || len(set.Series) != 0 {
		t.Errorf("Load(empty) = %+v, %v", set, err)
	}
}

// genFS returns n generated articles in series of 12 parts, about 2 KB each.
func genFS(n int) fstest.MapFS {
	fsys := fstest.MapFS{}
	para := strings.Repeat("派遣先の受付でスタッフの入館証が発行されていないと連絡があった。担当営業として急いで向かう。\n\n", 8)
	for i := range n {
		series, part := i/12, i%12+1
		src := fmt.Sprintf("---\ntitle: 案件%d（第%d回）\ndate: 2026-%02d-%02d 09:%02d\nseries: 案件%d\npart: %d\n"+
			"tags: [クレーム, 入館証, 案件%d]\nclients: 株式会社%d\nstaff: [佐藤, 鈴木]\nsummary: 第%d回の要約\nmood: 疲れた\n---\n\n## 経緯\n\n%s",
			series, part, i%12+1, i%28+1, i%60, series, part, series, series%7, part, para)
		fsys[fmt.Sprintf("posts/%04d/part-%02d.md", series, part)] = file(src)
	}
	return fsys
}

func BenchmarkLoad(b *testing.B) {
	fsys := genFS(2000)
	var total int64
	for _, f := range fsys {
		total += int64(len(f.Data))
	}
	b.SetBytes(total)
	b.ReportAllocs()
	for b.Loop() {
		set, err := Load(context.Background(), fsys, testOpts)
		if err != nil || len(set.Articles) != 2000 {
			b.Fatalf("Load: %v", err)
		}
	}
}

func BenchmarkParse(b *testing.B) {
	fsys := genFS(1)
	var src []byte
	for _, f := range fsys {
		src = f.Data
	}
	b.SetBytes(int64(len(src)))
	b.ReportAllocs()
	for b.Loop() {
		if _, err := Parse("posts/a.md", src, testOpts); err != nil {
			b.Fatal(err)
		}
	}
}
