package confluencetest

import (
	"html"
	"regexp"
	"strings"
)

// Confluence keeps links by title working across a rename: when a page
// is renamed it rewrites the ri:content-title of every ri:page element
// that names the page, in every other page's storage body, without a
// new version of those pages. The fake does the same.

var (
	// pageRefTag matches an ri:page element's start tag.
	pageRefTag = regexp.MustCompile(`<ri:page\s[^>]*>`)
	// refAttr matches one attribute of it, quoted either way.
	refAttr = regexp.MustCompile(`(ri:[A-Za-z-]+)\s*=\s*(?:"([^"]*)"|'([^']*)')`)
)

// relinkRenamed rewrites references by title to a page of space that
// was called from, and is now called to, in every page but the renamed
// one. It runs under the store's lock.
func (st *store) relinkRenamed(renamed *page, from, to string) {
	if from == to {
		return
	}
	for _, p := range st.pages {
		if p == renamed || p.body == "" {
			continue
		}
		if !strings.Contains(p.body, "ri:page") {
			continue
		}
		p.body = relinkBody(p.body, p.space, renamed.space, from, to)
	}
}

// relinkBody rewrites the ri:page references of a body held by a page
// of space home that name the page titled from in space target.
func relinkBody(body, home, target, from, to string) string {
	return pageRefTag.ReplaceAllStringFunc(body, func(tag string) string {
		return relinkTag(tag, home, target, from, to)
	})
}

// relinkTag rewrites one ri:page start tag if it names the page; a
// reference without ri:space-key means the space of the page holding it.
func relinkTag(tag, home, target, from, to string) string {
	space, title := home, ""
	var at []int // where the title's value sits in tag
	for _, m := range refAttr.FindAllStringSubmatchIndex(tag, -1) {
		value := m[4:6]
		if value[0] < 0 {
			value = m[6:8]
		}
		text := html.UnescapeString(tag[value[0]:value[1]])
		switch tag[m[2]:m[3]] {
		case "ri:space-key":
			space = text
		case "ri:content-title":
			title, at = text, value
		}
	}
	if at == nil || space != target || title != from {
		return tag
	}
	return tag[:at[0]] + escapeAttr(to) + tag[at[1]:]
}

// escapeAttr escapes text for an attribute value in either quotes.
var escapeAttr = strings.NewReplacer(
	`&`, "&amp;", `<`, "&lt;", `>`, "&gt;",
	`"`, "&quot;", `'`, "&#39;",
).Replace
