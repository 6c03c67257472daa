package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"os"
	"syscall"
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
	Timeout time.Duration `default:"30s" help:"Give up on the server, and on each space, after this long."`
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
	return checkServer(context.Background(), out, cfg, c.Timeout, log)
}

// checkServer connects, checks the credentials and resolves each space,
// giving each step up to timeout. It asks once per request: a check
// reports an outage at once instead of retrying it.
func checkServer(ctx context.Context, out io.Writer, cfg config.Config,
	timeout time.Duration, log *slog.Logger) error {
	cfg.Retry.MaxAttempts = 1
	step, cancel := context.WithTimeout(ctx, timeout)
	client, err := newClient(step, cfg, log)
	cancel()
	if err != nil {
		return unreachable(out, cfg, err)
	}

	failed := 0
	for i, key := range cfg.Spaces {
		step, cancel := context.WithTimeout(ctx, timeout)
		sp, err := client.Space(step, key)
		cancel()

		// The first answer from the server shows it is reachable.
		if i == 0 && !answered(err) {
			return unreachable(out, cfg, err)
		}
		if i == 0 {
			fmt.Fprintf(out, "confluence %s: reachable (%s)\n",
				client.BaseURL(), client.Deployment())
		}
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

// answered reports whether err, from a request, means the server sent
// an answer: none, or one that refused or did not find something.
func answered(err error) bool {
	return err == nil ||
		errors.Is(err, confluence.ErrUnauthorized) ||
		errors.Is(err, confluence.ErrForbidden) ||
		errors.Is(err, confluence.ErrNotFound)
}

// unreachable reports that the server could not be asked.
func unreachable(out io.Writer, cfg config.Config, err error) error {
	fmt.Fprintf(out, "confluence %s: FAILED: %s\n",
		cfg.Confluence.URL, explain(err))
	return withCode(exitFailed, errors.New("confluence check failed"))
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
	case errors.Is(err, syscall.ECONNREFUSED):
		return msg + " (connection refused: check confluence.url " +
			"and that the server is running)"
	case errors.Is(err, context.DeadlineExceeded):
		return msg + " (no answer in time: check confluence.url)"
	}
	return msg
}
