package feed

import (
	"encoding/json"
	"encoding/xml"
	"html/template"
	"strings"
	"testing"
)

// FuzzFeedText puts arbitrary text in an article's title, summary and
// body: both formats must stay well-formed, and the body must come back
// from the Atom CDATA as written (less the characters XML cannot carry).
func FuzzFeedText(f *testing.F) {
	f.Add("]]>", "</script>", "<p>]]]]>>]]></p>")
	f.Add("\x00\x1f\uFFFE", "&amp;\"'", "<![CDATA[x]]>")
	f.Add("\xff\xfe", "\u2028\u2029", "\xef\xbf\xbe]]")
	m := serialModel(f, "[feeds]\nfull = true\n")
	a := m.Articles[0]
	f.Fuzz(func(t *testing.T, title, summary, body string) {
		a.DisplayTitle, a.Summary, a.Content = title, summary, template.HTML(body)
		feed := List("日報", "/", m.Articles[:1], options(m))
		var doc atomDoc
		if err := xml.Unmarshal(Atom(m, feed), &doc); err != nil {
			t.Fatalf("Atom is not XML: %v\n%q", err, Atom(m, feed))
		}
		raw, err := JSON(m, feed)
		if err != nil {
			t.Fatal(err)
		}
		if !json.Valid(raw) {
			t.Fatalf("JSON Feed is not JSON: %q", raw)
		}
		// XML parsers read "\r\n" and "\r" as "\n".
		want := validXML(absolutize(body, m.Config.BaseURL, m.Config.BasePath()))
		want = strings.ReplaceAll(strings.ReplaceAll(want, "\r\n", "\n"), "\r", "\n")
		if got := doc.Entries[0].Content.Body; got != want {
			t.Errorf("content = %q, want %q", got, want)
		}
	})
}
