package content

import (
	"bytes"
	"regexp"
	"strconv"
	"strings"
	"time"
	"unicode/utf8"

	"go.yaml.in/yaml/v3"

	"github.com/rensai-ssg/rensai/generator/diag"
)

// maxYAMLNodes bounds the number of values an alias-heavy front matter may
// expand to ("billion laughs").
const maxYAMLNodes = 200_000

// decodeYAML decodes YAML front matter into its top-level fields, in file
// order.
func decodeYAML(name string, fm *frontMatter, loc *time.Location) ([]field, error) {
	var doc yaml.Node
	if err := yaml.Unmarshal(fm.text, &doc); err != nil {
		return nil, yamlSyntaxError(name, fm, err)
	}
	if len(doc.Content) == 0 {
		return nil, nil // empty or only comments
	}
	root := doc.Content[0]
	if root.Kind == yaml.ScalarNode && root.ShortTag() == "!!null" {
		return nil, nil
	}
	d := &yamlDecoder{name: name, fm: fm, loc: loc, active: map[*yaml.Node]bool{}}
	if root.Kind != yaml.MappingNode {
		return nil, d.errorT(root, "content.yaml.notTable", yamlKind(root))
	}
	var fields []field
	err := d.mapping(root, func(key string, keyNode, value *yaml.Node, v any) {
		fields = append(fields, field{key: key, line: fm.fileLine(keyNode.Line), value: v, node: resolveAlias(value)})
	})
	if err != nil {
		return nil, err
	}
	return fields, nil
}

var (
	yamlLineRE   = regexp.MustCompile(`^yaml: line (\d+): (.*)$`)
	yamlAnchorRE = regexp.MustCompile(`^unknown anchor '(.*)' referenced$`)
)

// yamlParserProblems are the go-yaml messages that come from its parser
// (rather than its scanner), whose line numbers are 0-based.
var yamlParserProblems = map[string]bool{
	"did not find expected <stream-start>":   true,
	"did not find expected <document start>": true,
	"found undefined tag handle":             true,
	"did not find expected node content":     true,
	"did not find expected '-' indicator":    true,
	"did not find expected key":              true,
	"did not find expected ',' or ']'":       true,
	"did not find expected ',' or '}'":       true,
	"found duplicate %YAML directive":        true,
	"found incompatible YAML document":       true,
	"found duplicate %TAG directive":         true,
}

// yamlSyntaxError turns a go-yaml error into an *Error on the right file
// line, with a hint for the most common mistake.
func yamlSyntaxError(name string, fm *frontMatter, err error) error {
	msg := strings.TrimPrefix(err.Error(), "yaml: ")
	// go-yaml prints "line N" 1-based for scanner errors but 0-based for
	// parser errors, and leaves it out for the first line.
	line := fm.fileLine(1)
	if m := yamlLineRE.FindStringSubmatch(err.Error()); m != nil {
		n, _ := strconv.Atoi(m[1])
		msg = m[2]
		if yamlParserProblems[msg] {
			n++
		}
		line = fm.fileLine(n)
	} else if strings.Contains(msg, "control characters") {
		line = fm.fileLine(controlCharLine(fm.text))
	} else if m := yamlAnchorRE.FindStringSubmatch(msg); m != nil {
		if i := bytes.Index(fm.text, []byte("*"+m[1])); i >= 0 {
			line = fm.fileLine(1 + bytes.Count(fm.text[:i], []byte("\n")))
		}
	}
	hint := diag.Key("content.yaml.hint")
	if unclosedProblem(msg) {
		if n, ch := unclosedOpener(fm.text); n > 0 {
			// go-yaml gives up where the text ends or the next key starts;
			// the mistake is where the quote or bracket opened.
			e := diag.T(name, fm.fileLine(n), "content.yaml.unclosed", string(ch), closeExample(ch))
			e.Err = err
			return e
		}
	}
	switch {
	case strings.Contains(msg, "mapping values are not allowed"):
		hint = "content.yaml.hint.colon"
	case strings.Contains(msg, "found character that cannot start any token"):
		hint = "content.yaml.hint.tab"
	case strings.Contains(msg, "control characters"):
		hint = "content.yaml.hint.control"
	case strings.Contains(msg, "did not find expected key"), strings.Contains(msg, "did not find expected node content"):
		hint = "content.yaml.hint.indent"
	case strings.Contains(msg, "did not find expected ','"):
		hint = "content.yaml.hint.comma"
	case strings.Contains(msg, "unknown anchor"):
		hint = "content.yaml.hint.anchor"
	}
	e := diag.T(name, line, "content.yaml", msg, hint)
	e.Err = err
	return e
}

// unclosedProblem reports whether a go-yaml message is one an unclosed quote
// or bracket causes.
func unclosedProblem(msg string) bool {
	for _, m := range []string{"found unexpected end of stream", "did not find expected ',' or ']'",
		"did not find expected ',' or '}'", "while scanning a quoted scalar", "did not find expected key",
		"could not find expected ':'", "did not find expected node content"} {
		if strings.Contains(msg, m) {
			return true
		}
	}
	return false
}

func closeExample(ch byte) string {
	switch ch {
	case '[':
		return "tags: [貸与品, 記録管理]"
	case '{':
		return "params: {mood: 晴れ}"
	case '\'':
		return "title: '入館証の件'"
	}
	return `title: "入館証の件"`
}

// controlCharLine returns the 1-based line of the first character YAML does
// not allow, or 1.
func controlCharLine(b []byte) int {
	line := 1
	for _, r := range string(b) {
		switch {
		case r == '\n':
			line++
		case r == '\t' || r == '\r' || r == 0x85:
		case r < 0x20, r == 0x7f, r >= 0x80 && r < 0xa0, r == 0xfffe, r == 0xffff, r == utf8.RuneError:
			return line
		}
	}
	return 1
}

func yamlKind(n *yaml.Node) diag.Phrase {
	switch n.Kind {
	case yaml.SequenceNode:
		return diag.P("content.value.list")
	case yaml.MappingNode:
		return diag.P("content.value.table")
	case yaml.ScalarNode:
		return diag.P("content.value.plain")
	}
	return diag.P("content.value.this")
}

// resolveAlias follows n to the node it stands for if n is an alias.
func resolveAlias(n *yaml.Node) *yaml.Node {
	for i := 0; n != nil && n.Kind == yaml.AliasNode && i < 100; i++ {
		n = n.Alias
	}
	return n
}

// yamlDecoder converts yaml.Node trees to plain Go values.
type yamlDecoder struct {
	name   string
	fm     *frontMatter
	loc    *time.Location
	nodes  int
	active map[*yaml.Node]bool // alias targets being converted
}

// errorT is an error at n worded by the catalog's message key.
func (d *yamlDecoder) errorT(n *yaml.Node, key string, args ...any) *Error {
	return diag.T(d.name, d.fm.fileLine(n.Line), key, args...)
}

// value converts n to nil, string, int, float64, bool, time.Time, []any or
// map[string]any.
func (d *yamlDecoder) value(n *yaml.Node) (any, error) {
	d.nodes++
	if d.nodes > maxYAMLNodes {
		return nil, d.errorT(n, "content.yaml.tooMany", maxYAMLNodes)
	}
	switch n.Kind {
	case yaml.AliasNode:
		target := n.Alias
		if target == nil {
			return nil, d.errorT(n, "content.yaml.noAnchor", n.Value)
		}
		if d.active[target] {
			return nil, d.errorT(n, "content.yaml.selfAlias", n.Value)
		}
		d.active[target] = true
		defer delete(d.active, target)
		return d.value(target)
	case yaml.ScalarNode:
		return d.scalar(n), nil
	case yaml.SequenceNode:
		list := make([]any, 0, len(n.Content))
		for _, c := range n.Content {
			v, err := d.value(c)
			if err != nil {
				return nil, err
			}
			list = append(list, v)
		}
		return list, nil
	case yaml.MappingNode:
		m := make(map[string]any, len(n.Content)/2)
		err := d.mapping(n, func(key string, _, _ *yaml.Node, v any) { m[key] = v })
		if err != nil {
			return nil, err
		}
		return m, nil
	case yaml.DocumentNode:
		if len(n.Content) == 1 {
			return d.value(n.Content[0])
		}
	}
	return nil, d.errorT(n, "content.yaml.unexpected")
}

// scalar converts a scalar node according to its resolved tag.
func (d *yamlDecoder) scalar(n *yaml.Node) any {
	switch n.ShortTag() {
	case "!!null":
		return nil
	case "!!bool":
		var b bool
		if n.Decode(&b) == nil {
			return b
		}
	case "!!int":
		var i int64
		if n.Decode(&i) == nil && int64(int(i)) == i {
			return int(i)
		}
	case "!!float":
		var f float64
		if n.Decode(&f) == nil {
			return f
		}
	case "!!timestamp":
		if t, ok := parseDate(n.Value, d.loc); ok {
			return t
		}
		var t time.Time
		if n.Decode(&t) == nil {
			return t
		}
	}
	return n.Value
}

// mapping calls fn for each key of a mapping node in order, expanding YAML
// merge keys (<<) and refusing duplicate and non-scalar keys.
func (d *yamlDecoder) mapping(n *yaml.Node, fn func(key string, keyNode, valueNode *yaml.Node, v any)) error {
	// Keys written out win over merged ones, wherever they appear.
	explicit := make(map[string]*yaml.Node, len(n.Content)/2)
	for i := 0; i+1 < len(n.Content); i += 2 {
		k := resolveAlias(n.Content[i])
		if k.Kind != yaml.ScalarNode {
			return d.errorT(k, "content.yaml.badKey", yamlKind(k))
		}
		if k.ShortTag() == "!!merge" {
			continue
		}
		if first, dup := explicit[k.Value]; dup {
			return d.errorT(k, "content.yaml.keyTwice", k.Value, d.fm.fileLine(first.Line))
		}
		explicit[k.Value] = k
	}
	merged := map[string]bool{}
	for i := 0; i+1 < len(n.Content); i += 2 {
		k, v := resolveAlias(n.Content[i]), n.Content[i+1]
		if k.ShortTag() != "!!merge" {
			val, err := d.value(v)
			if err != nil {
				return err
			}
			fn(k.Value, k, v, val)
			continue
		}
		sources := []*yaml.Node{v}
		if rv := resolveAlias(v); rv.Kind == yaml.SequenceNode {
			sources = rv.Content
		}
		for _, src := range sources {
			val, err := d.value(src)
			if err != nil {
				return err
			}
			m, ok := val.(map[string]any)
			if !ok {
				return d.errorT(k, "content.yaml.merge", describe(val))
			}
			// Visit merged keys in the order they were written.
			for _, key := range mappingKeys(resolveAlias(src)) {
				if _, ok := explicit[key]; ok || merged[key] {
					continue
				}
				if mv, ok := m[key]; ok {
					merged[key] = true
					fn(key, k, nil, mv)
				}
			}
		}
	}
	return nil
}

// mappingKeys lists the keys of a mapping node in file order, including keys
// it merges itself.
func mappingKeys(n *yaml.Node) []string {
	var keys []string
	if n == nil || n.Kind != yaml.MappingNode {
		return nil
	}
	for i := 0; i+1 < len(n.Content); i += 2 {
		k := resolveAlias(n.Content[i])
		if k.ShortTag() == "!!merge" {
			v := resolveAlias(n.Content[i+1])
			srcs := []*yaml.Node{v}
			if v.Kind == yaml.SequenceNode {
				srcs = v.Content
			}
			for _, s := range srcs {
				keys = append(keys, mappingKeys(resolveAlias(s))...)
			}
			continue
		}
		keys = append(keys, k.Value)
	}
	return keys
}
