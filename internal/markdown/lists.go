package markdown

import (
	"bytes"
	"strings"

	"github.com/JohannesKaufmann/html-to-markdown/v2/converter"
	"golang.org/x/net/html"
)

// attrTight marks a nested list that follows its item's text directly.
const attrTight = "cfm-tight"

// tightenLists marks the nested lists that may follow their item's
// text on the next line. The engine sets every nested list apart with
// a blank line, which makes the outer list loose: readers then show
// wide gaps that the page does not have. An item whose text sits in a
// single paragraph gets the text unwrapped first.
func tightenLists(n *html.Node) {
	for k := n.FirstChild; k != nil; k = k.NextSibling {
		tightenLists(k)
	}
	if n.Type != html.ElementNode || n.Data != "li" {
		return
	}
	unwrapLeadParagraph(n)

	// Only lists after inline content, and followed by nothing but
	// lists, can sit right below the text.
	seenText := false
	var lists []*html.Node
	for k := n.FirstChild; k != nil; k = k.NextSibling {
		switch {
		case isList(k) && seenText && canInterrupt(k):
			lists = append(lists, k)
		case isList(k), isBlankText(k):
		case len(lists) > 0 || isBlockElement(k):
			return
		default:
			seenText = true
		}
	}
	for _, l := range lists {
		setAttr(l, attrTight, "1")
	}
}

// unwrapLeadParagraph replaces a paragraph that holds an item's text
// by its content, when only lists follow it in the item.
func unwrapLeadParagraph(li *html.Node) {
	var p *html.Node
	for k := li.FirstChild; k != nil; k = k.NextSibling {
		switch {
		case isBlankText(k), p != nil && isList(k):
		case p == nil && k.Type == html.ElementNode && k.Data == "p":
			p = k
		default:
			return
		}
	}
	if p == nil {
		return
	}
	for k := p.FirstChild; k != nil; k = p.FirstChild {
		p.RemoveChild(k)
		li.InsertBefore(k, p)
	}
	li.RemoveChild(p)
}

// canInterrupt reports a list that Markdown starts on the line after a
// paragraph: any bullet list, but a numbered one only from 1.
func canInterrupt(l *html.Node) bool {
	start := strings.TrimSpace(getAttr(l, "start"))
	return l.Data == "ul" || start == "" || start == "1"
}

func isBlankText(n *html.Node) bool {
	return n.Type == html.TextNode && strings.TrimSpace(n.Data) == "" ||
		n.Type == html.CommentNode
}

// isBlockElement reports an element the engine writes as a block.
func isBlockElement(n *html.Node) bool {
	if n.Type != html.ElementNode {
		return false
	}
	switch n.Data {
	case "p", "div", "blockquote", "table", "pre", "hr", "dl",
		"h1", "h2", "h3", "h4", "h5", "h6", tagCode, tagAlert,
		tagDetails, tagTable:
		return true
	}
	return false
}

// renderTightList writes a marked nested list directly below the
// line before it; the engine's list renderer does the rest.
func renderTightList(ctx converter.Context, w converter.Writer, n *html.Node) converter.RenderStatus {
	if getAttr(n, attrTight) == "" {
		return converter.RenderTryNext
	}
	setAttr(n, attrTight, "")

	var buf bytes.Buffer
	ctx.RenderNodes(ctx, &buf, n)
	w.WriteString("\n")
	w.Write(bytes.TrimSpace(buf.Bytes()))
	w.WriteString("\n")
	return converter.RenderSuccess
}
