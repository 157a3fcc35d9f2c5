package markdown

import (
	"bytes"
	"fmt"
	"strings"
	"testing"

	"github.com/alecthomas/chroma/v2"
	chromahtml "github.com/alecthomas/chroma/v2/formatters/html"
	"github.com/alecthomas/chroma/v2/lexers"
	"github.com/alecthomas/chroma/v2/styles"
)

// lexerSamples are inputs for every chroma lexer: code in several
// languages, broken code, markup, Japanese text and line-ending oddities,
// so that rules of many states, error tokens and the fallback to root at a
// newline all occur.
var lexerSamples = []string{
	"package main\n\nimport \"fmt\"\n\nfunc main() {\n\tfmt.Println(\"こんにちは\", 1.5e3, 'x', `raw`)\n}\n",
	"def f(x, *a, **k):\n    \"\"\"doc\"\"\"\n    return [i ** 2 for i in range(x) if i % 3]  # 注\n@decorator\nclass A(B): pass\n",
	"<!DOCTYPE html>\n<html lang=\"ja\"><head><style>a { color: #fff; }</style><script>let x = 1 < 2 && \"a\";</script></head>\n<body><!-- c --><p class=x>本文&amp;</p></body></html>\n",
	"SELECT a.id, COUNT(*) AS n FROM t a LEFT JOIN u ON a.id = u.id WHERE a.x LIKE '%y%' GROUP BY 1; -- c\n/* block */\n",
	"#!/bin/sh\nset -eu\nfor f in *.md; do echo \"${f%.md}\" | sed 's/a/b/g' > \"$HOME/$f\"; done\ncat <<EOF\nheredoc $x\nEOF\n",
	"{\"a\": [1, 2.5, true, null, {\"b\": \"c\\\"d\"}], \"e\": -3}\nkey: value\nlist:\n  - 1\n  - \"two\"\n# comment\n",
	"fn main() -> Result<(), Box<dyn Error>> { let v: Vec<u8> = vec![1, 2]; println!(\"{:?}\", v); Ok(()) }\n",
	"unclosed \"string\nnext line ' another\n/* unclosed comment\n{{ template }} <% erb %> $var @at #hash\n",
	"line one\r\nline two\rline three\n\ttabbed \\ backslash \u3000全角\n",
	"my $x = q:to/END/;\nheredoc\nEND\n=begin pod\ntext\n=end pod\nsay Q:b<a\\n b>;\nmy @a = <a b c>;\n",
	"invalid \xff UTF-8 \xe3\x81 cut \"\xfe\"\n",
	"",
	"x",
	"\n\n\n",
}

// sampledLexers are the languages of technical blogs (on these samples, some of chroma's
// other lexers run for minutes inside chroma itself, so not all of them).
var sampledLexers = []string{
	"go", "python", "javascript", "typescript", "tsx", "jsx", "bash", "sh", "console", "powershell",
	"sql", "yaml", "json", "toml", "ini", "xml", "html", "css", "scss", "markdown", "java", "kotlin",
	"scala", "c", "cpp", "csharp", "rust", "swift", "ruby", "php", "perl", "lua", "r", "haskell",
	"elixir", "erlang", "clojure", "dockerfile", "makefile", "nginx", "diff", "protobuf", "graphql",
	"terraform", "vim", "text", "d", "dart", "objective-c", "fortran", "nim", "zig", "ocaml", "fsharp",
	"groovy", "http", "latex", "csv", "properties", "apacheconf", "cmake", "vue", "svelte",
	"raku", // named groups, read by ByGroupNames and by its own mutators
}

// TestFastLexerMatchesChroma tokenises every sample with each sampled
// lexer, through chroma and through fastLexer, and compares the token
// streams.
func TestFastLexerMatchesChroma(t *testing.T) {
	fast := 0
	for _, name := range sampledLexers {
		l := lexers.Get(name)
		if l == nil {
			t.Errorf("chroma has no lexer %q", name)
			continue
		}
		f := newFastLexer(l)
		if f == nil {
			continue
		}
		fast++
		for i, sample := range lexerSamples {
			want, err := tokens(l, sample)
			if err != nil {
				t.Errorf("%s sample %d: chroma: %v", name, i, err)
				continue
			}
			got, err := tokens(f, sample)
			if err != nil {
				t.Errorf("%s sample %d: fast: %v", name, i, err)
				continue
			}
			if got != want {
				t.Errorf("%s sample %d:\n got %s\nwant %s", name, i, got, want)
			}
		}
	}
	if fast < len(sampledLexers)/2 {
		t.Errorf("only %d lexers have a fast form", fast)
	}
}

// TestFastLexerNamedGroups checks which lexers fill the map of named
// groups on every match: those that name a group (Raku's mutators read
// them, and the Raku sample above goes through them), not the others.
func TestFastLexerNamedGroups(t *testing.T) {
	for _, tc := range []struct {
		name  string
		named bool
	}{{"raku", true}, {"go", false}, {"python", false}, {"bash", false}} {
		f := newFastLexer(lexers.Get(tc.name))
		if f == nil {
			t.Fatalf("%s: no fast form", tc.name)
		}
		if f.named != tc.named {
			t.Errorf("%s: named = %v, want %v", tc.name, f.named, tc.named)
		}
	}
}

// tokens returns the token stream of text, or the panic the lexer raised.
func tokens(l chroma.Lexer, text string) (s string, err error) {
	defer func() {
		if v := recover(); v != nil {
			err = fmt.Errorf("panic: %v", v)
		}
	}()
	it, err := l.Tokenise(nil, text)
	if err != nil {
		return "", err
	}
	var b strings.Builder
	for tok := it(); tok != chroma.EOF; tok = it() {
		fmt.Fprintf(&b, "%s%q ", tok.Type, tok.Value)
	}
	return b.String(), nil
}

// TestClassFormatterMatchesChroma formats the coalesced tokens of every
// sample in every sampled lexer with classFormatter and with chroma's
// formatter of the same options, and compares the HTML.
func TestClassFormatterMatchesChroma(t *testing.T) {
	ours := newClassFormatter()
	theirs := chromahtml.New(codeFormatOptions()...)
	style := styles.Get(codeStyle)
	extra := []string{"a\nb", "\n", "no newline at the end", "<&'\">\n\n", "tab\there\n  \n"}
	for _, name := range append(sampledLexers, "nosuchlexer") {
		l := lexers.Get(name)
		if l == nil {
			l = lexers.Fallback
		}
		for i, sample := range append(lexerSamples, extra...) {
			it, err := chroma.Coalesce(l).Tokenise(nil, sample)
			if err != nil {
				t.Fatalf("%s sample %d: %v", name, i, err)
			}
			toks := it.Tokens()
			var want, got bytes.Buffer
			if err := theirs.Format(&want, style, chroma.Literator(toks...)); err != nil {
				t.Fatal(err)
			}
			ours.format(&got, chroma.Literator(toks...))
			if got.String() != want.String() {
				t.Errorf("%s sample %d:\n got %q\nwant %q", name, i, got.String(), want.String())
			}
		}
	}
}
