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
	// epoch counts rate cuts. A request remembers the epoch it started
	// in, and only a 429 to a request sent since the last cut cuts
	// again: a burst of 429s to requests that were in flight together
	// is one signal, not one per worker.
	epoch uint64
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

// wait blocks until the caller may send a request, and returns the epoch
// to hand back to throttle if the server answers 429.
func (l *limiter) wait(ctx context.Context) (uint64, error) {
	l.mu.Lock()
	epoch := l.epoch
	now := l.now()
	d := max(0, l.until.Sub(now))
	res := l.lim.ReserveN(now.Add(d), 1)
	if !res.OK() {
		l.mu.Unlock()
		return 0, errLimited
	}
	d += res.DelayFrom(now.Add(d))
	l.mu.Unlock()

	if dl, ok := ctx.Deadline(); ok && now.Add(d).After(dl) {
		res.Cancel()
		return 0, fmt.Errorf("%w (%s)", errLimited, d.Round(time.Millisecond))
	}
	if err := l.sleep(ctx, d); err != nil {
		res.Cancel()
		return 0, err
	}
	return epoch, nil
}

// throttle records a 429 to a request sent in epoch: hold every request
// back for pause, and halve the rate unless the rate was already cut
// since that request was sent.
func (l *limiter) throttle(pause time.Duration, epoch uint64) {
	l.mu.Lock()
	defer l.mu.Unlock()

	if until := l.now().Add(pause); until.After(l.until) {
		l.until = until
	}
	if epoch != l.epoch {
		return
	}
	l.epoch++

	r := l.lim.Limit()
	if r == rate.Inf {
		r = throttleStart
	} else {
		r = max(throttleFloor, r/2)
	}
	l.lim.SetLimit(r)
	l.lim.SetBurst(burst(r))
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
