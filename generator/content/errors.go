package content

import (
	"cmp"
	"errors"
	"slices"

	"github.com/rensai-ssg/rensai/generator/diag"
)

// Error is a problem with one content file: a diag.Error whose Path is the
// file's path under content/ and whose Line is 1-based (0 when the problem
// concerns the whole file). Msg says what is wrong and what to do about it.
type Error = diag.Error

// Errors returns every *Error inside err, sorted by path, then line, then
// message. err may be a single *Error or a tree built with errors.Join (as
// Parse and Load return), also wrapped with fmt.Errorf("...: %w", err).
// Other errors in the tree are skipped.
func Errors(err error) []*Error {
	var out []*Error
	var walk func(error)
	walk = func(err error) {
		if err == nil {
			return
		}
		if e, ok := err.(*Error); ok {
			out = append(out, e)
			return
		}
		switch u := err.(type) {
		case interface{ Unwrap() []error }:
			for _, e := range u.Unwrap() {
				walk(e)
			}
		case interface{ Unwrap() error }:
			walk(u.Unwrap())
		}
	}
	walk(err)
	sortErrors(out)
	return out
}

func sortErrors(errs []*Error) {
	slices.SortStableFunc(errs, func(a, b *Error) int {
		return cmp.Or(
			cmp.Compare(a.Path, b.Path),
			cmp.Compare(a.Line, b.Line),
			cmp.Compare(a.Msg, b.Msg),
		)
	})
}

// joinErrors turns a sorted list of errors into one error: nil for none, the
// *Error itself for one, errors.Join otherwise.
func joinErrors(errs []*Error) error {
	switch len(errs) {
	case 0:
		return nil
	case 1:
		return errs[0]
	}
	list := make([]error, len(errs))
	for i, e := range errs {
		list[i] = e
	}
	return errors.Join(list...)
}
