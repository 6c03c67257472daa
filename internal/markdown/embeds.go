package markdown

import (
	"cmp"
	"net/url"
	"strings"

	"golang.org/x/net/html"
)

// jiraMacro links to one issue, or to the search a JQL table shows.
func (s *state) jiraMacro(m *macro) []*html.Node {
	base := s.jiraBase(m)
	if key := m.param("key"); key != "" {
		if base == "" {
			return []*html.Node{textNode(key)}
		}
		href := base + "/browse/" + url.PathEscape(key)
		return []*html.Node{linkTo(href, nil, key)}
	}

	jql := m.param("jqlQuery")
	if jql == "" {
		return []*html.Node{comment("macro jira without issue or query")}
	}
	text := "Jira issues: " + jql
	if base == "" {
		return []*html.Node{block(textNode(text))}
	}
	href := base + "/issues/?jql=" + url.QueryEscape(jql)
	return []*html.Node{block(linkTo(href, nil, text))}
}

// jiraBase is the Jira URL from the macro's server when it names one
// by URL, else from the options; "" when neither is known.
func (s *state) jiraBase(m *macro) string {
	for _, p := range []string{"serverUrl", "server", "baseurl"} {
		v := m.param(p)
		if strings.HasPrefix(v, "https://") ||
			strings.HasPrefix(v, "http://") {
			return strings.TrimRight(v, "/")
		}
	}
	return strings.TrimRight(s.opts.JiraURL, "/")
}

// diagramMacro shows a draw.io or Gliffy diagram through the PNG
// rendering Confluence keeps as an attachment, linked to the source.
func (s *state) diagramMacro(m *macro) []*html.Node {
	name := cmp.Or(m.param("diagramName"), m.param("name"))
	if name == "" {
		return []*html.Node{comment("macro " + m.name + " without a diagram name")}
	}
	owner := s.page
	if id := m.param("pageId"); id != "" && id != s.page.ID {
		owner = PageRef{ID: id, SpaceKey: s.page.SpaceKey}
	}

	src := AttachmentRef{Page: owner, Filename: name}
	png := AttachmentRef{Page: owner, Filename: name + ".png"}
	s.deps.attachment(src)
	s.deps.attachment(png)

	alt := cmp.Or(m.param("diagramDisplayName"), name)
	img := imageNode(image{src: s.attachmentHref(png), alt: alt})
	href := s.attachmentHref(src)
	return []*html.Node{block(setAttr(elem("a", img), "href", href))}
}

// fileMacro links to the attachment a file viewer shows.
func (s *state) fileMacro(m *macro) []*html.Node {
	p := m.paramNode("name")
	if p == nil {
		p = m.paramNode("")
	}
	if p != nil {
		if ri := p.child("ri:attachment"); ri != nil {
			return []*html.Node{block(s.reference(ri, nil, "")...)}
		}
	}
	if u := cmp.Or(m.param("url"), m.param("")); u != "" {
		return []*html.Node{block(s.urlLink(u, nil)...)}
	}
	return s.unknownMacro(m)
}

// profileMacro mentions the user whose profile it shows.
func (s *state) profileMacro(m *macro) []*html.Node {
	if p := m.paramNode("user"); p != nil {
		if ri := p.child("ri:user"); ri != nil {
			return []*html.Node{block(textNode("@" + s.userName(ri)))}
		}
	}
	return s.unknownMacro(m)
}

// widgetMacro links to the page a widget embeds.
func (s *state) widgetMacro(m *macro) []*html.Node {
	if u := m.param("url"); u != "" {
		return []*html.Node{block(s.urlLink(u, nil)...)}
	}
	return s.unknownMacro(m)
}

// detailsMacro renders a page-properties table and records its
// key/value pairs for the front matter.
func (s *state) detailsMacro(m *macro) []*html.Node {
	b := m.body()
	if b == nil {
		return nil
	}
	if s.included == 0 {
		s.props = append(s.props, s.properties(b)...)
	}
	return []*html.Node{block(s.convertKids(b)...)}
}

// properties reads the key/value pairs of a page-properties table: a
// key cell followed by its value cell in each row, or, for a table
// whose first row holds only headers, keys above values.
func (s *state) properties(body *node) []Property {
	var out []Property
	walk(body, func(n *node) bool {
		if n.name != "table" {
			return true
		}
		out = append(out, s.tableProperties(n)...)
		return false
	})
	return out
}

func (s *state) tableProperties(t *node) []Property {
	rows := tableRows(t)
	if len(rows) >= 2 && allHeaders(rows[0]) && !hasHeader(rows[1]) {
		return s.pairs(rows[0], rows[1])
	}
	var out []Property
	for _, r := range rows {
		if len(r) >= 2 {
			out = append(out, s.pairs(r[:1], r[1:2])...)
		}
	}
	return out
}

// pairs zips key cells with value cells; empty keys are skipped.
func (s *state) pairs(keys, vals []*node) []Property {
	var out []Property
	for i, k := range keys {
		key := collapseSpace(s.plainText(k))
		if key == "" || i >= len(vals) {
			continue
		}
		val := collapseSpace(s.plainText(vals[i]))
		out = append(out, Property{Key: key, Value: val})
	}
	return out
}

func hasHeader(cells []*node) bool {
	for _, c := range cells {
		if c.name == "th" {
			return true
		}
	}
	return false
}

func allHeaders(cells []*node) bool {
	for _, c := range cells {
		if c.name != "th" {
			return false
		}
	}
	return true
}
