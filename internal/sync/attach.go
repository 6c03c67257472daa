package sync

import (
	"context"
	"errors"
	"fmt"
	"path"
	"sort"

	"github.com/cfmirror/cfmirror/internal/confluence"
	"github.com/cfmirror/cfmirror/internal/layout"
	"github.com/cfmirror/cfmirror/internal/store"
)

// attachmentBatch is how many attachment records one commit holds.
const attachmentBatch = 100

// download is one attachment to fetch into its place.
type download struct {
	a    confluence.Attachment
	path string
}

// attPlan is what a run does with attachments, decided while
// gathering and carried out while applying.
type attPlan struct {
	want   map[string]string  // listed id → path after the run
	keep   []store.Attachment // records to commit as they are
	todo   []download         // to download
	staged []staged           // downloaded, waiting in staging
}

// listAttachments lists the space's attachments once and decides which
// to download. With an incomplete listing it keeps every file where it
// is. It changes nothing on disk.
func (r *run) listAttachments(ctx context.Context) error {
	list, err := r.e.client.SpaceAttachments(ctx, r.space)
	if err != nil {
		return fmt.Errorf("list attachments: %w", err)
	}
	r.attsComplete = list.Complete
	if !list.Complete {
		r.attsErr = list.Err
		if r.attsErr == nil {
			r.attsErr = errors.New("listing ended early")
		}
		r.log.Warn("attachment listing incomplete; attachments kept as they are",
			"error", r.attsErr)
		r.keepAttachments()
		return nil
	}

	r.att.want = r.attachmentPaths(list.Attachments)
	r.planDownloads(list.Attachments)
	return nil
}

// applyAttachments moves renamed files, removes deleted ones, places
// the downloaded ones and commits the records.
func (r *run) applyAttachments() error {
	if !r.attsComplete {
		return r.e.store.Commit(r.key, store.Batch{Attachments: r.att.keep})
	}
	if err := r.removeAttachments(r.att.want); err != nil {
		return err
	}
	if err := r.renameAttachments(r.att.want); err != nil {
		return err
	}
	b := store.Batch{Attachments: r.att.keep}
	if err := r.e.store.Commit(r.key, b); err != nil {
		return err
	}
	return r.placeStaged()
}

// currentPath is where an attachment's file sits after the page moves:
// its page folder travelled with it. "" when its page is not on disk.
func (r *run) currentPath(a store.Attachment) string {
	p := r.pages[a.PageID]
	if p == nil || !p.onDisk {
		return ""
	}
	return joinRel(p.dir, path.Base(a.Path))
}

// keepAttachments carries the stored attachments along with their
// pages' moves, changing nothing on disk.
func (r *run) keepAttachments() {
	r.atts = make(map[string]store.Attachment, len(r.oldAtts))
	for id, a := range r.oldAtts {
		cur := r.currentPath(a)
		if cur == "" {
			continue
		}
		if cur != a.Path {
			a.Path = cur
			r.att.keep = append(r.att.keep, a)
		}
		r.atts[id] = a
	}
}

// attachmentPaths names the listed attachments of every mirrored page.
func (r *run) attachmentPaths(list []confluence.Attachment) map[string]string {
	byPage := make(map[string][]layout.Attachment)
	for _, a := range list {
		if p := r.pages[a.PageID]; p != nil && !p.isFolder() {
			byPage[a.PageID] = append(byPage[a.PageID],
				layout.Attachment{ID: a.ID, Name: a.Title})
		}
	}
	want := make(map[string]string)
	for pageID, atts := range byPage {
		paths, _ := r.tree.Attachments(pageID, atts)
		dir := r.pages[pageID].dir
		for id, p := range paths {
			want[id] = joinRel(dir, path.Base(p))
		}
	}
	return want
}

// removeAttachments deletes the files of attachments no longer listed.
func (r *run) removeAttachments(want map[string]string) error {
	var b store.Batch
	for _, id := range sortedKeys(r.oldAtts) {
		if _, ok := want[id]; ok {
			continue
		}
		if cur := r.currentPath(r.oldAtts[id]); cur != "" && r.fs.exists(cur) {
			if err := r.fs.remove(cur); err != nil {
				return err
			}
			r.changedPath(cur)
		}
		b.DeleteAttachments = append(b.DeleteAttachments, id)
		r.sum.AttachmentsRemoved++
	}
	return r.e.store.Commit(r.key, b)
}

// renameAttachments moves files whose name changed, in two steps via
// temporary names so that two attachments can swap names.
func (r *run) renameAttachments(want map[string]string) error {
	type move struct{ id, tmp, to string }
	var moves []move
	for _, id := range sortedKeys(r.oldAtts) {
		to, ok := want[id]
		cur := r.currentPath(r.oldAtts[id])
		if !ok || cur == "" || cur == to || !r.fs.exists(cur) {
			continue
		}
		tmp := joinRel(dirOf(cur), tempPrefix+"att-"+randomName())
		if err := r.fs.move(cur, tmp); err != nil {
			return err
		}
		r.changedPath(cur)
		moves = append(moves, move{id, tmp, to})
	}
	for _, m := range moves {
		if err := r.fs.mkdir(dirOf(m.to)); err != nil {
			return fmt.Errorf("create folder %s: %w", dirOf(m.to), err)
		}
		if err := r.fs.remove(m.to); err != nil {
			return err
		}
		if err := r.fs.move(m.tmp, m.to); err != nil {
			return err
		}
		r.changedPath(m.to)
	}
	return r.fs.flush()
}

// planDownloads picks every listed attachment whose file is not
// already in place with the stored version, size (and, on a full sync,
// hash) for download, and keeps the records of the others.
func (r *run) planDownloads(list []confluence.Attachment) {
	r.atts = make(map[string]store.Attachment, len(r.att.want))
	for _, a := range list {
		to, ok := r.att.want[a.ID]
		if !ok {
			continue
		}
		if rec, ok := r.inPlace(a, to); ok {
			r.atts[a.ID] = rec
			r.att.keep = append(r.att.keep, rec)
			continue
		}
		r.att.todo = append(r.att.todo, download{a: a, path: to})
	}
}

// inPlace reports whether an attachment's file is current and returns
// its record with the path it has after the run. The file is checked
// where it is now, before any folder moves.
func (r *run) inPlace(a confluence.Attachment, to string) (store.Attachment, bool) {
	rec, ok := r.oldAtts[a.ID]
	if !ok || rec.Version != a.Version || r.currentPath(rec) == "" {
		return rec, false
	}
	if a.Size > 0 && rec.Size != a.Size {
		return rec, false
	}
	now := rec.Path
	rec.Path, rec.Title, rec.PageID = to, a.Title, a.PageID
	if r.full || r.repair {
		hash, size, err := r.fs.hashFile(now)
		return rec, err == nil && hash == rec.Hash && size == rec.Size
	}
	size, err := r.fs.size(now)
	return rec, err == nil && size == rec.Size
}

// errSize means a download's size differs from the listing's.
var errSize = errors.New("size differs from the listing")

// attachmentFailed decides whether a failed download stops the run.
// Only a download that is gone or does not match the listing is noted
// and skipped (the old file, if any, stays): anything else, an outage
// above all, stops the run before the tree is touched.
func (r *run) attachmentFailed(ctx context.Context, d download, err error) error {
	skip := errors.Is(err, confluence.ErrNotFound) || errors.Is(err, errSize)
	if ctx.Err() != nil || !skip {
		return err
	}
	r.log.Error("download attachment", "attachment", d.a.ID,
		"page", d.a.PageID, "error", err)
	r.fails = append(r.fails, err)
	if old, ok := r.oldAtts[d.a.ID]; ok && r.currentPath(old) == d.path {
		old.Path = d.path
		r.atts[d.a.ID] = old
	}
	return nil
}

// isFinal reports errors after which no further request can succeed.
func isFinal(err error) bool {
	return errors.Is(err, confluence.ErrUnauthorized) ||
		errors.Is(err, confluence.ErrForbidden) ||
		errors.Is(err, confluence.ErrCircuitOpen)
}

// sortedKeys returns a map's keys in order.
func sortedKeys[V any](m map[string]V) []string {
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	return keys
}
