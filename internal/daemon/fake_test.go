package daemon

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"log/slog"
	"os"
	"path/filepath"
	"strings"
	stdsync "sync"
	"testing"
	"time"

	"go.uber.org/goleak"

	"github.com/cfmirror/cfmirror/internal/config"
	"github.com/cfmirror/cfmirror/internal/store"
	"github.com/cfmirror/cfmirror/internal/sync"
)

func TestMain(m *testing.M) {
	// The on-change tests run this binary as the hook command.
	if out := os.Getenv("CFMIRROR_TEST_HOOK_OUT"); out != "" {
		os.Exit(hookHelper(out))
	}
	goleak.VerifyTestMain(m)
}

// hookHelper copies what the hook receives into out, or sleeps when
// asked to, standing in for a real on-change command.
func hookHelper(out string) int {
	if os.Getenv("CFMIRROR_TEST_HOOK_SLEEP") != "" {
		time.Sleep(time.Minute)
	}
	if os.Getenv("CFMIRROR_TEST_HOOK_ENV") != "" {
		env := strings.Join(os.Environ(), "\n")
		if err := os.WriteFile(out, []byte(env), 0o600); err != nil {
			return 4
		}
		return 0
	}
	list, err := os.ReadFile(os.Getenv(EnvChangedFile))
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		return 3
	}
	data := fmt.Sprintf("spaces=%s\noutput=%s\n%s",
		os.Getenv(EnvSpaces), os.Getenv(EnvOutput), list)
	if err := os.WriteFile(out, []byte(data), 0o600); err != nil {
		return 4
	}
	if os.Getenv("CFMIRROR_TEST_HOOK_FAIL") != "" {
		fmt.Println("hook says no")
		return 7
	}
	return 0
}

// fakeSyncer records calls and answers from a script of results.
type fakeSyncer struct {
	mu     stdsync.Mutex
	calls  []string
	errs   map[string]error
	paths  map[string][]string
	gate   chan struct{} // when set, Sync waits for a value or ctx
	start  chan string   // when set, receives the space as Sync begins
	panics bool
	report func(sync.Progress)
}

func (f *fakeSyncer) Sync(ctx context.Context, space string,
	full bool) (sync.Summary, error) {
	f.mu.Lock()
	f.calls = append(f.calls, fmt.Sprintf("%s full=%v", space, full))
	gate, start, panics := f.gate, f.start, f.panics
	err, paths := f.errs[space], f.paths[space]
	f.mu.Unlock()

	if start != nil {
		start <- space
	}
	if panics {
		panic("engine bug")
	}
	if f.report != nil {
		f.report(sync.Progress{Space: space, PagesDone: 1, PagesTotal: 2})
	}
	if gate != nil {
		select {
		case <-gate:
		case <-ctx.Done():
			return sync.Summary{Space: space}, fmt.Errorf(
				"sync %s: %w", space, ctx.Err())
		}
	}
	sum := sync.Summary{Space: space, Pages: 2, New: len(paths),
		Paths: paths, Requests: map[string]int64{"list": 1}}
	return sum, err
}

func (f *fakeSyncer) Calls() []string {
	f.mu.Lock()
	defer f.mu.Unlock()
	return append([]string(nil), f.calls...)
}

// fakeState answers Spaces from a fixed list.
type fakeState struct{ infos []store.SpaceInfo }

func (s fakeState) Spaces() ([]store.SpaceInfo, error) {
	if s.infos == nil {
		return nil, errors.New("state unreadable")
	}
	return s.infos, nil
}

// logBuffer is a concurrency-safe log sink.
type logBuffer struct {
	mu  stdsync.Mutex
	buf bytes.Buffer
}

func (b *logBuffer) Write(p []byte) (int, error) {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.buf.Write(p)
}

func (b *logBuffer) String() string {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.buf.String()
}

// recordNotifier keeps the notifications sent.
type recordNotifier struct {
	mu     stdsync.Mutex
	states []string
}

func (n *recordNotifier) Notify(s string) {
	n.mu.Lock()
	n.states = append(n.states, s)
	n.mu.Unlock()
}

func (n *recordNotifier) String() string {
	n.mu.Lock()
	defer n.mu.Unlock()
	return strings.Join(n.states, "|")
}

// testConfig is a valid configuration in dir that never ticks during a
// test.
func testConfig(dir string, spaces ...string) config.Config {
	c := config.Default()
	c.Confluence.URL = "http://127.0.0.1:1"
	c.Confluence.Token = "t0ken"
	c.Spaces = spaces
	c.Output = filepath.Join(dir, "out")
	c.State = filepath.Join(dir, "state.db")
	c.Schedule = "@every 1h"
	c.SyncOnStart = false
	return c
}

// harness runs a daemon with a fake syncer until the test ends.
type harness struct {
	d      *Daemon
	syncer *fakeSyncer
	log    *logBuffer
	notify *recordNotifier
	cancel context.CancelFunc
	done   chan error
}

func startDaemon(t *testing.T, cfg config.Config, path string,
	syncer *fakeSyncer) *harness {
	t.Helper()
	h := &harness{syncer: syncer, log: &logBuffer{},
		notify: &recordNotifier{}}
	logger := slog.New(slog.NewTextHandler(h.log,
		&slog.HandlerOptions{Level: slog.LevelDebug}))
	d, err := New(Options{
		Config:     cfg,
		ConfigPath: path,
		NewSyncer: func(_ context.Context, _ config.Config,
			p func(sync.Progress)) (Syncer, error) {
			syncer.mu.Lock()
			syncer.report = p
			syncer.mu.Unlock()
			return syncer, nil
		},
		State:    fakeState{infos: []store.SpaceInfo{}},
		Logger:   logger,
		Notify:   h.notify,
		Debounce: 10 * time.Millisecond,
	})
	if err != nil {
		t.Fatal(err)
	}
	h.d = d
	ctx, cancel := context.WithCancel(context.Background())
	h.cancel, h.done = cancel, make(chan error, 1)
	go func() { h.done <- d.Run(ctx) }()
	t.Cleanup(func() { h.stop(t) })
	waitFor(t, "daemon ready", func() bool {
		return strings.Contains(h.notify.String(), "READY=1")
	})
	return h
}

// stop cancels the daemon and checks that Run returns nil.
func (h *harness) stop(t *testing.T) {
	t.Helper()
	if h.cancel == nil {
		return
	}
	h.cancel()
	h.cancel = nil
	select {
	case err := <-h.done:
		if err != nil {
			t.Errorf("Run = %v", err)
		}
	case <-time.After(10 * time.Second):
		t.Fatal("daemon did not stop")
	}
}

// waitFor polls cond; the tests' only waits are for goroutines to act.
func waitFor(t *testing.T, what string, cond func() bool) {
	t.Helper()
	deadline := time.Now().Add(10 * time.Second)
	for !cond() {
		if time.Now().After(deadline) {
			t.Fatalf("timed out waiting for %s", what)
		}
		time.Sleep(5 * time.Millisecond)
	}
}
