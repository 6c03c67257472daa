package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"time"

	"github.com/cfmirror/cfmirror/internal/config"
	"github.com/cfmirror/cfmirror/internal/daemon"
	"github.com/cfmirror/cfmirror/internal/store"
)

// syncCmd runs one sync round and exits.
type syncCmd struct {
	configFlag
	Now   bool          `required:"" help:"Sync now (required: the daemon syncs on its schedule)."`
	Space []string      `placeholder:"KEY" help:"Sync only this space; repeat for more (default: all)."`
	Full  bool          `help:"Re-fetch every page body and re-check every attachment file."`
	Wait  time.Duration `default:"30s" help:"How long to wait for a state file held by another process."`
}

// Run asks a running daemon to sync, or syncs in this process when none
// runs, and prints the summary of each space.
func (c *syncCmd) Run() error {
	cfg, err := loadConfigNoToken(c.Config)
	if err != nil {
		return err
	}
	c.Space = unique(c.Space)
	for _, k := range c.Space {
		if !slices.Contains(cfg.Spaces, k) {
			return withCode(exitUsage, fmt.Errorf(
				"--space %s: not in the configuration (spaces: %v)",
				k, cfg.Spaces))
		}
	}
	log, _ := daemon.NewLogger(os.Stderr, cfg.Log)
	ctx, stop := daemon.ShutdownContext(context.Background(), log, os.Exit)
	defer stop()

	view := newProgressView(os.Stderr, log)
	results, err := c.sync(ctx, cfg, log, view)
	view.finish()
	if err != nil {
		return err
	}
	printResults(os.Stdout, results)
	return failedSpaces(results)
}

// unique returns keys without repeats, in the order first given.
func unique(keys []string) []string {
	var out []string
	for _, k := range keys {
		if !slices.Contains(out, k) {
			out = append(out, k)
		}
	}
	return out
}

// sync goes through the daemon when one answers, else runs locally.
func (c *syncCmd) sync(ctx context.Context, cfg config.Config,
	log *slog.Logger, view *progressView) ([]daemon.SpaceResult, error) {
	client := daemon.NewClient(cfg.SocketPath())
	results, err := viaDaemon(ctx, client, c.Space, c.Full, log, view)
	if !errors.Is(err, daemon.ErrNoDaemon) {
		return results, err
	}

	// A daemon that is starting up holds the state file before its
	// socket answers: keep asking while waiting for the file.
	var derr error
	ask := func() bool {
		results, derr = viaDaemon(ctx, client, c.Space, c.Full, log, view)
		return !errors.Is(derr, daemon.ErrNoDaemon)
	}
	if err := os.MkdirAll(filepath.Dir(cfg.State), 0o700); err != nil {
		return nil, fmt.Errorf("create state folder: %w", err)
	}
	st, err := openOrAsk(cfg.State, c.Wait, false, ask)
	if st == nil && err == nil {
		return results, derr
	}
	if errors.Is(err, store.ErrLocked) {
		return nil, withCode(exitLocked, fmt.Errorf("%w; no daemon "+
			"answers on %s: is another \"cfmirror sync --now\" running?",
			err, cfg.SocketPath()))
	}
	if err != nil {
		return nil, err
	}
	defer st.Close()
	return syncLocal(ctx, cfg, st, c.Space, c.Full, log, view)
}

func viaDaemon(ctx context.Context, client *daemon.Client, spaces []string,
	full bool, log *slog.Logger, view *progressView) ([]daemon.SpaceResult, error) {
	results, err := client.Sync(ctx, spaces, full, func(m daemon.Message) {
		switch {
		case m.Type == "queued":
			log.Info("asked the running daemon to sync; " +
				"waiting for it to start")
		case m.Progress != nil:
			view.update(*m.Progress)
		}
	})
	if err != nil && !errors.Is(err, daemon.ErrNoDaemon) {
		return nil, fmt.Errorf("sync through daemon: %w", err)
	}
	return results, err
}

// syncLocal runs the round in this process.
func syncLocal(ctx context.Context, cfg config.Config, st *store.Store,
	spaces []string, full bool, log *slog.Logger,
	view *progressView) ([]daemon.SpaceResult, error) {
	engine, err := newEngine(ctx, cfg, st, log, view.update)
	if err != nil {
		return nil, err
	}
	if len(spaces) == 0 {
		spaces = cfg.Spaces
	}
	var results []daemon.SpaceResult
	for _, space := range spaces {
		sum, err := engine.Sync(ctx, space, full)
		r := daemon.SpaceResult{Space: space, Summary: sum}
		if err != nil {
			r.Error = err.Error()
		}
		results = append(results, r)
		if ctx.Err() != nil {
			break
		}
	}
	daemon.RunOnChange(ctx, log, cfg, results)
	return results, nil
}

// printResults writes one summary line per space.
func printResults(w io.Writer, results []daemon.SpaceResult) {
	for _, r := range results {
		s := r.Summary
		if r.Failed() {
			fmt.Fprintf(w, "%s: FAILED: %s\n", r.Space, r.Error)
			continue
		}
		fmt.Fprintf(w, "%s: ok in %s: %d pages (%d new, %d changed, "+
			"%d moved, %d renamed, %d deleted, %d restored); "+
			"attachments %d downloaded, %d removed; %s written; "+
			"%d requests; %d paths changed\n",
			r.Space, s.Duration.Round(time.Millisecond), s.Pages, s.New,
			s.Changed, s.Moved, s.Renamed, s.Deleted, s.Restored,
			s.AttachmentsDownloaded, s.AttachmentsRemoved,
			humanBytes(s.Bytes), total(s.Requests), len(s.Paths))
	}
}

// failedSpaces is an error naming the spaces that failed, or nil.
func failedSpaces(results []daemon.SpaceResult) error {
	var failed []string
	for _, r := range results {
		if r.Failed() {
			failed = append(failed, r.Space)
		}
	}
	if len(failed) == 0 {
		return nil
	}
	return withCode(exitFailed, fmt.Errorf("sync failed for %s",
		strings.Join(failed, ", ")))
}

func total(m map[string]int64) int64 {
	var n int64
	for _, v := range m {
		n += v
	}
	return n
}

func humanBytes(n int64) string {
	const unit = 1024
	if n < unit {
		return fmt.Sprintf("%d B", n)
	}
	div, exp := int64(unit), 0
	for m := n / unit; m >= unit; m /= unit {
		div *= unit
		exp++
	}
	return fmt.Sprintf("%.1f %ciB", float64(n)/float64(div), "KMGTPE"[exp])
}
