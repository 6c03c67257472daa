package markdown

import (
	"cmp"
	"strings"

	"golang.org/x/net/html"
)

// alertKinds maps panel macros to GFM alert kinds. Confluence's "note"
// is its yellow caution panel and "warning" its red one.
var alertKinds = map[string]string{
	"info": "NOTE", "tip": "TIP", "note": "WARNING",
	"warning": "CAUTION", "panel": "NOTE",
}

// iconKinds picks the alert kind of a custom panel from its icon.
var iconKinds = map[string]string{
	":warning:": "WARNING", ":x:": "CAUTION", ":bug:": "CAUTION",
	":skull_crossbones:": "CAUTION", ":no_entry:": "CAUTION",
	":bulb:": "TIP", ":white_check_mark:": "TIP",
	":exclamation:": "IMPORTANT", ":heavy_exclamation_mark:": "IMPORTANT",
}

// adfPanelKinds maps the panel types of the new editor.
var adfPanelKinds = map[string]string{
	"info": "NOTE", "note": "NOTE", "success": "TIP", "tip": "TIP",
	"warning": "WARNING", "error": "CAUTION", "custom": "NOTE",
}

// alertMacro translates info, note, warning, tip and panel macros.
func (s *state) alertMacro(m *macro) []*html.Node {
	var kids []*html.Node
	if b := m.body(); b != nil {
		kids = s.convertKids(b)
	}
	kind := alertKinds[m.name]
	if k, ok := iconKinds[m.param("panelIcon")]; ok && m.name == "panel" {
		kind = k
	}
	a := alert(kind, m.param("title"), kids)
	if icon := m.param("panelIconText"); icon != "" {
		setAttr(a, "icon", icon)
	}
	return []*html.Node{a}
}

// alert builds a GFM alert of the given kind.
func alert(kind, title string, kids []*html.Node) *html.Node {
	a := elem(tagAlert, kids...)
	setAttr(a, "kind", cmp.Or(kind, "NOTE"))
	return setAttr(a, "title", title)
}

// expandMacro translates expand into a <details> block.
func (s *state) expandMacro(m *macro) []*html.Node {
	var kids []*html.Node
	if b := m.body(); b != nil {
		kids = s.convertKids(b)
	}
	title := cmp.Or(m.param("title"), "Click here to expand...")
	return []*html.Node{setAttr(elem(tagDetails, kids...), "summary", title)}
}

// statusMacro renders a status lozenge as bold text in brackets.
func (s *state) statusMacro(m *macro) []*html.Node {
	title := cmp.Or(m.param("title"), m.param("colour"), "status")
	return []*html.Node{raw("**[" + escapeInline(title) + "]**")}
}

// anchorMacro becomes an empty HTML anchor that links can reach.
func (s *state) anchorMacro(m *macro) []*html.Node {
	name := m.param("")
	if name == "" {
		return nil
	}
	return []*html.Node{anchorNode(name)}
}

// anchorNode is an empty HTML anchor with the given id.
func anchorNode(id string) *html.Node {
	return raw(`<a id="` + htmlAttr(id) + `"></a>`)
}

// adfExtension translates nodes of the new editor that storage format
// wraps: panels and decision lists are understood, anything else falls
// back to the markup Confluence stores for older readers.
func (s *state) adfExtension(n *node) []*html.Node {
	an := n.child("ac:adf-node")
	if an != nil {
		switch an.attr("type") {
		case "panel":
			return s.adfPanel(an)
		case "decision-list":
			return s.decisionList(an)
		}
	}
	if fb := n.child("ac:adf-fallback"); fb != nil {
		return s.convertKids(fb)
	}
	if an != nil {
		return s.unknown(an, "adf "+an.attr("type"))
	}
	return nil
}

// adfAttr returns the value of an <ac:adf-attribute key=...>.
func adfAttr(n *node, key string) string {
	for _, a := range n.children("ac:adf-attribute") {
		if a.attr("key") == key {
			return strings.TrimSpace(a.rawText())
		}
	}
	return ""
}

func (s *state) adfPanel(an *node) []*html.Node {
	var kids []*html.Node
	if c := an.child("ac:adf-content"); c != nil {
		kids = s.convertKids(c)
	}
	kind := adfPanelKinds[adfAttr(an, "panel-type")]
	return []*html.Node{alert(kind, "", kids)}
}

// decisionList renders decisions as a list marked decided or not.
func (s *state) decisionList(an *node) []*html.Node {
	ul := elem("ul")
	for _, item := range an.children("ac:adf-node") {
		mark := "❓ "
		if adfAttr(item, "state") == "DECIDED" {
			mark = "✅ "
		}
		var kids []*html.Node
		if c := item.child("ac:adf-content"); c != nil {
			kids = s.convertKids(c)
		}
		li := elem("li", raw(mark))
		appendKids(li, kids)
		ul.AppendChild(li)
	}
	return []*html.Node{ul}
}
