package daemon

import (
	"context"
	"log/slog"
	"os"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/cfmirror/cfmirror/internal/config"
)

func TestShutdownContext(t *testing.T) {
	exited := make(chan int, 1)
	ctx, stop := ShutdownContext(context.Background(), discard(),
		func(code int) { exited <- code })
	defer stop()

	// The first signal cancels the context and does not exit.
	if err := syscall.Kill(os.Getpid(), syscall.SIGTERM); err != nil {
		t.Fatal(err)
	}
	select {
	case <-ctx.Done():
	case <-time.After(5 * time.Second):
		t.Fatal("first signal did not cancel")
	}
	select {
	case code := <-exited:
		t.Fatalf("exit(%d) after the first signal", code)
	default:
	}

	// The second one exits with 1.
	if err := syscall.Kill(os.Getpid(), syscall.SIGINT); err != nil {
		t.Fatal(err)
	}
	select {
	case code := <-exited:
		if code != 1 {
			t.Errorf("exit code %d, want 1", code)
		}
	case <-time.After(5 * time.Second):
		t.Fatal("second signal did not exit")
	}
}

func TestNewLogger(t *testing.T) {
	tests := []struct {
		format, want string
	}{
		{"json", `"msg":"hello"`},
		{"auto", `"msg":"hello"`}, // a buffer is not a terminal
		{"text", `msg=hello`},
	}
	for _, tt := range tests {
		t.Run(tt.format, func(t *testing.T) {
			var buf logBuffer
			log, level := NewLogger(&buf, config.Log{
				Level: "warn", Format: tt.format})
			log.Info("hidden")
			log.Warn("hello")
			if got := buf.String(); !strings.Contains(got, tt.want) ||
				strings.Contains(got, "hidden") {
				t.Errorf("log = %q", got)
			}
			if level.Level() != slog.LevelWarn {
				t.Errorf("level = %v", level.Level())
			}
		})
	}
}
