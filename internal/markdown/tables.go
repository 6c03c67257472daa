package markdown

import (
	"strconv"
	"strings"

	"golang.org/x/net/html"
)

// table translates a table: a GFM table when every cell holds inline
// content and nothing spans, otherwise an HTML table that keeps spans
// and block content.
func (s *state) table(n *node) []*html.Node {
	rows := tableRows(n)
	if len(rows) == 0 {
		return nil
	}
	if isSimpleTable(rows) {
		return []*html.Node{s.gfmTable(rows)}
	}
	return []*html.Node{s.htmlTable(rows)}
}

// tableRows returns the cells of each row, header and body alike,
// without descending into nested tables.
func tableRows(t *node) [][]*node {
	var rows [][]*node
	walk(t, func(n *node) bool {
		switch n.name {
		case "table":
			return false
		case "tr":
			rows = append(rows, rowCells(n))
			return false
		}
		return true
	})
	return rows
}

func rowCells(tr *node) []*node {
	var cells []*node
	for _, k := range tr.kids {
		if k.name == "th" || k.name == "td" {
			cells = append(cells, k)
		}
	}
	return cells
}

// gfmTable builds an HTML table the engine turns into a GFM table. The
// first row is the header when it holds only header cells; header cells
// elsewhere become bold data cells, since GFM has one header row only.
func (s *state) gfmTable(rows [][]*node) *html.Node {
	s.inTable++
	defer func() { s.inTable-- }()

	t := elem("table")
	head := allHeaders(rows[0])
	for i, r := range rows {
		tr := elem("tr")
		for _, c := range r {
			tr.AppendChild(s.gfmCell(c, i == 0 && head))
		}
		if i == 0 && head {
			t.AppendChild(elem("thead", tr))
			continue
		}
		t.AppendChild(tr)
	}
	return t
}

func (s *state) gfmCell(c *node, header bool) *html.Node {
	kids := s.convertKids(c)
	tag := "td"
	if header {
		tag = "th"
	} else if c.name == "th" && !isBlank(kids) {
		kids = []*html.Node{elem("strong", kids...)}
	}
	cell := elem(tag, kids...)
	if a := cellAlign(c); a != "" {
		setAttr(cell, "align", a)
	}
	return cell
}

// htmlTable builds the placeholder the engine writes as an HTML table.
func (s *state) htmlTable(rows [][]*node) *html.Node {
	t := elem(tagTable)
	for _, r := range rows {
		tr := elem(tagRow)
		for _, c := range r {
			cell := elem(tagCell, s.convertKids(c)...)
			setAttr(cell, "tag", c.name)
			setAttr(cell, "colspan", span(c.attr("colspan")))
			setAttr(cell, "rowspan", span(c.attr("rowspan")))
			setAttr(cell, "align", cellAlign(c))
			tr.AppendChild(cell)
		}
		t.AppendChild(tr)
	}
	return t
}

// span keeps a colspan or rowspan above one, as a clean number.
func span(v string) string {
	n, err := strconv.Atoi(strings.TrimSpace(v))
	if err != nil || n < 2 {
		return ""
	}
	return strconv.Itoa(min(n, 1000))
}

// cellAlign reads a cell's alignment from its align attribute or style.
func cellAlign(c *node) string {
	if a := strings.ToLower(c.attr("align")); isAlign(a) {
		return a
	}
	for _, decl := range strings.Split(c.attr("style"), ";") {
		k, v, ok := strings.Cut(decl, ":")
		if ok && strings.TrimSpace(strings.ToLower(k)) == "text-align" {
			if a := strings.TrimSpace(strings.ToLower(v)); isAlign(a) {
				return a
			}
		}
	}
	return ""
}

func isAlign(a string) bool {
	return a == "left" || a == "center" || a == "right"
}

// isSimpleTable reports a table GFM can hold: no spans, and every cell
// inline content in at most one paragraph.
func isSimpleTable(rows [][]*node) bool {
	for _, r := range rows {
		for _, c := range r {
			if !isSimpleCell(c) {
				return false
			}
		}
	}
	return true
}

func isSimpleCell(c *node) bool {
	if span(c.attr("colspan")) != "" || span(c.attr("rowspan")) != "" {
		return false
	}
	paras, text := 0, false
	for _, k := range c.kids {
		switch {
		case k.isText():
			text = text || strings.TrimSpace(k.text) != ""
		case k.name == "p":
			paras++
			if !allInline(k) {
				return false
			}
		case !isInline(k) || !allInline(k):
			return false
		default:
			text = true
		}
	}
	return paras == 0 || paras == 1 && !text
}

// inlineNames lists the elements that render inline in a table cell.
var inlineNames = map[string]bool{
	"strong": true, "b": true, "em": true, "i": true, "u": true,
	"s": true, "del": true, "strike": true, "code": true, "kbd": true,
	"sub": true, "sup": true, "a": true, "span": true, "font": true,
	"br": true, "time": true, "img": true, "small": true, "big": true,
	"mark": true, "ins": true, "cite": true, "q": true, "abbr": true,
	"tt": true, "var": true, "samp": true,
	"ac:link": true, "ac:plain-text-link-body": true,
	"ac:link-body": true, "ac:emoticon": true, "ac:image": true,
	"ac:inline-comment-marker": true, "ac:placeholder": true,
	"ac:parameter": true,
}

// inlineMacros lists macros that render inline.
var inlineMacros = map[string]bool{
	"status": true, "anchor": true, "jira": true,
}

func isInline(n *node) bool {
	switch {
	case n.isText(), inlineNames[n.name], prefix(n.name) == "ri":
		return true
	case n.name == "ac:structured-macro":
		m := &macro{n: n, name: n.attr("ac:name")}
		if m.name == "jira" {
			return m.param("key") != ""
		}
		return inlineMacros[m.name]
	}
	return false
}

// allInline reports whether every descendant of n is inline; an image
// with a caption is not.
func allInline(n *node) bool {
	for _, k := range n.kids {
		if !isInline(k) || k.name == "ac:caption" {
			return false
		}
		if k.name == "ac:image" && k.child("ac:caption") != nil {
			return false
		}
		if !allInline(k) {
			return false
		}
	}
	return true
}
