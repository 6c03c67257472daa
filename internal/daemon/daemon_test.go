package daemon

import (
	"context"
	"errors"
	"io"
	"log/slog"
	"net"
	"net/http/httptest"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/cfmirror/cfmirror/internal/config"
	"github.com/cfmirror/cfmirror/internal/confluence"
	"github.com/cfmirror/cfmirror/internal/sync"
)

func TestDaemon_SyncOnStartAndStop(t *testing.T) {
	cfg := testConfig(t.TempDir(), "ENG", "OPS")
	cfg.SyncOnStart = true
	s := &fakeSyncer{}
	h := startDaemon(t, cfg, "", s)

	waitFor(t, "start-up round", func() bool { return len(s.Calls()) == 2 })
	if got := s.Calls(); !slices.Equal(got,
		[]string{"ENG full=false", "OPS full=false"}) {
		t.Errorf("calls = %v", got)
	}
	h.stop(t)
	for _, want := range []string{"READY=1", "STATUS=", "STOPPING=1"} {
		if !strings.Contains(h.notify.String(), want) {
			t.Errorf("notifications %q lack %s", h.notify, want)
		}
	}
	if _, err := os.Stat(cfg.SocketPath()); !os.IsNotExist(err) {
		t.Errorf("socket left behind: %v", err)
	}
}

func TestDaemon_StopLetsSyncFinish(t *testing.T) {
	cfg := testConfig(t.TempDir(), "ENG")
	cfg.SyncOnStart = true
	s := &fakeSyncer{gate: make(chan struct{}), start: make(chan string, 1)}
	h := startDaemon(t, cfg, "", s)
	<-s.start

	// The sync sees the cancellation; Run waits for it to return.
	h.stop(t)
	if strings.Contains(h.log.String(), "level=ERROR") {
		t.Errorf("cancellation logged as an error:\n%s", h.log)
	}
	if !strings.Contains(h.log.String(), "sync cancelled") {
		t.Errorf("no cancellation line:\n%s", h.log)
	}
}

func TestDaemon_OneRoundAtATime(t *testing.T) {
	cfg := testConfig(t.TempDir(), "ENG")
	s := &fakeSyncer{gate: make(chan struct{}), start: make(chan string, 4)}
	h := startDaemon(t, cfg, "", s)
	ctx := context.Background()

	// A socket sync holds the round; a tick meanwhile is skipped.
	c := NewClient(cfg.SocketPath())
	first := make(chan []SpaceResult)
	go func() {
		res, _ := c.Sync(ctx, nil, false, nil)
		first <- res
	}()
	<-s.start
	h.d.scheduled(ctx)
	if !strings.Contains(h.log.String(), "scheduled sync skipped") {
		t.Errorf("tick not skipped:\n%s", h.log)
	}

	// A second socket request queues behind the first.
	var msgs atomic.Value
	second := make(chan []SpaceResult)
	go func() {
		var types []string
		res, _ := c.Sync(ctx, []string{"ENG"}, true, func(m Message) {
			types = append(types, m.Type)
			msgs.Store(slices.Clone(types))
		})
		second <- res
	}()
	waitFor(t, "second request queued", func() bool {
		v, _ := msgs.Load().([]string)
		return slices.Contains(v, "queued")
	})
	if n := len(s.Calls()); n != 1 {
		t.Fatalf("%d syncs running at once", n)
	}

	s.gate <- struct{}{}
	if res := <-first; len(res) != 1 || res[0].Failed() {
		t.Errorf("first = %+v", res)
	}
	<-s.start
	s.gate <- struct{}{}
	if res := <-second; len(res) != 1 || res[0].Space != "ENG" {
		t.Errorf("second = %+v", res)
	}
	if got := s.Calls(); !slices.Equal(got,
		[]string{"ENG full=false", "ENG full=true"}) {
		t.Errorf("calls = %v", got)
	}
}

func TestDaemon_FailureHint(t *testing.T) {
	cfg := testConfig(t.TempDir(), "ENG")
	refused := errors.Join(errors.New("get space ENG"),
		confluence.ErrUnauthorized)
	s := &fakeSyncer{errs: map[string]error{"ENG": refused}}
	h := startDaemon(t, cfg, "", s)
	ctx := context.Background()

	rec := httptest.NewRecorder()
	h.d.Handler().ServeHTTP(rec, httptest.NewRequest("GET", "/healthz", nil))
	if rec.Code != 200 {
		t.Errorf("healthz before failures = %d", rec.Code)
	}

	for range 4 {
		h.d.scheduled(ctx)
	}
	log := h.log.String()
	if n := strings.Count(log, "sync failed"); n != 4 {
		t.Errorf("%d failure lines, want 4", n)
	}
	if n := strings.Count(log, "sync keeps failing"); n != 1 {
		t.Errorf("%d hint lines, want 1:\n%s", n, log)
	}
	if !strings.Contains(log, "the token was refused") {
		t.Errorf("hint does not name the token:\n%s", log)
	}

	rec = httptest.NewRecorder()
	h.d.Handler().ServeHTTP(rec, httptest.NewRequest("GET", "/healthz", nil))
	if rec.Code != 503 || !strings.Contains(rec.Body.String(), "ENG (4)") {
		t.Errorf("healthz = %d %q", rec.Code, rec.Body)
	}

	// A success resets the count.
	s.mu.Lock()
	s.errs = nil
	s.mu.Unlock()
	h.d.scheduled(ctx)
	st, err := h.d.Status()
	if err != nil || st.Spaces[0].Failures != 0 {
		t.Errorf("status = %+v, %v", st, err)
	}
}

func TestDaemon_Metrics(t *testing.T) {
	cfg := testConfig(t.TempDir(), "ENG", "OPS")
	s := &fakeSyncer{errs: map[string]error{"OPS": errors.New("boom")}}
	h := startDaemon(t, cfg, "", s)
	h.d.scheduled(context.Background())

	rec := httptest.NewRecorder()
	h.d.Handler().ServeHTTP(rec, httptest.NewRequest("GET", "/metrics", nil))
	body := rec.Body.String()
	for _, want := range []string{
		`cfmirror_syncs_total{result="success",space="ENG"} 1`,
		`cfmirror_syncs_total{result="failure",space="OPS"} 1`,
		`cfmirror_pages{space="ENG"} 2`,
		`cfmirror_requests_total{kind="list"} 2`,
		`cfmirror_last_success_timestamp_seconds{space="ENG"}`,
		`cfmirror_consecutive_failures{space="OPS"} 1`,
		`cfmirror_syncing 0`,
	} {
		if !strings.Contains(body, want) {
			t.Errorf("metrics lack %s", want)
		}
	}
}

func TestDaemon_HTTPListener(t *testing.T) {
	cfg := testConfig(t.TempDir(), "ENG")
	cfg.Listen = "127.0.0.1:0"
	h := startDaemon(t, cfg, "", &fakeSyncer{})
	if !strings.Contains(h.log.String(), "metrics listening") {
		t.Errorf("listener not started:\n%s", h.log)
	}
}

func TestDaemon_ControlSocket(t *testing.T) {
	cfg := testConfig(t.TempDir(), "ENG")
	s := &fakeSyncer{paths: map[string][]string{"ENG": {"ENG/index.md"}}}
	startDaemon(t, cfg, "", s)
	ctx := context.Background()
	c := NewClient(cfg.SocketPath())

	fi, err := os.Stat(cfg.SocketPath())
	if err != nil || fi.Mode().Perm() != 0o600 {
		t.Errorf("socket mode = %v, %v", fi.Mode(), err)
	}

	var progress []sync.Progress
	res, err := c.Sync(ctx, nil, false, func(m Message) {
		if m.Progress != nil {
			progress = append(progress, *m.Progress)
		}
	})
	if err != nil || len(res) != 1 || res[0].Summary.New != 1 {
		t.Fatalf("sync = %+v, %v", res, err)
	}
	if len(progress) != 1 || progress[0].PagesTotal != 2 {
		t.Errorf("progress = %+v", progress)
	}

	st, err := c.Status(ctx)
	if err != nil || st.PID != os.Getpid() || st.Next.IsZero() ||
		len(st.Spaces) != 1 || !st.Spaces[0].Configured {
		t.Errorf("status = %+v, %v", st, err)
	}

	_, err = c.Sync(ctx, []string{"NOPE"}, false, nil)
	if err == nil || !strings.Contains(err.Error(), "space NOPE") {
		t.Errorf("unknown space error = %v", err)
	}

	// A second daemon on the same socket refuses to start.
	d2, err := New(Options{Config: cfg, State: fakeState{},
		NewSyncer: func(context.Context, config.Config,
			func(sync.Progress)) (Syncer, error) {
			return s, nil
		}, Logger: discard(), Notify: &recordNotifier{}})
	if err != nil {
		t.Fatal(err)
	}
	if err := d2.Run(ctx); !errors.Is(err, ErrRunning) {
		t.Errorf("second Run = %v, want ErrRunning", err)
	}
}

func TestClient_NoDaemon(t *testing.T) {
	path := filepath.Join(t.TempDir(), "none.sock")
	_, err := NewClient(path).Status(context.Background())
	if !errors.Is(err, ErrNoDaemon) {
		t.Errorf("err = %v, want ErrNoDaemon", err)
	}
}

func TestDaemon_StaleSocketRemoved(t *testing.T) {
	cfg := testConfig(t.TempDir(), "ENG")
	// A socket file left behind by a daemon that died.
	l, err := net.ListenUnix("unix",
		&net.UnixAddr{Name: cfg.SocketPath(), Net: "unix"})
	if err != nil {
		t.Fatal(err)
	}
	l.SetUnlinkOnClose(false)
	l.Close()

	startDaemon(t, cfg, "", &fakeSyncer{})
	if _, err := NewClient(cfg.SocketPath()).Status(
		context.Background()); err != nil {
		t.Errorf("status after stale socket: %v", err)
	}
}

func TestDaemon_StopsWithIdleSocketClient(t *testing.T) {
	cfg := testConfig(t.TempDir(), "ENG")
	h := startDaemon(t, cfg, "", &fakeSyncer{})

	// A client that connects and never sends its request line.
	conn, err := net.Dial("unix", cfg.SocketPath())
	if err != nil {
		t.Fatal(err)
	}
	defer conn.Close()
	if _, err := NewClient(cfg.SocketPath()).Status(
		context.Background()); err != nil {
		t.Fatalf("status: %v", err) // the connection was accepted
	}

	h.cancel()
	select {
	case err := <-h.done:
		h.cancel = nil
		if err != nil {
			t.Errorf("Run = %v", err)
		}
	case <-time.After(2 * time.Second):
		t.Fatal("daemon does not stop while a client idles on the socket")
	}
}

func TestDaemon_SocketPathHoldsAFile(t *testing.T) {
	cfg := testConfig(t.TempDir(), "ENG")
	// A control-socket setting that names a file by mistake.
	if err := os.WriteFile(cfg.SocketPath(), []byte("data"), 0o600); err != nil {
		t.Fatal(err)
	}
	d, err := New(Options{Config: cfg, State: fakeState{},
		Logger: discard(), Notify: &recordNotifier{},
		NewSyncer: func(context.Context, config.Config,
			func(sync.Progress)) (Syncer, error) {
			return &fakeSyncer{}, nil
		}})
	if err != nil {
		t.Fatal(err)
	}
	// Should the file be taken for a stale socket, Run would serve.
	ctx, cancel := context.WithTimeout(context.Background(), time.Second)
	defer cancel()
	err = d.Run(ctx)
	if err == nil || !strings.Contains(err.Error(), cfg.SocketPath()) {
		t.Errorf("Run = %v, want an error naming the socket path", err)
	}
	if b, _ := os.ReadFile(cfg.SocketPath()); string(b) != "data" {
		t.Errorf("file at the socket path now holds %q", b)
	}
}

func TestDaemon_PanicInSyncIsRecovered(t *testing.T) {
	cfg := testConfig(t.TempDir(), "ENG")
	s := &fakeSyncer{panics: true}
	h := startDaemon(t, cfg, "", s)

	// Through the cron chain, as the schedule runs it.
	h.d.sched.job.Run()
	h.d.sched.job.Run()
	if n := len(s.Calls()); n != 2 {
		t.Errorf("%d calls: a panic stopped the job", n)
	}
	if !strings.Contains(h.log.String(), "engine bug") {
		t.Errorf("panic not logged:\n%s", h.log)
	}
}

func TestDaemon_PanicInSocketSyncIsRecovered(t *testing.T) {
	cfg := testConfig(t.TempDir(), "ENG", "OPS")
	s := &fakeSyncer{panics: true}
	h := startDaemon(t, cfg, "", s)
	c := NewClient(cfg.SocketPath())

	// A sync asked for over the socket runs outside the cron chain.
	res, err := c.Sync(context.Background(), nil, false, nil)
	if err != nil {
		t.Fatalf("sync: %v", err)
	}
	if len(res) != 2 || !strings.Contains(res[0].Error, "engine bug") ||
		!res[1].Failed() {
		t.Errorf("results = %+v, want both spaces failed", res)
	}
	if _, err := c.Status(context.Background()); err != nil {
		t.Errorf("status after the panic: %v", err)
	}
	if !strings.Contains(h.log.String(), "fakeSyncer).Sync") {
		t.Errorf("stack of the panic not logged:\n%s", h.log)
	}
}

func discard() *slog.Logger { return slog.New(slog.NewTextHandler(io.Discard, nil)) }

func TestNextRun(t *testing.T) {
	at := time.Date(2026, 1, 10, 23, 50, 0, 0, time.UTC)
	tests := []struct {
		spec, zone string
		want       time.Time
	}{
		{"0 2 * * *", "UTC", time.Date(2026, 1, 11, 2, 0, 0, 0, time.UTC)},
		// 02:00 in Berlin in January is 01:00 UTC (CET, +1).
		{"0 2 * * *", "Europe/Berlin",
			time.Date(2026, 1, 11, 1, 0, 0, 0, time.UTC)},
		{"@every 15m", "UTC", at.Add(15 * time.Minute)},
		{"nonsense", "UTC", time.Time{}},
	}
	for _, tt := range tests {
		t.Run(tt.spec+" "+tt.zone, func(t *testing.T) {
			got := NextRun(tt.spec, tt.zone, at)
			if !got.Equal(tt.want) {
				t.Errorf("NextRun = %v, want %v", got.UTC(), tt.want)
			}
		})
	}
}
