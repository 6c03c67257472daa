package markdown

import (
	"cmp"
	"slices"
)

// depSet gathers what a page depends on while it is translated.
type depSet struct {
	links    map[PageRef]bool
	includes map[PageRef]bool
	trees    map[PageRef]bool
	atts     map[AttachmentRef]bool
}

func (d *depSet) link(r PageRef)    { d.links = addRef(d.links, r) }
func (d *depSet) include(r PageRef) { d.includes = addRef(d.includes, r) }
func (d *depSet) tree(r PageRef)    { d.trees = addRef(d.trees, r) }

func (d *depSet) attachment(a AttachmentRef) {
	if d.atts == nil {
		d.atts = map[AttachmentRef]bool{}
	}
	d.atts[a] = true
}

func addRef(m map[PageRef]bool, r PageRef) map[PageRef]bool {
	if m == nil {
		m = map[PageRef]bool{}
	}
	m[r] = true
	return m
}

// result returns the dependencies sorted, each listed once.
func (d *depSet) result() Deps {
	var out Deps
	out.Links = sortedRefs(d.links)
	out.Includes = sortedRefs(d.includes)
	out.Trees = sortedRefs(d.trees)
	for a := range d.atts {
		out.Attachments = append(out.Attachments, a)
	}
	slices.SortFunc(out.Attachments, func(a, b AttachmentRef) int {
		if c := comparePage(a.Page, b.Page); c != 0 {
			return c
		}
		return cmp.Compare(a.Filename, b.Filename)
	})
	return out
}

func sortedRefs(m map[PageRef]bool) []PageRef {
	var out []PageRef
	for r := range m {
		out = append(out, r)
	}
	slices.SortFunc(out, comparePage)
	return out
}

// comparePage orders page references by space, title, then id.
func comparePage(a, b PageRef) int {
	return cmp.Or(
		cmp.Compare(a.SpaceKey, b.SpaceKey),
		cmp.Compare(a.Title, b.Title),
		cmp.Compare(a.ID, b.ID),
	)
}
