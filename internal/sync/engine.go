package sync

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"time"

	"github.com/cfmirror/cfmirror/internal/confluence"
	"github.com/cfmirror/cfmirror/internal/store"
)

// Errors a sync can end with. The returned errors wrap these; test them
// with errors.Is.
var (
	// ErrIncompleteListing means the page or attachment listing ended
	// early: stale content was written, but nothing was moved or deleted.
	ErrIncompleteListing = errors.New("incomplete listing")
	// ErrTooManyDeletions means the run would have deleted more than
	// Options.MaxDelete of the space's pages; it deleted nothing.
	ErrTooManyDeletions = errors.New("too many deletions")
	// ErrPages means some pages could not be rendered or written; the
	// others were.
	ErrPages = errors.New("some pages failed")
)

// Engine mirrors Confluence spaces into Options.Output. Sync may be
// called for different spaces one after another, never concurrently on
// the same store.
type Engine struct {
	client confluence.Client
	store  *store.Store
	opts   Options
	log    *slog.Logger

	// renameFault, when set by a test, is asked before every rename in
	// a space folder; an error stops the rename as a crash would.
	renameFault func(from, to string) error
}

// New returns an engine that reads from c and keeps its state in st.
// It does not touch the disk until Sync.
func New(c confluence.Client, st *store.Store, opts Options) (*Engine, error) {
	if c == nil || st == nil {
		return nil, fmt.Errorf("new engine: client and store are required")
	}
	opts, err := opts.withDefaults()
	if err != nil {
		return nil, fmt.Errorf("new engine: %w", err)
	}
	return &Engine{client: c, store: st, opts: opts, log: opts.Logger}, nil
}

// withDefaults fills zero fields and validates the others.
func (o Options) withDefaults() (Options, error) {
	if o.Output == "" {
		return o, fmt.Errorf("options: output folder is required")
	}
	if o.Workers <= 0 {
		o.Workers = 20
	}
	if o.IndexName == "" {
		o.IndexName = "index.md"
	}
	if o.MaxDelete == 0 {
		o.MaxDelete = 0.5
	}
	if o.MaxDelete < 0 || o.MaxDelete > 1 {
		return o, fmt.Errorf("options: max delete %v not in 0..1", o.MaxDelete)
	}
	switch o.Nav {
	case "", "mkdocs", "summary":
	default:
		return o, fmt.Errorf("options: unknown nav %q", o.Nav)
	}
	if o.Logger == nil {
		o.Logger = slog.Default()
	}
	return o, nil
}

// Sync runs one sync of one space. full re-fetches every body and
// re-verifies every attachment instead of trusting the state. A failed
// sync leaves the previous mirror usable and records the failure in the
// store. Sync stops promptly when ctx is cancelled; files written up to
// then are committed, so the next run resumes where this one stopped.
func (e *Engine) Sync(ctx context.Context, spaceKey string, full bool) (Summary, error) {
	start := time.Now()
	before := e.client.Requests()
	mdOpts := e.opts.Markdown
	if mdOpts.BaseURL == "" {
		mdOpts.BaseURL = e.client.BaseURL()
	}
	r := &run{
		e:           e,
		key:         spaceKey,
		full:        full,
		log:         e.log.With("space", spaceKey),
		mdOpts:      mdOpts,
		fingerprint: fingerprint(mdOpts, e.opts.IndexName),
		sum:         Summary{Space: spaceKey},
		paths:       make(map[string]bool),
		restored:    make(map[string]bool),
		users:       make(map[string]bool),
		progress:    &progress{fn: e.opts.Progress, p: Progress{Space: spaceKey}},
	}

	err := r.do(ctx)
	if err != nil {
		err = fmt.Errorf("sync %s: %w", spaceKey, err)
	}
	r.sum.Requests = requestsSince(before, e.client.Requests())
	r.sum.Duration = time.Since(start)
	if rerr := e.record(r, start, err); rerr != nil {
		err = errors.Join(err, rerr)
	}
	e.logSummary(r, err)
	return r.sum, err
}

// ClientStats returns the counters and circuit breaker state of the
// engine's Confluence client, for metrics. Safe to call while Sync runs.
func (e *Engine) ClientStats() confluence.Stats {
	return e.client.Stats()
}
