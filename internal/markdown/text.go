package markdown

import "strings"

// plainText is the text a reader sees in n, without markup: links show
// their body or target name, dates their date, emoticons their emoji.
// Macro parameters and placeholders are left out.
func plainText(n *node) string {
	var b strings.Builder
	writePlain(&b, n, nil)
	return b.String()
}

// plainText is like the function of that name, with user mentions
// resolved to display names.
func (s *state) plainText(n *node) string {
	var b strings.Builder
	writePlain(&b, n, s)
	return b.String()
}

func writePlain(b *strings.Builder, n *node, s *state) {
	if n.isText() {
		b.WriteString(plainSpaces(n.text))
		return
	}
	switch n.name {
	case "ac:parameter", "ac:placeholder", "ac:task-id",
		"ac:task-uuid", "ac:task-status", "ac:adf-attribute":
		return
	case "ac:emoticon":
		b.WriteString(emoticon(n))
		return
	case "time":
		b.WriteString(timeText(n))
		return
	case "br", "p", "li", "tr", "div":
		b.WriteByte(' ')
	case "ac:link":
		if plainLink(b, n, s) {
			return
		}
	case "ac:structured-macro":
		if n.attr("ac:name") == "status" {
			m := &macro{n: n}
			b.WriteString(m.param("title"))
			return
		}
	}
	for _, k := range n.kids {
		writePlain(b, k, s)
	}
}

// plainLink writes the text of a link without a body and reports
// whether it did.
func plainLink(b *strings.Builder, n *node, s *state) bool {
	if n.child("ac:link-body") != nil ||
		n.child("ac:plain-text-link-body") != nil {
		return false
	}
	for _, k := range n.kids {
		switch k.name {
		case "ri:user":
			if s != nil {
				b.WriteString("@" + s.userName(k))
			} else {
				b.WriteString("@" + k.attr("ri:account-id") +
					k.attr("ri:userkey") + k.attr("ri:username"))
			}
			return true
		case "ri:page", "ri:blog-post":
			b.WriteString(k.attr("ri:content-title"))
			return true
		case "ri:attachment":
			b.WriteString(k.attr("ri:filename"))
			return true
		}
	}
	return false
}
