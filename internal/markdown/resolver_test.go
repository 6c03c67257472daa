package markdown

import (
	"net/url"
	"strings"
)

// sampleResolver is a mirror that holds every page of space DOC and
// every attachment on those pages, and knows two users.
type sampleResolver struct{}

func (sampleResolver) PageHref(ref PageRef) (string, bool) {
	if ref.SpaceKey != "DOC" || ref.Title == "" {
		return "", false
	}
	return "../" + url.PathEscape(ref.Title) + "/index.md", true
}

func (sampleResolver) AttachmentHref(ref AttachmentRef) (string, bool) {
	if ref.Page.SpaceKey != "DOC" {
		return "", false
	}
	return "attachments/" + url.PathEscape(ref.Filename), true
}

func (sampleResolver) UserName(id string) string {
	if strings.HasPrefix(id, "557058:") {
		return "Ada Lovelace"
	}
	return ""
}

func (sampleResolver) Children(ref PageRef, depth int) []TreeNode {
	kids := []TreeNode{
		{Title: "Child One", Href: "Child One/index.md"},
		{Title: "Child Two", Href: "Child Two/index.md"},
	}
	if depth != 1 {
		kids[0].Children = []TreeNode{{Title: "Grandchild", Href: "Child One/Grandchild/index.md"}}
	}
	return kids
}

func (sampleResolver) Include(ref PageRef) (string, bool) {
	if ref.Title != "Handoff Home" {
		return "", false
	}
	return `<p>Included <strong>home</strong> text.</p>` +
		`<ac:structured-macro ac:name="excerpt"><ac:rich-text-body>` +
		`<p>Home excerpt.</p></ac:rich-text-body></ac:structured-macro>`, true
}
