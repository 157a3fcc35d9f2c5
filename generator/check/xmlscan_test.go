package check

import (
	"reflect"
	"testing"
)

// TestScanXML holds the fast path to encoding/xml: each document it
// accepts must read the same with decodeXML, and each it declines must be
// one it was meant to leave to encoding/xml.
func TestScanXML(t *testing.T) {
	tests := []struct {
		name   string
		doc    string
		accept bool
	}{
		{"atom feed", "<?xml version=\"1.0\" encoding=\"utf-8\"?>\n<feed xmlns=\"http://www.w3.org/2005/Atom\">\n<title>連載 &amp; 日報</title>\n<link rel=\"self\"\n href=\"https://example.github.io/repo/index.xml?a=1&amp;b=2\"/>\n<entry><content type=\"html\">&lt;p&gt;本文&#12354;&#x3042;&lt;/p&gt;</content></entry>\n</feed>\n", true},
		{"sitemap", "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<urlset xmlns=\"http://www.sitemaps.org/schemas/sitemap/0.9\">\n<url>\n<loc>\n  https://example.github.io/repo/posts/a/  \n</loc>\n</url>\n</urlset>\n", true},
		{"rss with atom link", "<rss xmlns:atom=\"http://www.w3.org/2005/Atom\"><channel>\n<link>https://example.github.io/repo/</link><atom:link href=\"https://example.github.io/repo/index.xml\" rel=\"self\"/>\n<link></link></channel></rss>", true},
		{"comment and CDATA outside URLs", "<feed><!-- 注 --><title><![CDATA[a < b]]></title><link href='x'/></feed>", true},
		{"loc with a comment inside", "<urlset><loc>a<!-- x -->b</loc></urlset>", false},
		{"mismatched end tag", "<feed><entry></feed>", false},
		{"unclosed root", "<feed><link href=\"x\"/>", false},
		{"unknown entity", "<feed>&nbsp;</feed>", false},
		{"bare ampersand", "<feed>a & b</feed>", false},
		{"character reference to NUL", "<feed>&#0;</feed>", false},
		{"control character", "<feed>\x01</feed>", false},
		{"carriage return", "<feed>\r\n</feed>", false},
		{"invalid UTF-8", "<feed>\xff</feed>", false},
		{"unquoted attribute", "<feed><link href=x/></feed>", false},
		{"less-than in an attribute", "<feed><link href=\"a<b\"/></feed>", false},
		{"]]> in text", "<feed>]]></feed>", false},
		{"doctype", "<!DOCTYPE feed><feed/>", false},
		{"other encoding", "<?xml version=\"1.0\" encoding=\"Shift_JIS\"?><feed/>", false},
		{"non-ASCII name", "<フィード/>", false},
		{"two colons in a name", "<a:b:c/>", false},
		{"double hyphen in a comment", "<feed><!-- a -- b --></feed>", false},
		{"no root", "<!-- only -->", false},
		{"attributes without space", "<feed><link a=\"1\"href=\"x\"/></feed>", false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, ok := scanXML("index.xml", []byte(tt.doc))
			if ok != tt.accept {
				t.Fatalf("scanXML accepted = %v, want %v", ok, tt.accept)
			}
			want := decodeXML("index.xml", []byte(tt.doc))
			if ok && !reflect.DeepEqual(got, want) {
				t.Errorf("scanXML = %+v\ndecodeXML = %+v", got, want)
			}
			if tt.accept && want.errLine != 0 {
				t.Errorf("encoding/xml rejects the document: %d: %s", want.errLine, want.errMsg)
			}
		})
	}
}

// FuzzScanXML: whatever scanXML accepts, encoding/xml reads the same way.
func FuzzScanXML(f *testing.F) {
	f.Add([]byte("<?xml version=\"1.0\"?>\n<feed><link href=\"a&amp;b\"/>\n<entry>&lt;p&gt;</entry></feed>"))
	f.Add([]byte("<urlset><url><loc> /x </loc></url></urlset>"))
	f.Add([]byte("<rss><channel><link>a</link><x:link href='b'/></channel></rss>"))
	f.Add([]byte("<a><!-- c --><![CDATA[]]]]><?pi x?></a>"))
	f.Fuzz(func(t *testing.T, data []byte) {
		got, ok := scanXML("index.xml", data)
		if !ok {
			return
		}
		want := decodeXML("index.xml", data)
		if !reflect.DeepEqual(got, want) {
			t.Errorf("scanXML = %+v\ndecodeXML = %+v", got, want)
		}
	})
}
