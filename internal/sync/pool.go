package sync

import (
	"context"
	gosync "sync"
)

// forEach runs fn on every item with at most n goroutines. It is the
// pool's only owner: it starts the workers, feeds and closes their
// input, and waits for them. After the first error, or when ctx is
// cancelled, it stops feeding, lets running calls finish (they see a
// cancelled ctx) and returns the first error.
func forEach[T any](ctx context.Context, n int, items []T,
	fn func(context.Context, T) error) error {
	if len(items) == 0 {
		return ctx.Err()
	}
	n = max(1, min(n, len(items)))
	ctx, cancel := context.WithCancel(ctx)
	defer cancel()

	var (
		once  gosync.Once
		first error
		wg    gosync.WaitGroup
	)
	fail := func(err error) {
		once.Do(func() { first = err; cancel() })
	}

	input := make(chan T)
	for range n {
		wg.Go(func() {
			for it := range input {
				if err := fn(ctx, it); err != nil {
					fail(err)
				}
			}
		})
	}

feed:
	for _, it := range items {
		// select picks at random among ready cases: check for
		// cancellation first, or feeding could go on for a while.
		if ctx.Err() != nil {
			break
		}
		select {
		case input <- it:
		case <-ctx.Done():
			break feed
		}
	}
	close(input)
	wg.Wait()

	if first != nil {
		return first
	}
	return context.Cause(ctx)
}

// batches splits ids into slices of at most size.
func batches(ids []string, size int) [][]string {
	var out [][]string
	for len(ids) > size {
		out = append(out, ids[:size])
		ids = ids[size:]
	}
	if len(ids) > 0 {
		out = append(out, ids)
	}
	return out
}
