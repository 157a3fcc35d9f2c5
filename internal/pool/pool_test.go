package pool

import (
	"context"
	"sync/atomic"
	"testing"
)

func TestEach(t *testing.T) {
	tests := []struct {
		name string
		n    int
	}{
		{"none", 0},
		{"negative", -3},
		{"one", 1},
		{"many", 1000},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			calls := make([]atomic.Int32, max(tt.n, 0))
			if err := Each(context.Background(), tt.n, func(i int) { calls[i].Add(1) }); err != nil {
				t.Fatalf("Each: %v", err)
			}
			for i := range calls {
				if got := calls[i].Load(); got != 1 {
					t.Errorf("index %d called %d times, want 1", i, got)
				}
			}
		})
	}
}

// TestEachCancelled: once the context is done no further index starts, and
// Each says why it stopped.
func TestEachCancelled(t *testing.T) {
	ctx, cancel := context.WithCancel(context.Background())
	var started atomic.Int32
	err := Each(ctx, 1000, func(i int) {
		started.Add(1)
		if i == 0 {
			cancel()
		}
	})
	if err != context.Canceled {
		t.Fatalf("err = %v, want context.Canceled", err)
	}
	// Each worker may have taken one index before it saw the cancel.
	if n := started.Load(); n >= 1000 {
		t.Errorf("%d calls ran after cancel, want fewer than all", n)
	}
}

func TestEachCancelledBefore(t *testing.T) {
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	ran := false
	if err := Each(ctx, 10, func(int) { ran = true }); err != context.Canceled {
		t.Fatalf("err = %v, want context.Canceled", err)
	}
	if ran {
		t.Error("fn ran with a context cancelled before Each")
	}
}

// TestEachOnWorkers: EachOn runs no more calls at once than it is given
// workers, and at least one.
func TestEachOnWorkers(t *testing.T) {
	for _, workers := range []int{-1, 0, 1, 2} {
		var running, most atomic.Int32
		var calls atomic.Int32
		err := EachOn(context.Background(), workers, 200, func(int) {
			n := running.Add(1)
			for {
				m := most.Load()
				if n <= m || most.CompareAndSwap(m, n) {
					break
				}
			}
			calls.Add(1)
			running.Add(-1)
		})
		if err != nil {
			t.Fatal(err)
		}
		if calls.Load() != 200 {
			t.Errorf("workers %d: %d calls, want 200", workers, calls.Load())
		}
		if want := int32(max(workers, 1)); most.Load() > want {
			t.Errorf("workers %d: %d calls at once, want at most %d", workers, most.Load(), want)
		}
	}
}
