package markdown

import (
	"cmp"
	"strconv"
	"strings"

	"golang.org/x/net/html"
)

// maxIncludeDepth bounds nested includes; a page that includes itself,
// directly or through others, is cut off at the repetition anyway.
const maxIncludeDepth = 4

// linkedPage returns the page a macro parameter links to, if any.
func (s *state) linkedPage(m *macro, names ...string) (PageRef, bool) {
	for _, name := range names {
		p := m.paramNode(name)
		if p == nil {
			continue
		}
		if ri := p.find("ri:page"); ri != nil {
			return s.pageRef(ri), true
		}
		if t := m.param(name); t != "" && !strings.HasPrefix(t, "@") {
			return PageRef{SpaceKey: s.page.SpaceKey, Title: t}, true
		}
	}
	return PageRef{}, false
}

// childrenMacro lists the children of a page (this one by default).
func (s *state) childrenMacro(m *macro) []*html.Node {
	ref, ok := s.linkedPage(m, "page", "")
	if !ok {
		ref = s.page
	}
	depth := 1
	if d, err := strconv.Atoi(m.param("depth")); err == nil && d > 0 {
		depth = d
	}
	if m.param("all") == "true" || m.param("allChildren") == "true" {
		depth = 0
	}
	return s.pageTree(m, ref, depth)
}

// pagetreeMacro lists the subtree under its root: @self (the default),
// @parent, @home or a linked page.
func (s *state) pagetreeMacro(m *macro) []*html.Node {
	ref, ok := s.linkedPage(m, "root")
	if !ok {
		ref = s.treeRoot(m.param("root"))
	}
	return s.pageTree(m, ref, 0)
}

// treeRoot resolves the symbolic roots of the pagetree macro. The home
// page is named by a reference with only a space key.
func (s *state) treeRoot(root string) PageRef {
	switch strings.ToLower(root) {
	case "@parent":
		return PageRef{ID: s.meta.ParentID, SpaceKey: s.page.SpaceKey}
	case "@home":
		return PageRef{SpaceKey: s.page.SpaceKey}
	}
	return s.page
}

// pageTree renders the tree the resolver supplies as nested links.
func (s *state) pageTree(m *macro, ref PageRef, depth int) []*html.Node {
	s.deps.tree(ref)
	var nodes []TreeNode
	if s.res != nil {
		nodes = s.res.Children(ref, depth)
	}
	if len(nodes) == 0 {
		return []*html.Node{block(comment(
			"macro " + m.name + ": no child pages known"))}
	}
	return []*html.Node{s.treeList(nodes, 0)}
}

// treeList builds nested lists, bounded in depth like parsed markup.
func (s *state) treeList(nodes []TreeNode, level int) *html.Node {
	ul := elem("ul")
	for _, t := range nodes {
		title := cmp.Or(t.Title, "untitled")
		li := elem("li", textNode(title))
		if t.Href != "" {
			li = elem("li", linkTo(t.Href, nil, title))
		}
		if len(t.Children) > 0 && level < maxDepth/2 {
			li.AppendChild(s.treeList(t.Children, level+1))
		}
		ul.AppendChild(li)
	}
	return ul
}

// includeMacro renders the included page (include) or its excerpt
// (excerpt-include) in place when the resolver supplies its body, and a
// link to it otherwise.
func (s *state) includeMacro(m *macro) []*html.Node {
	ref, ok := s.linkedPage(m, "", "page")
	if !ok {
		return []*html.Node{comment("macro " + m.name + " without a page")}
	}
	s.deps.include(ref)

	key := ref.SpaceKey + "\x00" + ref.ID + "\x00" + ref.Title
	if s.inChain(key) || len(s.chain) >= maxIncludeDepth {
		return s.includeLink(ref, "include loop")
	}
	body, ok := s.fetchInclude(ref)
	if !ok {
		return s.includeLink(ref, "")
	}

	root := parse(body)
	if m.name == "excerpt-include" {
		root = excerpt(root, m.param("name"))
		if root == nil {
			return s.includeLink(ref, "no excerpt")
		}
	}
	return s.translateIncluded(ref, key, root)
}

func (s *state) inChain(key string) bool {
	for _, k := range s.chain {
		if k == key {
			return true
		}
	}
	return false
}

func (s *state) fetchInclude(ref PageRef) (string, bool) {
	if s.res == nil {
		return "", false
	}
	return s.res.Include(ref)
}

// translateIncluded renders another page's markup as part of this one:
// its links default to its own space and its attachments to itself.
func (s *state) translateIncluded(ref PageRef, key string, root *node) []*html.Node {
	saved := s.page
	s.page = ref
	s.chain = append(s.chain, key)
	s.included++
	defer func() {
		s.page = saved
		s.chain = s.chain[:len(s.chain)-1]
		s.included--
	}()
	return []*html.Node{block(s.convertKids(root)...)}
}

// includeLink links to a page that cannot be shown inline.
func (s *state) includeLink(ref PageRef, why string) []*html.Node {
	text := cmp.Or(ref.Title, ref.ID, ref.SpaceKey)
	out := []*html.Node{linkTo(s.pageHref(ref, ""), nil, text)}
	if why != "" {
		out = append(out, textNode(" "), comment(why))
	}
	return []*html.Node{block(out...)}
}

// excerpt returns the body of the page's excerpt macro (the named one
// when name is set), or nil.
func excerpt(root *node, name string) *node {
	var found *node
	walk(root, func(n *node) bool {
		if found != nil {
			return false
		}
		if n.name != "ac:structured-macro" || n.attr("ac:name") != "excerpt" {
			return true
		}
		m := &macro{n: n}
		if name == "" || m.param("name") == name {
			found = m.body()
		}
		return false
	})
	return found
}
