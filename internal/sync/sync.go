package sync

import (
	"log/slog"
	"time"

	"github.com/cfmirror/cfmirror/internal/markdown"
)

// Options configure an Engine. The zero value of each field means the
// default named in its comment.
type Options struct {
	// Output is the root of the mirror; each space gets {Output}/{KEY}.
	Output string
	// Workers bounds the parallel fetches and downloads (default 20).
	Workers int
	// IndexName is the page file in each page folder (default "index.md";
	// "_index.md" for Hugo).
	IndexName string
	// MaxDelete is the largest share of a space's pages one run may
	// delete (default 0.5); a run that would delete more refuses.
	MaxDelete float64
	// Nav selects a generated navigation file per space: "" (none),
	// "mkdocs" (.pages files) or "summary" (SUMMARY.md).
	Nav string
	// Markdown are the converter settings.
	Markdown markdown.Options
	// Logger receives progress and summary lines (default slog.Default()).
	Logger *slog.Logger
	// Progress, when set, is called as work is planned and done. It is
	// called from worker goroutines and must be safe for concurrent use.
	Progress func(Progress)
}

// Progress is a snapshot of one space's sync for a progress display.
type Progress struct {
	Space            string
	PagesDone        int
	PagesTotal       int
	AttachmentsDone  int
	AttachmentsTotal int
}

// Summary reports one sync of one space.
type Summary struct {
	Space     string
	Pages     int // pages in the mirror after the sync
	New       int
	Changed   int
	Moved     int
	Renamed   int
	Deleted   int
	Unchanged int
	Restored  int // local files deleted or edited by hand, rewritten

	AttachmentsDownloaded int
	AttachmentsRemoved    int
	Bytes                 int64 // bytes written to disk

	Requests map[string]int64 // by kind, see confluence.Req*
	Duration time.Duration

	// Changed paths, relative to Options.Output, sorted: files written,
	// moved or removed. Empty when the sync changed nothing on disk.
	Paths []string
}
