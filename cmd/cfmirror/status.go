package main

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"os"
	"time"

	"github.com/cfmirror/cfmirror/internal/config"
	"github.com/cfmirror/cfmirror/internal/daemon"
	"github.com/cfmirror/cfmirror/internal/store"
	"github.com/cfmirror/cfmirror/internal/sync"
)

// statusCmd shows what the daemon or the state file knows.
type statusCmd struct {
	configFlag
	JSON bool          `help:"Print the status as JSON."`
	Wait time.Duration `default:"5s" help:"How long to wait for a state file held by another process."`
}

// Run asks a running daemon, or reads the state file when none runs.
func (c *statusCmd) Run() error {
	cfg, err := loadConfigNoToken(c.Config)
	if err != nil {
		return err
	}
	ctx := context.Background()
	client := daemon.NewClient(cfg.SocketPath())
	st, err := client.Status(ctx)
	if errors.Is(err, daemon.ErrNoDaemon) {
		// A daemon that is starting up holds the state file before its
		// socket answers: keep asking while waiting for the file.
		ask := func() bool {
			dst, derr := client.Status(ctx)
			if derr != nil {
				return false
			}
			st = dst
			return true
		}
		var off daemon.Status
		off, err = offlineStatus(cfg, c.Wait, ask)
		if st.PID == 0 {
			st = off
		}
	}
	if err != nil {
		return err
	}
	if c.JSON {
		enc := json.NewEncoder(os.Stdout)
		enc.SetIndent("", "  ")
		return enc.Encode(st)
	}
	printStatus(os.Stdout, st, time.Now())
	return nil
}

// offlineStatus reads the state file without a daemon. It returns a
// zero Status and no error when ask reports that a daemon answered.
func offlineStatus(cfg config.Config, wait time.Duration,
	ask func() bool) (daemon.Status, error) {
	if _, err := os.Stat(cfg.State); errors.Is(err, os.ErrNotExist) {
		return daemon.Offline(cfg, noState{}, time.Now())
	}
	s, err := openOrAsk(cfg.State, wait, true, ask)
	if s == nil && err == nil {
		return daemon.Status{}, nil
	}
	if errors.Is(err, store.ErrLocked) {
		return daemon.Status{}, withCode(exitLocked, fmt.Errorf(
			"%w; no daemon answers on %s: is a \"cfmirror sync --now\" "+
				"running?", err, cfg.SocketPath()))
	}
	if err != nil {
		return daemon.Status{}, err
	}
	defer s.Close()
	return daemon.Offline(cfg, s, time.Now())
}

// noState stands in for a state file that does not exist yet.
type noState struct{}

func (noState) Spaces() ([]store.SpaceInfo, error) { return nil, nil }

func printStatus(w io.Writer, st daemon.Status, now time.Time) {
	if st.PID != 0 {
		fmt.Fprintf(w, "daemon: running (pid %d)", st.PID)
		if st.Running != "" {
			fmt.Fprintf(w, ", syncing %s", st.Running)
		}
		fmt.Fprintln(w)
	} else {
		fmt.Fprintln(w, "daemon: not running")
	}
	fmt.Fprintf(w, "schedule: %q (%s), next run %s\n",
		st.Schedule, st.Timezone, when(st.Next, now))
	if st.ReloadError != "" {
		fmt.Fprintf(w, "config: reload rejected, previous settings "+
			"in force: %s\n", st.ReloadError)
	}

	for _, sp := range st.Spaces {
		printSpace(w, sp, now)
	}
}

func printSpace(w io.Writer, sp daemon.SpaceStatus, now time.Time) {
	note := ""
	if !sp.Configured {
		note = " (no longer configured)"
	}
	fmt.Fprintf(w, "\n%s%s\n", sp.Key, note)
	if sp.LastSync.IsZero() {
		fmt.Fprintln(w, "  never synced")
		return
	}
	result := "ok"
	if sp.LastError != "" {
		result = "FAILED: " + sp.LastError
	}
	fmt.Fprintf(w, "  last sync:    %s, %s\n", when(sp.LastSync, now), result)
	fmt.Fprintf(w, "  last success: %s\n", when(sp.LastSuccess, now))
	fmt.Fprintf(w, "  mirrored:     %d pages, %d attachments\n",
		sp.Pages, sp.Attachments)
	if sp.Failures > 0 {
		fmt.Fprintf(w, "  failures:     %d in a row\n", sp.Failures)
	}
	var s sync.Summary
	if json.Unmarshal(sp.Summary, &s) == nil && len(sp.Summary) > 0 {
		fmt.Fprintf(w, "  last summary: %d new, %d changed, %d moved, "+
			"%d renamed, %d deleted, %d unchanged; %d attachments "+
			"downloaded; %d requests in %s\n",
			s.New, s.Changed, s.Moved, s.Renamed, s.Deleted, s.Unchanged,
			s.AttachmentsDownloaded, total(s.Requests),
			s.Duration.Round(time.Millisecond))
	}
}

// when formats t with how far it is from now.
func when(t, now time.Time) string {
	if t.IsZero() {
		return "never"
	}
	d := now.Sub(t).Round(time.Second)
	rel := d.String() + " ago"
	if d < 0 {
		rel = "in " + (-d).String()
	}
	return t.UTC().Format(time.RFC3339) + " (" + rel + ")"
}
