package confluence_test

import (
	"context"
	"errors"
	"sync"
	"testing"
	"time"

	"github.com/cfmirror/cfmirror/internal/confluence"
)

func TestClient_Stats(t *testing.T) {
	tests := []struct {
		name      string
		inject    func(e *env)
		retries   int64
		throttled int64
	}{
		{"clean", func(*env) {}, 0, 0},
		{"429 twice", func(e *env) { e.srv.FailNext(2, 429, "1") }, 2, 2},
		{"503 burst", func(e *env) { e.srv.FailNext(3, 503, "") }, 3, 0},
		{"connection resets", func(e *env) { e.srv.ResetNext(1) }, 1, 0},
	}
	for _, d := range deployments {
		for _, tt := range tests {
			t.Run(string(d)+"/"+tt.name, func(t *testing.T) {
				e := newEnv(t, d, nil, nil)
				before := e.client.Stats()
				tt.inject(e)

				if _, err := e.client.Space(context.Background(), "ENG"); err != nil {
					t.Fatalf("Space: %v", err)
				}
				s := e.client.Stats()
				reqs := s.Requests[confluence.ReqSpace] -
					before.Requests[confluence.ReqSpace]
				if reqs != tt.retries+1 {
					t.Errorf("requests = %d, want %d", reqs, tt.retries+1)
				}
				if got := s.Retries[confluence.ReqSpace]; got != tt.retries {
					t.Errorf("retries = %d, want %d", got, tt.retries)
				}
				if got := s.Throttled - before.Throttled; got != tt.throttled {
					t.Errorf("throttled = %d, want %d", got, tt.throttled)
				}
				if s.Breaker != confluence.BreakerClosed {
					t.Errorf("breaker = %q, want closed", s.Breaker)
				}
			})
		}
	}
}

func TestClient_StatsBreaker(t *testing.T) {
	e := newEnv(t, confluence.DataCenter, nil, func(c *confluence.Config) {
		c.Retry.MaxAttempts = 2
		c.Breaker = confluence.BreakerConfig{
			FailureThreshold: 2, Delay: 30 * time.Millisecond,
		}
	})
	ctx := context.Background()
	e.srv.SetOutage(true)

	_, err := e.client.Space(ctx, "ENG")
	if err == nil {
		t.Fatal("no error during an outage")
	}
	s := e.client.Stats()
	if s.Breaker != confluence.BreakerOpen {
		t.Fatalf("breaker = %q after the threshold, want open", s.Breaker)
	}
	if s.Retries[confluence.ReqSpace] != 1 {
		t.Errorf("retries = %v, want one space retry", s.Retries)
	}
	_, err = e.client.Space(ctx, "ENG")
	if !errors.Is(err, confluence.ErrCircuitOpen) {
		t.Fatalf("err = %v, want ErrCircuitOpen", err)
	}

	// After the delay the breaker lets a probe through; a success
	// closes it.
	time.Sleep(50 * time.Millisecond)
	if got := e.client.Stats().Breaker; got != confluence.BreakerHalfOpen {
		t.Errorf("breaker = %q after the delay, want half-open", got)
	}
	e.srv.SetOutage(false)
	if _, err := e.client.Space(ctx, "ENG"); err != nil {
		t.Fatalf("probe: %v", err)
	}
	if got := e.client.Stats().Breaker; got != confluence.BreakerClosed {
		t.Errorf("breaker = %q after a good probe, want closed", got)
	}
}

func TestClient_StatsSnapshot(t *testing.T) {
	e := newEnv(t, confluence.Cloud, nil, nil)
	ctx := context.Background()

	// Counting and snapshots race-free under concurrent use.
	var wg sync.WaitGroup
	for range 8 {
		wg.Go(func() {
			if _, err := e.client.Space(ctx, "ENG"); err != nil {
				t.Error(err)
			}
			_ = e.client.Stats()
		})
	}
	wg.Wait()

	s := e.client.Stats()
	if got := s.Requests[confluence.ReqSpace]; got < 9 {
		t.Errorf("space requests = %d, want at least 9", got)
	}
	s.Requests[confluence.ReqSpace] = -1
	s.Retries["x"] = 1
	again := e.client.Stats()
	if again.Requests[confluence.ReqSpace] < 9 || again.Retries["x"] != 0 {
		t.Errorf("snapshot shares its maps with the client: %+v", again)
	}
}
