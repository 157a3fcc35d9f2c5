package importer

import (
	"strings"
	"testing"
	"testing/fstest"
	"time"
)

func TestHugoShortcodes(t *testing.T) {
	tests := []struct {
		name, in, want, warn string
	}{
		{"ref in a link", `[前回]({{< ref "posts/a.md" >}})`, `[前回](rensai-ref:posts/a.md)`, ""},
		{"relref with percent delimiters", `[前回]({{% relref "a" %}})`, `[前回](rensai-ref:a)`, ""},
		{"highlight", "{{< highlight go >}}\nx := 1\n{{< /highlight >}}", "\n```go\nx := 1\n```\n", ""},
		{"figure with caption", `{{< figure src="/i/a.png" caption="見本" >}}`, `![見本](/i/a.png "見本")`, ""},
		{"fig-img with alt", `{{< fig-img src="b.png" alt="代替" >}}`, `![代替](b.png)`, ""},
		{"unknown paired shortcode keeps its text", `{{% notice info %}}注意{{% /notice %}}`, `注意`, "shortcode {{< notice >}}"},
		{"unknown single shortcode", `図 {{< mermaid-img abc >}} です`, `図  です`, "shortcode {{< mermaid-img >}}"},
		{"youtube becomes a link", `動画 {{< youtube abc >}} です`, "動画 \n\n[https://www.youtube.com/watch?v=abc](https://www.youtube.com/watch?v=abc)\n\n です", "embed"},
		{"youtube with id=", `{{< youtube id="w7Ft2ymGmfc" >}}`, "\n\n[https://www.youtube.com/watch?v=w7Ft2ymGmfc](https://www.youtube.com/watch?v=w7Ft2ymGmfc)\n\n", "embed"},
		{"x with user and id", `{{< x user="SanDiegoZoo" id="1453110110599868418" >}}`, "\n\n[https://x.com/SanDiegoZoo/status/1453110110599868418](https://x.com/SanDiegoZoo/status/1453110110599868418)\n\n", "embed"},
		{"old tweet with the id only", `{{< tweet 877500564405444608 >}}`, "\n\n[https://x.com/i/status/877500564405444608](https://x.com/i/status/877500564405444608)\n\n", "embed"},
		{"gist", `{{< gist spf13 7896402 >}}`, "\n\n[https://gist.github.com/spf13/7896402](https://gist.github.com/spf13/7896402)\n\n", "embed"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			r := &reader{warn: &Warnings{}}
			got := strings.ReplaceAll(r.hugoShortcodes(tt.in, &Post{Source: "a.md"}), refEnd, "") // the placeholder's end is invisible
			if got != tt.want {
				t.Errorf("got %q, want %q", got, tt.want)
			}
			if tt.warn == "" && len(r.warn.List) > 0 || tt.warn != "" && (len(r.warn.List) != 1 || r.warn.List[0].Kind != tt.warn) {
				t.Errorf("warnings %v, want kind %q", r.warn.List, tt.warn)
			}
		})
	}
}

func TestLiquidTags(t *testing.T) {
	tests := []struct {
		name, in, want, warn string
	}{
		{"post_url", `[前回]({% post_url 2014-08-03-kagi %})`, `[前回](rensai-ref:_posts/2014-08-03-kagi)`, ""},
		{"link", `[a]({% link _posts/2014-08-03-kagi.md %})`, `[a](rensai-ref:_posts/2014-08-03-kagi.md)`, ""},
		{"highlight", "{% highlight ruby %}\nputs 1\n{% endhighlight %}", "```ruby\nputs 1\n```", ""},
		{"highlight without a language", "{% highlight %}\nx\n{% endhighlight %}", "```\nx\n```", ""},
		{"raw keeps its braces", `{% raw %}{{ x }} {% if %}{% endraw %}`, `{{ x }} {% if %}`, ""},
		{"baseurl goes quietly", `{{ site.baseurl }}/a.png`, `/a.png`, ""},
		{"include is warned", `{% include share.html %}`, ``, "liquid {% include %}"},
		{"output is warned", `{{ page.title }}`, ``, "liquid {{ }}"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			r := &reader{warn: &Warnings{}}
			got := strings.ReplaceAll(r.liquidTags(tt.in, &Post{Source: "a.md"}), refEnd, "") // the placeholder's end is invisible
			if got != tt.want {
				t.Errorf("got %q, want %q", got, tt.want)
			}
			if tt.warn == "" && len(r.warn.List) > 0 || tt.warn != "" && (len(r.warn.List) != 1 || r.warn.List[0].Kind != tt.warn) {
				t.Errorf("warnings %v, want kind %q", r.warn.List, tt.warn)
			}
		})
	}
}

func TestForeignFrontMatter(t *testing.T) {
	loc := tokyo
	tests := []struct {
		name, src, title, date, body string
	}{
		{"yaml", "---\ntitle: 題\ndate: 2014-08-03 12:00:00 +0900\n---\n本文\n", "題", "2014-08-03T12:00:00+09:00", "本文\n"},
		{"toml", "+++\ntitle = \"題\"\ndate = 2024-05-02T09:00:00+09:00\n+++\n本文\n", "題", "2024-05-02T09:00:00+09:00", "本文\n"},
		{"bare yaml date is local", "---\ntitle: 題\ndate: 2024-05-03\n---\n", "題", "2024-05-03T00:00:00+09:00", ""},
		{"empty front matter", "---\n---\n本文", "", "", "本文"},
		{"none", "本文だけ\n", "", "", "本文だけ\n"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			ff, err := splitForeignFrontMatter(tt.src)
			if err != nil {
				t.Fatal(err)
			}
			date := ""
			if d := metaTime(ff.meta, "date", loc); !d.IsZero() {
				date = d.Format(time.RFC3339)
			}
			if metaString(ff.meta, "title") != tt.title || date != tt.date || ff.body != tt.body {
				t.Errorf("title %q date %q body %q", metaString(ff.meta, "title"), date, ff.body)
			}
		})
	}
	if _, err := splitForeignFrontMatter("---\ntitle: x\n本文"); err == nil || !strings.Contains(err.Error(), "never closed") {
		t.Errorf("unclosed front matter: %v", err)
	}
}

// FuzzTemplateSyntax: Hugo shortcodes and Liquid tags in any body never
// panic, and a {{< or {% left in the result is always warned about.
func FuzzTemplateSyntax(f *testing.F) {
	f.Add(`{{< ref "a" >}}{{% x %}}y{{% /x %}}{{< highlight >}}`)
	f.Add(`{% raw %}{{ a }}{% endraw %}{% highlight %}{% post_url x %}{{ b }}`)
	f.Fuzz(func(t *testing.T, body string) {
		for _, kind := range []string{"hugo", "jekyll"} {
			r := &reader{warn: &Warnings{}}
			var out string
			if kind == "hugo" {
				out = r.hugoShortcodes(body, &Post{})
			} else {
				out = r.liquidTags(body, &Post{})
			}
			r.warnTemplateLeftovers(out, &Post{})
			if (strings.Contains(out, "{{<") || strings.Contains(out, "{%")) && len(r.warn.List) == 0 {
				t.Errorf("%s: template syntax left without a warning: %q -> %q", kind, body, out)
			}
		}
	})
}

func TestHugoInputs(t *testing.T) {
	post := "---\ntitle: 年始の挨拶\ndate: 2024-01-05\n---\n本文です。\n"
	tests := []struct {
		name   string
		fsys   fstest.MapFS
		path   string
		source string
	}{
		{"a single file", fstest.MapFS{"posts/a.md": {Data: []byte(post)}}, "posts/a.md", "site/posts/a.md"},
		{"the site root", fstest.MapFS{"hugo.toml": {Data: []byte("title = 'x'")}, "README.md": {Data: []byte("# readme")}, "content/posts/a.md": {Data: []byte(post)}}, ".", "site/content/posts/a.md"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			warn := &Warnings{}
			display := "site"
			if tt.path != "." {
				display = "site/" + tt.path
			}
			b, err := Read(t.Context(), "hugo", []Input{{FS: tt.fsys, Path: tt.path, Display: display}}, testOptions(), warn)
			if err != nil {
				t.Fatal(err)
			}
			if len(b.Posts) != 1 || b.Posts[0].Source != tt.source || b.Posts[0].RelPath != "posts/a.md" && tt.path == "." {
				for _, p := range b.Posts {
					t.Logf("post %s (%s)", p.Source, p.RelPath)
				}
				t.Fatalf("%d posts, warnings %v", len(b.Posts), warn.List)
			}
		})
	}
}
