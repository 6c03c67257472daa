package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"os"
	"time"

	"github.com/cfmirror/cfmirror/internal/config"
	"github.com/cfmirror/cfmirror/internal/confluence"
	"github.com/cfmirror/cfmirror/internal/daemon"
)

// configCmd groups the configuration commands.
type configCmd struct {
	Check configCheckCmd `cmd:"" help:"Validate the file, resolve the spaces and check the credentials."`
}

// configCheckCmd validates a configuration against the server.
type configCheckCmd struct {
	configFlag
	Timeout time.Duration `default:"60s" help:"Give up on the server after this long."`
}

// Run explains every problem it finds; the token is never printed.
func (c *configCheckCmd) Run() error {
	cfg, err := loadConfig(c.Config)
	if err != nil {
		return err
	}
	out := os.Stdout
	fmt.Fprintf(out, "config %s: valid\n", c.Config)
	fmt.Fprintf(out, "  %s\n", cfg)

	log, _ := daemon.NewLogger(os.Stderr, config.Log{
		Level: "warn", Format: cfg.Log.Format})
	ctx, cancel := context.WithTimeout(context.Background(), c.Timeout)
	defer cancel()
	return checkServer(ctx, out, cfg, log)
}

// checkServer connects, checks the credentials and resolves each space.
func checkServer(ctx context.Context, out io.Writer, cfg config.Config,
	log *slog.Logger) error {
	client, err := newClient(ctx, cfg, log)
	if err != nil {
		fmt.Fprintf(out, "confluence %s: FAILED: %s\n",
			cfg.Confluence.URL, explain(err))
		return withCode(exitFailed, errors.New("confluence check failed"))
	}
	fmt.Fprintf(out, "confluence %s: reachable (%s)\n",
		client.BaseURL(), client.Deployment())

	failed := 0
	for _, key := range cfg.Spaces {
		sp, err := client.Space(ctx, key)
		if err != nil {
			fmt.Fprintf(out, "space %s: FAILED: %s\n", key, explain(err))
			failed++
			continue
		}
		fmt.Fprintf(out, "space %s: ok, %q (id %s)\n", key, sp.Name, sp.ID)
	}
	if failed > 0 {
		return withCode(exitFailed, fmt.Errorf(
			"%d of %d spaces failed the check", failed, len(cfg.Spaces)))
	}
	fmt.Fprintln(out, "credentials: accepted")
	return nil
}

// explain adds what to do about the errors an operator can fix.
func explain(err error) string {
	msg := err.Error()
	switch {
	case errors.Is(err, confluence.ErrUnauthorized):
		return msg + " (credentials refused: check confluence.user " +
			"and the token)"
	case errors.Is(err, confluence.ErrForbidden):
		return msg + " (the account lacks permission)"
	case errors.Is(err, confluence.ErrNotFound):
		return msg + " (no such space, or not visible to this account)"
	case errors.Is(err, context.DeadlineExceeded):
		return msg + " (no answer in time: check confluence.url)"
	}
	return msg
}
