package check

import (
	"io/fs"
	"os"
	"path"
	"reflect"
	"testing"
)

// scanned is p as scanPage reads data, and whether it did.
func scanned(data []byte) (*page, bool) {
	p := &page{path: "x.html", ids: map[string]bool{}}
	return p, scanPage(p, data)
}

// tokenized is p as the tokenizer reads data.
func tokenized(data []byte) *page {
	p := &page{path: "x.html", ids: map[string]bool{}}
	tokenizePage(p, data)
	return p
}

// TestScanPage holds the fast path to the tokenizer: each page it
// accepts must read the same, and each it declines must be one it was
// meant to leave to the tokenizer.
func TestScanPage(t *testing.T) {
	tests := []struct {
		name   string
		doc    string
		accept bool
	}{
		{"part page", partPage(2), true},
		{"title with a reference", "<title>A &amp; B&nbsp;</title><link rel=canonical href='https://x/'>", true},
		{"attributes unquoted, empty and upper-case", "<A HREF=/x/ data-x ID=top>x</A><img src=\"a&#43;b.png\"/>", true},
		{"comment holding a tag", "<!-- <a href=\"/gone/\"> -->\n<p id=\"a\">", true},
		{"raw text holding a tag", "<noscript><a href=\"/gone/\"></noscript><style>a{}</style><textarea><a href=x></textarea>", true},
		{"page data", "<script type=\"application/json\" id=\"rensai-page\">{\"v\":1,\"url\":\"</x\"}</script>", true},
		{"end tag of raw text in capitals", "<title>t</TITLE ><p id=x>", true},
		{"less-than in text", "<p>a < b</p>", false},
		{"script with a comment", "<script><!-- <script> </script> --></script><a href=\"/x/\">", false},
		{"unclosed raw text", "<title>t", false},
		{"unclosed tag", "<a href=\"/x/\"", false},
		{"abrupt comment", "<!--><a href=\"/x/\">-->", false},
		{"bogus comment", "<?php x ?><a href=\"/x/\">", false},
		{"attribute reference without semicolon", "<a href=\"?a=1&copy=2\">", false},
		{"unquoted value ending in a slash", "<a href=/x/>", true},
		{"unquoted value with a quote", "<a href=/x\"/>", false},
		{"attributes without space", "<a id=\"a\"href=\"/x/\">", false},
		{"carriage return", "<p>\r\n</p>", false},
		{"end tag with attributes", "<p></p class=\"x\">", false},
		{"plaintext", "<plaintext><a href=x>", false},
		{"non-ASCII tag name", "<pあ>", false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, ok := scanned([]byte(tt.doc))
			if ok != tt.accept {
				t.Fatalf("scanPage accepted = %v, want %v", ok, tt.accept)
			}
			if want := tokenized([]byte(tt.doc)); ok && !reflect.DeepEqual(got, want) {
				t.Errorf("scanPage = %+v\ntokenizer = %+v", got, want)
			}
		})
	}
}

// TestScanPageReadsTheTheme: every page, page-data block and feed of the
// golden example site takes the fast paths, and reads the same as through
// the tokenizer and encoding/xml. Were the theme to write something the fast
// paths decline, check would stay right but slow; this says so.
func TestScanPageReadsTheTheme(t *testing.T) {
	const root = "../testdata/golden/example"
	n := 0
	err := fs.WalkDir(os.DirFS(root), ".", func(name string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		data, err := os.ReadFile(path.Join(root, name))
		if err != nil {
			return err
		}
		switch path.Ext(name) {
		case ".html":
			n++
			got, ok := scanned(data)
			if !ok {
				t.Errorf("%s: scanPage declines the page", name)
			} else if want := tokenized(data); !reflect.DeepEqual(got, want) {
				t.Errorf("%s: scanPage = %+v\ntokenizer = %+v", name, got, want)
			}
			if _, ok := scanData(got.dataText); got.dataCount > 0 && !ok {
				t.Errorf("%s: scanData declines the page-data block %s", name, got.dataText)
			}
		case ".xml":
			got, ok := scanXML(name, data)
			if !ok {
				t.Errorf("%s: scanXML declines the document", name)
			} else if want := decodeXML(name, data); !reflect.DeepEqual(got, want) {
				t.Errorf("%s: scanXML = %+v\ndecodeXML = %+v", name, got, want)
			}
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	if n < 10 {
		t.Fatalf("only %d pages in %s", n, root)
	}
}

// FuzzScanPage: whatever scanPage accepts, the tokenizer reads the same
// way.
func FuzzScanPage(f *testing.F) {
	f.Add([]byte(partPage(1)))
	f.Add([]byte("<title>a&amp;b</title><a href=/x id=y>z</a><!-- c --><br/>"))
	f.Add([]byte("<script id=rensai-page>{}</script ><style></style\n><textarea></textarea/>"))
	f.Add([]byte("<!DOCTYPE html><html lang=ja><meta http-equiv=refresh content=\"0; url=/a/\">"))
	f.Fuzz(func(t *testing.T, data []byte) {
		got, ok := scanned(data)
		if !ok {
			return
		}
		if want := tokenized(data); !reflect.DeepEqual(got, want) {
			t.Errorf("scanPage = %+v\ntokenizer = %+v", got, want)
		}
	})
}
