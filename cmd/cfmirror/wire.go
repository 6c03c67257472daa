package main

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"os"
	"path/filepath"
	"time"

	"github.com/cfmirror/cfmirror/internal/config"
	"github.com/cfmirror/cfmirror/internal/confluence"
	"github.com/cfmirror/cfmirror/internal/daemon"
	"github.com/cfmirror/cfmirror/internal/markdown"
	"github.com/cfmirror/cfmirror/internal/store"
	"github.com/cfmirror/cfmirror/internal/sync"
)

// loadConfig reads the file; a problem is a usage error (exit 2).
func loadConfig(path string) (config.Config, error) {
	c, err := config.Load(path)
	return c, withCode(exitUsage, err)
}

// loadConfigNoToken reads the file for a command that may only talk to
// the daemon's socket, which needs no token; newClient checks it.
func loadConfigNoToken(path string) (config.Config, error) {
	c, err := config.LoadWithoutToken(path)
	return c, withCode(exitUsage, err)
}

// newClient maps the configuration onto the Confluence client.
func newClient(ctx context.Context, cfg config.Config,
	log *slog.Logger) (confluence.Client, error) {
	if err := cfg.RequireToken(); err != nil {
		return nil, withCode(exitUsage, err)
	}
	return confluence.New(ctx, confluence.Config{
		URL:        cfg.Confluence.URL,
		Deployment: confluence.Deployment(cfg.Confluence.Deployment),
		User:       cfg.Confluence.User,
		Token:      cfg.Confluence.Token,
		RateLimit:  cfg.RateLimit,
		Timeout:    cfg.Timeout,
		Retry: confluence.RetryConfig{
			MaxAttempts: cfg.Retry.MaxAttempts,
			MinWait:     cfg.Retry.MinWait,
			MaxWait:     cfg.Retry.MaxWait,
		},
		Breaker: confluence.BreakerConfig{
			FailureThreshold: cfg.Breaker.FailureThreshold,
			Delay:            cfg.Breaker.Delay,
		},
		Logger: log,
	})
}

// engineOptions maps the configuration onto the sync engine.
func engineOptions(cfg config.Config, baseURL string, log *slog.Logger,
	progress func(sync.Progress)) sync.Options {
	nav := cfg.Layout.Nav
	if nav == "none" {
		nav = ""
	}
	return sync.Options{
		Output:    cfg.Output,
		Workers:   cfg.Workers,
		IndexName: cfg.Layout.IndexName,
		MaxDelete: cfg.MaxDelete,
		Nav:       nav,
		Markdown: markdown.Options{
			BaseURL: baseURL,
			JiraURL: cfg.JiraURL,
			FrontMatter: markdown.FrontMatter{
				Disabled: !cfg.FrontMatter.Enabled,
				Fields:   cfg.FrontMatter.Fields,
				Extra:    cfg.FrontMatter.Extra,
			},
		},
		Logger:   log,
		Progress: progress,
	}
}

// syncerFactory builds engines over st for the daemon.
func syncerFactory(st *store.Store, log *slog.Logger) daemon.Factory {
	return func(ctx context.Context, cfg config.Config,
		progress func(sync.Progress)) (daemon.Syncer, error) {
		return newEngine(ctx, cfg, st, log, progress)
	}
}

func newEngine(ctx context.Context, cfg config.Config, st *store.Store,
	log *slog.Logger, progress func(sync.Progress)) (*sync.Engine, error) {
	client, err := newClient(ctx, cfg, log)
	if err != nil {
		return nil, err
	}
	if err := os.MkdirAll(cfg.Output, 0o755); err != nil {
		return nil, fmt.Errorf("create output folder: %w", err)
	}
	opts := engineOptions(cfg, client.BaseURL(), log, progress)
	return sync.New(client, st, opts)
}

// openState opens the state file, creating its folder, and waits up to
// wait for another process to release it.
func openState(path string, wait time.Duration) (*store.Store, error) {
	if err := os.MkdirAll(filepath.Dir(path), 0o700); err != nil {
		return nil, fmt.Errorf("create state folder: %w", err)
	}
	return store.Open(path, store.Options{Timeout: wait})
}

// lockPoll bounds one wait for the state file's lock before a command
// asks the daemon's socket again.
const lockPoll = 250 * time.Millisecond

// openOrAsk opens the state file for a command that runs without the
// daemon. While another process holds the file it asks ask, which
// reports whether a daemon answered, between short waits for the lock,
// for up to wait in all. A nil store and a nil error mean the daemon
// answered.
func openOrAsk(path string, wait time.Duration, readOnly bool,
	ask func() bool) (*store.Store, error) {
	deadline := time.Now().Add(wait)
	for {
		// bbolt waits forever on a zero timeout: never pass one.
		step := max(time.Millisecond, min(lockPoll, time.Until(deadline)))
		st, err := store.Open(path, store.Options{
			Timeout: step, ReadOnly: readOnly})
		if !errors.Is(err, store.ErrLocked) {
			return st, err
		}
		if ask() {
			return nil, nil
		}
		if time.Now().After(deadline) {
			return nil, fmt.Errorf("open state %s: another process "+
				"holds it (waited %s): %w", path, wait, store.ErrLocked)
		}
	}
}

// startWait bounds one wait for the state file's lock at start-up, and
// startExtend is how much longer systemd is asked to allow for start-up
// before each wait: enough for the wait and the next request to arrive.
const (
	startWait   = time.Second
	startExtend = 5 * startWait
)

// openStateWaiting opens the state file for the daemon, waiting as long
// as ctx allows for a manual sync to release it. While it waits it asks
// the service manager, through notify, to extend the start timeout, so
// that systemd does not kill a daemon that has not reported ready yet.
func openStateWaiting(ctx context.Context, path string, log *slog.Logger,
	notify func(state string)) (*store.Store, error) {
	for logged := false; ; logged = true {
		st, err := openState(path, startWait)
		if !errors.Is(err, store.ErrLocked) {
			return st, err
		}
		if !logged {
			log.Warn("state file held by another process; waiting",
				"path", path)
		}
		if ctx.Err() != nil {
			return nil, err
		}
		notify(fmt.Sprintf("EXTEND_TIMEOUT_USEC=%d\nSTATUS=waiting for "+
			"the state file held by another process",
			startExtend.Microseconds()))
	}
}
