// Package daemon runs cfmirror as a service: sync rounds on a cron
// schedule and at start-up, one round at a time; configuration reload on
// file change and SIGHUP; a unix control socket through which "sync
// --now" and "status" reach the running daemon; an optional /healthz and
// /metrics listener; the on-change command after rounds that changed
// files; and systemd readiness, status and watchdog notifications.
//
// A round syncs each configured space in turn through a Syncer (the sync
// engine in production, a fake in tests). A failed space is logged and
// retried at the next tick; repeated failures add a hint. Cancelling
// Run's context lets the running sync finish its files and commit, then
// stops every goroutine the daemon started.
package daemon
