package author

import (
	"bytes"
	"errors"
	"io/fs"
	"os"
	"path"
	"path/filepath"
	"strings"

	"github.com/rensai-ssg/rensai/generator/content"
	"github.com/rensai-ssg/rensai/themes"
)

// Archetype is the skeleton of a new file: the front-matter lines it adds
// after the keys rensai writes, and the body.
type Archetype struct {
	// Source names where it came from: "archetypes/post.md",
	// "themes/default/archetypes/post.md", or the built-in theme's copy
	// ("(built-in) themes/default/archetypes/post.md").
	Source string
	// Extra is the archetype's front matter without the keys rensai
	// writes itself, each remaining line kept as written (comments too).
	Extra string
	// Body is the text after the front matter.
	Body string
}

// LoadArchetype finds the archetype of kind ("post" or "series") for the
// site in dir: archetypes/<kind>.md in the site, else
// themes/<theme>/archetypes/<kind>.md in the site, else the built-in
// default theme's (when theme is "default"). The keys in written are
// dropped from its front matter (rensai writes them).
func LoadArchetype(dir, theme, kind string, written []string) (*Archetype, error) {
	rel := path.Join("archetypes", kind+".md")
	candidates := []string{rel, path.Join("themes", theme, rel)}
	for _, c := range candidates {
		data, err := os.ReadFile(filepath.Join(dir, filepath.FromSlash(c)))
		if errors.Is(err, fs.ErrNotExist) {
			continue
		}
		if err != nil {
			return nil, err
		}
		return parseArchetype(c, data, written)
	}
	if theme == "default" {
		if data, err := fs.ReadFile(themes.FS, path.Join("default", rel)); err == nil {
			return parseArchetype("(built-in) themes/default/"+rel, data, written)
		}
	}
	return nil, &Error{Kind: NoArchetype, Path: rel, Name: kind}
}

// parseArchetype splits an archetype into its front matter, less the
// written keys, and its body. An archetype without front matter is all
// body; one with TOML front matter (+++) is refused, since rensai new
// writes YAML.
func parseArchetype(name string, data []byte, written []string) (*Archetype, error) {
	text := strings.ReplaceAll(string(bytes.TrimPrefix(data, []byte("\ufeff"))), "\r\n", "\n")
	a := &Archetype{Source: name}
	if strings.HasPrefix(text, "+++\n") {
		return nil, &Error{Kind: BadArchetype, Path: name, Line: 1}
	}
	rest, ok := strings.CutPrefix(text, "---\n")
	if !ok {
		a.Body = text
		return a, nil
	}
	fm, body, ok := strings.Cut(rest, "\n---\n")
	if !ok {
		if fm, ok = strings.CutSuffix(rest, "\n---"); !ok {
			return nil, &Error{Kind: BadArchetype, Path: name, Line: 1}
		}
		body = ""
	}
	if strings.HasPrefix(fm, "---") { // empty front matter
		body, fm = strings.TrimPrefix(strings.TrimPrefix(fm, "---"), "\n")+body, ""
	}
	a.Extra = dropKeys(fm, written)
	a.Body = body
	return a, nil
}

// dropKeys removes the top-level keys in drop from YAML front-matter text,
// with their indented or list continuation lines; comments and other keys
// stay as written.
func dropKeys(fm string, drop []string) string {
	if fm == "" {
		return ""
	}
	var out []string
	skipping := false
	for _, line := range strings.Split(fm, "\n") {
		top := line != "" && line[0] != ' ' && line[0] != '\t' && line[0] != '#' && line[0] != '-'
		if top {
			key, _, _ := strings.Cut(line, ":")
			skipping = contains(drop, strings.Trim(strings.TrimSpace(key), `"'`))
		} else if line != "" && line[0] == '#' {
			skipping = false
		}
		if !skipping {
			out = append(out, line)
		}
	}
	s := strings.Join(out, "\n")
	if s != "" {
		s += "\n"
	}
	return s
}

func contains(list []string, s string) bool {
	for _, x := range list {
		if x == s {
			return true
		}
	}
	return false
}

// Field is one front-matter key rensai writes, with a string, int, bool or
// time.Time value.
type Field = content.Field

// frontMatter writes fields through the content package's YAML writer, then
// the archetype's extra lines as written (comments included), as a
// front-matter block between --- lines. It is the one place new files get
// their front matter. A title left empty is still written, for the author
// to fill in.
func frontMatter(fields []Field, extra string) (string, error) {
	var title bool
	for _, f := range fields {
		if f.Key == "title" && f.Value == "" {
			title = true
		}
	}
	out, err := content.Marshal(content.Fields(fields), nil)
	if err != nil {
		return "", err
	}
	fm := strings.TrimSuffix(string(out), "---\n")
	if title {
		fm = "---\ntitle: \"\"\n" + strings.TrimPrefix(fm, "---\n")
	}
	return fm + extra + "---\n", nil
}
