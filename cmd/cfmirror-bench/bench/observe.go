package bench

import (
	"net/http"
	"strconv"
	"sync"
	"time"
)

// observer is an HTTP transport under the client's resilience layer. It
// counts 429 answers and checks that a request answered 429 with
// Retry-After is not sent again before the server said it may be.
type observer struct {
	base http.RoundTripper

	mu       sync.Mutex
	waitFor  map[string]time.Time // URL -> earliest allowed retry
	limited  int                  // 429 answers
	retried  int                  // retries after a 429
	early    int                  // retries sent before Retry-After
	minSlack time.Duration        // least time past Retry-After
}

func newObserver(base http.RoundTripper) *observer {
	return &observer{base: base, waitFor: map[string]time.Time{}}
}

// RoundTrip sends one attempt and records what the server asked for.
func (o *observer) RoundTrip(req *http.Request) (*http.Response, error) {
	key := req.URL.String()
	o.checkRetry(key, time.Now())

	resp, err := o.base.RoundTrip(req)
	if err != nil || resp.StatusCode != http.StatusTooManyRequests {
		return resp, err
	}
	secs, perr := strconv.Atoi(resp.Header.Get("Retry-After"))
	o.mu.Lock()
	defer o.mu.Unlock()
	o.limited++
	if perr == nil {
		o.waitFor[key] = time.Now().Add(time.Duration(secs) * time.Second)
	}
	return resp, nil
}

// checkRetry records whether a retry came after the allowed time.
func (o *observer) checkRetry(key string, now time.Time) {
	o.mu.Lock()
	defer o.mu.Unlock()
	at, ok := o.waitFor[key]
	if !ok {
		return
	}
	delete(o.waitFor, key)
	slack := now.Sub(at)
	if o.retried == 0 || slack < o.minSlack {
		o.minSlack = slack
	}
	o.retried++
	if slack < 0 {
		o.early++
	}
}

// Throttling summarises how the client met a rate-limiting server.
type Throttling struct {
	Limited int // requests the server answered 429
	Retried int // of those, retried
	Early   int // retries sent before Retry-After had passed
	// MinSlack is the least time a retry came after Retry-After had
	// passed; negative when a retry came early.
	MinSlack time.Duration
}

func (o *observer) snapshot() Throttling {
	o.mu.Lock()
	defer o.mu.Unlock()
	return Throttling{
		Limited: o.limited, Retried: o.retried,
		Early: o.early, MinSlack: o.minSlack,
	}
}
