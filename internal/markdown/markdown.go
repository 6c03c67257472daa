package markdown

import "time"

// Version identifies the converter's output. Bump it whenever a change to
// the converter changes the Markdown it writes for the same input: the sync
// engine re-renders every page from its stored body when it changes.
const Version = "2"

// PageRef names a page the way storage format does. The converter always
// fills SpaceKey (with the converted page's space when the markup omits it).
type PageRef struct {
	ID       string // ri:content-id when the markup carries one
	SpaceKey string
	Title    string
}

// AttachmentRef names an attachment of a page.
type AttachmentRef struct {
	Page     PageRef // the owning page; always filled by the converter
	Filename string
}

// TreeNode is one entry of a generated page tree (children, pagetree).
type TreeNode struct {
	Title    string
	Href     string // relative link from the converted page; "" if none
	Children []TreeNode
}

// Resolver answers what the converter cannot know by itself. The sync
// engine supplies one per converted page; hrefs are relative to that
// page's file. A nil Resolver makes every link absolute.
type Resolver interface {
	// PageHref returns the link to a mirrored page; ok is false when the
	// mirror does not hold it.
	PageHref(ref PageRef) (href string, ok bool)
	// AttachmentHref returns the link to a mirrored attachment.
	AttachmentHref(ref AttachmentRef) (href string, ok bool)
	// UserName returns a user's display name, or "" when unknown.
	UserName(id string) string
	// Children returns the child pages of ref in position order, nested
	// depth levels deep (1 = direct children only, 0 = the whole subtree).
	// A ref with only a SpaceKey (no ID, no Title) names the space's home
	// page, as the pagetree macro's "@home" root does.
	Children(ref PageRef, depth int) []TreeNode
	// Include returns the storage body of a page for include and
	// excerpt-include; ok is false when it is not available.
	Include(ref PageRef) (body string, ok bool)
}

// Meta is what the front matter says about a page.
type Meta struct {
	ID       string
	Title    string
	SpaceKey string
	Version  int
	URL      string // absolute Confluence URL of the page
	ParentID string
	LastMod  time.Time
	Weight   int      // position among siblings; always written
	Labels   []string // become tags
}

// FrontMatter configures the YAML block at the top of every file.
type FrontMatter struct {
	// Disabled leaves the front matter out entirely.
	Disabled bool
	// Fields lists the top-level keys to write; nil means all of them:
	// title, confluence, lastmod, weight, tags, properties.
	Fields []string
	// Extra keys written as given after the others, sorted by key.
	Extra map[string]string
}

// Options are the settings a conversion depends on. The zero value is
// usable: links outside the mirror then stay relative to nothing.
type Options struct {
	// BaseURL is the Confluence base ("https://site/wiki") used to build
	// absolute links to things outside the mirror.
	BaseURL string
	// JiraURL is the Jira base for the jira macro when it names no server.
	JiraURL string
	// FrontMatter configures the YAML header.
	FrontMatter FrontMatter
}

// Deps lists what a converted page depends on, so the sync engine can
// re-render it when one of them moves or changes.
type Deps struct {
	Links       []PageRef       // pages linked to (sorted, deduplicated)
	Includes    []PageRef       // pages included or excerpt-included
	Trees       []PageRef       // pages whose children were listed
	Attachments []AttachmentRef // attachments linked or shown
}

// Property is one key/value pair of a page-properties (details) macro.
type Property struct {
	Key   string
	Value string // plain text
}

// Result is one converted page.
type Result struct {
	Markdown   []byte // front matter and body; ends with one newline
	Deps       Deps
	Properties []Property // in document order
}
