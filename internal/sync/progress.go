package sync

import gosync "sync"

// progress counts a run's work and reports it to Options.Progress.
type progress struct {
	fn func(Progress)
	mu gosync.Mutex
	p  Progress
}

// update changes the counts under the lock and reports them.
func (pr *progress) update(change func(*Progress)) {
	if pr == nil || pr.fn == nil {
		return
	}
	pr.mu.Lock()
	change(&pr.p)
	snap := pr.p
	pr.mu.Unlock()
	pr.fn(snap)
}

func (pr *progress) addPages(n int) {
	pr.update(func(p *Progress) { p.PagesTotal += n })
}

func (pr *progress) pageDone() {
	pr.update(func(p *Progress) { p.PagesDone++ })
}

func (pr *progress) addAttachments(n int) {
	pr.update(func(p *Progress) { p.AttachmentsTotal += n })
}

func (pr *progress) attachmentDone() {
	pr.update(func(p *Progress) { p.AttachmentsDone++ })
}
