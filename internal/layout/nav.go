package layout

import (
	"bytes"
	"errors"
	"fmt"
	"strings"
	"unicode"

	"go.yaml.in/yaml/v3"
)

// Navigation file kinds accepted by Layout.Nav.
const (
	// NavNone generates no navigation files.
	NavNone = ""
	// NavMkDocs generates one MkDocs awesome-pages ".pages" file per
	// folder.
	NavMkDocs = "mkdocs"
	// NavSummary generates an mdBook "SUMMARY.md" at the space root.
	NavSummary = "summary"
)

// ErrUnknownNav means Layout.Nav was asked for a kind it does not know.
var ErrUnknownNav = errors.New("unknown navigation kind")

// Nav returns the navigation files of the given kind (NavNone or
// "none", NavMkDocs, NavSummary) by path relative to the space folder.
// Entries follow Confluence's page positions. The bytes depend only on
// the layout, so an unchanged space yields unchanged files.
func (l *Layout) Nav(kind string) (map[string][]byte, error) {
	switch kind {
	case NavNone, "none":
		return map[string][]byte{}, nil
	case NavMkDocs:
		return l.mkdocs()
	case NavSummary:
		return map[string][]byte{SummaryFile: l.summary()}, nil
	}
	return nil, fmt.Errorf("generate navigation %q: %w", kind, ErrUnknownNav)
}

// mkdocs writes a ".pages" file in the space folder and in every node's
// folder: the folder's own page first, then each child as
// `"Title": "folder"`. Files not listed (attachments) stay out of the
// navigation.
func (l *Layout) mkdocs() (map[string][]byte, error) {
	out := make(map[string][]byte, len(l.all)+1)
	root, err := l.pagesFile(l.home, l.top)
	if err != nil {
		return nil, err
	}
	out[PagesFile] = root
	for _, e := range l.all {
		if e == l.home {
			continue
		}
		b, err := l.pagesFile(e, e.children)
		if err != nil {
			return nil, err
		}
		out[join(e.dir(), PagesFile)] = b
	}
	return out, nil
}

// pagesFile renders one ".pages" file for the folder of page (nil for a
// space without a home page) holding children.
func (l *Layout) pagesFile(page *entry, children []*entry) ([]byte, error) {
	nav := &yaml.Node{Kind: yaml.SequenceNode}
	if page != nil && !page.node.Folder {
		nav.Content = append(nav.Content, quoted(l.opts.IndexName))
	}
	for _, c := range children {
		item := &yaml.Node{Kind: yaml.MappingNode}
		item.Content = []*yaml.Node{quoted(title(c)), quoted(c.name)}
		nav.Content = append(nav.Content, item)
	}
	if len(nav.Content) == 0 {
		nav.Style = yaml.FlowStyle
	}
	doc := &yaml.Node{Kind: yaml.MappingNode, Content: []*yaml.Node{
		{Kind: yaml.ScalarNode, Value: "nav"}, nav,
	}}

	var buf bytes.Buffer
	enc := yaml.NewEncoder(&buf)
	enc.SetIndent(2)
	err := enc.Encode(doc)
	if err == nil {
		err = enc.Close()
	}
	if err != nil {
		return nil, fmt.Errorf("encode %s: %w", PagesFile, err)
	}
	return buf.Bytes(), nil
}

func quoted(s string) *yaml.Node {
	return &yaml.Node{
		Kind:  yaml.ScalarNode,
		Style: yaml.DoubleQuotedStyle,
		Tag:   "!!str",
		Value: s,
	}
}

// summary renders an mdBook summary: the home page as a prefix chapter,
// then a nested list of every other node. A Cloud folder is a draft
// chapter (an empty link), as it has no page file.
func (l *Layout) summary() []byte {
	var b strings.Builder
	b.WriteString("# Summary\n\n")
	if l.home != nil {
		fmt.Fprintf(&b, "[%s](%s)\n\n", linkText(title(l.home)), l.summaryLink(l.home))
	}
	l.walk(func(e *entry, depth int) {
		if e == l.home {
			return
		}
		b.WriteString(strings.Repeat("  ", depth))
		fmt.Fprintf(&b, "- [%s](%s)\n", linkText(title(e)), l.summaryLink(e))
	})
	return []byte(b.String())
}

func (l *Layout) summaryLink(e *entry) string {
	if e.node.Folder {
		return ""
	}
	return Rel(SummaryFile, l.file(e))
}

// title is the node's title for navigation: valid UTF-8, one line, and
// never empty.
func title(e *entry) string {
	t := strings.ToValidUTF8(e.node.Title, "\uFFFD")
	t = strings.Join(strings.FieldsFunc(t, func(r rune) bool {
		return unicode.IsSpace(r) || unicode.IsControl(r)
	}), " ")
	switch {
	case t != "":
		return t
	case e.name != "":
		return e.name
	}
	return e.node.ID
}

// linkText escapes the characters that Markdown would read as markup
// inside a link's text.
func linkText(s string) string {
	var b strings.Builder
	for _, r := range s {
		if strings.ContainsRune("\\`*_[]<>&!#|~", r) {
			b.WriteByte('\\')
		}
		b.WriteRune(r)
	}
	return b.String()
}
