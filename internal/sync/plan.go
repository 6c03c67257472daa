package sync

import (
	"context"
	"fmt"
	"path"
	"sort"

	"github.com/cfmirror/cfmirror/internal/confluence"
	"github.com/cfmirror/cfmirror/internal/layout"
	"github.com/cfmirror/cfmirror/internal/store"
)

// pageRun is one page's part in a run: where it was, where it goes and
// what must be done to it.
type pageRun struct {
	info confluence.PageInfo
	old  *store.Page // nil for a new page
	dir  string      // folder after the run
	file string      // page file after the run; "" for a folder node

	onDisk  bool // its folder sits at dir (moved there or never moved)
	fetch   bool // its body must be fetched
	render  bool // its file must be rendered
	changed bool // content or place changed, beyond drift
}

// isFolder reports whether the node is a Cloud folder without a body.
func (p *pageRun) isFolder() bool {
	return p.info.Kind == confluence.KindFolder
}

// findGone returns the ids of mirrored pages missing from a complete
// inventory, sorted.
func findGone(old map[string]*store.Page, inv []confluence.PageInfo) []string {
	listed := make(map[string]bool, len(inv))
	for _, p := range inv {
		listed[p.ID] = true
	}
	var gone []string
	for id := range old {
		if !listed[id] {
			gone = append(gone, id)
		}
	}
	sort.Strings(gone)
	return gone
}

// confirmGone asks the server about each vanished page. Pages trashed,
// purged, moved to another space or no longer current are deleted; a
// page the server still calls current is kept (the listing missed it).
func (r *run) confirmGone(ctx context.Context, gone []string) (del, keep []string, err error) {
	for _, id := range gone {
		if r.old[id].Kind == string(confluence.KindFolder) {
			// Folders have no page state to ask about.
			del = append(del, id)
			continue
		}
		st, err := r.e.client.PageState(ctx, r.space, id)
		if err != nil {
			return nil, nil, fmt.Errorf("confirm page %s gone: %w", id, err)
		}
		if st == confluence.StateCurrent {
			r.log.Warn("page missing from listing but still current; kept",
				"page", id)
			keep = append(keep, id)
			continue
		}
		del = append(del, id)
	}
	return del, keep, nil
}

// infoOf rebuilds a page's listing entry from its stored record.
func infoOf(p *store.Page) confluence.PageInfo {
	return confluence.PageInfo{
		ID:          p.ID,
		Kind:        confluence.NodeKind(p.Kind),
		Title:       p.Title,
		ParentID:    p.ParentID,
		Position:    p.Position,
		Version:     p.Version,
		VersionTime: p.VersionTime,
		Status:      "current",
	}
}

// place computes the tree of the pages that stay and where each goes.
// With an incomplete listing, pages already mirrored keep their folder
// (nothing is moved) and a new page whose folder is taken waits for a
// later run.
func (r *run) place(infos []confluence.PageInfo) error {
	nodes := make([]layout.Node, len(infos))
	for i, p := range infos {
		nodes[i] = layout.Node{
			ID:       p.ID,
			Title:    p.Title,
			ParentID: p.ParentID,
			Position: p.Position,
			Folder:   p.Kind == confluence.KindFolder,
		}
	}
	tree, err := layout.Tree(r.space.HomepageID, nodes, layout.Options{
		IndexName: r.e.opts.IndexName,
	})
	if err != nil {
		return fmt.Errorf("lay out space: %w", err)
	}
	r.tree = tree

	r.pages = make(map[string]*pageRun, len(infos))
	taken := make(map[string]bool)
	for _, info := range infos {
		p := &pageRun{info: info, old: r.old[info.ID]}
		p.dir, _ = tree.Dir(info.ID)
		if !r.complete && p.old != nil {
			p.dir = p.old.Dir
		}
		r.pages[info.ID] = p
		if p.old != nil {
			taken[p.dir] = true
		}
	}
	for _, id := range tree.Order() {
		p := r.pages[id]
		if p.old == nil && !r.complete && !r.placeNew(p, taken) {
			r.log.Warn("new page cannot be placed during incomplete listing; deferred",
				"page", id, "path", p.dir)
			delete(r.pages, id)
			continue
		}
		if !p.isFolder() {
			p.file = joinRel(p.dir, r.e.opts.IndexName)
		}
	}
	return nil
}

// placeNew puts a page that an incomplete listing shows for the first
// time into the folder its parent keeps, which is not the parent's
// folder in the tree when the parent was renamed or moved. It reports
// false when the page must wait for a complete listing: its parent
// waits too, or its folder is taken by a page already mirrored.
func (r *run) placeNew(p *pageRun, taken map[string]bool) bool {
	if parent, _ := r.tree.Parent(p.info.ID); parent != "" {
		q := r.pages[parent]
		if q == nil {
			return false
		}
		p.dir = joinRel(q.dir, path.Base(p.dir))
	}
	return !taken[p.dir]
}

// classify decides, per page, what to fetch and render, and counts the
// kinds of change for the summary.
func (r *run) classify() {
	for _, p := range r.pages {
		i, o := p.info, p.old
		switch {
		case o == nil:
			r.sum.New++
			p.fetch, p.render, p.changed = true, true, true
			continue
		case i.Version != o.Version:
			r.sum.Changed++
			p.fetch, p.render, p.changed = true, true, true
		}
		if i.Title != o.Title {
			r.sum.Renamed++
			p.render, p.changed = true, true
		}
		if i.ParentID != o.ParentID || i.Position != o.Position {
			r.sum.Moved++
			p.render, p.changed = true, true
		}
		if p.dir != o.Dir || p.file != o.Path ||
			o.Fingerprint != r.fingerprint {
			p.render = true
		}
		if r.full || r.bodyVers[i.ID] != i.Version {
			p.fetch, p.render = true, true
		}
	}
	for _, p := range r.pages {
		if p.isFolder() {
			p.fetch = false
		}
	}
}
