package content

import (
	"bytes"
	"fmt"
	"math"
	"slices"
	"strconv"
	"strings"
	"time"

	"go.yaml.in/yaml/v3"
)

// Field is one front-matter key and its value, for writing. Value is one of
// string, bool, int, time.Time, []string, or nil (the key is then left out).
type Field struct {
	Key   string
	Value any
}

// Fields is front matter in the order it is written. Build it with Set,
// which keeps the position of a key that is set twice.
type Fields []Field

// Set sets key to value, replacing an earlier value in place or appending
// the key. Empty values (the zero time, an empty string or list, false, 0)
// remove the key, so callers can set every key unconditionally.
func (fs *Fields) Set(key string, value any) {
	keep := !isEmptyValue(value)
	for i, f := range *fs {
		if f.Key != key {
			continue
		}
		if keep {
			(*fs)[i].Value = value
		} else {
			*fs = append((*fs)[:i], (*fs)[i+1:]...)
		}
		return
	}
	if keep {
		*fs = append(*fs, Field{Key: key, Value: value})
	}
}

// Get returns the value of key, or nil.
func (fs Fields) Get(key string) any {
	for _, f := range fs {
		if f.Key == key {
			return f.Value
		}
	}
	return nil
}

func isEmptyValue(v any) bool {
	switch v := v.(type) {
	case nil:
		return true
	case string:
		return v == ""
	case bool:
		return !v
	case int:
		return v == 0
	case time.Time:
		return v.IsZero()
	case []string:
		return len(v) == 0
	case map[string]any:
		return len(v) == 0
	}
	return false
}

// Marshal writes a content file: the fields as YAML front matter between
// --- lines, then body. The YAML is produced by go.yaml.in/yaml/v3, so any
// title (quotes, colons, a leading 【, "true", "06") reads back as written;
// times are written as RFC 3339 with their offset, so no time zone is
// guessed when the file is read back.
//
// A file written by Marshal reads back with Parse to the same values.
func Marshal(fields Fields, body []byte) ([]byte, error) {
	root := &yaml.Node{Kind: yaml.MappingNode}
	for _, f := range fields {
		if isEmptyValue(f.Value) {
			continue
		}
		v, err := valueNode(f.Value)
		if err != nil {
			return nil, fmt.Errorf("front matter key %s: %w", f.Key, err)
		}
		root.Content = append(root.Content, &yaml.Node{Kind: yaml.ScalarNode, Value: f.Key}, v)
	}
	var buf bytes.Buffer
	buf.WriteString("---\n")
	if len(root.Content) > 0 {
		enc := yaml.NewEncoder(&buf)
		enc.SetIndent(2)
		if err := enc.Encode(root); err != nil {
			return nil, err
		}
		if err := enc.Close(); err != nil {
			return nil, err
		}
	}
	buf.WriteString("---\n")
	if len(body) > 0 {
		buf.WriteString("\n")
		buf.Write(body)
		if body[len(body)-1] != '\n' {
			buf.WriteByte('\n')
		}
	}
	return buf.Bytes(), nil
}

// valueNode encodes one front-matter value. Scalars carry their tag, so
// the encoder quotes a string that would otherwise read as another type
// ("06", "true", "null").
func valueNode(v any) (*yaml.Node, error) {
	switch v := v.(type) {
	case time.Time:
		return &yaml.Node{Kind: yaml.ScalarNode, Tag: "!!timestamp", Value: v.Format(time.RFC3339)}, nil
	case []string:
		seq := &yaml.Node{Kind: yaml.SequenceNode, Style: yaml.FlowStyle}
		for _, s := range v {
			seq.Content = append(seq.Content, strNode(s))
		}
		return seq, nil
	case string:
		return strNode(v), nil
	case bool:
		return &yaml.Node{Kind: yaml.ScalarNode, Tag: "!!bool", Value: strconv.FormatBool(v)}, nil
	case int:
		return &yaml.Node{Kind: yaml.ScalarNode, Tag: "!!int", Value: strconv.Itoa(v)}, nil
	case int64:
		return &yaml.Node{Kind: yaml.ScalarNode, Tag: "!!int", Value: strconv.FormatInt(v, 10)}, nil
	case uint64:
		return &yaml.Node{Kind: yaml.ScalarNode, Tag: "!!int", Value: strconv.FormatUint(v, 10)}, nil
	case float64:
		return floatNode(v), nil
	case nil:
		return &yaml.Node{Kind: yaml.ScalarNode, Tag: "!!null", Value: "null"}, nil
	case []any:
		seq := &yaml.Node{Kind: yaml.SequenceNode}
		for _, x := range v {
			n, err := valueNode(x)
			if err != nil {
				return nil, err
			}
			seq.Content = append(seq.Content, n)
		}
		return seq, nil
	case map[string]any:
		return mapNode(v)
	case map[any]any: // a YAML table with keys that are not all text
		m := make(map[string]any, len(v))
		for k, x := range v {
			m[fmt.Sprint(k)] = x
		}
		return mapNode(m)
	case fmt.Stringer: // TOML's local dates and times: kept as the text they print
		return strNode(v.String()), nil
	}
	return nil, fmt.Errorf("cannot write a value of type %T", v)
}

// mapNode writes a table with its keys sorted, so the same values give the
// same bytes.
func mapNode(m map[string]any) (*yaml.Node, error) {
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	slices.Sort(keys)
	n := &yaml.Node{Kind: yaml.MappingNode}
	for _, k := range keys {
		v, err := valueNode(m[k])
		if err != nil {
			return nil, fmt.Errorf("%s: %w", k, err)
		}
		n.Content = append(n.Content, strNode(k), v)
	}
	return n, nil
}

// floatNode writes a number so that it reads back as the same float64.
func floatNode(v float64) *yaml.Node {
	s := strconv.FormatFloat(v, 'g', -1, 64)
	switch {
	case math.IsNaN(v):
		s = ".nan"
	case math.IsInf(v, 1):
		s = ".inf"
	case math.IsInf(v, -1):
		s = "-.inf"
	case !strings.ContainsAny(s, ".eEn"):
		s += ".0" // 3 would read back as an int
	}
	return &yaml.Node{Kind: yaml.ScalarNode, Tag: "!!float", Value: s}
}

func strNode(s string) *yaml.Node {
	n := &yaml.Node{Kind: yaml.ScalarNode, Tag: "!!str", Value: s}
	if strings.ContainsAny(s, "\n") {
		n.Style = yaml.DoubleQuotedStyle // one line per key in the front matter
	}
	return n
}
