package sync

import (
	"slices"

	"github.com/cfmirror/cfmirror/internal/store"
)

// When a page is renamed, Confluence rewrites the title in every link
// by title to it, in every page that has one, without a new version of
// those pages. Their stored bodies still name the old title, and a
// mirror made from scratch would see the new one. markRelinked finds
// them from the questions their last rendering asked: a reference by
// title that resolved to a page which no longer has that title means
// the body on the server has been rewritten, so it is fetched again.

// markRelinked marks for fetching and rendering every page whose last
// rendering named a page by a title it has since lost.
// The questions are read from the state a batch of pages at a time.
func (r *run) markRelinked() error {
	xs := &indexes{
		cur:   newIndex(r.key),
		st:    r.e.store,
		other: make(map[string]*index),
	}
	var ids []string
	for _, id := range sortedKeys(r.pages) {
		p := r.pages[id]
		if p.old != nil && !p.fetch && !p.isFolder() {
			ids = append(ids, id)
		}
	}
	for batch := range slices.Chunk(ids, pageBatch) {
		deps, err := r.e.store.PageDeps(r.key, batch)
		if err != nil {
			return err
		}
		for _, id := range batch {
			if r.anyTitleLost(xs, deps[id].Queries) {
				p := r.pages[id]
				p.fetch, p.render = true, true
			}
		}
	}
	return nil
}

// anyTitleLost reports whether one of qs lost its title.
func (r *run) anyTitleLost(xs *indexes, qs []store.Query) bool {
	for _, q := range qs {
		if r.titleLost(xs, q) {
			return true
		}
	}
	return false
}

// titleLost reports whether q named its target by a title the target
// no longer has. Targets in other spaces are judged by the state of
// those spaces' mirrors.
func (r *run) titleLost(xs *indexes, q store.Query) bool {
	if q.Ref.Title == "" || q.Target == "" {
		return false
	}
	if q.Ref.Space == "" || q.Ref.Space == r.key {
		t := r.pages[q.Target]
		return t != nil && t.info.Title != q.Ref.Title
	}
	x := xs.get(q.Ref.Space)
	if x == nil {
		return false
	}
	if _, ok := x.titlesOf(q.Target); !ok {
		return false // gone: links to it are not rewritten
	}
	id, ok := x.titles[q.Ref.Title]
	return !ok || id != q.Target
}
