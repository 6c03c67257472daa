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
	r.finish()
	return r.result(inv)
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
// the deletions.
func (r *run) applyTree() error {
	if err := r.applyMoves(r.moves, r.gone); err != nil {
		return err
	}
	if len(r.gone) == 0 {
		return nil
	}
	r.sum.Deleted = len(r.gone)
	return r.e.store.Commit(r.key, store.Batch{
		DeletePages:       r.gone,
		DeleteAttachments: r.goneAtts,
	})
}
