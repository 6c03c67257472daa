package sync

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"hash"
	"strconv"
	"strings"
	gosync "sync"

	"github.com/cfmirror/cfmirror/internal/layout"
	"github.com/cfmirror/cfmirror/internal/markdown"
	"github.com/cfmirror/cfmirror/internal/store"
)

// index answers lookups about the pages and attachments of one space,
// with paths relative to Options.Output. It is read-only once built.
type index struct {
	key     string
	home    string                       // the home page's id
	files   map[string]string            // id → page file
	titles  map[string]string            // title → id, current titles
	former  map[string]string            // old title → id
	atts    map[string]map[string]string // page id → title → file
	folded  map[string]map[string]string // page id → lower title → file
	version map[string]int               // id → stored body version
}

// newIndex returns an empty index of space key.
func newIndex(key string) *index {
	return &index{
		key:     key,
		files:   make(map[string]string),
		titles:  make(map[string]string),
		former:  make(map[string]string),
		atts:    make(map[string]map[string]string),
		folded:  make(map[string]map[string]string),
		version: make(map[string]int),
	}
}

// addPage records a page's file (relative to its space folder), title
// and former titles.
func (x *index) addPage(id, file, title string, former []string) {
	if file != "" {
		x.files[id] = x.key + "/" + file
	}
	x.titles[title] = id
	for _, t := range former {
		if _, ok := x.former[t]; !ok {
			x.former[t] = id
		}
	}
}

// addAttachment records an attachment's file (relative to its space
// folder). Among names equal but for case, the first added answers a
// case-folded lookup: add attachments in id order.
func (x *index) addAttachment(pageID, title, file string) {
	if x.atts[pageID] == nil {
		x.atts[pageID] = make(map[string]string)
		x.folded[pageID] = make(map[string]string)
	}
	x.atts[pageID][title] = x.key + "/" + file
	folded := strings.ToLower(title)
	if _, ok := x.folded[pageID][folded]; !ok {
		x.folded[pageID][folded] = x.key + "/" + file
	}
}

// lookup finds a page by id or title (current, then former).
func (x *index) lookup(ref markdown.PageRef) (string, bool) {
	if ref.ID == "" && ref.Title == "" {
		// A reference naming only a space means its home page.
		return x.home, x.home != ""
	}
	if ref.ID != "" {
		if _, ok := x.titlesOf(ref.ID); ok {
			return ref.ID, true
		}
		return "", false
	}
	if id, ok := x.titles[ref.Title]; ok {
		return id, true
	}
	id, ok := x.former[ref.Title]
	return id, ok
}

// titlesOf reports whether id is a page of the space.
func (x *index) titlesOf(id string) (string, bool) {
	_, ok := x.version[id]
	if !ok {
		_, ok = x.files[id]
	}
	return id, ok
}

// attachment finds an attachment file by exact, then case-folded name.
func (x *index) attachment(pageID, name string) (string, bool) {
	if f, ok := x.atts[pageID][name]; ok {
		return f, true
	}
	f, ok := x.folded[pageID][strings.ToLower(name)]
	return f, ok
}

// indexes holds the current space's index and loads other spaces' from
// the store on first use. Safe for concurrent use.
type indexes struct {
	cur   *index
	st    *store.Store
	mu    gosync.Mutex
	other map[string]*index
}

// get returns the index of space key, nil when the store has none.
func (xs *indexes) get(key string) *index {
	if key == "" || key == xs.cur.key {
		return xs.cur
	}
	xs.mu.Lock()
	defer xs.mu.Unlock()
	if x, ok := xs.other[key]; ok {
		return x
	}
	x, err := loadIndex(xs.st, key)
	if err != nil {
		x = nil
	}
	xs.other[key] = x
	return x
}

// loadIndex builds the index of another mirrored space from the store.
func loadIndex(st *store.Store, key string) (*index, error) {
	pages, err := st.Pages(key)
	if err != nil || len(pages) == 0 {
		return nil, err
	}
	x := newIndex(key)
	for _, p := range pages {
		x.addPage(p.ID, p.Path, p.Title, p.OldTitles)
	}
	if rec, _, err := st.Space(key); err == nil {
		x.home = rec.HomeID
	}
	if x.version, err = st.BodyVersions(key); err != nil {
		return nil, err
	}
	atts, err := st.Attachments(key)
	if err != nil {
		return nil, err
	}
	for _, a := range atts {
		x.addAttachment(a.PageID, a.Title, a.Path)
	}
	return x, nil
}

// resolver answers one page's questions for the converter and records
// them, with a hash of the answers, as the page's dependencies. The
// converter runs synchronously, so a resolver is used by one goroutine.
type resolver struct {
	r     *run
	ctx   context.Context // the run's; the Resolver interface has none
	from  string          // the page's file relative to Options.Output
	space string

	queries []store.Query
	seen    map[string]bool
	sum     hash.Hash
}

// newResolver returns a resolver for the page whose file is from.
func (r *run) newResolver(ctx context.Context, from string) *resolver {
	return &resolver{
		r: r, ctx: ctx, from: r.key + "/" + from, space: r.key,
		seen: make(map[string]bool), sum: sha256.New(),
	}
}

// deps returns what the page asked, with the hash of the answers.
func (v *resolver) deps() store.Deps {
	return store.Deps{
		Queries: v.queries,
		Hash:    hex.EncodeToString(v.sum.Sum(nil)),
	}
}

// note records a question and its answer once.
func (v *resolver) note(q store.Query, answer string) {
	key := fmt.Sprintf("%s\x00%s\x00%s\x00%s\x00%s\x00%d",
		q.Kind, q.Ref.ID, q.Ref.Space, q.Ref.Title, q.File, q.Depth)
	if v.seen[key] {
		return
	}
	v.seen[key] = true
	v.queries = append(v.queries, q)
	fmt.Fprintf(v.sum, "%s\x00%s\n", key, answer)
}

// find resolves a page reference to its space index and id.
func (v *resolver) find(ref markdown.PageRef) (*index, string, bool) {
	x := v.r.idx.get(ref.SpaceKey)
	if x == nil {
		return nil, "", false
	}
	id, ok := x.lookup(ref)
	return x, id, ok
}

// PageHref implements markdown.Resolver.
func (v *resolver) PageHref(ref markdown.PageRef) (string, bool) {
	href, ok, target := v.pageHref(ref)
	v.note(query(store.QueryLink, ref, "", 0, target), answer(href, ok))
	return href, ok
}

func (v *resolver) pageHref(ref markdown.PageRef) (string, bool, string) {
	x, id, ok := v.find(ref)
	if !ok {
		return "", false, ""
	}
	file, ok := x.files[id]
	if !ok {
		return "", false, id
	}
	return layout.Rel(v.from, file), true, id
}

// AttachmentHref implements markdown.Resolver.
func (v *resolver) AttachmentHref(ref markdown.AttachmentRef) (string, bool) {
	href, ok, target := v.attachmentHref(ref)
	q := query(store.QueryAttachment, ref.Page, ref.Filename, 0, target)
	v.note(q, answer(href, ok))
	return href, ok
}

func (v *resolver) attachmentHref(ref markdown.AttachmentRef) (string, bool, string) {
	x, id, ok := v.find(ref.Page)
	if !ok {
		return "", false, ""
	}
	file, ok := x.attachment(id, ref.Filename)
	if !ok {
		return "", false, id
	}
	return layout.Rel(v.from, file), true, id
}

// UserName implements markdown.Resolver. Names are not tracked as
// dependencies: a renamed user shows up when the page is next rendered.
func (v *resolver) UserName(id string) string {
	name, err := v.r.e.client.UserName(v.ctx, id)
	if err != nil {
		v.r.log.Debug("user name unknown", "user", id, "error", err)
		return ""
	}
	return name
}

// Include implements markdown.Resolver.
func (v *resolver) Include(ref markdown.PageRef) (string, bool) {
	x, id, ok := v.find(ref)
	body, ver := "", 0
	if ok {
		b, found, err := v.r.e.store.Body(x.key, id)
		ok = found && err == nil
		body, ver = b.Body, b.Version
	}
	v.note(query(store.QueryInclude, ref, "", 0, id),
		answer(strconv.Itoa(ver), ok))
	return body, ok
}

// Children implements markdown.Resolver for pages of the same space.
func (v *resolver) Children(ref markdown.PageRef, depth int) []markdown.TreeNode {
	x, id, ok := v.find(ref)
	var nodes []markdown.TreeNode
	if ok && x == v.r.idx.cur {
		nodes = v.children(id, depth)
	}
	var b strings.Builder
	writeTree(&b, nodes)
	v.note(query(store.QueryChildren, ref, "", depth, id), b.String())
	return nodes
}

// children lists the tree under id down to depth levels (0 = all).
func (v *resolver) children(id string, depth int) []markdown.TreeNode {
	var out []markdown.TreeNode
	for _, c := range v.r.tree.Children(id) {
		p := v.r.pages[c]
		if p == nil {
			continue
		}
		n := markdown.TreeNode{Title: p.info.Title}
		if p.file != "" {
			n.Href = layout.Rel(v.from, v.r.key+"/"+p.file)
		}
		if depth != 1 {
			n.Children = v.children(c, max(depth-1, 0))
		}
		out = append(out, n)
	}
	return out
}

// writeTree serialises a tree for the answer hash.
func writeTree(b *strings.Builder, nodes []markdown.TreeNode) {
	for _, n := range nodes {
		fmt.Fprintf(b, "(%q %q ", n.Title, n.Href)
		writeTree(b, n.Children)
		b.WriteString(")")
	}
}

// query builds a recorded question.
func query(kind string, ref markdown.PageRef, file string, depth int, target string) store.Query {
	return store.Query{
		Kind:   kind,
		Ref:    store.Ref{ID: ref.ID, Space: ref.SpaceKey, Title: ref.Title},
		File:   file,
		Depth:  depth,
		Target: target,
	}
}

// answer encodes a resolver answer for the hash.
func answer(s string, ok bool) string {
	return strconv.FormatBool(ok) + " " + s
}

// replay asks a page's recorded questions again and returns the hash
// of today's answers; it differs from the recorded one when the page
// must be rendered again. Include answers come from body versions, so
// replay reads no bodies.
func (v *resolver) replay(qs []store.Query) string {
	for _, q := range qs {
		ref := markdown.PageRef{ID: q.Ref.ID, SpaceKey: q.Ref.Space, Title: q.Ref.Title}
		switch q.Kind {
		case store.QueryLink:
			v.PageHref(ref)
		case store.QueryAttachment:
			v.AttachmentHref(markdown.AttachmentRef{Page: ref, Filename: q.File})
		case store.QueryChildren:
			v.Children(ref, q.Depth)
		case store.QueryInclude:
			x, id, ok := v.find(ref)
			ver := 0
			if ok {
				ver, ok = x.version[id]
			}
			v.note(query(store.QueryInclude, ref, "", 0, id),
				answer(strconv.Itoa(ver), ok))
		}
	}
	return v.deps().Hash
}
