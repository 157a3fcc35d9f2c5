package search

import (
	"context"
	"io/fs"
	"os"
	"reflect"
	"strconv"
	"strings"
	"testing"
)

// bodyHas reports whether unit u occurs in doc's body (bodyLen tokens):
// the oracle the snippet tests hold the engines to, from the positions
// files alone.
func bodyHas(t *testing.T, s *Searcher, u unit, doc, bodyLen int) bool {
	t.Helper()
	if u.missing {
		return false
	}
	sets := make([]map[int]bool, len(u.toks))
	for i, tk := range u.toks {
		ps, err := s.tokPositions(tk, doc)
		if err != nil {
			t.Fatal(err)
		}
		sets[i] = map[int]bool{}
		for p := range ps {
			if p < bodyLen {
				sets[i][p] = true
			}
		}
		if len(sets[i]) == 0 {
			return false
		}
	}
	if !u.phrase {
		return true
	}
	for p := range sets[0] {
		ok := true
		for i := 1; i < len(u.toks) && ok; i++ {
			ok = sets[i][p-u.offs[0]+u.offs[i]]
		}
		if ok {
			return true
		}
	}
	return false
}

// docIDs maps every document's URL to its id and body length.
func docIDs(t *testing.T, s *Searcher) map[string][2]int {
	t.Helper()
	m, err := s.manifest()
	if err != nil {
		t.Fatal(err)
	}
	out := map[string][2]int{}
	for d := range m.Docs {
		f, err := s.docLine(d)
		if err != nil {
			t.Fatal(err)
		}
		n, _ := strconv.Atoi(f[6])
		out[f[0]] = [2]int{d, n}
	}
	return out
}

func marked(r Result) bool {
	for _, sg := range r.Segments {
		if sg.Mark {
			return true
		}
	}
	return false
}

// exampleIndex is the example site's index as the golden build wrote it.
func exampleIndex(t *testing.T) fs.FS {
	t.Helper()
	fsys := os.DirFS("../testdata/golden/example")
	if _, err := fs.Stat(fsys, manifestPath); err != nil {
		t.Fatal(err)
	}
	return fsys
}

// TestSnippetMarksEveryBodyMatch: for every relevance query over the two
// fixture corpora and the example site, every result whose body holds one
// of the query's words shows a snippet with a mark, in the Go engine and
// in the browser engine (in goja), though the word may lie far outside
// the stored windows.
func TestSnippetMarksEveryBodyMatch(t *testing.T) {
	indexes := map[string]fs.FS{"fixture": corpusIndex(t), "second": corpus2Index(t), "example": exampleIndex(t)}
	engines := map[string]*jsEngine{}
	checked := map[string]int{}
	for _, c := range loadCases(t) {
		fsys, ok := indexes[c.corpus]
		if !ok {
			continue
		}
		opts := c.opts
		opts.Limit = 50
		s := NewSearcher(fsys)
		resp, err := s.Query(c.q, opts)
		if err != nil {
			t.Fatal(err)
		}
		if engines[c.corpus] == nil {
			engines[c.corpus] = newJSEngine(t, fsys)
		}
		js, err := engines[c.corpus].Query(c.q, opts)
		if err != nil {
			t.Fatal(err)
		}
		if w := canon(t, resp); !reflect.DeepEqual(js, w) {
			t.Errorf("relevance.txt:%d: %q: browser engine differs:\n js %+v\n go %+v", c.line, c.q, js, w)
		}
		us, err := s.plan(c.q)
		if err != nil {
			t.Fatal(err)
		}
		ids := docIDs(t, s)
		for i, r := range resp.Results {
			id, ok := ids[r.URL]
			if !ok {
				t.Fatalf("%s: result %s is not in the index", c.q, r.URL)
			}
			has := false
			for _, u := range us {
				has = has || bodyHas(t, s, u, id[0], id[1])
			}
			if !has {
				continue
			}
			checked[c.corpus]++
			if !marked(r) {
				t.Errorf("relevance.txt:%d: %q: %s holds the words in its body, but its snippet marks none: %q", c.line, c.q, r.URL, r.Snippet)
			}
			if i >= len(js.Results) || !marked(js.Results[i]) {
				t.Errorf("relevance.txt:%d: %q: %s: the browser engine's snippet marks nothing", c.line, c.q, r.URL)
			}
		}
	}
	for _, corpus := range []string{"fixture", "second", "example"} {
		if checked[corpus] < 10 {
			t.Errorf("%s: only %d results with a body match checked", corpus, checked[corpus])
		}
	}
	t.Logf("results with a body match checked: %v", checked)
}

// TestSnippetFromBodyFile: a word used only far into a long body, outside
// every stored window, is shown marked in a snippet cut from the body
// file, in the text as written.
func TestSnippetFromBodyFile(t *testing.T) {
	var b strings.Builder
	b.WriteString("報告書の冒頭です。")
	for i := range 60 {
		b.WriteString("営業担当が派遣先を訪ねて話を聞いた。第" + strconv.Itoa(i) + "回の面談だった。")
	}
	b.WriteString("最後に、守衛さんから入館証を返してほしいと言われた。")
	docs := []Document{{URL: "/a/", Title: "面談の記録", Body: b.String()}}
	fsys := buildFS(t, sharedKagome(t), docs)
	resp, err := Query(fsys, "守衛", QueryOptions{})
	if err != nil {
		t.Fatal(err)
	}
	if len(resp.Results) != 1 {
		t.Fatalf("守衛: %d results, want 1", len(resp.Results))
	}
	r := resp.Results[0]
	if !marked(r) || !strings.Contains(r.Snippet, "守衛さんから入館証を返して") || !strings.HasPrefix(r.Snippet, "…") {
		t.Errorf("snippet %q with segments %+v: want 守衛 marked in the last sentence", r.Snippet, r.Segments)
	}
	js, err := newJSEngine(t, fsys).Query("守衛", QueryOptions{})
	if err != nil {
		t.Fatal(err)
	}
	if w := canon(t, resp); !reflect.DeepEqual(js, w) {
		t.Errorf("browser engine differs:\n js %+v\n go %+v", js, w)
	}
}

// TestBodyFilesOverBudget: a site whose texts exceed the budget gets no
// body files, and its snippets come from the windows alone.
func TestBodyFilesOverBudget(t *testing.T) {
	docs := []Document{{URL: "/a/", Title: "記録", Body: "入館証を返した。"}, {URL: "/b/", Title: "記録", Body: "鍵を返した。"}}
	for _, tc := range []struct {
		name   string
		budget int
		files  int
	}{
		{"within the budget", 1 << 20, 2},
		{"exactly the budget", 42, 2},
		{"over the budget", 41, 0},
	} {
		t.Run(tc.name, func(t *testing.T) {
			ix := NewIndexer(sharedKagome(t), Options{})
			ix.textBudget = tc.budget
			files, err := ix.Build(context.Background(), docs)
			if err != nil {
				t.Fatal(err)
			}
			n := 0
			for p := range files {
				if strings.Contains(p, "/t/") {
					n++
				}
			}
			if n != tc.files || strings.Contains(string(files[manifestPath]), `"text":1`) != (tc.files > 0) {
				t.Errorf("%d body files, manifest %s; want %d", n, files[manifestPath], tc.files)
			}
		})
	}
}

// TestBodyFilesFromCacheWithoutThem: documents cached by a build over the
// budget (no text kept) are analysed again when the site fits it, so the
// index is the one a cold build writes.
func TestBodyFilesFromCacheWithoutThem(t *testing.T) {
	docs := []Document{{URL: "/a/", Title: "記録", Body: "入館証を返した。"}, {URL: "/b/", Title: "記録", Body: "鍵を返した。"}}
	tok := sharedKagome(t)
	ix := NewIndexer(tok, Options{CacheDir: t.TempDir()})
	ix.textBudget = 1
	if _, err := ix.Build(context.Background(), docs); err != nil {
		t.Fatal(err)
	}
	ix.textBudget = 1 << 20
	warm, c, err := ix.build(context.Background(), docs)
	if err != nil {
		t.Fatal(err)
	}
	cold, err := NewIndexer(tok, Options{}).Build(context.Background(), docs)
	if err != nil {
		t.Fatal(err)
	}
	if c.Analysed != 2 || !reflect.DeepEqual(warm, cold) {
		t.Errorf("analysed %d of 2 again; same index as a cold build: %v", c.Analysed, reflect.DeepEqual(warm, cold))
	}
}
