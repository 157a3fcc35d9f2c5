package search

import (
	"encoding/json"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"strings"
	"sync"
	"testing"

	"github.com/dop251/goja"
)

// The browser engine (search-text.js, search-store.js and
// search-engine.js) has no DOM, so the tests run it in goja, a JavaScript
// engine in Go, against the Go engine: same files, same response.

var (
	jsOnce    sync.Once
	jsProgram []*goja.Program
	jsErr     error
)

func jsPrograms(t testing.TB) []*goja.Program {
	t.Helper()
	jsOnce.Do(func() {
		for _, name := range []string{"search-text.js", "search-store.js", "search-engine.js"} {
			src, err := os.ReadFile(themeDir + "/assets/js/" + name)
			if err != nil {
				jsErr = err
				return
			}
			p, err := goja.Compile(name, string(src), true)
			if err != nil {
				jsErr = err
				return
			}
			jsProgram = append(jsProgram, p)
		}
	})
	if jsErr != nil {
		t.Fatal(jsErr)
	}
	return jsProgram
}

// jsEngine is one browser engine over the index in fsys, keeping its
// files between queries as a page does.
type jsEngine struct {
	rt     *goja.Runtime
	engine *goja.Object
	query  goja.Callable
}

func newJSEngine(t testing.TB, fsys fs.FS) *jsEngine {
	t.Helper()
	rt := goja.New()
	for _, p := range jsPrograms(t) {
		if _, err := rt.RunProgram(p); err != nil {
			t.Fatal(err)
		}
	}
	load := func(path string) *goja.Promise {
		p, resolve, reject := rt.NewPromise()
		b, err := fs.ReadFile(fsys, path)
		if err == nil && strings.HasSuffix(path, ".bin") {
			b, err = gunzip(b)
		}
		// A promise settles once; the error of settling it again cannot
		// happen here.
		switch {
		case err != nil:
			_ = reject(rt.NewGoError(err))
		case strings.HasSuffix(path, ".bin"):
			_ = resolve(rt.NewArrayBuffer(b))
		default:
			_ = resolve(string(b))
		}
		return p
	}
	create, ok := goja.AssertFunction(rt.Get("RensaiSearchEngine").ToObject(rt).Get("create"))
	if !ok {
		t.Fatal("RensaiSearchEngine.create is not a function")
	}
	v, err := create(goja.Undefined(), rt.ToValue(load))
	if err != nil {
		t.Fatal(err)
	}
	e := &jsEngine{rt: rt, engine: v.ToObject(rt)}
	if e.query, ok = goja.AssertFunction(e.engine.Get("query")); !ok {
		t.Fatal("engine.query is not a function")
	}
	return e
}

// Query runs q in the browser engine and returns its response.
func (e *jsEngine) Query(q string, opts QueryOptions) (Response, error) {
	o := e.rt.NewObject()
	if err := errors.Join(o.Set("series", opts.Series), o.Set("tag", opts.Tag),
		o.Set("limit", opts.Limit), o.Set("others", opts.Others), o.Set("noText", opts.NoText)); err != nil {
		return Response{}, err
	}
	v, err := e.query(goja.Undefined(), e.rt.ToValue(q), o)
	if err != nil {
		return Response{}, err
	}
	p, ok := v.Export().(*goja.Promise)
	if !ok {
		return Response{}, fmt.Errorf("query returned %v, not a promise", v)
	}
	switch p.State() {
	case goja.PromiseStateRejected:
		return Response{}, fmt.Errorf("query rejected: %v", p.Result())
	case goja.PromiseStatePending:
		return Response{}, fmt.Errorf("query still pending")
	}
	js, err := e.rt.RunString("JSON.stringify")
	if err != nil {
		return Response{}, err
	}
	stringify, _ := goja.AssertFunction(js)
	s, err := stringify(goja.Undefined(), p.Result())
	if err != nil {
		return Response{}, err
	}
	var r Response
	err = json.Unmarshal([]byte(s.String()), &r)
	return r, err
}

// Others runs engine.others(ids).
func (e *jsEngine) Others(ids []int) ([]Result, error) {
	f, _ := goja.AssertFunction(e.engine.Get("others"))
	v, err := f(goja.Undefined(), e.rt.ToValue(ids))
	if err != nil {
		return nil, err
	}
	p, ok := v.Export().(*goja.Promise)
	if !ok || p.State() != goja.PromiseStateFulfilled {
		return nil, fmt.Errorf("others: %v", v)
	}
	stringify, _ := goja.AssertFunction(e.rt.Get("JSON").ToObject(e.rt).Get("stringify"))
	s, err := stringify(goja.Undefined(), p.Result())
	if err != nil {
		return nil, err
	}
	var out []Result
	err = json.Unmarshal([]byte(s.String()), &out)
	return out, err
}

// Fetched lists the files the engine read, in the order first asked for.
func (e *jsEngine) Fetched() []string {
	f, _ := goja.AssertFunction(e.engine.Get("fetched"))
	v, err := f(goja.Undefined())
	if err != nil {
		return nil
	}
	var out []string
	if err := e.rt.ExportTo(v, &out); err != nil {
		return nil
	}
	return out
}

// canon passes a Go response through JSON, as the JS one did.
func canon(t testing.TB, r Response) Response {
	b, err := json.Marshal(r)
	if err != nil {
		t.Fatal(err)
	}
	var out Response
	if err := json.Unmarshal(b, &out); err != nil {
		t.Fatal(err)
	}
	return out
}
