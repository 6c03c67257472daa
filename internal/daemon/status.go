package daemon

import (
	"fmt"
	"os"
	"time"

	"github.com/cfmirror/cfmirror/internal/config"
	"github.com/cfmirror/cfmirror/internal/store"
)

// Status describes the daemon (or, from Offline, the state file) for the
// status command.
type Status struct {
	// PID is the daemon's process id; 0 when no daemon answered.
	PID      int
	Schedule string
	Timezone string
	// Next is the next scheduled sync; zero when unknown.
	Next time.Time
	// Running is the space being synced, "" when idle.
	Running string `json:",omitempty"`
	// ReloadError says why the last config reload was rejected; "" when
	// it was accepted or none happened.
	ReloadError string `json:",omitempty"`
	Spaces      []SpaceStatus
}

// SpaceStatus is one space as the state file knows it.
type SpaceStatus struct {
	store.SpaceInfo
	// Configured is false for a space in the state file that the
	// configuration no longer lists.
	Configured bool
	// Failures counts consecutive failed syncs since the daemon
	// started; always 0 from Offline.
	Failures int `json:",omitempty"`
}

// Status reports the schedule, the running sync and every space.
func (d *Daemon) Status() (Status, error) {
	d.mu.Lock()
	cfg, running, reload := d.cfg, d.running, d.reload
	failures := make(map[string]int, len(d.failures))
	for k, v := range d.failures {
		failures[k] = v
	}
	d.mu.Unlock()

	st, err := build(cfg, d.opts.State)
	if err != nil {
		return Status{}, err
	}
	st.PID = os.Getpid()
	st.Next = d.sched.next()
	st.Running = running
	st.ReloadError = reload
	for i := range st.Spaces {
		st.Spaces[i].Failures = failures[st.Spaces[i].Key]
	}
	return st, nil
}

// Offline builds a Status from cfg and the state file when no daemon
// runs; Next is computed from the schedule as of now.
func Offline(cfg config.Config, state StateReader, now time.Time) (Status, error) {
	st, err := build(cfg, state)
	if err != nil {
		return Status{}, err
	}
	st.Next = NextRun(cfg.Schedule, cfg.Timezone, now)
	return st, nil
}

// build lists the configured spaces in configuration order, then the
// spaces only the state file knows.
func build(cfg config.Config, state StateReader) (Status, error) {
	infos, err := state.Spaces()
	if err != nil {
		return Status{}, fmt.Errorf("read state: %w", err)
	}
	byKey := map[string]store.SpaceInfo{}
	for _, in := range infos {
		byKey[in.Key] = in
	}

	st := Status{Schedule: cfg.Schedule, Timezone: cfg.Timezone}
	for _, k := range cfg.Spaces {
		in, ok := byKey[k]
		if !ok {
			in = store.SpaceInfo{Key: k}
		}
		st.Spaces = append(st.Spaces,
			SpaceStatus{SpaceInfo: in, Configured: true})
		delete(byKey, k)
	}
	for _, in := range infos {
		if _, left := byKey[in.Key]; left {
			st.Spaces = append(st.Spaces, SpaceStatus{SpaceInfo: in})
		}
	}
	return st, nil
}
