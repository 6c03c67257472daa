package confluence

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"maps"
	"net"
	"net/http"
	"sync"
	"sync/atomic"
	"syscall"
	"time"

	"github.com/failsafe-go/failsafe-go"
	"github.com/failsafe-go/failsafe-go/circuitbreaker"
	"github.com/failsafe-go/failsafe-go/retrypolicy"
)

// maxBody bounds a buffered API response; downloads are streamed.
const maxBody = 256 << 20

// reqOpts travel with a request through the transport.
type reqOpts struct {
	kind   string // one of the Req* names, for counting
	stream bool   // hand a 200 body to the caller unbuffered
	noAuth bool   // send no credentials (a redirect to another host)
}

type optsKey struct{}

func withOpts(ctx context.Context, o reqOpts) context.Context {
	return context.WithValue(ctx, optsKey{}, o)
}

func optsFrom(ctx context.Context) reqOpts {
	o, _ := ctx.Value(optsKey{}).(reqOpts)
	if o.kind == "" {
		o.kind = ReqOther
	}
	return o
}

// transport is the resilience layer: an http.RoundTripper that rate
// limits, counts, authenticates, retries and breaks the circuit around
// the base transport. Bodies of API responses are read whole inside the
// attempt, so a connection reset mid-body is retried like any other
// transient failure; streamed downloads keep their body open, bounded by
// the attempt deadline, which is released when the body is closed.
type transport struct {
	base    http.RoundTripper
	auth    func(*http.Request)
	retry   RetryConfig
	timeout time.Duration
	sleep   func(context.Context, time.Duration) error
	log     *slog.Logger
	limiter *limiter
	breaker circuitbreaker.CircuitBreaker[*http.Response]
	policy  retrypolicy.RetryPolicy[*http.Response]

	counts    *counter // attempts sent, by kind
	retries   *counter // attempts after the first, by kind
	throttled atomic.Int64
}

func newTransport(cfg Config, auth func(*http.Request)) *transport {
	t := &transport{
		base:    cfg.Transport,
		auth:    auth,
		retry:   cfg.Retry,
		timeout: cfg.Timeout,
		sleep:   cfg.Sleep,
		log:     cfg.Logger,
		limiter: newLimiter(cfg.RateLimit, cfg.Sleep),
		counts:  newCounter(),
		retries: newCounter(),
	}
	t.breaker = circuitbreaker.NewBuilder[*http.Response]().
		HandleIf(breakerFailure).
		WithFailureThreshold(uint(cfg.Breaker.FailureThreshold)).
		WithDelay(cfg.Breaker.Delay).
		OnOpen(func(circuitbreaker.StateChangedEvent) {
			t.log.Warn("circuit breaker open: failing fast",
				"delay", cfg.Breaker.Delay)
		}).
		OnHalfOpen(func(circuitbreaker.StateChangedEvent) {
			t.log.Info("circuit breaker half-open: probing")
		}).
		OnClose(func(circuitbreaker.StateChangedEvent) {
			t.log.Info("circuit breaker closed")
		}).
		Build()
	t.policy = retrypolicy.NewBuilder[*http.Response]().
		HandleIf(retryable).
		AbortOnErrors(circuitbreaker.ErrOpen, errLimited,
			context.Canceled, context.DeadlineExceeded).
		WithMaxAttempts(cfg.Retry.MaxAttempts).
		ReturnLastFailure().
		Build()
	return t
}

// breakerFailure says which outcomes count against the site: 5xx,
// resets, refused connections and timeouts. Local limiter rejections,
// cancellations and 4xx (429 included) do not.
func breakerFailure(resp *http.Response, err error) bool {
	if err != nil {
		return transient(err)
	}
	return resp != nil && resp.StatusCode >= 500
}

// retryable says which outcomes are retried.
func retryable(resp *http.Response, err error) bool {
	if err != nil {
		return transient(err)
	}
	return resp != nil && retryableStatus(resp.StatusCode)
}

// transient reports whether err is a network failure or timeout worth
// another attempt.
func transient(err error) bool {
	if errors.Is(err, errLimited) || errors.Is(err, context.Canceled) ||
		errors.Is(err, context.DeadlineExceeded) {
		return false
	}
	var ne net.Error
	return errors.Is(err, errTimeout) ||
		errors.Is(err, io.ErrUnexpectedEOF) ||
		errors.Is(err, io.EOF) ||
		errors.Is(err, syscall.ECONNRESET) ||
		errors.As(err, &ne)
}

// RoundTrip sends req with rate limiting, retries and the circuit
// breaker. It honours req.Context() for every wait.
func (t *transport) RoundTrip(req *http.Request) (*http.Response, error) {
	ctx := req.Context()
	o := optsFrom(ctx)

	var last *http.Response
	var lastErr error
	n := 0
	resp, err := failsafe.With[*http.Response](t.policy, t.breaker).
		WithContext(ctx).
		Get(func() (*http.Response, error) {
			n++
			if n > 1 {
				if err := t.pause(ctx, n, last, lastErr, o); err != nil {
					return nil, err
				}
			}
			last, lastErr = t.attempt(ctx, req, o, n > 1)
			return last, lastErr
		})

	switch {
	case errors.Is(err, circuitbreaker.ErrOpen):
		return nil, ErrCircuitOpen
	case err != nil && ctx.Err() != nil:
		return nil, ctx.Err()
	}
	return resp, err
}

// pause waits before attempt n, as decided from the previous outcome.
func (t *transport) pause(ctx context.Context, n int, resp *http.Response, err error, o reqOpts) error {
	w := t.retry.decideWait(n-1, resp, time.Now())
	log := t.log.With("kind", o.kind, "attempt", n, "wait", w.wait)
	if w.capped {
		log.Warn("server asked for a long wait; capping it",
			"retry_after", w.asked)
	}
	if resp != nil {
		log.Debug("retrying request", "status", resp.StatusCode)
	} else {
		log.Debug("retrying request", "error", err)
	}
	return t.sleep(ctx, w.wait)
}

// attempt makes one try: wait for the limiter, send, and buffer the
// body. retry says whether an earlier attempt of req failed.
func (t *transport) attempt(ctx context.Context, req *http.Request,
	o reqOpts, retry bool) (*http.Response, error) {
	epoch, err := t.limiter.wait(ctx)
	if err != nil {
		return nil, err
	}

	actx, cancel := context.WithTimeout(ctx, t.timeout)
	r := req.Clone(actx)
	if !o.noAuth {
		t.auth(r)
	}
	t.counts.add(o.kind)
	if retry {
		t.retries.add(o.kind)
	}
	resp, err := t.base.RoundTrip(r)
	if err != nil {
		cancel()
		return nil, attemptError(ctx, err)
	}
	t.observe(resp, epoch)

	if o.stream && resp.StatusCode == http.StatusOK {
		resp.Body = &cancelBody{ReadCloser: resp.Body, cancel: cancel}
		return resp, nil
	}
	defer cancel()
	return bufferBody(ctx, resp)
}

// observe feeds a response to the limiter.
func (t *transport) observe(resp *http.Response, epoch uint64) {
	switch {
	case resp.StatusCode == http.StatusTooManyRequests:
		t.throttled.Add(1)
		pause := t.retry.MinWait
		if ra, ok := retryAfter(resp.Header, time.Now()); ok {
			pause = min(max(ra, t.retry.MinWait), t.retry.MaxWait)
		}
		t.limiter.throttle(pause, epoch)
		t.log.Debug("server is throttling; slowing down",
			"rate", float64(t.limiter.rate()))
	case resp.StatusCode < 300:
		t.limiter.recover()
	}
}

// bufferBody reads and closes resp.Body, replacing it with the bytes.
func bufferBody(ctx context.Context, resp *http.Response) (*http.Response, error) {
	b, err := io.ReadAll(io.LimitReader(resp.Body, maxBody+1))
	resp.Body.Close()
	if err != nil {
		return nil, attemptError(ctx, fmt.Errorf("read body: %w", err))
	}
	if len(b) > maxBody {
		return nil, fmt.Errorf("%w: body larger than %d bytes", ErrBadResponse, maxBody)
	}
	resp.Body = io.NopCloser(bytes.NewReader(b))
	return resp, nil
}

// attemptError tells the caller's cancellation apart from an attempt
// that timed out on its own deadline.
func attemptError(ctx context.Context, err error) error {
	if ctx.Err() != nil {
		return ctx.Err()
	}
	if errors.Is(err, context.DeadlineExceeded) {
		// Drop the deadline from the chain: it is the attempt's own,
		// so the request is retried rather than aborted.
		return fmt.Errorf("%w: %v", errTimeout, err)
	}
	return err
}

// cancelBody releases the attempt's deadline when the body is closed.
type cancelBody struct {
	io.ReadCloser
	cancel context.CancelFunc
}

func (b *cancelBody) Close() error {
	err := b.ReadCloser.Close()
	b.cancel()
	return err
}

// counter counts by kind; safe for concurrent use.
type counter struct {
	mu sync.Mutex
	m  map[string]int64
}

func newCounter() *counter {
	return &counter{m: map[string]int64{}}
}

func (c *counter) add(kind string) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.m[kind]++
}

func (c *counter) snapshot() map[string]int64 {
	c.mu.Lock()
	defer c.mu.Unlock()
	return maps.Clone(c.m)
}

// stats returns the transport's counters and breaker state.
func (t *transport) stats() Stats {
	return Stats{
		Requests:  t.counts.snapshot(),
		Retries:   t.retries.snapshot(),
		Throttled: t.throttled.Load(),
		Breaker:   t.breakerState(),
	}
}

// breakerState names the breaker's state. An open breaker whose delay
// has passed moves to half-open only when the next request arrives; it
// is reported half-open already, since that request will be a probe.
func (t *transport) breakerState() BreakerState {
	switch t.breaker.State() {
	case circuitbreaker.OpenState:
		if t.breaker.RemainingDelay() <= 0 {
			return BreakerHalfOpen
		}
		return BreakerOpen
	case circuitbreaker.HalfOpenState:
		return BreakerHalfOpen
	}
	return BreakerClosed
}
