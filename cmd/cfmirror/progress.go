package main

import (
	"fmt"
	"io"
	"log/slog"
	stdsync "sync"
	"time"

	"github.com/schollz/progressbar/v3"

	"github.com/cfmirror/cfmirror/internal/daemon"
	"github.com/cfmirror/cfmirror/internal/sync"
)

// logEvery spaces out progress lines when the output is not a terminal.
const logEvery = 2 * time.Second

// progressView shows sync progress: a bar of pages and attachments on a
// terminal, otherwise a log line every logEvery. Safe for concurrent use
// (the engine reports from its workers).
type progressView struct {
	w   io.Writer
	log *slog.Logger
	tty bool

	mu    stdsync.Mutex
	bar   *progressbar.ProgressBar
	space string
	last  time.Time
}

func newProgressView(w io.Writer, log *slog.Logger) *progressView {
	return &progressView{w: w, log: log, tty: daemon.IsTerminal(w)}
}

// update shows one snapshot.
func (v *progressView) update(p sync.Progress) {
	v.mu.Lock()
	defer v.mu.Unlock()
	if v.tty {
		v.draw(p)
		return
	}
	total := p.PagesTotal + p.AttachmentsTotal
	done := p.PagesDone + p.AttachmentsDone
	if p.Space == v.space && time.Since(v.last) < logEvery &&
		done < total {
		return
	}
	v.space, v.last = p.Space, time.Now()
	v.log.Info("progress", "space", p.Space,
		"pages", fmt.Sprintf("%d/%d", p.PagesDone, p.PagesTotal),
		"attachments", fmt.Sprintf("%d/%d",
			p.AttachmentsDone, p.AttachmentsTotal))
}

// draw moves the bar, starting a new one for each space.
func (v *progressView) draw(p sync.Progress) {
	total := p.PagesTotal + p.AttachmentsTotal
	if v.bar == nil || p.Space != v.space {
		v.finishBar()
		v.space = p.Space
		v.bar = progressbar.NewOptions(total,
			progressbar.OptionSetWriter(v.w),
			progressbar.OptionShowCount(),
			progressbar.OptionSetWidth(30),
			progressbar.OptionThrottle(100*time.Millisecond),
			progressbar.OptionClearOnFinish())
	}
	v.bar.ChangeMax(total)
	v.bar.Describe(fmt.Sprintf("%s pages %d/%d attachments %d/%d",
		p.Space, p.PagesDone, p.PagesTotal,
		p.AttachmentsDone, p.AttachmentsTotal))
	_ = v.bar.Set(p.PagesDone + p.AttachmentsDone)
}

func (v *progressView) finishBar() {
	if v.bar != nil {
		_ = v.bar.Finish()
		v.bar = nil
	}
}

// finish clears the bar so the summary starts on a clean line.
func (v *progressView) finish() {
	v.mu.Lock()
	defer v.mu.Unlock()
	v.finishBar()
}
