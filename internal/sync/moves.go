package sync

import (
	"fmt"
	"path"
	"sort"
	"strings"
)

// Moving folders safely. A page whose folder must go somewhere its
// parent's move does not already carry it is "lifted" into a staging
// folder, deepest first, and then "placed" at its new folder, shallowest
// first. Lifting everything before placing anything makes swaps and
// chains (A takes B's old name while B moves away) plain renames. Gone
// pages are lifted too and removed from staging, so their folders never
// take a surviving child with them.

// movePlan lists what one run moves and deletes on disk.
type movePlan struct {
	move  []*pageRun // pages whose folder is renamed
	gone  []string   // folders of deleted pages ("" for a gone home page)
	lifts []lift     // folders on disk to lift, deepest first
}

// depth counts the elements of a folder path.
func depth(dir string) int {
	if dir == "" {
		return 0
	}
	return strings.Count(dir, "/") + 1
}

// planMoves finds the pages that need a folder rename of their own.
func (r *run) planMoves(goneDirs []string) movePlan {
	// Which page owned each folder before the run.
	owner := make(map[string]*pageRun, len(r.pages))
	for _, p := range r.pages {
		if p.old != nil {
			owner[p.old.Dir] = p
		}
	}

	var plan movePlan
	plan.gone = goneDirs
	for _, p := range r.pages {
		p.onDisk = p.old != nil
		if p.old == nil || p.old.Dir == p.dir {
			continue
		}
		if p.old.Dir == "" || p.dir == "" || r.repair {
			// The space folder itself cannot move, and after an
			// interrupted run the old folder may hold another page's
			// files: render afresh.
			p.onDisk = false
			continue
		}
		if p.dir != r.carried(p, owner) {
			plan.move = append(plan.move, p)
		}
	}
	sort.Slice(plan.move, func(i, j int) bool {
		return plan.move[i].info.ID < plan.move[j].info.ID
	})
	return plan
}

// carried is where a page's folder ends up when only its old parent
// folder moves; "" when nothing carries it (its parent folder is gone).
func (r *run) carried(p *pageRun, owner map[string]*pageRun) string {
	parent := dirOf(p.old.Dir)
	if parent == "" {
		return p.old.Dir
	}
	q := owner[parent]
	if q == nil {
		return ""
	}
	return joinRel(q.dir, path.Base(p.old.Dir))
}

// Staging folders inside stagingDir: lifted page folders wait in
// one, downloaded attachments in the other until the tree is changed.
const (
	stagingPages = stagingDir + "/pages"
	stagingFiles = stagingDir + "/files"
)

// stagingPath is where a lifted folder waits.
func stagingPath(id string) string {
	return stagingPages + "/" + id
}

// lift is one folder to take out of the tree before placing.
type lift struct {
	id, from string
	page     *pageRun // nil for a gone page
}

// planLifts lists the folders to lift, deepest first. A moved page
// whose folder is missing on disk is not moved; it is then rendered
// afresh. It only reads the disk.
func (r *run) planLifts(plan *movePlan, goneIDs []string) {
	var lifts []lift
	for _, p := range plan.move {
		lifts = append(lifts, lift{p.info.ID, p.old.Dir, p})
	}
	for i, dir := range plan.gone {
		if dir != "" {
			lifts = append(lifts, lift{goneIDs[i], dir, nil})
		}
	}
	sort.SliceStable(lifts, func(i, j int) bool {
		return depth(lifts[i].from) > depth(lifts[j].from)
	})
	for _, l := range lifts {
		if r.fs.exists(l.from) {
			plan.lifts = append(plan.lifts, l)
		} else if l.page != nil {
			l.page.onDisk = false
		}
	}
}

// applyMoves lifts every moved and gone folder, removes the gone ones
// and places the moved ones.
func (r *run) applyMoves(plan movePlan, goneIDs []string) error {
	if err := r.fs.mkdir(stagingPages); err != nil {
		return fmt.Errorf("create staging folder: %w", err)
	}
	for _, l := range plan.lifts {
		if err := r.fs.move(l.from, stagingPath(l.id)); err != nil {
			return err
		}
		r.changedPath(l.from)
	}

	if err := r.removeGone(plan, goneIDs); err != nil {
		return err
	}
	if err := r.placeMoved(plan.move); err != nil {
		return err
	}
	return r.fs.flush()
}

// removeGone deletes the lifted folders of gone pages, and the file of
// a gone home page.
func (r *run) removeGone(plan movePlan, goneIDs []string) error {
	for i, dir := range plan.gone {
		id := goneIDs[i]
		if dir == "" {
			if old := r.old[id]; old.Path != "" {
				if err := r.fs.remove(old.Path); err != nil {
					return err
				}
				r.changedPath(old.Path)
			}
			continue
		}
		if err := r.fs.remove(stagingPath(id)); err != nil {
			return err
		}
	}
	return nil
}

// placeMoved renames the lifted folders to their new places, parents
// before children.
func (r *run) placeMoved(move []*pageRun) error {
	sort.SliceStable(move, func(i, j int) bool {
		return depth(move[i].dir) < depth(move[j].dir)
	})
	for _, p := range move {
		if !p.onDisk {
			continue
		}
		from := stagingPath(p.info.ID)
		if err := r.fs.mkdir(dirOf(p.dir)); err != nil {
			return fmt.Errorf("create folder %s: %w", dirOf(p.dir), err)
		}
		// Whatever sits in the way is not part of the mirror.
		if err := r.fs.remove(p.dir); err != nil {
			return err
		}
		if err := r.fs.move(from, p.dir); err != nil {
			return err
		}
		r.changedPath(p.dir)
	}
	return nil
}
