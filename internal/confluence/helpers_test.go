package confluence_test

import (
	"bytes"
	"context"
	"log/slog"
	"sync"
	"testing"
	"time"

	"go.uber.org/goleak"

	"github.com/cfmirror/cfmirror/internal/confluence"
	"github.com/cfmirror/cfmirror/internal/confluence/confluencetest"
)

func TestMain(m *testing.M) {
	goleak.VerifyTestMain(m)
}

// sleeps records the waits the client asks for and returns at once.
type sleeps struct {
	mu sync.Mutex
	d  []time.Duration
}

func (s *sleeps) sleep(ctx context.Context, d time.Duration) error {
	s.mu.Lock()
	s.d = append(s.d, d)
	s.mu.Unlock()
	return ctx.Err()
}

func (s *sleeps) max() time.Duration {
	s.mu.Lock()
	defer s.mu.Unlock()
	var m time.Duration
	for _, d := range s.d {
		m = max(m, d)
	}
	return m
}

// retryWaits returns the recorded waits above zero.
func (s *sleeps) waits() []time.Duration {
	s.mu.Lock()
	defer s.mu.Unlock()
	var out []time.Duration
	for _, d := range s.d {
		if d > 0 {
			out = append(out, d)
		}
	}
	return out
}

// env is a fake Confluence and a client talking to it.
type env struct {
	srv    *confluencetest.Server
	client confluence.Client
	sleeps *sleeps
	logs   *bytes.Buffer
	space  confluence.Space
	home   string
}

var deployments = []confluence.Deployment{confluence.Cloud, confluence.DataCenter}

// newEnv starts a fake with space ENG and a client for it; opts and cfg
// may adjust the defaults.
func newEnv(t testing.TB, d confluence.Deployment,
	opts func(*confluencetest.Options), cfg func(*confluence.Config),
) *env {
	t.Helper()
	o := confluencetest.Options{Deployment: d}
	if d == confluence.DataCenter {
		o.ContextPath = "/confluence"
	}
	if opts != nil {
		opts(&o)
	}
	srv := confluencetest.New(o)
	t.Cleanup(srv.Close)
	home, err := srv.AddSpace("ENG", "Engineering")
	if err != nil {
		t.Fatal(err)
	}

	e := &env{srv: srv, sleeps: &sleeps{}, logs: &bytes.Buffer{}, home: home}
	user, token := srv.Credentials()
	c := confluence.Config{
		URL: srv.URL(), Deployment: d, User: user, Token: token,
		Sleep: e.sleeps.sleep,
		Logger: slog.New(slog.NewTextHandler(&lockedWriter{w: e.logs},
			&slog.HandlerOptions{Level: slog.LevelDebug})),
		Breaker: confluence.BreakerConfig{FailureThreshold: 1000},
	}
	if cfg != nil {
		cfg(&c)
	}
	client, err := confluence.New(context.Background(), c)
	if err != nil {
		t.Fatal(err)
	}
	e.client = client
	if e.space, err = client.Space(context.Background(), "ENG"); err != nil {
		t.Fatal(err)
	}
	srv.ResetRequests()
	return e
}

// addPages adds n pages under the home page, three levels deep.
func (e *env) addPages(t testing.TB, n int) []string {
	t.Helper()
	ids := []string{e.home}
	for i := range n {
		parent := ids[i/3]
		id, err := e.srv.AddPage("ENG", parent,
			"Page "+itoa(i), "<p>body "+itoa(i)+"</p>")
		if err != nil {
			t.Fatal(err)
		}
		ids = append(ids, id)
	}
	return ids[1:]
}

func itoa(i int) string {
	return string(appendInt(nil, i))
}

func appendInt(b []byte, i int) []byte {
	if i >= 10 {
		b = appendInt(b, i/10)
	}
	return append(b, byte('0'+i%10))
}

type lockedWriter struct {
	mu sync.Mutex
	w  *bytes.Buffer
}

func (l *lockedWriter) Write(p []byte) (int, error) {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.w.Write(p)
}
