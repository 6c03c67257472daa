package daemon

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"os"
	"os/signal"
	"path/filepath"
	"slices"
	"syscall"
	"time"

	"github.com/fsnotify/fsnotify"

	"github.com/cfmirror/cfmirror/internal/config"
)

// configWatch is the set-up of watchConfig, done before the daemon
// reports ready so that no signal or file event is lost.
type configWatch struct {
	hup    chan os.Signal
	events <-chan struct{}
	stop   func()
}

// startWatch subscribes to SIGHUP and to changes of the config file.
// It watches the file's directory rather than the file: editors save by
// renaming a new file over the old one, which would end a watch on the
// file itself.
func (d *Daemon) startWatch() *configWatch {
	w := &configWatch{hup: make(chan os.Signal, 1)}
	signal.Notify(w.hup, syscall.SIGHUP)
	w.events, w.stop = d.watchDir(d.opts.ConfigPath)
	return w
}

// watchConfig reloads the configuration on SIGHUP and when the config
// file changes, until ctx ends; then it releases what startWatch took.
func (d *Daemon) watchConfig(ctx context.Context, w *configWatch) {
	defer signal.Stop(w.hup)
	defer w.stop()

	// A burst of events (write, chmod, rename) reloads once.
	debounce := time.NewTimer(time.Hour)
	debounce.Stop()
	defer debounce.Stop()

	for {
		select {
		case <-ctx.Done():
			return
		case <-w.hup:
			d.log.Info("reloading config", "reason", "SIGHUP")
			d.Reload(ctx)
		case <-w.events:
			debounce.Reset(d.opts.Debounce)
		case <-debounce.C:
			d.log.Info("reloading config", "reason", "file changed")
			d.Reload(ctx)
		}
	}
}

// watchDir returns a channel of events about path. When path is empty
// or the directory cannot be watched it logs why and returns a channel
// that never fires: SIGHUP still works.
func (d *Daemon) watchDir(path string) (<-chan struct{}, func()) {
	out := make(chan struct{}, 1)
	if path == "" {
		return out, func() {}
	}
	w, err := fsnotify.NewWatcher()
	if err == nil {
		err = w.Add(filepath.Dir(path))
	}
	if err != nil {
		d.log.Warn("config file not watched; reload with SIGHUP",
			"path", path, "error", err)
		if w != nil {
			w.Close()
		}
		return out, func() {}
	}

	done := make(chan struct{})
	go func() {
		defer close(done)
		forwardEvents(w, path, out, d.log)
	}()
	return out, func() { w.Close(); <-done }
}

// forwardEvents passes on events that name path until w is closed.
func forwardEvents(w *fsnotify.Watcher, path string, out chan<- struct{},
	log *slog.Logger) {
	name := filepath.Clean(path)
	for {
		select {
		case ev, ok := <-w.Events:
			if !ok {
				return
			}
			if filepath.Clean(ev.Name) != name {
				continue
			}
			select {
			case out <- struct{}{}:
			default: // one pending event is enough
			}
		case err, ok := <-w.Errors:
			if !ok {
				return
			}
			log.Warn("config watch error", "error", err)
		}
	}
}

// Reload reads the config file again. A valid file replaces the
// schedule, spaces and settings once no sync is running; an invalid one
// is logged and the configuration in force stays. Reload returns the
// error it logged, nil when the new file is in force.
func (d *Daemon) Reload(ctx context.Context) error {
	log := d.log.With("path", d.opts.ConfigPath)
	if d.opts.ConfigPath == "" {
		err := errors.New("reload: no config file")
		log.Error("config not reloaded", "error", err)
		return err
	}
	next, err := config.Load(d.opts.ConfigPath)
	if err != nil {
		d.rejected(log, err)
		return err
	}

	// Swap between syncs, never during one.
	if !d.acquire(ctx) {
		return ctx.Err()
	}
	defer d.release()
	if err := d.apply(ctx, next); err != nil {
		d.rejected(log, err)
		return err
	}
	d.setReloadError("")
	d.metrics.reload(true)
	log.Info("config reloaded", "spaces", next.Spaces,
		"schedule", next.Schedule, "next", d.sched.next())
	return nil
}

// rejected logs and records a rejected reload.
func (d *Daemon) rejected(log *slog.Logger, err error) {
	log.Error("config rejected; keeping the previous one", "error", err)
	d.metrics.reload(false)
	d.setReloadError(err.Error())
}

func (d *Daemon) setReloadError(msg string) {
	d.mu.Lock()
	d.reload = msg
	d.mu.Unlock()
}

// apply puts next in force; the caller holds the round token.
func (d *Daemon) apply(ctx context.Context, next config.Config) error {
	old := d.config()
	next = keepRestartOnly(d.log, old, next)

	syncer, err := d.opts.NewSyncer(ctx, next, d.progress)
	if err != nil {
		return fmt.Errorf("build syncer: %w", err)
	}
	if err := d.sched.set(next.Schedule, next.Timezone); err != nil {
		return err
	}
	if d.opts.Level != nil {
		d.opts.Level.Set(Level(next.Log.Level))
	}

	d.mu.Lock()
	d.cfg, d.syncer = next, syncer
	// A space no longer configured no longer fails: /healthz and the
	// failure gauge forget it.
	for space := range d.failures {
		if !slices.Contains(next.Spaces, space) {
			delete(d.failures, space)
			d.metrics.failing.DeleteLabelValues(space)
		}
	}
	d.mu.Unlock()
	d.opts.Notify.Notify("STATUS=" + d.statusLine())
	return nil
}

// keepRestartOnly keeps the settings that only a restart can change and
// warns about each one that the new file changes.
func keepRestartOnly(log *slog.Logger, old, next config.Config) config.Config {
	keep := []struct {
		key      string
		old, new *string
	}{
		{"state", &old.State, &next.State},
		{"listen", &old.Listen, &next.Listen},
		{"control-socket", &old.ControlSocket, &next.ControlSocket},
		{"log.format", &old.Log.Format, &next.Log.Format},
	}
	for _, k := range keep {
		if *k.old != *k.new {
			log.Warn("setting changes only on restart; keeping it",
				"key", k.key, "value", *k.old)
			*k.new = *k.old
		}
	}
	if !slices.Equal(old.Spaces, next.Spaces) {
		log.Info("spaces changed", "old", old.Spaces, "new", next.Spaces)
	}
	return next
}
