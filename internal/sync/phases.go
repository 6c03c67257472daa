package sync

import (
	"context"
	"fmt"
	"sort"

	"github.com/cfmirror/cfmirror/internal/confluence"
	"github.com/cfmirror/cfmirror/internal/store"
)

// gather asks the server everything the run needs: the listing, the
// state of vanished pages, the attachment listing, stale bodies (kept
// in the store), new and changed attachments (kept in the staging
// folder) and the names of mentioned users. It also settles which pages
// to render. The tree is not changed.
func (r *run) gather(ctx context.Context) (confluence.Inventory, error) {
	inv, err := r.e.client.Pages(ctx, r.space)
	if err != nil {
		return inv, fmt.Errorf("list pages: %w", err)
	}
	r.complete = inv.Complete
	if !inv.Complete {
		r.log.Warn("page listing incomplete; nothing moved or deleted",
			"error", inv.Err)
	}

	if err := r.planPages(ctx, inv); err != nil {
		return inv, err
	}
	// Every planned page is checked, and rendered if stale, in apply:
	// announce them now so a progress display has its total early.
	r.progress.addPages(len(r.pages))
	if err := r.listAttachments(ctx); err != nil {
		return inv, err
	}
	if err := r.fetchBodies(ctx); err != nil {
		return inv, err
	}
	if err := r.stageAttachments(ctx); err != nil {
		return inv, err
	}
	if err := r.decideRenders(ctx); err != nil {
		return inv, err
	}
	return inv, r.lookUpUsers(ctx)
}

// apply changes the tree as gathered: folder moves and deletions,
// attachments, page files, navigation, and a sweep of anything else.
// State is committed as the files it describes become durable.
func (r *run) apply(ctx context.Context, inv confluence.Inventory) error {
	if err := r.markApplying(true); err != nil {
		return err
	}
	if err := r.applyTree(); err != nil {
		return err
	}
	if err := r.applyAttachments(); err != nil {
		return err
	}
	if err := r.fs.remove(stagingDir); err != nil {
		return err
	}
	if err := r.renderPages(ctx); err != nil {
		return err
	}
	if err := r.writeNav(); err != nil {
		return err
	}
	if r.complete && r.attsComplete {
		if err := r.sweep(); err != nil {
			return err
		}
	}
	// Every file kept was checked against its record, unless the
	// attachment listing was incomplete: then the next run checks again.
	if r.attsComplete {
		if err := r.markApplying(false); err != nil {
			return err
		}
	}
	r.finish()
	return r.result(inv)
}

// markApplying notes in the space's record that the tree is being
// changed (on) or that it matches the records again (off).
func (r *run) markApplying(on bool) error {
	rec, _, err := r.e.store.Space(r.key)
	if err != nil {
		return err
	}
	rec.Key = r.key
	rec.Applying = on
	return r.e.store.PutSpace(rec)
}

// planTree plans the folder moves and deletions, and drops the
// attachments of gone pages from those the run carries along.
func (r *run) planTree(gone []string) {
	dirs := make([]string, len(gone))
	isGone := make(map[string]bool, len(gone))
	for i, id := range gone {
		dirs[i] = r.old[id].Dir
		isGone[id] = true
	}
	r.gone = gone
	r.moves = r.planMoves(dirs)
	r.planLifts(&r.moves, gone)

	for id, a := range r.oldAtts {
		if isGone[a.PageID] {
			r.goneAtts = append(r.goneAtts, id)
			delete(r.oldAtts, id)
		}
	}
	sort.Strings(r.goneAtts)
}

// applyTree carries out the folder moves and deletions, then commits
// the deletions and the folders' new places, so that the records say
// where every folder is even if a page later fails to render.
func (r *run) applyTree() error {
	if err := r.applyMoves(r.moves, r.gone); err != nil {
		return err
	}
	r.sum.Deleted = len(r.gone)
	moved, err := r.movedRecords()
	if err != nil {
		return err
	}
	b := store.Batch{
		Pages:             moved,
		DeletePages:       r.gone,
		DeleteAttachments: r.goneAtts,
	}
	if len(b.Pages) == 0 && len(b.DeletePages) == 0 {
		return nil
	}
	return r.e.store.Commit(r.key, b)
}

// movedRecords returns the stored records of the pages whose folders
// the moves carried elsewhere, with their new folder and file and
// nothing else changed: whatever else changed is still to be done.
// Their dependencies, not held in memory, are read from the state.
func (r *run) movedRecords() ([]store.Page, error) {
	var recs []store.Page
	var ids []string
	for _, id := range sortedKeys(r.pages) {
		p := r.pages[id]
		if p.old == nil || !p.onDisk || p.old.Dir == p.dir {
			continue
		}
		rec := *p.old
		rec.Dir, rec.Path = p.dir, p.file
		recs = append(recs, rec)
		ids = append(ids, id)
	}
	if len(ids) == 0 {
		return nil, nil
	}
	deps, err := r.e.store.PageDeps(r.key, ids)
	if err != nil {
		return nil, err
	}
	for i := range recs {
		recs[i].Deps = deps[recs[i].ID]
	}
	return recs, nil
}
