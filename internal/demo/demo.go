// Package demo shows cfmirror end to end without a Confluence site or a
// configuration file: it starts the fake Confluence in this process,
// mirrors a generated space, changes a few pages the way editors do,
// syncs again and prints what changed.
package demo

import (
	"context"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"os"
	"path/filepath"
	"time"

	"github.com/cfmirror/cfmirror/internal/confluence"
	"github.com/cfmirror/cfmirror/internal/confluence/confluencetest"
	"github.com/cfmirror/cfmirror/internal/store"
	"github.com/cfmirror/cfmirror/internal/sync"
)

// Space is the key of the generated space.
const Space = "DEMO"

// marker marks a folder as made by the demo, so a rerun may clear it.
const marker = ".cfmirror-demo"

// Options configure Run.
type Options struct {
	// Dir receives the mirror (Dir/DEMO) and the demo's state file. It
	// must be empty, absent, or a folder an earlier demo made.
	Dir string
	// Pages and Attachments size the generated space (defaults 300 and
	// a fifth of Pages).
	Pages, Attachments int
	// Out receives the report (default os.Stdout).
	Out io.Writer
	// Logger receives the engine's log (default: discarded).
	Logger *slog.Logger
}

// Run performs the demo. It stops early when ctx is cancelled.
func Run(ctx context.Context, opts Options) error {
	opts = opts.withDefaults()
	if err := prepare(opts.Dir); err != nil {
		return err
	}
	srv := confluencetest.New(confluencetest.Options{})
	defer srv.Close()
	if err := srv.Seed(Space, opts.Pages, opts.Attachments, 1); err != nil {
		return fmt.Errorf("generate space: %w", err)
	}

	st, err := store.Open(filepath.Join(opts.Dir, marker, "state.db"),
		store.Options{})
	if err != nil {
		return err
	}
	defer st.Close()
	engine, err := newEngine(ctx, srv, st, opts)
	if err != nil {
		return err
	}
	return tour(ctx, opts, srv, engine)
}

func (o Options) withDefaults() Options {
	if o.Pages <= 0 {
		o.Pages = 300
	}
	if o.Attachments <= 0 {
		o.Attachments = o.Pages / 5
	}
	if o.Out == nil {
		o.Out = os.Stdout
	}
	if o.Logger == nil {
		o.Logger = slog.New(slog.DiscardHandler)
	}
	return o
}

// prepare makes Dir an empty folder holding the marker. It clears a
// folder an earlier demo made and refuses any other non-empty one.
func prepare(dir string) error {
	entries, err := os.ReadDir(dir)
	switch {
	case errors.Is(err, os.ErrNotExist):
	case err != nil:
		return fmt.Errorf("read demo folder: %w", err)
	case len(entries) == 0:
	default:
		if _, err := os.Stat(filepath.Join(dir, marker)); err != nil {
			return fmt.Errorf("demo folder %s is not empty and was not "+
				"made by cfmirror demo; name another folder", dir)
		}
		if err := os.RemoveAll(dir); err != nil {
			return fmt.Errorf("clear previous demo: %w", err)
		}
	}
	if err := os.MkdirAll(filepath.Join(dir, marker), 0o755); err != nil {
		return fmt.Errorf("create demo folder: %w", err)
	}
	return nil
}

func newEngine(ctx context.Context, srv *confluencetest.Server,
	st *store.Store, opts Options) (*sync.Engine, error) {
	user, token := srv.Credentials()
	client, err := confluence.New(ctx, confluence.Config{
		URL:        srv.URL(),
		Deployment: confluence.Cloud,
		User:       user,
		Token:      token,
		Timeout:    30 * time.Second,
		Logger:     opts.Logger,
	})
	if err != nil {
		return nil, fmt.Errorf("connect to the fake Confluence: %w", err)
	}
	return sync.New(client, st, sync.Options{
		Output:    opts.Dir,
		IndexName: "index.md",
		Nav:       "summary",
		Logger:    opts.Logger,
	})
}
