package layout

import "slices"

// Layout is the computed placement of one space's nodes. It is
// immutable once Tree returns it and safe for concurrent use.
//
// Paths are relative to the space folder and slash-separated. Dir of
// the home page is "" (the space folder itself); every other path is
// local in the sense of filepath.IsLocal.
type Layout struct {
	opts Options
	home *entry // nil when the space has no home page among the nodes
	byID map[string]*entry
	all  []*entry // by id
	top  []*entry // folders directly in the space folder, by position
}

// Len returns the number of nodes placed.
func (l *Layout) Len() int {
	return len(l.all)
}

// IndexName returns the page file name used in every page folder.
func (l *Layout) IndexName() string {
	return l.opts.IndexName
}

// Home returns the home page's id, or "" when the space has none.
func (l *Layout) Home() string {
	if l.home == nil {
		return ""
	}
	return l.home.node.ID
}

// Node returns the node placed under id as Tree received it.
func (l *Layout) Node(id string) (Node, bool) {
	e := l.byID[id]
	if e == nil {
		return Node{}, false
	}
	return e.node, true
}

// Dir returns the folder of node id: "" for the home page, else the
// slugs from the top level down, joined by '/'. ok is false for an
// unknown id. Each call walks the node's ancestors, so the cost grows
// with the depth of the node.
//
// TODO(paths): each element is bounded but a whole path is not; a deep
// tree can pass Windows' 260-character limit unless long paths are on.
func (l *Layout) Dir(id string) (dir string, ok bool) {
	e := l.byID[id]
	if e == nil {
		return "", false
	}
	return e.dir(), true
}

// File returns the page file of node id: Dir(id) joined with the index
// file name. ok is false for an unknown id.
func (l *Layout) File(id string) (file string, ok bool) {
	e := l.byID[id]
	if e == nil {
		return "", false
	}
	return l.file(e), true
}

// Name returns the last element of Dir(id): the node's folder name, ""
// for the home page or an unknown id.
func (l *Layout) Name(id string) string {
	if e := l.byID[id]; e != nil {
		return e.name
	}
	return ""
}

// Parent returns the id of the node under which id is placed: "" for
// a root, including nodes whose parent was missing or looped. ok is
// false for an unknown id.
func (l *Layout) Parent(id string) (parent string, ok bool) {
	e := l.byID[id]
	if e == nil {
		return "", false
	}
	if e.parent == nil {
		return "", true
	}
	return e.parent.node.ID, true
}

// Children returns the ids of the nodes placed under id, by position.
// The result is a fresh slice the caller may keep.
func (l *Layout) Children(id string) []string {
	e := l.byID[id]
	if e == nil {
		return nil
	}
	return ids(e.children)
}

// Top returns the ids of the nodes whose folders sit directly in the
// space folder: the home page's children by position, then the other
// roots by position. The home page itself is not among them.
func (l *Layout) Top() []string {
	return ids(l.top)
}

// Order returns every id top-down: the home page first (if any), then
// each top-level node followed by its subtree, depth first, siblings by
// position. It suits writing navigation and creating parents before
// children.
func (l *Layout) Order() []string {
	out := make([]string, 0, len(l.all))
	l.walk(func(e *entry, _ int) {
		out = append(out, e.node.ID)
	})
	return out
}

// walk visits the home page at depth 0, then the top level at depth 0
// and their subtrees, depth first, without recursion.
func (l *Layout) walk(visit func(e *entry, depth int)) {
	if l.home != nil {
		visit(l.home, 0)
	}
	type frame struct {
		e     *entry
		depth int
	}
	stack := make([]frame, 0, len(l.top))
	for _, e := range slices.Backward(l.top) {
		stack = append(stack, frame{e, 0})
	}
	for len(stack) > 0 {
		f := stack[len(stack)-1]
		stack = stack[:len(stack)-1]
		visit(f.e, f.depth)
		for _, c := range slices.Backward(f.e.children) {
			stack = append(stack, frame{c, f.depth + 1})
		}
	}
}

// Attachments names one page's attachments (see
// Options.AttachmentNames) and returns their paths by attachment id.
// The names avoid the page's index file, its child folders and the
// navigation files. ok is false for an unknown page id.
func (l *Layout) Attachments(id string, atts []Attachment) (paths map[string]string, ok bool) {
	e := l.byID[id]
	if e == nil {
		return nil, false
	}
	taken := []string{l.opts.IndexName, PagesFile}
	children := e.children
	if e == l.home {
		taken = append(taken, SummaryFile)
		children = l.top
	}
	for _, c := range children {
		taken = append(taken, c.name)
	}
	names := l.opts.AttachmentNames(taken, atts)
	dir := e.dir()
	for id, name := range names {
		names[id] = join(dir, name)
	}
	return names, true
}

func (l *Layout) file(e *entry) string {
	return join(e.dir(), l.opts.IndexName)
}

// dir joins the names from the top level down to e, building the
// string in one allocation.
func (e *entry) dir() string {
	n := -1
	for c := e; c != nil && c.name != ""; c = c.parent {
		n += len(c.name) + 1
	}
	if n <= 0 {
		return ""
	}
	b := make([]byte, n)
	for c := e; c != nil && c.name != ""; c = c.parent {
		n -= copy(b[n-len(c.name):n], c.name)
		if n > 0 {
			n--
			b[n] = '/'
		}
	}
	return string(b)
}

func join(dir, name string) string {
	if dir == "" {
		return name
	}
	return dir + "/" + name
}

func ids(es []*entry) []string {
	out := make([]string, len(es))
	for i, e := range es {
		out[i] = e.node.ID
	}
	return out
}
