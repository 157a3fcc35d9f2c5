// Package pool is the one worker pool of rensai's library code: content.Load
// reads files with it, the generator renders Markdown and writes pages with
// it, and the importer converts WordPress items with it.
//
// It imports only the standard library, so a leaf package may use it.
package pool

import (
	"context"
	"runtime"
	"sync"
	"sync/atomic"
)

// Each calls fn(i) for every i in [0, n), on at most GOMAXPROCS goroutines,
// and returns once every call has returned. The indexes are handed out in
// order; which goroutine runs which index is not fixed, so fn must write
// only to its own slot of a result slice (or lock).
//
// Once ctx is done no further call starts, and Each returns ctx.Err(); calls
// already running finish first. With n <= 0 it returns at once.
func Each(ctx context.Context, n int, fn func(i int)) error {
	return EachOn(ctx, runtime.GOMAXPROCS(0), n, fn)
}

// EachOn is Each on at most workers goroutines (at least one).
func EachOn(ctx context.Context, workers, n int, fn func(i int)) error {
	workers = min(max(workers, 1), n)
	var next atomic.Int64
	var wg sync.WaitGroup
	for range workers {
		wg.Go(func() {
			for ctx.Err() == nil {
				i := int(next.Add(1) - 1)
				if i >= n {
					return
				}
				fn(i)
			}
		})
	}
	wg.Wait()
	return ctx.Err()
}
