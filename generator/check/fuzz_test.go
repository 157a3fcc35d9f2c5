package check

import (
	"context"
	"testing"
	"testing/fstest"
)

// FuzzCheck feeds arbitrary bytes to the HTML, XML and JSON Feed readers
// and the checks behind them: whatever the output holds, Check must not panic.
func FuzzCheck(f *testing.F) {
	f.Add([]byte(partPage(2)), []byte(`<feed><link href="https://example.github.io/repo/"/></feed>`))
	f.Add([]byte(`<nav class="series-nav" data-series-url="../../x" data-part="1"><nav><a rel="next" href="%zz">`), []byte(`<urlset><loc>/x</loc>`))
	f.Add([]byte(`<ol class="series-toc"><li><a href="//other/">x</a><ol><li><a href="?q#%E3">y</a>`), []byte(`<?xml version="1.0"?><rss><channel><link>posts/</link></channel></rss>`))
	f.Add([]byte(`<script type="application/json" id="rensai-page">{"v":1,"kind":"article","series":{"url":"../x/"},"part":-1,"prev":{"url":"%zz"},"parts":[{"url":""}]}</script><script id="rensai-page">{"v":2}`), []byte(``))
	f.Add([]byte(`<script type="application/json" id="rensai-page">{"v":1,"kind":"series","url":"/repo/series/x/","parts":[{"url":"/repo/posts/a/"},{"url":"/repo/posts/a/"}]}`), []byte(``))
	f.Add([]byte(`<meta http-equiv=refresh content="0;URL='../'"><base href="/repo/posts/"><img srcset=", a.png 2x,,">`), []byte(``))
	f.Add([]byte(``), []byte(`{"version":"https://jsonfeed.org/version/1.1","home_page_url":"../","items":[{"url":"%zz"},{"id":"x"},null]}`))
	f.Add([]byte(``), []byte("{\n\"items\":\n[1,"))
	f.Fuzz(func(t *testing.T, page, feed []byte) {
		fs := fstest.MapFS{
			"index.html":          {Data: page},
			"posts/a/index.html":  {Data: page},
			"series/x/index.html": {Data: []byte(`<script type="application/json" id="rensai-page">{"v":1,"kind":"series","url":"/repo/series/x/","parts":[{"url":"/repo/posts/a/"}]}</script>`)},
			"index.xml":           {Data: feed},
			"feed.json":           {Data: feed},
		}
		rep, err := Check(context.Background(), fs, Options{BaseURL: testBase})
		if err != nil {
			t.Fatal(err)
		}
		for _, p := range rep.Problems {
			if p.Line < 1 {
				t.Errorf("problem without a line: %v", p)
			}
		}
	})
}
