package i18n

import (
	"go/ast"
	"go/parser"
	"go/token"
	"io/fs"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"testing"
)

// keyCalls are the functions whose string arguments name a message of the
// catalog: diag.T, diag.WarnT, diag.P and diag.Key, a Printer's T, and the
// packages' own small wrappers around them. The value is the index of the
// argument that is the key, or -1 for any string argument shaped like one.
var keyCalls = map[string]int{
	"T": -1, "WarnT": -1, "P": -1, "Key": -1,
	"problemT": -1, "errorT": -1, "errT": -1,
	"atT": 1, // atT(config key, message key, args...)
}

// keyShape is what a message key looks like: "series.gap", "claims.kind.home".
var keyShape = regexp.MustCompile(`^[a-z][A-Za-z0-9]*(\.[A-Za-z0-9]+)+$`)

// keyTables are prefixes of keys written in tables or returned by a
// function rather than passed to one of keyCalls: every literal of that
// form anywhere in the code must be a key.
var keyTables = regexp.MustCompile(`^(claims\.kind|config\.permalink|sitefs)\.[A-Za-z]+$`)

// usedKeys returns every message key the non-test Go code of the module
// names, with the file and line of its first use.
func usedKeys(t *testing.T, root string) map[string]string {
	t.Helper()
	fset := token.NewFileSet()
	used := map[string]string{}
	add := func(lit *ast.BasicLit) {
		if lit == nil || lit.Kind != token.STRING {
			return
		}
		s, err := strconv.Unquote(lit.Value)
		if err != nil || !keyShape.MatchString(s) {
			return
		}
		if _, seen := used[s]; !seen {
			used[s] = fset.Position(lit.Pos()).String()
		}
	}
	err := filepath.WalkDir(root, func(path string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		if d.IsDir() && (d.Name() == "testdata" || strings.HasPrefix(d.Name(), ".")) && path != root {
			return filepath.SkipDir
		}
		if d.IsDir() || !strings.HasSuffix(path, ".go") || strings.HasSuffix(path, "_test.go") {
			return nil
		}
		f, err := parser.ParseFile(fset, path, nil, parser.SkipObjectResolution)
		if err != nil {
			return err
		}
		ast.Inspect(f, func(n ast.Node) bool {
			switch n := n.(type) {
			case *ast.CallExpr:
				at, ok := keyCalls[callName(n.Fun)]
				if sel, isSel := n.Fun.(*ast.SelectorExpr); isSel && (sel.Sel.Name == "T" || sel.Sel.Name == "WarnT") {
					if x, isIdent := sel.X.(*ast.Ident); isIdent && x.Name == "diag" {
						at = 2 // diag.T(path, line, key, args...)
					}
				}
				for i, a := range n.Args {
					if ok && (at < 0 || at == i) {
						lit, _ := a.(*ast.BasicLit)
						add(lit)
					}
				}
			case *ast.BasicLit:
				if s, err := strconv.Unquote(n.Value); err == nil && n.Kind == token.STRING && keyTables.MatchString(s) {
					add(n)
				}
			}
			return true
		})
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	return used
}

func callName(fun ast.Expr) string {
	switch f := fun.(type) {
	case *ast.Ident:
		return f.Name
	case *ast.SelectorExpr:
		return f.Sel.Name
	}
	return ""
}

// TestUsedKeysInBothLanguages: every message key named anywhere in the
// code (diag.T, diag.WarnT, diag.P, msg.T ...) is in the catalog with an
// English and a Japanese text, so no author ever reads "!key".
func TestUsedKeysInBothLanguages(t *testing.T) {
	used := usedKeys(t, filepath.Join("..", ".."))
	if len(used) < 150 {
		t.Errorf("found only %d message keys in the code; is the walk still right?", len(used))
	}
	for _, want := range []string{"series.gap", "site.linkMissing", "claims.taken", "claims.kind.home", "config.permalink.slug", "config.unknownKey", "sitefs.outside"} {
		if _, ok := used[want]; !ok {
			t.Errorf("the walk did not find %s, which the code uses", want)
		}
	}
	for key, where := range used {
		m, ok := lookup(key)
		switch {
		case !ok:
			t.Errorf("%s: message %q is not in the catalog", where, key)
		case m.ja == "":
			t.Errorf("%s: message %q has no Japanese text", where, key)
		case m.en == "" && !strings.HasPrefix(key, "flag."):
			t.Errorf("%s: message %q has no English text", where, key)
		}
	}
}
