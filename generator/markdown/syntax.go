package markdown

import (
	"bytes"
	"fmt"
	"slices"
	"strings"

	"github.com/alecthomas/chroma/v2"
	chromahtml "github.com/alecthomas/chroma/v2/formatters/html"
	"github.com/alecthomas/chroma/v2/styles"
)

// Chroma styles used by SyntaxCSS.
const (
	lightStyle = "github"
	darkStyle  = "github-dark"
)

// SyntaxCSS returns the stylesheet for highlighted code blocks: the light
// style, then the dark style inside @media (prefers-color-scheme: dark).
// The bytes are the same on every call.
func SyntaxCSS() []byte {
	light, dark := styles.Get(lightStyle), styles.Get(darkStyle)
	f := chromahtml.New(chromahtml.WithClasses(true))

	var b bytes.Buffer
	b.WriteString("/* Code highlighting: chroma " + lightStyle + ", " + darkStyle + " in dark mode. */\n")
	_ = f.WriteCSS(&b, light)
	b.WriteString("@media (prefers-color-scheme: dark) {\n")
	var d bytes.Buffer
	_ = f.WriteCSS(&d, dark)
	writeResets(&d, light, dark)
	for _, line := range strings.SplitAfter(d.String(), "\n") {
		if line != "" {
			b.WriteString("  " + line)
		}
	}
	b.WriteString("}\n")
	return b.Bytes()
}

// writeResets writes, for every token class the light style decorates but
// the dark style leaves plain, a rule that undoes the light decoration, so
// no light colour leaks into dark mode.
func writeResets(w *bytes.Buffer, light, dark *chroma.Style) {
	lbg, dbg := light.Get(chroma.Background), dark.Get(chroma.Background)
	types := make([]chroma.TokenType, 0, len(chroma.StandardTypes))
	for t := range chroma.StandardTypes {
		types = append(types, t)
	}
	slices.Sort(types)
	for _, t := range types {
		class := chroma.StandardTypes[t]
		if class == "" || t == chroma.Background || t == chroma.PreWrapper {
			continue
		}
		l, d := light.Get(t).Sub(lbg), dark.Get(t).Sub(dbg)
		var props []string
		if l.Colour.IsSet() && !d.Colour.IsSet() {
			props = append(props, "color: inherit")
		}
		if l.Background.IsSet() && !d.Background.IsSet() {
			props = append(props, "background-color: transparent")
		}
		if l.Bold == chroma.Yes && d.Bold != chroma.Yes {
			props = append(props, "font-weight: normal")
		}
		if l.Italic == chroma.Yes && d.Italic != chroma.Yes {
			props = append(props, "font-style: normal")
		}
		if l.Underline == chroma.Yes && d.Underline != chroma.Yes {
			props = append(props, "text-decoration: none")
		}
		if len(props) > 0 {
			fmt.Fprintf(w, ".chroma .%s { %s }\n", class, strings.Join(props, "; "))
		}
	}
}
