package daemon

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"log/slog"
	"os"
	"os/exec"
	"strings"
	"time"

	"github.com/cfmirror/cfmirror/internal/config"
)

// Environment variables the on-change command receives, besides the
// daemon's own minus any that would reveal the Confluence token.
const (
	// EnvChangedFile names a file listing the changed paths, one a line,
	// relative to the output folder. It is removed when the command ends.
	EnvChangedFile = "CFMIRROR_CHANGED_FILE"
	// EnvSpaces lists the keys of the spaces that changed, space
	// separated.
	EnvSpaces = "CFMIRROR_SPACES"
	// EnvOutput is the output folder.
	EnvOutput = "CFMIRROR_OUTPUT"
)

// hookOutputMax bounds how much of the command's output is logged.
const hookOutputMax = 4 << 10

// RunOnChange runs cfg's on-change command when results changed files
// and ctx is still live; it does nothing otherwise. Failures are logged.
func RunOnChange(ctx context.Context, log *slog.Logger, cfg config.Config,
	results []SpaceResult) {
	paths, spaces := changedPaths(results)
	if len(paths) == 0 || len(cfg.OnChange) == 0 || ctx.Err() != nil {
		return
	}
	runHook(ctx, log, cfg, spaces, paths)
}

// runHook runs the on-change command (no shell) with the changed paths,
// bounded by on-change-timeout. A failure is logged, never returned: the
// mirror is fine even when the command is not.
func runHook(ctx context.Context, log *slog.Logger, cfg config.Config,
	spaces, paths []string) {
	log = log.With("command", cfg.OnChange[0])
	start := time.Now()
	out, err := hook(ctx, cfg, spaces, paths)
	took := time.Since(start).Round(time.Millisecond)
	switch {
	case err == nil:
		log.Info("on-change command finished", "duration", took)
	case ctx.Err() != nil:
		log.Info("on-change command stopped: daemon stopping")
	default:
		log.Error("on-change command failed", "error", err,
			"duration", took, "output", out)
	}
}

// hook runs the command and returns the tail of its combined output.
func hook(ctx context.Context, cfg config.Config,
	spaces, paths []string) (string, error) {
	list, err := os.CreateTemp("", "cfmirror-changed-*.txt")
	if err != nil {
		return "", fmt.Errorf("write changed paths: %w", err)
	}
	defer os.Remove(list.Name())
	_, err = list.WriteString(strings.Join(paths, "\n") + "\n")
	if cerr := list.Close(); err == nil {
		err = cerr
	}
	if err != nil {
		return "", fmt.Errorf("write changed paths: %w", err)
	}

	ctx, cancel := context.WithTimeout(ctx, cfg.OnChangeTimeout)
	defer cancel()
	cmd := exec.CommandContext(ctx, cfg.OnChange[0], cfg.OnChange[1:]...)
	cmd.Env = append(hookEnv(os.Environ(), cfg.Confluence.Token),
		EnvChangedFile+"="+list.Name(),
		EnvSpaces+"="+strings.Join(spaces, " "),
		EnvOutput+"="+cfg.Output)
	var out tail
	cmd.Stdout, cmd.Stderr = &out, &out
	// Stop waiting for pipes held open by the command's children.
	cmd.WaitDelay = 5 * time.Second

	err = cmd.Run()
	if errors.Is(ctx.Err(), context.DeadlineExceeded) {
		err = fmt.Errorf("timed out after %s", cfg.OnChangeTimeout)
	}
	return strings.TrimSpace(out.String()), err
}

// hookEnv is env without what would hand the command the Confluence
// secret: variables whose value holds the token (such as the one a
// ${VAR} in the file named) and the systemd credentials folder.
func hookEnv(env []string, token string) []string {
	var out []string
	for _, kv := range env {
		name, value, _ := strings.Cut(kv, "=")
		if name == "CREDENTIALS_DIRECTORY" ||
			token != "" && strings.Contains(value, token) {
			continue
		}
		out = append(out, kv)
	}
	return out
}

// tail keeps the last hookOutputMax bytes written to it.
type tail struct{ buf bytes.Buffer }

func (t *tail) Write(p []byte) (int, error) {
	t.buf.Write(p)
	if over := t.buf.Len() - hookOutputMax; over > 0 {
		t.buf.Next(over)
	}
	return len(p), nil
}

func (t *tail) String() string { return t.buf.String() }
