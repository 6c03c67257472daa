package sync

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"io"
	"path"
	"sort"
	gosync "sync"

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

// syncAttachments lists the space's attachments once, moves renamed
// files, removes deleted ones and downloads new and changed ones. With
// an incomplete listing it keeps every file where it is.
func (r *run) syncAttachments(ctx context.Context) error {
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
		return r.keepAttachments()
	}

	want := r.attachmentPaths(list.Attachments)
	if err := r.removeAttachments(want); err != nil {
		return err
	}
	if err := r.renameAttachments(want); err != nil {
		return err
	}
	return r.downloadAttachments(ctx, list.Attachments, want)
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
func (r *run) keepAttachments() error {
	r.atts = make(map[string]store.Attachment, len(r.oldAtts))
	var b store.Batch
	for id, a := range r.oldAtts {
		cur := r.currentPath(a)
		if cur == "" {
			continue
		}
		if cur != a.Path {
			a.Path = cur
			b.Attachments = append(b.Attachments, a)
		}
		r.atts[id] = a
	}
	return r.e.store.Commit(r.key, b)
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
		if err := r.fs.rename(cur, tmp); err != nil {
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
		if err := r.fs.rename(m.tmp, m.to); err != nil {
			return err
		}
		r.changedPath(m.to)
	}
	return nil
}

// downloadAttachments fetches every listed attachment whose file is not
// already in place with the stored version, size (and, on a full sync,
// hash), and commits the records of all listed attachments.
func (r *run) downloadAttachments(ctx context.Context,
	list []confluence.Attachment, want map[string]string) error {
	r.atts = make(map[string]store.Attachment, len(want))
	var todo []download
	var keep []store.Attachment
	for _, a := range list {
		to, ok := want[a.ID]
		if !ok {
			continue
		}
		if rec, ok := r.inPlace(a, to); ok {
			r.atts[a.ID] = rec
			keep = append(keep, rec)
			continue
		}
		todo = append(todo, download{a: a, path: to})
	}
	if err := r.e.store.Commit(r.key, store.Batch{Attachments: keep}); err != nil {
		return err
	}
	r.progress.addAttachments(len(todo))
	return r.fetchAttachments(ctx, todo)
}

// inPlace reports whether an attachment's file is current and returns
// its record with the path it now has.
func (r *run) inPlace(a confluence.Attachment, to string) (store.Attachment, bool) {
	rec, ok := r.oldAtts[a.ID]
	if !ok || rec.Version != a.Version {
		return rec, false
	}
	if a.Size > 0 && rec.Size != a.Size {
		return rec, false
	}
	rec.Path, rec.Title, rec.PageID = to, a.Title, a.PageID
	if r.full {
		hash, size, err := r.fs.hashFile(to)
		return rec, err == nil && hash == rec.Hash && size == rec.Size
	}
	size, err := r.fs.size(to)
	return rec, err == nil && size == rec.Size
}

// fetchAttachments downloads through the worker pool and commits the
// records in batches once their files are durable.
func (r *run) fetchAttachments(ctx context.Context, todo []download) error {
	var (
		mu   gosync.Mutex
		done []store.Attachment
		werr error
	)
	flush := func() {
		if len(done) == 0 {
			return
		}
		err := r.e.store.Commit(r.key, store.Batch{Attachments: done})
		if err != nil && werr == nil {
			werr = err
		}
		done = nil
	}
	err := forEach(ctx, r.e.opts.Workers, todo,
		func(ctx context.Context, d download) error {
			rec, err := r.fetchAttachment(ctx, d)
			mu.Lock()
			defer mu.Unlock()
			if err != nil {
				return r.attachmentFailed(ctx, d, err)
			}
			r.atts[rec.ID] = rec
			r.sum.AttachmentsDownloaded++
			r.sum.Bytes += rec.Size
			r.changedPath(rec.Path)
			r.progress.attachmentDone()
			if done = append(done, rec); len(done) >= attachmentBatch {
				flush()
			}
			return nil
		})
	mu.Lock()
	flush()
	mu.Unlock()
	return errors.Join(err, werr)
}

// attachmentFailed decides whether a failed download stops the run:
// cancellation and errors final for the run do; others are noted and
// the old file, if any, stays.
func (r *run) attachmentFailed(ctx context.Context, d download, err error) error {
	if ctx.Err() != nil || isFinal(err) {
		return err
	}
	r.log.Error("download attachment", "attachment", d.a.ID,
		"page", d.a.PageID, "error", err)
	r.fails = append(r.fails, err)
	if old, ok := r.oldAtts[d.a.ID]; ok && r.currentPath(old) == d.path {
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

// fetchAttachment streams one attachment to a temporary file next to
// its target, checks its size, and renames it into place.
func (r *run) fetchAttachment(ctx context.Context, d download) (store.Attachment, error) {
	file, tmp, err := r.fs.create(dirOf(d.path))
	if err != nil {
		return store.Attachment{}, err
	}
	h := sha256.New()
	n, err := r.e.client.Download(ctx, d.a, io.MultiWriter(file, h))
	if err == nil && d.a.Size > 0 && n != d.a.Size {
		err = fmt.Errorf("got %d bytes, listing says %d", n, d.a.Size)
	}
	if err != nil {
		file.Close()
		r.fs.discard(tmp)
		return store.Attachment{}, fmt.Errorf("download attachment %s: %w", d.a.ID, err)
	}
	if err := r.fs.commit(file, tmp, d.path); err != nil {
		return store.Attachment{}, err
	}
	return store.Attachment{
		ID:      d.a.ID,
		PageID:  d.a.PageID,
		Title:   d.a.Title,
		Version: d.a.Version,
		Size:    n,
		Path:    d.path,
		Hash:    hex.EncodeToString(h.Sum(nil)),
	}, nil
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
