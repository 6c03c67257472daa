package markdown

import "strings"

// node is one element or text run of a parsed storage-format body.
// Element names keep their prefix ("ac:link", "ri:page", "p").
type node struct {
	name  string // "" for a text node
	text  string // text nodes only
	attrs []attr
	kids  []*node
}

// attr is one attribute; key keeps its prefix ("ac:name").
type attr struct {
	key, val string
}

// isText reports whether n is a text node.
func (n *node) isText() bool { return n.name == "" }

// attr returns the value of the attribute key, or "".
func (n *node) attr(key string) string {
	for _, a := range n.attrs {
		if a.key == key {
			return a.val
		}
	}
	return ""
}

// child returns the first child element named name, or nil.
func (n *node) child(name string) *node {
	for _, k := range n.kids {
		if k.name == name {
			return k
		}
	}
	return nil
}

// children returns every child element named name.
func (n *node) children(name string) []*node {
	var out []*node
	for _, k := range n.kids {
		if k.name == name {
			out = append(out, k)
		}
	}
	return out
}

// find returns the first descendant (depth first) named name, or nil.
func (n *node) find(name string) *node {
	for _, k := range n.kids {
		if k.name == name {
			return k
		}
		if f := k.find(name); f != nil {
			return f
		}
	}
	return nil
}

// rawText is the concatenated text of n and its descendants, as is.
func (n *node) rawText() string {
	if n.isText() {
		return n.text
	}
	var b strings.Builder
	n.writeText(&b)
	return b.String()
}

func (n *node) writeText(b *strings.Builder) {
	if n.isText() {
		b.WriteString(n.text)
		return
	}
	for _, k := range n.kids {
		k.writeText(b)
	}
}

// prefix returns the namespace prefix of an element name ("ac" for
// "ac:link"), or "".
func prefix(name string) string {
	if i := strings.IndexByte(name, ':'); i > 0 {
		return name[:i]
	}
	return ""
}
