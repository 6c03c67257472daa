package bench

import (
	"fmt"

	"github.com/cfmirror/cfmirror/internal/confluence"
)

// Request kinds the targets single out.
const (
	kindDownload = confluence.ReqDownload
	kindBodies   = confluence.ReqBodies
	kindList     = confluence.ReqList
	kindAtts     = confluence.ReqAttachments
)

// maxRSS10k is the peak RSS allowed for a space of 10,000 pages.
const maxRSS10k = 150 << 20

// Check is one efficiency target checked against a measurement.
type Check struct {
	Target string // what is promised, with the numbers filled in
	Got    string // what was measured
	Pass   bool
}

// ceilDiv divides rounding up.
func ceilDiv(n, d int) int64 { return int64((n + d - 1) / d) }

// noopBudget is the most requests a sync with nothing changed may cost.
func noopBudget(pages, atts int) int64 {
	return ceilDiv(pages, 250) + ceilDiv(atts, 100) + 3
}

// firstBudget is the most requests a first sync may cost: the
// inventory, the body batches, the attachment listing, one download per
// attachment, and the space and user look-ups.
func firstBudget(pages, atts, users int) int64 {
	return 2*ceilDiv(pages, 250) + ceilDiv(atts, 100) + int64(atts) +
		3 + int64(users)
}

// seedUsers is the number of distinct users the generated pages mention;
// a first sync looks each up once.
const seedUsers = 3

// Checks evaluates the efficiency targets against the report.
func (r Report) Checks() []Check {
	var out []Check
	for _, m := range r.Sizes {
		if m.Err != nil {
			continue
		}
		switch m.Name {
		case "first":
			out = append(out, checkFirst(m)...)
		case "no-op":
			out = append(out, checkNoop(m)...)
		case "1% changed":
			out = append(out, checkChanged(m))
		}
		if m.Pages >= 10000 {
			out = append(out, checkRSS(m))
		}
	}
	if m := r.Limited; m != nil {
		out = append(out, checkLimited(*m))
	}
	return out
}

func checkFirst(m Measurement) []Check {
	got := m.Requests
	budget := firstBudget(m.Pages, m.Atts, seedUsers)
	batches := ceilDiv(m.Pages, 250)
	return []Check{{
		Target: fmt.Sprintf("first sync of %d pages: ≤ %d requests",
			m.Pages, budget),
		Got:  fmt.Sprintf("%d", total(got)),
		Pass: total(got) <= budget,
	}, {
		Target: fmt.Sprintf("first sync of %d pages: ≤ %d body batches, "+
			"%d downloads", m.Pages, batches, m.Atts),
		Got:  fmt.Sprintf("%d, %d", got[kindBodies], got[kindDownload]),
		Pass: got[kindBodies] <= batches && got[kindDownload] == int64(m.Atts),
	}}
}

func checkNoop(m Measurement) []Check {
	budget := noopBudget(m.Pages, m.Atts)
	n := total(m.Requests)
	return []Check{{
		Target: fmt.Sprintf("no-op sync of %d pages: ≤ %d requests",
			m.Pages, budget),
		Got:  fmt.Sprintf("%d", n),
		Pass: n <= budget,
	}, {
		Target: fmt.Sprintf("no-op sync of %d pages: nothing downloaded "+
			"or written", m.Pages),
		Got: fmt.Sprintf("%d downloads, %d bytes",
			m.Requests[kindDownload], m.Bytes),
		Pass: m.Requests[kindDownload] == 0 && m.Bytes == 0,
	}}
}

func checkChanged(m Measurement) Check {
	budget := noopBudget(m.Pages, m.Atts) + ceilDiv(m.Changed, 250)
	n := total(m.Requests)
	return Check{
		Target: fmt.Sprintf("sync of %d pages after %d edits: ≤ %d "+
			"requests", m.Pages, m.Changed, budget),
		Got:  fmt.Sprintf("%d", n),
		Pass: n <= budget && m.Requests[kindDownload] == 0,
	}
}

func checkRSS(m Measurement) Check {
	return Check{
		Target: fmt.Sprintf("%s sync of %d pages: peak RSS < %s",
			m.Name, m.Pages, mib(maxRSS10k)),
		Got:  mib(m.RSSPeak),
		Pass: m.RSSPeak > 0 && m.RSSPeak < maxRSS10k,
	}
}

func checkLimited(m Measurement) Check {
	th := m.Throttle
	return Check{
		Target: "rate-limited sync completes, no retry before Retry-After",
		Got: fmt.Sprintf("err=%v, %d answered 429, %d retried early",
			m.Err, th.Limited, th.Early),
		Pass: m.Err == nil && th.Early == 0,
	}
}
