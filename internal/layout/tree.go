package layout

import (
	"errors"
	"fmt"
	"path/filepath"
	"slices"
	"strings"
)

// Errors Tree can return, wrapped with the node or option at fault. Test
// them with errors.Is.
var (
	// ErrBadOption means an Options field is out of range.
	ErrBadOption = errors.New("bad layout option")
	// ErrBadNode means a node cannot be placed: its id is empty, or two
	// different nodes share one id.
	ErrBadNode = errors.New("bad node")
)

// Node is one page or folder of a space's tree, as the sync engine
// knows it.
type Node struct {
	ID    string
	Title string
	// ParentID is the parent's id. "", the node's own id, or an id that
	// is not among the nodes make the node a root.
	ParentID string
	// Position orders siblings, lower first; ties are broken by id in
	// natural order (digit runs by value: "9" before "10").
	Position int
	// Folder marks a node without a page of its own (a Cloud folder).
	// It still gets a folder for its children; navigation files list it
	// without a link to a page file.
	Folder bool
}

// Options configure Tree. The zero value gives the defaults.
type Options struct {
	// IndexName is the page file inside each page folder: "index.md"
	// when empty; "_index.md" suits Hugo. It must be a plain file name.
	IndexName string
	// MaxName bounds each folder and attachment name in bytes:
	// DefaultMaxName when zero, at least MinMaxName otherwise.
	MaxName int
}

// DefaultIndexName is the page file name when Options.IndexName is empty.
const DefaultIndexName = "index.md"

// withDefaults fills zero fields and checks the others.
func (o Options) withDefaults() (Options, error) {
	if o.IndexName == "" {
		o.IndexName = DefaultIndexName
	}
	if o.MaxName == 0 {
		o.MaxName = DefaultMaxName
	}
	if o.MaxName < MinMaxName {
		return o, fmt.Errorf("check MaxName %d: below %d: %w",
			o.MaxName, MinMaxName, ErrBadOption)
	}
	if !plainFileName(o.IndexName) {
		return o, fmt.Errorf("check IndexName %q: not a plain file name: %w",
			o.IndexName, ErrBadOption)
	}
	return o, nil
}

// plainFileName reports whether name is one local path element that
// survives FileName unchanged, so it is safe on every platform.
func plainFileName(name string) bool {
	return filepath.IsLocal(name) &&
		!strings.ContainsAny(name, `/\`) &&
		fileName(name, len(name)+1) == name
}

// Tree computes the folder of every node of one space.
//
// The home page (homeID) maps to the space folder itself: its file is
// the space folder's index file and its children's folders sit directly
// in the space folder. Every other root gets a folder in the space
// folder too, beside the home page's children. A node whose parent
// chain loops back to itself is treated as a root, as is a node whose
// parent is missing; the home page is always a root. homeID may be ""
// or name no node, for a space without a home page.
//
// Folder names come from Slug(title) bounded by opts.MaxName. Among
// siblings whose names collide (exactly, case-insensitively, or after
// Unicode normalisation), the one with the first id in natural order
// (digit runs by value) keeps the plain name; each other gets "-" and
// its id appended ("setup-12345"), then a counter if that is taken too
// ("setup-12345-2"). So a new page never renames an older sibling with
// a smaller id. The result depends only on the set of nodes, not on
// their order.
//
// Identical duplicate nodes are merged; two different nodes with one id
// are an error, as is an empty id.
func Tree(homeID string, nodes []Node, opts Options) (*Layout, error) {
	opts, err := opts.withDefaults()
	if err != nil {
		return nil, err
	}
	l := &Layout{opts: opts, byID: make(map[string]*entry, len(nodes))}
	if err := l.add(nodes); err != nil {
		return nil, err
	}
	l.home = l.byID[homeID]
	l.link()
	l.breakCycles()
	l.group()
	l.nameAll()
	return l, nil
}

// entry is the layout's record of one node.
type entry struct {
	node     Node
	name     string // folder name; "" for the home page
	parent   *entry
	children []*entry // by position
}

// add indexes nodes by id, sorted so that later steps see them in an
// order independent of the input's.
func (l *Layout) add(nodes []Node) error {
	for _, n := range nodes {
		if n.ID == "" {
			return fmt.Errorf("add node %q: empty id: %w", n.Title, ErrBadNode)
		}
		if old, ok := l.byID[n.ID]; ok {
			if old.node != n {
				return fmt.Errorf("add node %s: two different nodes share the id: %w",
					n.ID, ErrBadNode)
			}
			continue
		}
		e := &entry{node: n}
		l.byID[n.ID] = e
		l.all = append(l.all, e)
	}
	slices.SortFunc(l.all, func(a, b *entry) int {
		return cmpID(a.node.ID, b.node.ID)
	})
	return nil
}

// link sets each entry's parent from its ParentID, leaving roots nil.
func (l *Layout) link() {
	for _, e := range l.all {
		p := l.byID[e.node.ParentID]
		if p == nil || p == e || e == l.home {
			continue
		}
		e.parent = p
	}
}

// breakCycles makes every node on a parent loop a root. It walks each
// parent chain once, iteratively, so depth cannot exhaust the stack.
func (l *Layout) breakCycles() {
	const (
		unseen = iota
		onPath
		done
	)
	state := make(map[*entry]int, len(l.all))
	var path []*entry
	for _, start := range l.all {
		path = path[:0]
		e := start
		for e != nil && state[e] == unseen {
			state[e] = onPath
			path = append(path, e)
			e = e.parent
		}
		if e != nil && state[e] == onPath {
			// e is on the current path: from e to the end is a loop.
			i := slices.Index(path, e)
			for _, c := range path[i:] {
				c.parent = nil
			}
		}
		for _, c := range path {
			state[c] = done
		}
	}
}

// group fills the children lists and the top level, all by position.
// The top level holds the home page's children, then the other roots.
func (l *Layout) group() {
	var roots []*entry
	for _, e := range l.all {
		switch {
		case e == l.home:
		case e.parent != nil:
			e.parent.children = append(e.parent.children, e)
		default:
			roots = append(roots, e)
		}
	}
	for _, e := range l.all {
		slices.SortFunc(e.children, cmpPos)
	}
	slices.SortFunc(roots, cmpPos)
	if l.home != nil {
		l.top = append(l.top, l.home.children...)
	}
	l.top = append(l.top, roots...)
}
