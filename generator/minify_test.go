package generator

import (
	"bytes"
	"context"
	"path/filepath"
	"strings"
	"testing"

	"github.com/dop251/goja"
)

// TestMinifyAssets: the theme's scripts and stylesheets go out minified and
// smaller, doing what they did; minify = false publishes them as written; a
// static file is never touched; a script the minifier cannot parse is
// published as written with a warning that names it.
func TestMinifyAssets(t *testing.T) {
	const script = "// counts the parts\nfunction countParts(list) {\n  var total = 0; // a comment\n  for (var i = 0; i < list.length; i++) total += list[i];\n  return total;\n}\n"
	const style = "/* the body */\nbody {\n  color: #ff0000;\n  margin: 0px;\n}\n"
	build := func(cfg string, extra map[string]string) (map[string][]byte, []string) {
		t.Helper()
		dir := newSite(t, "title = \"t\"\nbaseURL = \"https://example.jp/\"\n"+cfg+"[search]\nenable = false\n",
			map[string]string{"posts/a.md": "---\ntitle: 一話\ndate: 2026-04-01\n---\n\n本文です。\n"})
		files := map[string]string{"themes/default/assets/js/count.js": script, "themes/default/assets/css/t.css": style, "static/assets/js/own.js": script}
		for k, v := range extra {
			files[k] = v
		}
		for k, v := range files {
			writeFile(t, filepath.Join(dir, filepath.FromSlash(k)), v)
		}
		b, err := NewBuilder(Options{Source: dir, Now: fixedNow, CacheDir: t.TempDir()})
		if err != nil {
			t.Fatal(err)
		}
		res, err := b.Build(context.Background(), nil)
		if err != nil {
			t.Fatal(err)
		}
		var warnings []string
		for _, w := range res.Report.Warnings {
			warnings = append(warnings, w.Error())
		}
		return res.Files, warnings
	}

	files, warnings := build("", nil)
	js, css := string(files["assets/js/count.js"]), string(files["assets/css/t.css"])
	if len(js) >= len(script) || strings.Contains(js, "a comment") || !strings.Contains(js, "function countParts(") {
		t.Errorf("count.js is not minified:\n%s", js)
	}
	if len(css) >= len(style) || strings.Contains(css, "the body") || !strings.Contains(css, "body{") {
		t.Errorf("t.css is not minified:\n%s", css)
	}
	if string(files["assets/js/own.js"]) != script {
		t.Errorf("static/assets/js/own.js was changed:\n%s", files["assets/js/own.js"])
	}
	if len(warnings) > 0 {
		t.Errorf("warnings: %q", warnings)
	}
	// The minified script still counts.
	if v, err := goja.New().RunString(js + "\ncountParts([1, 2, 3]);"); err != nil || v.String() != "6" {
		t.Errorf("the minified countParts([1, 2, 3]) = %v, %v; want 6", v, err)
	}

	files, _ = build("minify = false\n", nil)
	if string(files["assets/js/count.js"]) != script || string(files["assets/css/t.css"]) != style {
		t.Errorf("minify = false changed the theme's files:\n%s\n%s", files["assets/js/count.js"], files["assets/css/t.css"])
	}

	const broken = "function ( {\n"
	files, warnings = build("", map[string]string{"themes/default/assets/js/broken.js": broken})
	if string(files["assets/js/broken.js"]) != broken {
		t.Errorf("broken.js = %q, want it as written", files["assets/js/broken.js"])
	}
	if len(warnings) != 1 || !strings.Contains(warnings[0], "themes/default/assets/js/broken.js") || !strings.Contains(warnings[0], "minify = false") {
		t.Errorf("warnings = %q, want one naming themes/default/assets/js/broken.js", warnings)
	}
}

// TestMinifyLeavesItsInputAlone: the minifier may write to what it reads;
// the syntax stylesheet's bytes are shared by every build, so it is given
// a copy, and the same input always gives the same output.
func TestMinifyLeavesItsInputAlone(t *testing.T) {
	src := []byte("/* x */\n.A { COLOR: #FFFFFF; }\n.b { margin: 0px 0px; }\n")
	keep := bytes.Clone(src)
	var a, b assetMinifier
	first, _ := a.minify("x.css", "x.css", src)
	again, _ := b.minify("x.css", "x.css", src)
	if !bytes.Equal(src, keep) {
		t.Errorf("the input was changed: %q", src)
	}
	if !bytes.Equal(first, again) || len(first) >= len(src) {
		t.Errorf("minified %q, then %q", first, again)
	}
}
