package sync

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"sort"
	gosync "sync"

	"github.com/cfmirror/cfmirror/internal/confluence"
	"github.com/cfmirror/cfmirror/internal/layout"
	"github.com/cfmirror/cfmirror/internal/markdown"
	"github.com/cfmirror/cfmirror/internal/store"
)

// run is the state of one sync of one space. It lives for one call of
// Engine.Sync.
type run struct {
	e    *Engine
	key  string
	full bool
	log  *slog.Logger
	fs   *spaceFS

	space       confluence.Space
	rec         store.SpaceRecord
	fingerprint string
	complete    bool // the page listing was complete
	repair      bool // the last run stopped while changing the tree

	// State at the start of the run.
	old      map[string]*store.Page
	oldAtts  map[string]store.Attachment
	bodyVers map[string]int

	// The run's plan and results.
	tree         *layout.Layout
	pages        map[string]*pageRun
	gone         []string // pages to delete
	goneAtts     []string // their attachments
	moves        movePlan
	att          attPlan
	users        map[string]bool             // users the rendered pages mention
	atts         map[string]store.Attachment // attachments after the run
	idx          *indexes
	mdOpts       markdown.Options
	attsComplete bool  // the attachment listing was complete
	attsErr      error // why it was not
	nav          map[string][]byte
	progress     *progress

	// Results, guarded by mu while workers run.
	mu       gosync.Mutex
	sum      Summary
	paths    map[string]bool // changed paths, relative to the space folder
	restored map[string]bool // pages whose file differed from the state
	fails    []error         // pages and attachments that failed
}

// changedPath notes a path written, moved or removed.
func (r *run) changedPath(rel string) {
	r.paths[rel] = true
}

// do performs the sync; Sync wraps it with bookkeeping. It asks the
// server everything it needs first (gather) and changes the tree only
// once all of that succeeded (apply), so that a run failing in an
// outage leaves the mirror as it was.
func (r *run) do(ctx context.Context) error {
	if err := r.begin(ctx); err != nil {
		return err
	}
	defer r.fs.Close()

	inv, err := r.gather(ctx)
	if err != nil {
		// Downloads waiting in staging are not part of the mirror.
		if rerr := r.fs.remove(stagingDir); rerr != nil {
			err = errors.Join(err, rerr)
		}
		return err
	}
	return r.apply(ctx, inv)
}

// begin resolves the space, opens its folder, clears leftovers of an
// interrupted run and loads the state.
func (r *run) begin(ctx context.Context) error {
	if err := checkKey(r.key); err != nil {
		return err
	}
	space, err := r.e.client.Space(ctx, r.key)
	if err != nil {
		return fmt.Errorf("get space: %w", err)
	}
	r.space = space

	if r.fs, err = openSpaceFS(r.e.opts.Output, r.key); err != nil {
		return err
	}
	r.fs.fault = r.e.renameFault
	if err := r.clearLeftovers(); err != nil {
		r.fs.Close()
		return err
	}
	if err := r.load(); err != nil {
		r.fs.Close()
		return err
	}
	return nil
}

// load reads the space's state. Page records are held without their
// dependencies, the bulk of a record, so that the run's memory grows
// slowly with the space: those are read from the state when needed.
func (r *run) load() error {
	st := r.e.store
	rec, _, err := st.Space(r.key)
	if err != nil {
		return err
	}
	r.rec = rec
	r.repair = rec.Applying
	if r.repair {
		r.log.Warn("last sync stopped while changing the tree; checking every file")
	}
	pages, err := st.PageHeads(r.key)
	if err != nil {
		return err
	}
	r.old = make(map[string]*store.Page, len(pages))
	for i := range pages {
		r.old[pages[i].ID] = &pages[i]
	}
	atts, err := st.Attachments(r.key)
	if err != nil {
		return err
	}
	r.oldAtts = make(map[string]store.Attachment, len(atts))
	for _, a := range atts {
		r.oldAtts[a.ID] = a
	}
	r.bodyVers, err = st.BodyVersions(r.key)
	return err
}

// planPages diffs the listing with the state, confirms and guards the
// deletions, lays out the tree and plans the moves and deletions.
func (r *run) planPages(ctx context.Context, inv confluence.Inventory) error {
	infos := append([]confluence.PageInfo(nil), inv.Pages...)
	var gone []string
	if r.complete {
		vanished := findGone(r.old, inv.Pages)
		del, keep, err := r.confirmGone(ctx, vanished)
		if err != nil {
			return err
		}
		if err := r.guard(len(del)); err != nil {
			return err
		}
		gone = del
		for _, id := range keep {
			infos = append(infos, infoOf(r.old[id]))
		}
	} else {
		listed := make(map[string]bool, len(infos))
		for _, p := range infos {
			listed[p.ID] = true
		}
		for id, p := range r.old {
			if !listed[id] {
				infos = append(infos, infoOf(p))
			}
		}
	}
	sort.Slice(infos, func(i, j int) bool { return infos[i].ID < infos[j].ID })

	if err := r.place(infos); err != nil {
		return err
	}
	r.classify()
	if err := r.markRelinked(); err != nil {
		return err
	}
	r.planTree(gone)
	return nil
}

// guard refuses a run that would delete too large a share of the space.
func (r *run) guard(n int) error {
	limit := r.e.opts.MaxDelete * float64(len(r.old))
	if n == 0 || float64(n) <= limit {
		return nil
	}
	return fmt.Errorf("%d of %d pages gone, limit %.0f%%: %w",
		n, len(r.old), r.e.opts.MaxDelete*100, ErrTooManyDeletions)
}

// result turns an incomplete listing or failed pages into the error
// the run ends with.
func (r *run) result(inv confluence.Inventory) error {
	var errs []error
	if !inv.Complete {
		why := inv.Err
		if why == nil {
			why = errors.New("listing ended early")
		}
		errs = append(errs, fmt.Errorf("pages: %w: %w", ErrIncompleteListing, why))
	}
	if r.attsErr != nil {
		errs = append(errs, fmt.Errorf("attachments: %w: %w", ErrIncompleteListing, r.attsErr))
	}
	if len(r.fails) > 0 {
		errs = append(errs, fmt.Errorf("%d pages: %w: %w",
			len(r.fails), ErrPages, r.fails[0]))
	}
	return errors.Join(errs...)
}
