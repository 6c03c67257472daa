package tests

import (
	"context"
	"io"
	"log/slog"
	"path/filepath"
	"slices"
	gosync "sync"
	"testing"
	"time"

	"github.com/cfmirror/cfmirror/internal/confluence"
	"github.com/cfmirror/cfmirror/internal/confluence/confluencetest"
	"github.com/cfmirror/cfmirror/internal/store"
	"github.com/cfmirror/cfmirror/internal/sync"
)

// deployments are the flavours the end-to-end tests run against.
var deployments = []confluence.Deployment{
	confluence.Cloud, confluence.DataCenter,
}

// forBoth runs fn once per deployment, in parallel subtests.
func forBoth(t *testing.T, fn func(t *testing.T, dep confluence.Deployment)) {
	t.Helper()
	for _, dep := range deployments {
		t.Run(string(dep), func(t *testing.T) {
			t.Parallel()
			fn(t, dep)
		})
	}
}

// env is one fake Confluence for one test.
type env struct {
	t   *testing.T
	srv *confluencetest.Server
}

// newEnv starts a fake of the given deployment; Data Center gets a
// context path so that paths below it are exercised too.
func newEnv(t *testing.T, dep confluence.Deployment, opts confluencetest.Options) *env {
	t.Helper()
	opts.Deployment = dep
	if dep == confluence.DataCenter {
		opts.ContextPath = "/confluence"
	}
	srv := confluencetest.New(opts)
	t.Cleanup(srv.Close)
	return &env{t: t, srv: srv}
}

// seed fills space key with a generated tree; the same arguments give
// the same space on every run.
func (e *env) seed(key string, pages, atts int) {
	e.t.Helper()
	if err := e.srv.Seed(key, pages, atts, 7); err != nil {
		e.t.Fatal(err)
	}
}

// waits records the waits a client decided on; its sleep returns at
// once, so retries and throttling cost no time in tests.
type waits struct {
	mu  gosync.Mutex
	all []time.Duration
}

func (w *waits) sleep(ctx context.Context, d time.Duration) error {
	if d <= 0 {
		return ctx.Err() // not a wait: the limiter had room
	}
	w.mu.Lock()
	w.all = append(w.all, d)
	w.mu.Unlock()
	return ctx.Err()
}

// list returns the recorded waits, sorted.
func (w *waits) list() []time.Duration {
	w.mu.Lock()
	defer w.mu.Unlock()
	return slices.Sorted(slices.Values(w.all))
}

// config is a client configuration for the fake at url with instant,
// recorded waits.
func (e *env) config(url string, w *waits) confluence.Config {
	user, token := e.srv.Credentials()
	return confluence.Config{
		URL:        url,
		Deployment: e.srv.Deployment(),
		User:       user,
		Token:      token,
		Logger:     quiet(),
		Sleep:      w.sleep,
	}
}

// client connects a real client with cfg.
func (e *env) client(cfg confluence.Config) confluence.Client {
	e.t.Helper()
	c, err := confluence.New(context.Background(), cfg)
	if err != nil {
		e.t.Fatal(err)
	}
	return c
}

// plainClient connects a client straight to the fake with default
// settings and instant waits.
func (e *env) plainClient() confluence.Client {
	return e.client(e.config(e.srv.URL(), &waits{}))
}

// cleanTree mirrors key into a fresh folder with a fresh state over a
// fault-free client and returns the tree.
func (e *env) cleanTree(key string) map[string]string {
	e.t.Helper()
	m := newMirror(e.t)
	m.mustSync(e.plainClient(), key)
	return readTree(e.t, m.out)
}

// quiet is a logger that drops everything.
func quiet() *slog.Logger {
	return slog.New(slog.NewTextHandler(io.Discard, nil))
}

// mirror is an output folder and its state file, inside dir.
type mirror struct {
	t     *testing.T
	dir   string
	out   string
	state string
}

func newMirror(t *testing.T) *mirror {
	dir := t.TempDir()
	return &mirror{
		t:     t,
		dir:   dir,
		out:   filepath.Join(dir, "out"),
		state: filepath.Join(dir, "state.db"),
	}
}

// sync runs one sync of key with a store opened for this run only.
func (m *mirror) sync(ctx context.Context, c confluence.Client, key string) (sync.Summary, error) {
	m.t.Helper()
	st, err := store.Open(m.state, store.Options{Timeout: time.Second})
	if err != nil {
		m.t.Fatalf("open state: %v", err)
	}
	defer st.Close()
	eng, err := sync.New(c, st, engineOptions(m.out))
	if err != nil {
		m.t.Fatal(err)
	}
	return eng.Sync(ctx, key, false)
}

// engineOptions are the engine settings every test uses.
func engineOptions(out string) sync.Options {
	return sync.Options{Output: out, Workers: 8, Logger: quiet()}
}

// mustSync runs a sync that must succeed.
func (m *mirror) mustSync(c confluence.Client, key string) sync.Summary {
	m.t.Helper()
	sum, err := m.sync(context.Background(), c, key)
	if err != nil {
		m.t.Fatalf("sync %s: %v", key, err)
	}
	return sum
}
