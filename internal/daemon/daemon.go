package daemon

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"os"
	stdsync "sync"
	"time"

	"github.com/cfmirror/cfmirror/internal/config"
	"github.com/cfmirror/cfmirror/internal/store"
	"github.com/cfmirror/cfmirror/internal/sync"
)

// Syncer runs one sync of one space. *sync.Engine satisfies it.
type Syncer interface {
	Sync(ctx context.Context, space string, full bool) (sync.Summary, error)
}

// Factory builds the Syncer for a configuration. The daemon calls it at
// start and after every accepted reload; progress must be handed to the
// engine (sync.Options.Progress) so socket clients can follow a sync.
type Factory func(ctx context.Context, cfg config.Config,
	progress func(sync.Progress)) (Syncer, error)

// StateReader reads what the state file says about each space.
// *store.Store satisfies it.
type StateReader interface {
	Spaces() ([]store.SpaceInfo, error)
}

// Options configure a Daemon. Config, NewSyncer and State are required.
type Options struct {
	// Config is the configuration to start with.
	Config config.Config
	// ConfigPath is the file reloaded on change and on SIGHUP; ""
	// disables reloading.
	ConfigPath string
	// NewSyncer builds the syncer for a configuration.
	NewSyncer Factory
	// State answers status requests.
	State StateReader
	// Logger receives the daemon's log (default slog.Default()).
	Logger *slog.Logger
	// Level, when set, follows log.level across reloads.
	Level *slog.LevelVar
	// Notify sends systemd notifications (default: sd_notify, a no-op
	// outside systemd).
	Notify Notifier
	// Debounce is the quiet time after a config file event before the
	// file is read (default 300ms).
	Debounce time.Duration
	// FailureHint is the number of consecutive failures of a space after
	// which a hint is logged, and then every FailureHint failures
	// (default 3).
	FailureHint int
}

// Daemon keeps the mirror in step on a schedule and serves manual syncs
// and status over its control socket. Create it with New and call Run
// once; the exported methods are safe for concurrent use while Run runs.
type Daemon struct {
	opts    Options
	log     *slog.Logger
	metrics *metrics

	// busy holds one token while a sync round runs: one round at a time
	// across the schedule, start-up, socket requests and reloads.
	busy chan struct{}

	mu       stdsync.Mutex // guards the fields below
	cfg      config.Config
	syncer   Syncer
	sched    *scheduler
	failures map[string]int // consecutive failed syncs by space
	running  string         // space being synced, "" when idle
	sink     func(sync.Progress)
	reload   string // why the last reload was rejected, "" if it was not
}

// New checks opts and returns a daemon that has not started anything.
func New(opts Options) (*Daemon, error) {
	if opts.NewSyncer == nil || opts.State == nil {
		return nil, errors.New("new daemon: NewSyncer and State are required")
	}
	if err := opts.Config.Validate(); err != nil {
		return nil, fmt.Errorf("new daemon: %w", err)
	}
	if opts.Logger == nil {
		opts.Logger = slog.Default()
	}
	if opts.Notify == nil {
		opts.Notify = systemdNotifier{}
	}
	if opts.Debounce <= 0 {
		opts.Debounce = 300 * time.Millisecond
	}
	if opts.FailureHint <= 0 {
		opts.FailureHint = 3
	}
	d := &Daemon{
		opts:     opts,
		log:      opts.Logger,
		metrics:  newMetrics(),
		busy:     make(chan struct{}, 1),
		cfg:      opts.Config,
		failures: map[string]int{},
	}
	return d, nil
}

// Run starts the daemon and blocks until ctx is cancelled. On
// cancellation it lets a running sync finish its files and commit its
// state, stops every goroutine it started, and returns nil. It returns
// an error only when it cannot start (socket in use, listener, first
// syncer build).
func (d *Daemon) Run(ctx context.Context) error {
	d.opts.Notify.Notify("STATUS=starting")
	cfg := d.config()

	// Listen first so that status works at once; sync requests wait for
	// the round token, held until the syncer exists.
	d.busy <- struct{}{}
	ctl, err := listenControl(cfg.SocketPath())
	if err != nil {
		return fmt.Errorf("start daemon: %w", err)
	}
	syncer, err := d.opts.NewSyncer(ctx, cfg, d.progress)
	if err != nil {
		ctl.Close()
		return fmt.Errorf("start daemon: %w", err)
	}
	d.setSyncer(syncer)
	d.release()

	srv, err := d.startHTTP(cfg.Listen)
	if err != nil {
		ctl.Close()
		return fmt.Errorf("start daemon: %w", err)
	}

	var wg stdsync.WaitGroup
	d.sched = newScheduler(d.log, func() { d.scheduled(ctx) })
	if err := d.sched.set(cfg.Schedule, cfg.Timezone); err != nil {
		ctl.Close()
		closeHTTP(srv)
		return fmt.Errorf("start daemon: %w", err)
	}
	d.sched.start()

	wg.Go(func() { d.serveControl(ctx, ctl) })
	watch := d.startWatch()
	wg.Go(func() { d.watchConfig(ctx, watch) })
	wg.Go(func() { watchdog(ctx, d.opts.Notify) })
	if cfg.SyncOnStart {
		wg.Go(func() { d.round(ctx, request{trigger: "start-up"}, nil) })
	}

	d.log.Info("daemon started", "pid", os.Getpid(),
		"spaces", cfg.Spaces, "schedule", cfg.Schedule,
		"next", d.sched.next())
	d.opts.Notify.Notify("READY=1\nSTATUS=" + d.statusLine())

	<-ctx.Done()
	d.log.Info("daemon stopping")
	d.opts.Notify.Notify("STOPPING=1")
	<-d.sched.stop().Done()
	ctl.Close()
	closeHTTP(srv)
	wg.Wait()
	d.log.Info("daemon stopped")
	return nil
}

// config returns the configuration in force.
func (d *Daemon) config() config.Config {
	d.mu.Lock()
	defer d.mu.Unlock()
	return d.cfg
}

func (d *Daemon) setSyncer(s Syncer) {
	d.mu.Lock()
	d.syncer = s
	d.mu.Unlock()
}

// progress forwards the engine's progress to the client of the round in
// progress, if any.
func (d *Daemon) progress(p sync.Progress) {
	d.mu.Lock()
	sink := d.sink
	d.mu.Unlock()
	if sink != nil {
		sink(p)
	}
}

// statusLine is the one-line state shown by systemctl status.
func (d *Daemon) statusLine() string {
	d.mu.Lock()
	running := d.running
	d.mu.Unlock()
	if running != "" {
		return "syncing " + running
	}
	next := d.sched.next()
	if next.IsZero() {
		return "idle"
	}
	return "idle; next sync " + next.UTC().Format(time.RFC3339)
}
