package main

import (
	"context"
	"errors"
	"os"

	sd "github.com/coreos/go-systemd/v22/daemon"

	"github.com/cfmirror/cfmirror/internal/daemon"
	"github.com/cfmirror/cfmirror/internal/store"
)

// runCmd is the daemon.
type runCmd struct {
	configFlag
	NoInitialSync bool `help:"Do not sync at start-up, whatever sync-on-start says."`
}

// Run serves until SIGTERM or SIGINT; a second signal exits at once.
func (c *runCmd) Run() error {
	cfg, err := loadConfig(c.Config)
	if err != nil {
		return err
	}
	if c.NoInitialSync {
		cfg.SyncOnStart = false
	}
	log, level := daemon.NewLogger(os.Stderr, cfg.Log)
	ctx, stop := daemon.ShutdownContext(context.Background(), log, os.Exit)
	defer stop()

	st, err := openStateWaiting(ctx, cfg.State, log, sdNotify)
	if err != nil && ctx.Err() != nil {
		// Stopped before start-up ended: a requested stop, not a failure.
		log.Info("daemon stopped before it started")
		return nil
	}
	if errors.Is(err, store.ErrLocked) {
		return withCode(exitLocked, err)
	}
	if err != nil {
		return err
	}
	defer st.Close()

	d, err := daemon.New(daemon.Options{
		Config:     cfg,
		ConfigPath: c.Config,
		NewSyncer:  syncerFactory(st, log),
		State:      st,
		Logger:     log,
		Level:      level,
	})
	if err != nil {
		return err
	}
	return d.Run(ctx)
}

// sdNotify sends a state to systemd; outside systemd it does nothing.
func sdNotify(state string) { _, _ = sd.SdNotify(false, state) }
