package confluence

import (
	"context"
	"testing"
	"time"

	"golang.org/x/time/rate"
)

func instant(context.Context, time.Duration) error { return nil }

// TestLimiter_throttle checks that 429s to requests that were in flight
// together cut the rate once, and that a 429 to a request sent after the
// cut cuts it again.
func TestLimiter_throttle(t *testing.T) {
	ctx := context.Background()
	l := newLimiter(0, instant)

	var inFlight []uint64
	for range 20 {
		epoch, err := l.wait(ctx)
		if err != nil {
			t.Fatal(err)
		}
		inFlight = append(inFlight, epoch)
	}
	for _, epoch := range inFlight {
		l.throttle(time.Second, epoch)
	}
	if got := l.rate(); got != throttleStart {
		t.Fatalf("rate after one burst of 429s = %v, want %v",
			got, throttleStart)
	}

	epoch, err := l.wait(ctx)
	if err != nil {
		t.Fatal(err)
	}
	l.throttle(time.Second, epoch)
	if got, want := l.rate(), rate.Limit(throttleStart/2); got != want {
		t.Errorf("rate after a later 429 = %v, want %v", got, want)
	}
}
