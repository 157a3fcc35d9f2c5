package markdown

import (
	"fmt"
	"strings"
	"sync"
	"testing"

	"github.com/alecthomas/chroma/v2"
	chromahtml "github.com/alecthomas/chroma/v2/formatters/html"
	"github.com/alecthomas/chroma/v2/lexers"
	"github.com/yuin/goldmark"
	highlighting "github.com/yuin/goldmark-highlighting/v2"
)

const fence = "```"

// codeCases are fenced blocks whose HTML must not change with the caches.
var codeCases = []struct{ name, src string }{
	{"go", fence + "go\npackage main\n\nfunc main() { println(\"あ\", 1) }\n" + fence + "\n"},
	{"python", fence + "python\ndef f(x):\n    return x * 2  # 倍\n" + fence + "\n"},
	{"alias js", fence + "js\nconst a = [1, 2].map((x) => x + 1);\n" + fence + "\n"},
	{"alias py", fence + "py\nprint('x')\n" + fence + "\n"},
	{"alias sh", fence + "sh\nset -eu\necho \"$HOME\" > /tmp/x\n" + fence + "\n"},
	{"alias yml", fence + "yml\na:\n  - 1\n" + fence + "\n"},
	{"alias golang", fence + "golang\nvar x = 1\n" + fence + "\n"},
	{"alias c++", fence + "c++\nint main() { return 0; }\n" + fence + "\n"},
	{"upper case name", fence + "Go\nvar x = 1\n" + fence + "\n"},
	{"shouting name", fence + "JSON\n{\"a\": true}\n" + fence + "\n"},
	{"extension only", fence + "rs\nfn main() {}\n" + fence + "\n"},
	{"file name", fence + "Dockerfile\nFROM debian\nRUN apt-get update\n" + fence + "\n"},
	{"file name with extension", fence + "main.go\npackage main\n" + fence + "\n"},
	{"sql", fence + "sql\nSELECT * FROM t WHERE a = 'x';\n" + fence + "\n"},
	{"html in code", fence + "html\n<script>alert(\"&amp;\")</script>\n" + fence + "\n"},
	{"css", fence + "css\n.a > b { color: red; }\n" + fence + "\n"},
	{"diff", fence + "diff\n-a\n+b\n" + fence + "\n"},
	{"plaintext", fence + "text\nプレーン <b>\n" + fence + "\n"},
	{"unknown", fence + "nosuchlanguage\na < b && c\n" + fence + "\n"},
	{"unknown japanese", fence + "日本語\nこんにちは\n" + fence + "\n"},
	{"unknown with quote", fence + "a\"b<c>\nx\n" + fence + "\n"},
	{"entity in info", fence + "a&amp;b\nx\n" + fence + "\n"},
	{"escape in info", fence + "c\\+\\+\nint x;\n" + fence + "\n"},
	{"no language", fence + "\nplain <code> & more\n" + fence + "\n"},
	{"empty block", fence + "go\n" + fence + "\n"},
	{"empty block without language", fence + "\n" + fence + "\n"},
	{"empty unknown block", fence + "nosuch\n" + fence + "\n"},
	{"info with words", fence + "go title=\"main\"\nvar x = 1\n" + fence + "\n"},
	{"hl_lines", fence + "go {hl_lines=[2]}\na := 1\nb := 2\nc := 3\n" + fence + "\n"},
	{"hl_lines range", fence + "go {hl_lines=[\"1-2\"]}\na := 1\nb := 2\nc := 3\n" + fence + "\n"},
	{"linenos", fence + "go {linenos=true}\na := 1\nb := 2\n" + fence + "\n"},
	{"linenos table", fence + "go {linenos=table, linenostart=5}\na := 1\nb := 2\n" + fence + "\n"},
	{"linenos inline", fence + "go {linenos=inline}\na := 1\n" + fence + "\n"},
	{"nohl", fence + "go {nohl}\na := 1\n" + fence + "\n"},
	{"hl_style", fence + "go {hl_style=monokai}\na := 1\n" + fence + "\n"},
	{"attributes only", fence + "{.class}\na := 1\n" + fence + "\n"},
	{"unknown with attributes", fence + "nosuch {linenos=true}\nx\n" + fence + "\n"},
	{"bad attributes", fence + "go {hl_lines=\nx\n" + fence + "\n"},
	{"tilde fence", "~~~go\nvar x = 1\n~~~\n"},
	{"unclosed fence", fence + "go\nvar x = 1\n"},
	{"tabs", fence + "go\nfunc f() {\n\treturn\n}\n" + fence + "\n"},
	{"in list", "- item\n\n  " + fence + "go\n  var x = 1\n    y := 2\n  " + fence + "\n"},
	{"in quote", "> " + fence + "python\n> x = 1\n> " + fence + "\n"},
	{"same block twice", fence + "go\nvar x = 1\n" + fence + "\n\n" + fence + "go\nvar x = 1\n" + fence + "\n"},
	{"same code other language", fence + "go\nvar x = 1\n" + fence + "\n\n" + fence + "js\nvar x = 1\n" + fence + "\n"},
	{"indented code", "    var x = 1\n"},
}

// uncached is a Renderer with goldmark-highlighting in place of
// codeBlocks: what rensai rendered before the caches.
func uncached(opts Options) *Renderer {
	isCode := func(e goldmark.Extender) bool { _, ok := e.(codeBlocks); return ok }
	return newRenderer(opts, isCode,
		highlighting.NewHighlighting(highlighting.WithFormatOptions(chromahtml.WithClasses(true))))
}

func TestCodeBlocksMatchUncached(t *testing.T) {
	for _, opts := range []Options{{}, {Unsafe: true}} {
		want, cached := uncached(opts), New(opts)
		noCache := New(opts)
		noCache.code.cache = nil
		for _, tc := range codeCases {
			t.Run(fmt.Sprintf("%s unsafe=%v", tc.name, opts.Unsafe), func(t *testing.T) {
				exp, err := want.Render("posts/a.md", []byte(tc.src), 1)
				if err != nil {
					t.Fatal(err)
				}
				// The first rendering fills the cache, the second reads it.
				for i, r := range []*Renderer{noCache, cached, cached} {
					got, err := r.Render("posts/a.md", []byte(tc.src), 1)
					if err != nil {
						t.Fatal(err)
					}
					if got.HTML != exp.HTML {
						t.Errorf("rendering %d differs:\n got %q\nwant %q", i, got.HTML, exp.HTML)
					}
				}
			})
		}
	}
}

func TestCodeBlocksConcurrent(t *testing.T) {
	r := New(Options{})
	want := make([]string, len(codeCases))
	for i, tc := range codeCases {
		res, err := uncached(Options{}).Render("posts/a.md", []byte(tc.src), 1)
		if err != nil {
			t.Fatal(err)
		}
		want[i] = res.HTML
	}
	var wg sync.WaitGroup
	errs := make(chan string, 4*len(codeCases))
	for range 4 {
		wg.Go(func() {
			for i, tc := range codeCases {
				res, err := r.Render("posts/a.md", []byte(tc.src), 1)
				switch {
				case err != nil:
					errs <- fmt.Sprintf("%s: %v", tc.name, err)
				case res.HTML != want[i]:
					errs <- fmt.Sprintf("%s: got %q, want %q", tc.name, res.HTML, want[i])
				}
			}
		})
	}
	wg.Wait()
	close(errs)
	for e := range errs {
		t.Error(e)
	}
}

func TestLexerLookedUpOncePerName(t *testing.T) {
	r := New(Options{})
	calls := map[string]int{}
	var mu sync.Mutex
	r.code.lexers.get = func(name string) chroma.Lexer {
		mu.Lock()
		calls[name]++
		mu.Unlock()
		return lexers.Get(name)
	}
	var src strings.Builder
	for i := range 30 {
		for _, lang := range []string{"go", "js", "nosuchlanguage", "Dockerfile"} {
			fmt.Fprintf(&src, "%s%s\nx%d := %d\n%s\n\n", fence, lang, i, i, fence)
		}
	}
	for range 2 {
		if _, err := r.Render("posts/a.md", []byte(src.String()), 1); err != nil {
			t.Fatal(err)
		}
	}
	want := map[string]int{"go": 1, "js": 1, "nosuchlanguage": 1, "Dockerfile": 1}
	if fmt.Sprint(calls) != fmt.Sprint(want) {
		t.Errorf("lexer look-ups %v, want %v", calls, want)
	}
}

func TestCodeCacheSharedAndBounded(t *testing.T) {
	block := func(i int) string { return fmt.Sprintf("%sgo\nvar x%d = %d\n%s\n", fence, i, i, fence) }
	tests := []struct {
		name     string
		max      int
		blocks   int
		wantMost int // entries kept at most
	}{
		{"all kept", 1 << 20, 50, 50},
		{"bounded", 2000, 50, 20},
		{"entry larger than the bound", 10, 5, 0},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			r := New(Options{})
			r.code.cache = newHTMLCache(tc.max)
			for i := range tc.blocks {
				// Each block in two articles: the second is served from
				// the cache and must equal the first.
				a, err := r.Render("posts/a.md", []byte(block(i)), 1)
				if err != nil {
					t.Fatal(err)
				}
				b, err := r.Render("posts/b.md", []byte(block(i)), 1)
				if err != nil {
					t.Fatal(err)
				}
				if a.HTML != b.HTML {
					t.Fatalf("block %d: %q then %q", i, a.HTML, b.HTML)
				}
			}
			n, size := r.code.cache.stats()
			if size > tc.max {
				t.Errorf("cache holds %d bytes, bound %d", size, tc.max)
			}
			if n > tc.wantMost || (tc.wantMost == tc.blocks && n != tc.blocks) {
				t.Errorf("cache holds %d entries, want at most %d", n, tc.wantMost)
			}
		})
	}
}

func TestCodeCacheKeepsRecent(t *testing.T) {
	c := newHTMLCache(10)
	k := func(b byte) (k [32]byte) { k[0] = b; return k }
	c.put(k(1), "aaaa")
	c.put(k(2), "bbbb")
	if _, ok := c.get(k(1)); !ok { // 1 is now the most recent
		t.Fatal("entry 1 missing")
	}
	c.put(k(3), "cccc") // over 10 bytes: the least recent, 2, goes
	for _, tc := range []struct {
		key  byte
		want bool
	}{{1, true}, {2, false}, {3, true}} {
		if _, ok := c.get(k(tc.key)); ok != tc.want {
			t.Errorf("entry %d kept = %v, want %v", tc.key, ok, tc.want)
		}
	}
}
