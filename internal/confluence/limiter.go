package confluence

import (
	"context"
	"errors"
	"fmt"
	"sync"
	"time"

	"golang.org/x/time/rate"
)

// Rates the limiter moves between while a server throttles.
const (
	// throttleStart is the rate adopted at the first 429 when no fixed
	// rate is configured.
	throttleStart = 8.0
	// throttleFloor is the slowest the limiter gets.
	throttleFloor = 0.5
	// recoverFactor raises the rate after each success while throttled.
	recoverFactor = 1.05
)

// errLimited marks a local rate-limiter rejection: the wait for a token
// would outlast the request's deadline. The breaker does not count it.
var errLimited = errors.New("rate limiter: wait exceeds deadline")

// limiter is the rate limiter shared by all requests of a client. It
// enforces the configured rate, halves its rate and pauses everyone while
// the server answers 429, and recovers step by step on success. It is
// safe for concurrent use.
type limiter struct {
	sleep func(context.Context, time.Duration) error
	now   func() time.Time

	mu    sync.Mutex
	base  rate.Limit // configured rate; rate.Inf when none
	lim   *rate.Limiter
	until time.Time // nobody starts a request before this
}

func newLimiter(rps float64, sleep func(context.Context, time.Duration) error) *limiter {
	base := rate.Inf
	if rps > 0 {
		base = rate.Limit(rps)
	}
	return &limiter{
		sleep: sleep,
		now:   time.Now,
		base:  base,
		lim:   rate.NewLimiter(base, burst(base)),
	}
}

func burst(r rate.Limit) int {
	if r == rate.Inf || r < 1 {
		return 1
	}
	return int(r)
}

// wait blocks until the caller may send a request.
func (l *limiter) wait(ctx context.Context) error {
	l.mu.Lock()
	now := l.now()
	d := max(0, l.until.Sub(now))
	res := l.lim.ReserveN(now.Add(d), 1)
	if !res.OK() {
		l.mu.Unlock()
		return errLimited
	}
	d += res.DelayFrom(now.Add(d))
	l.mu.Unlock()

	if dl, ok := ctx.Deadline(); ok && now.Add(d).After(dl) {
		res.Cancel()
		return fmt.Errorf("%w (%s)", errLimited, d.Round(time.Millisecond))
	}
	if err := l.sleep(ctx, d); err != nil {
		res.Cancel()
		return err
	}
	return nil
}

// throttle records a 429: halve the rate and hold every request back
// for pause.
func (l *limiter) throttle(pause time.Duration) {
	l.mu.Lock()
	defer l.mu.Unlock()

	r := l.lim.Limit()
	if r == rate.Inf {
		r = throttleStart
	} else {
		r = max(throttleFloor, r/2)
	}
	l.lim.SetLimit(r)
	l.lim.SetBurst(burst(r))
	if until := l.now().Add(pause); until.After(l.until) {
		l.until = until
	}
}

// recover records a success: raise the rate a step towards the base.
func (l *limiter) recover() {
	l.mu.Lock()
	defer l.mu.Unlock()

	r := l.lim.Limit()
	if r == l.base {
		return
	}
	r *= recoverFactor
	if l.base != rate.Inf && r >= l.base ||
		l.base == rate.Inf && r >= 4*throttleStart {
		r = l.base
	}
	l.lim.SetLimit(r)
	l.lim.SetBurst(burst(r))
}

// rate returns the current rate; rate.Inf when unlimited.
func (l *limiter) rate() rate.Limit {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.lim.Limit()
}
