package daemon

import (
	"context"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"time"

	"github.com/cfmirror/cfmirror/internal/config"
	"github.com/cfmirror/cfmirror/internal/confluence"
	"github.com/cfmirror/cfmirror/internal/confluence/confluencetest"
	"github.com/cfmirror/cfmirror/internal/store"
	"github.com/cfmirror/cfmirror/internal/sync"
)

// clientSyncer resolves the space through a real client on each sync,
// so the client's retries and breaker are those of real HTTP exchanges.
type clientSyncer struct {
	client confluence.Client
}

func (s *clientSyncer) Sync(ctx context.Context, space string,
	_ bool) (sync.Summary, error) {
	_, err := s.client.Space(ctx, space)
	return sync.Summary{Space: space}, err
}

func (s *clientSyncer) ClientStats() confluence.Stats {
	return s.client.Stats()
}

// clientEnv is a fake Confluence with space ENG and a client whose
// waits are instant; breaker opens after threshold failures.
func clientEnv(t *testing.T, threshold int) (*confluencetest.Server, confluence.Client) {
	t.Helper()
	srv := confluencetest.New(confluencetest.Options{})
	t.Cleanup(srv.Close)
	if _, err := srv.AddSpace("ENG", "Engineering"); err != nil {
		t.Fatal(err)
	}
	user, token := srv.Credentials()
	c, err := confluence.New(context.Background(), confluence.Config{
		URL: srv.URL(), Deployment: confluence.Cloud,
		User: user, Token: token,
		Retry:   confluence.RetryConfig{MaxAttempts: 3},
		Breaker: confluence.BreakerConfig{FailureThreshold: threshold, Delay: time.Hour},
		Sleep: func(ctx context.Context, _ time.Duration) error {
			return ctx.Err()
		},
		Logger: slog.New(slog.NewTextHandler(io.Discard, nil)),
	})
	if err != nil {
		t.Fatal(err)
	}
	return srv, c
}

// runDaemon runs a daemon over syncer until the test ends.
func runDaemon(t *testing.T, cfg config.Config, syncer Syncer) *Daemon {
	t.Helper()
	notify := &recordNotifier{}
	d, err := New(Options{
		Config: cfg,
		NewSyncer: func(context.Context, config.Config,
			func(sync.Progress)) (Syncer, error) {
			return syncer, nil
		},
		State:  fakeState{infos: []store.SpaceInfo{}},
		Logger: slog.New(slog.NewTextHandler(io.Discard, nil)),
		Notify: notify,
	})
	if err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan error, 1)
	go func() { done <- d.Run(ctx) }()
	t.Cleanup(func() {
		cancel()
		if err := <-done; err != nil {
			t.Errorf("Run = %v", err)
		}
	})
	waitFor(t, "daemon ready", func() bool {
		return strings.Contains(notify.String(), "READY=1")
	})
	return d
}

// scrape fetches /metrics over HTTP from the daemon's handler.
func scrape(t *testing.T, d *Daemon) string {
	t.Helper()
	srv := httptest.NewServer(d.Handler())
	defer srv.Close()
	resp, err := http.Get(srv.URL + "/metrics")
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	b, err := io.ReadAll(resp.Body)
	if err != nil || resp.StatusCode != http.StatusOK {
		t.Fatalf("scrape: %s, %v", resp.Status, err)
	}
	return string(b)
}

func TestDaemon_MetricsClient(t *testing.T) {
	tests := []struct {
		name   string
		inject func(*confluencetest.Server)
		want   []string
		absent []string
	}{
		{
			name:   "throttled and retried",
			inject: func(s *confluencetest.Server) { s.FailNext(2, 429, "1") },
			want: []string{
				`cfmirror_confluence_retries_total{kind="space"} 2`,
				`cfmirror_confluence_throttled_total 2`,
				`cfmirror_confluence_circuit_breaker_state{state="closed"} 1`,
				`cfmirror_confluence_circuit_breaker_state{state="open"} 0`,
				`cfmirror_confluence_circuit_breaker_state{state="half-open"} 0`,
			},
		},
		{
			name:   "outage opens the breaker",
			inject: func(s *confluencetest.Server) { s.SetOutage(true) },
			want: []string{
				`cfmirror_confluence_retries_total{kind="space"} 2`,
				`cfmirror_confluence_throttled_total 0`,
				`cfmirror_confluence_circuit_breaker_state{state="closed"} 0`,
				`cfmirror_confluence_circuit_breaker_state{state="open"} 1`,
				`cfmirror_syncs_total{result="failure",space="ENG"} 1`,
			},
		},
		{
			name:   "clean",
			inject: func(*confluencetest.Server) {},
			want: []string{
				`cfmirror_confluence_throttled_total 0`,
				`cfmirror_confluence_circuit_breaker_state{state="closed"} 1`,
			},
			absent: []string{"cfmirror_confluence_retries_total{"},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			srv, client := clientEnv(t, 3)
			d := runDaemon(t, testConfig(t.TempDir(), "ENG"),
				&clientSyncer{client: client})
			tt.inject(srv)
			d.scheduled(context.Background())

			body := scrape(t, d)
			for _, want := range tt.want {
				if !strings.Contains(body, want+"\n") {
					t.Errorf("metrics lack %s", want)
				}
			}
			for _, no := range tt.absent {
				if strings.Contains(body, no) {
					t.Errorf("metrics have %s", no)
				}
			}
		})
	}
}

func TestDaemon_MetricsNoClient(t *testing.T) {
	cfg := testConfig(t.TempDir(), "ENG")
	d := runDaemon(t, cfg, &fakeSyncer{})
	body := scrape(t, d)
	if strings.Contains(body, "cfmirror_confluence_") {
		t.Errorf("client metrics without a client:\n%s", body)
	}
	if !strings.Contains(body, "cfmirror_syncing 0") {
		t.Errorf("daemon metrics missing:\n%s", body)
	}
}
