package daemon

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"runtime/debug"
	"slices"
	"time"

	"github.com/cfmirror/cfmirror/internal/confluence"
	"github.com/cfmirror/cfmirror/internal/store"
	"github.com/cfmirror/cfmirror/internal/sync"
)

// request asks for one sync round.
type request struct {
	spaces  []string // nil = every configured space
	full    bool
	trigger string // "schedule", "start-up", "socket": for the log
}

// SpaceResult is the outcome of syncing one space.
type SpaceResult struct {
	Space   string
	Summary sync.Summary
	// Error is the failure, "" on success.
	Error string `json:",omitempty"`
}

// Failed reports whether the space's sync failed.
func (r SpaceResult) Failed() bool { return r.Error != "" }

// acquire waits for the round token; false when ctx ended first.
func (d *Daemon) acquire(ctx context.Context) bool {
	select {
	case d.busy <- struct{}{}:
		return true
	case <-ctx.Done():
		return false
	}
}

func (d *Daemon) release() { <-d.busy }

// scheduled is the cron job: it skips the tick when another round (a
// socket request, say) is still running rather than queueing behind it.
func (d *Daemon) scheduled(ctx context.Context) {
	select {
	case d.busy <- struct{}{}:
	default:
		d.log.Info("scheduled sync skipped: another sync is running")
		return
	}
	defer d.release()
	d.locked(ctx, request{trigger: "schedule"}, nil)
}

// round waits its turn and runs one sync round. sink, when not nil,
// receives the engine's progress. It returns nil results when ctx ended
// before the round could start.
func (d *Daemon) round(ctx context.Context, req request,
	sink func(sync.Progress)) []SpaceResult {
	if !d.acquire(ctx) {
		return nil
	}
	defer d.release()
	return d.locked(ctx, req, sink)
}

// locked runs a round; the caller holds the token.
func (d *Daemon) locked(ctx context.Context, req request,
	sink func(sync.Progress)) []SpaceResult {
	d.mu.Lock()
	cfg, syncer := d.cfg, d.syncer
	d.sink = sink
	d.mu.Unlock()
	defer d.setRunning("")

	spaces := req.spaces
	if len(spaces) == 0 {
		spaces = cfg.Spaces
	}
	log := d.log.With("trigger", req.trigger)
	start := time.Now()

	var results []SpaceResult
	for _, space := range spaces {
		if ctx.Err() != nil {
			break
		}
		d.setRunning(space)
		sum, err := syncSpace(ctx, log, syncer, space, req.full)
		results = append(results, d.record(ctx, log, space, sum, err))
	}

	paths, _ := changedPaths(results)
	log.Info("sync round finished", "spaces", len(results),
		"failed", countFailed(results), "changed", len(paths),
		"duration", time.Since(start).Round(time.Millisecond))
	RunOnChange(ctx, log, cfg, results)
	return results
}

// syncSpace runs one space's sync and turns a panic into that space's
// error, logged with its stack: whether the round came from the
// schedule, start-up or a socket client, the daemon keeps running.
func syncSpace(ctx context.Context, log *slog.Logger, syncer Syncer,
	space string, full bool) (sum sync.Summary, err error) {
	defer func() {
		if r := recover(); r != nil {
			log.Error("sync panicked", "space", space, "panic", r,
				"stack", string(debug.Stack()))
			err = fmt.Errorf("sync %s: panic: %v", space, r)
		}
	}()
	return syncer.Sync(ctx, space, full)
}

func (d *Daemon) setRunning(space string) {
	d.mu.Lock()
	d.running = space
	if space == "" {
		d.sink = nil
	}
	d.mu.Unlock()
	d.metrics.running(space != "")
	d.opts.Notify.Notify("STATUS=" + d.statusLine())
}

// record logs and counts one space's outcome.
func (d *Daemon) record(ctx context.Context, log *slog.Logger,
	space string, sum sync.Summary, err error) SpaceResult {
	log = log.With("space", space)
	d.metrics.observe(space, sum, err)
	if err == nil {
		d.resetFailures(space)
		log.Debug("space synced", "pages", sum.Pages,
			"changed", len(sum.Paths))
		return SpaceResult{Space: space, Summary: sum}
	}

	res := SpaceResult{Space: space, Summary: sum, Error: err.Error()}
	if errors.Is(err, context.Canceled) && ctx.Err() != nil {
		log.Info("sync cancelled")
		return res
	}
	n := d.addFailure(space)
	log.Error("sync failed", "error", err, "failures", n)
	if n%d.opts.FailureHint == 0 {
		log.Warn("sync keeps failing; retrying at the next scheduled run",
			"failures", n, "hint", hint(err))
	}
	return res
}

func (d *Daemon) addFailure(space string) int {
	d.mu.Lock()
	defer d.mu.Unlock()
	d.failures[space]++
	n := d.failures[space]
	d.metrics.failures(space, n)
	return n
}

func (d *Daemon) resetFailures(space string) {
	d.mu.Lock()
	defer d.mu.Unlock()
	delete(d.failures, space)
	d.metrics.failures(space, 0)
}

// hint suggests what an operator can do about a repeated failure.
func hint(err error) string {
	switch {
	case errors.Is(err, confluence.ErrUnauthorized):
		return "the token was refused: renew it; one written in " +
			"the config file or token-file is read again on reload " +
			"(SIGHUP or saving the config file), one from the " +
			"environment or a systemd credential (LoadCredential=) " +
			"only on restart"
	case errors.Is(err, confluence.ErrForbidden):
		return "the account lacks permission to read the space"
	case errors.Is(err, confluence.ErrCircuitOpen):
		return "Confluence keeps failing or is unreachable; " +
			"the previous mirror stays as it is"
	case errors.Is(err, sync.ErrTooManyDeletions):
		return "check the space in Confluence, or raise max-delete " +
			"if the deletions are intended"
	case errors.Is(err, store.ErrLocked):
		return "another process holds the state file"
	}
	return "check the error above; the previous mirror stays as it is"
}

// changedPaths merges the changed paths of all spaces, sorted, and the
// spaces that changed anything.
func changedPaths(results []SpaceResult) (paths, spaces []string) {
	for _, r := range results {
		if len(r.Summary.Paths) == 0 {
			continue
		}
		spaces = append(spaces, r.Space)
		paths = append(paths, r.Summary.Paths...)
	}
	slices.Sort(paths)
	return slices.Compact(paths), spaces
}

func countFailed(results []SpaceResult) int {
	n := 0
	for _, r := range results {
		if r.Failed() {
			n++
		}
	}
	return n
}
