package sync

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"runtime"
	"strconv"
	"strings"
	"testing"

	"github.com/cfmirror/cfmirror/internal/confluence"
	"github.com/cfmirror/cfmirror/internal/confluence/confluencetest"
	"github.com/cfmirror/cfmirror/internal/store"
)

// ceil divides rounding up.
func ceil(n, d int) int64 { return int64((n + d - 1) / d) }

func TestEngine_RequestBudget(t *testing.T) {
	const pages, atts = 300, 120
	h := newHarness(t, confluence.Cloud)
	h.must(h.srv.Seed("BIG", pages, atts, 1))
	h.srv.ResetRequests()

	// First sync: inventory, body batches, attachment listing and one
	// download per attachment (plus space and user look-ups).
	first := h.sync("BIG")
	reqs := h.srv.Requests()
	if got := reqs[confluence.ReqBodies]; got > ceil(pages+1, 250) {
		t.Errorf("first sync: %d body requests for %d pages", got, pages)
	}
	if got := reqs[confluence.ReqDownload]; got != int64(first.AttachmentsDownloaded) {
		t.Errorf("first sync: %d downloads for %d attachments",
			got, first.AttachmentsDownloaded)
	}

	// No change: ⌈N/250⌉ + ⌈A/100⌉ + 3 requests, no downloads.
	h.srv.ResetRequests()
	sum := h.sync("BIG")
	reqs = h.srv.Requests()
	budget := ceil(pages+1, 250) + ceil(atts, 100) + 3
	if n := total(reqs); n > budget || len(sum.Paths) != 0 {
		t.Errorf("no-op sync: %d requests (budget %d), paths %q: %v",
			n, budget, sum.Paths, reqs)
	}

	// k changed pages add at most ⌈k/250⌉ requests.
	ids := h.srv.PageIDs("BIG")
	for _, id := range ids[:10] {
		h.must(h.srv.EditPage(id, "<p>edited "+id+"</p>"))
	}
	h.srv.ResetRequests()
	sum = h.sync("BIG")
	if n := total(h.srv.Requests()); n > budget+1 {
		t.Errorf("10 edits: %d requests (budget %d)", n, budget+1)
	}
	if sum.Changed != 10 {
		t.Errorf("changed = %d, want 10", sum.Changed)
	}
}

// benchSpace seeds a Cloud fake with n pages and n/4 attachments.
func benchSpace(b *testing.B, n int) (*confluencetest.Server, confluence.Client) {
	b.Helper()
	srv := confluencetest.New(confluencetest.Options{})
	b.Cleanup(srv.Close)
	if err := srv.Seed("BEN", n, n/4, 1); err != nil {
		b.Fatal(err)
	}
	user, token := srv.Credentials()
	c, err := confluence.New(context.Background(), confluence.Config{
		URL: srv.URL(), User: user, Token: token, Logger: quietLogger(),
	})
	if err != nil {
		b.Fatal(err)
	}
	return srv, c
}

// benchEngine opens a state file in dir and an engine over it that
// mirrors into dir/out; done closes the state file.
func benchEngine(b *testing.B, c confluence.Client,
	dir string) (e *Engine, done func()) {
	b.Helper()
	st, err := store.Open(filepath.Join(dir, "state.db"), store.Options{})
	if err != nil {
		b.Fatal(err)
	}
	e, err = New(c, st, Options{
		Output: filepath.Join(dir, "out"), Logger: quietLogger(),
	})
	if err != nil {
		st.Close()
		b.Fatal(err)
	}
	return e, func() { st.Close() }
}

// benchSync runs one sync into dir and reports its requests.
func benchSync(b *testing.B, c confluence.Client, dir string) Summary {
	b.Helper()
	e, done := benchEngine(b, c, dir)
	defer done()
	sum, err := e.Sync(context.Background(), "BEN", false)
	if err != nil {
		b.Fatal(err)
	}
	return sum
}

// reportMemory reports the peak resident set size in MB (Linux) and
// the heap in use.
func reportMemory(b *testing.B) {
	var ms runtime.MemStats
	runtime.ReadMemStats(&ms)
	b.ReportMetric(float64(ms.HeapInuse)/(1<<20), "heap-MB")
	raw, err := os.ReadFile("/proc/self/status")
	if err != nil {
		return
	}
	for _, line := range strings.Split(string(raw), "\n") {
		if rest, ok := strings.CutPrefix(line, "VmHWM:"); ok {
			kb, _ := strconv.Atoi(strings.Fields(rest)[0])
			b.ReportMetric(float64(kb)/1024, "peak-RSS-MB")
		}
	}
}

func BenchmarkSync(b *testing.B) {
	for _, n := range []int{1000, 10000} {
		b.Run(fmt.Sprintf("first/%d", n), func(b *testing.B) {
			_, c := benchSpace(b, n)
			var sum Summary
			for b.Loop() {
				sum = benchSync(b, c, b.TempDir())
			}
			b.ReportMetric(float64(total(sum.Requests)), "requests")
			reportMemory(b)
		})
		b.Run(fmt.Sprintf("noop/%d", n), func(b *testing.B) {
			_, c := benchSpace(b, n)
			dir := b.TempDir()
			benchSync(b, c, dir)
			var sum Summary
			for b.Loop() {
				sum = benchSync(b, c, dir)
			}
			b.ReportMetric(float64(total(sum.Requests)), "requests")
			reportMemory(b)
		})
		b.Run(fmt.Sprintf("changed1pct/%d", n), func(b *testing.B) {
			srv, c := benchSpace(b, n)
			dir := b.TempDir()
			benchSync(b, c, dir)
			ids := srv.PageIDs("BEN")
			var sum Summary
			round := 0
			for b.Loop() {
				b.StopTimer()
				round++
				for _, id := range ids[:len(ids)/100] {
					srv.EditPage(id, fmt.Sprintf("<p>round %d</p>", round))
				}
				b.StartTimer()
				sum = benchSync(b, c, dir)
			}
			b.ReportMetric(float64(total(sum.Requests)), "requests")
			reportMemory(b)
		})
	}
}
