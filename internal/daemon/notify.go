package daemon

import (
	"context"
	"time"

	sd "github.com/coreos/go-systemd/v22/daemon"
)

// Notifier sends service state to the service manager.
type Notifier interface {
	// Notify sends one state string such as "READY=1" or "STATUS=...".
	Notify(state string)
}

// systemdNotifier uses sd_notify; outside systemd ($NOTIFY_SOCKET
// unset) every call does nothing.
type systemdNotifier struct{}

func (systemdNotifier) Notify(state string) {
	_, _ = sd.SdNotify(false, state)
}

// watchdog pings the systemd watchdog at half its interval until ctx
// ends; it returns at once when no watchdog is configured.
func watchdog(ctx context.Context, n Notifier) {
	interval, err := sd.SdWatchdogEnabled(false)
	if err != nil || interval <= 0 {
		return
	}
	t := time.NewTicker(interval / 2)
	defer t.Stop()
	for {
		select {
		case <-ctx.Done():
			return
		case <-t.C:
			n.Notify("WATCHDOG=1")
		}
	}
}
