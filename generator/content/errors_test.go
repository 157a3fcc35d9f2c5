package content

import (
	"errors"
	"fmt"
	"io/fs"
	"reflect"
	"testing"
)

func TestErrors(t *testing.T) {
	a1 := &Error{Path: "a.md", Line: 1, Msg: "x"}
	a3 := &Error{Path: "a.md", Line: 3, Msg: "y"}
	b0 := &Error{Path: "b.md", Msg: "z"}
	tests := []struct {
		name string
		err  error
		want []*Error
	}{
		{"nil", nil, nil},
		{"single", a3, []*Error{a3}},
		{"joined-out-of-order", errors.Join(b0, a3, a1), []*Error{a1, a3, b0}},
		{"nested-joins", errors.Join(errors.Join(a3, b0), a1), []*Error{a1, a3, b0}},
		{"wrapped-join", fmt.Errorf("load: %w", errors.Join(a3, a1)), []*Error{a1, a3}},
		{"other-errors-skipped", errors.Join(fs.ErrNotExist, a1), []*Error{a1}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := Errors(tt.err); !reflect.DeepEqual(got, tt.want) {
				t.Errorf("Errors = %v, want %v", got, tt.want)
			}
		})
	}
}

func TestErrorString(t *testing.T) {
	tests := []struct {
		name string
		err  *Error
		want string
	}{
		{"with-line", &Error{Path: "posts/a.md", Line: 4, Msg: "part must be a number"}, "posts/a.md:4: part must be a number"},
		{"without-line", &Error{Path: "posts/a.md", Msg: "file is not UTF-8"}, "posts/a.md: file is not UTF-8"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := tt.err.Error(); got != tt.want {
				t.Errorf("Error() = %q, want %q", got, tt.want)
			}
		})
	}
}
