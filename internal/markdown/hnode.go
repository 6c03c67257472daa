package markdown

import (
	"golang.org/x/net/html"
	"golang.org/x/net/html/atom"
)

// Element names of the placeholder nodes that the custom renderers in
// engine.go turn into Markdown the HTML engine cannot express.
const (
	tagCode    = "cfm-code"    // fenced code block: attrs lang, title, body
	tagAlert   = "cfm-alert"   // GFM alert: attrs kind, title, icon
	tagDetails = "cfm-details" // <details>: attr summary
	tagRaw     = "cfm-raw"     // inline Markdown written as is: attr md
	tagTable   = "cfm-table"   // HTML table kept as HTML
	tagRow     = "cfm-tr"
	tagCell    = "cfm-cell" // attrs tag (th|td), colspan, rowspan, align
)

// elem builds an element with the given children; attributes are
// added with setAttr.
func elem(tag string, kids ...*html.Node) *html.Node {
	n := &html.Node{
		Type:     html.ElementNode,
		Data:     tag,
		DataAtom: atom.Lookup([]byte(tag)),
	}
	appendKids(n, kids)
	return n
}

// textNode builds a text node.
func textNode(s string) *html.Node {
	return &html.Node{Type: html.TextNode, Data: s}
}

// raw builds an inline node whose Markdown is written unescaped. Its
// text child is never written; it only lets the engine's whitespace
// collapsing see that the node shows something, so that the spaces
// around it are kept.
func raw(md string) *html.Node {
	return setAttr(elem(tagRaw, textNode("x")), "md", md)
}

// setAttr sets an attribute and returns n for chaining.
func setAttr(n *html.Node, key, val string) *html.Node {
	for i := range n.Attr {
		if n.Attr[i].Key == key {
			n.Attr[i].Val = val
			return n
		}
	}
	n.Attr = append(n.Attr, html.Attribute{Key: key, Val: val})
	return n
}

// getAttr returns an attribute of an HTML node, or "".
func getAttr(n *html.Node, key string) string {
	for _, a := range n.Attr {
		if a.Key == key {
			return a.Val
		}
	}
	return ""
}

// appendKids attaches nodes that have no parent yet; a node that
// already has one is skipped rather than corrupting the tree.
func appendKids(n *html.Node, kids []*html.Node) {
	for _, k := range kids {
		if k == nil || k.Parent != nil || k.PrevSibling != nil {
			continue
		}
		n.AppendChild(k)
	}
}
