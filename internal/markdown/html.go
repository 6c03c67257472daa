package markdown

import (
	"strings"

	"golang.org/x/net/html"
)

// passThrough lists the HTML elements the Markdown engine understands
// as they are; their attributes are dropped except for keepAttrs.
var passThrough = map[string]bool{
	"p": true, "h1": true, "h2": true, "h3": true, "h4": true,
	"h5": true, "h6": true, "strong": true, "b": true, "em": true,
	"i": true, "s": true, "del": true, "strike": true, "code": true,
	"kbd": true, "samp": true, "var": true, "tt": true, "br": true,
	"hr": true, "blockquote": true, "ul": true, "ol": true, "li": true,
	"div": true, "section": true, "article": true, "header": true,
	"footer": true, "dl": true, "dt": true, "dd": true, "center": true,
	"figure": true, "figcaption": true, "aside": true, "nav": true,
	"main": true, "address": true, "cite": true, "q": true,
	"abbr": true, "dfn": true, "small": true, "big": true,
}

// inlineHTML lists elements Markdown has no syntax for, kept as
// inline HTML tags around their converted content.
var inlineHTML = map[string]bool{
	"u": true, "sub": true, "sup": true, "ins": true, "mark": true,
}

// unwrapped lists elements whose content is kept without them.
var unwrapped = map[string]bool{
	"span": true, "font": true, "thead": true, "tbody": true,
	"tfoot": true, "label": true, "nobr": true,
}

// dropped lists elements left out with their content.
var dropped = map[string]bool{
	"col": true, "colgroup": true, "script": true, "style": true,
	"input": true, "button": true, "head": true, "meta": true,
	"link": true, "iframe": true, "object": true, "embed": true,
}

// keepAttrs lists the attributes kept on passed-through elements.
var keepAttrs = map[string]bool{"start": true}

// htmlElement translates an element without a namespace prefix.
func (s *state) htmlElement(n *node) []*html.Node {
	switch {
	case passThrough[n.name]:
		return []*html.Node{s.copyElement(n)}
	case inlineHTML[n.name]:
		return s.inlineTag(n)
	case unwrapped[n.name]:
		return s.convertKids(n)
	case dropped[n.name]:
		return nil
	}

	switch n.name {
	case "a":
		return s.anchorElement(n)
	case "img":
		return s.imgElement(n)
	case "time":
		return []*html.Node{textNode(timeText(n))}
	case "pre":
		return []*html.Node{codeBlock("", "", n.rawText())}
	case "table":
		return s.table(n)
	case "tr", "th", "td", "caption":
		return []*html.Node{block(s.convertKids(n)...)}
	}
	return s.unknown(n, n.name)
}

// copyElement passes an element through with its converted content.
// An id outside a heading (footnotes use them) becomes an anchor.
func (s *state) copyElement(n *node) *html.Node {
	kids := s.convertKids(n)
	if id := strings.TrimSpace(n.attr("id")); id != "" && headingLevel(n.name) == 0 {
		kids = append([]*html.Node{anchorNode(id)}, kids...)
	}
	out := elem(n.name, kids...)
	for _, a := range n.attrs {
		if keepAttrs[a.key] {
			setAttr(out, a.key, a.val)
		}
	}
	return out
}

// inlineTag keeps an element as literal inline HTML tags.
func (s *state) inlineTag(n *node) []*html.Node {
	kids := s.convertKids(n)
	if len(kids) == 0 {
		return nil
	}
	out := []*html.Node{raw("<" + n.name + ">")}
	out = append(out, kids...)
	return append(out, raw("</"+n.name+">"))
}

// anchorElement translates <a>. A link without a usable target keeps
// only its text; a link without text shows its target.
func (s *state) anchorElement(n *node) []*html.Node {
	href := strings.TrimSpace(n.attr("href"))
	kids := s.convertKids(n)
	if href == "" || isScript(href) {
		return kids
	}
	if isBlank(kids) {
		kids = []*html.Node{textNode(href)}
	}
	a := setAttr(elem("a", kids...), "href", href)
	if t := n.attr("title"); t != "" {
		setAttr(a, "title", t)
	}
	return []*html.Node{a}
}

// isScript reports a javascript: URL, which a mirror must not keep.
func isScript(href string) bool {
	h := strings.ToLower(strings.TrimSpace(href))
	return strings.HasPrefix(h, "javascript:") ||
		strings.HasPrefix(h, "vbscript:")
}

// isBlank reports whether nodes render no visible text.
func isBlank(nodes []*html.Node) bool {
	for _, n := range nodes {
		switch {
		case n.Type == html.TextNode:
			if strings.TrimSpace(n.Data) != "" {
				return false
			}
		case n.Data == tagRaw:
			if !strings.HasPrefix(getAttr(n, "md"), "<!--") {
				return false
			}
		case n.Data == "img" || n.Data == "br":
			return false
		default:
			if !isBlank(childList(n)) {
				return false
			}
		}
	}
	return true
}

// childList returns the children of an HTML node as a slice.
func childList(n *html.Node) []*html.Node {
	var out []*html.Node
	for k := n.FirstChild; k != nil; k = k.NextSibling {
		out = append(out, k)
	}
	return out
}

// imgElement passes a plain <img> through with its useful attributes.
func (s *state) imgElement(n *node) []*html.Node {
	src := strings.TrimSpace(n.attr("src"))
	if src == "" || isScript(src) {
		return nil
	}
	return []*html.Node{imageNode(image{
		src:    src,
		alt:    n.attr("alt"),
		title:  n.attr("title"),
		width:  n.attr("width"),
		height: n.attr("height"),
	})}
}

// timeText is the date a <time> element shows.
func timeText(n *node) string {
	if t := strings.TrimSpace(n.rawText()); t != "" {
		return t
	}
	return n.attr("datetime")
}
