package sync

import (
	"context"
	"encoding/json"
	"errors"
	"log/slog"
	"time"
)

// record writes the outcome of a run into the space's record: on
// success the counts and summary, on failure only the error.
func (e *Engine) record(r *run, start time.Time, syncErr error) error {
	rec, _, err := e.store.Space(r.key)
	if err != nil {
		return err
	}
	rec.Key = r.key
	rec.LastSync = start.UTC()
	if syncErr != nil {
		rec.LastError = syncErr.Error()
		return e.store.PutSpace(rec)
	}

	rec.LastError = ""
	rec.LastSuccess = start.UTC()
	rec.LastFullListing = start.UTC()
	rec.ID = r.space.ID
	rec.HomeID = r.space.HomepageID
	rec.Fingerprint = r.fingerprint
	rec.Pages = r.sum.Pages
	rec.Attachments = len(r.atts)
	if rec.Summary, err = json.Marshal(r.sum); err != nil {
		return err
	}
	return e.store.PutSpace(rec)
}

// requestsSince returns the requests made between two counter readings.
func requestsSince(before, after map[string]int64) map[string]int64 {
	out := make(map[string]int64)
	for k, n := range after {
		if d := n - before[k]; d > 0 {
			out[k] = d
		}
	}
	return out
}

// logSummary writes the one summary line of a run.
func (e *Engine) logSummary(r *run, err error) {
	s := r.sum
	attrs := []any{
		"pages", s.Pages, "new", s.New, "changed", s.Changed,
		"moved", s.Moved, "renamed", s.Renamed, "deleted", s.Deleted,
		"unchanged", s.Unchanged, "restored", s.Restored,
		"downloaded", s.AttachmentsDownloaded,
		"removed", s.AttachmentsRemoved, "bytes", s.Bytes,
		"requests", total(s.Requests), "duration", s.Duration.Round(time.Millisecond),
	}
	switch {
	case err == nil:
		r.log.Info("sync done", attrs...)
	case errors.Is(err, context.Canceled):
		r.log.Info("sync cancelled", attrs...)
	default:
		r.log.Log(context.Background(), slog.LevelError, "sync failed",
			append(attrs, "error", err)...)
	}
}

// total sums request counts.
func total(m map[string]int64) int64 {
	var n int64
	for _, v := range m {
		n += v
	}
	return n
}
