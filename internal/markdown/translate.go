package markdown

import (
	"strings"

	"golang.org/x/net/html"
)

// state carries one conversion: what the caller supplied and what the
// translation has learnt so far. It is used by one goroutine only.
type state struct {
	meta Meta
	opts Options
	res  Resolver

	page     PageRef  // the page whose markup is being read
	chain    []string // include chain, outermost first
	deps     depSet
	props    []Property
	toc      *outline
	anchors  map[string]bool // names of anchor macros on the page
	inTable  int             // > 0 inside a GFM table cell
	included int             // > 0 inside included content
}

// convertKids translates the children of n. An image placed between
// blocks becomes a block of its own.
func (s *state) convertKids(n *node) []*html.Node {
	var out []*html.Node
	for _, k := range n.kids {
		if k.name == "ac:image" && blockContainers[n.name] {
			out = append(out, block(s.convert(k)...))
			continue
		}
		out = append(out, s.convert(k)...)
	}
	return out
}

// blockContainers hold blocks rather than running text.
var blockContainers = map[string]bool{
	rootName: true, "ac:rich-text-body": true, "ac:layout-cell": true,
	"ac:adf-content": true, "td": true, "th": true, "div": true,
	"blockquote": true, "li": true, "ac:adf-fallback": true,
}

// separateLists puts an empty comment between two lists of the same
// kind that follow each other, which Markdown would otherwise join.
func separateLists(n *html.Node) {
	var prev *html.Node
	for k := n.FirstChild; k != nil; k = k.NextSibling {
		if k.Type == html.TextNode && strings.TrimSpace(k.Data) == "" {
			continue
		}
		if isList(k) && prev != nil && prev.Data == k.Data {
			n.InsertBefore(block(raw("<!-- -->")), k)
		}
		prev = k
		if !isList(k) {
			prev = nil
		}
		separateLists(k)
	}
}

func isList(n *html.Node) bool {
	return n.Type == html.ElementNode && (n.Data == "ul" || n.Data == "ol")
}

// convert translates one node into HTML nodes for the Markdown engine.
func (s *state) convert(n *node) []*html.Node {
	if n.isText() {
		return []*html.Node{textNode(plainSpaces(n.text))}
	}
	switch prefix(n.name) {
	case "ac":
		return s.acElement(n)
	case "ri":
		return s.reference(n, nil, "")
	case "":
		if n.name == "br" && s.inTable > 0 {
			return []*html.Node{raw("<br>")}
		}
		return s.htmlElement(n)
	}
	return s.unknown(n, n.name)
}

// plainSpaces turns no-break spaces into ordinary ones: Markdown
// readers treat them alike and plain spaces diff better.
func plainSpaces(s string) string {
	return strings.ReplaceAll(s, "\u00a0", " ")
}

// unknown keeps the content of an element the converter does not know
// and names it in an HTML comment.
func (s *state) unknown(n *node, what string) []*html.Node {
	out := []*html.Node{comment(what)}
	return append(out, s.convertKids(n)...)
}

// comment builds an inline HTML comment; "--" cannot occur inside one.
func comment(text string) *html.Node {
	text = strings.ReplaceAll(text, "--", "- -")
	text = strings.NewReplacer(">", "", "<", "").Replace(text)
	return raw("<!-- " + strings.TrimSpace(text) + " -->")
}

// block wraps nodes so that the engine sets them apart as a block.
func block(kids ...*html.Node) *html.Node {
	return elem("div", kids...)
}

// acElement translates the Confluence-specific elements.
func (s *state) acElement(n *node) []*html.Node {
	switch n.name {
	case "ac:structured-macro", "ac:macro":
		return s.macro(n)
	case "ac:link":
		return s.link(n)
	case "ac:image":
		return s.image(n)
	case "ac:emoticon":
		return []*html.Node{textNode(emoticon(n))}
	case "ac:task-list":
		return s.taskList(n)
	case "ac:adf-extension":
		return s.adfExtension(n)
	case "ac:placeholder", "ac:parameter", "ac:task-id",
		"ac:task-uuid", "ac:task-status", "ac:adf-attribute":
		return nil
	case "ac:plain-text-body", "ac:plain-text-link-body":
		return []*html.Node{textNode(n.rawText())}
	case "ac:inline-comment-marker", "ac:rich-text-body",
		"ac:link-body", "ac:layout", "ac:task-body",
		"ac:adf-content", "ac:adf-fallback", "ac:caption":
		return s.convertKids(n)
	case "ac:layout-section", "ac:layout-cell", "ac:adf-node":
		return []*html.Node{block(s.convertKids(n)...)}
	case "ac:task":
		return s.taskList(&node{kids: []*node{n}})
	}
	return s.unknown(n, n.name)
}
