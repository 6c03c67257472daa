package tests

import (
	"context"
	"errors"
	"net/http"
	"testing"
	"time"

	"github.com/cfmirror/cfmirror/internal/confluence"
)

// breakerDelay is how long the breaker stays open in the outage test.
// The breaker keeps real time, so it is short.
const breakerDelay = 20 * time.Millisecond

// TestFaults_OutageMidSync starts a full outage in the page listing of
// a sync of changes: the breaker opens, the sync fails fast with
// ErrCircuitOpen, and the mirror on disk is byte-for-byte what it was
// before. Once the site is back and the breaker half-opens, the same
// client completes the sync and the mirror equals a fault-free one.
func TestFaults_OutageMidSync(t *testing.T) {
	forBoth(t, func(t *testing.T, dep confluence.Deployment) {
		kind := "list"
		if dep == confluence.DataCenter {
			kind = "content"
		}
		outageAt(t, dep, kind)
	})
}

// TestBug_OutageAfterListingChangesMirror starts the outage after the
// page listing, at the attachment listing or the first body batch. The
// sync fails, but it has already moved, renamed and deleted folders:
// the mirror is no longer the one before the sync, and pages that link
// to a moved page point at a folder that is gone until the next sync.
func TestBug_OutageAfterListingChangesMirror(t *testing.T) {
	points := map[confluence.Deployment][]string{
		confluence.Cloud:      {"search", "bodies"},
		confluence.DataCenter: {"search"},
	}
	forBoth(t, func(t *testing.T, dep confluence.Deployment) {
		for _, kind := range points[dep] {
			t.Run(kind, func(t *testing.T) {
				outageAt(t, dep, kind)
			})
		}
	})
}

// outageAt runs the outage scenario with the outage starting at the
// first request of kind.
func outageAt(t *testing.T, dep confluence.Deployment, kind string) {
	e := faultSpace(t, dep)
	tp := newTap(t, e.srv.URL())
	w := &waits{}
	cfg := e.config(tp.URL(), w)
	cfg.Retry.MaxAttempts = 3
	cfg.Breaker = confluence.BreakerConfig{
		FailureThreshold: 2, Delay: breakerDelay,
	}
	c := e.client(cfg)
	m, ref := newMirror(t), newMirror(t)
	m.mustSync(c, "DOC")
	ref.mustSync(e.plainClient(), "DOC")

	changeSpace(t, e.srv, "DOC")
	before := readTree(t, m.out)
	tp.reset()
	tp.onRequest(func(k string, n int64, _ *http.Request) {
		if k == kind && n == 1 {
			e.srv.SetOutage(true)
		}
	})
	_, err := m.sync(context.Background(), c, "DOC")
	if !errors.Is(err, confluence.ErrCircuitOpen) {
		t.Fatalf("sync in an outage: %v, want ErrCircuitOpen", err)
	}
	failed := total(tp.requests())
	after := readTree(t, m.out)
	sameTree(t, "mirror after the failed sync", before, after)
	if broken := brokenLinks(after); len(broken) > 0 {
		t.Errorf("%d broken links after the failed sync, first: %s",
			len(broken), broken[0])
	}

	// Fails fast: the failed attempts that opened the breaker and the
	// requests already under way, not one per page.
	if failed > 40 {
		t.Errorf("%d requests in a sync that met an outage", failed)
	}
	e.srv.SetOutage(false)
	time.Sleep(2 * breakerDelay)
	m.mustSync(c, "DOC")
	ref.mustSync(e.plainClient(), "DOC")
	sameTree(t, "mirror after the outage", sameSite(readTree(t, ref.out)),
		sameSite(readTree(t, m.out)))
	if broken := brokenLinks(readTree(t, m.out)); len(broken) > 0 {
		t.Errorf("%d broken links after recovery, first: %s",
			len(broken), broken[0])
	}
}
