package confluence_test

import (
	"context"
	"errors"
	"math"
	"net/http"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/cfmirror/cfmirror/internal/confluence"
)

func TestClient_retries(t *testing.T) {
	date := time.Now().Add(90 * time.Second).UTC().Format(http.TimeFormat)
	tests := []struct {
		name     string
		inject   func(e *env)
		requests int64
		minWait  time.Duration // first retry wait at least
		maxWait  time.Duration // every wait at most
		log      string
	}{
		{"429 seconds", func(e *env) { e.srv.FailNext(1, 429, "7") },
			2, 7 * time.Second, 2 * time.Minute, ""},
		{"429 http date", func(e *env) { e.srv.FailNext(1, 429, date) },
			2, 85 * time.Second, 2 * time.Minute, ""},
		{"429 zero gets minimum", func(e *env) { e.srv.FailNext(2, 429, "0") },
			3, time.Second, 2 * time.Minute, ""},
		{"absurd retry-after capped", func(e *env) { e.srv.FailNext(1, 429, "99999999") },
			2, 2 * time.Minute, 2 * time.Minute, "capping"},
		{"503 burst", func(e *env) { e.srv.FailNext(3, 503, "") },
			4, 0, 2 * time.Minute, ""},
		{"502 and 504", func(e *env) { e.srv.FailNext(2, 502, "") },
			3, 0, 2 * time.Minute, ""},
		{"connection resets", func(e *env) { e.srv.ResetNext(2) },
			3, 0, 2 * time.Minute, ""},
	}
	for _, d := range deployments {
		for _, tt := range tests {
			t.Run(string(d)+"/"+tt.name, func(t *testing.T) {
				e := newEnv(t, d, nil, nil)
				before := e.client.Requests()[confluence.ReqSpace]
				tt.inject(e)

				if _, err := e.client.Space(context.Background(), "ENG"); err != nil {
					t.Fatalf("Space after transient failures: %v", err)
				}
				if got := e.srv.Requests()[confluence.ReqSpace]; got != tt.requests {
					t.Errorf("server saw %d requests, want %d", got, tt.requests)
				}
				if got := e.client.Requests()[confluence.ReqSpace] - before; got != tt.requests {
					t.Errorf("client counted %d requests, want %d", got, tt.requests)
				}
				waits := e.sleeps.waits()
				if len(waits) == 0 || waits[0] < tt.minWait {
					t.Errorf("waits %v: first below %v", waits, tt.minWait)
				}
				if m := e.sleeps.max(); m > tt.maxWait {
					t.Errorf("longest wait %v above %v", m, tt.maxWait)
				}
				if !strings.Contains(e.logs.String(), tt.log) {
					t.Errorf("log lacks %q:\n%s", tt.log, e.logs)
				}
			})
		}
	}
}

func TestClient_retriesGiveUp(t *testing.T) {
	e := newEnv(t, confluence.Cloud, nil, func(c *confluence.Config) {
		c.Retry.MaxAttempts = 3
	})
	e.srv.FailNext(10, 503, "")
	_, err := e.client.Space(context.Background(), "ENG")
	if err == nil || !strings.Contains(err.Error(), "503") {
		t.Fatalf("err = %v, want a 503 error", err)
	}
	if got := e.srv.Requests()[confluence.ReqSpace]; got != 3 {
		t.Errorf("server saw %d requests, want 3", got)
	}
}

func TestClient_finalStatuses(t *testing.T) {
	tests := []struct {
		status int
		want   error
		text   map[confluence.Deployment]string
	}{
		{400, nil, nil},
		{401, confluence.ErrUnauthorized, map[confluence.Deployment]string{
			confluence.Cloud:      "Confluence Cloud API token for " + "bot@example.com",
			confluence.DataCenter: "Data Center password for user bot@example.com",
		}},
		{403, confluence.ErrForbidden, map[confluence.Deployment]string{
			confluence.Cloud:      "Confluence Cloud API token for " + "bot@example.com",
			confluence.DataCenter: "Data Center password",
		}},
		{404, confluence.ErrNotFound, nil},
	}
	for _, d := range deployments {
		for _, tt := range tests {
			t.Run(string(d)+"/"+http.StatusText(tt.status), func(t *testing.T) {
				e := newEnv(t, d, nil, nil)
				e.srv.FailNext(1, tt.status, "")

				_, err := e.client.Space(context.Background(), "ENG")
				if err == nil {
					t.Fatal("no error")
				}
				if tt.want != nil && !errors.Is(err, tt.want) {
					t.Errorf("err = %v, want %v", err, tt.want)
				}
				if got := e.srv.Requests()[confluence.ReqSpace]; got != 1 {
					t.Errorf("%d requests: status %d must not be retried", got, tt.status)
				}
				if want := tt.text[d]; !strings.Contains(err.Error(), want) {
					t.Errorf("err %q does not name %q", err, want)
				}
				_, token := e.srv.Credentials()
				if strings.Contains(err.Error()+e.logs.String(), token) {
					t.Errorf("token leaked: %v\n%s", err, e.logs)
				}
			})
		}
	}
}

func TestClient_bearerToken(t *testing.T) {
	e := newEnv(t, confluence.DataCenter, nil, func(c *confluence.Config) {
		c.User = ""
	})
	e.srv.RevokeToken()
	_, err := e.client.Space(context.Background(), "ENG")
	if !errors.Is(err, confluence.ErrUnauthorized) ||
		!strings.Contains(err.Error(), "Data Center personal access token") {
		t.Fatalf("err = %v", err)
	}
	if got := e.srv.Requests()[confluence.ReqSpace]; got != 1 {
		t.Errorf("401 retried: %d requests", got)
	}
}

func TestClient_breaker(t *testing.T) {
	e := newEnv(t, confluence.Cloud, nil, func(c *confluence.Config) {
		c.Retry.MaxAttempts = 2
		c.Breaker = confluence.BreakerConfig{
			FailureThreshold: 3, Delay: 50 * time.Millisecond,
		}
	})
	ctx := context.Background()
	e.srv.SetOutage(true)

	var err error
	for range 5 {
		_, err = e.client.Space(ctx, "ENG")
	}
	if !errors.Is(err, confluence.ErrCircuitOpen) {
		t.Fatalf("err = %v, want ErrCircuitOpen", err)
	}
	if got := e.srv.Requests()[confluence.ReqSpace]; got != 3 {
		t.Errorf("server saw %d requests, want 3 before the breaker opened", got)
	}

	// Half-open after the delay: one probe goes through and closes it.
	e.srv.SetOutage(false)
	time.Sleep(70 * time.Millisecond)
	if _, err := e.client.Space(ctx, "ENG"); err != nil {
		t.Fatalf("probe after delay: %v", err)
	}
	if got := e.srv.Requests()[confluence.ReqSpace]; got != 4 {
		t.Errorf("server saw %d requests, want 4", got)
	}
}

func TestClient_breakerIgnoresLimiter(t *testing.T) {
	e := newEnv(t, confluence.Cloud, nil, func(c *confluence.Config) {
		c.RateLimit = 0.001
		c.Breaker = confluence.BreakerConfig{FailureThreshold: 2, Delay: time.Hour}
	})
	for range 10 {
		ctx, cancel := context.WithTimeout(context.Background(), time.Second)
		_, err := e.client.Space(ctx, "ENG")
		cancel()
		if err == nil || errors.Is(err, confluence.ErrCircuitOpen) {
			t.Fatalf("err = %v, want a limiter rejection", err)
		}
		if !strings.Contains(err.Error(), "rate limiter") {
			t.Fatalf("err = %v, want a limiter rejection", err)
		}
	}
	if got := e.srv.Requests()[confluence.ReqSpace]; got != 0 {
		t.Errorf("server saw %d requests, want none", got)
	}
}

func TestClient_limiterSlowsOn429(t *testing.T) {
	e := newEnv(t, confluence.Cloud, nil, nil)
	ctx := context.Background()
	if r := confluence.LimiterRate(e.client); !math.IsInf(r, 1) {
		t.Fatalf("initial rate %v, want unlimited", r)
	}

	e.srv.FailNext(1, 429, "1")
	if _, err := e.client.Space(ctx, "ENG"); err != nil {
		t.Fatal(err)
	}
	slowed := confluence.LimiterRate(e.client)
	if math.IsInf(slowed, 1) || slowed <= 0 {
		t.Fatalf("rate after 429 = %v, want a finite rate", slowed)
	}

	// A second 429 slows it further; successes bring it back.
	e.srv.FailNext(1, 429, "1")
	e.client.Space(ctx, "ENG")
	if r := confluence.LimiterRate(e.client); r >= slowed {
		t.Errorf("rate after second 429 = %v, want below %v", r, slowed)
	}
	for range 200 {
		e.client.Space(ctx, "ENG")
	}
	if r := confluence.LimiterRate(e.client); !math.IsInf(r, 1) {
		t.Errorf("rate after recovery = %v, want unlimited", r)
	}
}

func TestClient_limiterShared(t *testing.T) {
	e := newEnv(t, confluence.Cloud, nil, func(c *confluence.Config) {
		c.RateLimit = 2
	})
	var wg sync.WaitGroup
	for range 10 {
		wg.Go(func() { e.client.Space(context.Background(), "ENG") })
	}
	wg.Wait()

	var total time.Duration
	for _, d := range e.sleeps.waits() {
		total += d
	}
	// Ten requests at 2/s from one shared bucket: about 4.5s of waits.
	if total < 4*time.Second {
		t.Errorf("workers waited %v in total, want at least 4s", total)
	}
}

func TestClient_deadlineCoversBody(t *testing.T) {
	srv := stallingServer(t)
	c, err := confluence.New(context.Background(), confluence.Config{
		URL: srv, Deployment: confluence.Cloud,
		User: "u@example.com", Token: "secret-token",
		Timeout: 100 * time.Millisecond,
		Retry:   confluence.RetryConfig{MaxAttempts: 2},
		Sleep:   (&sleeps{}).sleep,
	})
	if err != nil {
		t.Fatal(err)
	}
	start := time.Now()
	_, err = c.Space(context.Background(), "ENG")
	if err == nil || !strings.Contains(err.Error(), "timed out") {
		t.Fatalf("err = %v, want a timeout", err)
	}
	if el := time.Since(start); el > 5*time.Second {
		t.Errorf("took %v", el)
	}
	if got := c.Requests()[confluence.ReqSpace]; got != 2 {
		t.Errorf("%d attempts, want 2 (timeouts are retried)", got)
	}
}
