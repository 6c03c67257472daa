package tests

import (
	"net/http"
	"testing"
	"time"

	"github.com/cfmirror/cfmirror/internal/confluence"
	"github.com/cfmirror/cfmirror/internal/confluence/confluencetest"
)

// faultSpace seeds the space every fault test mirrors.
func faultSpace(t *testing.T, dep confluence.Deployment) *env {
	e := newEnv(t, dep, confluencetest.Options{PageSize: 10})
	e.seedScenario("DOC", 30, 8)
	return e
}

// syncThroughFaults mirrors DOC twice, before and after changeSpace,
// with faults armed before each sync, and a second mirror alongside
// without faults. The two must end byte-identical. It returns the waits
// the faulted client decided on.
func syncThroughFaults(t *testing.T, e *env, tune func(*confluence.Config), arm func()) []time.Duration {
	t.Helper()
	w := &waits{}
	cfg := e.config(e.srv.URL(), w)
	tune(&cfg)
	c := e.client(cfg)
	m, ref := newMirror(t), newMirror(t)
	clean := e.plainClient()

	for i := range 2 {
		if i == 1 {
			changeSpace(t, e.srv, "DOC")
		}
		ref.mustSync(clean, "DOC")
		arm()
		m.mustSync(c, "DOC")
	}
	sameTree(t, "mirror after faults", readTree(t, ref.out), readTree(t, m.out))
	return w.list()
}

func TestFaults_RateLimitStorm(t *testing.T) {
	date := func() string {
		return time.Now().Add(40 * time.Second).UTC().Format(http.TimeFormat)
	}
	cases := []struct {
		name       string
		retryAfter func() string
		least      time.Duration // a wait at least this long must occur
	}{
		{"seconds", func() string { return "7" }, 7 * time.Second},
		{"http-date", date, 35 * time.Second},
		{"zero", func() string { return "0" }, time.Second},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			forBoth(t, func(t *testing.T, dep confluence.Deployment) {
				e := faultSpace(t, dep)
				tune := func(c *confluence.Config) { c.Retry.MaxAttempts = 30 }
				arm := func() { e.srv.FailNext(25, http.StatusTooManyRequests, tc.retryAfter()) }
				waits := syncThroughFaults(t, e, tune, arm)

				// Each of the 50 answers was followed by a wait of at
				// least what it asked for, and never less than 1s.
				if n := countAtLeast(waits, tc.least); n < 50 {
					t.Errorf("%d waits of at least %s for 50 answers "+
						"429; waits: %v", n, tc.least, waits)
				}
			})
		})
	}
}

// countAtLeast counts the waits of at least d.
func countAtLeast(waits []time.Duration, d time.Duration) int {
	n := 0
	for _, w := range waits {
		if w >= d {
			n++
		}
	}
	return n
}

func TestFaults_ServerErrorBursts(t *testing.T) {
	cases := []struct {
		status     int
		retryAfter string
	}{
		{http.StatusBadGateway, ""},
		{http.StatusServiceUnavailable, "3"},
		{http.StatusGatewayTimeout, ""},
	}
	for _, tc := range cases {
		t.Run(http.StatusText(tc.status), func(t *testing.T) {
			forBoth(t, func(t *testing.T, dep confluence.Deployment) {
				e := faultSpace(t, dep)
				tune := func(c *confluence.Config) { c.Retry.MaxAttempts = 10 }
				// Bursts shorter than the breaker's threshold.
				arm := func() { e.srv.FailNext(8, tc.status, tc.retryAfter) }
				waits := syncThroughFaults(t, e, tune, arm)
				if len(waits) < 16 {
					t.Errorf("%d waits for 16 failed answers", len(waits))
				}
				if tc.retryAfter != "" && countAtLeast(waits, 3*time.Second) < 16 {
					t.Errorf("Retry-After on a 503 ignored: waits %v", waits)
				}
			})
		})
	}
}

func TestFaults_ConnectionResets(t *testing.T) {
	forBoth(t, func(t *testing.T, dep confluence.Deployment) {
		e := faultSpace(t, dep)
		tune := func(c *confluence.Config) { c.Retry.MaxAttempts = 10 }
		arm := func() { e.srv.ResetNext(8) }
		before := total(e.srv.Requests())
		waits := syncThroughFaults(t, e, tune, arm)
		if len(waits) < 16 {
			t.Errorf("%d waits for 16 reset connections", len(waits))
		}
		if total(e.srv.Requests())-before < 16 {
			t.Error("resets not retried")
		}
	})
}

// TestFaults_SlowResponses delays chosen answers past the client's
// timeout: the attempts time out and are retried, and the sync ends
// with a correct mirror. The delays end as soon as the client gives up,
// so the test costs about the timeouts.
func TestFaults_SlowResponses(t *testing.T) {
	forBoth(t, func(t *testing.T, dep confluence.Deployment) {
		e := faultSpace(t, dep)
		tp := newTap(t, e.srv.URL())
		// One listing page, one body request (Data Center fetches
		// bodies with the listing), one download, the space.
		slow := map[string]int64{"list": 2, "bodies": 1, "download": 3, "space": 1}
		if dep == confluence.DataCenter {
			slow = map[string]int64{"content": 2, "download": 3, "space": 1}
		}
		tp.onRequest(func(kind string, n int64, r *http.Request) {
			if slow[kind] != n {
				return
			}
			select {
			case <-time.After(10 * time.Second):
			case <-r.Context().Done():
			}
		})

		w := &waits{}
		cfg := e.config(tp.URL(), w)
		cfg.Timeout = 200 * time.Millisecond
		m := newMirror(t)
		m.mustSync(e.client(cfg), "DOC")
		sameTree(t, "mirror after slow answers",
			sameSite(e.cleanTree("DOC")), sameSite(readTree(t, m.out)))

		retried := 0
		for kind, n := range slow {
			if tp.requests()[kind] > n {
				retried++
			}
		}
		if retried != len(slow) || len(w.list()) < len(slow) {
			t.Errorf("slow answers not retried: requests %v, waits %v",
				tp.requests(), w.list())
		}
	})
}

func total(m map[string]int64) int64 {
	var n int64
	for _, v := range m {
		n += v
	}
	return n
}
