package bench

import (
	"context"
	"fmt"
	"os"
	"time"
)

// Report holds every measurement of a Run, in the order taken.
type Report struct {
	Config  Config
	Sizes   []Measurement // first, no-op and 1 % changed per size
	Sweep   []Measurement // first syncs of Config.SweepSize pages
	Limited *Measurement  // the rate-limited first sync; nil if skipped
}

// Run takes every measurement Config asks for. It stops at the first
// sync that fails, returning what it measured so far with the error.
func Run(ctx context.Context, c Config) (Report, error) {
	c, err := c.withDefaults()
	if err != nil {
		return Report{}, fmt.Errorf("bench config: %w", err)
	}
	dir, err := os.MkdirTemp(c.Dir, "cfmirror-bench-")
	if err != nil {
		return Report{}, fmt.Errorf("create scratch folder: %w", err)
	}
	defer os.RemoveAll(dir)

	r := Report{Config: c}
	for _, n := range c.Sizes {
		ms, err := runSize(ctx, c, dir, n)
		r.Sizes = append(r.Sizes, ms...)
		if err != nil {
			return r, err
		}
	}
	if r.Sweep, err = runSweep(ctx, c, dir); err != nil {
		return r, err
	}
	if c.RateLimit > 0 {
		m, err := runLimited(ctx, c, dir)
		r.Limited = &m
		if err != nil {
			return r, err
		}
	}
	return r, nil
}

// runSize measures a first sync of n pages, a no-op sync and a sync
// after 1 % of the pages changed, into one mirror.
func runSize(ctx context.Context, c Config, dir string, n int) ([]Measurement, error) {
	s, err := newSite(ctx, c, n)
	if err != nil {
		return nil, err
	}
	defer s.Close()
	m, err := newMirror(dir, fmt.Sprintf("size-%d", n))
	if err != nil {
		return nil, err
	}

	var out []Measurement
	step := func(name string, changed int) error {
		res, err := measure(ctx, c, s, m, c.Workers, name)
		res.Changed = changed
		out = append(out, res)
		return err
	}
	if err := step("first", 0); err != nil {
		return out, err
	}
	if err := step("no-op", 0); err != nil {
		return out, err
	}
	k, err := s.editPercent(1, 1)
	if err != nil {
		return out, fmt.Errorf("edit pages: %w", err)
	}
	return out, step("1% changed", k)
}

// measure runs one sync, names it and logs one line about it.
func measure(ctx context.Context, c Config, s *site, m *mirror,
	workers int, name string) (Measurement, error) {
	res, err := m.run(ctx, c, s, workers)
	res.Name = name
	if err == nil {
		err = res.Err
	}
	if err != nil {
		err = fmt.Errorf("%s sync of %d pages: %w", name, s.pages, err)
		res.Err = err
	}
	fmt.Fprintf(c.Log, "%-12s pages=%-6d workers=%-3d wall=%-8s "+
		"requests=%-6d rss=%s\n", name, res.Pages, workers,
		res.Wall.Round(time.Millisecond), total(res.Requests),
		mib(res.RSSPeak))
	return res, err
}

// runSweep measures a first sync of SweepSize pages per worker count.
// The site is shared; each count gets a fresh mirror.
func runSweep(ctx context.Context, c Config, dir string) ([]Measurement, error) {
	if len(c.Sweep) == 0 {
		return nil, nil
	}
	s, err := newSite(ctx, c, c.SweepSize)
	if err != nil {
		return nil, err
	}
	defer s.Close()

	var out []Measurement
	for _, w := range c.Sweep {
		m, err := newMirror(dir, fmt.Sprintf("sweep-%d", w))
		if err != nil {
			return out, err
		}
		res, err := measure(ctx, c, s, m, w, fmt.Sprintf("workers=%d", w))
		out = append(out, res)
		if err != nil {
			return out, err
		}
	}
	return out, nil
}

// runLimited measures a first sync against a server that allows only
// RateLimit requests a second and answers the rest 429 with
// Retry-After.
func runLimited(ctx context.Context, c Config, dir string) (Measurement, error) {
	s, err := newSite(ctx, c, c.RateLimitSize)
	if err != nil {
		return Measurement{}, err
	}
	defer s.Close()
	m, err := newMirror(dir, "limited")
	if err != nil {
		return Measurement{}, err
	}

	s.srv.SetRateLimit(c.RateLimit)
	name := fmt.Sprintf("limit %g/s", c.RateLimit)
	res, err := measure(ctx, c, s, m, c.Workers, name)
	res.Throttle = s.obs.snapshot()
	return res, err
}

func total(m map[string]int64) int64 {
	var n int64
	for _, v := range m {
		n += v
	}
	return n
}

// mib formats bytes as mebibytes.
func mib(b uint64) string {
	return fmt.Sprintf("%.1f MiB", float64(b)/(1<<20))
}
