package content

import (
	"cmp"
	"errors"
	"slices"
	"strings"
	"time"

	"github.com/pelletier/go-toml/v2"
	"github.com/pelletier/go-toml/v2/unstable"

	"github.com/rensai-ssg/rensai/generator/diag"
)

// decodeTOML decodes TOML front matter into its top-level fields, ordered by
// line.
func decodeTOML(name string, fm *frontMatter, loc *time.Location) ([]field, error) {
	var m map[string]any
	if err := toml.Unmarshal(fm.text, &m); err != nil {
		return nil, tomlSyntaxError(name, fm, err)
	}
	lines := tomlKeyLines(fm.text)
	fields := make([]field, 0, len(m))
	for key, v := range m {
		line, ok := lines[key]
		if !ok {
			line = 1
		}
		fields = append(fields, field{key: key, line: fm.fileLine(line), value: tomlPlain(v, loc)})
	}
	slices.SortFunc(fields, func(a, b field) int {
		return cmp.Or(cmp.Compare(a.line, b.line), cmp.Compare(a.key, b.key))
	})
	return fields, nil
}

// tomlSyntaxError turns a go-toml error into an *Error on the right file
// line.
func tomlSyntaxError(name string, fm *frontMatter, err error) error {
	msg := strings.TrimPrefix(err.Error(), "toml: ")
	line := fm.firstLine - 1
	var de *toml.DecodeError
	if errors.As(err, &de) {
		row, _ := de.Position()
		line = fm.fileLine(row)
	}
	hint := diag.Key("content.toml.hint")
	if strings.Contains(msg, "already") || strings.Contains(msg, "duplicate") {
		hint = "content.toml.hint.twice"
	}
	e := diag.T(name, line, "content.toml", msg, hint)
	e.Err = err
	return e
}

// tomlKeyLines returns the 1-based line of each top-level key: of its
// key = value line, or of the first [table] header that starts with it.
func tomlKeyLines(text []byte) map[string]int {
	lines := map[string]int{}
	var p unstable.Parser
	p.Reset(text)
	inTable := false
	for p.NextExpression() {
		e := p.Expression()
		var key *unstable.Node
		switch e.Kind {
		case unstable.KeyValue:
			if inTable {
				continue
			}
			it := e.Key()
			if it.Next() {
				key = it.Node()
			}
		case unstable.Table, unstable.ArrayTable:
			inTable = true
			it := e.Key()
			if it.Next() {
				key = it.Node()
			}
		}
		if key == nil {
			continue
		}
		k := string(key.Data)
		if _, seen := lines[k]; !seen {
			lines[k] = p.Shape(key.Raw).Start.Line
		}
	}
	return lines
}

// tomlPlain converts go-toml values to plain Go values: local dates and
// date-times become time.Time in loc, a local time becomes its text, and
// integers become int.
func tomlPlain(v any, loc *time.Location) any {
	switch v := v.(type) {
	case int64:
		if int64(int(v)) == v {
			return int(v)
		}
		return float64(v)
	case toml.LocalDate:
		return v.AsTime(loc)
	case toml.LocalDateTime:
		return v.AsTime(loc)
	case toml.LocalTime:
		return v.String()
	case []any:
		out := make([]any, len(v))
		for i, x := range v {
			out[i] = tomlPlain(x, loc)
		}
		return out
	case map[string]any:
		out := make(map[string]any, len(v))
		for k, x := range v {
			out[k] = tomlPlain(x, loc)
		}
		return out
	}
	return v
}
