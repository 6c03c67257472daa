package bench

import (
	"fmt"
	"io"
	"maps"
	"slices"
	"strings"
	"time"
)

// Markdown writes the report as Markdown tables, followed by the
// comparison with a fetch-everything tool and the target checks.
func (r Report) Markdown(w io.Writer) error {
	p := &printer{w: w}
	c := r.Config
	p.f("Fake Confluence Cloud, %s latency per request, one attachment "+
		"per %d pages, %d workers unless stated.\n\n",
		c.Latency, c.AttachEvery, c.Workers)

	p.f("### Syncs by space size\n\n")
	p.measurements(r.Sizes, false)
	p.f("\n### Requests per run against a tool that fetches everything\n\n")
	p.naive(r.Sizes)
	if len(r.Sweep) > 0 {
		p.f("\n### Worker sweep: first sync of %d pages\n\n", c.SweepSize)
		p.measurements(r.Sweep, true)
	}
	if r.Limited != nil {
		p.f("\n### Server-side rate limit: %g requests/s\n\n", c.RateLimit)
		p.limited(*r.Limited)
	}
	p.f("\n### Efficiency targets\n\n")
	p.checks(r.Checks())
	return p.err
}

// printer writes formatted text and keeps the first error.
type printer struct {
	w   io.Writer
	err error
}

func (p *printer) f(format string, args ...any) {
	if p.err == nil {
		_, p.err = fmt.Fprintf(p.w, format, args...)
	}
}

// row writes one table row.
func (p *printer) row(cells ...string) {
	p.f("| %s |\n", strings.Join(cells, " | "))
}

// header writes a table header and its rule.
func (p *printer) header(cells ...string) {
	p.row(cells...)
	rule := make([]string, len(cells))
	for i := range rule {
		rule[i] = "---:"
	}
	rule[0] = "---"
	p.row(rule...)
}

func (p *printer) measurements(ms []Measurement, sweep bool) {
	first := "sync"
	if sweep {
		first = "workers"
	}
	p.header(first, "pages", "attachments", "wall", "requests",
		"by kind", "written", "heap peak", "RSS peak")
	for _, m := range ms {
		name := m.Name
		if sweep {
			name = fmt.Sprint(m.Workers)
		}
		p.row(name, fmt.Sprint(m.Pages), fmt.Sprint(m.Atts),
			wall(m.Wall), fmt.Sprint(total(m.Requests)),
			byKind(m.Requests), mib(uint64(m.Bytes)),
			mib(m.HeapPeak), mib(m.RSSPeak))
	}
}

// naive compares cfmirror's requests with a tool that lists the space
// and then fetches every page and every attachment on every run.
func (p *printer) naive(ms []Measurement) {
	p.header("pages", "attachments", "cfmirror first",
		"cfmirror no-op", "cfmirror 1% changed", "fetch everything, every run")
	byPages := map[int][]Measurement{}
	for _, m := range ms {
		byPages[m.Pages] = append(byPages[m.Pages], m)
	}
	for _, n := range slices.Sorted(maps.Keys(byPages)) {
		cells := []string{fmt.Sprint(n), fmt.Sprint(byPages[n][0].Atts)}
		for _, name := range []string{"first", "no-op", "1% changed"} {
			cells = append(cells, requestsOf(byPages[n], name))
		}
		atts := byPages[n][0].Atts
		everything := ceilDiv(n, 250) + int64(n) + int64(atts)
		p.row(append(cells, fmt.Sprint(everything))...)
	}
}

func requestsOf(ms []Measurement, name string) string {
	for _, m := range ms {
		if m.Name == name {
			return fmt.Sprint(total(m.Requests))
		}
	}
	return "–"
}

func (p *printer) limited(m Measurement) {
	th := m.Throttle
	result := "completed"
	if m.Err != nil {
		result = "FAILED: " + m.Err.Error()
	}
	p.header("pages", "wall", "requests sent", "answered 429",
		"retried", "retried before Retry-After", "least margin", "result")
	p.row(fmt.Sprint(m.Pages), wall(m.Wall),
		fmt.Sprint(total(m.Requests)), fmt.Sprint(th.Limited),
		fmt.Sprint(th.Retried), fmt.Sprint(th.Early),
		th.MinSlack.Round(time.Millisecond).String(), result)
}

func (p *printer) checks(cs []Check) {
	p.header("target", "measured", "result")
	for _, c := range cs {
		verdict := "PASS"
		if !c.Pass {
			verdict = "FAIL"
		}
		p.row(c.Target, c.Got, verdict)
	}
}

// Passed reports whether every target was met.
func (r Report) Passed() bool {
	for _, c := range r.Checks() {
		if !c.Pass {
			return false
		}
	}
	return true
}

// byKind lists the non-zero request counts, kinds sorted.
func byKind(m map[string]int64) string {
	var parts []string
	for _, k := range slices.Sorted(maps.Keys(m)) {
		if m[k] > 0 {
			parts = append(parts, fmt.Sprintf("%s %d", k, m[k]))
		}
	}
	return strings.Join(parts, ", ")
}

func wall(d time.Duration) string {
	return d.Round(10 * time.Millisecond).String()
}
