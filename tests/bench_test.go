package tests

import (
	"bytes"
	"context"
	"strings"
	"testing"

	"github.com/cfmirror/cfmirror/cmd/cfmirror-bench/bench"
	"github.com/cfmirror/cfmirror/internal/confluence"
)

// TestBench_Quick runs the benchmark harness on tiny spaces without
// latency and checks its request counts, which do not depend on timing,
// and that the rate-limited run completes without an early retry.
func TestBench_Quick(t *testing.T) {
	c := bench.Quick()
	c.Sizes = []int{250}
	c.Sweep = []int{1, 4}
	c.SweepSize = 60
	c.RateLimit, c.RateLimitSize = 20, 30
	c.Dir = t.TempDir()
	r, err := bench.Run(context.Background(), c)
	if err != nil {
		t.Fatal(err)
	}

	// 251 pages (with the home page) and 50 attachments: pages in 2
	// listing requests and 2 body batches, attachments in one listing.
	want := map[string]map[string]int64{
		"first": {
			confluence.ReqSpace: 1, confluence.ReqList: 2,
			confluence.ReqBodies: 2, confluence.ReqAttachments: 1,
			confluence.ReqDownload: 50,
		},
		"no-op": {
			confluence.ReqSpace: 1, confluence.ReqList: 2,
			confluence.ReqAttachments: 1,
		},
		"1% changed": {
			confluence.ReqSpace: 1, confluence.ReqList: 2,
			confluence.ReqBodies: 1, confluence.ReqAttachments: 1,
		},
	}
	if len(r.Sizes) != 3 {
		t.Fatalf("%d measurements, want 3", len(r.Sizes))
	}
	for _, m := range r.Sizes {
		got := m.Requests
		delete(got, confluence.ReqUser) // see TestBug_UserLookedUpOnce
		if !sameCounts(got, want[m.Name]) {
			t.Errorf("%s: requests %v, want %v", m.Name, got, want[m.Name])
		}
	}
	if r.Sizes[2].Changed != 2 || r.Sizes[1].Bytes != 0 {
		t.Errorf("changed %d pages, no-op wrote %d bytes",
			r.Sizes[2].Changed, r.Sizes[1].Bytes)
	}
	if len(r.Sweep) != 2 || r.Sweep[1].Requests[confluence.ReqDownload] != 12 {
		t.Errorf("sweep: %+v", r.Sweep)
	}
	if l := r.Limited; l == nil || l.Err != nil || l.Throttle.Early != 0 {
		t.Errorf("rate-limited run: %+v", l)
	}

	var out bytes.Buffer
	if err := r.Markdown(&out); err != nil {
		t.Fatal(err)
	}
	for _, s := range []string{"| first | 251 | 50 |", "fetch everything",
		"| 251 | 50 | ", "| no-op sync of 251 pages: ≤ 6 requests | 4 | PASS |"} {
		if !strings.Contains(out.String(), s) {
			t.Errorf("report lacks %q:\n%s", s, out.String())
		}
	}
}

// sameCounts compares request counts, ignoring zero entries.
func sameCounts(a, b map[string]int64) bool {
	for k, v := range a {
		if v != b[k] {
			return false
		}
	}
	for k, v := range b {
		if v != a[k] {
			return false
		}
	}
	return true
}
