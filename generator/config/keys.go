package config

import (
	"reflect"
	"strings"

	"github.com/pelletier/go-toml/v2/unstable"
)

// key is one key of rensai.toml as written, with its dotted path from the
// top ("series.numerals", "permalinks.posts") and its line.
type key struct {
	path string
	line int
}

// scanKeys lists every key of src in order, with its line. It returns nil
// for source that does not parse: the decoder reports that.
func scanKeys(src []byte) []key {
	var p unstable.Parser
	p.Reset(src)
	var keys []key
	var table []string
	for p.NextExpression() {
		e := p.Expression()
		switch e.Kind {
		case unstable.Table, unstable.ArrayTable:
			table = dotted(e.Key())
			keys = append(keys, key{strings.Join(table, "."), line(&p, e.Key())})
		case unstable.KeyValue:
			keys = appendKeyValue(&p, keys, table, e)
		}
	}
	if p.Error() != nil {
		return nil
	}
	return keys
}

func appendKeyValue(p *unstable.Parser, keys []key, table []string, e *unstable.Node) []key {
	full := append(append([]string{}, table...), dotted(e.Key())...)
	keys = append(keys, key{strings.Join(full, "."), line(p, e.Key())})
	if v := e.Value(); v.Kind == unstable.InlineTable {
		for it := v.Children(); it.Next(); {
			if kv := it.Node(); kv.Kind == unstable.KeyValue {
				keys = appendKeyValue(p, keys, full, kv)
			}
		}
	}
	return keys
}

func dotted(it unstable.Iterator) []string {
	var parts []string
	for it.Next() {
		parts = append(parts, string(it.Node().Data))
	}
	return parts
}

func line(p *unstable.Parser, it unstable.Iterator) int {
	if it.Next() {
		if n := it.Node(); n.Raw.Length > 0 || n.Raw.Offset > 0 {
			return p.Shape(n.Raw).Start.Line
		}
	}
	return 0
}

// lineOf returns the line of the first key path in keys, or 0.
func lineOf(keys []key, path string) int {
	for _, k := range keys {
		if k.path == path {
			return k.line
		}
	}
	return 0
}

// knownKeys returns the dotted key paths Config declares, by their lower
// case form: "baseurl" -> "baseURL". Keys below maps (permalinks, params)
// are free-form and not listed.
func knownKeys() map[string]string {
	out := map[string]string{}
	var walk func(t reflect.Type, prefix string)
	walk = func(t reflect.Type, prefix string) {
		for i := range t.NumField() {
			f := t.Field(i)
			name, _, _ := strings.Cut(f.Tag.Get("toml"), ",")
			if name == "" || name == "-" {
				continue
			}
			full := prefix + name
			out[strings.ToLower(full)] = full
			if f.Type.Kind() == reflect.Struct {
				walk(f.Type, full+".")
			}
		}
	}
	walk(reflect.TypeFor[Config](), "")
	return out
}
