package sync

import (
	gosync "sync"
	"testing"
)

// TestEngine_Progress checks that a progress display learns the page
// total before attachments are downloaded, and that every count it is
// given ends complete.
func TestEngine_Progress(t *testing.T) {
	h := newHarness(t, "")
	h.must(h.srv.Seed("DOC", 60, 12, 1))

	var (
		mu    gosync.Mutex
		snaps []Progress
	)
	h.opts.Progress = func(p Progress) {
		mu.Lock()
		defer mu.Unlock()
		snaps = append(snaps, p)
	}
	sum := h.sync("DOC")

	if len(snaps) == 0 {
		t.Fatal("no progress reported")
	}
	for _, p := range snaps {
		if p.AttachmentsDone > 0 && p.PagesTotal == 0 {
			t.Fatalf("attachment progress %d/%d before the page total",
				p.AttachmentsDone, p.AttachmentsTotal)
		}
	}
	last := snaps[len(snaps)-1]
	if last.PagesTotal != sum.Pages || last.PagesDone != last.PagesTotal {
		t.Errorf("pages %d/%d at the end, want %d/%d",
			last.PagesDone, last.PagesTotal, sum.Pages, sum.Pages)
	}
	if last.AttachmentsTotal != sum.AttachmentsDownloaded ||
		last.AttachmentsDone != last.AttachmentsTotal {
		t.Errorf("attachments %d/%d at the end, want %d/%d",
			last.AttachmentsDone, last.AttachmentsTotal,
			sum.AttachmentsDownloaded, sum.AttachmentsDownloaded)
	}
}
