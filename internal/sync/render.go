package sync

import (
	"context"
	"errors"
	"fmt"
	"io/fs"
	"slices"
	gosync "sync"

	"github.com/cfmirror/cfmirror/internal/markdown"
	"github.com/cfmirror/cfmirror/internal/store"
)

// pageBatch is how many page records one commit holds.
const pageBatch = 250

// maxOldTitles bounds the former titles kept per page.
const maxOldTitles = 10

// errNoBody means a page's body is neither stored nor returned by the
// server (the page vanished after the listing); it is skipped.
var errNoBody = errors.New("no body")

// buildIndex indexes the current space as it is after this run.
func (r *run) buildIndex() {
	x := newIndex(r.key)
	x.home = r.space.HomepageID
	for _, id := range sortedKeys(r.pages) {
		p := r.pages[id]
		var former []string
		if p.old != nil {
			former = oldTitles(p)
		}
		x.addPage(id, p.file, p.info.Title, former)
		if v, ok := r.bodyVers[id]; ok {
			x.version[id] = v
		}
	}
	for _, id := range sortedKeys(r.atts) {
		a := r.atts[id]
		x.addAttachment(a.PageID, a.Title, a.Path)
	}
	r.idx = &indexes{cur: x, st: r.e.store, other: make(map[string]*index)}
}

// oldTitles lists a page's former titles after this run.
func oldTitles(p *pageRun) []string {
	out := slices.Clone(p.old.OldTitles)
	if p.old.Title != p.info.Title {
		out = append([]string{p.old.Title}, out...)
	}
	out = slices.DeleteFunc(out, func(t string) bool { return t == p.info.Title })
	out = slices.Compact(out)
	if len(out) > maxOldTitles {
		out = out[:maxOldTitles]
	}
	return out
}

// decideRenders settles which pages to render: those already stale,
// those whose folder is not on disk, and those whose file differs from
// what was written or whose dependencies answer differently. It notes
// the users that the pages to render mention. It reads files and
// stored bodies, never the network.
func (r *run) decideRenders(ctx context.Context) error {
	r.buildIndex()
	return forEach(ctx, r.e.opts.Workers, sortedKeys(r.pages),
		func(ctx context.Context, id string) error {
			p := r.pages[id]
			if p.isFolder() {
				return nil
			}
			if !p.render && p.onDisk {
				ok, err := r.current(ctx, p)
				// A file that cannot be read fails when rendered.
				p.render = err != nil || !ok
			}
			p.render = p.render || !p.onDisk
			if !p.render || p.fetch {
				return nil // fetched bodies were scanned then
			}
			return r.scanUsers(p.info.ID)
		})
}

// scanUsers notes the users a stored body mentions.
func (r *run) scanUsers(id string) error {
	body, ok, err := r.e.store.Body(r.key, id)
	if err != nil || !ok {
		return err
	}
	r.mu.Lock()
	defer r.mu.Unlock()
	userIDs(body.Body, r.users)
	return nil
}

// renderPages renders the pages decideRenders chose and writes the
// records of folder nodes. Records are committed in batches once their
// files are durable.
func (r *run) renderPages(ctx context.Context) error {
	ids := sortedKeys(r.pages)

	var (
		mu    gosync.Mutex
		done  []store.Page
		cerr  error
		flush = func() {
			if err := r.e.store.Commit(r.key, store.Batch{Pages: done}); err != nil && cerr == nil {
				cerr = err
			}
			done = nil
		}
	)
	err := forEach(ctx, r.e.opts.Workers, ids,
		func(ctx context.Context, id string) error {
			rec, write, err := r.checkPage(ctx, r.pages[id])
			mu.Lock()
			defer mu.Unlock()
			r.progress.pageDone()
			if err != nil {
				return r.pageFailed(ctx, id, err)
			}
			if write {
				if done = append(done, rec); len(done) >= pageBatch {
					flush()
				}
			}
			return nil
		})
	mu.Lock()
	defer mu.Unlock()
	flush()
	return errors.Join(err, cerr)
}

// pageFailed decides whether a page's failure stops the run.
func (r *run) pageFailed(ctx context.Context, id string, err error) error {
	if ctx.Err() != nil || isFinal(err) {
		return err
	}
	if errors.Is(err, errNoBody) {
		r.log.Debug("page has no body; skipped", "page", id)
		return nil
	}
	r.log.Error("render page", "page", id, "error", err)
	r.fails = append(r.fails, fmt.Errorf("page %s: %w", id, err))
	return nil
}

// checkPage renders a page if decideRenders chose it. write is false
// when its record needs no update.
func (r *run) checkPage(ctx context.Context, p *pageRun) (store.Page, bool, error) {
	if p.isFolder() {
		rec := r.record(p, "", store.Deps{})
		return rec, p.old == nil || !sameRecord(*p.old, rec), nil
	}
	if !p.render {
		return store.Page{}, false, nil
	}
	return r.renderPage(ctx, p)
}

// current reports whether a page's file is as written and its
// dependencies answer as before.
func (r *run) current(ctx context.Context, p *pageRun) (bool, error) {
	hash, _, err := r.fs.hashFile(p.file)
	if err != nil && !errors.Is(err, fs.ErrNotExist) {
		return false, err
	}
	if hash != p.old.Hash {
		r.mu.Lock()
		r.restored[p.info.ID] = true
		r.mu.Unlock()
		return false, nil
	}
	deps, err := r.e.store.PageDeps(r.key, []string{p.info.ID})
	if err != nil {
		return false, err
	}
	d := deps[p.info.ID]
	v := r.newResolver(ctx, p.file)
	return v.replay(d.Queries) == d.Hash, nil
}

// renderPage converts a page from its stored body and writes its file
// unless the bytes on disk are already the same.
func (r *run) renderPage(ctx context.Context, p *pageRun) (store.Page, bool, error) {
	body, ok, err := r.e.store.Body(r.key, p.info.ID)
	if err != nil {
		return store.Page{}, false, err
	}
	if !ok {
		return store.Page{}, false, errNoBody
	}

	v := r.newResolver(ctx, p.file)
	res, err := markdown.Convert(body.Body, r.meta(p, body), v, r.mdOpts)
	if err != nil {
		return store.Page{}, false, fmt.Errorf("convert: %w", err)
	}
	rec := r.record(p, hashBytes(res.Markdown), v.deps())
	rec.Version = body.Version

	hash, _, err := r.fs.hashFile(p.file)
	if err != nil && !errors.Is(err, fs.ErrNotExist) {
		return store.Page{}, false, err
	}
	if hash == rec.Hash {
		return rec, true, nil
	}
	if err := r.fs.writeFile(p.file, res.Markdown); err != nil {
		return store.Page{}, false, err
	}

	r.mu.Lock()
	defer r.mu.Unlock()
	r.sum.Bytes += int64(len(res.Markdown))
	r.changedPath(p.file)
	if !p.changed && r.restored[p.info.ID] {
		r.sum.Restored++
	}
	return rec, true, nil
}

// meta is what the front matter says about a page.
func (r *run) meta(p *pageRun, body store.Body) markdown.Meta {
	return markdown.Meta{
		ID:       p.info.ID,
		Title:    p.info.Title,
		SpaceKey: r.key,
		Version:  body.Version,
		URL:      body.WebURL,
		ParentID: p.info.ParentID,
		LastMod:  p.info.VersionTime.UTC(),
		Weight:   p.info.Position,
		Labels:   body.Labels,
	}
}

// record is the state of a page after this run.
func (r *run) record(p *pageRun, hash string, deps store.Deps) store.Page {
	rec := store.Page{
		ID:          p.info.ID,
		Kind:        string(p.info.Kind),
		Title:       p.info.Title,
		ParentID:    p.info.ParentID,
		Position:    p.info.Position,
		Version:     p.info.Version,
		VersionTime: p.info.VersionTime,
		Dir:         p.dir,
		Path:        p.file,
		Hash:        hash,
		Fingerprint: r.fingerprint,
		Deps:        deps,
	}
	if p.old != nil {
		rec.OldTitles = oldTitles(p)
	}
	return rec
}

// sameRecord compares the fields of a folder node's record.
func sameRecord(a, b store.Page) bool {
	return a.Title == b.Title && a.ParentID == b.ParentID &&
		a.Position == b.Position && a.Dir == b.Dir &&
		a.Version == b.Version && a.Fingerprint == b.Fingerprint &&
		slices.Equal(a.OldTitles, b.OldTitles)
}
