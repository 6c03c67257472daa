package markdown

import (
	"cmp"
	"net/url"
	"strings"

	"golang.org/x/net/html"
)

// link translates <ac:link>: a resource identifier, an optional anchor
// and an optional body.
func (s *state) link(n *node) []*html.Node {
	body := s.linkBody(n)
	anchor := strings.TrimSpace(n.attr("ac:anchor"))
	for _, k := range n.kids {
		if prefix(k.name) == "ri" {
			return s.reference(k, body, anchor)
		}
	}
	if anchor != "" {
		href := "#" + s.anchorID(anchor)
		return []*html.Node{linkTo(href, body, anchor)}
	}
	return body
}

// linkBody returns the converted body of a link, or nil.
func (s *state) linkBody(n *node) []*html.Node {
	if b := n.child("ac:link-body"); b != nil {
		return s.convertKids(b)
	}
	if b := n.child("ac:plain-text-link-body"); b != nil {
		return []*html.Node{textNode(plainSpaces(b.rawText()))}
	}
	return nil
}

// linkTo builds a link; a link with no visible body shows text.
func linkTo(href string, body []*html.Node, text string) *html.Node {
	if isBlank(body) {
		body = []*html.Node{textNode(text)}
	}
	return setAttr(elem("a", body...), "href", href)
}

// reference translates a resource identifier (ri:page, ri:user, ...),
// with the body and anchor of the link around it, if any.
func (s *state) reference(ri *node, body []*html.Node, anchor string) []*html.Node {
	switch ri.name {
	case "ri:page", "ri:blog-post", "ri:content-entity":
		return s.pageLink(ri, body, anchor)
	case "ri:attachment":
		a := s.attachmentRef(ri)
		s.deps.attachment(a)
		return []*html.Node{linkTo(s.attachmentHref(a), body, a.Filename)}
	case "ri:user":
		if !isBlank(body) {
			return body
		}
		return []*html.Node{textNode("@" + s.userName(ri))}
	case "ri:space":
		key := ri.attr("ri:space-key")
		href := s.base() + "/display/" + url.PathEscape(key)
		return []*html.Node{linkTo(href, body, key)}
	case "ri:url":
		return s.urlLink(ri.attr("ri:value"), body)
	case "ri:shortcut":
		return s.shortcut(ri, body)
	}
	return append([]*html.Node{comment(ri.name)}, body...)
}

// pageLink links to a page or blog post, or to an anchor on this page.
func (s *state) pageLink(ri *node, body []*html.Node, anchor string) []*html.Node {
	ref := s.pageRef(ri)
	text := ref.Title
	if text == "" {
		text = ref.ID
	}
	if anchor != "" && s.isCurrent(ref) {
		href := "#" + s.anchorID(anchor)
		return []*html.Node{linkTo(href, body, cmp.Or(text, anchor))}
	}

	s.deps.link(ref)
	href := s.pageHref(ref, ri.attr("ri:posting-day"))
	if anchor != "" {
		href += "#" + slug(anchor)
	}
	return []*html.Node{linkTo(href, body, cmp.Or(text, href))}
}

// urlLink links to a plain URL; an unusable one keeps only the body.
func (s *state) urlLink(href string, body []*html.Node) []*html.Node {
	href = strings.TrimSpace(href)
	if href == "" || isScript(href) {
		return body
	}
	return []*html.Node{linkTo(href, body, href)}
}

// shortcut renders a shortcut link (key@parameter) as its text.
func (s *state) shortcut(ri *node, body []*html.Node) []*html.Node {
	if !isBlank(body) {
		return body
	}
	p := ri.attr("ri:parameter")
	return []*html.Node{textNode(p + "@" + ri.attr("ri:key"))}
}

// pageRef reads a page reference; the space defaults to the space of
// the page being read.
func (s *state) pageRef(ri *node) PageRef {
	return PageRef{
		ID:       ri.attr("ri:content-id"),
		SpaceKey: cmp.Or(ri.attr("ri:space-key"), s.page.SpaceKey),
		Title:    ri.attr("ri:content-title"),
	}
}

// isCurrent reports whether ref names the page being read.
func (s *state) isCurrent(ref PageRef) bool {
	if ref.ID != "" {
		return ref.ID == s.page.ID
	}
	return ref.SpaceKey == s.page.SpaceKey &&
		(ref.Title == "" || ref.Title == s.page.Title)
}

// attachmentRef reads an attachment reference; its page defaults to
// the page being read.
func (s *state) attachmentRef(ri *node) AttachmentRef {
	owner := s.page
	for _, k := range ri.kids {
		if k.name == "ri:page" || k.name == "ri:blog-post" {
			owner = s.pageRef(k)
		}
	}
	return AttachmentRef{Page: owner, Filename: ri.attr("ri:filename")}
}

// pageHref is the link to a page: into the mirror when the resolver
// knows it, otherwise to Confluence.
func (s *state) pageHref(ref PageRef, postingDay string) string {
	if s.res != nil {
		if h, ok := s.res.PageHref(ref); ok && h != "" {
			return h
		}
	}
	return s.pageURL(ref, postingDay)
}

// pageURL is the absolute Confluence URL of a page.
func (s *state) pageURL(ref PageRef, postingDay string) string {
	space := s.base() + "/display/" + url.PathEscape(ref.SpaceKey)
	switch {
	case ref.Title == "" && ref.ID != "":
		return s.base() + "/pages/viewpage.action?pageId=" +
			url.QueryEscape(ref.ID)
	case ref.SpaceKey == "" && ref.Title != "":
		// No space is known (cfmirror render without --space): a
		// title search finds the page on any deployment.
		return s.base() + "/dosearchsite.action?queryString=" +
			url.QueryEscape(ref.Title)
	case ref.Title == "":
		return space
	case postingDay != "":
		return space + "/" + postingDay + "/" + url.QueryEscape(ref.Title)
	}
	return space + "/" + url.QueryEscape(ref.Title)
}

// attachmentHref is the link to an attachment: into the mirror when
// the resolver knows it, otherwise to Confluence.
func (s *state) attachmentHref(a AttachmentRef) string {
	if s.res != nil {
		if h, ok := s.res.AttachmentHref(a); ok && h != "" {
			return h
		}
	}
	if a.Page.ID != "" {
		return s.base() + "/download/attachments/" +
			url.PathEscape(a.Page.ID) + "/" + url.PathEscape(a.Filename)
	}
	return s.pageURL(a.Page, "")
}

// base is the Confluence base URL without a trailing slash.
func (s *state) base() string {
	return strings.TrimRight(s.opts.BaseURL, "/")
}

// userName is the display name of a user reference, or its id.
func (s *state) userName(ri *node) string {
	id := cmp.Or(ri.attr("ri:account-id"), ri.attr("ri:userkey"),
		ri.attr("ri:username"))
	if s.res != nil && id != "" {
		if name := s.res.UserName(id); name != "" {
			return name
		}
	}
	return cmp.Or(id, "unknown user")
}
