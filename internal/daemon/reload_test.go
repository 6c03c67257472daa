package daemon

import (
	"context"
	"errors"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/cfmirror/cfmirror/internal/config"
)

// writeConfig writes a config file the way editors do: a new file
// renamed over the old one.
func writeConfig(t *testing.T, path string, c config.Config,
	extra string) {
	t.Helper()
	src := "confluence: {url: " + c.Confluence.URL +
		", token: " + c.Confluence.Token + "}\n" +
		"spaces: [" + strings.Join(c.Spaces, ", ") + "]\n" +
		"output: " + c.Output + "\n" +
		"state: " + c.State + "\n" +
		"schedule: \"" + c.Schedule + "\"\n" +
		"sync-on-start: false\n" + extra
	tmp := path + ".tmp"
	if err := os.WriteFile(tmp, []byte(src), 0o600); err != nil {
		t.Fatal(err)
	}
	if err := os.Rename(tmp, path); err != nil {
		t.Fatal(err)
	}
}

func TestDaemon_ReloadOnFileChange(t *testing.T) {
	dir := t.TempDir()
	path := filepath.Join(dir, "cfmirror.yml")
	cfg := testConfig(dir, "ENG")
	writeConfig(t, path, cfg, "")
	cfg, err := config.Load(path)
	if err != nil {
		t.Fatal(err)
	}
	h := startDaemon(t, cfg, path, &fakeSyncer{})
	before := h.d.sched.next()

	// A valid edit swaps spaces and schedule.
	next := cfg
	next.Spaces = []string{"ENG", "OPS"}
	next.Schedule = "@every 3h"
	writeConfig(t, path, next, "")
	waitFor(t, "reload", func() bool {
		st, _ := h.d.Status()
		return st.Schedule == "@every 3h" && len(st.Spaces) == 2
	})
	if after := h.d.sched.next(); after.Sub(before) < time.Hour {
		t.Errorf("next run %v not moved from %v", after, before)
	}

	// An invalid edit is logged and changes nothing.
	writeConfig(t, path, next, "workers: -1\n")
	waitFor(t, "rejection", func() bool {
		return strings.Contains(h.log.String(), "config rejected")
	})
	if !strings.Contains(h.log.String(), "workers:") {
		t.Errorf("rejection does not name the key:\n%s", h.log)
	}
	if st, _ := h.d.Status(); st.Schedule != "@every 3h" {
		t.Errorf("schedule after bad file = %q", st.Schedule)
	}

	// Files next to it do not trigger reloads.
	n := strings.Count(h.log.String(), "reloading config")
	os.WriteFile(filepath.Join(dir, "other.yml"), []byte("x"), 0o600)
	time.Sleep(50 * time.Millisecond)
	if strings.Count(h.log.String(), "reloading config") != n {
		t.Error("unrelated file triggered a reload")
	}
}

func TestDaemon_ReloadOnSIGHUP(t *testing.T) {
	dir := t.TempDir()
	path := filepath.Join(dir, "cfmirror.yml")
	cfg := testConfig(dir, "ENG")
	writeConfig(t, path, cfg, "")
	cfg, err := config.Load(path)
	if err != nil {
		t.Fatal(err)
	}

	// The file on disk is already newer than the config the daemon
	// starts with; no file event follows, only the signal.
	next := cfg
	next.Schedule = "@every 5h"
	writeConfig(t, path, next, "")
	h := startDaemon(t, cfg, path, &fakeSyncer{})

	if err := syscall.Kill(os.Getpid(), syscall.SIGHUP); err != nil {
		t.Fatal(err)
	}
	waitFor(t, "SIGHUP reload", func() bool {
		st, _ := h.d.Status()
		return st.Schedule == "@every 5h"
	})
	if !strings.Contains(h.log.String(), "reason=SIGHUP") {
		t.Errorf("reload not attributed to SIGHUP:\n%s", h.log)
	}
}

func TestDaemon_ReloadKeepsRestartOnlySettings(t *testing.T) {
	dir := t.TempDir()
	path := filepath.Join(dir, "cfmirror.yml")
	cfg := testConfig(dir, "ENG")
	writeConfig(t, path, cfg, "")
	cfg, err := config.Load(path)
	if err != nil {
		t.Fatal(err)
	}
	h := startDaemon(t, cfg, path, &fakeSyncer{})

	moved := cfg
	moved.State = filepath.Join(dir, "elsewhere.db")
	writeConfig(t, path, moved, "")
	if err := h.d.Reload(context.Background()); err != nil {
		t.Fatal(err)
	}
	if got := h.d.config().State; got != cfg.State {
		t.Errorf("state path changed to %s without restart", got)
	}
	if !strings.Contains(h.log.String(), "changes only on restart") {
		t.Errorf("no warning:\n%s", h.log)
	}
}

func TestDaemon_ReloadForgetsDroppedSpaceFailures(t *testing.T) {
	dir := t.TempDir()
	path := filepath.Join(dir, "cfmirror.yml")
	cfg := testConfig(dir, "ENG", "OPS")
	writeConfig(t, path, cfg, "")
	cfg, err := config.Load(path)
	if err != nil {
		t.Fatal(err)
	}
	s := &fakeSyncer{errs: map[string]error{"OPS": errors.New("gone")}}
	h := startDaemon(t, cfg, path, s)
	for range 3 {
		h.d.scheduled(context.Background())
	}
	if code := healthz(h.d); code != 503 {
		t.Fatalf("healthz with OPS failing = %d, want 503", code)
	}

	// OPS leaves the configuration: its failures no longer count.
	next := cfg
	next.Spaces = []string{"ENG"}
	writeConfig(t, path, next, "")
	if err := h.d.Reload(context.Background()); err != nil {
		t.Fatal(err)
	}
	if code := healthz(h.d); code != 200 {
		t.Errorf("healthz after OPS was dropped = %d, want 200", code)
	}
}

func healthz(d *Daemon) int {
	rec := httptest.NewRecorder()
	d.Handler().ServeHTTP(rec, httptest.NewRequest("GET", "/healthz", nil))
	return rec.Code
}

func TestDaemon_ReloadKeepsUnchangedSchedule(t *testing.T) {
	dir := t.TempDir()
	path := filepath.Join(dir, "cfmirror.yml")
	cfg := testConfig(dir, "ENG")
	cfg.Schedule = "@every 1h"
	writeConfig(t, path, cfg, "")
	cfg, err := config.Load(path)
	if err != nil {
		t.Fatal(err)
	}
	h := startDaemon(t, cfg, path, &fakeSyncer{})
	entry := h.d.sched.current()
	next := h.d.sched.next()

	// Another setting changes; the schedule's next run must not move.
	changed := cfg
	changed.Spaces = []string{"ENG", "OPS"}
	writeConfig(t, path, changed, "")
	if err := h.d.Reload(context.Background()); err != nil {
		t.Fatal(err)
	}
	if h.d.sched.current() != entry || !h.d.sched.next().Equal(next) {
		t.Errorf("unchanged schedule re-armed: next %v, was %v",
			h.d.sched.next(), next)
	}

	// A new time zone is a new schedule.
	writeConfig(t, path, changed, "timezone: Europe/Berlin\n")
	if err := h.d.Reload(context.Background()); err != nil {
		t.Fatal(err)
	}
	if h.d.sched.current() == entry {
		t.Error("schedule kept after the time zone changed")
	}
}
