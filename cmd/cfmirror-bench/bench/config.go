package bench

import (
	"errors"
	"fmt"
	"io"
	"log/slog"
	"slices"
	"time"
)

// Config selects what Run measures. The zero value of each field means
// the default named in its comment.
type Config struct {
	// Sizes are the space sizes, in pages, measured with a first, a
	// no-op and a 1 %-changed sync (default 500, 2000, 10000).
	Sizes []int
	// AttachEvery gives one attachment per that many pages (default 5).
	AttachEvery int
	// Latency is added by the fake to every request (default 50ms; a
	// negative value means none).
	Latency time.Duration
	// Workers is the engine's worker count outside the sweep (default 20).
	Workers int
	// Sweep are the worker counts tried on a first sync of SweepSize
	// pages (default 1, 5, 20, 50; empty after defaults means none).
	Sweep []int
	// SweepSize is the space size of the sweep (default 2000).
	SweepSize int
	// RateLimit is the server-side limit in requests a second for the
	// rate-limited run (default 20; negative skips the run).
	RateLimit float64
	// RateLimitSize is the space size of the rate-limited run (default
	// 500).
	RateLimitSize int
	// Dir holds the scratch mirrors and state files; Run creates and
	// removes a folder inside it (default os.TempDir()).
	Dir string
	// Seed makes the generated spaces (default 1).
	Seed int64
	// Log receives one line per measured sync (default: discarded).
	Log io.Writer
	// Logger receives the engine's and client's log (default: discarded).
	Logger *slog.Logger
}

// Quick returns a configuration for a smoke run: tiny spaces, no
// latency, a short sweep and a small rate-limited run.
func Quick() Config {
	return Config{
		Sizes:         []int{100},
		Latency:       -1,
		Sweep:         []int{1, 5},
		SweepSize:     100,
		RateLimit:     10,
		RateLimitSize: 40,
	}
}

// withDefaults fills zero fields and validates the others.
func (c Config) withDefaults() (Config, error) {
	if len(c.Sizes) == 0 {
		c.Sizes = []int{500, 2000, 10000}
	}
	defInt(&c.AttachEvery, 5)
	defInt(&c.Workers, 20)
	defInt(&c.SweepSize, 2000)
	defInt(&c.RateLimitSize, 500)
	if c.Latency == 0 {
		c.Latency = 50 * time.Millisecond
	}
	c.Latency = max(c.Latency, 0)
	if c.Sweep == nil {
		c.Sweep = []int{1, 5, 20, 50}
	}
	if c.RateLimit == 0 {
		c.RateLimit = 20
	}
	if c.Seed == 0 {
		c.Seed = 1
	}
	if c.Log == nil {
		c.Log = io.Discard
	}
	if c.Logger == nil {
		c.Logger = slog.New(slog.DiscardHandler)
	}
	return c, c.validate()
}

func defInt(p *int, v int) {
	if *p == 0 {
		*p = v
	}
}

// validate names the first field out of range.
func (c Config) validate() error {
	sizes := append(slices.Clone(c.Sizes), c.SweepSize, c.RateLimitSize)
	if slices.Min(sizes) < 1 {
		return errors.New("sizes must be at least 1 page")
	}
	if c.AttachEvery < 1 {
		return fmt.Errorf("attach every %d: must be at least 1", c.AttachEvery)
	}
	workers := append(slices.Clone(c.Sweep), c.Workers)
	if slices.Min(workers) < 1 {
		return errors.New("worker counts must be at least 1")
	}
	return nil
}

// attachments is the number of attachments seeded for n pages.
func (c Config) attachments(n int) int { return n / c.AttachEvery }
