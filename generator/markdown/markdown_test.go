package markdown

import (
	"fmt"
	"os"
	"reflect"
	"strings"
	"sync"
	"testing"
)

func render(t *testing.T, opts Options, src string) *Result {
	t.Helper()
	res, err := New(opts).Render("posts/a.md", []byte(src), 1)
	if err != nil {
		t.Fatalf("Render: %v", err)
	}
	return res
}

func TestRenderHTML(t *testing.T) {
	tests := []struct {
		name    string
		opts    Options
		src     string
		want    []string // each must appear in the HTML
		notWant []string // none may appear
	}{
		{
			name: "gfm table",
			src:  "| 名前 | 日数 |\n|---|--:|\n| 佐伯 | 6 |\n",
			want: []string{"<table>\n<thead>\n<tr>\n<th>名前</th>\n<th style=\"text-align:right\">日数</th>", "<td>佐伯</td>"},
		},
		{
			name:    "table with an empty header row hides it",
			src:     "| | |\n|---|---|\n| 受付 | 9時 |\n",
			want:    []string{"<table>\n<thead hidden=\"\">\n<tr>\n<th></th>", "<tbody>\n<tr>\n<td>受付</td>"},
			notWant: []string{"<thead>\n"},
		},
		{
			name:    "table in a list with one header cell written keeps its header",
			src:     "- 表\n\n  |  | 日数 |\n  |---|---|\n  | 佐伯 | 6 |\n",
			want:    []string{"<thead>\n<tr>\n<th></th>\n<th>日数</th>"},
			notWant: []string{"hidden"},
		},
		{
			name: "table in a quote with an empty header row",
			src:  "> | | |\n> |---|---|\n> | a | b |\n",
			want: []string{"<blockquote>\n<table>\n<thead hidden=\"\">"},
		},
		{
			name: "strikethrough",
			src:  "~~取り消し~~た",
			want: []string{"<p><del>取り消し</del>た</p>"},
		},
		{
			name: "bare url autolink",
			src:  "詳細は https://example.com/a を参照",
			want: []string{`<a href="https://example.com/a" rel="noopener">https://example.com/a</a>`},
		},
		{
			name: "angle bracket autolink",
			src:  "<https://example.com/b>",
			want: []string{`<p><a href="https://example.com/b" rel="noopener">https://example.com/b</a></p>`},
		},
		{
			name: "task list",
			src:  "- [x] 済み\n- [ ] 未着手\n",
			want: []string{`<li><input checked="" disabled="" type="checkbox"> 済み</li>`, `<li><input disabled="" type="checkbox"> 未着手</li>`},
		},
		{
			name: "footnote",
			src:  "本文[^1]\n\n[^1]: 注記\n",
			want: []string{
				`<p>本文<sup id="fnref:1"><a href="#fn:1" class="footnote-ref" role="doc-noteref">1</a></sup></p>`,
				`<li id="fn:1">` + "\n" + `<p>注記&#160;<a href="#fnref:1" class="footnote-backref" role="doc-backlink">`,
			},
		},
		{
			name: "definition list",
			src:  "苦情の入口\n: 一本の電話\n",
			want: []string{"<dl>\n<dt>苦情の入口</dt>\n<dd>一本の電話</dd>\n</dl>"},
		},
		{
			name:    "cjk soft line break adds no space",
			src:     "受話器を取る前から\n相手はわかっていた。",
			want:    []string{"<p>受話器を取る前から相手はわかっていた。</p>"},
			notWant: []string{"から\n相手", "から 相手"},
		},
		{
			name: "latin soft line break is kept",
			src:  "first line\nsecond line",
			want: []string{"<p>first line\nsecond line</p>"},
		},
		{
			name: "cjk strong next to japanese",
			src:  "太郎は**「こんにちは」**と言った",
			want: []string{"<p>太郎は<strong>「こんにちは」</strong>と言った</p>"},
		},
		{
			name: "cjk strong after sentence end",
			src:  "声が上がった。**「朝礼が長い」**という声だ。",
			want: []string{"<p>声が上がった。<strong>「朝礼が長い」</strong>という声だ。</p>"},
		},
		{
			name: "cjk strong ending in punctuation",
			src:  "**明日から行きます！**と返事が来た",
			want: []string{"<p><strong>明日から行きます！</strong>と返事が来た</p>"},
		},
		{
			name: "emphasis in latin text is commonmark",
			src:  "an *emphasised* word and a**b**c",
			want: []string{"<p>an <em>emphasised</em> word and a<strong>b</strong>c</p>"},
		},
		{
			name:    "underscores inside japanese are not emphasis",
			src:     "ファイル_名前_最終版",
			want:    []string{"<p>ファイル_名前_最終版</p>"},
			notWant: []string{"<em>"},
		},
		{
			name:    "fenced code highlighted with classes",
			src:     "```go\nfunc main() {}\n```\n",
			want:    []string{`<pre class="chroma"><code><span class="line"><span class="cl"><span class="kd">func</span>`, `<span class="nf">main</span>`},
			notWant: []string{"style="},
		},
		{
			name: "fenced code of unknown language is plain",
			src:  "```nosuchlanguage\nif a < b {}\n```\n",
			want: []string{"<pre><code class=\"language-nosuchlanguage\">if a &lt; b {}\n</code></pre>"},
		},
		{
			name:    "fenced code without language is plain",
			src:     "```\n<b>そのまま</b>\n```\n",
			want:    []string{"<pre><code>&lt;b&gt;そのまま&lt;/b&gt;\n</code></pre>"},
			notWant: []string{"chroma"},
		},
		{
			name:    "titled image alone becomes figure",
			src:     "![先](first.png)\n\n前の段落\n\n![倉庫の入口](/img/gate.jpg \"朝の倉庫\")\n\n次の段落",
			want:    []string{`<figure><img src="/img/gate.jpg" alt="倉庫の入口" loading="lazy" decoding="async"><figcaption>朝の倉庫</figcaption></figure>`},
			notWant: []string{"<p><figure>", "title="},
		},
		{
			name:    "titled image inside text stays inline",
			src:     "![先](first.png)\n\n入口の![図](gate.png \"門\")写真",
			want:    []string{`<p>入口の<img src="gate.png" alt="図" title="門" loading="lazy" decoding="async">写真</p>`},
			notWant: []string{"<figure>"},
		},
		{
			name:    "untitled image alone stays inline",
			src:     "![先](first.png)\n\n![図](gate.png)",
			want:    []string{`<p><img src="gate.png" alt="図" loading="lazy" decoding="async"></p>`},
			notWant: []string{"<figure>"},
		},
		{
			name:    "linked titled image stays inline",
			src:     "![先](first.png)\n\n[![図](gate.png \"門\")](https://example.com/)",
			want:    []string{`<p><a href="https://example.com/" rel="noopener"><img src="gate.png" alt="図" title="門" loading="lazy" decoding="async"></a></p>`},
			notWant: []string{"<figure>"},
		},
		{
			name:    "first image loads at once, later ones lazily",
			src:     "![一](a.png)\n\n![二](b.png)",
			want:    []string{`<p><img src="a.png" alt="一"></p>`, `<p><img src="b.png" alt="二" loading="lazy" decoding="async"></p>`},
			notWant: []string{`alt="一" loading`},
		},
		{
			name: "figure caption is escaped",
			src:  `![a](b.png "<x> &amp; \"y\"")`,
			want: []string{`<figcaption>&lt;x&gt; &amp; &quot;y&quot;</figcaption>`},
		},
		{
			name: "figure in list item",
			src:  "![先](first.png)\n\n- ![a](b.png \"題\")\n- 次",
			want: []string{"<li>\n<figure><img src=\"b.png\" alt=\"a\" loading=\"lazy\" decoding=\"async\"><figcaption>題</figcaption></figure>\n</li>"},
		},
		{
			name: "https link gets noopener",
			src:  "[外部](https://example.com/x)",
			want: []string{`<a href="https://example.com/x" rel="noopener">外部</a>`},
		},
		{
			name: "http link gets noopener",
			src:  "[外部](HTTP://example.com/x)",
			want: []string{`<a href="HTTP://example.com/x" rel="noopener">外部</a>`},
		},
		{
			name: "protocol relative link gets noopener",
			src:  "[外部](//example.com/x)",
			want: []string{`<a href="//example.com/x" rel="noopener">外部</a>`},
		},
		{
			name:    "mailto link has no rel",
			src:     "[連絡](mailto:a@example.com)",
			want:    []string{`<a href="mailto:a@example.com">連絡</a>`},
			notWant: []string{"noopener"},
		},
		{
			name:    "internal link has no rel",
			src:     "[内部](/posts/x/)",
			want:    []string{`<a href="/posts/x/">内部</a>`},
			notWant: []string{"noopener"},
		},
		{
			name:    "japanese destination is percent-encoded",
			src:     "[タグ](/tags/苦情/)",
			want:    []string{`<a href="/tags/%E8%8B%A6%E6%83%85/">タグ</a>`},
			notWant: []string{"noopener"},
		},
		{
			name:    "raw html block omitted",
			src:     "<div class=\"x\">生のHTML</div>\n",
			notWant: []string{"<div", "生のHTML"},
		},
		{
			name:    "inline raw html omitted",
			src:     "前<script>alert(1)</script>後",
			notWant: []string{"<script>"},
		},
		{
			name: "raw html passed through when unsafe",
			opts: Options{Unsafe: true},
			src:  "<div class=\"x\">生のHTML</div>\n\n前<span>中</span>後",
			want: []string{"<div class=\"x\">生のHTML</div>", "<p>前<span>中</span>後</p>"},
		},
		{
			name:    "javascript url dropped",
			src:     "[押す](javascript:alert(1))",
			want:    []string{`<a href="">押す</a>`},
			notWant: []string{"javascript"},
		},
		{
			name: "heading gets japanese id",
			src:  "## 対応のポイント",
			want: []string{`<h2 id="対応のポイント">対応のポイント</h2>`},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			html := render(t, tt.opts, tt.src).HTML
			for _, w := range tt.want {
				if !strings.Contains(html, w) {
					t.Errorf("missing %q in\n%s", w, html)
				}
			}
			for _, nw := range tt.notWant {
				if strings.Contains(html, nw) {
					t.Errorf("unexpected %q in\n%s", nw, html)
				}
			}
		})
	}
}

func TestSlug(t *testing.T) {
	tests := []struct {
		name, text, want string
	}{
		{"japanese kept", "対応のポイント", "対応のポイント"},
		{"ascii lower-cased and spaces to hyphen", "Hello World", "hello-world"},
		{"japanese punctuation removed", "「苦情」の受け方？", "苦情の受け方"},
		{"space between japanese words", "対応の ポイント！", "対応の-ポイント"},
		{"ideographic space", "第1章　はじまり", "第1章-はじまり"},
		{"unsafe ascii punctuation removed", `A&B / "C" <d> #1 50%`, "ab-c-d-1-50"},
		{"runs of spaces and hyphens collapse", "a  -  b--c", "a-b-c"},
		{"leading and trailing space trimmed", "  前後  ", "前後"},
		{"underscore kept", "Go言語_入門", "go言語_入門"},
		{"middle dot removed", "カード・ローン", "カードローン"},
		{"long vowel mark kept", "サーバー", "サーバー"},
		{"iteration mark kept", "時々", "時々"},
		{"circled number kept", "前編①", "前編①"},
		{"full-width latin kept as is", "ＰＣ　設定", "ＰＣ-設定"},
		{"only punctuation", "！？…", "見出し"},
		{"empty", "", "見出し"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := slug(tt.text); got != tt.want {
				t.Errorf("slug(%q) = %q, want %q", tt.text, got, tt.want)
			}
		})
	}
}

func TestHeadingIDsAndTOC(t *testing.T) {
	tests := []struct {
		name    string
		src     string
		wantIDs []string // id attributes in order, checked in the HTML
		wantTOC []Heading
	}{
		{
			name:    "duplicates get numbered suffixes",
			src:     "## 対応\n\n## 対応\n\n### 対応\n\n## 対応-1\n",
			wantIDs: []string{`<h2 id="対応">`, `<h2 id="対応-1">`, `<h3 id="対応-2">`, `<h2 id="対応-1-1">`},
			wantTOC: []Heading{
				{2, "対応", "対応"}, {2, "対応-1", "対応"}, {3, "対応-2", "対応"}, {2, "対応-1-1", "対応-1"},
			},
		},
		{
			name:    "toc holds h2 to h4 only",
			src:     "# 題\n\n## 二\n\n### 三\n\n#### 四\n\n##### 五\n\n###### 六\n",
			wantIDs: []string{`<h1 id="題">`, `<h5 id="五">`, `<h6 id="六">`},
			wantTOC: []Heading{{2, "二", "二"}, {3, "三", "三"}, {4, "四", "四"}},
		},
		{
			name:    "markup stripped from text and id",
			src:     "## **重要**な`点`と[リンク](/x/)\n",
			wantIDs: []string{`<h2 id="重要な点とリンク">`},
			wantTOC: []Heading{{2, "重要な点とリンク", "重要な点とリンク"}},
		},
		{
			name:    "setext heading",
			src:     "振り返り\n--------\n",
			wantIDs: []string{`<h2 id="振り返り">`},
			wantTOC: []Heading{{2, "振り返り", "振り返り"}},
		},
		{
			name:    "escapes and entities resolved in text",
			src:     "## A &amp; B \\*注\\*\n",
			wantIDs: []string{`<h2 id="a-b-注">`},
			wantTOC: []Heading{{2, "a-b-注", "A & B *注*"}},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			res := render(t, Options{}, tt.src)
			html := res.HTML
			last := -1
			for _, id := range tt.wantIDs {
				i := strings.Index(html, id)
				if i < 0 {
					t.Fatalf("missing %q in\n%s", id, html)
				}
				if i < last {
					t.Errorf("%q out of order in\n%s", id, html)
				}
				last = i
			}
			if !reflect.DeepEqual(res.TOC, tt.wantTOC) {
				t.Errorf("TOC = %+v, want %+v", res.TOC, tt.wantTOC)
			}
		})
	}
}

func TestRenderInvalidUTF8(t *testing.T) {
	_, err := New(Options{}).Render("posts/a.md", []byte("一行目\n二行目\xff\n三行目"), 4)
	want := "posts/a.md:5: text is not valid UTF-8; save the file as UTF-8"
	if err == nil || err.Error() != want {
		t.Errorf("error = %v, want %q", err, want)
	}
}

func TestText(t *testing.T) {
	tests := []struct {
		name string
		src  string
		want string
	}{
		{
			name: "blocks on their own lines without markup",
			src:  "# 題\n\n**強調**と*斜体*と`コード`と[リンク](/x/)。\n\n> 引用です。\n",
			want: "題\n強調と斜体とコードとリンク。\n引用です。",
		},
		{
			name: "cjk line break joined without space",
			src:  "受話器を取る前から\n相手はわかっていた。\nfirst\nsecond",
			want: "受話器を取る前から相手はわかっていた。 first second",
		},
		{
			name: "lists and task lists",
			src:  "- 一つ目\n- [x] 済み\n\n1. 番号\n",
			want: "一つ目\n済み\n番号",
		},
		{
			name: "code blocks included",
			src:  "前\n\n```go\nfunc a() {\n\treturn\n}\n```\n\n    indented\n\n後",
			want: "前\nfunc a() {\n\treturn\n}\nindented\n後",
		},
		{
			name: "html and images left out",
			src:  "<div>生</div>\n\n前<b>太</b>後 ![代替](a.png)\n\n![図](b.png \"題\")\n",
			want: "前太後",
		},
		{
			name: "entities and escapes resolved",
			src:  "A &amp; B &#x3042; \\*星\\* &lt;tag&gt;",
			want: "A & B あ *星* <tag>",
		},
		{
			name: "table rows",
			src:  "| 名前 | 日数 |\n|---|---|\n| 佐伯 | 6 |\n",
			want: "名前 日数\n佐伯 6",
		},
		{
			name: "definition list",
			src:  "用語\n: 説明\n",
			want: "用語\n説明",
		},
		{
			name: "footnotes last without markers",
			src:  "本文[^n]です。\n\n[^n]: 注記です。\n\n最後。",
			want: "本文です。\n最後。\n注記です。",
		},
		{
			name: "autolink label",
			src:  "参照 https://example.com/a",
			want: "参照 https://example.com/a",
		},
		{
			name: "empty document",
			src:  "",
			want: "",
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := render(t, Options{}, tt.src).Text; got != tt.want {
				t.Errorf("Text = %q, want %q", got, tt.want)
			}
		})
	}
}

func readArticle(tb testing.TB) []byte {
	tb.Helper()
	src, err := os.ReadFile("testdata/article.md")
	if err != nil {
		tb.Fatal(err)
	}
	return src
}

func TestRenderArticle(t *testing.T) {
	res, err := New(Options{BasePath: "/repo/"}).Render("posts/article.md", readArticle(t), 5)
	if err != nil {
		t.Fatal(err)
	}
	wantTOC := []Heading{
		{2, "先方の言い分", "先方の言い分"},
		{3, "聞き取った内容", "聞き取った内容"},
		{3, "引っかかった点", "引っかかった点"},
		{2, "スタッフ側の話", "スタッフ側の話"},
		{3, "三人の状況", "三人の状況"},
		{2, "社内での相談", "社内での相談"},
		{3, "記録の整理", "記録の整理"},
		{2, "先方との面談", "先方との面談"},
		{3, "先方が約束したこと", "先方が約束したこと"},
		{2, "班長との立ち話", "班長との立ち話"},
		{3, "帰社してからの作業", "帰社してからの作業"},
		{3, "気をつけたこと", "気をつけたこと"},
		{2, "振り返り", "振り返り"},
		{2, "翌朝の確認", "翌朝の確認"},
	}
	if !reflect.DeepEqual(res.TOC, wantTOC) {
		t.Errorf("TOC = %+v\nwant %+v", res.TOC, wantTOC)
	}
	for _, w := range []string{
		`<h1 id="続編⑥-倉庫の朝礼が長すぎる件">`,
		"<strong>「朝礼が長い」</strong>という声",
		`<pre class="chroma"><code>`,
		`<span class="s">&#34;fmt&#34;</span>`,
		"<blockquote>\n<p>謝ることと、直してもらうことと、払ってもらうことは、別々に並べろ。全部いっぺんに出すと",
		`<th style="text-align:right">出勤日数</th>`,
		"<dt>本当の問題</dt>",
	} {
		if !strings.Contains(res.HTML, w) {
			t.Errorf("missing %q", w)
		}
	}
	if !strings.HasPrefix(res.Text, "続編⑥ 倉庫の朝礼が長すぎる件\n月曜の朝八時、事務所の電話が鳴った。受話器を取る前から") {
		t.Errorf("Text starts %q", res.Text[:200])
	}
	if !strings.Contains(res.Text, "total += gap") {
		t.Error("Text lacks the code block")
	}
	if !strings.HasSuffix(res.Text, "登場する人物・会社はすべて架空のものです。") {
		t.Errorf("Text does not end with the footnote: %q", res.Text[len(res.Text)-100:])
	}
}

func TestRenderDeterministic(t *testing.T) {
	src := readArticle(t)
	opts := Options{BasePath: "/repo/"}
	r := New(opts)
	first, err := r.Render("posts/article.md", src, 1)
	if err != nil {
		t.Fatal(err)
	}
	for i, rr := range []*Renderer{r, r, New(opts)} {
		again, err := rr.Render("posts/article.md", src, 1)
		if err != nil {
			t.Fatal(err)
		}
		if first.HTML != again.HTML {
			t.Errorf("render %d: HTML differs", i)
		}
		if !reflect.DeepEqual(first, again) {
			t.Errorf("render %d: result differs", i)
		}
	}
}

func TestRenderConcurrent(t *testing.T) {
	src := readArticle(t)
	rs := &resolver{known: map[string]string{"b.md": "/posts/b/"}}
	r := New(Options{BasePath: "/repo/", ResolveLink: rs.resolve})
	docs := [][]byte{
		src,
		[]byte("## 見出し\n\n[次](b.md) ![図](/a.png \"題\")\n\n```go\nvar x = 1\n```\n"),
		[]byte("## 見出し\n\n## 見出し\n\n**「強調」**です。\n"),
	}
	want := make([]*Result, len(docs))
	for i, d := range docs {
		res, err := r.Render(fmt.Sprintf("posts/%d.md", i), d, 1)
		if err != nil {
			t.Fatal(err)
		}
		want[i] = res
	}

	const workers, rounds = 8, 20
	var wg sync.WaitGroup
	errs := make(chan error, workers*rounds)
	for w := range workers {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for n := range rounds {
				i := (w + n) % len(docs)
				res, err := r.Render(fmt.Sprintf("posts/%d.md", i), docs[i], 1)
				if err != nil {
					errs <- err
					continue
				}
				if !reflect.DeepEqual(res, want[i]) {
					errs <- fmt.Errorf("worker %d round %d: document %d rendered differently", w, n, i)
				}
			}
		}()
	}
	wg.Wait()
	close(errs)
	for err := range errs {
		t.Error(err)
	}
}
