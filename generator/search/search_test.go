package search

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"maps"
	"slices"
	"strings"
	"testing"
	"testing/fstest"
)

func TestNormalize(t *testing.T) {
	tests := []struct{ name, in, want string }{
		{"half-width katakana", "ｸﾚｰﾑ", "クレーム"},
		{"full-width latin keeps case", "ＰＣ", "PC"},
		{"circled digit", "続編⑥", "続編6"},
		{"trailing long vowel dropped at 4+", "セキュリティー", "セキュリティ"},
		{"trailing long vowel kept under 4", "ルー", "ルー"},
		{"only one long vowel dropped", "コピーーー", "コピーー"},
		{"dash between katakana", "コンピュ−タ", "コンピュータ"},
		{"dash at word end is kept", "テスト-", "テスト-"},
		{"dash between latin is kept", "e-mail", "e-mail"},
		{"spaces folded", "a\u3000\t\n b", "a b"},
		{"invalid utf-8", "a\xffb", "a\uFFFDb"},
		{"number kept", "2,000円", "2,000円"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := Normalize(tt.in); got != tt.want {
				t.Errorf("Normalize(%q) = %q, want %q", tt.in, got, tt.want)
			}
		})
	}
}

func TestFold(t *testing.T) {
	tests := []struct{ name, in, want string }{
		{"hiragana to katakana", "くれーむ", "クレーム"},
		{"hiragana long vowel dropped", "せきゅりてぃー", "セキュリティ"},
		{"mixed script kept", "返さ", "返さ"},
		{"latin lower-cased", "PC", "pc"},
		{"latin-1 lower-cased", "ÉCOLE", "école"},
		{"iteration marks", "ゝゞ", "ヽヾ"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := Fold(tt.in); got != tt.want {
				t.Errorf("Fold(%q) = %q, want %q", tt.in, got, tt.want)
			}
		})
	}
}

func TestSplit(t *testing.T) {
	tests := []struct {
		name string
		in   string
		want []string
	}{
		{"number with separator whole", "2,000円", []string{"2,000", "円"}},
		{"decimal", "3.5倍", []string{"3.5", "倍"}},
		{"trailing comma not in number", "2,円", []string{"2", ",円"}},
		{"latin and digits apart", "Windows10を", []string{"Windows", "10", "を"}},
		{"spaces", "a b", []string{"a", " ", "b"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var got []string
			for _, r := range split(tt.in) {
				got = append(got, r.text)
			}
			if !slices.Equal(got, tt.want) {
				t.Errorf("split(%q) = %q, want %q", tt.in, got, tt.want)
			}
		})
	}
}

func TestConjugate(t *testing.T) {
	tests := []struct {
		name, base, infl string
		want             []string
	}{
		{"godan sa", "返す", "godan:サ行", []string{"返さ", "返し", "返す", "返せ", "返そ"}},
		{"godan ka i-onbin", "書く", "godan:カ行イ音便", []string{"書い", "書か"}},
		{"godan ma", "読む", "godan:マ行", []string{"読ん", "読ま"}},
		{"godan wa", "買う", "godan:ワ行促音便", []string{"買わ", "買っ", "買お"}},
		{"ichidan", "食べる", "ichidan", []string{"食べ", "食べれ", "食べろ"}},
		{"adjective", "厳しい", "adj", []string{"厳しかっ", "厳しく", "厳しけれ", "厳し"}},
		{"suru", "する", "suru", []string{"し", "さ", "せ", "すれ"}},
		{"kuru", "来る", "kuru-kanji", []string{"来", "来れ", "来い"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := conjugate(tt.base, tt.infl)
			for _, w := range tt.want {
				if !slices.Contains(got, w) {
					t.Errorf("conjugate(%s, %s) = %v, missing %s", tt.base, tt.infl, got, w)
				}
			}
		})
	}
}

var fakeDocs = []Document{
	{URL: "/posts/a/", Title: "入館証を返さない", Series: "入館証の件", SeriesSlug: "nyukan", PartLabel: "第1話", Date: "2026-03-01",
		Taxonomies: map[string][]string{"tags": {"入館証"}}, Body: "派遣社員が入館証を返さない。"},
	{URL: "/posts/b/", Title: "電話", Date: "2026-03-02", Taxonomies: map[string][]string{"tags": {"クレーム"}}, Body: "クレームの電話が来た。"},
	{URL: "/posts/c/", Title: "記録", Date: "2026-03-03", Body: "入館の記録と証。"},
}

func buildFake(t *testing.T, tok Tokenizer, opts Options, docs []Document) (map[string][]byte, Counters) {
	t.Helper()
	files, c, err := NewIndexer(tok, opts).build(context.Background(), docs)
	if err != nil {
		t.Fatal(err)
	}
	return files, c
}

func TestBuildIsDeterministic(t *testing.T) {
	a, _ := buildFake(t, newFake(), Options{Workers: 1}, fakeDocs)
	rev := slices.Clone(fakeDocs)
	slices.Reverse(rev)
	b, _ := buildFake(t, newFake(), Options{Workers: 4}, rev)
	if !maps.EqualFunc(a, b, bytes.Equal) {
		t.Fatal("two builds of the same documents differ")
	}
	for p := range a {
		if !strings.HasPrefix(p, "search/") {
			t.Errorf("file %s outside search/", p)
		}
	}
}

// indexRoot returns the index directory the manifest of files names, and
// the files under it, keyed by their path there.
func indexRoot(t *testing.T, files map[string][]byte) (string, map[string][]byte) {
	t.Helper()
	var m manifest
	if err := json.Unmarshal(files[manifestPath], &m); err != nil {
		t.Fatal(err)
	}
	under := map[string][]byte{}
	for p, data := range files {
		if p == manifestPath {
			continue
		}
		rel, ok := strings.CutPrefix(p, "search/"+m.Root+"/")
		if !ok {
			t.Fatalf("file %s is outside the index directory %s named by the manifest", p, m.Root)
		}
		under[rel] = data
	}
	return m.Root, under
}

// TestIndexDirectoryChangesWithIndex checks what keeps a static host sane:
// the manifest is the only file with a fixed name, every other file is
// under a directory named by the hash of them all, so an index that
// changes in any way shares no file name with the one before, and a
// reader holding either manifest never reads a file of the other build.
func TestIndexDirectoryChangesWithIndex(t *testing.T) {
	base, _ := buildFake(t, newFake(), Options{Workers: 1}, fakeDocs)
	root, under := indexRoot(t, base)
	if got := rootHash(under); got != root {
		t.Fatalf("index directory %s, hash of its files %s", root, got)
	}
	edited := slices.Clone(fakeDocs)
	edited[2].Body += "追記。"
	added := append(slices.Clone(fakeDocs), Document{URL: "/posts/d/", Title: "追加", Date: "2026-03-04", Body: "新しい記事。"})
	retitled := slices.Clone(fakeDocs)
	retitled[1].Title = "電話の件"
	for _, c := range []struct {
		name string
		docs []Document
	}{{"body edited", edited}, {"article added", added}, {"title changed", retitled}} {
		t.Run(c.name, func(t *testing.T) {
			files, _ := buildFake(t, newFake(), Options{Workers: 1}, c.docs)
			if r, _ := indexRoot(t, files); r == root {
				t.Fatalf("the index changed but kept its directory %s", root)
			}
			for p := range files {
				if _, ok := base[p]; ok && p != manifestPath {
					t.Errorf("file %s is in both builds", p)
				}
			}
		})
	}
}

func TestBuildUsesCache(t *testing.T) {
	dir := t.TempDir()
	tok := newFake()
	first, c1 := buildFake(t, tok, Options{CacheDir: dir}, fakeDocs)
	if c1.Analysed == 0 {
		t.Fatalf("cold build: %+v", c1)
	}
	calls := tok.calls.Load()
	second, c2 := buildFake(t, tok, Options{CacheDir: dir}, fakeDocs)
	if c2.Analysed != 0 || tok.calls.Load() != calls {
		t.Errorf("warm build analysed %d texts (%d tokenizer calls), want none", c2.Analysed, tok.calls.Load()-calls)
	}
	if !maps.EqualFunc(first, second, bytes.Equal) {
		t.Error("cached build differs from the cold build")
	}
	changed := slices.Clone(fakeDocs)
	changed[1].Body = "クレームの電話がまた来た。"
	_, c3 := buildFake(t, tok, Options{CacheDir: dir}, changed)
	if c3.Analysed != 1 {
		t.Errorf("one changed body: analysed %d texts, want 1", c3.Analysed)
	}
}

func TestUnanalysableTextIsIndexedByCharacterWithWarning(t *testing.T) {
	tok := newFake()
	tok.fail = "謎"
	var warnings []string
	files, _ := buildFake(t, tok, Options{Warn: func(m string) { warnings = append(warnings, m) }},
		[]Document{{URL: "/posts/x/", Title: "題", Body: "謎文字"}})
	if len(warnings) != 1 || !strings.Contains(warnings[0], "/posts/x/") || !strings.Contains(warnings[0], "謎文字") {
		t.Errorf("warnings = %q, want one naming the page and the text", warnings)
	}
	fsys := mapFS(files)
	rs, err := Query(fsys, "謎", QueryOptions{})
	if err != nil {
		t.Fatal(err)
	}
	if rs.Total != 1 {
		t.Errorf("character-indexed text not found: %v", urls(rs))
	}
}

func TestBuildCancelled(t *testing.T) {
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	_, err := NewIndexer(newFake(), Options{}).Build(ctx, fakeDocs)
	if !errors.Is(err, context.Canceled) {
		t.Errorf("err = %v, want context.Canceled", err)
	}
}

// cancellingTokenizer cancels the build on its first call.
type cancellingTokenizer struct {
	fakeTokenizer
	cancel context.CancelFunc
}

func (c cancellingTokenizer) Tokenize(text string) ([]Morpheme, error) {
	c.cancel()
	return c.fakeTokenizer.Tokenize(text)
}

func TestBuildCancelledInsideALongText(t *testing.T) {
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	tok := cancellingTokenizer{newFake(), cancel}
	docs := []Document{{URL: "/long/", Title: "長文", Body: strings.Repeat("クレームの電話が来た。", 20000)}}
	_, err := NewIndexer(tok, Options{Workers: 1}).Build(ctx, docs)
	if !errors.Is(err, context.Canceled) {
		t.Fatalf("err = %v, want context.Canceled", err)
	}
	// The title is one call; the body stops after its first piece.
	if n := tok.calls.Load(); n > 2 {
		t.Errorf("tokenizer called %d times after the build was cancelled, want it to stop at once", n)
	}
}

func TestPiecesCoverTextAndEndAtSentences(t *testing.T) {
	text := strings.Repeat("あいう。", 10) + strings.Repeat("え", 50)
	ps := pieces(text, 8)
	if strings.Join(ps, "") != text {
		t.Fatalf("pieces do not cover the text: %q", ps)
	}
	for i, p := range ps[:len(ps)-1] {
		if n := runeLen(p); !strings.HasSuffix(p, "。") && n != 16 {
			t.Errorf("piece %d %q: %d characters, not ending a sentence", i, p, n)
		}
	}
}

func mapFS(files map[string][]byte) fstest.MapFS {
	fsys := fstest.MapFS{}
	for p, b := range files {
		fsys[p] = &fstest.MapFile{Data: b}
	}
	return fsys
}

func TestQueryFake(t *testing.T) {
	files, _ := buildFake(t, newFake(), Options{}, fakeDocs)
	fsys := mapFS(files)
	tests := []struct {
		name string
		q    string
		opts QueryOptions
		want []string
	}{
		{"verb by base form", "返す", QueryOptions{}, []string{"/posts/a/"}},
		{"compound", "入館証", QueryOptions{}, []string{"/posts/a/"}},
		{"compound part", "入館", QueryOptions{}, []string{"/posts/a/", "/posts/c/"}},
		{"title and body beat body", "派遣社員", QueryOptions{}, []string{"/posts/a/"}},
		{"kana folding", "くれーむ", QueryOptions{}, []string{"/posts/b/"}},
		{"series filter", "入館", QueryOptions{Series: "nyukan"}, []string{"/posts/a/"}},
		{"tag filter", "電話", QueryOptions{Tag: "tags:クレーム"}, []string{"/posts/b/"}},
		{"tag filter excludes", "入館", QueryOptions{Tag: "クレーム"}, nil},
		{"and", "入館 記録", QueryOptions{}, []string{"/posts/c/"}},
		{"or fallback", "電話 宇宙", QueryOptions{}, []string{"/posts/b/"}},
		{"unknown word", "宇宙", QueryOptions{}, nil},
		{"empty", "", QueryOptions{}, nil},
		{"only spaces", "   　", QueryOptions{}, nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			rs, err := Query(fsys, tt.q, tt.opts)
			if err != nil {
				t.Fatal(err)
			}
			if got := urls(rs); !slices.Equal(got, tt.want) {
				t.Errorf("%q = %v, want %v", tt.q, got, tt.want)
			}
		})
	}
}

// TestWordInEveryDocumentStillMatches: a word in every document of a large
// site has an idf that rounds to 0 (BM25), which must not make it match
// nothing.
func TestWordInEveryDocumentStillMatches(t *testing.T) {
	var docs []Document
	for i := range 1200 {
		docs = append(docs, Document{URL: fmt.Sprintf("/p%04d/", i), Title: "記録", Body: "クレームの電話。"})
	}
	files, _ := buildFake(t, newFake(), Options{}, docs)
	rs, err := Query(mapFS(files), "クレーム", QueryOptions{Limit: 3})
	if err != nil {
		t.Fatal(err)
	}
	if got := urls(rs); !slices.Equal(got, []string{"/p0000/", "/p0001/", "/p0002/"}) {
		t.Errorf("クレーム = %v, want the first three documents", got)
	}
}

func TestQueryBadIndex(t *testing.T) {
	tests := []struct {
		name string
		fsys fstest.MapFS
		want string
	}{
		{"no index", fstest.MapFS{}, "build the site first"},
		{"bad manifest", fstest.MapFS{manifestPath: {Data: []byte("{")}}, "rebuild the site"},
		{"missing shard", fstest.MapFS{manifestPath: {Data: []byte(`{"v":1,"docs":1,"unk":100,"maxKey":4,"metaBlock":64,"textBlock":8,"vocab":["00"],"post":["00"],"meta":["00"],"filters":"00"}`)}}, "rebuild the site"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := Query(tt.fsys, "入館", QueryOptions{})
			if err == nil || !strings.Contains(err.Error(), tt.want) {
				t.Errorf("err = %v, want one saying %q", err, tt.want)
			}
		})
	}
}

func FuzzQuery(f *testing.F) {
	for _, s := range []string{"入館証", `"返さない`, "「", "ｸﾚｰﾑ 2,000円", "\x00\xff", "😀", strings.Repeat("あ", 300), "ゅっきん", "しゅっきん のを", "ぁぃ ャ", "にゅうかんしょうのへんきゃく"} {
		f.Add(s)
	}
	files, _, err := NewIndexer(newFake(), Options{}).build(context.Background(), fakeDocs)
	if err != nil {
		f.Fatal(err)
	}
	fsys := mapFS(files)
	f.Fuzz(func(t *testing.T, q string) {
		if _, err := Query(fsys, q, QueryOptions{}); err != nil {
			t.Fatalf("Query(%q): %v", q, err)
		}
		n := Normalize(q)
		if Normalize(n) != n {
			t.Fatalf("Normalize is not idempotent on %q", q)
		}
	})
}

func TestNormalizeMapAgreesWithNormalize(t *testing.T) {
	for _, s := range []string{"前編①", "ｸﾚｰﾑ\u3000の\n\nコンピューター", "ｶﾞｷﾞ", "㈱ab", "コンピュ−タ−", "a\xffb", "", " ", "セキュリティーー", "Ｗｉｎｄｏｗｓ１０"} {
		text, src, at := normalizeMap(s)
		if want := Normalize(s); text != want {
			t.Errorf("normalizeMap(%q) = %q, Normalize %q", s, text, want)
		}
		if len(at) != runeLen(text)+1 || int(at[len(at)-1]) != len(src) {
			t.Errorf("normalizeMap(%q): %d offsets for %d runes", s, len(at), runeLen(text))
		}
	}
}

func FuzzNormalizeMap(f *testing.F) {
	for _, s := range []string{"前編①", "ｸﾚｰﾑ", "㈱", "コンピュ−タ−", "a\xffb"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		text, src, at := normalizeMap(s)
		if text != Normalize(s) {
			t.Fatalf("normalizeMap(%q) = %q, Normalize %q", s, text, Normalize(s))
		}
		if len(at) != runeLen(text)+1 || int(at[len(at)-1]) != len(src) {
			t.Fatalf("%d offsets for %d runes", len(at), runeLen(text))
		}
		for i := 1; i < len(at); i++ {
			if at[i] < at[i-1] {
				t.Fatalf("offsets go back: %v", at)
			}
		}
	})
}

// TestSnippetIsTheAuthorsText: a snippet shows the text as written, not its
// normalised form, and still marks the matched word.
func TestSnippetIsTheAuthorsText(t *testing.T) {
	docs := []Document{{URL: "/a/", Title: "題", Body: "前編①では、ｸﾚｰﾑの電話（２回目）が来た。\n次の行。"}}
	files, _ := buildFake(t, newFake(), Options{}, docs)
	resp, err := Query(mapFS(files), "クレーム", QueryOptions{})
	if err != nil {
		t.Fatal(err)
	}
	if len(resp.Results) != 1 {
		t.Fatalf("results: %+v", resp)
	}
	r := resp.Results[0]
	if !strings.Contains(r.Snippet, "前編①では、ｸﾚｰﾑの電話（２回目）が来た。 次の行。") {
		t.Errorf("snippet %q is not the author's text", r.Snippet)
	}
	var marked []string
	for _, s := range r.Segments {
		if s.Mark {
			marked = append(marked, s.Text)
		}
	}
	if !slices.Equal(marked, []string{"ｸﾚｰﾑ"}) {
		t.Errorf("marked %q, want the word as written", marked)
	}
}

// TestReadingFindsItsBase: a ruby reading's kana finds the word it is
// given for, and never shows in the snippet.
func TestReadingFindsItsBase(t *testing.T) {
	docs := []Document{
		{URL: "/a/", Title: "題", Body: "退職者の入館証を回収した。", Readings: []Reading{{Base: "入館証", Ruby: "にゅうかんしょう"}}},
		{URL: "/b/", Title: "別", Body: "派遣社員の電話。"},
	}
	files, _ := buildFake(t, newFake(), Options{}, docs)
	resp, err := Query(mapFS(files), "にゅうかんしょう", QueryOptions{})
	if err != nil {
		t.Fatal(err)
	}
	if got := urls(resp); !slices.Equal(got, []string{"/a/"}) {
		t.Fatalf("reading found %v, want /a/", got)
	}
	if s := resp.Results[0].Snippet; strings.Contains(s, "にゅうかん") || strings.Contains(s, "ニュウカン") || !strings.Contains(s, "入館証") {
		t.Errorf("snippet %q: want the base text and no reading", s)
	}
}
