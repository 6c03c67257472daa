package sync

import (
	"context"
	"errors"
	"reflect"
	"sync/atomic"
	"testing"
)

func TestForEach(t *testing.T) {
	items := make([]int, 100)
	for i := range items {
		items[i] = i
	}

	t.Run("all", func(t *testing.T) {
		var sum, running, peak atomic.Int64
		err := forEach(context.Background(), 4, items, func(_ context.Context, i int) error {
			n := running.Add(1)
			for {
				p := peak.Load()
				if n <= p || peak.CompareAndSwap(p, n) {
					break
				}
			}
			sum.Add(int64(i))
			running.Add(-1)
			return nil
		})
		if err != nil || sum.Load() != 4950 {
			t.Errorf("err=%v sum=%d", err, sum.Load())
		}
		if peak.Load() > 4 {
			t.Errorf("%d workers ran at once, bound 4", peak.Load())
		}
	})

	t.Run("first error stops feeding", func(t *testing.T) {
		boom := errors.New("boom")
		var calls atomic.Int64
		err := forEach(context.Background(), 2, items, func(ctx context.Context, i int) error {
			calls.Add(1)
			switch {
			case i == 3:
				return boom
			case i > 3:
				// Later calls wait for the pool to see the error, so
				// a worker that is slow to report it cannot let the
				// others race through every item.
				<-ctx.Done()
			}
			return nil
		})
		if !errors.Is(err, boom) {
			t.Errorf("err = %v", err)
		}
		if calls.Load() > 10 {
			t.Errorf("%d calls after an early error", calls.Load())
		}
	})

	t.Run("cancelled", func(t *testing.T) {
		ctx, cancel := context.WithCancel(context.Background())
		var calls atomic.Int64
		err := forEach(ctx, 2, items, func(ctx context.Context, i int) error {
			switch n := calls.Add(1); {
			case n == 5:
				cancel()
			case n > 5:
				<-ctx.Done() // as above: no racing past the cancel
			}
			return nil
		})
		if !errors.Is(err, context.Canceled) {
			t.Errorf("err = %v", err)
		}
		if calls.Load() > 10 {
			t.Errorf("%d calls after cancel", calls.Load())
		}
	})
}

func TestBatches(t *testing.T) {
	ids := []string{"1", "2", "3", "4", "5"}
	got := batches(ids, 2)
	want := [][]string{{"1", "2"}, {"3", "4"}, {"5"}}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("batches = %v", got)
	}
	if batches(nil, 2) != nil {
		t.Error("batches of nothing not empty")
	}
}
