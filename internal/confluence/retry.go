package confluence

import (
	"errors"
	"math/rand/v2"
	"net/http"
	"strconv"
	"strings"
	"time"
)

// retryableStatus reports whether a response status is worth retrying.
func retryableStatus(code int) bool {
	switch code {
	case http.StatusTooManyRequests, http.StatusBadGateway,
		http.StatusServiceUnavailable, http.StatusGatewayTimeout:
		return true
	}
	return false
}

// retryAfter parses a Retry-After header, in seconds or as an HTTP date.
// ok is false when the header is absent or unreadable.
func retryAfter(h http.Header, now time.Time) (d time.Duration, ok bool) {
	v := strings.TrimSpace(h.Get("Retry-After"))
	if v == "" {
		return 0, false
	}
	if secs, err := strconv.ParseInt(v, 10, 64); err == nil {
		if secs < 0 {
			return 0, false
		}
		// Guard the multiplication against absurd values.
		if secs > int64(24*time.Hour/time.Second)*365 {
			secs = int64(24*time.Hour/time.Second) * 365
		}
		return time.Duration(secs) * time.Second, true
	}
	if t, err := http.ParseTime(v); err == nil {
		return max(0, t.Sub(now)), true
	}
	return 0, false
}

// backoff is the jittered exponential wait before retry number n (1 for
// the first retry): between half and all of BaseDelay·2^(n-1), capped.
func (c RetryConfig) backoff(n int) time.Duration {
	d := c.BaseDelay
	for i := 1; i < n && d < c.MaxWait; i++ {
		d *= 2
	}
	d = min(d, c.MaxWait)
	half := d / 2
	return half + rand.N(d-half+1)
}

// waitDecision is how long to wait before a retry and why.
type waitDecision struct {
	wait    time.Duration
	asked   time.Duration // the server's Retry-After, if any
	hasAsk  bool
	capped  bool // the server asked for more than MaxWait
	floored bool // the server asked for less than MinWait
}

// decideWait picks the wait before retry n after resp (nil after a
// transport error). It never waits less than the server asked for, up to
// MaxWait, and never less than MinWait when a Retry-After is present.
func (c RetryConfig) decideWait(n int, resp *http.Response, now time.Time) waitDecision {
	w := waitDecision{wait: c.backoff(n)}
	if resp == nil {
		return w
	}
	ra, ok := retryAfter(resp.Header, now)
	if !ok {
		return w
	}
	w.asked, w.hasAsk = ra, true
	if ra < c.MinWait {
		ra, w.floored = c.MinWait, true
	}
	if ra > c.MaxWait {
		ra, w.capped = c.MaxWait, true
	}
	w.wait = max(w.wait, ra)
	if w.capped {
		w.wait = c.MaxWait
	}
	return w
}

// errTimeout marks an attempt that ran out of time while the caller's
// context was still alive; it is retried.
var errTimeout = errors.New("request timed out")
