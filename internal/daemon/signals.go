package daemon

import (
	"context"
	"io"
	"log/slog"
	"os"
	"os/signal"
	"strings"
	"syscall"

	"golang.org/x/term"

	"github.com/cfmirror/cfmirror/internal/config"
)

// ShutdownContext returns a context cancelled by the first SIGTERM or
// SIGINT, so work can finish its files and commit. A second signal calls
// exit(1) at once. Call stop to release the signals when done.
func ShutdownContext(parent context.Context, log *slog.Logger,
	exit func(code int)) (ctx context.Context, stop func()) {
	ctx, cancel := context.WithCancel(parent)
	sig := make(chan os.Signal, 2)
	signal.Notify(sig, syscall.SIGTERM, syscall.SIGINT)
	done := make(chan struct{})

	go func() {
		select {
		case s := <-sig:
			log.Info("stopping; send the signal again to stop at once",
				"signal", s.String())
			cancel()
		case <-done:
			return
		}
		select {
		case s := <-sig:
			log.Warn("stopping at once", "signal", s.String())
			exit(1)
		case <-done:
		}
	}()
	return ctx, func() {
		signal.Stop(sig)
		close(done)
		cancel()
	}
}

// NewLogger returns a logger for c writing to w: text when Format is
// "text", or "auto" and w is a terminal; JSON otherwise. The returned
// level follows c.Level and can be changed later.
func NewLogger(w io.Writer, c config.Log) (*slog.Logger, *slog.LevelVar) {
	level := new(slog.LevelVar)
	level.Set(Level(c.Level))
	opts := &slog.HandlerOptions{Level: level}
	if c.Format == "text" || (c.Format != "json" && IsTerminal(w)) {
		return slog.New(slog.NewTextHandler(w, opts)), level
	}
	return slog.New(slog.NewJSONHandler(w, opts)), level
}

// Level maps a log.level setting to a slog level (info when unknown).
func Level(name string) slog.Level {
	var l slog.Level
	if err := l.UnmarshalText([]byte(strings.ToUpper(name))); err != nil {
		return slog.LevelInfo
	}
	return l
}

// IsTerminal reports whether w is a terminal.
func IsTerminal(w io.Writer) bool {
	f, ok := w.(*os.File)
	return ok && term.IsTerminal(int(f.Fd()))
}
