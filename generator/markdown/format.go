package markdown

import (
	"bytes"
	"strings"

	"github.com/alecthomas/chroma/v2"
)

// classFormatter writes a token stream as chroma's HTML formatter does
// with classes and no other option (chromahtml.New(WithClasses(true)),
// the formatter of blocks without attributes), byte for byte
// (TestClassFormatterMatchesChroma), but straight into the block's buffer
// as the tokens come: chroma's collects the tokens, splits them into lines
// and builds every span with fmt, which was a sixth of the highlighting.
//
// The tokens must come from chroma.Coalesce, which drops empty tokens
// (chroma's formatter treats a last line of one empty token apart).
type classFormatter struct {
	// classes of the token types chroma knows, read-only once built.
	classes                   map[chroma.TokenType]string
	pre, line, codeLine, none string
}

func newClassFormatter() *classFormatter {
	f := &classFormatter{classes: make(map[chroma.TokenType]string, len(chroma.StandardTypes))}
	for t := range chroma.StandardTypes {
		f.classes[t] = tokenClass(t)
	}
	f.pre = f.class(chroma.PreWrapper)
	f.line = f.class(chroma.Line)
	f.codeLine = f.class(chroma.CodeLine)
	return f
}

// tokenClass is the class chroma's formatter gives a token type: that of
// the type or of its nearest parent chroma names.
func tokenClass(t chroma.TokenType) string {
	for t != 0 {
		if cls, ok := chroma.StandardTypes[t]; ok {
			return cls
		}
		t = t.Parent()
	}
	return chroma.StandardTypes[t]
}

func (f *classFormatter) class(t chroma.TokenType) string {
	if cls, ok := f.classes[t]; ok {
		return cls
	}
	return tokenClass(t)
}

// format writes the block: <pre class="chroma"><code>, one
// <span class="line"><span class="cl">...</span></span> per line (a line
// ends after its newline, which a token may hold in its middle), and
// </code></pre>.
func (f *classFormatter) format(w *bytes.Buffer, it chroma.Iterator) {
	openTag(w, "pre", f.pre)
	w.WriteString("<code>")
	open := false
	for tok := it(); tok != chroma.EOF; tok = it() {
		cls := f.class(tok.Type)
		for v := tok.Value; v != ""; {
			head := v
			if i := strings.IndexByte(v, '\n'); i >= 0 {
				head = v[:i+1]
			}
			v = v[len(head):]
			if !open {
				openTag(w, "span", f.line)
				openTag(w, "span", f.codeLine)
				open = true
			}
			if cls != "" {
				openTag(w, "span", cls)
				escapeHTML(w, head)
				w.WriteString("</span>")
			} else {
				escapeHTML(w, head)
			}
			if head[len(head)-1] == '\n' {
				w.WriteString("</span></span>")
				open = false
			}
		}
	}
	if open {
		w.WriteString("</span></span>")
	}
	w.WriteString("</code></pre>")
}

// openTag writes <name class="cls">, or <name> when cls is empty.
func openTag(w *bytes.Buffer, name, cls string) {
	w.WriteByte('<')
	w.WriteString(name)
	if cls != "" {
		w.WriteString(` class="`)
		w.WriteString(cls)
		w.WriteByte('"')
	}
	w.WriteByte('>')
}

// escapeHTML writes s escaped as html.EscapeString escapes it.
func escapeHTML(w *bytes.Buffer, s string) {
	last := 0
	for i := 0; i < len(s); i++ {
		var esc string
		switch s[i] {
		case '<':
			esc = "&lt;"
		case '>':
			esc = "&gt;"
		case '&':
			esc = "&amp;"
		case '\'':
			esc = "&#39;"
		case '"':
			esc = "&#34;"
		default:
			continue
		}
		w.WriteString(s[last:i])
		w.WriteString(esc)
		last = i + 1
	}
	w.WriteString(s[last:])
}
