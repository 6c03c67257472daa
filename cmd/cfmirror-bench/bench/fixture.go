package bench

import (
	"context"
	"fmt"
	"net/http"
	"os"
	"path/filepath"
	"time"

	"github.com/cfmirror/cfmirror/internal/confluence"
	"github.com/cfmirror/cfmirror/internal/confluence/confluencetest"
	"github.com/cfmirror/cfmirror/internal/store"
	"github.com/cfmirror/cfmirror/internal/sync"
)

// spaceKey is the key of every generated space.
const spaceKey = "BENCH"

// site is a seeded fake Confluence Cloud and a client talking to it.
type site struct {
	srv    *confluencetest.Server
	client confluence.Client
	obs    *observer
	pages  int // generated pages, the home page not included
	atts   int
}

// newSite starts a fake, seeds it with n pages and c.attachments(n)
// attachments, and connects a client. The latency is switched on only
// after seeding. Close the site when done.
func newSite(ctx context.Context, c Config, n int) (*site, error) {
	srv := confluencetest.New(confluencetest.Options{})
	s := &site{srv: srv, pages: n, atts: c.attachments(n)}
	if err := srv.Seed(spaceKey, n, s.atts, c.Seed); err != nil {
		srv.Close()
		return nil, err
	}
	srv.SetLatency(c.Latency)

	user, token := srv.Credentials()
	base := http.DefaultTransport.(*http.Transport).Clone()
	base.MaxIdleConnsPerHost = 100
	s.obs = newObserver(base)
	client, err := confluence.New(ctx, confluence.Config{
		URL:        srv.URL(),
		Deployment: confluence.Cloud,
		User:       user,
		Token:      token,
		Logger:     c.Logger,
		Transport:  s.obs,
	})
	if err != nil {
		srv.Close()
		return nil, fmt.Errorf("connect to the fake: %w", err)
	}
	s.client = client
	return s, nil
}

// Close stops the fake.
func (s *site) Close() { s.srv.Close() }

// editPercent appends a paragraph to the first pct % of the pages (at
// least one), as a small edit in the editor would. It returns how many
// pages it changed.
func (s *site) editPercent(pct, round int) (int, error) {
	ids := s.srv.PageIDs(spaceKey)
	k := max(1, len(ids)*pct/100)
	for _, id := range ids[:k] {
		info, _ := s.srv.PageInfo(id)
		body := info.Body + fmt.Sprintf("<p>Edit %d.</p>", round)
		if err := s.srv.EditPage(id, body); err != nil {
			return 0, err
		}
	}
	return k, nil
}

// mirror is an output folder and its state file.
type mirror struct {
	dir string
}

func newMirror(parent, name string) (*mirror, error) {
	dir := filepath.Join(parent, name)
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return nil, err
	}
	return &mirror{dir: dir}, nil
}

// Measurement is one measured sync.
type Measurement struct {
	Name     string // e.g. "first", "no-op", "1% changed", "workers=5"
	Pages    int    // pages in the space, the home page included
	Atts     int    // attachments in the space
	Workers  int
	Changed  int // pages edited before this sync
	Wall     time.Duration
	Requests map[string]int64 // by kind, as the client counted them
	Bytes    int64            // written to disk
	HeapPeak uint64           // Go heap high-water mark, bytes
	RSSPeak  uint64           // process peak RSS (VmHWM), bytes
	Summary  sync.Summary
	Throttle Throttling // only for the rate-limited run
	Err      error
}

// run runs one measured sync of the site into m.
func (m *mirror) run(ctx context.Context, c Config, s *site,
	workers int) (Measurement, error) {
	st, err := store.Open(filepath.Join(m.dir, "state.db"), store.Options{
		Timeout: time.Second,
	})
	if err != nil {
		return Measurement{}, err
	}
	defer st.Close()
	eng, err := sync.New(s.client, st, sync.Options{
		Output:  filepath.Join(m.dir, "out"),
		Workers: workers,
		Logger:  c.Logger,
	})
	if err != nil {
		return Measurement{}, err
	}

	watch := watchMemory()
	start := time.Now()
	sum, err := eng.Sync(ctx, spaceKey, false)
	wall := time.Since(start)
	heap, rss := watch.stop()
	return Measurement{
		Pages: sum.Pages, Atts: s.atts, Workers: workers,
		Wall: wall, Requests: sum.Requests, Bytes: sum.Bytes,
		HeapPeak: heap, RSSPeak: rss, Summary: sum, Err: err,
	}, nil
}
