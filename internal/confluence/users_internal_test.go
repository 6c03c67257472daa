package confluence

import (
	"context"
	"errors"
	"fmt"
	"testing"
)

func TestUserCache_get(t *testing.T) {
	errDown := errors.New("site down")
	tests := []struct {
		name      string
		first     error // what the first fetch fails with
		wantCalls int   // fetches after asking twice
	}{
		{"name kept", nil, 1},
		{"miss kept", fmt.Errorf("get user: %w", ErrNotFound), 1},
		{"failure forgotten", errDown, 2},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var c userCache
			calls := 0
			fetch := func(context.Context) (string, error) {
				calls++
				if calls == 1 && tt.first != nil {
					return "", tt.first
				}
				return "Dana", nil
			}
			ctx := context.Background()
			_, err := c.get(ctx, "u-1", fetch)
			if !errors.Is(err, tt.first) {
				t.Fatalf("first get: %v, want %v", err, tt.first)
			}
			c.get(ctx, "u-1", fetch)
			if calls != tt.wantCalls {
				t.Errorf("%d fetches, want %d", calls, tt.wantCalls)
			}
		})
	}
}

// TestUserCache_getLeaderCancelled checks that a caller waiting on a
// look-up whose own caller gave up asks again instead of failing.
func TestUserCache_getLeaderCancelled(t *testing.T) {
	var c userCache
	started, release := make(chan struct{}), make(chan struct{})
	leaderCtx, cancel := context.WithCancel(context.Background())
	leader := make(chan error)
	go func() {
		_, err := c.get(leaderCtx, "u-1", func(ctx context.Context) (string, error) {
			close(started)
			<-release
			return "", fmt.Errorf("get user u-1: %w", ctx.Err())
		})
		leader <- err
	}()
	<-started

	waiter := make(chan string)
	go func() {
		name, _ := c.get(context.Background(), "u-1",
			func(context.Context) (string, error) { return "Dana", nil })
		waiter <- name
	}()
	cancel()
	close(release)
	if err := <-leader; !errors.Is(err, context.Canceled) {
		t.Errorf("cancelled caller got %v", err)
	}
	if name := <-waiter; name != "Dana" {
		t.Errorf("waiting caller got %q, want Dana", name)
	}
}
