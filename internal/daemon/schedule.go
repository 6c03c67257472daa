package daemon

import (
	"context"
	"fmt"
	"log/slog"
	stdsync "sync"
	"time"

	"github.com/robfig/cron/v3"

	"github.com/cfmirror/cfmirror/internal/config"
)

// scheduler runs one job on a cron schedule that can be replaced while it
// runs. The job is wrapped so that a tick is skipped while the previous
// one still runs, and a panic is logged instead of ending the process.
// Recover sits inside SkipIfStillRunning: the other way round, a panic
// would leave the skip guard taken and stop the job for good.
type scheduler struct {
	cron *cron.Cron
	job  cron.Job

	mu    stdsync.Mutex
	entry cron.EntryID
	// spec and zone are what entry was made from.
	spec, zone string
}

func newScheduler(log *slog.Logger, job func()) *scheduler {
	l := cronLogger{log}
	chain := cron.NewChain(cron.SkipIfStillRunning(l), cron.Recover(l))
	return &scheduler{
		cron: cron.New(cron.WithLocation(time.UTC), cron.WithLogger(l)),
		job:  chain.Then(cron.FuncJob(job)),
	}
}

// set replaces the schedule; the old one is kept when spec or zone is
// invalid. The same spec and zone keep the entry as it is, so that a
// reload does not push an "@every" schedule's next run back.
func (s *scheduler) set(spec, zone string) error {
	sched, err := zoned(spec, zone)
	if err != nil {
		return err
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.entry != 0 && spec == s.spec && zone == s.zone {
		return nil
	}
	if s.entry != 0 {
		s.cron.Remove(s.entry)
	}
	s.entry = s.cron.Schedule(sched, s.job)
	s.spec, s.zone = spec, zone
	return nil
}

// current is the cron entry of the schedule in force.
func (s *scheduler) current() cron.EntryID {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.entry
}

// next is the time of the next run, zero before start.
func (s *scheduler) next() time.Time {
	if s == nil {
		return time.Time{}
	}
	next := s.cron.Entry(s.current()).Next
	if next.IsZero() {
		return time.Time{}
	}
	return next
}

func (s *scheduler) start() { s.cron.Start() }

// stop stops the ticks; the returned context ends when a running job
// has returned.
func (s *scheduler) stop() context.Context { return s.cron.Stop() }

// zoned parses spec and makes it read its fields in zone.
func zoned(spec, zone string) (cron.Schedule, error) {
	sched, err := config.ParseSchedule(spec)
	if err != nil {
		return nil, fmt.Errorf("schedule: %w", err)
	}
	loc, err := time.LoadLocation(zone)
	if err != nil {
		return nil, fmt.Errorf("timezone: %w", err)
	}
	return inZone{sched, loc}, nil
}

// inZone evaluates a schedule in a fixed time zone.
type inZone struct {
	s   cron.Schedule
	loc *time.Location
}

func (z inZone) Next(t time.Time) time.Time {
	return z.s.Next(t.In(z.loc))
}

// NextRun returns the first run of spec in zone after t; zero when the
// schedule is invalid.
func NextRun(spec, zone string, t time.Time) time.Time {
	s, err := zoned(spec, zone)
	if err != nil {
		return time.Time{}
	}
	return s.Next(t)
}

// cronLogger sends the cron library's messages to slog.
type cronLogger struct{ log *slog.Logger }

func (l cronLogger) Info(msg string, kv ...any) {
	l.log.Debug("cron: "+msg, kv...)
}

func (l cronLogger) Error(err error, msg string, kv ...any) {
	l.log.Error("cron: "+msg, append(kv, "error", err)...)
}
